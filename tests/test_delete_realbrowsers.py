"""Proof in the real browsers: after `cookie-tui delete`, the restarted browser no longer
sends the deleted cookies and still sends every other one; after `cookie-tui undo` it
sends them again; and while the browser runs, deleting is refused (exit 3), store unchanged.

Profiles are built by the real Debian chromium / firefox-esr against the local server of
`tests/realbrowsers.py`; `cookie-tui` runs as a subprocess with HOME/XDG in tmp.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
import time
from pathlib import Path

import pytest
from realbrowsers import (
    CookieServer,
    chromium_cookie_db,
    cookie_tui,
    firefox_session,
    require_browsers,
    run_chromium,
    run_firefox,
)

pytestmark = pytest.mark.browser

SITE = "www.imind.com"
DELETED = {"_ga", "_gid"}  # the analytics category of imind.com


@pytest.fixture(autouse=True)
def _require_browsers() -> None:
    require_browsers()


def sent(page: str) -> dict[str, str]:
    """name -> value of the Cookie header an /echo page shows."""
    match = re.search(r'<pre id="cookie">(.*?)</pre>', page, re.S)
    assert match, page[:300]
    pairs = [p.strip().partition("=") for p in html.unescape(match.group(1)).split(";")]
    return {name: value for name, _, value in pairs if name}


def digest(path: Path) -> str:
    files = [path, Path(f"{path}-wal")]
    return hashlib.sha256(b"".join(p.read_bytes() for p in files if p.exists())).hexdigest()


def test_chromium_delete_restart_undo_restart(short_tmp: Path) -> None:
    udd, home = short_tmp / "chromium", short_tmp / "home"
    with CookieServer() as server:
        echo = server.url(SITE, "/echo")
        baseline = sent(run_chromium(udd, [*server.tour_urls("fixture"), echo])[-1])
        assert set(baseline) >= DELETED and len(baseline) > len(DELETED)
        store = chromium_cookie_db(udd)

        done = cookie_tui(
            home, "delete", "imind.com", "--category", "analytics", "--store", str(store), "--yes"
        )
        assert done.returncode == 0, done.stderr
        after_delete = sent(run_chromium(udd, [echo])[0])
        assert after_delete == {k: v for k, v in baseline.items() if k not in DELETED}

        undone = cookie_tui(home, "undo")
        assert undone.returncode == 0, undone.stderr

        # restart once more; while it runs, a deletion is refused and the store untouched
        pages: list[str] = []
        runner = threading.Thread(
            target=lambda: pages.extend(run_chromium(udd, [echo], settle=3.0)), daemon=True
        )
        runner.start()
        deadline = time.monotonic() + 30
        while not (udd / "SingletonLock").is_symlink():
            assert time.monotonic() < deadline and runner.is_alive()
            time.sleep(0.05)
        time.sleep(0.5)
        before = digest(store)
        refused = cookie_tui(
            home, "delete", "imind.com", "--category", "social", "--store", str(store), "--yes"
        )
        after = digest(store)
        runner.join(timeout=60)
        assert refused.returncode == 3, refused.stderr
        assert "is running" in refused.stderr
        assert after == before
        assert sent(pages[0]) == baseline


def test_firefox_delete_restart_undo_restart(short_tmp: Path) -> None:
    profile, home = short_tmp / "firefox" / "x7k2m9qa.default-release", short_tmp / "home"
    profile.mkdir(parents=True)
    store = profile / "cookies.sqlite"
    with CookieServer() as server:
        echo = server.url(SITE, "/echo")
        baseline = sent(run_firefox(profile, [*server.tour_urls("fixture"), echo])[-1])
        assert set(baseline) >= DELETED and len(baseline) > len(DELETED)

        done = cookie_tui(
            home, "delete", "imind.com", "--category", "analytics", "--store", str(store), "--yes"
        )
        assert done.returncode == 0, done.stderr
        after_delete = sent(run_firefox(profile, [echo])[0])
        assert after_delete == {k: v for k, v in baseline.items() if k not in DELETED}

        undone = cookie_tui(home, "undo")
        assert undone.returncode == 0, undone.stderr

        with firefox_session(profile) as client:
            client.navigate(echo)  # type: ignore[attr-defined]
            page = client.page_source  # type: ignore[attr-defined]
            time.sleep(1.0)  # let Firefox finish its own writes of this visit
            before = digest(store)
            refused = cookie_tui(
                home,
                "delete",
                "imind.com",
                "--category",
                "social",
                "--store",
                str(store),
                "--yes",
                "--force",
            )
            after = digest(store)
        assert refused.returncode == 3, refused.stderr
        assert after == before
        assert sent(page) == baseline
