"""The app keeps its word: keys, palette, pickers, dialogs and notices do what help says."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from cookie_tui.policy.catalog import shipped_policy_dir
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.audit import AuditScreen
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.export_dialog import ExportDialog
from cookie_tui.tui.screens.help import HelpScreen
from cookie_tui.tui.screens.policy_picker import PolicyPicker
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.sites import SitesScreen
from cookie_tui.tui.widgets.sites_table import SitesTable

from .conftest import flat, screen_text, settle
from .test_flows import Notices

SIZE = (100, 30)
BROKEN = Path(__file__).parent.parent / "policies_broken" / "bad_regex.yaml"


async def palette_hits(app: CookieApp, pilot: object, query: str) -> list[str]:
    await pilot.press("ctrl+p", *query)  # type: ignore[attr-defined]
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    hits = palette.query_one(CommandList)
    await settle(pilot, until=lambda: hits.option_count > 0)  # type: ignore[arg-type]
    return [
        str(hits.get_option_at_index(i).prompt).split("\n")[0] for i in range(hits.option_count)
    ]


@pytest.mark.parametrize("query", ["open", "open site fac", "fac", "Open site… face"])
async def test_the_palette_finds_open_site_by_its_own_name(
    demo_cookies: Path, make_app: Callable[..., CookieApp], query: str
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await palette_hits(app, pilot, query)
        assert "Open site… facebook.com" in hits, hits
        if query != "open":
            assert hits[0] == "Open site… facebook.com"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, SiteScreen) and app.screen.site == "facebook.com"


async def test_the_empty_palette_offers_open_site(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)
        await settle(pilot, until=lambda: hits.option_count > 0)
        prompts = [
            str(hits.get_option_at_index(i).prompt).split("\n")[0] for i in range(hits.option_count)
        ]
        assert "Open site… imind.com" in prompts


async def test_a_broken_policy_is_refused_with_its_place_and_the_current_one_stays(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        titles = [g.title for g in screen.groups]
        await pilot.press("p")
        picker = app.screen
        assert isinstance(picker, PolicyPicker)
        picker.query_one(Input).focus()
        await pilot.press(*str(BROKEN), "enter")
        await settle(pilot, until=lambda: "Not used" in screen_text(app))
        shown = flat(screen_text(app))
        assert f"{BROKEN}:8:9:" in shown and "The policy stays the site's own." in shown
        assert app.screen is picker
        await pilot.press("escape")
        assert app.screen is screen and [g.title for g in screen.groups] == titles


async def test_a_typed_path_that_is_not_a_file_is_refused(
    demo_cookies: Path, make_app: Callable[..., CookieApp], tmp_path: Path
) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        app.screen.query_one(Input).focus()
        await pilot.press(*str(fifo), "enter")
        await settle(pilot, until=lambda: "Not used" in screen_text(app))
        assert "not a regular file" in flat(screen_text(app))


async def test_a_policy_picked_with_p_applies_to_that_site_only(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    common = shipped_policy_dir() / "common.yaml"
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        picker = app.screen
        assert isinstance(picker, PolicyPicker)
        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index(str(common))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen) and screen.view is not None
        assert screen.view.policy_set.site_policy is not None
        assert screen.view.policy_set.site_policy.path == common
        await pilot.press("escape", "escape")
        app.open_site("facebook.com")
        await settle(pilot)
        other = app.screen
        assert isinstance(other, SiteScreen) and other.view is not None
        assert other.view.policy_set.site_policy is None, "facebook.com has no policy of its own"
        assert app.policies.for_site("imind.com") == common


async def test_an_audit_finding_opens_its_cookie(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        await pilot.press("a")
        audit = app.screen
        assert isinstance(audit, AuditScreen)
        index = next(i for i, f in enumerate(audit.findings) if f.cookies == ("_gid",))
        findings = audit.query_one(OptionList)
        findings.highlighted = next(
            i
            for i in range(findings.option_count)
            if findings.get_option_at_index(i).id == str(index)
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.cookie is not None and screen.cookie.cookie.name == "_gid"
        assert screen.focused is screen.table


async def test_s_and_a_header_click_sort_the_sites(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SitesTable)
        by_cookies = [row.site for row in table.shown_rows]
        assert by_cookies[0] == "imind.com"
        await pilot.press("s")
        assert [row.site for row in table.shown_rows] == sorted(by_cookies)
        assert "by site" in screen_text(app)
        await pilot.press("s")
        findings = [row.findings or 0 for row in table.shown_rows]
        assert findings == sorted(findings, reverse=True)
        await pilot.click(SitesTable, offset=(40, 0))
        assert table.sort_key == "cookies"
        await pilot.click(SitesTable, offset=(48, 0))
        assert table.sort_key == "tracking"
        await pilot.click(SitesTable, offset=(3, 0))
        assert table.sort_key == "site"


async def test_findings_count_warnings_only(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = next(r for r in app.screen.query_one(SitesTable).rows if r.site == "imind.com")
        app.open_site("imind.com")
        await settle(pilot)
        await pilot.press("a")
        audit = app.screen
        assert isinstance(audit, AuditScreen)
        warnings = [f for f in audit.findings if f.severity == "warning"]
        assert row.findings == len(warnings)


async def test_with_no_browser_the_demo_is_shown_and_said(
    make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: app.sites_screen.table.total_count > 0)
        assert "imind.com" in screen_text(app)
    assert any("No browser cookie store was found" in m for m, _, _ in notices.seen)


@pytest.mark.parametrize(
    ("key", "dialog"),
    [("a", AuditScreen), ("p", PolicyPicker), ("e", ExportDialog), ("X", ConfirmDelete)],
)
async def test_every_dialog_says_how_to_close_and_q_esc_close_it(
    demo_cookies: Path, make_app: Callable[..., CookieApp], key: str, dialog: type
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        site = app.screen
        for closing in ("escape", "q"):
            await pilot.press(key)
            assert isinstance(app.screen, dialog)
            assert "esc" in screen_text(app)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert "esc closes" in screen_text(app)
            await pilot.press("escape")
            assert isinstance(app.screen, dialog)
            await pilot.press(closing)
            assert app.screen is site
        assert app.is_running


async def test_q_quits_from_the_sites_and_the_site_screen(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    for site in (None, "imind.com"):
        app = make_app(store=demo_cookies, site=site)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, SiteScreen if site else SitesScreen)
            await pilot.press("q")
            await pilot.pause()
            assert app.return_code == 0 and not app.is_running
