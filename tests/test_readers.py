"""The readers against stores real browsers wrote: every attribute the server set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cookie_tui.records import CANNOT_DECRYPT, NOT_UTF8, Cookie
from cookie_tui.stores.selection import store_from_path
from cookie_tui.stores.sites import read_site, summarize

FIXTURES = Path(__file__).parent / "fixtures" / "stores"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
CHROMIUM = FIXTURES / "chromium" / "Default" / "Cookies"
FIREFOX = next((FIXTURES / "firefox").glob("*/cookies.sqlite"))
FIREFOX_WAL = next((FIXTURES / "firefox-wal").glob("*/cookies.sqlite"))
CAP = timedelta(days=400)  # both browsers cap lifetimes at 400 days
SAMESITE = {None: "unspecified", "None": "none", "Lax": "lax", "Strict": "strict"}
THIRD_PARTIES = ("facebook.com", "vk.com", "partner-widget.com")


def read_all(path: Path) -> dict[str, Cookie]:
    cookies, errors = read_site([store_from_path(path)], "imind.com", THIRD_PARTIES)
    assert errors == []
    by_name = {c.name: c for c in cookies}
    assert len(by_name) == len(cookies), "fixture names are unique"
    return by_name


def expected_expiry(spec: dict, created: datetime) -> datetime | None:
    if spec["session"]:
        return None
    if spec["max_age"] is not None:
        return created + min(timedelta(seconds=spec["max_age"]), CAP)
    return min(datetime.fromtimestamp(spec["expires"], UTC), created + CAP)


@pytest.mark.parametrize("path", [CHROMIUM, FIREFOX], ids=["chromium", "firefox"])
def test_every_cookie_the_server_set_with_every_attribute(path: Path) -> None:
    got = read_all(path)
    assert sorted(got) == sorted(spec["name"] for spec in EXPECTED["cookies"])
    for spec in EXPECTED["cookies"]:
        c = got[spec["name"]]
        where = f"{path.parent.name}:{c.name}"
        host = "." + spec["domain"] if spec["domain"] else spec["set_by_host"]
        assert c.host == host, where
        assert c.host_only is spec["host_only"], where
        assert c.value == spec["value"], where
        assert c.decrypt_error is None, where
        assert c.path == spec["path"], where
        assert c.secure is spec["secure"], where
        assert c.http_only is spec["httponly"], where
        assert c.same_site == SAMESITE[spec["samesite"]], where
        assert c.partition_key == (spec["top_frame_site"] if spec["partitioned"] else None), where
        assert c.created is not None or c.in_session_store, where
        if not c.in_session_store:
            want = expected_expiry(spec, c.created)  # type: ignore[arg-type]
            if want is None:
                assert c.expires is None, where
            else:
                assert c.expires is not None, where
                assert abs(c.expires - want) <= timedelta(seconds=1), where
        assert c.size == len(c.name.encode()) + len(spec["value"].encode()), where


def test_firefox_session_cookies_come_from_the_session_store() -> None:
    got = read_all(FIREFOX)
    session = {n for n, c in got.items() if c.in_session_store}
    assert session == {s["name"] for s in EXPECTED["cookies"] if s["session"]}
    assert all(got[n].expires is None for n in session)


def test_chromium_keeps_session_cookies_as_rows() -> None:
    got = read_all(CHROMIUM)
    for spec in EXPECTED["cookies"]:
        if spec["session"]:
            assert got[spec["name"]].expires is None
            assert not got[spec["name"]].in_session_store


def test_rows_only_in_the_firefox_wal_are_read() -> None:
    got = read_all(FIREFOX_WAL)
    in_wal = {(h, n, p) for h, n, p in EXPECTED["wal_only_rows"]}
    assert in_wal <= {(c.host, c.name, c.path) for c in got.values()}


def test_reading_changes_no_file(tmp_path: Path) -> None:
    for src in (FIXTURES / "chromium", FIXTURES / "firefox", FIXTURES / "firefox-wal"):
        shutil.copytree(src, tmp_path / src.name)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for db in tmp_path.rglob("*ookies*"):
        if db.name in ("Cookies", "cookies.sqlite"):
            read_all(db)
            summarize([store_from_path(db)])
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_store_kind_comes_from_the_schema_not_the_name(tmp_path: Path) -> None:
    shutil.copyfile(CHROMIUM, tmp_path / "cookies.sqlite")
    shutil.copyfile(FIREFOX, tmp_path / "Cookies")
    assert store_from_path(tmp_path / "cookies.sqlite").family == "chromium"
    assert store_from_path(tmp_path / "Cookies").family == "firefox"


def test_store_option_finds_the_profile_from_where_the_file_lies() -> None:
    chromium = store_from_path(CHROMIUM)
    assert chromium.profile == "Person 1"  # display name from Local State above it
    assert chromium.user_data_dir == FIXTURES / "chromium"
    firefox = store_from_path(FIREFOX)
    assert firefox.profile_dir == FIREFOX.parent


def test_exact_site_filter_not_substring(tmp_path: Path) -> None:
    from storefactory import chromium_row, insert

    db = tmp_path / "Default" / "Cookies"
    db.parent.mkdir()
    shutil.copyfile(CHROMIUM, db)
    insert(db, "cookies", [chromium_row(".notimind.com", "impostor", "x")])
    got = read_all(db)
    assert "impostor" not in got
    sites, _ = summarize([store_from_path(db)])
    assert {"imind.com", "notimind.com"} <= {s.site for s in sites}


@pytest.mark.parametrize("family", ["chromium", "firefox"])
def test_a_site_whose_name_holds_a_like_wildcard_is_read_exactly(
    family: str, tmp_path: Path
) -> None:
    """The queries only escape what LIKE would read as a wildcard; `_` in a name must
    still match itself, its own and its partitioned cookies, and no look-alike's."""
    from storefactory import chromium_row, firefox_row, insert

    source = CHROMIUM if family == "chromium" else FIREFOX
    db = tmp_path / source.parent.name / source.name
    db.parent.mkdir()
    shutil.copyfile(source, db)

    def partitioned_under(site: str) -> dict[str, str]:
        if family == "chromium":
            return {"top_frame_site": f"https://{site}"}
        return {"partition_site": site}

    table, row = ("cookies", chromium_row) if family == "chromium" else ("moz_cookies", firefox_row)
    rows = [
        row(".my_shop.com", "mine", "1"),
        row(".axb.com", "lookalike", "2"),
        row(".my-shop.com", "lookalike2", "3"),
        row(".tracker.net", "partitioned", "4", **partitioned_under("my_shop.com")),
        row(".tracker.net", "elsewhere", "5", **partitioned_under("myxshop.com")),
    ]
    insert(db, table, rows)
    cookies, errors = read_site([store_from_path(db)], "my_shop.com")
    assert errors == []
    assert sorted(c.name for c in cookies) == ["mine", "partitioned"]


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cookie_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("dbus", [None, "unix:path=/nonexistent/bus"], ids=["no-dbus", "dead-dbus"])
def test_values_decrypt_without_a_dbus_session(dbus: str | None, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS")}
    if dbus:
        env["DBUS_SESSION_BUS_ADDRESS"] = dbus
    out = cli("--store", str(CHROMIUM), "show", "imind.com", "--json", "--reveal", env=env)
    assert out.returncode == 0, out.stderr
    values = {c["name"]: c["value"] for c in json.loads(out.stdout)["cookies"]}
    assert values["_ga"] == "GA1.1.123456789.1700000000"
    assert out.stderr == ""


def test_browsers_lists_every_profile_with_counts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(FIXTURES / "chromium", home / ".config" / "chromium")
    shutil.copytree(FIXTURES / "firefox", home / ".mozilla" / "firefox")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    out = cli("browsers", "--json", env=env)
    assert out.returncode == 0, out.stderr
    rows = {(r["browser"], r["profile"]): r for r in json.loads(out.stdout)}
    assert set(rows) == {("chromium", "Person 1"), ("firefox", "default-release")}
    n = len(EXPECTED["cookies"])
    assert rows[("chromium", "Person 1")]["cookies"] == n
    assert rows[("firefox", "default-release")]["cookies"] == n
    assert not any(r["running"] for r in rows.values())


def test_sites_counts_partitioned_cookies_under_their_top_frame_site() -> None:
    sites, errors = summarize([store_from_path(CHROMIUM)])
    assert errors == []
    by_site = {s.site: s for s in sites}
    assert by_site["imind.com"].third_party == 1
    first_party = sum(1 for s in EXPECTED["cookies"] if s["set_by_host"].endswith("imind.com"))
    assert by_site["imind.com"].total == first_party + 1
    assert by_site["partner-widget.com"].total == 1


def test_a_host_added_after_listing_sites_is_still_read(tmp_path: Path) -> None:
    """Listing the sites leaves nothing behind that hides a host added after it."""
    from storefactory import chromium_row, insert

    db = tmp_path / "Default" / "Cookies"
    db.parent.mkdir()
    shutil.copyfile(CHROMIUM, db)
    store = store_from_path(db)
    summarize([store])
    insert(db, "cookies", [chromium_row("new.imind.com", "fresh", "1")])
    cookies, _ = read_site([store], "imind.com")
    assert "fresh" in {c.name for c in cookies}


@pytest.mark.parametrize("path", [CHROMIUM, FIREFOX], ids=["chromium", "firefox"])
def test_a_site_read_alone_or_with_others_gives_the_same_rows(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways to find a site's rows (a LIKE pass per spelling, or one listing of every
    host when there are many spellings) must pick exactly the same cookies."""
    from cookie_tui.stores import chromium as chromium_store

    store = store_from_path(path)

    def keys(site: str, *extra: str) -> set[tuple]:
        cookies, errors = read_site([store], site, extra)
        assert errors == []
        return {(c.store.path, c.key, c.in_session_store) for c in cookies}

    sites = ["imind.com", *THIRD_PARTIES]
    alone = {site: keys(site) for site in sites}
    together = keys(*sites)
    assert together == set().union(*alone.values())
    assert len(together) == len(EXPECTED["cookies"])
    monkeypatch.setattr(chromium_store, "_MAX_LIKE_SPELLINGS", 0)
    assert {site: keys(site) for site in sites} == alone
    assert keys(*sites) == together
    partitioned = {s["name"] for s in EXPECTED["cookies"] if s["partitioned"]}
    assert partitioned <= {c.name for c in read_site([store], "imind.com")[0]}


def browser_cookie3_with_the_linux_key() -> Any:
    """A browser-cookie3 decryptor holding Chromium's built-in Linux key, built the way
    its own constructor does once the keyring has answered (no keyring answers here)."""
    import browser_cookie3
    from Cryptodome.Protocol.KDF import PBKDF2

    found: Any = object.__new__(browser_cookie3.Chromium)
    found.salt, found.iv, found.length = b"saltysalt", b" " * 16, 16
    key = PBKDF2(browser_cookie3.CHROMIUM_DEFAULT_PASSWORD, found.salt, found.length, 1)
    found.v10_key = found.v11_key = key
    found.v11_empty_key = PBKDF2(b"", found.salt, found.length, 1)
    return found


def chromium_rows() -> tuple[bool, list[tuple[str, bytes]]]:
    import sqlite3

    con = sqlite3.connect(f"file:{CHROMIUM}?mode=ro", uri=True)
    integrity = int(con.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]) >= 24
    rows = con.execute("SELECT host_key, encrypted_value FROM cookies").fetchall()
    con.close()
    assert rows and all(enc.startswith(b"v10") for _, enc in rows)
    return integrity, rows


def test_browser_cookie3s_private_decrypt_is_what_we_call() -> None:
    """browser-cookie3 has no public call to open one value; `_BrowserCookie3` calls its
    private `_decrypt`. If a new browser-cookie3 renames or changes it, this fails here,
    not as "cannot decrypt" on every user's values."""
    import inspect

    import browser_cookie3

    from cookie_tui.stores import chromium_crypto

    params = list(inspect.signature(browser_cookie3.ChromiumBased._decrypt).parameters)
    assert params[:3] == ["self", "value", "encrypted_value"]
    ours = chromium_crypto._BrowserCookie3(browser_cookie3_with_the_linux_key())
    integrity, rows = chromium_rows()
    for host, enc in rows:
        assert chromium_crypto.decrypt(ours, "", enc, integrity) == (
            chromium_crypto.decrypt_linux_v10(enc, integrity)[0],
            None,
        ), host
    # without a keyring our own default-key decryptor opens the same values
    fallback = chromium_crypto._DefaultLinuxKey()
    for host, enc in rows:
        assert fallback.decrypt("", enc, integrity) == ours.decrypt("", enc, integrity), host


def test_own_v10_decryption_is_browser_cookie3s() -> None:
    """On Linux `v10` values are decrypted without browser-cookie3 (its import alone cost a
    third of opening a site); every value Chromium wrote must come out as it does there."""
    from cookie_tui.stores import chromium_crypto

    integrity, rows = chromium_rows()
    reference = browser_cookie3_with_the_linux_key()
    for host, enc in rows:
        want = reference._decrypt("", enc, integrity)
        assert chromium_crypto.decrypt_linux_v10(enc, integrity) == (want, None), host
        tampered = enc[:-1] + bytes([enc[-1] ^ 0x5A])
        got = chromium_crypto.decrypt_linux_v10(tampered, integrity)
        try:
            want_tampered = reference._decrypt("", tampered, integrity)
        except Exception:  # noqa: BLE001 - browser-cookie3 raises several kinds here
            want_tampered = None
        if want_tampered is None:  # it cannot tell a wrong key from non-UTF-8 bytes; we can
            assert got in ((None, CANNOT_DECRYPT), (None, NOT_UTF8)), host
        else:
            assert got == (want_tampered, None), host


def test_the_written_out_linux_key_is_chromiums_derivation() -> None:
    import hashlib

    from cookie_tui.stores import chromium_crypto

    derived = hashlib.pbkdf2_hmac("sha1", b"peanuts", b"saltysalt", 1, 16)
    assert derived == chromium_crypto._LINUX_V10_KEY
