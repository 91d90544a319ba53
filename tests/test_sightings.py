"""What counting every cookie reads of each (`Sighting`: host, name, path, partition, key)
is what a whole read of the same store finds, in Chromium's schema of today and in the
one before partitions (no `top_frame_site_key`, a key of host, name and path)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from storefactory import chromium_copy, chromium_row

from cookie_tui.stores import chromium
from cookie_tui.stores.selection import store_from_path


def _before_partitions(db: Path) -> None:
    """The table as Chromium kept it before partitioned cookies (2022)."""
    with sqlite3.connect(db) as con:
        con.execute("DROP INDEX cookies_unique_index")
        for column in ("top_frame_site_key", "has_cross_site_ancestor", "source_scheme"):
            con.execute(f"ALTER TABLE cookies DROP COLUMN {column}")
        con.execute("ALTER TABLE cookies DROP COLUMN source_port")
        con.execute("CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, name, path)")


@pytest.mark.parametrize("older", [False, True], ids=["today", "before partitions"])
def test_sightings_are_what_a_whole_read_finds(
    fixture_stores: Path, tmp_path: Path, older: bool
) -> None:
    db = chromium_copy(
        fixture_stores,
        tmp_path,
        [
            chromium_row("WWW.IMIND.COM", "_ga"),
            chromium_row(".facebook.com", "fr_partitioned", top_frame_site="https://imind.com"),
        ],
    )
    if older:
        _before_partitions(db)
    store = store_from_path(db)
    sightings = chromium.read_sightings(store)
    whole = chromium.read_sites(store, None, decrypt=False)
    assert len(sightings) == len(whole) == 18
    seen = sorted(repr((s.host, s.name, s.path, s.partition_key, s.key)) for s in sightings)
    read = sorted(repr((c.host, c.name, c.path, c.partition_key, c.key)) for c in whole)
    assert seen == read
    partitions = {s.partition_key for s in sightings}
    assert partitions == ({None} if older else {None, "https://imind.com"})
