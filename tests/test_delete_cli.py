"""`cookie-tui delete/undo/backups/restore` as a user types them, on a store Chromium wrote."""

from __future__ import annotations

import json
import os
import pty
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cookie_tui.cli import main

STORE = "chromium/Default/Cookies"


@pytest.fixture
def store(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return tmp_path / "stores" / STORE


def names(store: Path) -> set[str]:
    con = sqlite3.connect(store)
    try:
        return {r[0] for r in con.execute("SELECT name FROM cookies")}
    finally:
        con.close()


def delete(store: Path, *args: str) -> int:
    return main(["delete", "imind.com", "--store", str(store), *args])


def test_dry_run_lists_count_store_and_names_and_changes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.read_bytes()
    assert delete(store, "--category", "social", "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    # facebook.com's and vk.com's own cookies are shared with those sites: left out
    assert out[:2] == [
        "1 cookie to delete, category Social media buttons (social) of imind.com:",
        "  _fbp on .imind.com",
    ]
    assert out[2].startswith("Left out: 3 cookies that facebook.com, vk.com also use")
    assert out[3:] == [
        "  datr on .facebook.com",
        "  fr on .facebook.com",
        "  remixlang on .vk.com",
    ]
    assert delete(store, "--category", "social", "--dry-run", "--include-shared") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("4 cookies to delete")
    assert "  datr on .facebook.com" in out and "  _fbp on .imind.com" in out
    assert store.read_bytes() == before


def test_without_a_terminal_and_without_yes_nothing_is_deleted(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = names(store)
    assert delete(store, "--category", "analytics") == 5
    assert "Nothing deleted." in capsys.readouterr().out
    assert names(store) == before


@pytest.mark.parametrize(("answer", "gone"), [(b"y\n", True), (b"n\n", False), (b"", False)])
def test_the_question_is_asked_on_a_terminal(store: Path, answer: bytes, gone: bool) -> None:
    parent, child = pty.openpty()
    argv = ["delete", "imind.com", "--store", str(store), "--category", "analytics"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cookie_tui", *argv], stdin=child, stdout=child, stderr=child
    )
    os.close(child)
    seen = b""
    while b"[y/N]" not in seen:
        seen += os.read(parent, 1024)
    os.write(parent, answer or b"\x04")  # ^D: end of input
    assert proc.wait(timeout=60) == (0 if gone else 5)
    os.close(parent)
    assert b"Delete 2 cookies? [y/N]" in seen
    assert ({"_ga", "_gid"} & names(store)) == (set() if gone else {"_ga", "_gid"})


def test_a_necessary_category_warns_what_breaks(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert delete(store, "--category", "login", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Warning: this category is necessary. Deleting it breaks: you will be signed out" in out


def test_delete_by_name_takes_only_that_cookie(store: Path) -> None:
    before = names(store)
    assert delete(store, "--name", "lang", "--yes") == 0
    assert names(store) == before - {"lang"}


def test_unknown_category_is_exit_2_naming_the_valid_ones(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert delete(store, "--category", "nope", "--yes") == 2
    err = capsys.readouterr().err
    assert "no category 'nope'" in err and "analytics" in err


def test_running_browser_is_exit_3_before_asking(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", store.parents[1] / "SingletonLock")
    before = store.read_bytes()
    assert delete(store, "--category", "analytics", "--yes") == 3
    assert "is running with profile 'Person 1'" in capsys.readouterr().err
    assert store.read_bytes() == before


def test_backups_lists_the_deletion_and_its_backup_then_undo_and_restore(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = names(store)
    assert delete(store, "--category", "analytics", "--yes") == 0
    capsys.readouterr()
    assert main(["backups", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    kinds = {r["kind"]: r for r in rows}
    assert kinds["deletion"]["rows"] == 2 and kinds["backup"]["rows"] == 16
    assert kinds["deletion"]["browser"] == "chromium"
    assert kinds["backup"]["profile"] == "Person 1"
    assert kinds["backup"]["store"] == str(store)

    assert main(["undo"]) == 0
    assert "Put back 2 cookies in chromium/Person 1" in capsys.readouterr().out
    assert names(store) == before

    assert delete(store, "--category", "social", "--yes") == 0
    assert main(["restore", kinds["backup"]["id"], "--yes"]) == 0
    assert names(store) == before  # that backup was taken before any deletion


def test_keep_backups_bounds_what_is_kept_per_store(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("_ga", "_gid", "lang"):
        assert delete(store, "--name", name, "--yes", "--keep-backups", "2") == 0
    capsys.readouterr()
    assert main(["backups", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sum(r["kind"] == "backup" for r in rows) == 2
    assert sum(r["kind"] == "deletion" for r in rows) == 2
    assert main(["undo"]) == 0  # the newest deletion is still recorded
    assert "lang" in names(store) and "_ga" not in names(store)
