"""The app driven by keys against private copies of stores real browsers wrote."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.widgets.sites_table import SitesTable

from .conftest import FIXTURES, settle

SIZE = (100, 30)
Row = tuple[object, ...]


def rows(cookie_file: Path) -> dict[tuple[str, str, str], Row]:
    """Every row of a Chromium store, whole, by (host, name, path)."""
    with sqlite3.connect(f"file:{cookie_file}?mode=ro", uri=True) as con:
        con.row_factory = None
        columns = [r[1] for r in con.execute("PRAGMA table_info(cookies)")]
        key = [columns.index(c) for c in ("host_key", "name", "path")]
        out = {}
        for row in con.execute("SELECT * FROM cookies"):
            out[tuple(row[i] for i in key)] = tuple(row)
        return out


def select_category_of(screen: SiteScreen, cookie_name: str) -> None:
    index = next(
        i
        for i, g in enumerate(screen.groups)
        if any(c.cookie.name == cookie_name for c in g.cookies)
    )
    screen.categories.cursor = index


def site_total(app: CookieApp, site: str) -> int:
    """The cookie count the sites list shows for `site` (after the latest scan)."""
    return next(row.summary.total for row in app.sites_screen.table.rows if row.site == site)


class Notices:
    """Every notify() of the app, as (message, title, severity)."""

    def __init__(self, app: CookieApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[tuple[str, str, str]] = []
        notify = app.notify

        def spy(message: str, **kwargs: object) -> None:
            self.seen.append(
                (message, str(kwargs.get("title", "")), str(kwargs.get("severity", "information")))
            )
            notify(message, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "notify", spy)

    def of(self, severity: str) -> list[str]:
        return [m for m, _title, s in self.seen if s == severity]


async def test_filter_narrows_sites_as_you_type(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SitesTable)
        assert table.total_count == 4
        await pilot.press("slash", "s", "h", "o")
        assert table.row_count == 0
        await pilot.press("backspace", "backspace", "backspace", *"vk")
        assert [table.highlighted.site] == ["vk.com"]  # type: ignore[union-attr]
        await pilot.press("escape")
        assert table.row_count == 4
        await pilot.press("slash", *"imi", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SiteScreen)
        assert app.screen.site == "imind.com"
        await pilot.press("escape")
        assert app.screen.query_one(SitesTable).has_focus


async def test_delete_category_then_undo(
    chromium_cookies: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = rows(chromium_cookies)
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed = site_total(app, "imind.com")
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        select_category_of(screen, "_ga")
        await pilot.pause()
        group = screen.group
        assert group is not None and group.id == "analytics"
        doomed = {(c.cookie.host, c.cookie.name, c.cookie.path) for c in group.cookies}
        assert {name for _host, name, _path in doomed} >= {"_ga", "_gid"}
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        after = rows(chromium_cookies)
        assert set(after) == set(before) - doomed
        assert all(after[key] == before[key] for key in after), "another row changed"
        assert "analytics" not in [g.id for g in screen.groups if g.cookies]
        assert site_total(app, "imind.com") == listed - len(doomed)

        await pilot.press("u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
        assert rows(chromium_cookies) == before
        assert site_total(app, "imind.com") == listed, "the sites list was rescanned"
        assert any(m.startswith("Put back 2 cookies") for m in notices.of("information"))

        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing left to undo" in m for m in notices.of("warning"))


async def test_refuses_while_the_browser_runs(
    chromium_dir: Path, make_app: Callable[..., CookieApp]
) -> None:
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", chromium_dir / "SingletonLock")
    cookie_file = chromium_dir / "Default" / "Cookies"
    before = rows(cookie_file)
    app = make_app(store=cookie_file, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("X")
        modal = app.screen
        assert isinstance(modal, ConfirmDelete)
        assert "close chromium first" in str(modal.query_one(".running").render())
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is modal
        await pilot.press("escape")
        assert isinstance(app.screen, SiteScreen)
    assert rows(cookie_file) == before


@pytest.mark.parametrize("content", [b"", b"this is not a database" * 50])
async def test_a_corrupt_store_is_a_notice_and_the_rest_loads(
    make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    config = Path(os.environ["HOME"]) / ".config" / "chromium"
    shutil.copytree(FIXTURES / "chromium", config)
    (config / "Profile 1").mkdir()
    (config / "Profile 1" / "Cookies").write_bytes(content)
    app = make_app()
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(SitesTable).total_count == 4
    warnings = notices.of("warning")
    assert any("Profile 1" in m for m in warnings), notices.seen
    assert all("\n" not in m for m in warnings)


async def test_a_missing_store_is_one_error_line(
    tmp_path: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=tmp_path / "nowhere" / "Cookies")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(SitesTable).total_count == 0
    (error,) = notices.of("error")
    assert "does not exist" in error and "\n" not in error


async def test_cookies_that_cannot_be_deleted_are_a_warning(
    firefox_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Firefox keeps session cookies only in its session file, which is never edited."""
    app = make_app(store=firefox_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        session_only = [
            (i, c)
            for i, g in enumerate(screen.groups)
            for c in g.cookies
            if c.cookie.in_session_store
        ]
        assert session_only, "the Firefox fixture has session cookies"
        index, _item = session_only[0]
        screen.categories.cursor = index
        await pilot.pause()
        await pilot.press("X", "y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
    warnings = notices.of("warning")
    assert any("not deleted" in m and "session" in m for m in warnings), notices.seen
