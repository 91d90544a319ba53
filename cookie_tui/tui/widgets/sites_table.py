"""The sites overview: a RowList, so only the rows on screen are ever drawn.

A real profile can hold 5,000+ sites; rows here are plain data painted on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widget import Widget

from ...records import SiteSummary
from ..census import CLASSES, Census, bar
from ..keeping import MARK
from .row_list import RowList, Runs

ALL_STORES = ""
SortKey = Literal["cookies", "site", "findings", "tracking"]
SORTS: tuple[SortKey, ...] = ("cookies", "site", "findings", "tracking")
"""`tracking`: analytics and marketing cookies, once the census is in."""
MIX_WIDTH = 10
BAR = "█"
COLUMN_SORTS: tuple[SortKey | None, ...] = (
    None,
    "site",
    "cookies",
    "tracking",
    None,
    None,
    "findings",
)
"""What a click on each column's header sorts by."""


@dataclass
class SiteRow:
    """One line of the table: the summary plus what the app learned about it."""

    summary: SiteSummary
    covered: bool
    findings: int | None = None

    @property
    def site(self) -> str:
        return self.summary.site

    def count(self, store_label: str) -> int:
        if store_label == ALL_STORES:
            return self.summary.total
        return self.summary.counts.get(store_label, 0)


class SitesTable(RowList):
    """Sites with their cookie count, stores, policy coverage and audit findings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open site", id="sites.open"),
        Binding(
            "s",
            "sort",
            "Sort",
            id="sites.sort",
            tooltip="Sort by cookies, site, findings or tracking",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sites-table--header",
        "sites-table--cursor",
        "sites-table--cursor-blurred",
        "sites-table--muted",
        "sites-table--covered",
        "sites-table--findings",
        "sites-table--kept",
        *(f"sites-table--{klass}" for klass in CLASSES),
    }
    HEADER_ROWS = 1

    class Highlighted(RowList.Highlighted):
        """The cursor moved to another site."""

    class Chosen(RowList.Chosen):
        """The user opened the highlighted site (Enter or double click)."""

    class Scrolled(RowList.Highlighted):
        """Other rows came into view: their findings may be wanted."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[SiteRow] = []
        self._by_site: dict[str, SiteRow] = {}
        self._visible: list[SiteRow] = []
        self._text = ""
        self._store = ALL_STORES
        self.sort_key: SortKey = "cookies"
        self.kept: set[str] = set()
        """Sites the keep list keeps whole: marked."""
        self.census: Census | None = None
        """Every cookie classified: each site's mix of classes, once it is in."""
        self.rows_drawn = False
        """A row has been drawn: the list is on the screen."""

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[SiteRow]:
        """Every row, whatever the filter."""
        return self._rows

    @property
    def shown_rows(self) -> list[SiteRow]:
        """The rows the filters let through, in the order shown."""
        return self._visible

    @property
    def highlighted(self) -> SiteRow | None:
        if 0 <= self.cursor < len(self._visible):
            return self._visible[self.cursor]
        return None

    @property
    def store_filter(self) -> str:
        return self._store

    def set_rows(self, rows: list[SiteRow]) -> None:
        self._rows = rows
        self._by_site = {row.site: row for row in rows}
        self._apply()

    def set_census(self, census: Census | None) -> None:
        self.census = census
        if self.sort_key == "tracking":
            self._apply()
        self.refresh()

    def mix(self, row: SiteRow) -> tuple[int, ...] | None:
        """The site's cookies per class (`CLASSES` order) in the stores shown."""
        if self.census is None:
            return None
        return self.census.mix(row.site, self._store or None)

    def set_kept(self, sites: set[str]) -> None:
        self.kept = sites
        self.refresh()

    def set_findings(self, site: str, count: int) -> None:
        row = self._by_site.get(site)
        if row is not None:
            row.findings = count
            self.refresh()

    def filter(self, text: str | None = None, store: str | None = None) -> None:
        """Keep the sites whose name contains `text` and that `store` holds cookies for."""
        if text is not None:
            self._text = text.strip().lower()
        if store is not None:
            self._store = store
        self._apply()

    def _apply(self) -> None:
        current = self.highlighted
        rows = self._rows
        if self._text:
            rows = [r for r in rows if self._text in r.site]
        if self._store != ALL_STORES:
            rows = [r for r in rows if r.count(self._store)]
        rows = sorted(rows, key=self._order)
        self._visible = rows
        keep = current.site if current else None
        self.set_row_count(len(rows), next((i for i, r in enumerate(rows) if r.site == keep), 0))

    def _order(self, row: SiteRow) -> tuple[object, ...]:
        count = -row.count(self._store)
        if self.sort_key == "site":
            return (row.site,)
        if self.sort_key == "findings":
            return (-(row.findings or 0), count, row.site)
        if self.sort_key == "tracking":
            mix = self.mix(row) or (0,) * len(CLASSES)
            tracking = mix[CLASSES.index("analytics")] + mix[CLASSES.index("marketing")]
            return (-tracking, count, row.site)
        return (count, row.site)

    def sort(self, key: SortKey) -> None:
        self.sort_key = key
        self._apply()

    def action_sort(self) -> None:
        """Next order: cookies, site, findings, tracking (analytics and marketing)."""
        self.sort(SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)])

    def action_choose(self) -> None:
        if self.highlighted is not None:
            super().action_choose()

    def on_click(self, event: events.Click) -> None:
        """A click on a header sorts by that column (site, cookies, mix, findings)."""
        if event.y != 0:
            return
        widths = self._widths(self.scrollable_content_region.width)
        start = 1
        for width, key in zip(widths, COLUMN_SORTS, strict=True):
            if start <= event.x < start + width + 1:
                if key is not None:
                    self.sort(key)
                return
            start += width + 1

    def rows_in_view(self) -> list[SiteRow]:
        top = round(self.scroll_y)
        return self._visible[top : top + self.page_height]

    def on_resize(self) -> None:
        """(RowList's own handler runs too.) A taller table shows more rows."""
        self.post_message(self.Scrolled(self, self.cursor))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if round(old) != round(new):
            self.post_message(self.Scrolled(self, self.cursor))

    # --- painting ---------------------------------------------------------------------

    @staticmethod
    def _widths(width: int) -> tuple[int, ...]:
        mark, count, mix, policy, findings = 1, 9, MIX_WIDTH, 7, 10
        rest = max(0, width - mark - count - mix - policy - findings - 8)
        site = max(12, rest * 3 // 5)
        return mark, site, count, mix, rest - site, policy, findings

    def _bar(self, row: SiteRow, under: Style) -> Runs:
        """The mix as a stacked bar on `under` (the row's background): each class in its
        colour, the cursor's background kept."""
        mix = self.mix(row)
        if mix is None:
            return []
        styles = [self.get_component_rich_style(f"sites-table--{klass}") for klass in CLASSES]
        cells = bar(mix, MIX_WIDTH)
        return [(BAR * n, under + style) for n, style in zip(cells, styles, strict=True)]

    def _cells(self, row: SiteRow, under: Style) -> tuple[str | Runs, ...]:
        counts = row.summary.counts
        stores = ", ".join(sorted(counts)) if self._store == ALL_STORES else self._store
        findings = "" if row.findings is None else str(row.findings or "-")
        return (
            MARK if row.site in self.kept else "",
            row.site,
            f"{row.count(self._store):,}",
            self._bar(row, under),
            stores,
            "yes" if row.covered else "-",
            findings,
        )

    def render_header(self, y: int, width: int) -> Strip:
        header = self.line_style + self.get_component_rich_style("sites-table--header")
        arrow = {key: " ▼" if key == self.sort_key else "" for key in SORTS}
        titles = (
            "",
            f"Site{arrow['site']}",
            f"Cookies{arrow['cookies']}",
            f"Mix{arrow['tracking']}",
            "Browsers / profiles",
            "Policy",
            f"Findings{arrow['findings']}",
        )
        right = (False, False, True, False, False, False, True)
        return self.cells_line(
            [(t, w, r, header) for t, w, r in zip(titles, self._widths(width), right, strict=True)],
            width,
            header,
        )

    def render_row(self, index: int, width: int) -> Strip:
        self.rows_drawn = True
        base = self.line_style
        row = self._visible[index]
        muted = base + self.get_component_rich_style("sites-table--muted")
        kept = base + self.get_component_rich_style("sites-table--kept")
        styles = [kept, base, base, base, muted, muted, muted]
        if row.covered:
            styles[5] = base + self.get_component_rich_style("sites-table--covered")
        if row.findings:
            styles[6] = base + self.get_component_rich_style("sites-table--findings")
        under = base
        if index == self.cursor:
            cursor = self.cursor_style("sites-table")
            styles = [style + cursor for style in styles]
            under = base + Style(bgcolor=cursor.bgcolor)
        right = (False, False, True, False, False, False, True)
        cells = zip(self._cells(row, under), self._widths(width), right, styles, strict=True)
        return self.cells_line(list(cells), width, styles[1])


class MixLegend(Widget):
    """What the colours of the Mix column mean, in those colours (drawn at each render,
    so a theme change recolours it)."""

    DEFAULT_CSS = """
    MixLegend {
        height: 1;
        padding: 0 2;
        color: $text-muted;
    }
    MixLegend > .mix-legend--necessary { color: $text-success; }
    MixLegend > .mix-legend--preferences { color: $text-primary; }
    MixLegend > .mix-legend--analytics { color: $text-warning; }
    MixLegend > .mix-legend--marketing { color: $text-error; }
    MixLegend > .mix-legend--undeclared { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"mix-legend--{klass}" for klass in CLASSES}

    def render(self) -> Text:
        text = Text("Mix:")
        for klass in CLASSES:
            text.append(f" {BAR}", self.get_component_rich_style(f"mix-legend--{klass}"))
            text.append(f" {klass}")
        return text
