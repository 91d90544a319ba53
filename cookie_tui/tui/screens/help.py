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

_EXTRA = [
    ("ctrl+p", "Command palette: every action, and Open site… by name"),
    ("up/down, pgup/pgdn, home/end", "Move in a list or table"),
    ("tab, shift+tab", "Next / previous panel"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key in screen_keys(self.under):
            table.add_row(plain(", ".join(key.keys)), plain(key.description))
        for keys, description in _EXTRA:
            table.add_row(plain(keys), plain(description))
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys of this screen", classes="dialog-title")
            yield Static(table, id="help-keys")
