"""Every key of the screen underneath, generated from its bindings so it never goes stale."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from ..keys import screen_keys
from ..text import plain

NOT_NOW = "(not available now)"
_EXTRA = [
    ("tab, shift+tab", "Next / previous panel"),
    ("ctrl+p", "Command palette: every action, and Open site… by name"),
]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, from its bindings: it cannot promise a key that
    does nothing. Keys that do nothing right now (no cookie highlighted, a single store)
    are listed dimmed and marked so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under
        self.keys = screen_keys(under)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", max_width=16)  # the cursor keys wrap, not the words
        table.add_column()
        for key in self.keys:
            if key.enabled:
                table.add_row(plain(", ".join(key.keys)), plain(key.description))
            else:
                table.add_row(
                    plain(", ".join(key.keys), "dim"), plain(f"{key.description} {NOT_NOW}", "dim")
                )
        for keys, description in _EXTRA:
            table.add_row(plain(keys), plain(description))
        with VerticalScroll(classes="dialog", id="help") as dialog:
            dialog.border_subtitle = "esc closes"
            yield Label("Keys of this screen", classes="dialog-title")
            yield Static(table, id="help-keys")
