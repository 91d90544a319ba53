"""The real firefox-esr and chromium, started on an empty HOME, create their default profiles
wherever they choose; discovery must find both stores there and `cookie-tui show` must read
the cookie each browser kept.

Nothing tells the browsers where to write (no `--profile`, no `--user-data-dir`, no
XDG_CONFIG_HOME), so the test follows the layout the installed versions pick and fails when a
new version moves its profiles somewhere discovery does not look. Skips without the browsers,
except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from realbrowsers import (
    CHROMIUM_FLAGS,
    FIREFOX,
    LOOPBACK,
    CookieServer,
    CookieSpec,
    _kill,
    drive_chromium,
    isolated_env,
    require_browsers,
)

from cookie_tui.stores.discovery import discover

pytestmark = pytest.mark.browser

DAY = 86400
PROBES = {
    "firefox": CookieSpec(LOOPBACK, "firefox_probe", "ff-1", max_age=DAY, scheme="http"),
    "chromium": CookieSpec(LOOPBACK, "chromium_probe", "cr-1", max_age=DAY, scheme="http"),
}


def first_run_env(home: Path) -> dict[str, str]:
    """A new user's environment: HOME in tmp and no XDG_CONFIG_HOME, so each browser picks
    its own default; MOZ_DISABLE_NONLOCAL_CONNECTIONS refuses Firefox every connection off
    this machine (no prefs can be set before its profile exists)."""
    env = isolated_env(home)
    del env["XDG_CONFIG_HOME"]
    return {**env, "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_DISABLE_NONLOCAL_CONNECTIONS": "1"}


def firefox_first_run(home: Path, url: str, *, timeout: float = 120.0) -> None:
    """`firefox-esr --headless --screenshot`: creates the default profile, loads `url`, and
    quits by itself once the page is drawn."""
    cmd = [FIREFOX, "--headless", "--screenshot", str(home.parent / "firefox.png"), url]
    proc = None
    with open(home.parent / "firefox.log", "ab") as log:
        try:
            proc = subprocess.Popen(
                cmd,
                env=first_run_env(home),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
            code = proc.wait(timeout=timeout)
            if code != 0:
                raise RuntimeError(f"firefox exited {code}; see {log.name}")
        finally:
            _kill(proc)


def chromium_first_run(home: Path, url: str, *, timeout: float = 90.0) -> None:
    """Chromium on its own default profile. `--headless` would not do: without
    `--user-data-dir` it uses a throwaway folder (seen with Chromium 156:
    ~/.cache/chromium-headless/scoped_dir*), so the ordinary browser runs on the headless
    Ozone platform, driven over the DevTools pipe, and quits with `Browser.close`, the clean
    exit that writes the cookie store."""
    flags = [f for f in CHROMIUM_FLAGS if f != "--headless"]
    log = home.parent / "chromium.log"
    drive_chromium(
        [*flags, "--ozone-platform=headless"], first_run_env(home), log, [url], timeout=timeout
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty HOME after each browser's first run against a page that sets one cookie."""
    require_browsers()
    home = tmp_path_factory.mktemp("first-run") / "home"
    home.mkdir()
    scenarios = {name: [spec] for name, spec in PROBES.items()}
    with CookieServer(scenarios) as server:
        firefox_first_run(home, server.url(LOOPBACK, "/set/firefox", "http"))
        chromium_first_run(home, server.url(LOOPBACK, "/set/chromium", "http"))
    return home


def written_stores(home: Path) -> set[str]:
    """Every cookie database the browsers created, wherever they put it, relative to home."""
    paths = {*home.rglob("cookies.sqlite"), *home.rglob("Cookies")}
    return {p.relative_to(home).as_posix() for p in paths}


def test_discovery_finds_exactly_the_stores_the_browsers_created(home: Path) -> None:
    stores, errors = discover(home=home, env=first_run_env(home))
    assert errors == []
    assert {s.path.relative_to(home).as_posix() for s in stores} == written_stores(home)
    assert sorted(s.family for s in stores) == ["chromium", "firefox"]


def test_show_reads_the_cookie_each_browser_kept(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cookie_tui", "show", LOOPBACK, "--json", "--reveal"],
        env=first_run_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    cookies = json.loads(result.stdout)["cookies"]
    got = {(c["browser"], c["name"], c["value"], Path(c["store"]).name) for c in cookies}
    assert got == {
        ("firefox", "firefox_probe", "ff-1", "cookies.sqlite"),
        ("chromium", "chromium_probe", "cr-1", "Cookies"),
    }
