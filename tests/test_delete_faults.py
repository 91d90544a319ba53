"""Deletion under faults: killed mid-way, read-only or full places, vanished or locked stores.

Each case runs the real `cookie-tui delete` in a subprocess on a copy of a store a real
browser wrote, and checks what a user would: the store is intact and holds all or none
of the planned rows, and the backup opens.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cookie_tui.changes.deletion import PAUSE_POINTS
from cookie_tui.cli import main

CLI = [sys.executable, "-m", "cookie_tui"]
STORE = "firefox-wal/x7k2m9qa.default-release/cookies.sqlite"
PLANNED = {"_ga", "_gid"}  # the analytics category; both rows live in the -wal file


@pytest.fixture
def store(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return tmp_path / "stores" / STORE


def delete(store: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    argv = [*CLI, "delete", "imind.com", "--category", "analytics", "--store", str(store), "--yes"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)  # type: ignore[call-overload]


def names(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in con.execute("SELECT name FROM moz_cookies")}
    finally:
        con.close()


def backups(home_data: Path) -> list[Path]:
    return sorted((home_data / "cookie-tui" / "backups").glob("*.sqlite"))


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """chmod, plus the immutable flag when running as root (root ignores modes)."""
    mode = path.stat().st_mode
    path.chmod(0o500 if path.is_dir() else 0o400)
    immutable = os.geteuid() == 0
    if immutable:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


PAUSING = """
import sys, time
from pathlib import Path
from cookie_tui.changes import deletion
from cookie_tui.cli import main
point, marker = sys.argv[1], Path(sys.argv[2])

def reached(where):
    if where == point:
        marker.write_text(where)
        time.sleep(60)

deletion.reached = reached
sys.exit(main(sys.argv[3:]))
"""


def killed_at(point: str, store: Path, marker: Path) -> None:
    """Run a deletion in a child that stops at `point`, then SIGKILL it there."""
    argv = ["delete", "imind.com", "--category", "analytics", "--store", str(store), "--yes"]
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSING, point, str(marker), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert proc.poll() is None, "the deletion ended before reaching the pause point"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("point", [p for p in PAUSE_POINTS if p != "after-commit"])
def test_killed_at_any_point_leaves_all_or_none_and_a_readable_backup(
    store: Path, tmp_path: Path, point: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = names(store)
    killed_at(point, store, tmp_path / "paused")

    assert names(store) == before  # all or none: none, as every pause point precedes COMMIT
    (backup,) = backups(data_home())
    assert names(backup) == before
    # no undo record claims the deletion that never happened
    assert main(["backups", "--json"]) == 0
    assert [r["kind"] for r in json.loads(capsys.readouterr().out)] == ["backup"]
    assert main(["undo"]) == 2
    # and the next run completes normally on the same store
    assert delete(store).returncode == 0
    assert names(store) == before - PLANNED


def test_killed_right_after_commit_the_deletion_stands_and_undo_puts_it_back(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = names(store)
    killed_at("after-commit", store, tmp_path / "paused")

    assert names(store) == before - PLANNED
    assert main(["undo"]) == 0
    assert "Put back 2 cookies" in capsys.readouterr().out
    assert names(store) == before


def test_read_only_store_file_is_one_clear_line_and_nothing_changes(store: Path) -> None:
    before = store.read_bytes()
    with read_only(store):
        result = delete(store)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"cookie-tui: {store}: the file is read-only (nothing was changed)"
    )
    assert store.read_bytes() == before


def test_read_only_backup_folder_means_no_deletion(store: Path) -> None:
    folder = data_home() / "cookie-tui" / "backups"
    folder.mkdir(parents=True)
    before = names(store)
    with read_only(folder):
        result = delete(store)
    assert result.returncode == 1
    assert "cannot write the backup" in result.stderr
    assert str(folder) in result.stderr
    assert names(store) == before


def test_full_disk_for_the_backup_means_no_deletion(store: Path) -> None:
    """RLIMIT_FSIZE makes every write past 8 KiB fail with EFBIG, as a full disk would.

    The Chromium store (20 KiB, no WAL) is read in place, so the backup is the first
    file written."""
    chromium = store.parents[2] / "chromium" / "Default" / "Cookies"
    con = sqlite3.connect(chromium)
    before = con.execute("SELECT * FROM cookies").fetchall()
    con.close()

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))

    result = delete(chromium, preexec_fn=small_files)
    assert result.returncode == 1, result.stderr
    assert "cannot write the backup" in result.stderr
    con = sqlite3.connect(chromium)
    assert con.execute("SELECT * FROM cookies").fetchall() == before
    con.close()
    assert backups(data_home()) == []  # no half-written backup left behind


def test_a_store_that_vanished_since_it_was_read(store: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cookie_tui.site_view import load_site_view\n"
        "from cookie_tui.changes.deletion import execute, plan_deletion\n"
        "from cookie_tui.errors import StoreError\n"
        "from cookie_tui.stores.selection import store_from_path\n"
        "store = store_from_path(Path(sys.argv[1]))\n"
        "view = load_site_view([store], 'imind.com')\n"
        "store.path.unlink()\n"
        "try:\n"
        "    execute(plan_deletion([i.cookie for i in view.group('analytics').cookies]))\n"
        "except StoreError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(store)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == (
        f"{store}: the file no longer exists (it vanished since it was read)"
    )
    assert not store.exists()  # not re-created as an empty database


def test_a_locked_store_fails_within_the_busy_timeout_not_hangs(store: Path) -> None:
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        started = time.monotonic()
        result = delete(store)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "the database is locked" in result.stderr
    assert elapsed < 20
    assert names(store) >= PLANNED
