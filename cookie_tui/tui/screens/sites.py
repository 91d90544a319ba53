"""The first screen: every site with cookies, filterable, most cookies first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from time import monotonic
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from ...errors import ReadStopped, StoreError
from ...records import Store
from ...site_view import prepare
from ...stores.sqlite_access import StopReads, stoppable
from ..census import Census, take_census
from ..keeping import LEGEND, KeepState, read_keep, toggle_site
from ..messages import (
    CensusProgress,
    CensusTaken,
    FindingsCounted,
    KeepRead,
    KeepToggled,
    OpenCategories,
    OpenSite,
    StoresScanned,
)
from ..overview import findings_of
from ..policy_choice import PolicyChoice
from ..text import failure, literal, notify, quoted
from ..widgets.footer import Footer
from ..widgets.sites_table import ALL_STORES, MixLegend, SiteRow, SitesTable
from .store_picker import StorePicker

CENSUS_WAIT_S = 0.5
"""The longest the census waits for the list's rows to be drawn, looking every
`CENSUS_POLL_S`."""
CENSUS_POLL_S = 0.02


class SitesScreen(Screen[None]):
    """The overview: scans the stores in the background, then classifies every cookie (the
    census) and counts each covered site's audit findings. `StoresScanned` and the census
    messages go on up to the app, which opens `--site` and hands the census to the screens
    that show it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="sites.filter"),
        Binding(
            "g",
            "categories",
            "Categories",
            id="sites.categories",
            tooltip="Categories across every site",
        ),
        Binding("b", "pick_store", "Browser", id="sites.browser"),
        Binding(
            "k",
            "keep",
            "Keep",
            id="sites.keep",
            tooltip="Keep the site's cookies from bulk deletes, or stop (keep list)",
        ),
        Binding("escape", "clear_filter", "Clear filter", id="sites.clear_filter"),
    ]
    AUTO_FOCUS = "#sites"

    def __init__(
        self,
        scan: Callable[[], StoresScanned],
        policies: PolicyChoice,
        now: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.scan = scan
        self.policies = policies
        self.now = now
        self.stores: list[Store] = []
        self.scanned = False
        self.problem = ""
        """Why there is nothing to show, when the scan failed."""
        self.census: Census | None = None
        """Every cookie classified, once the census worker is done (None meanwhile)."""
        self.census_progress = CensusProgress(0, 0)
        self._said: set[str] = set()
        """Policy notices of the census already given (each census would repeat them)."""
        self._findings_reads = StopReads()
        """Stops the store reads of the findings worker now running."""
        self._findings_held = False
        """A site opened from here is being read: findings wait until its screen is shown
        and this one is back (`hold_findings`)."""
        self._census_reads = StopReads()
        """Stops the store reads of the census now running."""
        self._census_due = False
        """A census waits for the list's rows to be drawn: it counts as running."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter sites (/)", id="filter")
        yield Static("Scanning cookie stores…", id="sites-status")
        yield SitesTable(id="sites")
        yield MixLegend(id="mix-legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.rescan()

    @property
    def table(self) -> SitesTable:
        return self.query_one("#sites", SitesTable)

    @property
    def site_names(self) -> list[str]:
        return [row.site for row in self.table.rows]

    def stores_in_view(self) -> list[Store]:
        """The stores the list is narrowed to (`b`), all of them by default."""
        label = self.table.store_filter
        return [s for s in self.stores if label == ALL_STORES or s.label == label]

    # --- scanning ---------------------------------------------------------------------

    def rescan(self) -> None:
        """Read the stores again (at start, and after a deletion or an undo changed them).
        The status line says "Scanning cookie stores…" meanwhile: a spinner over the table
        was drawn again 16 times a second beside the scan, and the list showed later."""
        self.scan_stores()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scan")
    def scan_stores(self) -> None:
        scanned = self.scan()
        self.post_message(scanned)
        self.post_message(KeepRead(read_keep()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def prepare_stores(self, stores: list[Store]) -> None:
        """Policies and decryption keys (the key lookup imports browser-cookie3, ~150 ms of
        Python): the first site opens faster."""
        prepare(stores)

    def on_keep_read(self, message: KeepRead) -> None:
        self._show_keep(message.state)
        problem = message.state.problem
        if problem and problem not in self._said:
            self._said.add(problem)
            notify(
                self,
                f"The keep list cannot be read, so nothing is deleted until it is fixed: {problem}",
                title="Keep list",
                severity="error",
                timeout=20,
            )

    def _show_keep(self, state: KeepState) -> None:
        self.table.set_kept({row.site for row in self.table.rows if state.keeps_site(row.site)})
        self._update_status()

    def action_keep(self) -> None:
        row = self.table.highlighted
        if row is not None:
            self.toggle_keep(row.site)

    @work(thread=True, exclusive=True, exit_on_error=False, group="keep")
    def toggle_keep(self, site: str) -> None:
        """The keep list is a file: read and written off the UI thread."""
        self.post_message(KeepToggled(toggle_site(site)))

    def on_keep_toggled(self, message: KeepToggled) -> None:
        toggled = message.toggled
        severity: SeverityLevel = "information" if toggled.changed else "warning"
        notify(self, toggled.said, title="Keep list", severity=severity)
        self._show_keep(toggled.state)

    def on_stores_scanned(self, message: StoresScanned) -> None:
        self.stores = message.stores
        self.scanned = True
        for error in message.errors:
            notify(self, quoted(str(error)), title="Store skipped", severity="warning", timeout=10)
        rows = [SiteRow(s, s.site in message.covered) for s in message.summaries]
        self._fill(rows)
        self.census = None
        self.census_progress = CensusProgress(0, 0)
        self._census_reads.stop()  # the census this one replaces
        self._census_reads = StopReads()
        self._census_due = True
        self._census_once_drawn(message.stores, self._census_reads, monotonic() + CENSUS_WAIT_S)

    def _census_once_drawn(self, stores: list[Store], reads: StopReads, deadline: float) -> None:
        """Take the census, and prepare the stores, once the list's rows are on the screen:
        started beside their first drawing, their Python took turns with it at the
        interpreter lock, and the list showed later. Not waited for under another screen
        (`--site`), nor for long."""
        if reads.stopped:  # a newer scan's census replaced this one
            return
        table = self.table
        shown = table.rows_drawn or not table.total_count or self.app.screen is not self
        if shown or monotonic() > deadline:
            self._census_due = False
            self.take_census(stores, reads)
            self.prepare_stores(stores)
        else:
            # a timer, not `call_after_refresh`: a chain of those kept the event loop too
            # busy for the screen's first layout
            self.set_timer(CENSUS_POLL_S, partial(self._census_once_drawn, stores, reads, deadline))

    def stop_reads(self) -> None:
        """The app is quitting: the census's and the findings' store reads stop, as Textual
        waits for its workers to end (a census reading 100,000 cookies kept the app ~1 s
        after `q`)."""
        self._census_reads.stop()
        self._findings_reads.stop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="census")
    def take_census(self, stores: list[Store], reads: StopReads) -> None:
        """Every cookie classified, for the categories and each site's mix; a newer scan
        cancels this one between two chunks of sites, and `reads` stops its store reads."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(CensusProgress(done, total))

        with stoppable(reads):
            try:
                census = take_census(stores, progress, lambda: worker.is_cancelled)
            except ReadStopped:
                return
        if census is not None:
            self.post_message(CensusTaken(census))

    def on_census_progress(self, message: CensusProgress) -> None:
        self.census_progress = message
        self._update_status()

    def on_census_taken(self, message: CensusTaken) -> None:
        self.census = message.census
        self.table.set_census(message.census)
        self._update_status()
        for error in message.census.errors:
            text = quoted(str(error))
            if not isinstance(error, StoreError) and text not in self._said:
                self._said.add(text)  # a store's own errors were said by the scan
                notify(self, text, title="Site left out", severity="warning", timeout=10)

    def _fill(self, rows: list[SiteRow]) -> None:
        table = self.table
        table.set_rows(rows)
        if not isinstance(self.focused, Input):
            table.focus()
        self._update_status()
        self.refresh_bindings()

    def _census_running(self) -> bool:
        return self._census_due or any(
            w.group == "census" and not w.is_finished for w in self.workers
        )

    def _want_findings(self) -> None:
        """Count findings of the sites a policy covers, then of those in view: auditing all
        of 5,000 sites would keep a core busy for a minute and slow the keys meanwhile.
        Not while the census runs: both want the one core Python gives threads, and the
        category counts come first (the census's end asks again). Not under another screen
        either: Textual's `is_current` holds for the screen just under the top one."""
        if self._census_running() or self.app.screen is not self or self._findings_held:
            return
        table = self.table
        wanted = [row for row in table.rows if row.covered] + table.rows_in_view()
        sites = list(dict.fromkeys(row.site for row in wanted if row.findings is None))
        if sites:
            self._findings_reads.stop()  # the worker this call replaces
            self._findings_reads = StopReads()
            self.count_findings(sites, self._findings_reads)

    @on(SitesTable.Scrolled)
    @on(SitesTable.Highlighted)
    def _rows_in_view_changed(self) -> None:
        self._want_findings()
        if self.scanned:
            self._update_status()

    def on_screen_suspend(self) -> None:
        """Another screen is on top: counting findings waits, so what that screen loads
        gets the one core Python gives threads (findings were a third of opening a site
        at 100,000 cookies)."""
        self._stop_findings()

    def _stop_findings(self) -> None:
        """The read in flight stops too: it held the interpreter and the disk for the rest
        of its site. The sites already counted keep their counts."""
        self.workers.cancel_group(self, "findings")
        self._findings_reads.stop()

    def hold_findings(self) -> None:
        """A site is opened: its screen comes once its first read is in, and that read gets
        the core as it would under the screen (a findings count beside it made it 2-3x
        slower). Counting resumes when this screen is back on top."""
        self._findings_held = True
        self._stop_findings()

    def on_screen_resume(self) -> None:
        self.resume_findings()

    def resume_findings(self) -> None:
        """Back on top, or the site opened from here was called off: counting goes on."""
        self._findings_held = False
        self._want_findings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings")
    def count_findings(self, sites: list[str], reads: StopReads) -> None:
        """Each site's warnings (info items are not problems); a newer call with the rows
        now in view replaces this one, and `reads` stops its store reads."""
        worker = get_current_worker()
        stores = self.stores
        with stoppable(reads):
            for site in sites:
                if worker.is_cancelled:
                    return
                count = findings_of(stores, site, self.policies.for_site(site), self.now)
                if count is not None:
                    self.post_message(FindingsCounted(site, count))

    def on_findings_counted(self, message: FindingsCounted) -> None:
        self.table.set_findings(message.site, message.count)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "census" and event.worker.is_finished:
            self.call_after_refresh(self._want_findings)  # once laid out: the rows in view
        if event.state != WorkerState.ERROR:
            return
        text = failure(event.worker)
        notify(self, text, title="Error", severity="error", timeout=15)
        if event.worker.group == "scan":
            self.problem = text
            self.scanned = True
            self._fill([])

    # --- what is shown ----------------------------------------------------------------

    def _update_status(self) -> None:
        table = self.table
        n = len(self.stores)
        where = table.store_filter or f"{n} store{'s' if n != 1 else ''}"
        shown = f"{table.row_count:,} of {table.total_count:,} sites"
        if table.row_count == table.total_count:
            shown = f"{table.total_count:,} sites"
        shown += f", by {table.sort_key}"
        if not n and not self.problem:
            shown, where = "No browser cookie stores found", "try cookie-tui --demo"
        elif not table.total_count:
            shown = "No cookies"
            where = self.problem or where
        legend = f" · {LEGEND}" if table.kept else ""
        if self.census is None and table.total_count:
            done, total = self.census_progress.done, self.census_progress.total
            legend += f" · mix: {done:,} of {total:,} sites…" if total else " · mix: reading…"
        self.query_one("#sites-status", Static).update(literal(f"{shown} · {where}{legend}"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_store":
            return len(self.stores) > 1
        if action == "keep":
            return True if self.table.highlighted else None
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value or self.table.store_filter)
        return True

    def action_categories(self) -> None:
        self.post_message(OpenCategories())

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.table.filter(text="", store=ALL_STORES)
        self.table.focus()
        self._update_status()
        self.refresh_bindings()

    def action_pick_store(self) -> None:
        labels = sorted(store.label for store in self.stores)
        self.app.push_screen(StorePicker(labels, self.table.store_filter), self._store_picked)

    def _store_picked(self, label: str | None) -> None:
        if label is not None:
            self.table.filter(store=label)
            self._update_status()
            self.refresh_bindings()

    @on(SitesTable.Chosen)
    def _site_chosen(self) -> None:
        row = self.table.highlighted
        if row is not None:
            self.post_message(OpenSite(row.site))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.filter(text=event.value)
        self._update_status()
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        """Down in the filter moves on to the results, as in a search box."""
        if event.key == "down" and self.focused is self.query_one("#filter", Input):
            self.table.focus()
            event.stop()
