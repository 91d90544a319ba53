"""The sites of one class or category, with their cookies in it per browser/profile; `space`
picks sites for a deletion limited to them."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.strip import Strip

from ..census import SiteCount
from .category_table import per_store
from .row_list import RowList

PICKED = "✓"


class SiteCountTable(RowList):
    """One row per site, most cookies first; picked sites carry a mark."""

    DEFAULT_CSS = """
    SiteCountTable {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    SiteCountTable > .site-count-table--header {
        color: $text-accent;
        text-style: bold;
    }
    SiteCountTable > .site-count-table--muted {
        color: $text-muted;
    }
    SiteCountTable > .site-count-table--picked {
        color: $text-accent;
        text-style: bold;
    }
    SiteCountTable > .site-count-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    SiteCountTable > .site-count-table--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "choose", "Open site", id="category_sites.open", tooltip="Open the site here"
        ),
        Binding(
            "space", "pick", "Pick", id="category_sites.pick", tooltip="Pick / unpick the site"
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "site-count-table--header",
        "site-count-table--muted",
        "site-count-table--picked",
        "site-count-table--cursor",
        "site-count-table--cursor-blurred",
    }
    HEADER_ROWS = 1

    class Highlighted(RowList.Highlighted):
        """Another site is highlighted."""

    class Chosen(RowList.Chosen):
        """Enter on a site: open it with the category selected."""

    class Picked(RowList.Highlighted):
        """The picked sites changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: list[SiteCount] = []
        self.picked: set[str] = set()

    @property
    def highlighted(self) -> SiteCount | None:
        return self.counts[self.cursor] if 0 <= self.cursor < len(self.counts) else None

    def set_counts(self, counts: list[SiteCount]) -> None:
        """Show `counts`; the cursor stays on its site, picks of sites gone are dropped."""
        current = self.highlighted.site if self.highlighted else None
        sites = [c.site for c in counts]
        self.counts = counts
        self.picked &= set(sites)
        self.set_row_count(len(counts), sites.index(current) if current in sites else 0)

    def action_pick(self) -> None:
        row = self.highlighted
        if row is None:
            return
        self.picked ^= {row.site}
        self.cursor += 1
        self.post_message(self.Picked(self, self.cursor))

    @staticmethod
    def _widths(width: int) -> tuple[int, int, int, int]:
        mark, cookies = 1, 9
        rest = max(0, width - mark - cookies - 5)
        site = max(16, min(40, rest // 2))
        return mark, site, cookies, max(0, rest - site)

    def render_header(self, y: int, width: int) -> Strip:
        style = self.line_style + self.get_component_rich_style("site-count-table--header")
        titles = ("", "Site", "Cookies", "Browsers / profiles")
        cells = zip(titles, self._widths(width), (False, False, True, False), strict=True)
        return self.cells_line([(t, w, r, style) for t, w, r in cells], width, style)

    def render_row(self, index: int, width: int) -> Strip:
        row = self.counts[index]
        base = self.line_style
        muted = base + self.get_component_rich_style("site-count-table--muted")
        mark = base + self.get_component_rich_style("site-count-table--picked")
        if index == self.cursor:
            cursor = self.cursor_style("site-count-table")
            base, muted, mark = base + cursor, muted + cursor, mark + cursor
        cells = zip(
            (
                PICKED if row.site in self.picked else "",
                row.site,
                f"{row.total:,}",
                per_store(row.stores),
            ),
            self._widths(width),
            (False, False, True, False),
            (mark, base, base, muted),
            strict=True,
        )
        return self.cells_line(list(cells), width, base)
