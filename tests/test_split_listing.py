"""`cookie-tui sites` counts a big store in two halves at once, the upper one in a forked
child (`stores.sites.summarize(split=True)`). The halves must add up to exactly the count
made in one pass: no row in both halves or in neither (the row at the split point, names
that are NULL or not text), the session store's cookies counted once, and a child that
fails leaving its half to the parent. The stores are copies of those real browsers wrote,
split from 2 rows on instead of 40,000."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from storefactory import firefox_row, insert

from cookie_tui import ahead
from cookie_tui.ahead import Ahead
from cookie_tui.cli import main
from cookie_tui.paths import scratch_dir
from cookie_tui.records import Store
from cookie_tui.stores import reader, sites, sqlite_access
from cookie_tui.stores.selection import store_from_path

FIXTURES = Path(__file__).parent / "fixtures" / "stores"


class Children:
    """`Ahead`, counting the children started and the results they gave back."""

    def __init__(self, fail: bool = False) -> None:
        self.started = 0
        self.answered = 0
        self.fail = fail

    def __call__(self, work: Any) -> Any:
        self.started += 1
        ahead = Ahead(work)
        if self.fail:
            ahead.result()  # reaped; its answer dropped, as if it had died
            ahead = Ahead(lambda: None)
        outer = self

        class Counted:
            def result(self) -> Any:
                got = ahead.result()
                outer.answered += got is not None
                return got

        return Counted()


def copied(tmp_path: Path, browser: str) -> Store:
    root = shutil.copytree(FIXTURES / browser, tmp_path / browser)
    return store_from_path(
        next(root.rglob("Cookies" if browser == "chromium" else "cookies.sqlite"))
    )


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Children:
    monkeypatch.setattr(sqlite_access, "SPLIT_FROM_ROWS", 2)
    spy = Children()
    monkeypatch.setattr(ahead, "Ahead", spy)
    return spy


@pytest.mark.parametrize("browser", ["chromium", "firefox", "firefox-wal"])
def test_two_halves_add_up_to_one_count(tmp_path: Path, children: Children, browser: str) -> None:
    """`firefox-wal`: rows only in the write-ahead log, read through a private copy each."""
    store = copied(tmp_path, browser)
    if browser == "firefox":  # the session store's cookies: counted with one half only
        assert list(store.profile_dir.glob("sessionstore*"))
    if browser == "firefox-wal":
        assert Path(f"{store.path}-wal").stat().st_size > 0
    whole = sites.summarize([store])
    assert sites.summarize([store], split=True) == whole
    assert (children.started, children.answered) == (1, 1)
    assert len(whole[0]) >= 4 and not whole[1]
    assert not list(scratch_dir().iterdir())  # each process removed its private copy


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_a_failed_child_leaves_its_half_to_the_parent(
    tmp_path: Path, children: Children, browser: str
) -> None:
    store = copied(tmp_path, browser)
    children.fail = True
    assert sites.summarize([store], split=True) == sites.summarize([store])
    assert (children.started, children.answered) == (1, 0)


def test_a_row_at_the_split_point_and_names_not_text_are_counted_once(
    tmp_path: Path, children: Children
) -> None:
    store = copied(tmp_path, "firefox")
    insert(store.path, "moz_cookies", [firefox_row(f"odd{i}.example", f"odd{i}") for i in range(3)])
    with sqlite3.connect(store.path) as con:
        con.execute("UPDATE moz_cookies SET name = CAST(? AS TEXT) WHERE name = 'odd0'", [b"\xff"])
        con.execute("UPDATE moz_cookies SET name = ? WHERE name = 'odd1'", [b"\x00blob"])
        start = reader.split_point(store)
        assert start is not None
        # two rows on the split point itself
        con.execute("UPDATE moz_cookies SET name = ? WHERE name = 'odd2'", [start])
    assert reader.split_point(store) == start
    assert sites.summarize([store], split=True) == sites.summarize([store])
    assert children.answered == 1


def test_a_column_holding_null_is_not_split(tmp_path: Path, children: Children) -> None:
    """NULL is in neither half's range: such a store is counted in one pass."""
    store = copied(tmp_path, "firefox")
    insert(store.path, "moz_cookies", [firefox_row("nameless.example", "nameless")])
    with sqlite3.connect(store.path) as con:
        con.execute("UPDATE moz_cookies SET name = NULL WHERE name = 'nameless'")
    assert reader.split_point(store) is None
    whole = sites.summarize([store])
    assert sites.summarize([store], split=True) == whole
    assert "nameless.example" in {s.site for s in whole[0]}
    assert children.started == 0


def test_small_stores_and_the_app_do_not_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Children()
    monkeypatch.setattr(ahead, "Ahead", spy)
    store = copied(tmp_path, "chromium")
    assert reader.split_point(store) is None  # far below 40,000 rows
    sites.summarize([store], split=True)
    monkeypatch.setattr(sqlite_access, "SPLIT_FROM_ROWS", 2)
    sites.summarize([store])  # the app's rescans run in a thread: never split
    assert spy.started == 0


def test_the_sites_command_lists_the_same_split(
    tmp_path: Path,
    children: Children,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = copied(tmp_path, "firefox")
    assert main(["--store", str(store.path), "sites", "--json"]) == 0
    split = json.loads(capsys.readouterr().out)
    assert children.answered == 1
    children.started = children.answered = 0
    monkeypatch.setattr(sqlite_access, "SPLIT_FROM_ROWS", 10**9)
    assert main(["--store", str(store.path), "sites", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == split
    assert children.started == 0


def test_an_unreadable_store_is_told_once_and_the_others_listed(
    tmp_path: Path, children: Children
) -> None:
    good = copied(tmp_path, "chromium")
    bad_path = tmp_path / "bad" / "Default" / "Cookies"
    bad_path.parent.mkdir(parents=True)
    shutil.copy(good.path, bad_path)
    bad = store_from_path(bad_path)
    bad_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    summaries, errors = sites.summarize([bad, good], split=True)
    assert [e.path for e in errors] == [bad_path]
    assert summaries == sites.summarize([good])[0]
