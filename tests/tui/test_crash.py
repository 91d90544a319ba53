"""An unexpected error ends the app with a non-zero exit code and says where its log is."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cookie_tui.cli import build_parser
from cookie_tui.tui.app import CookieApp, run_app
from cookie_tui.tui.screens.sites import SitesScreen


def test_an_unexpected_error_exits_1_and_names_its_private_log(
    chromium_cookies: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self: SitesScreen) -> None:
        raise RuntimeError("a bug in a screen")

    monkeypatch.setattr(SitesScreen, "on_mount", broken)
    run = CookieApp.run
    monkeypatch.setattr(CookieApp, "run", lambda self: run(self, headless=True))
    code = run_app(build_parser().parse_args(["--store", str(chromium_cookies)]))
    assert code == 1
    log = Path(os.environ["XDG_DATA_HOME"]) / "cookie-tui" / "crash.log"
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == f"cookie-tui stopped on an unexpected error; the details are in {log}"
    assert "RuntimeError: a bug in a screen" in log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
