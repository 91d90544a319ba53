"""The panel under the cookie table: the highlighted cookie explained."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...humanize import duration
from ...output import display_value
from ...policy.classify import CategoryGroup, Classified
from ...policy.explain import explain_item
from ..keeping import MARK
from ..text import plain, prose


def when(moment: datetime | None, now: datetime) -> str:
    """`3 days ago, on 2026-11-22 21:40` (UTC), or `unknown`."""
    if moment is None:
        return "unknown"
    ago = f"{duration(now - moment)} ago" if moment <= now else f"in {duration(moment - now)}"
    return f"{ago}, on {moment:%Y-%m-%d %H:%M} UTC"


def explanation_grid(
    item: Classified,
    group: CategoryGroup,
    site: str,
    now: datetime,
    reveal: bool,
    kept: str | None = None,
) -> Table:
    """Label/text rows, so wrapped lines stay under their text. Every text is a plain
    `Text`: names, values and rule patterns come from websites and policy files. `kept`:
    the keep list's entry that keeps the cookie, in words."""
    cookie = item.cookie
    found = explain_item(item, group, site, now)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def row(label: str, text: Text) -> None:
        grid.add_row(plain(label), text)

    row("name", plain(cookie.name, "bold"))
    row("where", plain(f"{cookie.host}{cookie.path} ({cookie.store.label})"))
    row("value", plain(display_value(cookie, reveal)))
    row("why", prose(found.reason))
    if kept:
        row("kept", plain(f"{MARK} by your keep list ({kept}): no bulk delete takes it"))
    for attribute in found.attributes:
        row("", prose(f"• {attribute}"))
    row("created", plain(when(cookie.created, now)))
    row("last used", plain(when(cookie.last_accessed, now)))
    row("deleting", prose(found.deleting))
    return grid


class DrawnOnce:
    """A Rich renderable drawn once for each width it is given. Textual draws a widget's
    content to learn its height, again to paint it, and again after the screen's first
    resize; a Rich table measures every cell each time, and the explanation's three
    drawings were ~25 ms of opening a site. The lines are Rich's own, replayed."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[tuple[int, bool | None, str | None], list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.no_wrap, options.overflow)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._lines[key] = console.render_lines(self.renderable, options, pad=False)
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class ExplanationPanel(VerticalScroll):
    """Explains one cookie at a time: only the highlighted one is ever explained."""

    DEFAULT_CSS = """
    ExplanationPanel {
        height: 1fr;
        min-height: 6;
        max-height: 16;
        border-top: hkey $border-blurred;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] | None = None
        """What the text explains now (the item and group themselves, so an id is never
        reused): the same again is not laid out and drawn again."""

    def compose(self) -> ComposeResult:
        yield Static(id="explanation")

    def show(
        self,
        item: Classified | None,
        group: CategoryGroup | None,
        site: str,
        now: datetime,
        reveal: bool,
        kept: str | None = None,
    ) -> None:
        shown = (item, group, site, reveal, kept)
        if self._shown is not None and all(
            a is b or (type(a) is str and a == b) for a, b in zip(shown, self._shown, strict=True)
        ):
            return
        self._shown = shown
        text = self.query_one("#explanation", Static)
        if item is None or group is None:
            empty = group is not None and not group.cookies
            said = f"No cookie of {group.title} is stored." if group and empty else ""
            text.update(plain(said))
            return
        text.update(DrawnOnce(explanation_grid(item, group, site, now, reveal, kept)))
        self.scroll_home(animate=False)
