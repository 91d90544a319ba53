"""Asking before a deletion: what goes, from which browser, and what it breaks."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from ...humanize import printable
from ...policy.classify import CategoryGroup, Classified
from ...records import Store
from ..text import literal
from .dialog import Dialog


class ConfirmDelete(Dialog[bool]):
    """True to delete; when a browser runs it only explains why it cannot and closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "confirm", "Delete", id="confirm.yes"),
        Binding("n,escape,q", "cancel", "Cancel", id="confirm.no"),
    ]

    def __init__(
        self,
        what: str,
        group: CategoryGroup,
        items: list[Classified],
        running: list[Store],
        notes: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.what = what
        self.group = group
        self.items = items
        self.running = running
        self.notes = notes or []

    def compose(self) -> ComposeResult:
        refused = bool(self.running)
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Label(
                literal(f"Cannot delete {self.what}" if refused else f"Delete {self.what}?"),
                classes="dialog-title",
            )
            counts = Counter(item.cookie.store.label for item in self.items)
            body = Text()
            body.append(printable(f"{len(self.items)} cookie(s) of category {self.group.title}:"))
            for label, n in sorted(counts.items()):
                body.append("\n  " + printable(f"{label}: {n}"))
            yield Static(body, id="confirm-counts")
            if self.group.necessary:
                breaks = self.group.breaks or "the site may stop working as expected"
                yield Static(
                    literal(f"Necessary cookies. Deleting them: {breaks}"), classes="breaks"
                )
            for note in self.notes:
                yield Static(literal(note), classes="note")
            if not refused:
                yield Static("A backup is taken first; u puts the cookies back.", classes="note")
            for store in self.running:
                yield Static(
                    literal(
                        f"{store.browser} is running with profile {store.profile!r}: "
                        f"close {store.browser} first, then try again."
                    ),
                    classes="running",
                )
            with Horizontal(classes="buttons"):
                if refused:
                    yield Button("Close", id="cancel", variant="primary")
                else:
                    yield Button("Delete (y)", id="confirm", variant="error")
                    yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.running else "#confirm", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return not self.running
        return True

    def action_confirm(self) -> None:
        self.dismiss(not self.running)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm" and not self.running)
