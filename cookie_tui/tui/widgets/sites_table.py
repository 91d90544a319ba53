"""The sites overview as a Line API widget: only the rows on screen are ever drawn.

Textual's DataTable builds every row up front (about 1.5 s for 10,000 rows, UI frozen);
a real profile can hold 5,000+ sites, so rows here are plain data painted on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...records import SiteSummary

ALL_STORES = ""


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


def _fit(text: str, width: int, right: bool = False) -> str:
    """Pad or cut `text` to exactly `width` cells, marking a cut with an ellipsis."""
    if width <= 0:
        return ""
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


class SitesTable(ScrollView, can_focus=True):
    """Sites with their cookie count, stores, policy coverage and audit findings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="sites.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="sites.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="sites.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="sites.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="sites.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="sites.last"),
        Binding("enter", "choose", "Open site", id="sites.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sites-table--header",
        "sites-table--cursor",
        "sites-table--cursor-blurred",
        "sites-table--muted",
        "sites-table--covered",
        "sites-table--findings",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """The user opened a site (Enter or double click)."""

        def __init__(self, site: str) -> None:
            super().__init__()
            self.site = site

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[SiteRow] = []
        self._by_site: dict[str, SiteRow] = {}
        self._visible: list[SiteRow] = []
        self._text = ""
        self._store = ALL_STORES

    @property
    def row_count(self) -> int:
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return len(self._rows)

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
            rows.sort(key=lambda r: (-r.count(self._store), r.site))
        self._visible = rows
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        keep = current.site if current else None
        self.cursor = next((i for i, row in enumerate(rows) if row.site == keep), 0)
        self.refresh()

    # --- cursor -----------------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._visible) - 1))

    def watch_cursor(self, value: int) -> None:
        top = round(self.scroll_y)
        if value < top:
            self.scroll_to(y=value, animate=False)
        elif value >= top + self._page:
            self.scroll_to(y=value - self._page + 1, animate=False)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._page

    def action_jump(self, index: int) -> None:
        self.cursor = len(self._visible) - 1 if index < 0 else index

    def action_choose(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Chosen(row.site))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = round(self.scroll_y) + event.y - 1
        if index < len(self._visible):
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._visible) + 1)

    # --- painting ---------------------------------------------------------------------

    def _widths(self, width: int) -> tuple[int, int, int, int, int]:
        count, policy, findings = 8, 7, 9
        rest = max(0, width - count - policy - findings - 6)
        site = max(12, rest * 3 // 5)
        return site, count, rest - site, policy, findings

    def _cells(self, row: SiteRow) -> tuple[str, str, str, str, str]:
        counts = row.summary.counts
        stores = ", ".join(sorted(counts)) if self._store == ALL_STORES else self._store
        findings = "" if row.findings is None else str(row.findings or "-")
        return (
            row.site,
            f"{row.count(self._store):,}",
            stores,
            "yes" if row.covered else "-",
            findings,
        )

    def _line(self, cells: tuple[str, ...], width: int, styles: list[Style]) -> Strip:
        site_w, count_w, stores_w, policy_w, findings_w = self._widths(width)
        widths = (site_w, count_w, stores_w, policy_w, findings_w)
        right = (False, True, False, False, True)
        segments = [Segment(" ", styles[0])]
        for text, w, r, style in zip(cells, widths, right, styles, strict=True):
            segments.append(Segment(_fit(text, w, r) + " ", style))
        return Strip(segments).adjust_cell_length(width, styles[0])

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("sites-table--header")
            return self._line(
                ("Site", "Cookies", "Browsers / profiles", "Policy", "Findings"),
                width,
                [header] * 5,
            )
        index = round(self.scroll_y) + y - 1
        if index >= len(self._visible):
            return Strip.blank(width, base)
        row = self._visible[index]
        muted = base + self.get_component_rich_style("sites-table--muted")
        styles = [base, base, muted, muted, muted]
        if row.covered:
            styles[3] = base + self.get_component_rich_style("sites-table--covered")
        if row.findings:
            styles[4] = base + self.get_component_rich_style("sites-table--findings")
        if index == self.cursor:
            name = "sites-table--cursor" if self.has_focus else "sites-table--cursor-blurred"
            cursor = self.get_component_rich_style(name)
            styles = [style + cursor for style in styles]
        return self._line(self._cells(row), width, styles)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
