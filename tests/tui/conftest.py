"""Fixtures of the TUI tests: private copies of real-browser stores, a fixed clock, no
blinking, no animation, and one way to wait until the app has nothing left to do."""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import socket
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from cookie_tui.stores.selection import DEMO_SOURCE
from cookie_tui.tui import census as census_module
from cookie_tui.tui.app import CookieApp, Options
from cookie_tui.tui.screens.sites import SitesScreen

FIXTURES = Path(__file__).parent.parent / "fixtures" / "stores"
# Chromium wrote the fixture and demo stores on 2026-11-25 around 21:40 UTC; "expires in …"
# texts and audits are measured from just after that.
FIXED_NOW = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's real browsers and cookie-tui data (backups, undo) out of every test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("textual.widgets._input.Input._toggle_cursor", lambda self: None)


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a browser folder: deleting in it never touches the repository."""
    shutil.copytree(source, target)
    for extra in target.rglob("*-wal"):
        extra.unlink()
    return target


@pytest.fixture
def chromium_dir(tmp_path: Path) -> Path:
    """A user-data folder Chromium itself wrote (`tests/fixtures/stores/chromium`)."""
    return copy_store(FIXTURES / "chromium", tmp_path / "chromium")


@pytest.fixture
def chromium_cookies(chromium_dir: Path) -> Path:
    return chromium_dir / "Default" / "Cookies"


@pytest.fixture
def firefox_cookies(tmp_path: Path) -> Path:
    """The cookies.sqlite of a profile Firefox itself wrote."""
    root = copy_store(FIXTURES / "firefox", tmp_path / "firefox")
    return next(root.glob("*/cookies.sqlite"))


@pytest.fixture
def demo_cookies(tmp_path: Path) -> Path:
    """The bundled demo store as Chromium wrote it (not re-timed, unlike `--demo`)."""
    return copy_store(DEMO_SOURCE, tmp_path / "demo") / "Default" / "Cookies"


@dataclass(frozen=True)
class HomeStores:
    """Chromium's and Firefox's fixture profiles where the browsers keep them in HOME."""

    chromium: Path
    """The user-data folder."""
    firefox: Path
    """The profile's cookies.sqlite."""

    @property
    def chromium_cookies(self) -> Path:
        return self.chromium / "Default" / "Cookies"

    def chromium_runs(self) -> None:
        """Chromium's singleton lock, held by this (live) process: Chromium is running."""
        os.symlink(f"{socket.gethostname()}-{os.getpid()}", self.chromium / "SingletonLock")


@pytest.fixture
def home_stores() -> HomeStores:
    """Private copies of both fixture profiles in the test's HOME, found as a user's are."""
    home = Path(os.environ["HOME"])
    chromium = copy_store(FIXTURES / "chromium", home / ".config" / "chromium")
    firefox = copy_store(FIXTURES / "firefox", home / ".mozilla" / "firefox")
    return HomeStores(chromium, next(firefox.glob("*/cookies.sqlite")))


def keep_file(text: str) -> Path:
    """Write the user's keep list (in the test's XDG_CONFIG_HOME)."""
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "cookie-tui" / "keep.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(store: Path) -> set[tuple[str, str]]:
    """(host, name) of every row of a Chromium or Firefox store."""
    table, host = (
        ("moz_cookies", "host") if store.name == "cookies.sqlite" else ("cookies", "host_key")
    )
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as con:
        return {(h, n) for h, n in con.execute(f"SELECT {host}, name FROM {table}")}


@pytest.fixture
def make_app() -> Callable[..., CookieApp]:
    def make(**options: object) -> CookieApp:
        app = CookieApp(Options(**options), now=lambda: FIXED_NOW)  # type: ignore[arg-type]
        app.animation_level = "none"
        return app

    return make


def _sites_done(app: CookieApp) -> bool:
    """The scan is drawn and, when the sites list is on top, every policy-covered site and
    every site in view has its findings count (under another screen they wait)."""
    screen = next(s for s in app.screen_stack if isinstance(s, SitesScreen))
    if not screen.is_mounted or not screen.scanned or screen.table.loading:
        return False
    if app.screen is not screen:
        return True
    wanted = [row for row in screen.table.rows if row.covered] + screen.table.rows_in_view()
    return all(row.findings is not None for row in wanted)


async def settle(pilot: Pilot, until: Callable[[], bool] | None = None) -> None:
    """Wait until no worker runs, the sites are in and `until()` holds.

    Workers start workers (scan, then findings; delete, then reload and rescan), and a
    worker's message is handled after it finishes: polling state is what makes snapshots
    and flows deterministic, not a count of pauses.
    """
    app = pilot.app
    assert isinstance(app, CookieApp)
    # Only a guard against a hang: a loaded machine took over 10 s once (CI runs other jobs).
    deadline = time.monotonic() + 30
    while True:
        # a worker replaced by a newer one, or failed (the app says so in a notice)
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(not worker.is_finished for worker in app.workers)
        if not busy and _sites_done(app) and (until is None or until()):
            await pilot.pause()
            return
        assert time.monotonic() < deadline, f"the app never settled: {_still_busy(app)}"
        await pilot.pause(0.02)


def _still_busy(app: CookieApp) -> str:
    """What kept the app from settling: its unfinished workers, the sites list's state and
    where every thread stands (a stall in CI must say where it was)."""
    workers = [f"{w.group}:{w.name}:{w.state.name}" for w in app.workers if not w.is_finished]
    screen = next(s for s in app.screen_stack if isinstance(s, SitesScreen))
    state = (
        f"screens={[type(s).__name__ for s in app.screen_stack]} mounted={screen.is_mounted} "
        f"scanned={screen.scanned} loading={screen.table.loading} on_top={app.screen is screen}"
    )
    frames = sys._current_frames()
    stacks = [
        f"thread {t.name}:\n{''.join(traceback.format_stack(frames[t.ident], limit=6))}"
        for t in threading.enumerate()
        if t.ident in frames and t is not threading.current_thread()
    ]
    return f"workers={workers} {state}\n" + "\n".join(stacks)


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-[\w-]*?line-(\d+)\)">([^<]*)</text>'
)
_CELL = 12.2
"""Width of one terminal cell in Textual's SVG screenshots."""


def screen_text(app: App[object]) -> str:
    """The screen as the user sees it, as lines of text: every painted piece of text of the
    screenshot put back at its column (whitespace-only pieces are left out of the SVG)."""
    lines: dict[int, list[str]] = {}
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        cells = lines.setdefault(int(line), [])
        column = round(float(x) / _CELL)
        for char in html.unescape(text).replace("\xa0", " "):
            cells.extend(" " * (column + 1 - len(cells)))
            cells[column] = char
            column += cell_len(char)
    return "\n".join("".join(lines.get(i, [])).rstrip() for i in range(max(lines, default=-1) + 1))


def flat(text: str) -> str:
    """Screen text with dialog borders removed and wrapped lines joined by one space."""
    return re.sub(r"\s+", " ", re.sub(r"[█▀▄▌▐▊▎▕]", " ", text))


def widget_text(app: App[object], selector: str) -> str:
    """The painted text inside one widget's region, its wrapped lines joined."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return flat("\n".join(line[region.x : region.right] for line in lines))


@pytest.fixture
def census_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The census sorts no site until the test sets the event: what the screens show and
    do while it runs. Set at the end in any case, so no worker is left waiting."""
    release = threading.Event()
    real = census_module.sightings_by_category

    def held(*args: object, **kwargs: object) -> object:
        assert release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(census_module, "sightings_by_category", held)
    yield release
    release.set()
