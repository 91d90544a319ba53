"""Is the browser running? Live locks count, stale ones left by a crash do not."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from holders import firefox_parentlock

from cookie_tui.stores.locks import chromium_running, firefox_running


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_chromium_live_lock_counts(tmp_path: Path) -> None:
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", tmp_path / "SingletonLock")
    assert chromium_running(tmp_path)


def test_chromium_stale_lock_of_a_crashed_browser_does_not_count(tmp_path: Path) -> None:
    os.symlink(f"{socket.gethostname()}-{dead_pid()}", tmp_path / "SingletonLock")
    assert not chromium_running(tmp_path)


def test_chromium_lock_of_another_host_is_assumed_live(tmp_path: Path) -> None:
    os.symlink(f"other-machine.example-{os.getpid()}", tmp_path / "SingletonLock")
    assert chromium_running(tmp_path)


def test_chromium_without_lock_is_not_running(tmp_path: Path) -> None:
    assert not chromium_running(tmp_path)


def test_firefox_held_parentlock_counts(tmp_path: Path) -> None:
    with firefox_parentlock(tmp_path):
        before = (tmp_path / ".parentlock").stat()
        assert firefox_running(tmp_path)
        assert (tmp_path / ".parentlock").stat().st_mtime_ns == before.st_mtime_ns
    time.sleep(0.05)
    assert not firefox_running(tmp_path)


def test_firefox_leftover_lock_symlink_proves_nothing(tmp_path: Path) -> None:
    (tmp_path / ".parentlock").touch()
    os.symlink(f"127.0.0.1:+{dead_pid()}", tmp_path / "lock")
    assert not firefox_running(tmp_path)
