"""Find a cookie by name across every site and store, from a key or the palette; Enter opens
its site with the cookie highlighted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual.command import CommandList, CommandPalette

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.find import FindScreen
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import HomeStores, settle, widget_text

SIZE = (100, 30)


async def test_typing_a_name_lists_every_matching_cookie_with_site_category_and_store(
    home_stores: HomeStores, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", *"_g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FindScreen)
        found = [
            (f.site, f.category, f.cookie.name, f.cookie.store.label) for f in screen.results.found
        ]
        assert found == [
            ("imind.com", "Google Analytics", "_ga", "chromium/Person 1"),
            ("imind.com", "Google Analytics", "_ga", "firefox/default-release"),
            ("imind.com", "Google Analytics", "_gid", "chromium/Person 1"),
            ("imind.com", "Google Analytics", "_gid", "firefox/default-release"),
        ]
        assert "4 cookies on 1 site whose name holds _g · 2 stores" in widget_text(
            app, "#find-status"
        )
        painted = widget_text(app, "#find-results")
        assert "imind.com Google Analyti… _gid .imind.com firefox/default-r…" in painted

        await pilot.press(*"*", "backspace", "backspace", "backspace")
        await pilot.press(*"r*")  # a glob: the whole name, case kept
        await settle(pilot)
        names = {f.cookie.name for f in screen.results.found}
        assert names == {"remember_me", "remixlang"}
        assert "matching the glob r*" in widget_text(app, "#find-status")


async def test_enter_opens_the_site_with_the_cookie_highlighted(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", *"widget")
        await settle(pilot)
        await pilot.press("enter")  # to the results
        screen = app.screen
        assert isinstance(screen, FindScreen) and screen.results.has_focus
        await pilot.press("enter")
        await settle(pilot)
        site = app.screen
        assert isinstance(site, SiteScreen) and site.site == "imind.com"
        assert site.group is not None and site.group.id == "undeclared"
        assert site.cookie is not None and site.cookie.cookie.name == "widget_uid"
        assert site.table.has_focus
        await pilot.press("escape", "escape")
        assert app.screen is screen


async def test_the_palette_finds_too_and_typing_waits_for_no_census(
    demo_cookies: Path, make_app: Callable[..., CookieApp], census_held: threading.Event
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("ctrl+p", *"find coo")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)

        def best() -> str:
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        for _ in range(100):  # the palette searches in the background, best hits first
            if best().startswith("Find cookies by name"):
                break
            await pilot.pause(0.02)
        assert best().startswith("Find cookies by name"), best()
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, FindScreen)
        await pilot.press(*"_fb")
        assert screen.query_one("#find-pattern").value == "_fb"  # type: ignore[attr-defined]
        assert "The search starts when it is done." in widget_text(app, "#find-status")
        census_held.set()
        await settle(pilot)
        assert [f.cookie.name for f in screen.results.found] == ["_fbc", "_fbp"]


async def test_the_palette_runs_a_lists_action_on_the_list(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    """`Sort` is the sites list's key, not the screen's: the palette runs it there."""
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.sites_screen.table
        assert table.sort_key == "cookies"
        await pilot.press("ctrl+p", *"sort by")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)
        await settle(pilot, until=lambda: hits.option_count > 0)
        await pilot.press("enter")
        await settle(pilot)
        assert table.sort_key == "site"
