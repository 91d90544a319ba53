"""The cookie-tui App: builds the services, hands them to the screens, follows what
the screens report (a site to open, stores that changed) and quits safely."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..ahead import Ahead
from ..collector import keep_out_of_collections
from ..domains import remember_sites
from ..humanize import plural
from ..paths import data_dir
from ..private_files import write_private
from ..stores.sites import ListedAhead
from .commands import SiteCommands
from .messages import (
    CensusProgress,
    CensusTaken,
    OpenCategories,
    OpenSite,
    SiteLoaded,
    StoresChanged,
    StoresScanned,
)
from .overview import StoreSource
from .policy_choice import PolicyChoice
from .screens.categories import CategoriesScreen, CensusScreen
from .screens.find import FindScreen
from .screens.help import HelpScreen
from .screens.site import SHOW_READING_AFTER_S, SiteScreen
from .screens.sites import SitesScreen
from .write_jobs import CHANGES, WriteJobs

Showing = TypeVar("Showing", bound=CensusScreen)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Options:
    """What to read and open, from the command line."""

    browser: str | None = None
    profile: str | None = None
    store: Path | None = None
    demo: bool = False
    policy: Path | None = None
    site: str | None = None


class CookieApp(App[int]):
    """Browse sites, see each cookie explained, delete a whole category safely."""

    CSS_PATH = "app.tcss"
    TITLE = "cookie-tui"
    SUB_TITLE = "what websites stored in your browsers"
    COMMANDS = App.COMMANDS | {SiteCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Keys of this screen"),
        Binding("escape", "call_off_open", show=False, priority=True, id="app.call_off_open"),
        Binding(
            "f",
            "find",
            "Find",
            show=False,
            id="app.find",
            tooltip="Find cookies by name",
        ),
    ]

    def __init__(
        self,
        options: Options | None = None,
        now: Callable[[], datetime] = utc_now,
        listed: Ahead[ListedAhead] | None = None,
    ):
        super().__init__()
        self.options = options or Options()
        self.listed = listed
        """The first sites list, being made in a child process since launch (`run_app`)."""
        self.now = now
        """The clock for "expires in …" texts and audits; tests pass a fixed one."""
        o = self.options
        self.source = StoreSource(o.browser, o.profile, o.store, o.demo)
        self.policies = PolicyChoice(o.policy)
        self.jobs = WriteJobs()
        self.initial_site = o.site
        """`--site`: opened once, when the first scan is in."""
        self._quitting = False
        self._opening: SiteScreen | None = None
        """The site screen being opened: pushed once its first read is in."""
        self._opened_from: Screen[object] | None = None
        """The screen on top when that open began: the site comes over it, or not at all."""
        self.crash_log: Path | None = None
        """Where the traceback of an unexpected error was written, if one ended the app."""

    def get_default_screen(self) -> SitesScreen:
        return SitesScreen(self._scan, self.policies, self.now)

    def _scan(self) -> StoresScanned:
        """The first scan takes the list made ahead, if there is one."""
        ahead, self.listed = self.listed, None
        listed = ahead.result() if ahead else None
        if listed is None:
            return self.source.scan()
        listing, walked = listed
        remember_sites(walked)
        return self.source.scan(listing)

    @property
    def sites_screen(self) -> SitesScreen:
        return next(s for s in self.screen_stack if isinstance(s, SitesScreen))

    def on_stores_scanned(self, message: StoresScanned) -> None:
        if not message.stores and not message.errors and self.source == StoreSource():
            self.show_demo()
            return
        if self.initial_site:
            self.open_site(self.initial_site)
            self.initial_site = None

    def show_demo(self) -> None:
        """Nothing found to read: rather than an empty list, the bundled demo, said so."""
        self.source = replace(self.source, demo=True)
        screen = self.sites_screen
        screen.scan = self.source.scan
        screen.rescan()
        self.notify(
            "No browser cookie store was found: showing the demo store instead "
            "(a private copy: deleting in it is safe).",
            title="Demo",
            timeout=15,
        )

    def on_open_site(self, message: OpenSite) -> None:
        self.open_site(message.site, message.category, message.cookie)

    def on_stores_changed(self, message: StoresChanged) -> None:
        self.sites_screen.rescan()

    def on_census_progress(self, message: CensusProgress) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, CensusScreen):
                screen.census_progress(message.done, message.total)

    def on_census_taken(self, message: CensusTaken) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, CensusScreen):
                screen.show_census(message.census)

    def on_open_categories(self, message: OpenCategories) -> None:
        self.push_screen(self._with_census(CategoriesScreen, self.jobs))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "call_off_open":  # else Esc is the screen's own (Back, Clear filter)
            return self._opening is not None and self.screen is self._opened_from
        if action == "find":
            return None if isinstance(self.screen, FindScreen) else True
        return True

    def action_find(self) -> None:
        if not isinstance(self.screen, FindScreen):
            self.push_screen(self._with_census(FindScreen))

    def _with_census(self, kind: type[Showing], *services: object) -> Showing:
        """A screen of the census over the stores in view, told how far it is."""
        sites = self.sites_screen
        stores = sites.stores_in_view()
        where = sites.table.store_filter or plural(len(stores), "store")
        screen = kind(sites.census, stores, where, *services)
        screen.census_progress(sites.census_progress.done, sites.census_progress.total)
        return screen

    def open_site(
        self, site: str, category: str | None = None, cookie: object | None = None
    ) -> None:
        """Open `site` over the screen at hand; from a site (the palette) it replaces that
        one. `category` is selected when the site has it, and `cookie` (an identity)
        highlighted."""
        stores = self.sites_screen.stores_in_view()
        site = site.strip().lower()
        screen = SiteScreen(site, stores, self.policies, self.jobs, self.now, category, cookie)
        self._opening = screen
        self._opened_from = self.screen
        self.sites_screen.hold_findings()
        self.set_timer(SHOW_READING_AFTER_S, partial(self._show_site, screen))
        screen.first = Future()
        self._read_first(screen, screen.first, self.policies.for_site(site))

    @work(thread=True, group="open-site", exit_on_error=False)
    def _read_first(
        self, screen: SiteScreen, first: Future[SiteLoaded], policy: Path | None
    ) -> None:
        screen.read_first(first, policy)
        self.call_from_thread(self._show_site, screen)

    def _show_site(self, screen: SiteScreen) -> None:
        """Push `screen` when its first read is in or has run long enough, whichever comes
        first; not if another site was opened since, nor over another screen the user
        opened meanwhile (help, find: it would come over it, or under it on its close)."""
        if self._opening is not screen:
            return
        self._opening = None
        if self.screen is not self._opened_from:
            return
        if isinstance(self.screen, SiteScreen):
            self.pop_screen()
        self.push_screen(screen)

    def action_call_off_open(self) -> None:
        """Esc (Back) pressed before the site being opened came: it never comes."""
        self._opening = None
        self.sites_screen.resume_findings()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Never quit in the middle of a deletion or an undo: finish it, then quit."""
        if not self._changing():
            self._quit_now()
            return
        if not self._quitting:
            self._quitting = True
            self.notify("The deletion completes first; cookie-tui quits right after.")
            self.set_interval(0.1, self._quit_when_done)

    def _changing(self) -> bool:
        return any(w.group == CHANGES and not w.is_finished for w in self.workers)

    def _quit_when_done(self) -> None:
        if not self._changing():
            self._quit_now()

    def _quit_now(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SitesScreen):
                screen.stop_reads()
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app (Textual's way, exit code 1); its traceback is
        kept in a private file first, so the exit message can say where it is."""
        try:
            self.crash_log = write_crash_log(error)
        except OSError:
            self.crash_log = None
        super()._handle_exception(error)


def write_crash_log(error: BaseException) -> Path:
    """The traceback without local variables (those can hold cookie values), 0600."""
    path = data_dir() / "crash.log"
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    write_private(path, text.encode())
    return path


def run_app(args: argparse.Namespace, listed: Ahead[ListedAhead] | None = None) -> int:
    """Entry point of `cookie-tui` without a subcommand; `listed`: its sites list, started
    before this module was imported."""
    options = Options(
        browser=args.browser,
        profile=args.profile,
        store=args.store,
        demo=bool(args.demo),
        policy=args.policy,
        site=args.site,
    )
    keep_out_of_collections()
    app = CookieApp(options, listed=listed)
    app.run()
    if app.return_code:
        where = f"; the details are in {app.crash_log}" if app.crash_log else ""
        print(f"cookie-tui stopped on an unexpected error{where}", file=sys.stderr)
    return app.return_code or 0
