"""The cookies of one category, as a table painted on demand.

Only the rows on screen are formatted, so a category of 10,000 cookies shows as fast as one
of ten, and revealing values (`v`) repaints the visible rows only. Columns fit the width:
long cells end in `…` (the explanation shows them whole) and, when the terminal is narrow,
the least important columns are left out first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import ClassVar

from textual.strip import Strip

from ...humanize import relative
from ...output import display_value, flag_names
from ...policy.classify import Classified
from ...records import Cookie
from ..keeping import MARK
from .row_list import RowList

_SAMPLE = 500
"""Rows measured for the widths of the columns that are costly to format."""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    minimum: int
    comfortable: int
    """Width given before any less important column gets one."""
    cap: int
    """Width a column may grow to when there is room to spare."""


COLUMNS = (
    Column("name", "Name", 8, 24, 40),
    Column("value", "Value", 8, 8, 32),
    Column("expires", "Expires", 9, 14, 20),
    Column("host", "Host", 10, 24, 36),
    Column("store", "Browser/profile", 10, 20, 28),
    Column("flags", "Flags", 6, 16, 24),
    Column("path", "Path", 4, 12, 24),
)
RANKS = ("name", "host", "expires", "store", "value", "flags", "path")
"""Most important first: at 80 columns the host is still shown, with several stores the
browser/profile comes before the less telling columns."""
_PLAIN = {"name", "host", "expires"}
"""Columns in the normal colour; the others are muted."""


def flags(cookie: Cookie) -> str:
    """The attributes that matter for privacy, short enough for a table column."""
    return " ".join(name.removeprefix("SameSite=") for name in flag_names(cookie)) or "-"


class CookieTable(RowList):
    """One row per cookie of the highlighted category."""

    DEFAULT_CSS = """
    CookieTable {
        height: 1fr;
        min-height: 4;
        scrollbar-gutter: stable;
    }
    CookieTable > .cookie-table--header {
        color: $text-accent;
        text-style: bold;
    }
    CookieTable > .cookie-table--muted {
        color: $text-muted;
    }
    CookieTable > .cookie-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    CookieTable > .cookie-table--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cookie-table--header",
        "cookie-table--muted",
        "cookie-table--cursor",
        "cookie-table--cursor-blurred",
    }
    HEADER_ROWS = 1

    class Highlighted(RowList.Highlighted):
        """Another cookie is highlighted."""

    class Chosen(RowList.Chosen):
        """Enter on a cookie."""

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now = now
        self.items: list[Classified] = []
        self.reveal = False
        self.several = False
        self.kept: set[object] = set()
        """Identities of the cookies the keep list keeps: their names carry a mark."""
        self._columns: tuple[Column, ...] = ()
        self._ideal: dict[str, int] = {}
        self._layouts: dict[int, tuple[tuple[Column, int], ...]] = {}
        """Column widths per terminal width, until the rows or `reveal` change."""

    @property
    def item(self) -> Classified | None:
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    def set_items(
        self, items: list[Classified], several_stores: bool, kept: set[object], cursor: int = 0
    ) -> None:
        """Show `items`, the `kept` ones (by identity) marked; the cursor goes to `cursor`
        (or the last row, if fewer now)."""
        self.items = items
        self.several = several_stores
        self.kept = kept
        self._columns = tuple(c for c in COLUMNS if c.key != "store" or several_stores)
        self._ideal = self._measure(items)
        self._layouts.clear()
        self.set_row_count(len(items), min(cursor, len(items) - 1))

    def set_reveal(self, reveal: bool) -> None:
        self.reveal = reveal
        self._layouts.clear()
        self.refresh()

    # --- columns ----------------------------------------------------------------------

    def _measure(self, items: list[Classified]) -> dict[str, int]:
        """Each column's natural width: every row for plain fields (cheap even at 10,000),
        a sample for the formatted ones."""
        cookies = [item.cookie for item in items]
        sample = list(islice(cookies, _SAMPLE))
        return {
            "name": max((len(self._name_cell(c)) for c in cookies), default=0),
            "host": max((len(c.host) for c in cookies), default=0),
            "path": max((len(c.path) for c in cookies), default=0),
            "store": max((len(c.store.label) for c in cookies), default=0),
            "value_masked": max((len(display_value(c, False)) for c in cookies), default=0),
            "value_shown": max((len(display_value(c, True)) for c in cookies), default=0),
            "flags": max((len(flags(c)) for c in sample), default=0),
            "expires": max((len(self._expires(c)) for c in sample), default=0),
        }

    def _widths(self, width: int) -> tuple[tuple[Column, int], ...]:
        """Columns that fit `width`, least important left out first, with their widths."""
        if width not in self._layouts:
            self._layouts[width] = self._layout(width)
        return self._layouts[width]

    def _layout(self, width: int) -> tuple[tuple[Column, int], ...]:
        """Give columns, most important first, a comfortable width while they fit (the
        first that does not fit gets what is left, the rest are left out), then let them
        grow towards their natural width in the same order."""
        by_rank = sorted(self._columns, key=lambda c: RANKS.index(c.key))
        free = width - 1
        widths: dict[str, int] = {}
        for column in by_rank:
            want = max(column.minimum, min(self._natural(column), column.comfortable))
            if want + 1 <= free:
                widths[column.key] = want
                free -= want + 1
            else:
                if column.minimum + 1 <= free:
                    widths[column.key] = free - 1
                    free = 0
                break
        for column in by_rank:
            if column.key in widths:
                grow = max(
                    0, min(free, min(self._natural(column), column.cap) - widths[column.key])
                )
                widths[column.key] += grow
                free -= grow
        return tuple((c, widths[c.key]) for c in self._columns if c.key in widths)

    def _natural(self, column: Column) -> int:
        key = column.key
        if key == "value":
            key = "value_shown" if self.reveal else "value_masked"
        return max(self._ideal.get(key, 0), len(column.title))

    def _expires(self, cookie: Cookie) -> str:
        return relative(cookie.expires, self.now(), short=True)

    def _name_cell(self, cookie: Cookie) -> str:
        return f"{MARK} {cookie.name}" if cookie.identity in self.kept else cookie.name

    def _cell(self, key: str, cookie: Cookie) -> str:
        if key == "name":
            return self._name_cell(cookie)
        if key == "value":
            return display_value(cookie, self.reveal)
        if key == "expires":
            return self._expires(cookie)
        if key == "host":
            return cookie.host
        if key == "store":
            return cookie.store.label
        if key == "flags":
            return flags(cookie)
        return cookie.path

    # --- painting ---------------------------------------------------------------------

    def render_header(self, y: int, width: int) -> Strip:
        style = self.line_style + self.get_component_rich_style("cookie-table--header")
        cells = [(c.title, w, False, style) for c, w in self._widths(width)]
        return self.cells_line(cells, width, style)

    def render_row(self, index: int, width: int) -> Strip:
        cookie = self.items[index].cookie
        base = self.line_style
        muted = base + self.get_component_rich_style("cookie-table--muted")
        if index == self.cursor:
            cursor = self.cursor_style("cookie-table")
            base, muted = base + cursor, muted + cursor
        cells = [
            (self._cell(c.key, cookie), w, False, base if c.key in _PLAIN else muted)
            for c, w in self._widths(width)
        ]
        return self.cells_line(cells, width, base)
