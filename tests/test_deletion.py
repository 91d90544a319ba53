"""Deleting a category from stores Chromium and Firefox wrote: exactly those rows, nothing else."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import stat
from pathlib import Path

import pytest
from holders import firefox_parentlock

from cookie_tui.changes.backups import list_backups
from cookie_tui.changes.deletion import SESSION_ONLY, execute, plan_deletion
from cookie_tui.changes.undo import list_records
from cookie_tui.errors import BrowserRunningError, StoreError
from cookie_tui.paths import data_dir
from cookie_tui.records import Cookie, Store
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

STORE_FILES = {
    "chromium": "chromium/Default/Cookies",
    "firefox": "firefox/x7k2m9qa.default-release/cookies.sqlite",
    "firefox-wal": "firefox-wal/x7k2m9qa.default-release/cookies.sqlite",
}


def copy_store(fixture_stores: Path, tmp_path: Path, kind: str) -> Store:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return store_from_path(tmp_path / "stores" / STORE_FILES[kind])


def dump(store: Store) -> dict[tuple[bytes, ...], tuple[object, ...]]:
    """Every row, every column, as raw bytes where text, keyed by host/name/path."""
    table = "moz_cookies" if store.family == "firefox" else "cookies"
    host = "host" if store.family == "firefox" else "host_key"
    con = sqlite3.connect(store.path)  # sees the -wal like the browser would
    con.text_factory = bytes
    try:
        rows = con.execute(f"SELECT {host}, name, path, * FROM {table}").fetchall()
    finally:
        con.close()
    return {tuple(r[:3]): tuple(r[3:]) for r in rows}


def category(store: Store, category_id: str) -> list[Cookie]:
    view = load_site_view([store], "imind.com")
    return [item.cookie for item in view.group(category_id).cookies]


def keys_of(cookies: list[Cookie]) -> set[tuple[bytes, ...]]:
    return {(c.host.encode(), c.name.encode(), c.path.encode()) for c in cookies}


@pytest.mark.parametrize("kind", ["chromium", "firefox", "firefox-wal"])
def test_deleting_a_category_removes_its_rows_and_no_byte_of_any_other(
    fixture_stores: Path, tmp_path: Path, kind: str
) -> None:
    store = copy_store(fixture_stores, tmp_path, kind)
    before = dump(store)
    social = category(store, "social")
    assert len(social) >= 3

    result = execute(plan_deletion(social))

    after = dump(store)
    gone = keys_of(social)
    assert result.deleted == len(social)
    assert set(before) - set(after) == gone
    assert after == {k: v for k, v in before.items() if k not in gone}
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_wal_only_rows_are_deleted_durably_in_the_main_file(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "firefox-wal")
    analytics = category(store, "analytics")
    assert {c.name for c in analytics} == {"_ga", "_gid"}  # both live only in the -wal file

    execute(plan_deletion(analytics))

    wal = Path(f"{store.path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    alone = tmp_path / "main-file-only.sqlite"
    shutil.copyfile(store.path, alone)  # the main file without any WAL still has the result
    con = sqlite3.connect(alone)
    names = {r[0] for r in con.execute("SELECT name FROM moz_cookies WHERE host = '.imind.com'")}
    con.close()
    assert "_ga" not in names and "_gid" not in names
    assert {"lang", "_fbp", "tracking_xyz"} <= names


def test_session_store_only_firefox_cookies_are_listed_not_deleted(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "firefox")
    login = category(store, "login")  # imind_session lives only in sessionstore.jsonlz4
    before = dump(store)

    plan = plan_deletion(login)
    result = execute(plan)

    assert [(c.name, reason) for c, reason in plan.skipped] == [("imind_session", SESSION_ONLY)]
    assert [c.name for p in plan.stores for c in p.cookies] == ["remember_me"]
    assert result.deleted == 1
    assert set(before) - set(dump(store)) == {(b"www.imind.com", b"remember_me", b"/")}


def test_backup_and_undo_record_are_private_and_hold_the_deleted_rows(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    before = dump(store)
    old_umask = os.umask(0)  # a careless umask must not widen the modes
    try:
        result = execute(plan_deletion(category(store, "analytics")))
    finally:
        os.umask(old_umask)

    backup = result.outcomes[0].backup
    record = result.outcomes[0].record
    assert stat.S_IMODE((data_dir() / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(record.path.stat().st_mode) == 0o600
    copy = Store(store.browser, store.family, store.profile, backup.path, tmp_path, None)
    assert dump(copy) == before  # the backup is the store as it was, readable on its own
    assert len(record.rows) == 2
    assert "encrypted_value" in record.columns
    assert store.browser in backup.id and "Person_1" in backup.id


def test_only_the_newest_backups_of_a_store_are_kept(fixture_stores: Path, tmp_path: Path) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    other = store_from_path(tmp_path / "stores" / STORE_FILES["firefox"])
    execute(plan_deletion(category(other, "analytics")), keep_backups=2)
    for category_id in ("analytics", "social", "preferences"):
        execute(plan_deletion(category(store, category_id)), keep_backups=2)
    kept = [b for b in list_backups() if b.store.path == store.path]
    assert len(kept) == 2
    assert [b.rows for b in kept] == [14, 10]  # before `social` (16-2) and `preferences`
    records = [r for r in list_records() if r.store.path == store.path]
    assert [len(r.rows) for r in records] == [4, 2]  # `social` and `preferences`
    assert len([r for r in list_records() if r.store.path == other.path]) == 1
    assert len([b for b in list_backups() if b.store.path == other.path]) == 1


def test_a_running_firefox_is_refused_even_with_force(fixture_stores: Path, tmp_path: Path) -> None:
    store = copy_store(fixture_stores, tmp_path, "firefox")
    with firefox_parentlock(store.profile_dir):
        before = store.path.read_bytes()
        with pytest.raises(BrowserRunningError) as exc:
            execute(plan_deletion(category(store, "analytics")), force=True)
        assert exc.value.exit_code == 3
        assert store.path.read_bytes() == before
        assert list_backups() == [] and list_records() == []


def test_a_running_chromium_is_refused_unless_forced_then_warned(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    assert store.user_data_dir is not None
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", store.user_data_dir / "SingletonLock")
    analytics = category(store, "analytics")
    before = store.path.read_bytes()

    with pytest.raises(BrowserRunningError):
        execute(plan_deletion(analytics))
    assert store.path.read_bytes() == before

    result = execute(plan_deletion(analytics), force=True)
    assert result.deleted == 2
    assert any("may not stick" in w for w in result.warnings)


def test_a_cookie_gone_since_it_was_read_aborts_with_nothing_deleted(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    social = category(store, "social")
    con = sqlite3.connect(store.path)
    with con:
        con.execute("DELETE FROM cookies WHERE name = 'datr'")  # the browser expired it meanwhile
    con.close()
    before = dump(store)

    with pytest.raises(
        StoreError, match=re.escape("`datr` of .facebook.com is no longer in the store")
    ):
        execute(plan_deletion(social))
    assert dump(store) == before
    assert list_records() == []
    assert list_backups() == []  # a deletion that did not happen leaves no backup either
    assert sorted(p.name for p in (data_dir() / "undo").iterdir()) == []


def test_a_deletion_that_fails_after_the_backup_removes_it_and_its_record(
    fixture_stores: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cookie_tui.changes import deletion

    store = copy_store(fixture_stores, tmp_path, "firefox")
    before = dump(store)

    def refused(point: str) -> None:
        if point == "before-commit":
            raise StoreError(store.path, "the disk went away")

    monkeypatch.setattr(deletion, "reached", refused)
    with pytest.raises(StoreError, match="the disk went away"):
        execute(plan_deletion(category(store, "analytics")))
    assert dump(store) == before
    assert list_backups() == [] and list_records() == []
    assert list((data_dir() / "undo").iterdir()) == []
