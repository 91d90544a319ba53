"""Every key that `?` lists does something when pressed, on every screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.keys import Key
from cookie_tui.tui.screens.categories import CategoriesScreen, CategorySitesScreen
from cookie_tui.tui.screens.find import FindScreen
from cookie_tui.tui.screens.help import HelpScreen
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.widgets.row_list import RowList

from .conftest import HomeStores, flat, screen_text, settle
from .test_flows import Notices

SIZE = (100, 30)


async def listed_keys(app: CookieApp, pilot: Pilot[object]) -> list[Key]:
    """The keys `?` shows as available now, each checked to be on the help screen."""
    await pilot.press("question_mark")
    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    shown = flat(screen_text(app))
    keys = [key for key in help_screen.keys if key.enabled]
    for key in keys:
        assert key.description in shown, key
    await pilot.press("escape")
    return keys


def state(app: CookieApp, notices: Notices) -> tuple[object, ...]:
    """What a key can change: screens, focus, cursors, scrolling, text, notices, running."""
    screen = app.screen
    lists = tuple((w.id, w.cursor, round(w.scroll_y)) for w in screen.query(RowList))
    return (
        tuple(type(s).__name__ for s in app.screen_stack),
        getattr(screen.focused, "id", None),
        lists,
        screen_text(app),
        len(notices.seen),
        app.is_running,
    )


async def each_key_changes_something(
    app: CookieApp,
    pilot: Pilot[object],
    notices: Notices,
    reset: Callable[[], object],
) -> list[str]:
    """Press every name of every listed key from the same starting point; `q` last."""
    await reset()  # type: ignore[misc]
    names = [name for key in await listed_keys(app, pilot) for name in key.names]
    assert "q" in names and "question_mark" in names
    pressed = []
    for name in sorted(names, key=lambda n: n == "q"):
        await reset()  # type: ignore[misc]
        before = state(app, notices)
        await pilot.press(name)
        await settle(pilot) if name != "q" else await pilot.pause()
        assert state(app, notices) != before, f"{name} changed nothing"
        pressed.append(name)
    assert not app.is_running
    return pressed


async def test_every_key_of_the_sites_screen_does_something(
    home_stores: HomeStores, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium and Firefox in HOME, so `b` has something to choose from."""
    app = make_app()
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.sites_screen

        async def reset() -> None:
            while app.screen is not sites:
                await app.pop_screen()
            sites.table.focus()
            sites.table.cursor = 2
            await settle(pilot)

        pressed = await each_key_changes_something(app, pilot, notices, reset)
    assert {"enter", "s", "slash", "b", "k", "g", "home", "end", "pagedown"} <= set(pressed)


@pytest.mark.parametrize("where", ["categories", "cookies"])
async def test_every_key_of_the_site_screen_does_something(
    demo_cookies: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    where: str,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no clipboard tool: `c` says so
    app = make_app(store=demo_cookies, site="imind.com")
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.sites_screen

        async def reset() -> None:
            while not isinstance(app.screen, SiteScreen) and app.screen is not sites:
                await app.pop_screen()
            if app.screen is sites:  # `esc` went back to the sites: open the site again
                app.open_site("imind.com")
                await settle(pilot)
            site = app.screen
            assert isinstance(site, SiteScreen)
            social = [g.id for g in site.groups].index("social")
            site.categories.cursor = social
            await pilot.pause()
            site.table.cursor = 1
            (site.table if where == "cookies" else site.categories).focus()
            await settle(pilot)

        pressed = await each_key_changes_something(app, pilot, notices, reset)
    expected = {"v", "c", "x", "X", "N", "u", "k", "m", "a", "p", "e", "r", "escape", "up", "end"}
    assert expected <= set(pressed)


@pytest.mark.parametrize("level", ["categories", "sites of one"])
async def test_every_key_of_the_categories_screens_does_something(
    demo_cookies: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
    level: str,
) -> None:
    app = make_app(store=demo_cookies)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.sites_screen

        async def reset() -> None:
            while app.screen is not sites:
                await app.pop_screen()
            await pilot.press("g")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CategoriesScreen)
            screen.table.cursor = [row.title for row in screen.table.rows].index("Marketing")
            if level == "sites of one":
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, CategorySitesScreen)
                app.screen.table.cursor = 1
            await settle(pilot)

        pressed = await each_key_changes_something(app, pilot, notices, reset)
    expected = {"enter", "X", "u", "escape", "end"} | (
        {"space"} if level != "categories" else set()
    )
    assert expected <= set(pressed)


async def test_every_key_of_the_find_screen_does_something(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=demo_cookies)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.sites_screen

        async def reset() -> None:
            while app.screen is not sites:
                await app.pop_screen()
            await pilot.press("f", *"_")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FindScreen)
            screen.results.focus()
            screen.results.cursor = 1
            await settle(pilot)

        pressed = await each_key_changes_something(app, pilot, notices, reset)
    assert {"enter", "escape", "up", "end"} <= set(pressed)
