"""The census counts each cookie where the site view puts it: it reads only the columns it
needs (`Sighting`), so it is checked against the whole views of every site, on stores
written by real browsers with odd rows added (hosts in any case, IDNs, IPs, partitioned
third parties, bytes that are not UTF-8)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from storefactory import chromium_row, firefox_row, insert

from cookie_tui.cli import main
from cookie_tui.every_site import category_everywhere, find_cookies, views_of_every_site
from cookie_tui.policy.model import STANDARD_CLASSES
from cookie_tui.records import Cookie, Sighting, Store
from cookie_tui.stores.selection import store_from_path
from cookie_tui.tui.census import Census, class_of, take_census
from cookie_tui.tui.finding import find

from .conftest import HomeStores

Tally = Counter[tuple[str, str, str, str]]
"""(site, class, category id, store label) -> cookies."""


def _odd_rows(stores: HomeStores) -> list[Store]:
    chromium = stores.chromium / "Default" / "Cookies"
    insert(
        chromium,
        "cookies",
        [
            chromium_row("WWW.IMIND.COM", "_ga"),
            chromium_row(".xn--bcher-kva.de", "_gid"),
            chromium_row("127.0.0.1", "sess"),
            chromium_row(".facebook.com", "fr", top_frame_site="https://imind.com"),
            chromium_row(".doubleclick.net", "IDE", top_frame_site="https://news.example"),
            chromium_row("www.imind.com.", "unknown_thing"),
        ],
    )
    with sqlite3.connect(chromium) as con:  # a host that is not UTF-8, as a tampered store
        row = chromium_row("x", "latin")
        row["host_key"] = b"caf\xe9.example"
        con.execute(
            f"INSERT INTO cookies ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    insert(
        stores.firefox,
        "moz_cookies",
        [
            firefox_row(".Facebook.com", "c_user"),
            firefox_row(".vk.com", "remixsid", partition_site="imind.com"),
        ],
    )
    return [store_from_path(chromium), store_from_path(stores.firefox)]


def _from_views(stores: list[Store]) -> Tally:
    views, _ = views_of_every_site(stores)
    return Counter(
        (view.site, class_of(group), group.id, item.cookie.store.label)
        for view in views
        for group in view.groups
        for item in group.cookies
    )


def _from_census(census: Census) -> Tally:
    return Counter(
        (site.site, class_of(group), group.id, sighting.store.label)
        for site in census.sites
        for group, sightings in site.groups
        for sighting in sightings
    )


def _census(stores: list[Store]) -> Census:
    census = take_census(stores, lambda done, total: None, lambda: False)
    assert census is not None
    return census


def test_every_cookie_is_counted_in_the_category_its_site_view_gives_it(
    home_stores: HomeStores,
) -> None:
    stores = _odd_rows(home_stores)
    census = _census(stores)
    expected = _from_views(stores)
    assert _from_census(census) == expected
    assert sum(expected.values()) == sum(census.totals()[:1])
    # the odd rows are there, each once, where a user would look for them
    assert expected[("imind.com", "undeclared", "undeclared", "chromium/Person 1")] >= 1
    sites = {site for site, *_ in expected}
    assert {"caf\\xe9.example", "xn--bcher-kva.de", "127.0.0.1", "news.example"} <= sites
    assert census.mix("news.example") != (0,) * 5


def test_finding_in_the_census_finds_what_the_find_command_finds(
    home_stores: HomeStores,
) -> None:
    stores = _odd_rows(home_stores)
    census = _census(stores)
    for pattern in ("*", "_g*", "c_user"):
        found, _ = find_cookies(stores, pattern)
        expected = sorted(
            (view.site, item.category_id, item.cookie.identity) for view, item in found
        )
        got = sorted((f.site, f.category_id, f.cookie.identity) for f in find(census, pattern))
        assert got == expected, pattern
        assert got


def test_a_store_that_cannot_be_read_is_said_and_the_others_are_counted(
    home_stores: HomeStores, tmp_path: Path
) -> None:
    stores = _odd_rows(home_stores)
    broken = tmp_path / "Broken" / "Cookies"
    broken.parent.mkdir()
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    bad = Store("chromium", "chromium", "Broken", broken, broken.parent, tmp_path)
    census = _census([*stores, bad])
    assert _from_census(census) == _from_views(stores)
    assert [str(e.path) for e in census.errors] == [str(broken)]


@pytest.mark.parametrize("whole", [False, True], ids=["sightings", "whole"])
@pytest.mark.parametrize("klass", [*STANDARD_CLASSES, "undeclared"])
def test_deleting_a_class_everywhere_takes_what_the_site_views_hold(
    home_stores: HomeStores, klass: str, whole: bool
) -> None:
    """The cookies a deletion across every site takes are sorted from sightings (read
    whole for --json): exactly the cookies the views of every site hold in that class."""
    stores = _odd_rows(home_stores)
    views, _ = views_of_every_site(stores)
    expected = sorted(
        (view.site, group.id, item.cookie.identity, item.cookie.in_session_store)
        for view in views
        for group in view.groups
        if class_of(group) == klass
        for item in group.cookies
    )
    found, errors = category_everywhere(stores, klass, whole=whole)
    got = sorted(
        (on.site, on.group.id, c.identity, c.in_session_store) for on in found for c in on.cookies
    )
    assert got == expected
    assert got and not errors
    kind = Cookie if whole else Sighting
    assert all(type(c) is kind for on in found for c in on.cookies)


def test_deleting_everywhere_from_sightings_takes_the_odd_rows_too(
    home_stores: HomeStores, capsys: pytest.CaptureFixture[str]
) -> None:
    """A host that is not UTF-8 and an upper-case one are deleted by their exact keys, and
    nothing else goes."""
    stores = _odd_rows(home_stores)
    chromium = stores[0]
    views, _ = views_of_every_site([chromium])
    doomed = {
        item.cookie.key
        for view in views
        for group in view.groups
        if class_of(group) == "undeclared"
        for item in group.cookies
    }
    assert any(isinstance(dict(k)["host_key"], bytes) for k in doomed)  # the non-UTF-8 host
    before = _rows(chromium.path)
    argv = ["--store", str(chromium.path), "delete", "--all-sites", "--category", "undeclared"]
    assert main([*argv, "--yes"]) == 0, capsys.readouterr()
    after = _rows(chromium.path)
    assert before - after == {_text(tuple(v for _, v in k)) for k in doomed}
    assert after <= before


def _rows(db: Path) -> set[tuple[object, ...]]:
    keys = ("host_key", "top_frame_site_key", "has_cross_site_ancestor", "name", "path",
            "source_scheme", "source_port")  # fmt: skip
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.text_factory = bytes
        return {_text(r) for r in con.execute(f"SELECT {', '.join(keys)} FROM cookies")}


def _text(row: tuple[object, ...]) -> tuple[object, ...]:
    """Text as Python compares it: bytes that are not UTF-8 kept as surrogates."""
    return tuple(v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v for v in row)
