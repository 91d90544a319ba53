"""How the screens look, at a fixed size, with fixed data, a fixed clock and no blinking.

Each `run_before` waits with `settle`, which polls until no worker runs and the sites
(with their findings) are drawn: a snapshot never races the background scan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from cookie_tui.tui.app import CookieApp

from .conftest import settle

SIZE = (100, 30)
SMALL = (80, 24)


class TestScreens:
    def test_sites(
        self,
        snap_compare: Callable[..., bool],
        chromium_cookies: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=chromium_cookies)
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)

    def test_site(
        self,
        snap_compare: Callable[..., bool],
        chromium_cookies: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=chromium_cookies, site="imind.com")
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)

    def test_site_at_80x24(
        self,
        snap_compare: Callable[..., bool],
        demo_cookies: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=demo_cookies, site="imind.com")
        assert snap_compare(app, terminal_size=SMALL, run_before=settle)

    def test_confirm_delete_category(
        self,
        snap_compare: Callable[..., bool],
        chromium_cookies: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=chromium_cookies, site="imind.com")

        async def open_modal(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("X")
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=open_modal)
