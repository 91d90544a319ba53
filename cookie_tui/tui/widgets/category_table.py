"""The classes and categories found across every site, with their cookie and site counts."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.strip import Strip

from ...humanize import printable
from ..census import CategoryKey, CategoryRow
from .row_list import RowList


def per_store(stores: dict[str, int]) -> str:
    """`chromium/Default 12, firefox/work 3`, most first."""
    ranked = sorted(stores.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{label} {n:,}" for label, n in ranked)


class CategoryTable(RowList):
    """A class line (bold), then its categories indented under it."""

    DEFAULT_CSS = """
    CategoryTable {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    CategoryTable > .category-table--header {
        color: $text-accent;
        text-style: bold;
    }
    CategoryTable > .category-table--class {
        text-style: bold;
    }
    CategoryTable > .category-table--muted {
        color: $text-muted;
    }
    CategoryTable > .category-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    CategoryTable > .category-table--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Sites", id="categories_all.open", tooltip="Its sites"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "category-table--header",
        "category-table--class",
        "category-table--muted",
        "category-table--cursor",
        "category-table--cursor-blurred",
    }
    HEADER_ROWS = 1

    class Highlighted(RowList.Highlighted):
        """Another class or category is highlighted."""

    class Chosen(RowList.Chosen):
        """Enter on a class or category: its sites."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[CategoryRow] = []
        self._name_width = 16
        self._stores_width = 19

    @property
    def row(self) -> CategoryRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: list[CategoryRow]) -> None:
        """Show `rows`; the cursor stays on the same class or category when it is still
        there (after a deletion or a rescan)."""
        current = self.row.key if self.row else None
        keys: list[CategoryKey] = [row.key for row in rows]
        self.rows = rows
        self._name_width = max([16, *(cell_len(printable(r.title)) + 3 for r in rows)])
        self._stores_width = max([19, *(cell_len(printable(per_store(r.stores))) for r in rows)])
        self.set_row_count(len(rows), keys.index(current) if current in keys else 0)

    def _widths(self, width: int) -> tuple[int, int, int, int]:
        """The names as wide as the longest while the stores fit too; when both cannot,
        half the line each."""
        cookies, sites = 8, 6
        rest = max(0, width - cookies - sites - 5)
        name = min(self._name_width, max(16, rest - self._stores_width, rest // 2))
        return name, cookies, sites, max(0, rest - name)

    def render_header(self, y: int, width: int) -> Strip:
        style = self.line_style + self.get_component_rich_style("category-table--header")
        titles = ("Class / category", "Cookies", "Sites", "Browsers / profiles")
        right = (False, True, True, False)
        cells = zip(titles, self._widths(width), right, strict=True)
        return self.cells_line([(t, w, r, style) for t, w, r in cells], width, style)

    def render_row(self, index: int, width: int) -> Strip:
        row = self.rows[index]
        base = self.line_style
        name = base
        if row.key.is_class:
            name += self.get_component_rich_style("category-table--class")
        muted = base + self.get_component_rich_style("category-table--muted")
        if index == self.cursor:
            cursor = self.cursor_style("category-table")
            base, name, muted = base + cursor, name + cursor, muted + cursor
        title = row.title if row.key.is_class else f"  {row.title}"
        cells = zip(
            (title, f"{row.cookies:,}", f"{row.sites:,}", per_store(row.stores)),
            self._widths(width),
            (False, True, True, False),
            (name, base, base, muted),
            strict=True,
        )
        return self.cells_line(list(cells), width, base)
