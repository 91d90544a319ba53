"""Broken stores: one clear line naming the file, exit 1, the other stores still load, and
no file changes (every file is hashed before and after)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from Cryptodome.Cipher import AES
from Cryptodome.Util.Padding import unpad
from holders import sqlite_exclusive
from storefactory import LINUX_V10_KEY, chromium_encrypt

from cookie_tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "stores"


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME with a good Chromium profile and a second one we break per test."""
    home = tmp_path / "home"
    good = home / ".config/chromium"
    shutil.copytree(FIXTURES / "chromium", good)
    bad = home / ".config/google-chrome/Default"
    bad.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return home


def good_store(home: Path) -> Path:
    found = list((home / ".config/chromium").rglob("Cookies"))
    assert len(found) == 1
    return found[0]


def bad_store(home: Path) -> Path:
    return home / ".config/google-chrome/Default/Cookies"


def run_sites(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], list[str]]:
    code = main(["sites", "--json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out), [line for line in err.splitlines() if line]


def make_old_schema(path: Path) -> None:
    """A Chromium store as version 18 wrote it: no partition or source columns, and values
    encrypted without the SHA-256 host prefix that version 24 added."""
    con = sqlite3.connect(path)
    rows = con.execute("SELECT rowid, host_key, encrypted_value FROM cookies").fetchall()
    for rowid, host, blob in rows:
        plain = chromium_decrypt_v24(host, blob)
        con.execute(
            "UPDATE cookies SET encrypted_value = ? WHERE rowid = ?",
            (chromium_encrypt(host, plain, integrity=False), rowid),
        )
    keep = (
        "creation_utc, host_key, name, value, encrypted_value, path, expires_utc, is_secure, "
        "is_httponly, last_access_utc, has_expires, is_persistent, priority, samesite"
    )
    con.executescript(
        f"""
        CREATE TABLE old AS SELECT {keep} FROM cookies;
        DROP TABLE cookies;
        ALTER TABLE old RENAME TO cookies;
        UPDATE meta SET value = '18' WHERE key IN ('version', 'last_compatible_version');
        """
    )
    con.commit()
    con.close()


def chromium_decrypt_v24(host: str, blob: bytes) -> bytes:
    plain = AES.new(LINUX_V10_KEY, AES.MODE_CBC, b" " * 16).decrypt(blob[3:])
    plain = unpad(plain, 16)
    assert plain[:32] == hashlib.sha256(host.encode()).digest()
    return plain[32:]


BROKEN = {
    "zero bytes": (lambda p, good: p.write_bytes(b""), "the file is empty (0 bytes)"),
    "random bytes": (lambda p, good: p.write_bytes(os.urandom(4096)), "not an SQLite database"),
    "truncated": (
        lambda p, good: p.write_bytes(good.read_bytes()[: max(512, good.stat().st_size // 3)]),
        "not a readable SQLite database (corrupt or truncated)",
    ),
    "another schema": (
        lambda p, good: sqlite3.connect(p).executescript(
            "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"
        ),
        "not a browser cookie store",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_store_one_line_exit_1_others_load_nothing_changed(
    case: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = BROKEN[case]
    make(bad_store(home), good_store(home))
    before = tree_hashes(home)
    code, sites, err = run_sites(capsys)
    assert code == 1
    assert len(err) == 1, err
    assert str(bad_store(home)) in err[0]
    assert message in err[0]
    assert "Traceback" not in err[0]
    assert any(s["site"] == "imind.com" for s in sites), "the good store must still load"
    assert tree_hashes(home) == before


def test_old_schema_store_still_reads(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = bad_store(home)
    shutil.copyfile(good_store(home), store)
    make_old_schema(store)
    code = main(["--store", str(store), "show", "imind.com", "--json", "--reveal"])
    out, err = capsys.readouterr()
    assert code == 0, err
    cookies = {c["name"]: c for c in json.loads(out)["cookies"]}
    assert cookies["_ga"]["value"] == "GA1.1.123456789.1700000000"
    assert all(c["partition_key"] is None and c["decrypt_error"] is None for c in cookies.values())


def test_locked_store_is_read_from_a_copy_without_waiting(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = good_store(home)
    with sqlite_exclusive(store):
        code = main(["--store", str(store), "sites", "--json"])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert any(s["site"] == "imind.com" for s in json.loads(out))


def test_unreadable_store_names_the_file(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = bad_store(home)
    shutil.copyfile(good_store(home), store)
    real_open = Path.open

    def deny(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == store:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    code, sites, err = run_sites(capsys)
    assert code == 1
    assert err == [f"cookie-tui: warning: {store}: permission denied (run as the user who owns it)"]
    assert sites


def test_missing_store_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--store", str(tmp_path / "nope.sqlite"), "sites"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == f"cookie-tui: {tmp_path / 'nope.sqlite'}: the file does not exist"
