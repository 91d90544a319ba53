"""The cookies found by name across every site: site, category, name, host, store."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.strip import Strip

from ..finding import Found
from .row_list import RowList

TITLES = ("Site", "Category", "Name", "Host", "Browser/profile")
SHARES = (5, 4, 5, 5, 4)
"""How the width is shared out between the columns."""


class FindResults(RowList):
    """One row per cookie found; Enter opens it in its site's screen."""

    DEFAULT_CSS = """
    FindResults {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    FindResults > .find-results--header {
        color: $text-accent;
        text-style: bold;
    }
    FindResults > .find-results--muted {
        color: $text-muted;
    }
    FindResults > .find-results--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    FindResults > .find-results--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="find.open", tooltip="Open it in its site"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "find-results--header",
        "find-results--muted",
        "find-results--cursor",
        "find-results--cursor-blurred",
    }
    HEADER_ROWS = 1

    class Highlighted(RowList.Highlighted):
        """Another cookie is highlighted."""

    class Chosen(RowList.Chosen):
        """Enter on a cookie: open it in its site."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.found: list[Found] = []

    @property
    def highlighted(self) -> Found | None:
        return self.found[self.cursor] if 0 <= self.cursor < len(self.found) else None

    def set_found(self, found: list[Found]) -> None:
        self.found = found
        self.set_row_count(len(found))

    @staticmethod
    def _widths(width: int) -> list[int]:
        free = max(0, width - 1 - len(SHARES))
        widths = [free * share // sum(SHARES) for share in SHARES]
        widths[-1] += free - sum(widths)
        return widths

    def render_header(self, y: int, width: int) -> Strip:
        style = self.line_style + self.get_component_rich_style("find-results--header")
        cells = [(t, w, False, style) for t, w in zip(TITLES, self._widths(width), strict=True)]
        return self.cells_line(cells, width, style)

    def render_row(self, index: int, width: int) -> Strip:
        found = self.found[index]
        cookie = found.cookie
        base = self.line_style
        muted = base + self.get_component_rich_style("find-results--muted")
        if index == self.cursor:
            cursor = self.cursor_style("find-results")
            base, muted = base + cursor, muted + cursor
        texts = (found.site, found.category, cookie.name, cookie.host, cookie.store.label)
        styles = (base, muted, base, base, muted)
        cells = zip(texts, self._widths(width), styles, strict=True)
        return self.cells_line([(t, w, False, s) for t, w, s in cells], width, base)
