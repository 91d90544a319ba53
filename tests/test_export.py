"""Exports of a store Chromium wrote: Python's cookie jar and curl read them back."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import stat
import subprocess
from http.cookiejar import MozillaCookieJar
from pathlib import Path

import pytest
from realbrowsers import CookieServer

from cookie_tui.cli import main

STORE = "chromium/Default/Cookies"


@pytest.fixture
def store_path(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return tmp_path / "stores" / STORE


def export(store_path: Path, out: Path, fmt: str, *extra: str) -> None:
    argv = ["export", "imind.com", "--format", fmt, "--store", str(store_path), "-o", str(out)]
    assert main([*argv, *extra]) == 0


def test_netscape_export_loads_in_pythons_cookie_jar_with_values_and_flags(
    store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cookies.txt"
    export(store_path, out, "netscape")

    jar = MozillaCookieJar(str(out))
    jar.load(ignore_discard=True, ignore_expires=True)  # session cookies have expiry 0
    got = {(c.domain, c.name): c for c in jar}
    assert got[("www.imind.com", "imind_session")].value == "s3ss10n-4f2a9c"  # decrypted
    assert got[("www.imind.com", "imind_session")].has_nonstandard_attr(
        "HTTPOnly"
    )  # the jar's spelling
    assert got[("www.imind.com", "imind_session")].secure
    assert got[("www.imind.com", "imind_session")].expires == 0
    assert got[(".imind.com", "lang")].domain_specified
    assert not got[("www.imind.com", "theme")].domain_specified
    assert got[("www.imind.com", "account_tab")].path == "/account"
    assert got[(".imind.com", "lang")].expires > 1_700_000_000
    assert len(got) == 16


def test_curl_sends_the_exported_cookies_to_the_right_host(
    store_path: Path, tmp_path: Path
) -> None:
    if shutil.which("curl") is None and os.environ.get("CI") != "true":
        pytest.skip("curl is not installed")
    out = tmp_path / "cookies.txt"
    export(store_path, out, "netscape", "--category", "login")
    export(store_path, tmp_path / "all.txt", "netscape")

    with CookieServer() as server:
        port = server.ports["https"]

        def sent(host: str, path: str, jar: Path) -> set[str]:
            page = subprocess.run(
                [
                    *("curl", "-sSk", "--max-time", "10", "-b", str(jar)),
                    *("--resolve", f"{host}:{port}:127.0.0.1", server.url(host, path)),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            header = html.unescape(re.search(r'<pre id="cookie">(.*)</pre>', page).group(1))
            return {part.strip() for part in header.split(";") if part.strip()}

        assert sent("www.imind.com", "/echo", out) == {
            "imind_session=s3ss10n-4f2a9c",
            "remember_me=u1842-tok-9b1e",
        }
        everything = sent("www.imind.com", "/echo", tmp_path / "all.txt")
        assert {"lang=en", "_ga=GA1.1.123456789.1700000000", "csrftoken=f0rmT0k3n"} <= everything
        # Path=/account and other sites' cookies stay out of a request for www.imind.com/echo
        assert not any(c.startswith(("datr=", "account_tab=")) for c in everything)


def test_json_export_is_the_show_schema_with_values(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cookies.json"
    export(store_path, out, "json", "--category", "analytics")
    doc = json.loads(out.read_text())
    assert doc["site"] == "imind.com"
    by_name = {c["name"]: c for c in doc["cookies"]}
    assert set(by_name) == {"_ga", "_gid"}
    assert by_name["_ga"]["value"] == "GA1.1.123456789.1700000000"
    assert by_name["_ga"]["value_hidden"] is False
    assert by_name["_ga"]["category"] == "analytics"
    assert by_name["_ga"]["host"] == ".imind.com"


def test_export_files_are_private_whatever_the_umask(store_path: Path, tmp_path: Path) -> None:
    existing = tmp_path / "old.txt"
    existing.write_text("world readable before")
    existing.chmod(0o644)
    old_umask = os.umask(0)
    try:
        export(store_path, tmp_path / "new.txt", "netscape")
        export(store_path, existing, "json")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert json.loads(existing.read_text())["cookies"]


def test_show_json_and_export_json_are_one_document(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One builder writes both: every key and value of `show --json --reveal` is in the
    export, `rule` and `shared_with` included (export once lacked `rule`)."""
    s = ["--store", str(store_path)]
    assert main(["show", "imind.com", "--json", "--reveal", *s]) == 0
    shown = json.loads(capsys.readouterr().out)
    out = tmp_path / "all.json"
    assert main(["export", "imind.com", "-o", str(out), *s]) == 0
    exported = json.loads(out.read_text())
    assert exported == shown
    keys = {k for c in exported["cookies"] for k in c}
    assert {"rule", "shared_with", "category", "value"} <= keys
    assert any(c["rule"] for c in exported["cookies"])
    assert any(c["shared_with"] == "facebook.com" for c in exported["cookies"])
