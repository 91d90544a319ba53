"""How the screens look, at 80x24 and 120x40, with fixed data, a fixed clock and no blinking.

Each `run_before` waits with `settle`, which polls until no worker runs and the sites
(with their findings) are drawn: a snapshot never races the background scan.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.categories import CategoriesScreen
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import HomeStores, keep_file, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def pressing(*keys: str, category: str | None = None) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Settle, highlight `category` (by id), then press `keys`."""

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        if category is not None:
            assert isinstance(screen, SiteScreen)
            screen.categories.cursor = [g.id for g in screen.groups].index(category)
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestScreens:
    def test_sites(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies)
        assert snap_compare(app, terminal_size=size, run_before=pressing())

    def test_site(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        assert snap_compare(app, terminal_size=size, run_before=pressing())

    def test_help(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        assert snap_compare(app, terminal_size=size, run_before=pressing("question_mark"))

    def test_audit(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        assert snap_compare(app, terminal_size=size, run_before=pressing("a"))

    def test_policy_picker(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        assert snap_compare(app, terminal_size=size, run_before=pressing("p"))


@pytest.mark.parametrize("size", SIZES)
class TestConfirmDelete:
    def test_necessary_category(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        run_before = pressing("X", category="login")
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_third_party_heavy_category(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        run_before = pressing("X", category="social")
        assert snap_compare(app, terminal_size=size, run_before=run_before)


def on_category(title: str, *keys: str) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Settle, open the categories screen (g), highlight `title`, then press `keys`."""

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CategoriesScreen)
        screen.table.cursor = [row.title for row in screen.table.rows].index(title)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestCategories:
    def test_categories(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies)
        assert snap_compare(app, terminal_size=size, run_before=on_category("Marketing"))

    def test_sites_of_a_class(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies)
        run_before = on_category("Marketing", "enter", "down", "space")
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_delete_everywhere_with_a_skipped_store_and_kept_cookies(
        self,
        snap_compare: Callable[..., bool],
        home_stores: HomeStores,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        """Firefox is cleaned, Chromium runs and is skipped, the keep list keeps `_gid`."""
        keep_file("keep:\n  - {name: _gid}\n")
        home_stores.chromium_runs()
        app = make_app()
        run_before = on_category("Analytics", "X")
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_delete_a_necessary_class_everywhere(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies)
        assert snap_compare(app, terminal_size=size, run_before=on_category("Necessary", "X"))


@pytest.mark.parametrize("size", SIZES)
class TestFindAndMove:
    def test_find(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies)
        assert snap_compare(app, terminal_size=size, run_before=pressing("f", *"_ga"))

    def test_move_dialog(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
        size: tuple[int, int],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        run_before = pressing("tab", "m", category="undeclared")
        assert snap_compare(app, terminal_size=size, run_before=run_before)
