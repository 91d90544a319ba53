"""Real chromium and firefox-esr store what our server set: checked on the raw tables.

Regenerates stores into tmp with `tests/realbrowsers.py` (HOME/XDG in tmp too). Skips when
a browser is missing, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import lz4.block
import pytest
from Cryptodome.Cipher import AES
from Cryptodome.Protocol.KDF import PBKDF2
from Cryptodome.Util.Padding import unpad
from realbrowsers import (
    FIXTURE_COOKIES,
    CookieServer,
    CookieSpec,
    chromium_cookie_db,
    chromium_echo,
    firefox_echo,
    require_browsers,
    run_chromium,
    run_firefox,
)

pytestmark = pytest.mark.browser

CAP = 400 * 86400  # both browsers cap a cookie's lifetime at 400 days
SLACK = 120  # seconds between the server's clock and a browser's creation time
CHROMIUM_SAMESITE = {"None": 0, "Lax": 1, "Strict": 2, None: -1}
FIREFOX_SAMESITE = {"None": 0, "Lax": 1, "Strict": 2, None: 256}
EPOCH_1601 = 11_644_473_600
KEY = PBKDF2(b"peanuts", b"saltysalt", 16, 1)


def _require_browsers() -> None:
    require_browsers()


def host_of(spec: CookieSpec) -> str:
    return f".{spec.domain}" if spec.domain else spec.host


def lifetime(spec: CookieSpec, created: float) -> float:
    if spec.max_age is not None:
        return min(spec.max_age, CAP)
    assert spec.expires is not None
    return min(spec.expires.timestamp() - created, CAP)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    _require_browsers()
    tmp = tmp_path_factory.mktemp("realbrowsers")
    home = tmp / "home"
    out: dict[str, object] = {"tmp": tmp}
    with CookieServer() as server:
        urls = server.tour_urls("fixture")
        echo = server.url("www.imind.com", "/echo")
        run_chromium(tmp / "chromium", urls, home=home)
        out["chromium_echo"] = chromium_echo(tmp / "chromium", echo, home=home)
        norestore = tmp / "chromium-norestore"
        run_chromium(norestore, urls, home=home, restore_session=False)
        out["norestore_rows_after_exit"] = set(chromium_rows(norestore))
        out["chromium_norestore_echo"] = chromium_echo(
            norestore, echo, home=home, restore_session=False
        )
        profile = tmp / "firefox" / "abcd1234.default-release"
        run_firefox(profile, urls, home=home)
        out["firefox_echo"] = firefox_echo(profile, echo, home=home)
    out["now"] = datetime.now(UTC).timestamp()
    return out


def chromium_rows(user_data_dir: Path) -> dict[tuple[str, str, str], sqlite3.Row]:
    con = sqlite3.connect(f"file:{chromium_cookie_db(user_data_dir)}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        assert con.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0] == "24"
        return {
            (r["host_key"], r["name"], r["path"]): r for r in con.execute("SELECT * FROM cookies")
        }
    finally:
        con.close()


def decrypt_v24(host_key: str, blob: bytes) -> str:
    assert blob[:3] == b"v10"
    plain = unpad(AES.new(KEY, AES.MODE_CBC, b" " * 16).decrypt(blob[3:]), 16)
    assert plain[:32] == hashlib.sha256(host_key.encode()).digest()
    return plain[32:].decode()


def test_chromium_keeps_every_cookie_with_session_restore(stores: dict) -> None:
    rows = chromium_rows(stores["tmp"] / "chromium")
    assert set(rows) == {(host_of(s), s.name, s.path) for s in FIXTURE_COOKIES}
    for spec in FIXTURE_COOKIES:
        row = rows[(host_of(spec), spec.name, spec.path)]
        label = f"{spec.host} {spec.name}"
        assert row["value"] == "", label
        assert decrypt_v24(row["host_key"], row["encrypted_value"]) == spec.value, label
        assert row["is_secure"] == spec.secure, label
        assert row["is_httponly"] == spec.httponly, label
        assert row["samesite"] == CHROMIUM_SAMESITE[spec.samesite], label
        expected_top = "https://imind.com" if spec.top_frame else ""
        assert row["top_frame_site_key"] == expected_top, label
        assert row["source_scheme"] == (2 if spec.scheme == "https" else 1), label
        assert row["is_persistent"] == row["has_expires"] == (not spec.session), label
        if spec.session:
            assert row["expires_utc"] == 0, label
        else:
            created = row["creation_utc"] / 1e6 - EPOCH_1601
            assert abs(created - stores["now"]) < SLACK, label
            span = (row["expires_utc"] - row["creation_utc"]) / 1e6
            assert abs(span - lifetime(spec, created)) < 5, label


def test_chromium_without_restore_drops_session_cookies_on_the_next_launch(stores: dict) -> None:
    """What Chromium 156 does, found by running it: a clean exit (Browser.close) leaves the
    session cookies' rows in Default/Cookies even without session restore; the next launch
    that loads the cookie store deletes them and never sends them."""
    everything = {(host_of(s), s.name, s.path) for s in FIXTURE_COOKIES}
    assert stores["norestore_rows_after_exit"] == everything
    rows = chromium_rows(stores["tmp"] / "chromium-norestore")
    assert set(rows) == {(host_of(s), s.name, s.path) for s in FIXTURE_COOKIES if not s.session}
    expected = {s.name: s.value for s in FIXTURE_COOKIES if sent_to_www_echo(s) and not s.session}
    assert echoed(stores["chromium_norestore_echo"]) == expected


def sent_to_www_echo(spec: CookieSpec) -> bool:
    on_host = spec.domain == "imind.com" or (spec.domain is None and spec.host == "www.imind.com")
    return on_host and spec.path == "/" and not spec.top_frame


def echoed(header: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in header.split("; ") if part)


def test_chromium_sends_what_it_stored(stores: dict) -> None:
    expected = {s.name: s.value for s in FIXTURE_COOKIES if sent_to_www_echo(s)}
    assert echoed(stores["chromium_echo"]) == expected


def test_firefox_stores_persistent_cookies_in_cookies_sqlite(stores: dict) -> None:
    profile = stores["tmp"] / "firefox" / "abcd1234.default-release"
    con = sqlite3.connect(f"file:{profile / 'cookies.sqlite'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        rows = {
            (r["host"], r["name"], r["path"]): r for r in con.execute("SELECT * FROM moz_cookies")
        }
    finally:
        con.close()
    persistent = [s for s in FIXTURE_COOKIES if not s.session]
    assert set(rows) == {(host_of(s), s.name, s.path) for s in persistent}
    for spec in persistent:
        row = rows[(host_of(spec), spec.name, spec.path)]
        label = f"{spec.host} {spec.name}"
        assert row["value"] == spec.value, label
        assert row["isSecure"] == spec.secure, label
        assert row["isHttpOnly"] == spec.httponly, label
        assert row["sameSite"] == FIREFOX_SAMESITE[spec.samesite], label
        assert row["schemeMap"] == (2 if spec.scheme == "https" else 1), label
        partition = "^partitionKey=%28https%2Cimind.com%29" if spec.top_frame else ""
        assert row["originAttributes"] == partition, label
        created = row["creationTime"] / 1e6
        assert abs(created - stores["now"]) < SLACK, label
        assert abs(row["expiry"] / 1e3 - created - lifetime(spec, created)) < 5, label


def test_firefox_keeps_session_cookies_in_the_session_store(stores: dict) -> None:
    raw = (
        stores["tmp"] / "firefox" / "abcd1234.default-release" / "sessionstore.jsonlz4"
    ).read_bytes()
    assert raw[:8] == b"mozLz40\0"
    session = json.loads(lz4.block.decompress(raw[8:]))
    got = {(c["host"], c["name"], c["path"]): c for c in session["cookies"]}
    expected = [s for s in FIXTURE_COOKIES if s.session]
    assert set(got) == {(host_of(s), s.name, s.path) for s in expected}
    for spec in expected:
        cookie = got[(host_of(spec), spec.name, spec.path)]
        assert cookie["value"] == spec.value
        assert cookie.get("secure", False) == spec.secure
        assert cookie.get("httponly", False) == spec.httponly
        assert cookie["sameSite"] == FIREFOX_SAMESITE[spec.samesite]


def test_firefox_sends_what_it_stored(stores: dict) -> None:
    expected = {s.name: s.value for s in FIXTURE_COOKIES if sent_to_www_echo(s)}
    assert echoed(stores["firefox_echo"]) == expected


SAMESITE_WORD = {"None": "none", "Lax": "lax", "Strict": "strict", None: "unspecified"}


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_our_reader_returns_what_the_server_set(
    stores: dict, browser: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole path a user takes: `cookie-tui show --json --reveal` on the fresh store."""
    from cookie_tui.cli import main

    tmp = stores["tmp"]
    assert isinstance(tmp, Path)
    if browser == "chromium":
        db = chromium_cookie_db(tmp / "chromium")
    else:
        db = tmp / "firefox" / "abcd1234.default-release" / "cookies.sqlite"
    sites = ["imind.com", "facebook.com", "vk.com", "partner-widget.com"]
    got: dict[tuple[str, str], dict] = {}
    for site in sites:
        assert main(["--store", str(db), "show", site, "--json", "--reveal"]) == 0
        for c in json.loads(capsys.readouterr().out)["cookies"]:
            got[(c["host"], c["name"])] = c
    for spec in FIXTURE_COOKIES:
        c = got[(host_of(spec), spec.name)]
        assert c["value"] == spec.value, spec.name
        assert c["path"] == spec.path, spec.name
        assert c["secure"] is spec.secure and c["http_only"] is spec.httponly, spec.name
        assert c["same_site"] == SAMESITE_WORD[spec.samesite], spec.name
        assert c["session"] is (spec.max_age is None and spec.expires is None), spec.name
        assert (c["partition_key"] is not None) is spec.partitioned, spec.name
