"""Is the browser running? Live locks count, stale ones left by a crash do not."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from cookie_tui.locks import chromium_running, firefox_running


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
    lock = tmp_path / ".parentlock"
    lock.touch()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock)!r}, os.O_RDWR)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        before = lock.stat()
        assert firefox_running(tmp_path)
        assert lock.stat().st_mtime_ns == before.st_mtime_ns
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.05)
    assert not firefox_running(tmp_path)


def test_firefox_leftover_lock_symlink_proves_nothing(tmp_path: Path) -> None:
    (tmp_path / ".parentlock").touch()
    os.symlink(f"127.0.0.1:+{dead_pid()}", tmp_path / "lock")
    assert not firefox_running(tmp_path)
