"""Undo puts back exactly the deleted rows; restore puts back a whole backup."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from cookie_tui.changes.backups import list_backups, restore
from cookie_tui.changes.deletion import execute, plan_deletion
from cookie_tui.changes.undo import list_records, undo_last
from cookie_tui.errors import UsageError
from cookie_tui.records import Cookie, Store
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

STORE_FILES = {
    "chromium": "chromium/Default/Cookies",
    "firefox": "firefox/x7k2m9qa.default-release/cookies.sqlite",
}
TABLE = {"chromium": ("cookies", "host_key"), "firefox": ("moz_cookies", "host")}


def copy_store(fixture_stores: Path, tmp_path: Path, kind: str) -> Store:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return store_from_path(tmp_path / "stores" / STORE_FILES[kind])


def dump(store: Store) -> dict[tuple[bytes, ...], tuple[object, ...]]:
    table, host = TABLE[store.family]
    con = sqlite3.connect(store.path)
    con.text_factory = bytes
    try:
        rows = con.execute(f"SELECT {host}, name, path, * FROM {table}").fetchall()
    finally:
        con.close()
    if store.family == "firefox":  # the rowid `id` may be reassigned; everything else may not
        return {tuple(r[:3]): tuple(r[4:]) for r in rows}
    return {tuple(r[:3]): tuple(r[3:]) for r in rows}


def category(store: Store, category_id: str) -> list[Cookie]:
    return [i.cookie for i in load_site_view([store], "imind.com").group(category_id).cookies]


def execute_sql(store: Store, sql: str, args: tuple[object, ...] = ()) -> None:
    con = sqlite3.connect(store.path)
    with con:
        con.execute(sql, args)
    con.close()


@pytest.mark.parametrize("kind", ["chromium", "firefox"])
def test_undo_puts_back_exactly_the_deleted_rows(
    fixture_stores: Path, tmp_path: Path, kind: str
) -> None:
    store = copy_store(fixture_stores, tmp_path, kind)
    before = dump(store)
    deleted = execute(plan_deletion(category(store, "social"))).deleted
    assert len(dump(store)) == len(before) - deleted

    result = undo_last()

    assert result.restored == deleted >= 3
    assert dump(store) == before
    assert all(r.undone for r in list_records())


def test_undo_keeps_cookies_set_since_the_deletion(fixture_stores: Path, tmp_path: Path) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    before = dump(store)
    execute(plan_deletion(category(store, "analytics")))
    # the site sets a new cookie afterwards (a copy of `lang` under a new name)
    execute_sql(
        store,
        "INSERT INTO cookies SELECT creation_utc + 1, host_key, top_frame_site_key, 'newer', "
        "value, encrypted_value, path, expires_utc, is_secure, is_httponly, last_access_utc, "
        "has_expires, is_persistent, priority, samesite, source_scheme, source_port, "
        "last_update_utc, source_type, has_cross_site_ancestor FROM cookies WHERE name = 'lang'",
    )

    undo_last()

    after = dump(store)
    assert (b".imind.com", b"newer", b"/") in after
    assert {k: v for k, v in after.items() if k[1] != b"newer"} == before


def test_undo_skips_a_cookie_the_site_set_again_and_puts_back_the_rest(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "firefox")
    before_deletion = dump(store)
    execute(plan_deletion(category(store, "analytics")))
    execute_sql(  # the site set `_ga` again: same key, newer data
        store,
        "INSERT INTO moz_cookies (name, value, host, path, expiry, lastAccessed, creationTime, "
        "isSecure, isHttpOnly, inBrowserElement, sameSite, schemeMap, originAttributes) "
        "VALUES ('_ga', 'GA1.1.new', '.imind.com', '/', 1900000000000, "
        "4102444800000000, 4102444800000000, 0, 0, 0, 0, 2, '')",
    )
    newer = dump(store)[(b".imind.com", b"_ga", b"/")]

    result = undo_last()

    assert result.restored == 1  # `_gid`
    (skipped,) = result.skipped
    assert re.match(r"`_ga` of \.imind\.com/ in firefox/.*: set again since the deletion", skipped)
    after = dump(store)
    assert after[(b".imind.com", b"_ga", b"/")] == newer  # the newer cookie is kept
    assert {k: v for k, v in after.items() if k[1] != b"_ga"} == {
        k: v for k, v in before_deletion.items() if k[1] != b"_ga"
    }
    (record,) = list_records()
    assert record.undone and record.skipped == [skipped]


def test_a_skipped_row_never_blocks_older_deletions(fixture_stores: Path, tmp_path: Path) -> None:
    store = copy_store(fixture_stores, tmp_path, "firefox")
    original = dump(store)
    preferences = execute(plan_deletion(category(store, "preferences"))).deleted
    execute(plan_deletion(category(store, "analytics")))
    execute_sql(
        store,
        "INSERT INTO moz_cookies (name, value, host, path, expiry, lastAccessed, creationTime, "
        "isSecure, isHttpOnly, inBrowserElement, sameSite, schemeMap, originAttributes) "
        "VALUES ('_ga', 'GA1.1.new', '.imind.com', '/', 1900000000000, "
        "4102444800000000, 4102444800000000, 0, 0, 0, 0, 2, '')",
    )
    assert undo_last().skipped
    second = undo_last()  # the older deletion is next, not blocked by the skipped row
    assert second.restored == preferences >= 1 and not second.skipped
    assert set(dump(store)) == set(original)
    with pytest.raises(UsageError, match="nothing to undo"):
        undo_last()


def test_nothing_to_undo_twice(fixture_stores: Path, tmp_path: Path) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    execute(plan_deletion(category(store, "analytics")))
    undo_last()
    with pytest.raises(UsageError, match="nothing to undo"):
        undo_last()


def test_undo_walks_back_deletions_newest_first(fixture_stores: Path, tmp_path: Path) -> None:
    store = copy_store(fixture_stores, tmp_path, "chromium")
    original = dump(store)
    execute(plan_deletion(category(store, "analytics")))
    after_first = dump(store)
    execute(plan_deletion(category(store, "social")))

    undo_last()
    assert dump(store) == after_first
    undo_last()
    assert dump(store) == original


def test_restore_puts_the_whole_backup_back_after_backing_up_the_current_state(
    fixture_stores: Path, tmp_path: Path
) -> None:
    store = copy_store(fixture_stores, tmp_path, "firefox")
    original = dump(store)
    result = execute(plan_deletion(category(store, "social")))
    deleted_state = dump(store)

    restored, current, _warnings = restore(result.outcomes[0].backup.id)

    assert dump(store) == original
    assert restored.rows == len(original)
    assert current.rows == len(deleted_state)
    assert current.id in {b.id for b in list_backups()}
    # and the backup of the deleted state can itself be restored
    restore(current.id)
    assert dump(store) == deleted_state


def test_restore_of_an_unknown_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no backup 'nope'"):
        restore("nope")


def test_a_failed_private_write_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from cookie_tui import private_files

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(private_files.os, "write", full)
    with pytest.raises(OSError):
        private_files.write_private(tmp_path / "record.json", b"{}")
    assert list(tmp_path.iterdir()) == []
