"""Listing sites counts Firefox's (host, origin attributes) pairs in one pass over a joined
text instead of a sorting `GROUP BY`. Texts a browser never writes but a store can hold
(the separators, NULL, bytes that are not UTF-8) must still be counted exactly: each is
added to a copy of the store real Firefox wrote, and the counts compared with a reading of
every row (the copy without its session store, whose cookies are not in the table)."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from storefactory import firefox_row, insert, per_pair, raw_rows

from cookie_tui.stores import firefox
from cookie_tui.stores.selection import store_from_path
from cookie_tui.stores.sqlite_access import shown

FIXTURE = Path(__file__).parent / "fixtures" / "stores" / "firefox"
DB = "x7k2m9qa.default-release/cookies.sqlite"

ODD_HOSTS = {
    "plain": [],
    "separator-1": ["a\x01b.example"],
    "separator-2": ["a\x02b.example"],
    # each alone would be caught; together they keep the number of pieces right
    "separator-and-null": ["x\x01y\x02z.example", None],
    "null": [None],
    "partitioned": ["partitioned.example"],
    "partitioned-separators": ["a\x01b.example", "c\x02d.example"],
    "separators-in-attributes": ["one.example", "two.example"],
}


def every_pair(db: Path) -> Counter[tuple[str, str | None]]:
    rows = raw_rows(db, "SELECT host, originAttributes FROM moz_cookies")
    return Counter(
        (
            shown(host or b""),
            firefox.partition_from_key(
                firefox.parse_origin_attributes(shown(oa or b"")).get("partitionKey")
            ),
        )
        for host, oa in rows
    )


@pytest.mark.parametrize("case", [*ODD_HOSTS, "not-utf8"])
def test_sites_count_every_pair_exactly(tmp_path: Path, case: str) -> None:
    shutil.copytree(FIXTURE, tmp_path / "firefox")
    db = tmp_path / "firefox" / DB
    for session in db.parent.glob("sessionstore*"):
        shutil.rmtree(session) if session.is_dir() else session.unlink()
    for i, host in enumerate(ODD_HOSTS.get(case, [])):
        row = firefox_row(
            host or "placeholder.example",
            f"odd{i}",
            partition_site="imind.com" if case.startswith("partitioned") else "",
        )
        insert(db, "moz_cookies", [row])
        if case == "separators-in-attributes":
            with sqlite3.connect(db) as con:
                con.execute(
                    "UPDATE moz_cookies SET originAttributes = ? WHERE name = ?",
                    [f"^partitionKey=(https,im{chr(i + 1)}ind.com)", f"odd{i}"],
                )
        if host is None:
            with sqlite3.connect(db) as con:
                con.execute("UPDATE moz_cookies SET host = NULL WHERE name = ?", [f"odd{i}"])
    if case == "not-utf8":
        insert(db, "moz_cookies", [firefox_row("placeholder.example", "odd")])
        with sqlite3.connect(db) as con:
            con.execute(
                "UPDATE moz_cookies SET host = CAST(? AS TEXT) WHERE name = 'odd'",
                [b"caf\xe9.example"],
            )
    got = per_pair(firefox.host_counts(store_from_path(db)))
    assert got == every_pair(db)
    assert sum(got.values()) > 10  # the real browser's rows are in too


PLAIN_SUFFIXES = [
    "",
    "^userContextId=1",
    "^partitionKey=%28https%2Cimind.com%29",
    "^partitionKey=%28http%2Cshop.example%2C8443%29&userContextId=2",
    "^partitionKey=%28https%2Cimind.com%2Cf%29",
]


@pytest.mark.parametrize(
    "odd",
    [
        [],
        ["^partitionKey=%28https%2C%5B%3A%3A1%5D%29"],  # an IPv6 partition: more escapes
        ["^partitionKey=%28https%2cimind.com%29"],  # a lower-case escape
        ["^partitionKey=%28https%2Cline\nbreak.example%29"],
    ],
)
def test_partitions_of_many_suffixes_are_each_ones_own(odd: list[str]) -> None:
    """A store's suffixes are unescaped at once where Firefox's own escapes are all they
    hold; one suffix with any other text among them changes no suffix's partition."""
    suffixes = PLAIN_SUFFIXES + odd
    one_by_one = {
        s: firefox.partition_from_key(firefox.parse_origin_attributes(s).get("partitionKey"))
        for s in suffixes
    }
    assert firefox.partitions_of(suffixes) == one_by_one
    assert one_by_one["^partitionKey=%28http%2Cshop.example%2C8443%29&userContextId=2"] == (
        "http://shop.example"
    )
