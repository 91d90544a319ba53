"""`c` says which way the value went to the clipboard, and never claims an unconfirmed copy."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import settle
from .test_flows import Notices

SIZE = (100, 30)
SECRET = "s3ss10n-4f2a9c"


async def copy_session_value(app: CookieApp, pilot: object) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    screen.categories.cursor = [g.id for g in screen.groups].index("login")
    await pilot.pause()  # type: ignore[attr-defined]
    screen.table.cursor = [c.cookie.name for c in screen.table.items].index("imind_session")
    await pilot.press("c")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_a_system_clipboard_tool_is_used_first_and_named(
    chromium_cookies: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    received = tmp_path / "clipboard"
    tool = tools / "wl-copy"
    tool.write_text(f"#!/bin/sh\n/bin/cat > {received}\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    app = make_app(store=chromium_cookies, site="imind.com")
    osc52: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", osc52.append)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await copy_session_value(app, pilot)
    assert received.read_text() == SECRET
    assert osc52 == []
    assert "Copied the value of imind_session to the clipboard (wl-copy)" in [
        m for m, _, _ in notices.seen
    ]
    assert all(SECRET not in m for m, _, _ in notices.seen)


async def test_without_a_tool_osc52_is_tried_and_the_copy_is_not_claimed(
    chromium_cookies: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    for var in ("WAYLAND_DISPLAY", "DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    app = make_app(store=chromium_cookies, site="imind.com")
    osc52: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", osc52.append)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await copy_session_value(app, pilot)
    assert osc52 == [SECRET]
    (warning,) = notices.of("warning")
    assert "OSC 52" in warning and "cannot be confirmed" in warning
    assert not any(m.startswith("Copied") for m, _, _ in notices.seen)
    assert os.environ["PATH"] == str(tmp_path)
