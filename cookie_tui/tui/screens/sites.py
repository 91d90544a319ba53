"""The first screen: every site with cookies, filterable, most cookies first."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from ...records import Store
from ..widgets.sites_table import ALL_STORES, SiteRow, SitesTable
from .store_picker import StorePicker


class SitesScreen(Screen[None]):
    """The overview; the app fills it in when the background scan finishes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="sites.filter"),
        Binding("b", "pick_store", "Browser", id="sites.browser"),
        Binding("escape", "clear_filter", "Clear filter", id="sites.clear_filter"),
    ]
    AUTO_FOCUS = "#sites"

    def __init__(self) -> None:
        super().__init__()
        self.stores: list[Store] = []
        self.rows: list[SiteRow] | None = None
        """The last scan's rows; None until a scan is in."""
        self.problem = ""
        """Why there is nothing to show, when the scan failed."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter sites  ( / )", id="filter")
        yield Static("Scanning cookie stores…", id="sites-status")
        yield SitesTable(id="sites")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """A fast scan can finish before this screen mounts: show it rather than a spinner."""
        if self.rows is None:
            self.table.loading = True
        else:
            self._fill()

    @property
    def table(self) -> SitesTable:
        return self.query_one("#sites", SitesTable)

    def show_sites(self, stores: list[Store], rows: list[SiteRow], problem: str = "") -> None:
        """Take a finished scan; it is drawn now, or at mount if that is still to come."""
        self.stores = stores
        self.rows = rows
        self.problem = problem
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        table = self.table
        table.set_rows(self.rows or [])
        table.loading = False
        if not isinstance(self.focused, Input):
            table.focus()
        self._update_status()
        self.refresh_bindings()

    def set_findings(self, site: str, count: int) -> None:
        if self.is_mounted:
            self.table.set_findings(site, count)
            return
        for row in self.rows or []:
            if row.site == site:
                row.findings = count

    def _update_status(self) -> None:
        table = self.table
        n = len(self.stores)
        where = table.store_filter or f"{n} store{'s' if n != 1 else ''}"
        shown = f"{table.row_count:,} of {table.total_count:,} sites"
        if table.row_count == table.total_count:
            shown = f"{table.total_count:,} sites"
        if self.rows is not None and not n and not self.problem:
            shown, where = "No browser cookie stores found", "try cookie-tui --demo"
        elif not table.total_count:
            shown = "No cookies"
            where = self.problem or where
        self.query_one("#sites-status", Static).update(f"{shown} · {where}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_store":
            return len(self.stores) > 1
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value or self.table.store_filter)
        return True

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
