"""Counting the sites' audit findings waits while another screen is on top, so opening a
site does not share the one core Python gives threads with it, and goes on when the user
is back on the sites list."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from holders import HeldQueries
from textual.pilot import Pilot
from textual.worker import NoActiveWorker, get_current_worker

from cookie_tui.errors import ReadStopped
from cookie_tui.records import Store
from cookie_tui.stores import chromium
from cookie_tui.tui import app as app_module
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens import site as site_module
from cookie_tui.tui.screens import sites as sites_module
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.sites import SitesScreen

from .conftest import settle
from .test_flows import Notices

SIZE = (100, 30)


def slow_findings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each site's findings take 0.15 s to count; the sites counted, in order."""
    counted: list[str] = []
    real = sites_module.findings_of

    def slow(
        stores: list[Store], site: str, policy: Path | None, now: Callable[[], datetime]
    ) -> int | None:
        time.sleep(0.15)
        counted.append(site)
        return real(stores, site, policy, now)

    monkeypatch.setattr(sites_module, "findings_of", slow)
    return counted


@asynccontextmanager
async def counting_with_a_read_held(
    app: CookieApp, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Pilot[None], SitesScreen, list[str], threading.Event]]:
    """The sites list counting findings (`slow_findings`); a site opened from it is read
    once the event is set, and its screen is not pushed before."""
    counted = slow_findings(monkeypatch)
    monkeypatch.setattr(app_module, "SHOW_READING_AFTER_S", 30.0)
    go = threading.Event()
    read = site_module.load_site_view

    def held(*args: Any, **kwargs: Any) -> Any:
        go.wait(20)
        return read(*args, **kwargs)

    monkeypatch.setattr(site_module, "load_site_view", held)
    async with app.run_test(size=SIZE) as pilot:
        sites = app.screen
        assert isinstance(sites, SitesScreen)
        while not counted:
            await pilot.pause(0.02)
        yield pilot, sites, counted, go


async def test_findings_wait_while_a_site_is_open_and_go_on_after(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = slow_findings(monkeypatch)
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


async def test_findings_wait_from_enter_while_the_site_is_read_before_its_screen(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's screen comes once its first read is in; that read must not share the
    core with the count meanwhile, even as the highlight moves on the sites list."""
    app = make_app(store=demo_cookies)
    async with counting_with_a_read_held(app, monkeypatch) as (pilot, sites, counted, go):
        await pilot.press("enter")
        at_open = len(counted)
        await pilot.press("down", "up")
        await asyncio.sleep(0.6)  # four sites' worth
        assert app.screen is sites  # still reading the site
        assert len(counted) <= at_open + 1  # at most the one under way at Enter
        go.set()
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is sites
        assert all(row.findings is not None for row in sites.table.rows if row.covered)


async def test_findings_go_on_when_the_site_being_read_is_called_off(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc before the site's screen came: the list never left the top, and its count,
    held from Enter, goes on all the same."""
    app = make_app(store=demo_cookies)
    async with counting_with_a_read_held(app, monkeypatch) as (pilot, sites, _, go):
        await pilot.press("enter", "escape")
        go.set()
        await settle(pilot)
        assert app.screen is sites
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


def held_reads(monkeypatch: pytest.MonkeyPatch, group: str) -> HeldQueries:
    """Every Chromium query of the workers of `group` held until released: a worker
    replaced meanwhile (new rows in view) must not count for the test either."""

    def in_group() -> bool:
        try:
            return get_current_worker().group == group
        except NoActiveWorker:
            return False

    return HeldQueries(monkeypatch, chromium, in_group)


async def test_opening_a_site_stops_the_findings_read_in_flight(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings worker's read of the store is held inside SQLite; Enter opens a site
    meanwhile. The read must end there (not finish its site for nobody), count nothing for
    that site and report no error; back on the sites list the site is counted."""
    read = held_reads(monkeypatch, "findings")
    held_site: list[str] = []
    counting = sites_module.findings_of

    def noting(
        stores: list[Store], site: str, policy: Path | None, now: Callable[[], datetime]
    ) -> int | None:
        if not read.started.is_set():
            held_site[:] = [site]
        return counting(stores, site, policy, now)

    monkeypatch.setattr(sites_module, "findings_of", noting)
    app = make_app(store=demo_cookies)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        sites = app.screen
        assert isinstance(sites, SitesScreen)
        while not read.started.is_set():
            await pilot.pause(0.02)
        await pilot.press("enter")
        while not isinstance(app.screen, SiteScreen):
            await pilot.pause(0.02)
        read.release.set()
        await settle(pilot, until=lambda: app.screen.view is not None)  # type: ignore[attr-defined]
        row = next(r for r in sites.table.rows if r.site == held_site[0])
        assert row.findings is None  # its read stopped: nothing counted for nobody
        assert notices.of("error") == [] and notices.of("warning") == []
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is sites and row.findings is not None


async def test_quitting_stops_the_census_read_in_flight(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` while the census reads every cookie: Textual waits for its workers to end, so
    the read must stop rather than run to its end (about a second at 100,000 cookies)."""
    read = held_reads(monkeypatch, "census")
    outcome: list[object] = []
    real = sites_module.take_census

    def noting(*args: Any) -> object:
        try:
            outcome.append(real(*args))
        except Exception as exc:
            outcome.append(exc)
            raise
        return outcome[-1]

    monkeypatch.setattr(sites_module, "take_census", noting)
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        while not read.started.is_set():
            await pilot.pause(0.02)
        await pilot.press("q")
        read.release.set()
    deadline = time.monotonic() + 10
    while not outcome and time.monotonic() < deadline:  # the worker's thread may outlive it
        time.sleep(0.01)
    assert app.return_code == 0
    assert len(outcome) == 1 and isinstance(outcome[0], ReadStopped), outcome
