"""A small picker of one browser/profile to narrow the sites table to."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..text import literal
from ..widgets.sites_table import ALL_STORES
from .dialog import Dialog


class StorePicker(Dialog[str | None]):
    """Dismisses with a store label, `ALL_STORES` for every store, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Cancel", id="picker.cancel")
    ]

    def __init__(self, labels: list[str], current: str) -> None:
        super().__init__()
        self.labels = labels
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(literal("All browsers and profiles"), id="*")]
        options += [Option(literal(label), id=label) for label in self.labels]
        with Vertical(classes="dialog") as dialog:
            dialog.border_subtitle = "esc cancels"
            yield Label("Show the sites of", classes="dialog-title")
            yield OptionList(*options, id="stores")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = self.labels.index(self.current) + 1 if self.current else 0

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        self.dismiss(ALL_STORES if option_id == "*" else option_id)
