"""Text from websites, policy files and browser profiles is shown as written, never as markup.

A website chooses its cookies' names, values and paths; whoever wrote a policy file its
titles, `breaks` texts and patterns; the user the profile names. Read as Textual markup,
`[/]` crashed the app, `[bold red]boom[/]` showed as `boom` and a path
`/[@click=app.quit]shop[/]` quit the app when clicked.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from storefactory import chromium_row, insert
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.audit import AuditScreen
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.policy_picker import PolicyPicker
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.store_picker import StorePicker

from .conftest import FIXTURES, flat, screen_text, settle
from .test_flows import Notices

SIZE = (160, 50)
PROFILE = "Work [/old]"
QUIT_PATH = "/[@click=app.quit]shop[/]"
COOKIES = [
    # (name, value, path)
    ("[/]", "a", "/"),
    ("[bold red]boom[/]", "b", "/"),
    ("obj", "[object Object]", "/"),
    ("list", "list[/]end", "/"),
    ("x", "c", "/shop[/]"),
    ("y", "d", "/[b]p[/b]"),
    ("z", "e", QUIT_PATH),
    ("site_ref", "f", "/"),
    ("color_pref", "g", "/"),
    ("esc\x1b[31mred", "h\x07", "/"),
]
POLICY = """\
name: "Hostile [/] policy [bold red]boom[/]"
sites: [imind.com]
categories:
  - id: login
    title: "Login [/]"
    description: "Keeps [bold]you[/bold] signed in [/]"
    necessary: true
    breaks: "[/]"
    cookies:
      - name: "[/]"
      - name: obj
      - name: list
  - id: strict
    title: "[reverse]Strictly necessary[/reverse] ✔"
    description: "[@click=app.quit]click[/]"
    necessary: true
    breaks: "[@click=app.quit]you are signed out[/]"
    cookies:
      - name: "re:^[/_a-z]+_ref$"
      - name: "re:^[a-z]+_pref$"
      - {name: x, path: "/shop[/]"}
"""
OTHER_POLICY = """\
name: "Evil [/] policy"
sites: [example.org]
categories:
  - id: tracking
    title: "[@click=app.quit]Tracking[/]"
    description: "[/]"
    cookies:
      - name: "re:^[a-z]+_pref$"
"""
SHOWN = [
    "[/]",
    "[bold red]boom[/]",
    "[object Object]",
    "list[/]end",
    "/shop[/]",
    "/[b]p[/b]",
    QUIT_PATH,
    "esc\\x1b[31mred",
    "h\\x07",
    "Login [/]",
    "[reverse]Strictly necessary[/reverse] ✔",
    "Deleting breaks: [/]",
    "[@click=app.quit]you are signed out[/]",
    "[@click=app.quit]click[/]",
    "^[/_a-z]+_ref$",
    "^[a-z]+_pref$",
    f"chromium/{PROFILE}",
    "[b]evil[/b].com",
]


@pytest.fixture
def hostile(make_app: Callable[..., CookieApp]) -> CookieApp:
    """Chromium (profile `Work [/old]`) and Firefox found in HOME, hostile cookies and
    hostile user policies."""
    home = Path(os.environ["HOME"])
    chromium = home / ".config" / "chromium"
    shutil.copytree(FIXTURES / "chromium", chromium)
    shutil.copytree(FIXTURES / "firefox", home / ".mozilla" / "firefox")
    state = json.loads((chromium / "Local State").read_text())
    state["profile"]["info_cache"]["Default"]["name"] = PROFILE
    (chromium / "Local State").write_text(json.dumps(state))
    rows = [chromium_row("www.imind.com", n, v, path=p) for n, v, p in COOKIES]
    rows.append(chromium_row(".[b]evil[/b].com", "evil", "v"))
    insert(chromium / "Default" / "Cookies", "cookies", rows)
    policies = Path(os.environ["XDG_CONFIG_HOME"]) / "cookie-tui" / "policies"
    policies.mkdir(parents=True)
    (policies / "hostile.yaml").write_text(POLICY)
    (policies / "evil.yaml").write_text(OTHER_POLICY)
    return make_app()


async def open_site(app: CookieApp, pilot: object, site: str) -> SiteScreen:
    app.open_site(site)
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    return screen


async def test_every_hostile_text_is_shown_exactly_as_stored(hostile: CookieApp) -> None:
    app = hostile
    seen = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen.append(screen_text(app))
        screen = await open_site(app, pilot, "imind.com")
        await pilot.press("v")
        for index, group in enumerate(screen.groups):
            screen.categories.cursor = index
            await pilot.pause()
            seen.append(screen_text(app))
            for row in range(len(group.cookies)):
                screen.table.cursor = row
                await pilot.pause()
                seen.append(screen_text(app))
        assert app.is_running
    everything = "\n".join(seen)
    missing = [text for text in SHOWN if text not in everything]
    assert not missing
    assert "\x1b[31m" not in everything and "\x07" not in everything


async def test_clicking_a_hostile_path_runs_nothing(hostile: CookieApp) -> None:
    app = hostile
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_site(app, pilot, "imind.com")
        index, group = next(
            (i, g)
            for i, g in enumerate(screen.groups)
            if any(c.cookie.path == QUIT_PATH for c in g.cookies)
        )
        screen.categories.cursor = index
        await pilot.pause()
        row = next(i for i, c in enumerate(group.cookies) if c.cookie.path == QUIT_PATH)
        screen.table.cursor = row
        await pilot.pause()
        assert QUIT_PATH in screen_text(app)
        table = screen.table
        for x in range(0, table.size.width, 2):
            await pilot.click(table, offset=(x, row + 1))
        await pilot.click("#explanation", offset=(20, 0))
        await pilot.pause()
        assert app.is_running and app.screen is screen


async def test_dialogs_pickers_palette_and_notices_show_hostile_text(
    hostile: CookieApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = hostile
    notices = Notices(app, monkeypatch)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, StorePicker)
        assert f"chromium/{PROFILE}" in screen_text(app)
        await pilot.press("escape")

        await pilot.press("ctrl+p", *"open [b]")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)
        await settle(pilot, until=lambda: hits.option_count > 0)
        assert "Open site… [b]evil[/b].com" in screen_text(app)
        await pilot.press("escape")

        screen = await open_site(app, pilot, "imind.com")
        index = next(i for i, g in enumerate(screen.groups) if g.title == "Login [/]")
        screen.categories.cursor = index
        await pilot.pause()
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDelete)
        shown = screen_text(app)
        assert "Login [/]" in shown and "Deleting them: [/]" in shown
        await pilot.press("escape")

        await pilot.press("a")
        assert isinstance(app.screen, AuditScreen)
        assert "[bold red]boom[/]" in flat(screen_text(app))
        await pilot.press("escape")

        await pilot.press("p")
        picker = app.screen
        assert isinstance(picker, PolicyPicker)
        prompts = screen_text(app)
        assert "Evil [/] policy: example.org" in prompts
        assert "Hostile [/] policy [bold red]boom[/]: imind.com" in prompts
        assert picker.query_one(OptionList).option_count >= 4
        await pilot.press("escape")

        index = next(i for i, g in enumerate(screen.groups) if g.id == "undeclared")
        screen.categories.cursor = index
        await pilot.pause()
        names = [c.cookie.name for c in screen.groups[index].cookies]
        screen.table.cursor = names.index("[/]")
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        assert "Sent the value of [/] to the terminal's clipboard" in flat(screen_text(app))
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        assert app.is_running
    assert any(
        m.startswith("Deleted 1 cookie (cookie [/] of imind.com)") for m, _, _ in notices.seen
    )
