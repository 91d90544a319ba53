"""A category delete takes the site's own cookies; other sites' own cookies only when the
user switches them on in the confirmation (issue 11, the app's side)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Button, Checkbox

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import screen_text, settle, widget_text
from .test_flows import rows

SIZE = (100, 34)


async def confirm_category(app: CookieApp, pilot: object, category: str) -> ConfirmDelete:
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    screen.categories.cursor = [g.id for g in screen.groups].index(category)
    await pilot.press("X")  # type: ignore[attr-defined]
    dialog = app.screen
    assert isinstance(dialog, ConfirmDelete)
    return dialog


def gone(before: dict[tuple[str, str, str], object], cookie_file: Path) -> set[tuple[str, str]]:
    return {(host, name) for host, name, _path in set(before) - set(rows(cookie_file))}


async def test_shared_cookies_are_listed_apart_and_stay_unless_switched_on(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    before = rows(demo_cookies)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await confirm_category(app, pilot, "social")
        text = widget_text(app, "#confirm-dialog")
        assert "Delete category Social media buttons?" in text
        assert "1 cookie of imind.com goes: _fbp on .imind.com" in text
        assert "Also 2 facebook.com cookies that facebook.com itself uses" in text
        assert "deleting them signs you out there" in text
        assert all(not box.value for box in dialog.query(Checkbox))
        assert "Delete category: 1 cookie (y)" in text
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
    assert gone(before, demo_cookies) == {(".imind.com", "_fbp")}


async def test_a_switched_on_site_goes_with_the_category_and_no_other(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    before = rows(demo_cookies)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await confirm_category(app, pilot, "social")
        facebook = next(box for box in dialog.query(Checkbox) if box.name == "facebook.com")
        await pilot.click(facebook)
        assert facebook.value
        assert "Delete category: 3 cookies (y)" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
    assert gone(before, demo_cookies) == {
        (".imind.com", "_fbp"),
        (".facebook.com", "datr"),
        (".facebook.com", "fr"),
    }


async def test_cancel_is_the_default_for_a_necessary_category(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    before = rows(demo_cookies)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await confirm_category(app, pilot, "login")
        assert dialog.focused is dialog.query_one("#cancel", Button)
        text = widget_text(app, "#confirm-dialog")
        assert "Necessary cookies. Deleting them: you will be signed out of iMind" in text
        assert "Delete category: 3 cookies (y)" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SiteScreen)
    assert rows(demo_cookies) == before


async def test_the_confirmation_says_which_cookies_are_third_party_and_from_whom(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await confirm_category(app, pilot, "undeclared")
        text = widget_text(app, "#confirm-dialog")
        assert "widget_uid on embed.partner-widget.com" in text
        assert "1 of them is third-party, set by partner-widget.com (1)" in text


async def test_x_on_a_shared_cookie_says_whose_it_is(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    before = rows(demo_cookies)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        screen.categories.cursor = [g.id for g in screen.groups].index("social")
        await pilot.pause()
        names = [(c.cookie.host, c.cookie.name) for c in screen.table.items]
        screen.table.cursor = names.index((".facebook.com", "datr"))
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDelete)
        text = widget_text(app, "#confirm-dialog")
        assert "Delete cookie datr?" in text
        assert "This is facebook.com's own cookie, which facebook.com itself uses" in text
        assert "signs you out of facebook.com" in text
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
    assert gone(before, demo_cookies) == {(".facebook.com", "datr")}
