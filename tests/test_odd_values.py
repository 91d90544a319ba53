"""Rows no ordinary website sets, added to copies of stores real browsers wrote: values no
key opens, that are not UTF-8, 4 KB long, empty or binary; hosts that are IDNs (Unicode and
punycode), IP addresses, `localhost`, with a trailing dot or in upper case; names with
spaces and Unicode. Each is grouped under its site, shown with its value and flags,
explained, deleted alone (every other row byte-identical) and put back by undo.

Decided behaviour for a value that is not UTF-8 text (a browser can store any bytes): it is
never shown or exported altered. Its `value` is null and `decrypt_error` says why, the rest
of the store reads normally, and delete/undo keep its bytes exactly.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from storefactory import NOW, chromium_encrypt, chromium_row, firefox_row, insert

from cookie_tui.cli import main
from cookie_tui.records import CANNOT_DECRYPT, NOT_UTF8

STORES = {
    "chromium": ("chromium/Default/Cookies", "cookies"),
    "firefox": ("firefox/x7k2m9qa.default-release/cookies.sqlite", "moz_cookies"),
}
BINARY = "".join(chr(i) for i in range(1, 32)) + "\x7f\x00end"


@dataclass(frozen=True)
class Case:
    id: str
    host: str
    name: str
    domain: str
    """What the user types for `show`/`delete`."""
    site: str
    """Where `sites` must group it."""
    value: str | None
    error: str | None = None
    raw: bytes | None = None
    """Bytes to store instead of `value` (non-UTF-8)."""
    bad_key: bool = False


CASES = [
    Case(
        "bad-key",
        "www.imind.com",
        "odd_badkey",
        "imind.com",
        "imind.com",
        None,
        CANNOT_DECRYPT,
        None,
        True,
    ),
    Case(
        "not-utf8",
        "www.imind.com",
        "odd_latin1",
        "imind.com",
        "imind.com",
        None,
        NOT_UTF8,
        b"caf\xe9",
    ),
    Case("4kb", "www.imind.com", "odd_big", "imind.com", "imind.com", "A" * 4000),
    Case("empty", "www.imind.com", "odd_empty", "imind.com", "imind.com", ""),
    Case("binary", "www.imind.com", "odd_bin", "imind.com", "imind.com", BINARY),
    Case("idn-unicode", "bücher.de", "idn_u", "bücher.de", "xn--bcher-kva.de", "u1"),
    Case("idn-puny", ".xn--bcher-kva.de", "idn_p", "xn--bcher-kva.de", "xn--bcher-kva.de", "p1"),
    Case(
        "idn-puny-typed-unicode",
        ".xn--bcher-kva.de",
        "idn_p",
        "bücher.de",
        "xn--bcher-kva.de",
        "p2",
    ),
    Case("ipv4", "127.0.0.1", "ip4", "127.0.0.1", "127.0.0.1", "v4"),
    Case("ipv6", "[::1]", "ip6", "[::1]", "::1", "v6"),
    Case("localhost", "localhost", "loc", "localhost", "localhost", "lh"),
    Case("trailing-dot", "www.imind.com.", "dotted", "imind.com", "imind.com", "d1"),
    Case("upper-case", "WWW.IMIND.COM", "upper", "imind.com", "imind.com", "up"),
    Case("name-spaces", "www.imind.com", "my pref name", "imind.com", "imind.com", "sp"),
    Case("name-unicode", "www.imind.com", "préférence_名前", "imind.com", "imind.com", "uni"),
]
PARAMS = [
    pytest.param(browser, case, id=f"{browser}-{case.id}")
    for browser in STORES
    for case in CASES
    if not (browser == "firefox" and case.bad_key)  # Firefox does not encrypt values
]


def add_row(db: Path, browser: str, case: Case) -> None:
    later = NOW + timedelta(days=30)
    if browser == "chromium":
        raw = case.raw if case.raw is not None else (case.value or "").encode()
        encrypted = chromium_encrypt(case.host, b"x", key=b"0" * 16) if case.bad_key else None
        row = chromium_row(
            case.host, case.name, raw, expires=later, secure=True, http_only=True,
            samesite=2, encrypted=encrypted,
        )  # fmt: skip
        insert(db, "cookies", [row])
        return
    row = firefox_row(
        case.host, case.name, case.value or "", expires=later, secure=True, http_only=True,
        samesite=2,
    )  # fmt: skip
    insert(db, "moz_cookies", [row])
    if case.raw is not None:  # TEXT that is not UTF-8, as Firefox stores header bytes
        with sqlite3.connect(db) as con:
            con.execute(
                "UPDATE moz_cookies SET value = CAST(? AS TEXT) WHERE name = ?",
                [case.raw, case.name],
            )


def dump(db: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row, every column, text as raw bytes."""
    con = sqlite3.connect(db)
    con.text_factory = bytes
    try:
        return sorted(tuple(r) for r in con.execute(f"SELECT * FROM {table}"))
    finally:
        con.close()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    return code, capsys.readouterr().out


def site_totals(capsys: pytest.CaptureFixture[str], store: Path) -> dict[str, int]:
    code, out = cli(capsys, "sites", "--json", "--store", str(store))
    assert code == 0
    return {s["site"]: s["total"] for s in json.loads(out)}


@pytest.mark.parametrize(("browser", "case"), PARAMS)
def test_odd_row_is_grouped_shown_explained_deleted_alone_and_undone(
    browser: str,
    case: Case,
    fixture_stores: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rel, table = STORES[browser]
    shutil.copytree(fixture_stores / rel.split("/")[0], tmp_path / rel.split("/")[0])
    db = tmp_path / rel
    s = ["--store", str(db)]
    before_sites = site_totals(capsys, db)
    add_row(db, browser, case)
    with_row = dump(db, table)

    # grouped under its site, and nowhere else
    after_sites = site_totals(capsys, db)
    assert after_sites.pop(case.site) == before_sites.pop(case.site, 0) + 1
    assert after_sites == before_sites

    # shown with its value and flags; the other cookies still read
    code, out = cli(capsys, "show", case.domain, "--json", "--reveal", *s)
    assert code == 0
    cookies = json.loads(out)["cookies"]
    mine = [c for c in cookies if c["name"] == case.name]
    assert len(mine) == 1, [c["name"] for c in cookies]
    got = mine[0]
    assert got["host"] == case.host
    assert got["site"] == case.site
    assert (got["secure"], got["http_only"], got["same_site"]) == (True, True, "strict")
    if case.error is None:
        assert (got["value"], got["decrypt_error"]) == (case.value, None)
        assert got["size"] == len(case.name.encode()) + len((case.value or "").encode())
    else:
        assert got["value"] is None
        assert got["decrypt_error"] == case.error
        assert got["size"] > len(case.name.encode())  # the stored value still counts
    others = [c for c in cookies if c["name"] != case.name]
    assert all(c["value"] is not None and c["decrypt_error"] is None for c in others)
    if case.site == "imind.com":
        assert {c["name"]: c["value"] for c in others}["_ga"].startswith("GA1.1.")

    # explained
    code, out = cli(capsys, "explain", case.domain, case.name, *s)
    assert code == 0
    assert case.name in out

    # deleted alone: every other row byte-identical
    code, out = cli(capsys, "delete", case.domain, "--name", case.name, "--yes", *s)
    assert code == 0, out
    after_delete = dump(db, table)
    assert len(after_delete) == len(with_row) - 1
    assert set(after_delete) < set(with_row)

    # and undo puts exactly that row back, bytes and all
    code, out = cli(capsys, "undo")
    assert code == 0
    assert dump(db, table) == with_row


@pytest.mark.parametrize("browser", list(STORES))
def test_values_that_cannot_be_read_are_said_once_and_make_export_exit_1(
    browser: str, fixture_stores: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel, _table = STORES[browser]
    top = rel.split("/")[0]
    shutil.copytree(fixture_stores / top, tmp_path / top)
    db = tmp_path / rel
    unreadable = [c for c in CASES if c.error and not (browser == "firefox" and c.bad_key)]
    for case in unreadable:
        add_row(db, browser, case)
    s = ["--store", str(db)]

    capsys.readouterr()
    assert main(["show", "imind.com", *s]) == 0
    err = capsys.readouterr().err.splitlines()
    said = [line for line in err if "cannot be decrypted" in line]
    if browser == "chromium":  # one line for the store, with the likely cause and fix
        assert len(said) == 1 and "1 value cannot be decrypted" in said[0]
        assert "keyring" in said[0] and str(db) in said[0]
    else:
        assert said == []

    for fmt in ("json", "netscape"):
        out = tmp_path / f"export.{fmt}"
        assert main(["export", "imind.com", "--format", fmt, "-o", str(out), *s]) == 1
        warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
        assert len(warnings) == 1, warnings
        assert f"{len(unreadable)} cookie" in warnings[0]
        assert out.exists()  # the readable ones are written all the same
