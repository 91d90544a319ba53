"""Fixtures of the TUI tests: private store copies, a fixed clock, no blinking, no animation."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cookie_tui.tui.app import CookieApp, Options

STORES = Path(__file__).parent / "stores"
# The committed store was written by Chromium on this day; "expires in …" is measured from it.
FIXED_NOW = datetime(2026, 11, 25, 21, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's real browsers and cookie-tui data out of every test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("textual.widgets._input.Input._toggle_cursor", lambda self: None)


@pytest.fixture
def chromium_dir(tmp_path: Path) -> Path:
    """A private copy of a user-data folder Chromium itself wrote: deleting in it is safe."""
    target = tmp_path / "chromium"
    shutil.copytree(STORES / "chromium", target)
    return target


@pytest.fixture
def make_app() -> Callable[..., CookieApp]:
    def make(**options: object) -> CookieApp:
        app = CookieApp(Options(**options), now=lambda: FIXED_NOW)  # type: ignore[arg-type]
        app.animation_level = "none"
        return app

    return make
