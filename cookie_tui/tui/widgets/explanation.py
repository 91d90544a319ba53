"""The panel under the cookie table: the highlighted cookie explained."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...output import display_value
from ...policy.classify import CategoryGroup, Classified
from ...policy.explain import explain_item
from ..text import plain


def explanation_grid(
    item: Classified, group: CategoryGroup, site: str, now: datetime, reveal: bool
) -> Table:
    """Label/text rows, so wrapped lines stay under their text. Every text is a plain
    `Text`: names, values and rule patterns come from websites and policy files."""
    cookie = item.cookie
    found = explain_item(item, group, site, now)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def row(label: str, text: str) -> None:
        grid.add_row(plain(label), plain(text))

    row(cookie.name, f"on {cookie.host}{cookie.path} ({cookie.store.label})")
    row("value", display_value(cookie, reveal))
    row("why", found.reason)
    for attribute in found.attributes:
        row("", f"• {attribute}")
    row("deleting", found.deleting)
    return grid


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

    def compose(self) -> ComposeResult:
        yield Static(id="explanation")

    def show(
        self,
        item: Classified | None,
        group: CategoryGroup | None,
        site: str,
        now: datetime,
        reveal: bool,
    ) -> None:
        text = self.query_one("#explanation", Static)
        if item is None or group is None:
            empty = group is not None and not group.cookies
            said = f"No cookie of {group.title} is stored." if group and empty else ""
            text.update(plain(said))
            return
        text.update(explanation_grid(item, group, site, now, reveal))
        self.scroll_home(animate=False)
