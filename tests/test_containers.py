"""Same name, host and path in two Firefox containers (or two partitions): two cookies.

Deletion addresses rows by the store's whole unique key, so removing one never touches
its twin in another container or partition."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from storefactory import chromium_copy, chromium_row, firefox_row, insert

from cookie_tui.changes.deletion import execute, plan_deletion
from cookie_tui.changes.undo import undo_last
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path


def all_rows(db: Path, table: str) -> set[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return set(con.execute(f"SELECT * FROM {table}").fetchall())
    finally:
        con.close()


def test_firefox_container_twin_survives_deleting_its_sibling(
    fixture_stores: Path, tmp_path: Path
) -> None:
    shutil.copytree(fixture_stores / "firefox", tmp_path / "firefox")
    db = next((tmp_path / "firefox").glob("*/cookies.sqlite"))
    insert(db, "moz_cookies", [firefox_row(".imind.com", "_ga", "work-container", container=2)])
    store = store_from_path(db)
    twins = load_site_view([store], "imind.com").cookies_named("_ga")
    assert sorted((c.cookie.container or 0, c.cookie.value) for c in twins) == [
        (0, "GA1.1.123456789.1700000000"),
        (2, "work-container"),
    ]
    before = all_rows(db, "moz_cookies")
    work = next(c.cookie for c in twins if c.cookie.container == 2)

    result = execute(plan_deletion([work]))

    assert result.deleted == 1
    after = all_rows(db, "moz_cookies")
    gone = before - after
    assert len(gone) == 1 and "work-container" in next(iter(gone))
    assert after == before - gone
    assert undo_last().restored == 1
    assert all_rows(db, "moz_cookies") == before


def test_chromium_partitioned_twin_survives_deleting_the_unpartitioned_one(
    fixture_stores: Path, tmp_path: Path
) -> None:
    db = chromium_copy(
        fixture_stores,
        tmp_path,
        [chromium_row("embed.partner-widget.com", "widget_uid", "plain", secure=True)],
    )
    store = store_from_path(db)
    twins = load_site_view([store], "imind.com").cookies_named("widget_uid")
    partitioned = {c.cookie.partition_key for c in twins}
    assert partitioned == {"https://imind.com"}  # the unpartitioned one is partner-widget's
    other = load_site_view([store], "partner-widget.com").cookies_named("widget_uid")
    plain = next(c.cookie for c in other if c.cookie.partition_key is None)
    before = all_rows(db, "cookies")

    assert execute(plan_deletion([plain])).deleted == 1

    after = all_rows(db, "cookies")
    assert len(before - after) == 1 and after < before
    assert {
        c.cookie.value for c in load_site_view([store], "imind.com").cookies_named("widget_uid")
    } == {"pw-31337"}
