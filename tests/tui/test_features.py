"""One test per feature of the app: palette, help, audit, reveal, copy, export, filters."""

from __future__ import annotations

import io
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.audit import AuditScreen
from cookie_tui.tui.screens.help import HelpScreen
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.store_picker import StorePicker
from cookie_tui.tui.widgets.sites_table import SitesTable

from .conftest import FIXTURES, settle, widget_text
from .test_flows import Notices, select_category_of

SIZE = (100, 30)
SECRET = "s3ss10n-4f2a9c"
"""The value of imind_session in the Chromium fixture."""


def plain(renderable: object, width: int = 120) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def screen_svg(app: CookieApp) -> str:
    return app.export_screenshot()


async def test_site_option_opens_the_site_directly(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies, site="IMind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SiteScreen)
        assert app.screen.site == "imind.com"
        assert app.screen.sub_title == "imind.com"
        assert len(app.screen_stack) == 2, "Esc goes back to the sites"


async def test_palette_open_site_finds_a_site_fuzzily(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"imnd")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)

        def first_hit() -> str:
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await settle(pilot, until=lambda: "imind" in first_hit())
        assert "Open site… imind.com" in first_hit()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SiteScreen)
        assert app.screen.site == "imind.com"


async def test_help_lists_every_binding_of_the_screen_with_its_key(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        site = app.screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-keys", Static).content)
        lines = text.splitlines()
        for binding in [*SiteScreen.BINDINGS, *CookieApp.BINDINGS]:
            key = app.get_key_display(binding)  # type: ignore[arg-type]
            description = binding.tooltip or binding.description  # type: ignore[union-attr]
            assert any(key in line and description in line for line in lines), (key, text)
        await pilot.press("escape")
        assert app.screen is site


async def test_audit_shows_the_findings_of_the_demo_store(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        audit = app.screen
        assert isinstance(audit, AuditScreen)
        text = widget_text(app, "#findings")
        assert "_gid" in text and "longer than the declared 24 hours" in text
        assert "not declared by any policy" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SiteScreen)


async def test_values_stay_masked_until_v(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        select_category_of(screen, "imind_session")
        await pilot.pause()
        table = screen.table
        names = [item.cookie.name for item in table.items]
        table.cursor = names.index("imind_session")
        await pilot.pause()
        assert SECRET not in screen_svg(app)
        await pilot.press("v")
        await pilot.pause()
        assert SECRET in screen_svg(app)
        await pilot.press("v")
        assert SECRET not in screen_svg(app)


async def test_copy_puts_the_value_on_the_clipboard_but_not_in_the_notice(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=chromium_cookies, site="imind.com")
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        select_category_of(screen, "imind_session")
        await pilot.pause()
        screen.table.cursor = 0
        await pilot.pause()
        assert screen.cookie is not None and screen.cookie.cookie.name == "imind_session"
        await pilot.press("c")
        await pilot.pause()
    assert copied == [SECRET]
    assert notices.seen and all(SECRET not in message for message, _, _ in notices.seen)


async def test_export_writes_the_category_privately_and_names_the_file(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        select_category_of(screen, "imind_session")
        await pilot.press("e")
        await pilot.click("#scope-category")
        await pilot.press("e")
        await settle(pilot, until=lambda: any(t == "Exported" for _, t, _ in notices.seen))
    (message,) = [m for m, title, _ in notices.seen if title == "Exported"]
    path = Path(message.rsplit(" in ", 1)[1])
    assert path.parent == Path(os.environ["XDG_DATA_HOME"]) / "cookie-tui" / "exports"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SECRET in path.read_text() and SECRET not in message
    assert '"category": "login"' in path.read_text()


async def test_b_narrows_the_sites_to_one_of_two_stores(
    make_app: Callable[..., CookieApp],
) -> None:
    home = Path(os.environ["HOME"])
    shutil.copytree(FIXTURES / "chromium", home / ".config" / "chromium")
    shutil.copytree(FIXTURES / "firefox", home / ".mozilla" / "firefox")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SitesTable)
        assert len(app.sites_screen.stores) == 2
        everything = table.total_count
        await pilot.press("b")
        picker = app.screen
        assert isinstance(picker, StorePicker)
        firefox = next(label for label in picker.labels if label.startswith("firefox"))
        await pilot.press(*["down"] * (picker.labels.index(firefox) + 1), "enter")
        await pilot.pause()
        assert table.store_filter == firefox
        assert 0 < table.row_count <= everything
        assert all(row.count(firefox) for row in table.shown_rows)
        await pilot.press("enter")
        await settle(pilot)
        site = app.screen
        assert isinstance(site, SiteScreen)
        assert {store.label for store in site.stores} == {firefox}
        await pilot.press("escape", "escape")
        assert table.store_filter == "" and table.row_count == everything


async def test_enter_goes_into_the_cookies_and_esc_steps_back_out(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        site = app.screen
        assert isinstance(site, SiteScreen)
        assert site.focused is site.query_one("#categories")
        await pilot.press("down", "enter")
        assert site.focused is site.query_one("#cookies")
        await pilot.press("escape")
        assert site.focused is site.query_one("#categories")
        await pilot.press("escape")
        assert app.screen.query_one(SitesTable).has_focus
