"""Another process holding a lock, the way a running browser does, for as long as a test needs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
