"""Opening a site: the screen comes with the site in (or says it is reading, for a slow
store), what a failed first read says, a spinner only for a slow one, a key bar rebuilt
only when its keys change, and an explanation drawn only when it changes."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from rich.console import Console, ConsoleOptions
from rich.table import Table
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from cookie_tui.tui import app as app_module
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens import site as site_module
from cookie_tui.tui.screens.help import HelpScreen
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.widgets.cookie_table import CookieTable

from .conftest import screen_text, settle
from .test_flows import Notices

SIZE = (100, 30)


async def test_a_first_read_that_fails_says_so_where_it_said_reading(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*_args: object, **_kwargs: object) -> object:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(site_module, "load_site_view", fails)
    app = make_app(store=demo_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: bool(notices.of("error")))
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        assert notices.of("error") == ["OSError: [Errno 5] Input/output error"]
        assert "imind.com could not be read: OSError" in screen_text(app)
        assert "Reading" not in screen_text(app)
        assert not screen.query_one("#site-body").loading


def footer_keys(screen: SiteScreen) -> list[FooterKey]:
    return list(screen.query(FooterKey))


async def test_the_key_bar_is_rebuilt_only_when_its_keys_change(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: isinstance(app.screen, SiteScreen))
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        await settle(pilot, until=lambda: screen.view is not None)
        await pilot.pause()
        before = footer_keys(screen)
        assert before
        for _ in range(3):
            screen.refresh_bindings()
            await pilot.pause()
        assert footer_keys(screen) == before  # the same widgets: nothing was rebuilt

        app.update_keymap({"site.reveal": "V"})  # a user's own key for revealing values
        await settle(pilot)
        after = footer_keys(screen)
        assert after != before
        assert [key.key for key in after if key.action == "reveal"] == ["V"]


class HeldRead:
    """The site's read waits until `release()`: a slow store; the site screen covers its
    body with a spinner when the read runs `cover_after` seconds. Every spinner put on or
    taken off a widget is recorded as (widget id, on)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cover_after: float) -> None:
        monkeypatch.setattr(site_module, "COVER_AFTER_S", cover_after)
        self._go = threading.Event()
        self.spinners: list[tuple[str | None, bool]] = []
        self.sites: list[str] = []
        """The site of each read made, in order."""
        read = site_module.load_site_view

        def held(stores: object, site: str, *args: object, **kwargs: object) -> object:
            self.sites.append(site)
            self._go.wait(20)
            return read(stores, site, *args, **kwargs)  # type: ignore[arg-type]

        set_loading = Widget.set_loading

        def spy(widget: Widget, loading: bool) -> None:
            self.spinners.append((widget.id, loading))
            set_loading(widget, loading)

        monkeypatch.setattr(site_module, "load_site_view", held)
        monkeypatch.setattr(Widget, "set_loading", spy)

    def release(self) -> None:
        self._go.set()


async def site_screen(pilot: Pilot[None]) -> SiteScreen:
    """The site screen, once the app has pushed it (its read may still be held)."""
    while not isinstance(pilot.app.screen, SiteScreen):
        await pilot.pause(0.02)
    return pilot.app.screen


async def test_a_first_read_that_ends_soon_shows_no_spinner(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    read = HeldRead(monkeypatch, cover_after=30.0)
    read.release()
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        assert "Account" in screen_text(app)
        assert ("site-body", True) not in read.spinners


async def test_a_slow_first_read_shows_a_spinner_until_the_site_is_in(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    read = HeldRead(monkeypatch, cover_after=0.05)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        while ("site-body", True) not in read.spinners:
            await pilot.pause(0.02)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        assert screen.query_one("#site-body").loading
        assert "Reading imind.com" in screen_text(app)
        read.release()
        await settle(pilot, until=lambda: screen.view is not None)
        assert not screen.query_one("#site-body").loading
        assert "Account" in screen_text(app)


async def test_keys_enabled_by_the_site_coming_in_are_lit_in_place(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    read = HeldRead(monkeypatch, cover_after=30.0)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        screen = await site_screen(pilot)
        while not [k for k in footer_keys(screen) if k.action == "reveal"]:
            await pilot.pause(0.02)
        before = footer_keys(screen)
        (reveal,) = [k for k in before if k.action == "reveal"]
        assert reveal.has_class("-disabled")  # nothing to reveal yet
        read.release()
        await settle(pilot, until=lambda: screen.view is not None)
        assert footer_keys(screen) == before  # the same widgets, not a new bar
        assert not reveal.has_class("-disabled")
        bells: list[bool] = []
        monkeypatch.setattr(app, "bell", lambda: bells.append(True))
        await pilot.click(reveal)
        await settle(pilot)
        assert bells == []  # a click on a lit key is its key, not a refusal
        assert screen.reveal


async def test_the_explanation_is_drawn_again_only_when_it_changes(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        text = screen.query_one("#explanation", Static)
        drawn: list[object] = []
        update = text.update
        monkeypatch.setattr(
            text, "update", lambda content="": (drawn.append(content), update(content))
        )
        screen.query_one("#cookies").focus()
        for _ in range(3):
            screen.post_message(CookieTable.Highlighted(screen.table, screen.table.cursor))
            await pilot.pause()
        assert drawn == []  # the same cookie, highlighted again
        await pilot.press("down")
        await settle(pilot)
        assert len(drawn) == 1  # the next cookie
        await pilot.press("v")
        await settle(pilot)
        assert len(drawn) == 2  # its value revealed


async def test_opening_a_site_draws_its_explanation_once(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual draws a widget's content to learn its height, to paint it, and again after
    the screen's first resize; the explanation's Rich table measured every cell each
    time. Its lines are drawn once for each width of the panel (a scrollbar takes two
    columns), and painted the same."""
    drawn: list[int] = []
    draw = Table.__rich_console__

    def drawing(table: Table, console: Console, options: ConsoleOptions) -> object:
        drawn.append(options.max_width)
        return draw(table, console, options)

    monkeypatch.setattr(Table, "__rich_console__", drawing)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        await settle(pilot)
        assert drawn and len(drawn) == len(set(drawn))  # once for each width it was given
        assert "account_id matches the glob account_*" in screen_text(app)


async def test_a_quick_first_read_is_laid_out_once_with_the_site_in(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read first, then pushed: no layout of an empty site screen before the site is in."""
    layouts: list[bool] = []
    layout = Screen._refresh_layout

    def spy(screen: Screen[object], *args: object, **kwargs: object) -> None:
        if isinstance(screen, SiteScreen):
            layouts.append(screen.view is not None)
        layout(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", spy)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        assert "Account" in screen_text(app)
        assert layouts and all(layouts)


async def test_a_slow_first_read_shows_the_screen_reading_and_is_made_once(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    read = HeldRead(monkeypatch, cover_after=30.0)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        screen = await site_screen(pilot)
        await pilot.pause()
        assert "Reading imind.com" in screen_text(app)
        read.release()
        await settle(pilot, until=lambda: screen.view is not None)
        assert "Account" in screen_text(app)
        assert read.sites == ["imind.com"]  # the screen waited for the read begun before it


async def test_a_site_opened_while_another_is_read_replaces_it(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        read = HeldRead(monkeypatch, cover_after=30.0)
        app.open_site("imind.com")
        app.open_site("facebook.com")
        read.release()
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        shown = [s.site for s in app.screen_stack if isinstance(s, SiteScreen)]
        assert shown == ["facebook.com"]


async def test_a_site_screen_pushed_without_a_read_ahead_reads_for_itself(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stores = app.sites_screen.stores_in_view()
        screen = SiteScreen("imind.com", stores, app.policies, app.jobs, app.now)
        app.push_screen(screen)
        await settle(pilot, until=lambda: screen.view is not None)
        assert "Account" in screen_text(app)


@asynccontextmanager
async def opening_from_the_list(
    app: CookieApp, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Pilot[None], Screen[object], HeldRead]]:
    """The app on its sites list, Enter pressed there, the site's read held and its screen
    not pushed before the read is in: the window in which the user may still act."""
    monkeypatch.setattr(app_module, "SHOW_READING_AFTER_S", 30.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.screen
        read = HeldRead(monkeypatch, cover_after=30.0)
        await pilot.press("enter")
        while not read.sites:
            await pilot.pause(0.02)
        yield pilot, sites, read


async def test_escape_before_the_site_comes_calls_the_open_off(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc is Back: pressed before the site's screen came, that screen never comes."""
    app = make_app(store=demo_cookies)
    async with opening_from_the_list(app, monkeypatch) as (pilot, sites, read):
        await pilot.press("escape")
        read.release()
        await settle(pilot)
        await pilot.pause(0.1)
        assert app.screen is sites
        assert not [s for s in app.screen_stack if isinstance(s, SiteScreen)]


async def test_a_screen_opened_before_the_site_comes_stays_in_front(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Help asked for while the site is read stays in front, and the site's screen comes
    neither over it nor under it: the user has moved on."""
    app = make_app(store=demo_cookies)
    async with opening_from_the_list(app, monkeypatch) as (pilot, sites, read):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        read.release()
        await settle(pilot)
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
        assert not [s for s in app.screen_stack if isinstance(s, SiteScreen)]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is sites


async def test_escape_in_a_screen_opened_meanwhile_is_that_screens_own(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Help opened while the site is read closes with Esc, as always; back on the list the
    site being opened from it comes."""
    app = make_app(store=demo_cookies)
    async with opening_from_the_list(app, monkeypatch) as (pilot, sites, read):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is sites
        read.release()
        await settle(pilot, until=lambda: isinstance(app.screen, SiteScreen))
        assert app.screen.sub_title == "imind.com"


async def test_escape_with_no_site_coming_is_the_screens_own(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    """Esc calls off an open only while one is under way: otherwise the list clears its
    filter, and a site's screen goes back, as before."""
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sites = app.screen
        await pilot.press("slash", *"imind")
        await settle(pilot)
        assert [row.site for row in sites.table.shown_rows] == ["imind.com"]
        await pilot.press("escape")
        await settle(pilot)
        assert len(sites.table.shown_rows) > 1
        await pilot.press("enter")
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is sites


async def test_a_table_works_out_its_style_once_per_paint(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rich_style` walks up the DOM (~0.1 ms a call): a paint of the cookie table asks it
    once, where each line asked it, one to three times."""
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: getattr(app.screen, "view", None) is not None)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        table = screen.table
        asked: list[object] = []
        real = Widget.rich_style

        def counted(widget: Widget) -> object:
            asked.append(widget)
            return real.fget(widget)  # type: ignore[attr-defined]

        monkeypatch.setattr(CookieTable, "rich_style", property(counted))
        table.refresh()
        lines = table.render_lines(table.size.region)
        assert len(lines) == table.size.height > 5
        assert asked.count(table) == 1
