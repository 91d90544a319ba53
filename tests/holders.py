"""Another process holding a lock, the way a running browser does, or a read held inside
SQLite, for as long as a test needs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


@contextmanager
def holding(setup: str) -> Iterator[None]:
    """Run `setup` (Python) in a child that then sleeps; the lock lives until the block ends."""
    code = setup + "\nimport time\nprint('locked', flush=True)\ntime.sleep(60)\n"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        yield
    finally:
        child.kill()
        child.wait()


def firefox_parentlock(profile_dir: Path) -> Iterator[None]:
    """What Firefox does while it runs: a POSIX write lock on `.parentlock`."""
    lock = profile_dir / ".parentlock"
    lock.touch()
    return holding(
        f"import fcntl, os\nfd = os.open({str(lock)!r}, os.O_RDWR)\nfcntl.lockf(fd, fcntl.LOCK_EX)"
    )


def sqlite_exclusive(db: Path) -> Iterator[None]:
    """An exclusive SQLite lock on a store, held mid-transaction."""
    return holding(
        "import sqlite3\n"
        f"con = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "con.execute('PRAGMA locking_mode=EXCLUSIVE'); con.execute('BEGIN EXCLUSIVE')\n"
        "con.execute('UPDATE meta SET value=value')"
    )


class HeldQueries:
    """Every query a store reader module (`chromium`, `firefox`) sends through `fetch_all`
    in the calls `chosen()` picks pauses inside SQLite (a progress handler) until `release`
    is set; `started` is set once one is paused there. What a slow read of a big store
    looks like from outside, for as long as a test needs."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        module: ModuleType,
        chosen: Callable[[], bool] = lambda: True,
    ) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        real = module.fetch_all

        def held(con: sqlite3.Connection, sql: str, *args: object) -> list[Any]:
            if self.release.is_set() or not chosen():
                return real(con, sql, *args)

            def pause() -> int:
                self.started.set()
                self.release.wait(10)
                return 0

            con.set_progress_handler(pause, 50)
            try:
                return real(con, sql, *args)
            finally:
                con.set_progress_handler(None, 0)

        monkeypatch.setattr(module, "fetch_all", held)
