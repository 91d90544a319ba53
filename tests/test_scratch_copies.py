"""The plaintext copy of a Firefox store made for reading never outlives cookie-tui.

A child process reads a copy of a store Firefox wrote and stops while holding the copy;
the test then ends it the ways a user's session ends processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

STORE = "firefox-wal/x7k2m9qa.default-release/cookies.sqlite"
HOLDING = """
import contextlib, sys, time
from pathlib import Path
from cookie_tui.cli import main
from cookie_tui.stores import scratch, sqlite_access

marker = Path(sys.argv[1])

@contextlib.contextmanager
def held(files):
    with scratch.private_copy(files) as folder:
        marker.write_text(str(folder))
        time.sleep(60)
        yield folder

sqlite_access.private_copy = held
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture
def store(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return tmp_path / "stores" / STORE


def scratch_root() -> Path:
    return Path(os.environ["XDG_RUNTIME_DIR"]) / "cookie-tui"


def holding_a_copy(store: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    marker = tmp_path / "copy-made"
    argv = ["show", "imind.com", "--store", str(store), "--reveal"]
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDING, str(marker), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() or not marker.read_text():
        assert child.poll() is None, "the child ended before copying the store"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return child, Path(marker.read_text())


def test_the_copy_is_private_and_in_the_users_own_folder(store: Path, tmp_path: Path) -> None:
    child, folder = holding_a_copy(store, tmp_path)
    try:
        assert folder.parent == scratch_root()
        assert stat.S_IMODE(scratch_root().stat().st_mode) == 0o700
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        copies = sorted(p.name for p in folder.iterdir())
        assert copies == ["cookies.sqlite", "cookies.sqlite-wal"]
        assert all(stat.S_IMODE((folder / n).stat().st_mode) == 0o600 for n in copies)
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_terminated_or_hung_up_leaves_no_copy(
    store: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    child, folder = holding_a_copy(store, tmp_path)
    try:
        child.send_signal(signum)
        assert child.wait(timeout=20) == -signum  # ended by the signal, as asked
    finally:
        child.kill()
        child.wait()
    assert not folder.exists()
    assert list(scratch_root().iterdir()) == []


def test_a_copy_left_by_sigkill_is_removed_by_the_next_run(store: Path, tmp_path: Path) -> None:
    child, folder = holding_a_copy(store, tmp_path)
    child.kill()
    child.wait()
    assert folder.exists()  # nothing can run on SIGKILL

    done = subprocess.run(
        [sys.executable, "-m", "cookie_tui", "show", "imind.com", "--store", str(store)],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert not folder.exists()
    assert list(scratch_root().iterdir()) == []
