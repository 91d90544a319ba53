"""A focusable list of rows painted on demand (Line API), with the cursor keys of a table
(not vi's `j`/`k`: `k` keeps a site or cookie).

Textual's DataTable and ListView build a widget or a row object per item up front (about
1.5 s for 10,000 rows, the UI frozen meanwhile); a site can hold 5,000+ sites and a category
10,000 cookies, so the lists here keep plain data and paint only the rows on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..text import fit

Runs = list[tuple[str, Style]]
"""A cell drawn in several styles: runs of characters one cell wide each."""


class RowList(ScrollView, can_focus=True):
    """Rows `0..row_count-1` under `HEADER_ROWS` fixed header lines; subclasses paint them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="list.up", tooltip="Previous row"),
        Binding("down", "cursor(1)", "Down", show=False, id="list.down", tooltip="Next row"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="list.first", tooltip="First row"),
        Binding("end", "jump(-1)", "Last", show=False, id="list.last", tooltip="Last row"),
    ]
    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
    }
    """
    HEADER_ROWS: ClassVar[int] = 0

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class _AtRow(Message):
        """Something about row `index` of `rows` (its control, for `@on` selectors)."""

        def __init__(self, rows: RowList, index: int) -> None:
            super().__init__()
            self.rows = rows
            self.index = index

        @property
        def control(self) -> RowList:
            return self.rows

    class Highlighted(_AtRow):
        """The cursor moved to row `index` (also when rows were replaced)."""

    class Chosen(_AtRow):
        """Enter or a double click on row `index`."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0
        self._painting_style: Style | None = None

    @property
    def row_count(self) -> int:
        return self._count

    def set_row_count(self, count: int, cursor: int = 0) -> None:
        """Take new rows: the cursor goes to `cursor` and a Highlighted message follows."""
        self._count = count
        self._size_to_rows()
        self.cursor = cursor
        self.refresh()

    def footer_lines(self) -> list[str]:
        """Lines painted after the rows (a legend), scrolled with them."""
        return []

    def _size_to_rows(self) -> None:
        extra = self.HEADER_ROWS + len(self.footer_lines())
        self.virtual_size = Size(self.virtual_size.width, self._count + extra)

    # --- cursor -----------------------------------------------------------------------

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - self.HEADER_ROWS)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self._count - 1))

    def watch_cursor(self, value: int) -> None:
        top = round(self.scroll_y)
        if value < top:
            self.scroll_to(y=value, animate=False)
        elif value >= top + self.page_height:
            self.scroll_to(y=value - self.page_height + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self, value))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self.page_height

    def action_jump(self, index: int) -> None:
        self.cursor = self._count - 1 if index < 0 else index

    def action_choose(self) -> None:
        if 0 <= self.cursor < self._count:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - self.HEADER_ROWS
        if event.y >= self.HEADER_ROWS and index < self._count:
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    def on_resize(self) -> None:
        self._size_to_rows()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- painting ---------------------------------------------------------------------

    @property
    def line_style(self) -> Style:
        """The widget's own style, for its lines: worked out once per paint. `rich_style`
        walks up the DOM at each call (~0.1 ms), and each line painted asked for it: that
        was most of painting a row."""
        style = self._painting_style
        return self.rich_style if style is None else style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._painting_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._painting_style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < self.HEADER_ROWS:
            return self.render_header(y, width)
        index = round(self.scroll_y) + y - self.HEADER_ROWS
        if index >= self._count:
            footer = self.footer_lines()
            if 0 <= index - self._count < len(footer):
                return self.render_footer(footer[index - self._count], width)
            return Strip.blank(width, self.line_style)
        return self.render_row(index, width)

    def render_footer(self, text: str, width: int) -> Strip:
        return self.cells_line([(text, width - 2, False, self.line_style)], width, self.line_style)

    def render_header(self, y: int, width: int) -> Strip:
        return Strip.blank(width, self.line_style)

    def render_row(self, index: int, width: int) -> Strip:
        raise NotImplementedError

    def cursor_style(self, prefix: str) -> Style:
        """`<prefix>--cursor`, or its blurred variant when another widget has focus."""
        name = f"{prefix}--cursor" if self.has_focus else f"{prefix}--cursor-blurred"
        return self.get_component_rich_style(name)

    def cells_line(
        self,
        cells: Sequence[tuple[str | Runs, int, bool, Style]],
        width: int,
        base: Style,
    ) -> Strip:
        """One line of columns: (text, width, right-aligned, style) each, cut with an ellipsis
        where too long; a cell may instead be runs of single-cell characters, each in its
        own style (a small bar). Segments are plain text: nothing is read as markup."""
        segments = [Segment(" ", base)]
        for text, cell_width, right, style in cells:
            if isinstance(text, str):
                segments.append(Segment(fit(text, cell_width, right) + " ", style))
                continue
            used = 0
            for run, run_style in text:
                run = run[: max(0, cell_width - used)]
                segments.append(Segment(run, run_style))
                used += len(run)
            segments.append(Segment(" " * (cell_width - used + 1), style))
        return Strip(segments).adjust_cell_length(width, base)
