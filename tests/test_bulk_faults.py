"""A deletion across stores under faults: killed between two stores, one store locked or
read-only, no room for a backup. Each store is all or nothing, a store that cannot be
written is left as it is and named, and undo puts back exactly what was committed.
The real `cookie-tui` runs in a child, on copies of stores real browsers wrote.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from holders import sqlite_exclusive
from test_delete_faults import read_only

from cookie_tui.cli import main

CHROMIUM = "chromium/Default/Cookies"
FIREFOX = "firefox-wal/x7k2m9qa.default-release/cookies.sqlite"
ARGV = ["delete", "--all-sites", "--category", "analytics", "--yes"]
# Stops at the second store's commit: the first one has committed by then.
PAUSING = """
import sys, time
from pathlib import Path
from cookie_tui.changes import deletion
from cookie_tui.cli import main
marker = Path(sys.argv[1])
seen = []

def reached(where):
    seen.append(where)
    if seen.count("before-commit") == 2 and where == "before-commit":
        marker.write_text(where)
        time.sleep(60)

deletion.reached = reached
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture
def stores(fixture_stores: Path, tmp_path: Path) -> dict[str, Path]:
    """Both stores where the user's browsers keep them (found by discovery)."""
    shutil.copytree(fixture_stores, tmp_path / "stores")
    home = Path(os.environ["HOME"])
    (home / ".config").mkdir(parents=True, exist_ok=True)
    (home / ".mozilla").mkdir(parents=True, exist_ok=True)
    os.symlink(tmp_path / "stores" / "chromium", home / ".config" / "chromium")
    os.symlink(tmp_path / "stores" / "firefox-wal", home / ".mozilla" / "firefox")
    return {"chromium": tmp_path / "stores" / CHROMIUM, "firefox": tmp_path / "stores" / FIREFOX}


def analytics(db: Path) -> set[str]:
    table = "moz_cookies" if db.name == "cookies.sqlite" else "cookies"
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in con.execute(f"SELECT name FROM {table}")}
    finally:
        con.close()
    return names & {"_ga", "_gid"}


def run(*argv: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "cookie_tui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


def test_killed_between_two_stores_leaves_each_all_or_nothing_and_undo_restores_the_first(
    stores: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "paused"
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSING, str(marker), *ARGV],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    done = [kind for kind, db in stores.items() if not analytics(db)]
    assert len(done) == 1  # the first store committed, the second is untouched
    untouched = next(kind for kind in stores if kind not in done)
    assert analytics(stores[untouched]) == {"_ga", "_gid"}
    assert main(["undo"]) == 0
    assert "Put back 2 cookies" in capsys.readouterr().out
    assert all(analytics(db) == {"_ga", "_gid"} for db in stores.values())


def test_a_locked_store_is_skipped_and_the_other_cleaned(stores: dict[str, Path]) -> None:
    with sqlite_exclusive(stores["chromium"]):
        result = run(*ARGV)
    assert result.returncode == 0, result.stderr
    assert "Skipped chromium/Person 1:" in result.stdout and "locked" in result.stdout
    assert analytics(stores["firefox"]) == set()
    assert analytics(stores["chromium"]) == {"_ga", "_gid"}


def test_a_read_only_store_is_skipped_and_the_other_cleaned(stores: dict[str, Path]) -> None:
    with read_only(stores["firefox"]):
        result = run(*ARGV)
    assert result.returncode == 0, result.stderr
    assert "Skipped firefox/default-release:" in result.stdout
    assert "read-only" in result.stdout
    assert analytics(stores["chromium"]) == set()
    assert analytics(stores["firefox"]) == {"_ga", "_gid"}


def test_no_room_for_a_backup_stops_that_store_before_any_row_goes(
    stores: dict[str, Path],
) -> None:
    """RLIMIT_FSIZE makes every write past 8 KiB fail with EFBIG, as a full disk would."""

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))

    result = run(*ARGV, preexec_fn=small_files)
    assert result.returncode == 1
    # Chromium's store is read in place, then its backup fails; Firefox's, read from a
    # copy, cannot even be read: each is left as it was, and said so
    assert "Skipped chromium/Person 1:" in result.stdout
    assert "cannot write the backup" in result.stdout
    assert "cookies.sqlite: cannot read: File too large" in result.stderr
    assert all(analytics(db) == {"_ga", "_gid"} for db in stores.values())
