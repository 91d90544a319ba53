"""The categories across every site: each class (necessary, preferences, analytics,
marketing, undeclared) and, within it, the categories the sites' own policies name, with
how many cookies and sites each holds; Enter lists a class's or category's sites, and `X`
deletes it from every site and store shown (or from the sites picked with `space`).

The counts come from the census the sites screen takes in the background; until it is in,
the screen says how far it got, and keys work meanwhile.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from ...errors import KeepListError
from ...humanize import plural
from ...records import Store
from ..census import CategoryKey, Census, labels_of
from ..everywhere import Everywhere, plan_everywhere
from ..messages import DeletionFinished, EverywherePlanned, OpenSite, StoresChanged
from ..text import failure, literal, notify, quoted
from ..widgets.category_table import CategoryTable
from ..widgets.footer import Footer
from ..widgets.row_list import RowList
from ..widgets.site_counts import SiteCountTable
from ..write_jobs import CHANGES, WriteJobs
from .confirm_everywhere import ConfirmEverywhere


def progress_text(done: int, total: int) -> str:
    if not total:
        return "Reading every cookie of every store…"
    return f"Sorting every cookie into its category: {done:,} of {plural(total, 'site')}…"


class CensusScreen(Screen[None]):
    """A screen that shows the census: the app hands it each new one, and the progress of
    the one being taken."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back", id="census.back", tooltip="Back"),
    ]
    STATUS = "#categories-status"
    COVER = True
    """Cover the list while there is no census (Textual calls each class's `on_mount`)."""

    def __init__(self, census: Census | None, stores: list[Store], where: str) -> None:
        super().__init__()
        self.census = census
        self.stale = False
        """The stores changed since the census shown: a new one is being taken."""
        self.stores = stores
        self.labels = labels_of(stores)
        self.where = where
        """The stores shown, in words (`2 stores`, `firefox/work`)."""
        self.progress = progress_text(0, 0)

    @property
    def rows(self) -> RowList:
        """The screen's list, covered while there is nothing to show."""
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.census is None:
            self.rows.loading = self.COVER
            self._say(self.progress)
        else:
            self.show_census(self.census)

    def _say(self, text: str) -> None:
        self.query_one(self.STATUS, Static).update(literal(text))

    def census_progress(self, done: int, total: int) -> None:
        self.progress = progress_text(done, total)
        if (self.census is None or self.stale) and self.is_mounted:
            self._say(self.progress)

    def show_census(self, census: Census) -> None:
        self.census = census
        self.stale = False
        self.rows.loading = False
        self.refresh_bindings()


class EverywhereScreen(CensusScreen):
    """`X` deletes the highlighted class or category from every site (or the picked ones)
    of every store shown, `u` undoes it: planned and deleted in thread workers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "X",
            "delete_everywhere",
            "Delete everywhere",
            id="categories.delete",
            tooltip="Delete it from every site and store shown",
        ),
        Binding("u", "undo", "Undo", id="categories.undo", tooltip="Undo the last deletion"),
    ]

    def __init__(
        self, census: Census | None, stores: list[Store], where: str, jobs: WriteJobs
    ) -> None:
        super().__init__(census, stores, where)
        self.jobs = jobs

    def target(self) -> tuple[CategoryKey, set[str] | None] | None:
        """What `X` deletes: a class or category, and the sites (None: every site)."""
        raise NotImplementedError

    def _busy(self) -> bool:
        return any(w.group in ("plan", CHANGES) and not w.is_finished for w in self.workers)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_everywhere":
            return True if self.census and self.target() and not self._busy() else None
        return True

    def action_delete_everywhere(self) -> None:
        target = self.target()
        if self.census is None or target is None:
            return
        key, sites = target
        self._say(f"Counting what deleting {self.census.title(key)} takes…")
        self.plan(key, self.census.title(key), sites)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan")
    def plan(self, key: CategoryKey, title: str, sites: set[str] | None) -> None:
        """Every store is read again and the keep list with it: the confirmation counts
        what is there now."""
        self.post_message(EverywherePlanned(plan_everywhere(self.stores, key, title, sites)))

    def on_everywhere_planned(self, message: EverywherePlanned) -> None:
        self._said_census()
        everywhere = message.everywhere
        self.app.push_screen(ConfirmEverywhere(everywhere), partial(self._confirmed, everywhere))

    def _confirmed(self, everywhere: Everywhere, yes: bool | None) -> None:
        if yes:
            self.stale = True
            self._say(f"Deleting {everywhere.what}…")
            self.delete(everywhere)
        self.refresh_bindings()

    @work(thread=True, exit_on_error=False, group=CHANGES)
    def delete(self, everywhere: Everywhere) -> None:
        """Not exclusive: a second change waits for the first (WriteJobs' lock)."""
        jobs = self.jobs
        self.post_message(
            jobs.delete_planned(everywhere.plan, everywhere.what, everywhere.skipped_lines())
        )

    def action_undo(self) -> None:
        empty = None if self.jobs.busy or self._busy() else self.jobs.nothing_to_undo()
        if empty:
            notify(self, empty, title="Undo", severity="warning")
            return
        self.stale = True
        self._say("Putting the cookies back…")
        self.undo()

    @work(thread=True, exit_on_error=False, group=CHANGES)
    def undo(self) -> None:
        self.post_message(self.jobs.undo())

    def on_deletion_finished(self, message: DeletionFinished) -> None:
        message.stop()
        if message.nothing:
            notify(self, message.summary, title="Undo", severity="warning")
            self.stale = False
            self._said_census()
            return
        notify(self, message.summary, title="Cookies", timeout=8)
        for warning in message.warnings:
            notify(self, quoted(warning), title="Cookies", severity="warning", timeout=15)
        self.post_message(StoresChanged())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.is_finished:
            self.refresh_bindings()
        if event.state != WorkerState.ERROR:
            return
        if isinstance(worker.error, KeepListError):
            text = f"Nothing is deleted while the keep list cannot be read: {worker.error}"
            notify(self, text, title="Nothing deleted", severity="error", timeout=20)
        else:
            notify(self, failure(worker), title="Error", severity="error", timeout=15)
        if worker.group == CHANGES:
            self.post_message(StoresChanged())  # a later store may have failed: rescan
        else:
            self._said_census()

    def _said_census(self) -> None:
        """Put the status line back to what the census says."""
        if self.census is not None:
            self.show_census(self.census)


class CategoriesScreen(EverywhereScreen):
    """Every class and category of the stores in view, most cookies first within a class."""

    AUTO_FOCUS = "#category-table"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(self.progress), id="categories-status")
        yield CategoryTable(id="category-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "categories across every site"

    @property
    def table(self) -> CategoryTable:
        return self.query_one("#category-table", CategoryTable)

    @property
    def rows(self) -> RowList:
        return self.table

    def target(self) -> tuple[CategoryKey, set[str] | None] | None:
        row = self.table.row
        return (row.key, None) if row else None

    def show_census(self, census: Census) -> None:
        super().show_census(census)
        rows = census.rows(self.labels)
        self.table.set_rows(rows)
        cookies, sites = census.totals(self.labels)
        text = f"{plural(cookies, 'cookie')} on {plural(sites, 'site')} · {self.where}"
        self._say(text if rows else f"No cookies · {self.where}")

    @on(CategoryTable.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(CategoryTable.Chosen)
    def _chosen(self) -> None:
        row = self.table.row
        if row is not None and self.census is not None:
            screen = CategorySitesScreen(self.census, row.key, self.stores, self.where, self.jobs)
            self.app.push_screen(screen)


class CategorySitesScreen(EverywhereScreen):
    """The sites of one class or category, with their cookies in it per browser/profile."""

    AUTO_FOCUS = "#category-sites"
    STATUS = "#category-sites-status"

    def __init__(
        self,
        census: Census | None,
        key: CategoryKey,
        stores: list[Store],
        where: str,
        jobs: WriteJobs,
    ) -> None:
        super().__init__(census, stores, where, jobs)
        self.key = key

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(self.progress), id="category-sites-status")
        yield SiteCountTable(id="category-sites")
        yield Footer(compact=True)

    @property
    def table(self) -> SiteCountTable:
        return self.query_one("#category-sites", SiteCountTable)

    @property
    def rows(self) -> RowList:
        return self.table

    def target(self) -> tuple[CategoryKey, set[str] | None] | None:
        if not self.table.counts:
            return None
        return self.key, set(self.table.picked) or None

    def show_census(self, census: Census) -> None:
        super().show_census(census)
        self.sub_title = census.title(self.key)
        counts = census.sites_of(self.key, self.labels)
        self.table.set_counts(counts)
        self._say_counts()

    @on(SiteCountTable.Picked)
    def _say_counts(self) -> None:
        if self.census is None:
            return
        counts = self.table.counts
        total = sum(c.total for c in counts)
        what = "class" if self.key.is_class else "category"
        text = (
            f"{self.census.title(self.key)} ({what}): {plural(total, 'cookie')} on "
            f"{plural(len(counts), 'site')} · {self.where}"
        )
        picked = self.table.picked
        if picked:
            text += f" · {len(picked):,} picked: X deletes from those only"
        self._say(text)

    def category_on(self, site: str) -> str | None:
        """The site's category to select: this one, or for a class the site's category of
        that class holding the most cookies."""
        if self.key.category is not None or self.census is None:
            return self.key.category
        held = self.census.by_site.get(site)
        groups = [(g, s) for g, s in held.groups if s and self.key.holds(g)] if held else []
        return max(groups, key=lambda gs: len(gs[1]))[0].id if groups else None

    @on(SiteCountTable.Chosen)
    def _chosen(self) -> None:
        row = self.table.highlighted
        if row is not None:
            self.post_message(OpenSite(row.site, self.category_on(row.site)))
