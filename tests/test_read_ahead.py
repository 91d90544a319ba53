"""A site's rows read ahead (`reader.find_ahead`) while a command imports, on a store
firefox-esr wrote.

imind.com's policy names facebook.com among its third parties, so opening imind.com reads
facebook.com's rows beside the rows read ahead: Facebook's `fr`, partitioned under
imind.com, is found by both and must come once. `notimind.com` holds `imind.com` in its
name (the prefilter's substring test finds it) and is never imind.com's. What was read
ahead is the store as it was then, and taken once: a later read sees the store as it
is. A read ahead that fails is read again, and its failure reported, as if nothing had
been read ahead. A command that ends before it takes the rows leaves no private copy of
the store behind.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from realbrowsers import CookieServer, CookieSpec, cookie_tui, require_browsers, run_firefox

from cookie_tui.errors import StoreError
from cookie_tui.records import Cookie
from cookie_tui.site_view import load_site_view
from cookie_tui.stores import reader
from cookie_tui.stores.selection import store_from_path

pytestmark = pytest.mark.browser

YEAR = 365 * 86400
W = "www.imind.com"
SCENARIO = (
    CookieSpec("facebook.com", "c_user", "login", domain="facebook.com", max_age=YEAR),
    CookieSpec(W, "_ga", "GA1.1.1", domain="imind.com", max_age=YEAR),
    CookieSpec(W, "_fbp", "fb.1.1", domain="imind.com", max_age=YEAR),
    CookieSpec("notimind.com", "look_alike", "x", domain="notimind.com", max_age=YEAR),
    CookieSpec(
        "facebook.com", "fr", "chips", max_age=YEAR, secure=True, samesite="None",
        partitioned=True, top_frame=W,
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store firefox-esr wrote for the scenario, made once for the module."""
    require_browsers()
    profile = tmp_path_factory.mktemp("ff") / "x7k2m9qa.default-release"
    profile.mkdir()
    with CookieServer({"ahead": SCENARIO}) as server:
        run_firefox(profile, server.tour_urls("ahead"))
    return profile


@pytest.fixture
def profile(written: Path, tmp_path: Path) -> Path:
    """A copy of the written store that a test may change."""
    copy = tmp_path / written.name
    copy.mkdir()
    for part in written.glob("cookies.sqlite*"):
        shutil.copy2(part, copy / part.name)
    return copy


def seen(cookies: list[Cookie]) -> Counter[tuple[str, str, str | None]]:
    return Counter((c.host.lstrip("."), c.name, c.partition_key) for c in cookies)


def test_rows_read_ahead_and_read_after_come_once_each(profile: Path) -> None:
    store = store_from_path(profile / "cookies.sqlite")
    plain = seen(reader.read_sites(store, ["imind.com", "facebook.com"]))
    reader.find_ahead(store, "IMIND.com")  # a site as typed: case does not matter
    ahead = seen(reader.read_sites(store, ["imind.com", "facebook.com"]))
    assert ahead == plain
    assert set(ahead.values()) == {1}
    assert ("facebook.com", "fr", "https://imind.com") in ahead
    assert {("imind.com", "_ga", None), ("facebook.com", "c_user", None)} <= set(ahead)
    assert not any(host == "notimind.com" for host, _, _ in ahead)
    reader.find_ahead(store, "imind.com")  # the partition is read ahead with the hosts
    assert ("facebook.com", "fr", "https://imind.com") in seen(
        reader.read_sites(store, ["imind.com"])
    )


def test_rows_read_ahead_are_the_store_then_and_taken_once(profile: Path) -> None:
    """What a command shows is the store as it was when its read began; a later read
    sees it as it is then."""
    path = profile / "cookies.sqlite"
    store = store_from_path(path)
    reader.find_ahead(store, "imind.com")
    time.sleep(1.0)  # the read ahead of five rows is long done
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM moz_cookies WHERE name = '_ga'")
    con.close()
    assert ("imind.com", "_ga", None) in seen(reader.read_sites(store, ["imind.com"]))
    again = seen(reader.read_sites(store, ["imind.com"]))
    assert ("imind.com", "_ga", None) not in again
    assert ("imind.com", "_fbp", None) in again


def test_a_failed_read_ahead_is_read_again_and_reported(
    profile: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = profile / "cookies.sqlite"
    store = store_from_path(path)
    for extra in profile.glob("cookies.sqlite-*"):
        extra.unlink()
    good = path.read_bytes()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)  # a damaged header
    reader.find_ahead(store, "imind.com")
    with pytest.raises(StoreError) as failed:
        reader.read_sites(store, ["imind.com"])
    with pytest.raises(StoreError) as plain:
        reader.read_sites(store, ["imind.com"])
    assert str(failed.value) == str(plain.value)
    assert "Traceback" not in capfd.readouterr().err

    # a read ahead that failed holds nothing back once the store is whole again
    reader.find_ahead(store, "imind.com")
    path.write_bytes(good)
    assert ("imind.com", "_ga", None) in seen(reader.read_sites(store, ["imind.com"]))


def test_show_gives_what_a_read_without_ahead_gives(profile: Path, tmp_path: Path) -> None:
    path = profile / "cookies.sqlite"
    shown = cookie_tui(tmp_path / "home", "show", "imind.com", "--store", str(path), "--json")
    assert shown.returncode == 0, shown.stderr
    listed = Counter(
        (c["host"].lstrip("."), c["name"], c["category"])
        for c in json.loads(shown.stdout)["cookies"]
    )
    view = load_site_view([store_from_path(path)], "imind.com")
    assert listed == Counter(
        (item.cookie.host.lstrip("."), item.cookie.name, item.category_id) for item in view.cookies
    )
    assert ("facebook.com", "fr", "social") in listed


def test_a_command_that_ends_before_its_read_ahead_leaves_no_copy(
    profile: Path, tmp_path: Path
) -> None:
    """A store with a `-wal` is read from a private copy, values in plain text. A command
    that ends first (a broken policy, say) waits for the read ahead to remove its copy."""
    path = profile / "cookies.sqlite"
    with open(f"{path}-wal", "wb") as wal:
        wal.truncate(32 << 20)  # a copy that takes a while (sparse on disk)
    runtime = tmp_path / "run"
    script = (
        "from pathlib import Path\n"
        "from cookie_tui.stores import reader\n"
        "from cookie_tui.stores.selection import store_from_path\n"
        f"store = store_from_path(Path({str(path)!r}))\n"
        "reader.find_ahead(store, 'imind.com')\n"
        f"copies = Path({str(runtime / 'cookie-tui')!r})\n"
        "while not any(copies.iterdir()):  # the copy has begun: the command ends now\n"
        "    pass\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ended.returncode == 0, ended.stderr
    assert "Traceback" not in ended.stderr
    assert list((runtime / "cookie-tui").iterdir()) == []
