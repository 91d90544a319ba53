"""Delete exactly what was asked, proven with the real browsers.

A user is logged in to Facebook, Twitter/X and VK directly and DoubleClick knows them;
they visit imind.com, whose Facebook button sets a partitioned `fr` there, and which also
sets a cookie whose name is not UTF-8 (`Set-Cookie: _ga_\\x9f`). Deleting imind.com's
categories never takes those logins (they are the networks' own cookies, shared), takes the
partitioned one with the category, and deletes and restores the raw-byte name exactly;
the restarted browser still sends every login. A running Chromium behind a symlinked
`--store` is refused. Debian's chromium and firefox-esr write every store here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from realbrowsers import (
    CookieServer,
    CookieSpec,
    chromium_cookie_db,
    cookie_tui,
    require_browsers,
    run_chromium,
    run_firefox,
)

pytestmark = pytest.mark.browser

W = "www.imind.com"
YEAR = 365 * 86400
RAW_NAME = "_ga_\x9f"  # sent as the single byte 0x9f (latin-1 headers)
LOGINS = {  # the networks' own sign-ins, set on their own sites
    ("facebook.com", "c_user"),
    ("facebook.com", "xs"),
    ("twitter.com", "auth_token"),
    ("x.com", "auth_token"),
    ("vk.com", "remixsid"),
    ("doubleclick.net", "DSID"),
}


def _login(host: str, name: str, scheme: str = "https") -> CookieSpec:
    secure = scheme == "https"
    return CookieSpec(
        host, name, f"login-{name}", domain=host, max_age=YEAR, secure=secure,
        httponly=True, samesite="None" if secure else None, scheme=scheme,
    )  # fmt: skip


SCENARIO = (
    *(_login(h, n, "http" if h == "doubleclick.net" else "https") for h, n in sorted(LOGINS)),
    CookieSpec(W, "_ga", "GA1.1.1", domain="imind.com", max_age=YEAR),
    CookieSpec(W, RAW_NAME, "raw", domain="imind.com", max_age=YEAR),
    CookieSpec(W, "_fbp", "fb.1.1", domain="imind.com", max_age=YEAR),
    CookieSpec(W, "tracking_xyz", "t", domain="imind.com", max_age=YEAR),
    CookieSpec(
        "facebook.com",
        "fr",
        "chips",
        max_age=YEAR,
        secure=True,
        samesite="None",
        partitioned=True,
        top_frame=W,
    ),
)


@pytest.fixture(autouse=True)
def _require_browsers() -> None:
    require_browsers()


def rows(store: Path) -> set[tuple[str, bytes, bool]]:
    """(site, raw name bytes, partitioned) of every row, as the browser stored them."""
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    con.text_factory = bytes
    try:
        if store.name == "cookies.sqlite":
            found = con.execute("SELECT host, name, originAttributes FROM moz_cookies")
            return {(h.decode().lstrip("."), n, b"partitionKey" in oa) for h, n, oa in found}
        found = con.execute("SELECT host_key, name, top_frame_site_key FROM cookies")
        return {(h.decode().lstrip("."), n, bool(tf)) for h, n, tf in found}
    finally:
        con.close()


def logins_in(store: Path) -> set[tuple[str, str]]:
    named = {(h, n.decode("utf-8", "replace"), part) for h, n, part in rows(store)}
    return {(h, n) for h, n, part in named if (h, n) in LOGINS and not part}


def backups(home: Path) -> list[Path]:
    return sorted((home / ".local/share/cookie-tui/backups").glob("*.sqlite"))


def check_scope(store: Path, home: Path) -> None:
    """The deletions a user makes on imind.com, and what each must leave."""
    assert logins_in(store) == LOGINS
    shown = cookie_tui(home, "show", "imind.com", "--store", str(store), "--json")
    assert shown.returncode == 0, shown.stderr
    view = {(c["name"], c["category"]) for c in json.loads(shown.stdout)["cookies"]}
    assert ("_ga_\\x9f", "analytics") in view  # the raw byte shown escaped, classified
    assert not {n for n, _ in view} & {"auth_token", "DSID"}  # not imind.com's

    # undeclared holds imind.com's own unknown cookie, never another site's login
    done = cookie_tui(
        home, "delete", "imind.com", "--category", "undeclared", "--store", str(store), "--yes"
    )
    assert done.returncode == 0, done.stderr
    assert logins_in(store) == LOGINS
    assert not any(n == b"tracking_xyz" for _, n, _ in rows(store))

    # social: the partitioned `fr` and `_fbp` go; Facebook's and VK's logins are left out
    done = cookie_tui(
        home, "delete", "imind.com", "--category", "social", "--store", str(store), "--yes"
    )
    assert done.returncode == 0, done.stderr
    assert "Left out: 3 cookies that facebook.com, vk.com also use as their own" in done.stdout
    assert logins_in(store) == LOGINS
    left = rows(store)
    assert not any(n in (b"fr", b"_fbp") for _, n, _ in left)

    # analytics: `_ga` and the raw-byte name, by their exact bytes, one backup each time
    done = cookie_tui(
        home, "delete", "imind.com", "--category", "analytics", "--store", str(store), "--yes"
    )
    assert done.returncode == 0, done.stderr
    assert not any(n in (b"_ga", b"_ga_\x9f") for _, n, _ in rows(store))
    assert len(backups(home)) == 3

    undone = cookie_tui(home, "undo", "--store", str(store))
    assert undone.returncode == 0, undone.stderr
    assert "Put back 2 cookies" in undone.stdout
    assert {n for _, n, _ in rows(store)} >= {b"_ga", b"_ga_\x9f"}

    # and with --include-shared the user may take the logins too, said so first
    dry = cookie_tui(
        home, "delete", "imind.com", "--category", "social", "--include-shared",
        "--store", str(store), "--dry-run",
    )  # fmt: skip
    assert dry.returncode == 0 and "c_user on .facebook.com" in dry.stdout
    assert "auth_token" not in dry.stdout  # X and Twitter are not named by imind's policy


def echoes(server: CookieServer) -> list[str]:
    return [
        server.url(h, "/echo", "http" if h == "doubleclick.net" else "https")
        for h, _ in sorted(LOGINS)
    ]


def sent_logins(pages: list[str]) -> set[tuple[str, str]]:
    out = set()
    for (host, name), page in zip(sorted(LOGINS), pages, strict=True):
        if f"{name}=login-{name}" in page:
            out.add((host, name))
    return out


def test_chromium_keeps_other_sites_logins_and_deletes_raw_names_exactly(short_tmp: Path) -> None:
    udd, home = short_tmp / "chromium", short_tmp / "home"
    with CookieServer({"scope": SCENARIO}) as server:
        run_chromium(udd, server.tour_urls("scope"))
        store = chromium_cookie_db(udd)
        check_scope(store, home)
        assert sent_logins(run_chromium(udd, echoes(server))) == LOGINS


def test_firefox_keeps_other_sites_logins_and_deletes_raw_names_exactly(short_tmp: Path) -> None:
    profile, home = short_tmp / "firefox" / "x7k2m9qa.default-release", short_tmp / "home"
    profile.mkdir(parents=True)
    with CookieServer({"scope": SCENARIO}) as server:
        run_firefox(profile, server.tour_urls("scope"))
        check_scope(profile / "cookies.sqlite", home)
        assert sent_logins(run_firefox(profile, echoes(server))) == LOGINS


def test_a_running_chromium_behind_a_symlinked_store_is_refused(short_tmp: Path) -> None:
    udd, home = short_tmp / "chromium", short_tmp / "home"
    with CookieServer({"scope": SCENARIO}) as server:
        run_chromium(udd, server.tour_urls("scope"))
        store = chromium_cookie_db(udd)
        link = short_tmp / "elsewhere" / "Cookies"
        link.parent.mkdir()
        os.symlink(store, link)
        runner = threading.Thread(
            target=run_chromium, args=(udd, [server.url(W, "/echo")]), kwargs={"settle": 3.0},
            daemon=True,
        )  # fmt: skip
        runner.start()
        deadline = time.monotonic() + 30
        while not (udd / "SingletonLock").is_symlink():
            assert time.monotonic() < deadline and runner.is_alive()
            time.sleep(0.05)
        before = store.read_bytes()
        refused = cookie_tui(
            home, "delete", "imind.com", "--category", "analytics", "--store", str(link), "--yes"
        )
        after = store.read_bytes()
        runner.join(timeout=60)
    assert refused.returncode == 3, refused.stderr
    assert "chromium is running" in refused.stderr
    assert after == before
