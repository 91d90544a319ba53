"""How the screens look, at a fixed size, with fixed data and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.widgets.sites_table import SitesTable

SIZE = (100, 30)


async def loaded(pilot: Pilot) -> None:
    """Workers start workers (scan, then findings): wait until none is left."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


class TestScreens:
    def test_sites(
        self,
        snap_compare: Callable[..., bool],
        chromium_dir: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=chromium_dir / "Default" / "Cookies")

        async def audited(pilot: Pilot) -> None:
            """The findings column fills in from its own worker, after the scan."""
            await loaded(pilot)
            table = pilot.app.screen.query_one(SitesTable)
            for _ in range(100):
                if table.highlighted and table.highlighted.findings is not None:
                    break
                await pilot.pause(0.05)

        assert snap_compare(app, terminal_size=SIZE, run_before=audited)

    def test_site(
        self,
        snap_compare: Callable[..., bool],
        chromium_dir: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=chromium_dir / "Default" / "Cookies", site="imind.com")
        assert snap_compare(app, terminal_size=SIZE, run_before=loaded)

    def test_confirm_delete_category(
        self,
        snap_compare: Callable[..., bool],
        chromium_dir: Path,
        make_app: Callable[..., CookieApp],
    ) -> None:
        app = make_app(store=chromium_dir / "Default" / "Cookies", site="imind.com")

        async def open_modal(pilot: Pilot) -> None:
            await loaded(pilot)
            await pilot.press("X")
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=open_modal)
