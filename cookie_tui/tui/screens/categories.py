"""The categories across every site: each class (necessary, preferences, analytics,
marketing, undeclared) and, within it, the categories the sites' own policies name, with
how many cookies and sites each holds; Enter lists a class's or category's sites.

The counts come from the census the sites screen takes in the background; until it is in,
the screen says how far it got, and keys work meanwhile.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...humanize import plural
from ...records import Store
from ..census import CategoryKey, Census, labels_of
from ..messages import OpenSite
from ..text import literal
from ..widgets.category_table import CategoryTable
from ..widgets.site_counts import SiteCountTable


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

    def __init__(self, census: Census | None, stores: list[Store], where: str) -> None:
        super().__init__()
        self.census = census
        self.stores = stores
        self.labels = labels_of(stores)
        self.where = where
        """The stores shown, in words (`2 stores`, `firefox/work`)."""
        self.progress = progress_text(0, 0)

    def on_mount(self) -> None:
        if self.census is None:
            self.waiting()
        else:
            self.show_census(self.census)

    def census_progress(self, done: int, total: int) -> None:
        self.progress = progress_text(done, total)
        if self.census is None and self.is_mounted:
            self.waiting()

    def waiting(self) -> None:
        """Say how far the census got; overridden to cover the list meanwhile."""

    def show_census(self, census: Census) -> None:
        self.census = census


class CategoriesScreen(CensusScreen):
    """Every class and category of the stores in view, most cookies first within a class."""

    AUTO_FOCUS = "#category-table"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(self.progress), id="categories-status")
        yield CategoryTable(id="category-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "categories across every site"
        super().on_mount()

    @property
    def table(self) -> CategoryTable:
        return self.query_one("#category-table", CategoryTable)

    def waiting(self) -> None:
        self.query_one("#categories-status", Static).update(literal(self.progress))
        self.table.loading = True

    def show_census(self, census: Census) -> None:
        super().show_census(census)
        rows = census.rows(self.labels)
        table = self.table
        table.set_rows(rows)
        table.loading = False
        cookies, sites = census.totals(self.labels)
        text = f"{plural(cookies, 'cookie')} on {plural(sites, 'site')} · {self.where}"
        if not rows:
            text = f"No cookies · {self.where}"
        self.query_one("#categories-status", Static).update(literal(text))

    @on(CategoryTable.Chosen)
    def _chosen(self) -> None:
        row = self.table.row
        if row is not None and self.census is not None:
            self.app.push_screen(CategorySitesScreen(self.census, row.key, self.stores, self.where))


class CategorySitesScreen(CensusScreen):
    """The sites of one class or category, with their cookies in it per browser/profile."""

    AUTO_FOCUS = "#category-sites"

    def __init__(
        self, census: Census | None, key: CategoryKey, stores: list[Store], where: str
    ) -> None:
        super().__init__(census, stores, where)
        self.key = key

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(self.progress), id="category-sites-status")
        yield SiteCountTable(id="category-sites")
        yield Footer(compact=True)

    @property
    def table(self) -> SiteCountTable:
        return self.query_one("#category-sites", SiteCountTable)

    def waiting(self) -> None:
        self.query_one("#category-sites-status", Static).update(literal(self.progress))
        self.table.loading = True

    def show_census(self, census: Census) -> None:
        super().show_census(census)
        self.sub_title = census.title(self.key)
        counts = census.sites_of(self.key, self.labels)
        self.table.set_counts(counts)
        self.table.loading = False
        total = sum(c.total for c in counts)
        what = "class" if self.key.is_class else "category"
        text = (
            f"{census.title(self.key)} ({what}): {plural(total, 'cookie')} on "
            f"{plural(len(counts), 'site')} · {self.where}"
        )
        self.query_one("#category-sites-status", Static).update(literal(text))

    def category_on(self, site: str) -> str | None:
        """The site's category to select: this one, or for a class the site's category of
        that class holding the most cookies."""
        if self.key.category is not None or self.census is None:
            return self.key.category
        view = self.census.by_site.get(site)
        groups = [g for g in view.groups if self.key.holds(g) and g.cookies] if view else []
        return max(groups, key=lambda g: len(g.cookies)).id if groups else None

    @on(SiteCountTable.Chosen)
    def _chosen(self) -> None:
        row = self.table.highlighted
        if row is not None:
            self.post_message(OpenSite(row.site, self.category_on(row.site)))
