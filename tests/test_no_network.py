"""cookie-tui never goes on the network: with every connection-making socket API raising,
the whole flow works, and nothing even tried to connect (so no fetch failed quietly, e.g.
a public-suffix list download falling back to a snapshot).

`socket.gethostname()` stays allowed: the running-browser checks compare it with the host in
Chromium's `SingletonLock`, and it makes no connection.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cookie_tui.cli import main
from cookie_tui.tui.app import CookieApp, Options
from cookie_tui.tui.screens.site import SiteScreen

SITE = "imind.com"
STORES = {
    "chromium": "chromium/Default/Cookies",
    "firefox": "firefox/x7k2m9qa.default-release/cookies.sqlite",
}


class NetworkBlocked(OSError):
    pass


def block_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on every try to make a socket or resolve a name is refused and listed.

    Called inside each test, after the event loop of an async test was made: asyncio makes
    its wake-up socket pair when the loop is created, which is no network either.
    """
    tried: list[str] = []
    # A desktop session's keyring (D-Bus, a local socket) is not what is tested here, and
    # the tests must not depend on whether the machine running them has one.
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)

    def refuse(api: str) -> Callable[..., Any]:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            tried.append(f"{api}{args!r}")
            raise NetworkBlocked(f"test: network blocked ({api})")

        return blocked

    monkeypatch.setattr(socket, "socket", refuse("socket.socket"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    return tried


@pytest.fixture
def stores(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return tmp_path / "stores"


@pytest.mark.parametrize("kind", list(STORES))
def test_every_command_works_offline(
    kind: str, stores: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts = block_network(monkeypatch)
    s = ["--store", str(stores / STORES[kind])]
    assert main(["browsers", *s]) == 0
    assert main(["sites", *s]) == 0
    assert main(["show", SITE, "--reveal", *s]) == 0
    assert main(["explain", SITE, "_ga", *s]) == 0
    assert main(["audit", SITE, *s]) in (0, 4)
    assert main(["delete", SITE, "--category", "analytics", "--yes", *s]) == 0
    assert main(["undo"]) == 0
    assert main(["export", SITE, "--format", "netscape", *s]) == 0
    out = capsys.readouterr().out
    assert "GA1.1." in out  # values were decrypted/read and exported, offline
    assert "Put back" in out
    assert attempts == []


async def test_the_app_opens_a_site_offline(stores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = block_network(monkeypatch)
    app = CookieApp(
        Options(store=stores / STORES["chromium"]),
        now=lambda: datetime(2026, 11, 25, 21, 30, tzinfo=UTC),
    )
    app.animation_level = "none"
    errors: list[str] = []
    notify = app.notify

    def spy(message: str, **kwargs: Any) -> None:
        if kwargs.get("severity") in ("error", "warning"):
            errors.append(message)
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", spy)
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *SITE, "enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SiteScreen)
        assert app.screen.view is not None
        assert any(g.cookies for g in app.screen.groups)
        item = app.screen.cookie
        assert item is not None and item.cookie.value  # read (and decrypted) offline
        await pilot.press("v")
        await pilot.pause()
        assert item.cookie.value in app.export_screenshot()
    assert errors == []
    assert attempts == []


async def settle(app: CookieApp, pilot: Pilot) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()
