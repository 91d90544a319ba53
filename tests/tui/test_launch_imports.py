"""A launch writes nothing, so it imports none of the writing code (deletion, undo,
export, policy authoring) nor PyYAML, which only a keep list or a policy read from its
file needs: ~30 ms of every launch. Each launch runs in a fresh interpreter, up to the
sites list filled, as a user's would, after a first launch has kept the parsed policies
and the Open Cookie Database's index in the cache folder (it reads them with PyYAML's
help, and ends only once its census, which builds the index, is in)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WRITING = {
    "yaml",
    "cookie_tui.changes.deletion",
    "cookie_tui.changes.undo",
    "cookie_tui.changes.backups",
    "cookie_tui.export",
    "cookie_tui.policy.authoring",
    "cookie_tui.policy.loader",
}

LAUNCH = """
import asyncio, sys
from pathlib import Path
from cookie_tui.tui.app import CookieApp, Options

async def launch() -> None:
    app = CookieApp(Options(store=Path(sys.argv[1])))
    async with app.run_test() as pilot:
        for _ in range(400):
            await pilot.pause(0.05)
            if app.screen.table.total_count > 0 and not app.screen.table.loading:
                break
        print(app.screen.table.total_count, file=sys.stderr)
        for _ in range(400 if sys.argv[2:] == ["settle"] else 0):
            await pilot.pause(0.05)
            if app.screen.census is not None:
                break

asyncio.run(launch())
print(" ".join(sys.modules), file=sys.stderr)
"""


def launched(store: Path, *, settle: bool = False) -> tuple[int, set[str]]:
    """How many sites the list showed, and the modules the launch loaded (`settle`: by
    the time its census was in)."""
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH, str(store), *(["settle"] if settle else [])],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    sites, modules = out.stderr.strip().splitlines()[-2:]
    return int(sites), set(modules.split())


def test_a_launch_imports_no_writing_code(chromium_cookies: Path) -> None:
    _, first = launched(chromium_cookies, settle=True)
    assert "cookie_tui.policy.loader" in first  # the policies parsed, then kept
    sites, modules = launched(chromium_cookies)
    assert sites >= 4
    assert not modules & WRITING


def test_a_keep_list_is_still_read_at_launch(chromium_cookies: Path) -> None:
    keep = Path(os.environ["XDG_CONFIG_HOME"]) / "cookie-tui" / "keep.yaml"
    keep.parent.mkdir(parents=True)
    keep.write_text("keep:\n  - {site: imind.com}\n")
    launched(chromium_cookies, settle=True)
    sites, modules = launched(chromium_cookies)
    assert sites >= 4
    assert "yaml" in modules and "cookie_tui.changes.keep_reader" in modules
    assert not modules & (WRITING - {"yaml"}), modules & WRITING
