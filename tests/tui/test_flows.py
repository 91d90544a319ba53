"""The app driven by keys against private copies of a store Chromium wrote."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.widgets.sites_table import SitesTable

from .conftest import STORES

SIZE = (100, 30)


def rows(cookie_file: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(cookie_file) as con:
        return set(con.execute("SELECT host_key, name, path FROM cookies"))


async def settle(app: CookieApp, pilot: Pilot) -> None:
    """Workers start workers (scan, then findings; delete, then reload): wait for all."""
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def select_category_of(screen: SiteScreen, cookie_name: str) -> None:
    index = next(
        i
        for i, g in enumerate(screen.groups)
        if any(c.cookie.name == cookie_name for c in g.cookies)
    )
    screen.query_one("#categories").index = index  # type: ignore[attr-defined]


async def test_filter_narrows_sites_as_you_type(
    chromium_dir: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_dir / "Default" / "Cookies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(SitesTable)
        assert table.total_count == 3
        await pilot.press("slash", "s", "h", "o")
        assert table.row_count == 0
        await pilot.press("backspace", "backspace", "backspace", *"example.o")
        assert [table.highlighted.site] == ["example.org"]  # type: ignore[union-attr]
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SiteScreen)
        assert app.screen.site == "example.org"


@pytest.mark.skipif(
    importlib.util.find_spec("cookie_tui.deletion") is None,
    reason="cookie_tui.deletion is not written yet",
)
async def test_delete_category_then_undo(
    chromium_dir: Path, make_app: Callable[..., CookieApp]
) -> None:
    cookie_file = chromium_dir / "Default" / "Cookies"
    before = rows(cookie_file)
    app = make_app(store=cookie_file, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        select_category_of(screen, "_ga")
        await pilot.pause()
        group = screen.group
        assert group is not None
        doomed = {(c.cookie.host, c.cookie.name, c.cookie.path) for c in group.cookies}
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(app, pilot)
        assert rows(cookie_file) == before - doomed
        assert app.last_deletion is not None
        await pilot.press("u")
        await settle(app, pilot)
        assert rows(cookie_file) == before
        assert app.last_deletion is None


async def test_refuses_while_the_browser_runs(
    chromium_dir: Path, make_app: Callable[..., CookieApp]
) -> None:
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", chromium_dir / "SingletonLock")
    cookie_file = chromium_dir / "Default" / "Cookies"
    before = rows(cookie_file)
    app = make_app(store=cookie_file, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("X")
        modal = app.screen
        assert isinstance(modal, ConfirmDelete)
        assert "close chromium first" in str(modal.query_one(".running").render())
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is modal
        await pilot.press("escape")
        assert isinstance(app.screen, SiteScreen)
    assert rows(cookie_file) == before


@pytest.mark.parametrize("content", [b"", b"this is not a database" * 50])
async def test_a_corrupt_store_is_a_notice_and_the_rest_loads(
    tmp_path: Path,
    make_app: Callable[..., CookieApp],
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
) -> None:
    config = Path(os.environ["HOME"]) / ".config" / "chromium"
    shutil.copytree(STORES / "chromium", config)
    (config / "Profile 1").mkdir()
    (config / "Profile 1" / "Cookies").write_bytes(content)
    app = make_app()
    notices: list[tuple[str, str]] = []
    notify = app.notify

    def spy(message: str, **kwargs: object) -> None:
        notices.append((message, str(kwargs.get("severity", "information"))))
        notify(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", spy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one(SitesTable).total_count == 3
    warnings = [m for m, severity in notices if severity == "warning"]
    assert any("Profile 1" in m for m in warnings), notices
    assert all("\n" not in m for m in warnings)
