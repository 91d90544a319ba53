"""The cookie-tui App: scans the stores in the background and hands screens their data."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState, get_current_worker

from ..changes.deletion import DeletionResult
from ..errors import CookieTuiError
from ..policy.audit import audit
from ..policy.catalog import covered_sites
from ..records import Store
from ..site_view import load_site_view, prepare
from ..stores.selection import select_stores
from ..stores.sites import summarize
from .commands import SiteCommands
from .messages import FindingsCounted, StoresScanned
from .screens.help import HelpScreen
from .screens.site import SiteScreen
from .screens.sites import SitesScreen
from .widgets.sites_table import ALL_STORES, SiteRow, SitesTable


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


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
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, options: Options | None = None, now: Callable[[], datetime] = utc_now):
        super().__init__()
        self.options = options or Options()
        self.now = now
        """The clock for "expires in …" texts and audits; tests pass a fixed one."""
        self.policy: Path | None = self.options.policy
        self.stores: list[Store] = []
        self.site_names: list[str] = []
        self.initial_site = self.options.site
        """`--site`: opened once, when the first scan is in."""
        self.last_deletion: DeletionResult | None = None
        """What `u` restores: the record of the last deletion, None once undone."""

    def get_default_screen(self) -> SitesScreen:
        return SitesScreen()

    @property
    def sites_screen(self) -> SitesScreen:
        return next(s for s in self.screen_stack if isinstance(s, SitesScreen))

    def on_mount(self) -> None:
        self.scan_stores()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scan")
    def scan_stores(self) -> None:
        """Read every store's host counts; no cookie value is read or decrypted here."""
        o = self.options
        stores, errors = select_stores(
            browser=o.browser, profile=o.profile, store_path=o.store, demo=o.demo
        )
        summaries, more_errors = summarize(stores)
        self.post_message(StoresScanned(stores, summaries, covered_sites(), errors + more_errors))
        prepare(stores)

    def on_stores_scanned(self, message: StoresScanned) -> None:
        self.stores = message.stores
        self.site_names = [s.site for s in message.summaries]
        for error in message.errors:
            self.notify(str(error), title="Store skipped", severity="warning", timeout=10)
        rows = [SiteRow(s, s.site in message.covered) for s in message.summaries]
        self.sites_screen.show_sites(message.stores, rows)
        if self.initial_site:
            self.open_site(self.initial_site)
            self.initial_site = None
        self.count_findings([row.site for row in rows if row.covered])

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings")
    def count_findings(self, sites: list[str]) -> None:
        """Audit only the sites a policy covers: the others have nothing to compare with."""
        worker = get_current_worker()
        for site in sites:
            if worker.is_cancelled:
                return
            try:
                view = load_site_view(self.stores, site, self.policy, decrypt=False)
            except CookieTuiError:
                continue
            self.post_message(FindingsCounted(site, len(audit(view, self.now()))))

    def on_findings_counted(self, message: FindingsCounted) -> None:
        self.sites_screen.set_findings(message.site, message.count)

    def stores_in_view(self) -> list[Store]:
        """The stores the sites screen is narrowed to (`b`), all of them by default."""
        label = self.sites_screen.table.store_filter
        return [s for s in self.stores if label == ALL_STORES or s.label == label]

    def on_sites_table_chosen(self, message: SitesTable.Chosen) -> None:
        self.open_site(message.site)

    def open_site(self, site: str) -> None:
        """Open `site` over the sites list; from a site (the palette) it replaces that one."""
        if isinstance(self.screen, SiteScreen):
            self.pop_screen()
        self.push_screen(SiteScreen(site.strip().lower(), self.stores_in_view()))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def report_failure(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes a notice; every screen forwards here."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, CookieTuiError):
            text = str(error)
        else:
            text = f"{type(error).__name__}: {error}"
        self.notify(text, title="Error", severity="error", timeout=15)
        if event.worker.group == "scan":
            self.sites_screen.show_sites([], [], problem=text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_failure(event)


def run_app(args: argparse.Namespace) -> int:
    """Entry point of `cookie-tui` without a subcommand."""
    options = Options(
        browser=args.browser,
        profile=args.profile,
        store=args.store,
        demo=bool(args.demo),
        policy=args.policy,
        site=args.site,
    )
    return CookieApp(options).run() or 0
