"""`X` in the categories screens: a class or category deleted from every site and store
shown in one step; kept cookies stay, a running browser's store is skipped and said, one
`u` puts every store back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.categories import CategoriesScreen, CategorySitesScreen
from cookie_tui.tui.screens.confirm_everywhere import ConfirmEverywhere

from .conftest import HomeStores, flat, keep_file, names, screen_text, settle, widget_text
from .test_flows import Notices

SIZE = (100, 34)


async def open_categories(app: CookieApp, pilot: object, title: str) -> CategoriesScreen:
    """The categories screen with the row `title` highlighted."""
    await pilot.press("g")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, CategoriesScreen)
    screen.table.cursor = [row.title for row in screen.table.rows].index(title)
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def test_a_class_goes_from_every_store_but_the_kept_cookies_and_the_running_browser(
    home_stores: HomeStores, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_file("keep:\n  - {name: _gid}\n")
    home_stores.chromium_runs()
    firefox, chromium = names(home_stores.firefox), names(home_stores.chromium_cookies)
    app = make_app()
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_categories(app, pilot, "Analytics")
        await pilot.press("X")
        await settle(pilot, until=lambda: isinstance(app.screen, ConfirmEverywhere))
        said = widget_text(app, "#everywhere-dialog")
        assert "Delete Analytics from 1 site?" in said
        assert "firefox/default-release: 1 cookie on 1 site" in said
        assert "2 cookies stay, kept by your keep list: name _gid (2)" in said
        assert "Skipped chromium/Person 1: 1 cookie on 1 site. chromium is running" in said
        assert "the app never forces" in said

        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        assert names(home_stores.firefox) == firefox - {(".imind.com", "_ga")}
        assert names(home_stores.chromium_cookies) == chromium, "the running browser's store"
        infos, warnings = notices.of("information"), notices.of("warning")
        assert "Deleted 1 cookie (Analytics on 1 site) from 1 store. Press u to undo." in infos
        assert any(w.startswith("Skipped chromium/Person 1") for w in warnings)

        await pilot.press("u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
        assert names(home_stores.firefox) == firefox
        assert "Put back 1 cookie (Analytics on 1 site)." in notices.of("information")


async def test_a_necessary_class_says_what_breaks_and_enter_cancels(
    home_stores: HomeStores, make_app: Callable[..., CookieApp]
) -> None:
    before = names(home_stores.firefox)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_categories(app, pilot, "Necessary")
        await pilot.press("X")
        await settle(pilot, until=lambda: isinstance(app.screen, ConfirmEverywhere))
        said = widget_text(app, "#everywhere-dialog")
        assert "Necessary cookies. Deleting them:" in said
        assert "an order in progress is lost" in said
        await pilot.press("enter")  # the highlighted button: Cancel
        await settle(pilot)
        assert isinstance(app.screen, CategoriesScreen)
        assert names(home_stores.firefox) == before
        assert app.jobs.undoable == 0


async def test_picked_sites_only(demo_cookies: Path, make_app: Callable[..., CookieApp]) -> None:
    before = names(demo_cookies)
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_categories(app, pilot, "Marketing")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CategorySitesScreen)
        screen.table.cursor = [c.site for c in screen.table.counts].index("twitter.com")
        await pilot.press("space")
        assert "1 picked: X deletes from those only" in flat(screen_text(app))
        await pilot.press("X")
        await settle(pilot, until=lambda: isinstance(app.screen, ConfirmEverywhere))
        assert "Delete Marketing from 1 site?" in widget_text(app, "#everywhere-dialog")
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        gone = {(".twitter.com", "guest_id"), (".twitter.com", "personalization_id")}
        assert names(demo_cookies) == before - gone
        assert "twitter.com" not in [c.site for c in screen.table.counts]


async def test_an_unreadable_keep_list_deletes_nothing(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = keep_file("keep:\n  - {site: vk.com, colour: red}\n")
    before = names(demo_cookies)
    app = make_app(store=demo_cookies)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_categories(app, pilot, "Marketing")
        await pilot.press("X")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmEverywhere)
        refusals = [m for m in notices.of("error") if m.startswith("Nothing is deleted while")]
        assert len(refusals) == 1 and f"{path}:2:" in refusals[0], notices.seen
        assert names(demo_cookies) == before
