"""Counting the sites' audit findings waits while another screen is on top, so opening a
site does not share the one core Python gives threads with it, and goes on when the user
is back on the sites list."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from cookie_tui.records import Store
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens import sites as sites_module
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.sites import SitesScreen

from .conftest import settle

SIZE = (100, 30)


async def test_findings_wait_while_a_site_is_open_and_go_on_after(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[str] = []
    real = sites_module.findings_of

    def slow(
        stores: list[Store], site: str, policy: Path | None, now: Callable[[], datetime]
    ) -> int | None:
        time.sleep(0.15)
        counted.append(site)
        return real(stores, site, policy, now)

    monkeypatch.setattr(sites_module, "findings_of", slow)
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        sites = app.screen
        assert isinstance(sites, SitesScreen)
        while not counted:  # the census is in and counting has begun
            await pilot.pause(0.02)
        await pilot.press("enter")
        while not isinstance(app.screen, SiteScreen):
            await pilot.pause(0.02)
        at_open = len(counted)
        await asyncio.sleep(0.6)  # four sites' worth
        assert len(counted) <= at_open + 1  # at most the one under way when it opened
        assert any(row.findings is None for row in sites.table.rows)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is sites
        assert len(counted) > at_open + 1
        assert all(row.findings is not None for row in sites.table.rows if row.covered)


async def test_a_census_that_ends_under_an_open_site_leaves_the_counting_for_later(
    demo_cookies: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
    census_held: threading.Event,
) -> None:
    """The census's end asks for findings; with a site open (Textual calls the screen just
    under the top one "current") the count must still wait for the sites list."""
    counted: list[str] = []
    real = sites_module.findings_of

    def counting(
        stores: list[Store], site: str, policy: Path | None, now: Callable[[], datetime]
    ) -> int | None:
        counted.append(site)
        return real(stores, site, policy, now)

    monkeypatch.setattr(sites_module, "findings_of", counting)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, SiteScreen) or app.screen.view is None:
            await pilot.pause(0.02)
        census_held.set()
        sites = app.sites_screen
        while sites.census is None:
            await pilot.pause(0.02)
        await settle(pilot)
        assert isinstance(app.screen, SiteScreen)
        assert counted == []
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is sites
        assert all(row.findings is not None for row in sites.table.rows if row.covered)
