"""`k` keeps a site or a cookie: a mark on it, confirmations that count it and leave it,
`x` that asks again before deleting a kept cookie; an unreadable keep list deletes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import keep_file, names, settle, widget_text
from .test_flows import Notices

SIZE = (100, 40)


def keep_yaml() -> str:
    return (Path(os.environ["XDG_CONFIG_HOME"]) / "cookie-tui" / "keep.yaml").read_text()


async def select(pilot: object, screen: SiteScreen, category: str, cookie: str = "") -> None:
    screen.categories.cursor = [g.id for g in screen.groups].index(category)
    await pilot.pause()  # type: ignore[attr-defined]
    if cookie:
        screen.table.cursor = [i.cookie.name for i in screen.table.items].index(cookie)
        await pilot.pause()  # type: ignore[attr-defined]


async def test_k_marks_a_site_and_protects_it_from_a_category_delete(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    before = names(chromium_cookies)
    app = make_app(store=chromium_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.sites_screen
        sites.table.cursor = [r.site for r in sites.table.shown_rows].index("imind.com")
        await pilot.press("k")
        await settle(pilot, until=lambda: "imind.com" in sites.table.kept)
        assert "⚑ imind.com" in widget_text(app, "#sites")
        assert "⚑ kept (keep list)" in widget_text(app, "#sites-status")
        assert "- {site: imind.com}" in keep_yaml()

        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        await select(pilot, screen, "analytics")
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDelete)
        said = widget_text(app, "#confirm-dialog")
        assert "Nothing goes: your keep list keeps every cookie of category Google" in said
        assert "2 cookies stay, kept by your keep list: site imind.com, keep.yaml line" in said
        await pilot.press("y")  # nothing to delete: y does nothing, esc closes
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert names(chromium_cookies) == before

        await pilot.press("k")  # on the sites list again: stop keeping it
        await settle(pilot, until=lambda: "imind.com" not in sites.table.kept)
        assert "{site: imind.com}" not in keep_yaml()


async def test_a_kept_cookie_stays_in_its_category_delete_and_x_asks_again(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        await select(pilot, screen, "analytics", "_gid")
        await pilot.press("k")
        await settle(pilot, until=lambda: bool(screen.table.kept))
        assert "- {host: imind.com, name: _gid}" in keep_yaml()
        assert "⚑ _gid" in widget_text(app, "#cookies")
        assert "kept ⚑ by your keep list (host imind.com, name _gid" in widget_text(
            app, "#explanation"
        )
        assert any(m.startswith("Keeping _gid on imind.com") for m in notices.of("information"))

        await pilot.press("X")
        said = widget_text(app, "#confirm-dialog")
        assert "1 cookie of imind.com goes: _ga on .imind.com" in said
        assert "1 cookie stays, kept by your keep list: host imind.com, name _gid" in said
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        left = names(chromium_cookies)
        assert (".imind.com", "_gid") in left and (".imind.com", "_ga") not in left
        said_after = notices.of("information")[-1]
        assert said_after.startswith("Deleted 1 cookie (Google Analytics of imind.com).")
        assert "1 cookie stayed, kept by your keep list." in said_after

        await select(pilot, screen, "analytics", "_gid")
        await pilot.press("x")
        said = widget_text(app, "#confirm-dialog")
        assert "Delete kept cookie _gid?" in said
        assert "This cookie is on your keep list (host imind.com, name _gid" in said
        await pilot.press("enter")  # Cancel is the highlighted button
        await settle(pilot)
        assert (".imind.com", "_gid") in names(chromium_cookies)

        await pilot.press("x", "y")  # asked, answered: deleted, explicitly
        await settle(pilot, until=lambda: app.jobs.undoable == 2)
        assert (".imind.com", "_gid") not in names(chromium_cookies)
        assert "{host: imind.com, name: _gid}" in keep_yaml(), "it stays on the list"


async def test_an_unreadable_keep_list_refuses_every_delete_with_its_line(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = keep_file("keep:\n  - {site: imind.com}\n  - {name: [oops}\n")
    before = names(demo_cookies)
    app = make_app(store=demo_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        errors = notices.of("error")
        assert errors and f"{path}:3" in errors[0]
        assert "nothing is deleted until it is fixed" in errors[0]
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        assert "keep list unreadable: nothing can be deleted" in widget_text(app, "#site-status")
        await select(pilot, screen, "analytics", "_ga")
        for key in ("x", "X", "N"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, f"{key} asked to delete"
        refusals = [m for m in notices.of("error") if m.startswith("Nothing is deleted")]
        assert len(refusals) == 3 and all(f"{path}:3" in m for m in refusals)
        await pilot.press("k")
        await settle(pilot)
        assert notices.of("warning")[-1].startswith("The keep list cannot be changed")
    assert names(demo_cookies) == before
    assert path.read_text().endswith("[oops}\n"), "the user's file is left as it was"
