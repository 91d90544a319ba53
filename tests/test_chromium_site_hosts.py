"""Opening a site finds its Chromium hosts (and partition keys), and listing sites counts
them, from one SQLite step that joins them into a text. Texts a browser never writes but a
store can hold (the separators, bytes that are not UTF-8) must still find exactly the
site's cookies and count every host exactly: each is added to a copy of the store real
Chromium wrote, and the answers compared with a reading of every row."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from storefactory import chromium_row, insert, per_pair, raw_rows

from cookie_tui.stores import chromium
from cookie_tui.stores.selection import store_from_path
from cookie_tui.stores.sites import read_site
from cookie_tui.stores.sqlite_access import shown

FIXTURE = Path(__file__).parent / "fixtures" / "stores" / "chromium" / "Default" / "Cookies"
SITE = "imind.com"

ODD = {
    "plain": [("odd.imind.com", "")],
    "separator-1": [("a\x01b.imind.com", "")],
    "separator-2": [("a\x02b.imind.com", "")],
    "both-separators": [("x\x01y\x02z.imind.com", "")],
    "separator-in-partition": [("w.imind.com", ""), ("widget.example", "https://im\x01ind.com")],
    "separator-2-in-partition": [("w.imind.com", ""), ("widget.example", "https://im\x02ind.com")],
    "separators-in-partitioned-hosts": [
        ("a\x01b.imind.com", "https://imind.com"),
        ("c\x02d.imind.com", "https://imind.com"),
    ],
    "partitioned": [("widget.example", "https://imind.com")],
}


def every_row_of_the_site(db: Path) -> set[bytes]:
    """The names of the rows whose host is the site or under it, or which are partitioned
    under it, decided on the stored bytes."""
    rows = raw_rows(db, "SELECT host_key, top_frame_site_key, name FROM cookies")
    site = SITE.encode()
    return {
        name
        for host, top, name in rows
        if host.lstrip(b".") == site or host.endswith(b"." + site) or top == b"https://" + site
    }


def odd_store(tmp_path: Path, case: str) -> Path:
    """A copy of real Chromium's store with the case's rows (`odd0`, `odd1`) added."""
    db = tmp_path / "Default" / "Cookies"
    db.parent.mkdir()
    shutil.copyfile(FIXTURE, db)
    rows = [
        chromium_row(host, f"odd{i}", top_frame_site=top)
        for i, (host, top) in enumerate(ODD.get(case, [("placeholder.imind.com", "")]))
    ]
    insert(db, "cookies", rows)
    if case == "not-utf8":
        with sqlite3.connect(db) as con:
            con.execute(
                "UPDATE cookies SET host_key = CAST(? AS TEXT) WHERE name = 'odd0'",
                [b"caf\xe9.imind.com"],
            )
    return db


@pytest.mark.parametrize("case", [*ODD, "not-utf8"])
def test_a_site_read_finds_every_host_of_the_site(tmp_path: Path, case: str) -> None:
    db = odd_store(tmp_path, case)
    cookies, errors = read_site([store_from_path(db)], SITE)
    assert errors == []
    names = {c.name.encode() for c in cookies}
    assert names == every_row_of_the_site(db)
    assert b"odd0" in names
    assert len(names) > 10  # the real browser's rows are in too


@pytest.mark.parametrize("case", [*ODD, "not-utf8"])
def test_listing_sites_counts_every_host_exactly(tmp_path: Path, case: str) -> None:
    db = odd_store(tmp_path, case)
    rows = raw_rows(db, "SELECT host_key, top_frame_site_key FROM cookies")
    every: Counter[tuple[str, str | None]] = Counter(
        (shown(host), shown(top) or None) for host, top in rows
    )
    got = per_pair(chromium.host_counts(store_from_path(db)))
    assert got == every
    assert sum(got.values()) > 10  # the real browser's rows are in too
