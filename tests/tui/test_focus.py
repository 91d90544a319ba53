"""After a delete, an undo or a reload, focus and cursor return to where the user was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import settle

SIZE = (100, 30)


async def open_analytics(app: CookieApp, pilot: object) -> SiteScreen:
    """The demo's Google Analytics category (6 cookies), entered with Enter."""
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    screen.categories.cursor = [g.id for g in screen.groups].index("analytics")
    await pilot.press("enter")  # type: ignore[attr-defined]
    assert screen.focused is screen.table
    return screen


async def test_after_x_y_the_nearest_cookie_is_highlighted_and_keys_work(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_analytics(app, pilot)
        before = [c.cookie.name for c in screen.table.items]
        assert len(before) >= 3
        await pilot.press("down")
        doomed = screen.table.item
        assert doomed is not None and screen.table.cursor == 1
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        assert screen.group is not None and screen.group.id == "analytics"
        assert screen.focused is screen.table
        assert screen.table.cursor == 1, "the nearest remaining cookie"
        assert screen.cookie is not None and screen.cookie.cookie != doomed.cookie
        await pilot.press("down")
        assert screen.table.cursor == 2 or screen.table.row_count == 2
        await pilot.press("escape")
        assert app.screen is screen and screen.focused is screen.categories

        await pilot.press("u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
        assert screen.group is not None and screen.group.id == "analytics"
        assert screen.focused is screen.categories
        assert [c.cookie.name for c in screen.table.items] == before


async def test_after_undo_from_the_table_the_table_keeps_focus(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_analytics(app, pilot)
        await pilot.press("x", "y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        await pilot.press("u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
        assert screen.focused is screen.table and screen.table.cursor == 0
        await pilot.press("down")
        assert screen.table.cursor == 1


async def test_r_keeps_the_category_and_the_cookie(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_analytics(app, pilot)
        await pilot.press("down")
        highlighted = screen.cookie
        await pilot.press("r")
        await settle(pilot)
        assert screen.group is not None and screen.group.id == "analytics"
        assert screen.cookie == highlighted and screen.focused is screen.table
        await pilot.press("escape", "r")
        await settle(pilot)
        assert screen.group.id == "analytics" and screen.focused is screen.categories
