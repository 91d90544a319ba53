"""The left column of a site: its policy's categories with their cookie counts."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip

from ...humanize import printable
from ...policy.classify import UNDECLARED, CategoryGroup
from .row_list import RowList

NECESSARY_MARK = "●"
LEGEND = f"{NECESSARY_MARK} necessary"
"""Under the list when a category is marked: a bare mark would read as "OK"."""


class CategoryList(RowList):
    """One row per category; as wide as its longest title, up to the `max-width` in CSS."""

    DEFAULT_CSS = """
    CategoryList {
        width: auto;
        min-width: 20;
        max-width: 30%;
        height: 1fr;
        scrollbar-gutter: stable;
        border-right: vkey $border-blurred;
    }
    CategoryList:focus {
        border-right: vkey $border;
    }
    CategoryList > .category-list--count {
        color: $text-muted;
    }
    CategoryList > .category-list--necessary {
        text-style: bold;
    }
    CategoryList > .category-list--empty {
        color: $text-muted;
    }
    CategoryList > .category-list--undeclared {
        color: $text-warning;
        text-style: bold;
    }
    CategoryList > .category-list--legend {
        color: $text-muted;
    }
    CategoryList > .category-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    CategoryList > .category-list--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "choose",
            "Cookies",
            show=False,
            id="categories.enter",
            tooltip="Into the category's cookies",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "category-list--count",
        "category-list--necessary",
        "category-list--empty",
        "category-list--undeclared",
        "category-list--legend",
        "category-list--cursor",
        "category-list--cursor-blurred",
    }

    class Highlighted(RowList.Highlighted):
        """Another category is highlighted."""

    class Chosen(RowList.Chosen):
        """Enter on a category: the user wants its cookies."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.groups: list[CategoryGroup] = []

    @property
    def group(self) -> CategoryGroup | None:
        if 0 <= self.cursor < len(self.groups):
            return self.groups[self.cursor]
        return None

    def set_groups(self, groups: list[CategoryGroup], keep: str | None = None) -> None:
        """Show `groups`; the cursor stays on category `keep` if it is still there, else it
        goes to the first category that holds cookies."""
        self.groups = groups
        ids = [g.id for g in groups]
        first = next((i for i, g in enumerate(groups) if g.cookies), 0)
        width = max([cell_len(LEGEND), *(self._title_width(g) for g in groups)])
        self.virtual_size = Size(width + 8, len(groups))
        self.set_row_count(len(groups), ids.index(keep) if keep in ids else first)
        self.refresh(layout=True)

    def footer_lines(self) -> list[str]:
        return ["", LEGEND] if any(g.necessary for g in self.groups) else []

    def render_footer(self, text: str, width: int) -> Strip:
        style = self.line_style + self.get_component_rich_style("category-list--legend")
        return self.cells_line([(text, width - 2, False, style)], width, self.line_style)

    @staticmethod
    def _title(group: CategoryGroup) -> str:
        return printable(group.title) + (f" {NECESSARY_MARK}" if group.necessary else "")

    def _title_width(self, group: CategoryGroup) -> int:
        return cell_len(self._title(group))

    def render_row(self, index: int, width: int) -> Strip:
        group = self.groups[index]
        base = self.line_style
        title = base
        if group.id == UNDECLARED:
            title += self.get_component_rich_style("category-list--undeclared")
        elif not group.cookies:
            title += self.get_component_rich_style("category-list--empty")
        elif group.necessary:
            title += self.get_component_rich_style("category-list--necessary")
        count_style = base + self.get_component_rich_style("category-list--count")
        if index == self.cursor:
            cursor = self.cursor_style("category-list")
            base, title, count_style = base + cursor, title + cursor, count_style + cursor
        count = f"{len(group.cookies):,}"
        title_width = max(1, width - len(count) - 3)
        cells = [
            (self._title(group), title_width, False, title),
            (count, len(count), True, count_style),
        ]
        return self.cells_line(cells, width, base)
