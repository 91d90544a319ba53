"""Undo in the app: one deletion per press, exactly what came back, never racing a delete."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from cookie_tui.changes import deletion
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import settle
from .test_flows import Notices, rows

SIZE = (100, 30)


def select(screen: SiteScreen, category: str) -> None:
    screen.categories.cursor = [g.id for g in screen.groups].index(category)


async def delete_category(app: CookieApp, pilot: object, category: str) -> None:
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    select(screen, category)
    await pilot.press("X")  # type: ignore[attr-defined]
    assert isinstance(app.screen, ConfirmDelete)
    await pilot.press("y")  # type: ignore[attr-defined]


class Gate:
    """Holds every deletion until `open()`: a deletion that is still running."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.event = threading.Event()
        self.entered = threading.Event()
        real = deletion.execute

        def held(plan: deletion.DeletionPlan, **kwargs: object) -> deletion.DeletionResult:
            self.entered.set()
            assert self.event.wait(10)
            return real(plan, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(deletion, "execute", held)  # write_jobs imports it when it runs

    def open(self) -> None:
        self.event.set()


async def test_two_quick_u_undo_one_deletion_each_newest_first(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(chromium_cookies)
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await delete_category(app, pilot, "analytics")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        await delete_category(app, pilot, "preferences")
        await settle(pilot, until=lambda: app.jobs.undoable == 2)
        assert rows(chromium_cookies) != before
        await pilot.press("u", "u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
        await pilot.press("u")
        await pilot.pause()
    assert rows(chromium_cookies) == before
    put_back = [m for m, _, _ in notices.seen if m.startswith("Put back")]
    assert put_back == [
        "Put back 2 cookies (Site preferences of imind.com).",
        "Put back 2 cookies (Google Analytics of imind.com).",
    ]
    assert notices.of("warning")[-1] == "Nothing left to undo."
    assert not notices.of("error")


async def test_a_deletion_of_nothing_leaves_u_to_the_real_one(
    firefox_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=firefox_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        ordinary = next(
            g.id
            for g in screen.groups
            if g.cookies and not any(c.cookie.in_session_store for c in g.cookies)
        )
        await delete_category(app, pilot, ordinary)
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        index, row = next(
            (i, r)
            for i, g in enumerate(screen.groups)
            for r, c in enumerate(g.cookies)
            if c.cookie.in_session_store
        )
        screen.categories.cursor = index
        await pilot.pause()
        screen.table.cursor = row
        await pilot.press("x", "y")
        await settle(
            pilot, until=lambda: any("Nothing was deleted" in m for m, _, _ in notices.seen)
        )
        assert app.jobs.undoable == 1
        await pilot.press("u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
    messages = [m for m, _, _ in notices.seen]
    assert "Nothing was deleted." in messages
    assert not any("Deleted 0" in m or "cookie(s)" in m for m in messages)
    title = next(g.title for g in screen.view.groups if g.id == ordinary)  # type: ignore[union-attr]
    assert any(m.startswith("Put back") and f"({title} of imind.com)" in m for m in messages)


async def test_u_while_a_deletion_runs_waits_for_it_and_says_so(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(chromium_cookies)
    gate = Gate(monkeypatch)
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await delete_category(app, pilot, "analytics")
        await asyncio.to_thread(gate.entered.wait, 10)
        await pilot.press("u")
        await pilot.pause()
        assert "Undo waits for the running deletion to finish." in [m for m, _, _ in notices.seen]
        gate.open()
        await settle(pilot, until=lambda: any(m.startswith("Put back") for m, _, _ in notices.seen))
    assert rows(chromium_cookies) == before
    assert not notices.of("error"), notices.seen


async def test_q_during_a_deletion_finishes_it_then_quits(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(chromium_cookies)
    gate = Gate(monkeypatch)
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await delete_category(app, pilot, "analytics")
        await asyncio.to_thread(gate.entered.wait, 10)
        await pilot.press("q")
        await pilot.pause(0.3)
        assert app.is_running
        assert "The deletion completes first; cookie-tui quits right after." in [
            m for m, _, _ in notices.seen
        ]
        gate.open()
        for _ in range(100):
            if app.return_code is not None:
                break
            await asyncio.sleep(0.05)
        assert app.return_code == 0
    after = rows(chromium_cookies)
    assert {name for _host, name, _path in set(before) - set(after)} == {"_ga", "_gid"}
