"""The sites list's start. While the stores are scanned, the status line says so and no
spinner is drawn over the table (redrawn 16 times a second, it slowed the scan). The
census (every cookie classified, in a thread) and the stores' preparing (the key lookup
imports browser-cookie3) start once the sites are painted: started beside their first
paint, their Python took turns with it at the interpreter lock and the list showed
later."""

from __future__ import annotations

import threading
from argparse import Namespace
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from cookie_tui import domains
from cookie_tui.cli import list_ahead
from cookie_tui.stores.sites import list_sites
from cookie_tui.tui import overview
from cookie_tui.tui.app import CookieApp, Options
from cookie_tui.tui.overview import StoreSource
from cookie_tui.tui.screens import sites as sites_module
from cookie_tui.tui.widgets.sites_table import SitesTable

from .conftest import FIXED_NOW, screen_text, settle


async def test_the_census_and_preparing_start_after_the_sites_are_painted(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    painted: list[int] = []
    render_row = SitesTable.render_row

    def drawing(table: SitesTable, index: int, width: int) -> object:
        painted.append(index)
        return render_row(table, index, width)

    census_began_after: list[int] = []
    take_census = sites_module.take_census

    def noting(*args: object, **kwargs: object) -> object:
        census_began_after.append(len(painted))
        return take_census(*args, **kwargs)  # type: ignore[arg-type]

    prepared_after: list[int] = []
    prepare = sites_module.prepare

    def preparing(*args: object) -> None:
        prepared_after.append(len(painted))
        prepare(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(SitesTable, "render_row", drawing)
    monkeypatch.setattr(sites_module, "take_census", noting)
    monkeypatch.setattr(sites_module, "prepare", preparing)
    app = make_app(store=demo_cookies)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, until=lambda: app.screen.census is not None)
        assert "imind.com" in screen_text(app)
        assert len(census_began_after) == 1
        assert census_began_after[0] > 0  # rows were drawn before the census began
        await settle(pilot, until=lambda: bool(prepared_after))
        assert prepared_after[0] > 0


async def test_the_scan_is_said_in_the_status_line_without_a_spinner(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    go, scanning = threading.Event(), threading.Event()
    scan = StoreSource.scan

    def held(source: StoreSource, *listed: object) -> object:
        scanning.set()
        go.wait(20)
        return scan(source, *listed)  # type: ignore[arg-type]

    monkeypatch.setattr(StoreSource, "scan", held)
    app = make_app(store=demo_cookies)
    async with app.run_test(size=(100, 30)) as pilot:
        while not scanning.is_set():
            await pilot.pause(0.02)
        await pilot.pause(0.2)
        table = app.screen.query_one(SitesTable)
        assert "Scanning cookie stores…" in screen_text(app)
        assert not table.loading
        go.set()
        await settle(pilot)
        assert "imind.com" in screen_text(app)


async def test_the_first_list_made_ahead_is_the_one_shown(
    chromium_cookies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cookie-tui` starts its first sites list in a child process before it imports the
    app (`cli.list_ahead`); the app shows that list without listing the stores itself,
    its census walks no host the child walked, and every later scan lists the stores."""
    here = list_sites(None, None, chromium_cookies, False)
    monkeypatch.setattr(domains, "_sites_known", {})
    listed = list_ahead(Namespace(browser=None, profile=None, store=chromium_cookies, demo=False))
    walked: list[str] = []
    walk = domains.registrable_domains

    def walking(hosts: Iterable[str], unusual: Callable[[str], str]) -> dict[str, str]:
        hosts = list(hosts)
        walked.extend(hosts)
        return walk(hosts, unusual)

    monkeypatch.setattr(domains, "registrable_domains", walking)
    calls: list[object] = []

    def listing(*args: object) -> object:
        calls.append(args)
        return here

    monkeypatch.setattr(overview, "list_sites", listing)
    app = CookieApp(Options(store=chromium_cookies), now=lambda: FIXED_NOW, listed=listed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, until=lambda: app.sites_screen.census is not None)
        assert app.sites_screen.site_names == [s.site for s in here[1]]
        assert calls == []
        assert walked == []
        app.sites_screen.rescan()
        await settle(pilot)
        assert len(calls) == 1
