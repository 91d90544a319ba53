"""Every key of the screen underneath, generated from its bindings so it never goes stale."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

_EXTRA = [
    ("ctrl+p", "Command palette: every action, and Open site… by name"),
    ("up/down, pgup/pgdn, home/end", "Move in a list or table"),
    ("tab", "Next panel"),
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
        rows: dict[str, tuple[list[str], str]] = {}
        for active in self.under.active_bindings.values():
            binding = active.binding
            if binding.description:
                keys, _ = rows.setdefault(binding.action, ([], binding.description))
                keys.append(self.app.get_key_display(binding))
        for keys, description in rows.values():
            table.add_row(", ".join(keys), description)
        for keys, description in _EXTRA:
            table.add_row(keys, description)
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(table, id="help-keys")
