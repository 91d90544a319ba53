"""Exit codes that tell the truth, and undo that cannot be lost or lie, on copies of stores
real browsers wrote."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from storefactory import chromium_row, firefox_row, insert

from cookie_tui.changes import backups
from cookie_tui.changes.undo import list_records
from cookie_tui.cli import main
from cookie_tui.export import to_netscape
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

CHROMIUM = "chromium/Default/Cookies"
FIREFOX = "firefox/x7k2m9qa.default-release/cookies.sqlite"


@pytest.fixture
def stores(fixture_stores: Path, tmp_path: Path) -> dict[str, Path]:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return {"chromium": tmp_path / "stores" / CHROMIUM, "firefox": tmp_path / "stores" / FIREFOX}


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def names(db: Path) -> set[str]:
    table = "moz_cookies" if db.name == "cookies.sqlite" else "cookies"
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute(f"SELECT name FROM {table}")}
    finally:
        con.close()


SITE_COMMANDS = [
    ["show", "imind.com"],
    ["show", "imind.com", "--json"],
    ["explain", "imind.com", "_ga"],
    ["audit", "imind.com"],
    ["delete", "imind.com", "--category", "analytics", "--yes"],
    ["export", "imind.com"],
]


@pytest.mark.parametrize("argv", SITE_COMMANDS, ids=lambda a: " ".join(a[:2] + a[3:4]))
def test_a_corrupt_store_given_with_store_fails_every_command_alike(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "Cookies"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = bad.read_bytes()
    code, out, err = cli(capsys, *argv, "--store", str(bad))
    assert code == 1
    assert err.strip().splitlines() == [
        f"cookie-tui: {bad}: not a readable SQLite database (corrupt or truncated)"
    ]
    assert out == "" and bad.read_bytes() == before


@pytest.mark.parametrize("argv", SITE_COMMANDS, ids=lambda a: " ".join(a[:2] + a[3:4]))
def test_a_site_with_no_cookies_is_exit_2_in_one_line(
    argv: list[str], stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("imind.com", "nothing-here.org") for a in argv]
    code, out, err = cli(capsys, *argv, "--store", str(stores["chromium"]))
    assert code == 2
    assert err.strip() == "cookie-tui: no cookies for nothing-here.org in chromium/Person 1"
    assert out == ""


def test_a_committed_deletion_exits_0_even_when_the_checkpoint_fails(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(con: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(backups, "make_durable", full_disk)
        code, out, err = cli(
            capsys, "delete", "imind.com", "--category", "analytics", "--yes",
            "--store", str(stores["firefox"]),
        )  # fmt: skip
    assert code == 0
    assert "Deleted 2 from firefox/x7k2m9qa.default-release" in out
    assert "folding the WAL into the store failed (database or disk is full)" in err
    assert "cookie-tui undo` can put the cookies back" in err
    assert not {"_ga", "_gid"} & names(stores["firefox"])
    assert main(["undo"]) == 0
    assert {"_ga", "_gid"} <= names(stores["firefox"])


def test_nothing_deletable_is_exit_2_with_the_reason(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    store = stores["chromium"]
    insert(store, "cookies", [chromium_row(".facebook.com", "c_user", "me")])
    code, out, err = cli(
        capsys, "delete", "imind.com", "--name", "c_user", "--yes", "--store", str(store)
    )
    assert code == 2
    assert "Left out: 1 cookie that facebook.com also use" in out
    assert "nothing to delete" in err
    assert "c_user" in names(store)


@pytest.mark.parametrize("keep", ["0", "-1", "two"])
def test_keep_backups_takes_only_a_positive_number(
    keep: str, stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["delete", "imind.com", "--category", "analytics", "--yes", "--keep-backups", keep]
    with pytest.raises(SystemExit) as usage:
        main([*argv, "--store", str(stores["chromium"])])
    assert usage.value.code == 2
    assert "--keep-backups" in capsys.readouterr().err
    assert {"_ga", "_gid"} <= names(stores["chromium"])


def test_default_pruning_never_drops_an_undo_that_can_still_be_undone(
    stores: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cookie_tui.changes import undo

    monkeypatch.setattr(undo, "DEFAULT_KEEP", 2)
    store = stores["chromium"]
    deleted = []
    for name in ("_ga", "_gid", "lang", "theme"):
        assert main(["delete", "imind.com", "--name", name, "--yes", "--store", str(store)]) == 0
        deleted.append(name)
    assert len([r for r in list_records() if r.undone is None]) == 4
    for _ in deleted:
        assert main(["undo"]) == 0
    assert set(deleted) <= names(store)


def test_default_pruning_drops_undone_records_beyond_the_newest(
    stores: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cookie_tui.changes import undo

    monkeypatch.setattr(undo, "DEFAULT_KEEP", 2)
    store = stores["chromium"]
    for name in ("_ga", "_gid", "lang"):
        assert main(["delete", "imind.com", "--name", name, "--yes", "--store", str(store)]) == 0
        assert main(["undo"]) == 0
    assert main(["delete", "imind.com", "--name", "theme", "--yes", "--store", str(store)]) == 0
    records = list_records()
    assert len(records) == 2  # the newest two; the older undone ones are gone
    assert [r.undone is None for r in records].count(True) == 1


def test_undo_with_store_options_undoes_only_those_stores(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ff, cr = stores["firefox"], stores["chromium"]
    assert (
        main(["delete", "imind.com", "--category", "analytics", "--yes", "--store", str(ff)]) == 0
    )
    assert (
        main(["delete", "imind.com", "--category", "analytics", "--yes", "--store", str(cr)]) == 0
    )
    code, out, _ = cli(capsys, "undo", "--list", "--json")
    assert [r["stores"] for r in json.loads(out)] == [
        ["chromium/Person 1"],
        ["firefox/x7k2m9qa.default-release"],
    ]

    code, out, _ = cli(capsys, "undo", "--store", str(ff))
    assert code == 0 and "firefox/x7k2m9qa.default-release" in out
    assert {"_ga", "_gid"} <= names(ff)
    assert not {"_ga", "_gid"} & names(cr)  # the newer Chromium deletion is left alone
    code, out, _ = cli(capsys, "undo", "--store", str(ff))
    assert code == 2
    code, out, _ = cli(capsys, "backups", "--store", str(cr), "--json")
    assert {r["store"] for r in json.loads(out)} == {str(cr)}


def test_undo_skips_a_twin_chromium_would_drop_instead_of_reporting_it_restored(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Chromium's unique index also holds the source port; on load it keeps one cookie per
    host, name, path and partition. A newer `_ga` that differs only in its port is the same
    cookie to Chromium: undo keeps it, and says it skipped the old one."""
    store = stores["chromium"]
    assert main(["delete", "imind.com", "--name", "_ga", "--yes", "--store", str(store)]) == 0
    newer = chromium_row(".imind.com", "_ga", "GA1.1.newer")
    newer["source_port"] = 8443
    insert(store, "cookies", [newer])
    code, out, _ = cli(capsys, "undo")
    assert code == 0
    assert "Put back 0 cookies" in out
    assert "Skipped 1 cookie the browser set again since:" in out
    con = sqlite3.connect(store)
    ports = con.execute("SELECT source_port FROM cookies WHERE name = '_ga'").fetchall()
    con.close()
    assert ports == [(8443,)]


def test_damaged_firefox_rows_are_shown_as_such_and_the_rest_loads(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    store = stores["firefox"]
    insert(store, "moz_cookies", [firefox_row("www.imind.com", "nullpath", "v")])
    insert(store, "moz_cookies", [firefox_row("www.imind.com", "textexpiry", "v")])
    con = sqlite3.connect(store)
    with con:
        con.execute("UPDATE moz_cookies SET path = NULL WHERE name = 'nullpath'")
        con.execute("UPDATE moz_cookies SET expiry = 'soon' WHERE name = 'textexpiry'")
    con.close()
    code, out, err = cli(capsys, "show", "imind.com", "--json", "--store", str(store))
    assert code == 0, err
    cookies = {c["name"]: c for c in json.loads(out)["cookies"]}
    assert "_ga" in cookies  # the rest loads
    view = load_site_view([store_from_path(store)], "imind.com")
    damaged = {i.cookie.name: i.cookie.damaged for i in view.cookies if i.cookie.damaged}
    assert damaged == {
        "nullpath": "the path is missing (NULL)",
        "textexpiry": "a time column is not a number",
    }
    assert main(["delete", "imind.com", "--name", "nullpath", "--yes", "--store", str(store)]) == 0
    assert "nullpath" not in names(store)


@pytest.mark.parametrize("field", ["name", "path", "host"])
def test_netscape_export_never_lets_a_cookie_forge_lines(
    field: str, stores: dict[str, Path]
) -> None:
    view = load_site_view([store_from_path(stores["chromium"])], "imind.com")
    good = view.cookies_named("lang")[0].cookie
    from dataclasses import replace

    forged = {
        "name": "x\n.evil.com\tTRUE\t/\tFALSE\t0\tstolen",
        "path": "/\nforged",
        "host": ".imind.com\r\nx",
    }
    bad = replace(good, **{field: forged[field]})
    text, left_out = to_netscape([good, bad])
    assert [c for c, _ in left_out] == [bad]
    assert "tab or line break" in left_out[0][1]
    assert len([line for line in text.splitlines() if line and not line.startswith("#")]) == 1
