"""Cookie values are credentials: no command, screen, notice, log line or error shows one
unless the user asked for values (`show --reveal`, `export`, `v` in the app).

A known secret is planted in copies of the stores real Chromium and Firefox wrote, found
where cookie-tui discovers browsers in the (temporary) HOME, then every way of looking at
the cookies is searched for it, or for any 10-character piece of it (a truncated value).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from storefactory import NOW, chromium_row, firefox_row, insert
from textual.pilot import Pilot

from cookie_tui.changes.deletion import execute, plan_deletion
from cookie_tui.changes.undo import undo_last
from cookie_tui.cli import main
from cookie_tui.errors import CookieTuiError
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import select_stores
from cookie_tui.tui.app import CookieApp, Options
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen

SITE = "imind.com"
NAME = "sso_probe"  # the iMind policy puts `sso_*` in its necessary "login" category
CATEGORY = "login"
FIXED_NOW = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)


def pieces(secret: str) -> list[str]:
    """Every 10-character window: a value cut short on screen is still a leak."""
    return [secret[i : i + 10] for i in range(len(secret) - 9)]


def leaks(text: str, secret: str) -> list[str]:
    return [p for p in pieces(secret) if p in text]


@pytest.fixture
def secret() -> str:
    return "S3cr3t-" + uuid.uuid4().hex


@pytest.fixture
def stores(fixture_stores: Path, secret: str) -> dict[str, Path]:
    """Copies of both browsers' stores where discovery finds them, each holding the secret."""
    home = Path(os.environ["HOME"])
    chromium = home / ".config" / "chromium"
    firefox = home / ".mozilla" / "firefox"
    shutil.copytree(fixture_stores / "chromium", chromium)
    shutil.copytree(fixture_stores / "firefox", firefox)
    paths = {
        "chromium": chromium / "Default" / "Cookies",
        "firefox": firefox / "x7k2m9qa.default-release" / "cookies.sqlite",
    }
    later = NOW + timedelta(days=30)
    insert(
        paths["chromium"],
        "cookies",
        [chromium_row("www.imind.com", NAME, secret, expires=later, secure=True)],
    )
    insert(
        paths["firefox"],
        "moz_cookies",
        [firefox_row("www.imind.com", NAME, secret, expires=later, secure=True)],
    )
    return paths


def clean_env() -> dict[str, str]:
    """The test's own environment (private HOME) without any COOKIE_TUI_* switch."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COOKIE_TUI_")}


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cookie_tui", *argv],
        capture_output=True,
        text=True,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


# Every subcommand that must not show a value, in an order that deletes and undoes for real.
MASKED_COMMANDS: list[tuple[list[str], set[int]]] = [
    (["browsers"], {0}),
    (["browsers", "--json"], {0}),
    (["sites"], {0}),
    (["sites", "--json"], {0}),
    (["show", SITE], {0}),
    (["show", SITE, "--json"], {0}),
    (["show", SITE, "--category", CATEGORY], {0}),
    (["explain", SITE, NAME], {0}),
    (["explain", SITE, NAME, "--json"], {0}),
    (["audit", SITE], {0, 4}),
    (["audit", SITE, "--json"], {0, 4}),
    (["delete", SITE, "--category", CATEGORY, "--dry-run"], {0}),
    (["delete", SITE, "--name", NAME], {5}),  # asks; no terminal means no (declined)
    (["delete", SITE, "--category", CATEGORY, "--yes"], {0}),
    (["backups"], {0}),
    (["backups", "--json"], {0}),
    (["undo"], {0}),
    (["policy", "check", str(Path(__file__).parents[1] / "policies" / "imind.yaml")], {0}),
]


def test_no_subcommand_shows_a_value_unless_asked(stores: dict[str, Path], secret: str) -> None:
    for argv, codes in MASKED_COMMANDS:
        done = run(*argv)
        assert done.returncode in codes, (argv, done.returncode, done.stderr)
        assert leaks(done.stdout, secret) == [], argv
        assert leaks(done.stderr, secret) == [], argv
        if argv[:2] == ["show", SITE] and "--json" in argv:
            mine = [c for c in json.loads(done.stdout)["cookies"] if c["name"] == NAME]
            assert {c["browser"] for c in mine} == {"chromium", "firefox"}
            assert all(c["value"] is None and c["value_hidden"] for c in mine)
        if argv[0] == "delete" and "--yes" in argv:
            assert "Deleted" in done.stdout  # the deletion happened, so undo had work
            assert all(NAME not in names(p) for p in stores.values())
    assert all(NAME in names(p) for p in stores.values())  # undo put the secret back

    # Asked for, the value is there: the checks above could fail.
    revealed = run("show", SITE, "--reveal")
    assert revealed.returncode == 0
    assert revealed.stdout.count(secret) == 2  # one per browser
    as_json = run("show", SITE, "--json", "--reveal")
    values = [c["value"] for c in json.loads(as_json.stdout)["cookies"] if c["name"] == NAME]
    assert values == [secret, secret]
    for fmt in ("json", "netscape"):
        exported = run("export", SITE, "--format", fmt)
        assert exported.returncode == 0
        assert exported.stdout.count(secret) == 2, fmt
        assert leaks(exported.stderr, secret) == []


def names(store: Path) -> set[str]:
    table = "moz_cookies" if store.name == "cookies.sqlite" else "cookies"
    with sqlite3.connect(store) as con:
        return {n for (n,) in con.execute(f"SELECT name FROM {table}")}


def test_logs_hold_no_value_at_debug(
    stores: dict[str, Path],
    secret: str,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    for argv, codes in MASKED_COMMANDS:
        assert main(argv) in codes, argv
    assert main(["show", SITE, "--reveal"]) == 0
    assert main(["export", SITE, "--format", "netscape"]) == 0
    out = capsys.readouterr()
    assert secret in out.out  # it was read and decrypted while logging was on
    assert leaks(caplog.text, secret) == []
    assert all(leaks(str(r.args), secret) == [] for r in caplog.records)


def test_core_errors_never_carry_a_value(stores: dict[str, Path], secret: str) -> None:
    """The errors a user sees when things go wrong around the secret cookie."""
    found: list[CookieTuiError] = []
    all_stores, _ = select_stores()
    view = load_site_view(all_stores, SITE)
    mine = [i.cookie for i in view.cookies if i.cookie.name == NAME]
    assert {c.value for c in mine} == {secret}
    assert secret not in repr(mine)  # dataclass repr keeps the value out

    # undo refused: the cookie was set again since, with another secret value
    execute(plan_deletion(mine))
    second = "S3cr3t-" + uuid.uuid4().hex
    later = NOW + timedelta(days=60)
    insert(
        stores["chromium"],
        "cookies",
        [chromium_row("www.imind.com", NAME, second, expires=later, secure=True)],
    )
    skipped = undo_last().skipped  # the newer cookie is kept and named, never its value
    assert any("set again" in line for line in skipped)
    texts = list(skipped)

    # a store that broke after it was read: the deletion names the file, not the rows
    view = load_site_view(all_stores, SITE)
    again = [i.cookie for i in view.cookies if i.cookie.name == NAME]
    stores["chromium"].write_bytes(b"not a database any more " + second.encode())
    with pytest.raises(CookieTuiError) as broken:
        execute(plan_deletion(again))
    found.append(broken.value)

    for error in found:
        texts.append(
            f"{error} {error!r} {getattr(error, 'problem', '')} {getattr(error, 'hint', '')}"
        )
    for text in texts:
        assert leaks(text, secret) == [], text
        assert leaks(text, second) == [], text


# --- the app ------------------------------------------------------------------------------


async def settle(app: CookieApp, pilot: Pilot) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[CookieApp], list[str]]]:
    seen: list[str] = []

    def spy_on(app: CookieApp) -> list[str]:
        notify = app.notify

        def spy(message: str, **kwargs: object) -> None:
            seen.append(f"{kwargs.get('title', '')}: {message}")
            notify(message, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "notify", spy)
        return seen

    yield spy_on


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
async def test_app_masks_the_value_until_v(
    stores: dict[str, Path],
    secret: str,
    browser: str,
    notices: Callable[[CookieApp], list[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    app = CookieApp(Options(store=stores[browser]), now=lambda: FIXED_NOW)
    app.animation_level = "none"
    seen = notices(app)
    screens: list[str] = []
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(app, pilot)
        screens.append(app.export_screenshot())  # the sites screen
        await pilot.press("slash", *SITE, "enter", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        screens.append(app.export_screenshot())
        screen.categories.cursor = [g.id for g in screen.groups].index(CATEGORY)
        await pilot.pause()
        row = [c.cookie.name for c in screen.group.cookies].index(NAME)  # type: ignore[union-attr]
        screen.table.cursor = row
        await pilot.pause()
        shot = app.export_screenshot()
        assert NAME in shot and "••••" in shot  # its row and its explanation, masked
        screens.append(shot)
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDelete)
        screens.append(app.export_screenshot())
        await pilot.press("y")
        await settle(app, pilot)
        assert NAME not in names(stores[browser])
        screens.append(app.export_screenshot())
        await pilot.press("u")
        await settle(app, pilot)
        assert NAME in names(stores[browser])
        screens.append(app.export_screenshot())
        for text in screens:
            assert leaks(text, secret) == []
        assert leaks("\n".join(seen), secret) == [], seen
        assert any("Deleted" in n for n in seen) and any("Put back" in n for n in seen)

        # v shows it: the checks above could fail
        screen.categories.cursor = [g.id for g in screen.groups].index(CATEGORY)
        await pilot.pause()
        row = [c.cookie.name for c in screen.group.cookies].index(NAME)  # type: ignore[union-attr]
        screen.table.cursor = row
        await pilot.press("v")
        await pilot.pause()
        assert secret in app.export_screenshot()
    assert leaks(caplog.text, secret) == []
