"""Private copies of stores being read, and making sure none outlives the process.

Firefox keeps its newest rows in a `-wal` file and locks its store while it runs, so the
store is read from a copy; that copy holds every cookie value in plain text. It is made
0600 in a 0700 folder of the user's own (`paths.scratch_dir()`), and removed when the read
ends, on Ctrl-C, on SIGTERM and SIGHUP (`remove_on_signals`), and, when a SIGKILL left one
behind, by the next cookie-tui that makes a copy.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from ..paths import scratch_dir
from .locks import pid_alive

_live: set[Path] = set()
_swept = False


@contextlib.contextmanager
def private_copy(files: list[Path]) -> Iterator[Path]:
    """A fresh private folder holding copies of `files` (those that exist), removed after."""
    import shutil  # here: every command installs the signal handlers, few copy (~5 ms)
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=_root()))  # 0700
    _live.add(folder)
    try:
        for source in files:
            with contextlib.suppress(FileNotFoundError):
                _copy(source, folder / source.name)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _live.discard(folder)


def _copy(source: Path, target: Path) -> None:
    import shutil

    with source.open("rb") as src:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def _root() -> Path:
    """The scratch folder, swept once per process of copies whose process is gone."""
    global _swept
    import shutil

    root = scratch_dir()
    if not _swept:
        _swept = True
        for leftover in root.iterdir():
            pid = leftover.name.partition("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
                shutil.rmtree(leftover, ignore_errors=True)
    return root


def remove_all() -> None:
    import shutil

    for folder in list(_live):
        shutil.rmtree(folder, ignore_errors=True)
        _live.discard(folder)


def remove_on_signals() -> None:
    """On SIGTERM or SIGHUP, remove every live copy first, then end as the signal would
    have (threads reading a copy never get to their `finally`). Main thread only."""
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is None:
            continue
        previous = signal.getsignal(signum)

        def handler(number: int, frame: FrameType | None, previous: object = previous) -> None:
            remove_all()
            signal.signal(number, previous if callable(previous) else signal.SIG_DFL)
            os.kill(os.getpid(), number)

        signal.signal(signum, handler)
