"""Asking before a class or category goes from every site: per browser/profile how many
cookies and sites go, how many the keep list keeps, which stores are skipped and why, and
for necessary categories what breaks."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from ...humanize import plural
from ..everywhere import Everywhere
from ..text import literal, literal_lines
from .dialog import Dialog

MAX_BREAKS = 4
"""What-breaks sentences shown; the rest are counted."""


class ConfirmEverywhere(Dialog[bool]):
    """Dismisses with True to delete; Cancel is the default for necessary cookies and when
    nothing can go."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Delete", id="everywhere.yes"),
        Binding("n,escape,q", "cancel", "Cancel", id="everywhere.no"),
    ]

    def __init__(self, everywhere: Everywhere) -> None:
        super().__init__()
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        e = self.everywhere
        where = plural(e.sites, "site")
        title = (
            f"Delete {e.title} from {where}?"
            if e.count
            else f"Nothing of {e.title} on {where} can be deleted now"
        )
        with Vertical(classes="dialog", id="everywhere-dialog") as dialog:
            dialog.border_subtitle = "y deletes · esc cancels"
            yield Label(literal(title), classes="dialog-title")
            with VerticalScroll(id="everywhere-body"):
                yield from self._body()
            with Horizontal(classes="buttons"):
                if e.count:
                    label = f"Delete {plural(e.count, 'cookie')} (y)"
                    yield Button(literal(label), id="confirm", variant="error")
                    yield Button(literal("Cancel (n)"), id="cancel")
                else:
                    yield Button(literal("Close"), id="cancel", variant="primary")

    def _body(self) -> ComposeResult:
        e = self.everywhere
        if e.goes:
            verb = "goes" if e.count == 1 else "go"
            yield Static(literal(f"{plural(e.count, 'cookie')} {verb}:"))
            lines = [f"  {line.text()}" for line in e.goes]
            yield Static(literal_lines(lines), id="everywhere-stores")
        if e.breaks:
            shown = e.breaks[:MAX_BREAKS]
            more = len(e.breaks) - len(shown)
            lines = ["Necessary cookies. Deleting them:", *(f"  • {b}" for b in shown)]
            if more:
                lines.append(f"  and {more:,} more")
            yield Static(literal_lines(lines), classes="breaks")
        if e.kept:
            n = sum(e.kept.values())
            lines = [
                f"{plural(n, 'cookie')} {'stays' if n == 1 else 'stay'}, kept by your keep list:"
            ]
            lines += [f"  {entry} ({n:,})" for entry, n in e.kept.most_common()]
            yield Static(literal_lines(lines), classes="kept", id="everywhere-kept")
        for reason, n in e.not_deletable.most_common():
            verb = "stays" if n == 1 else "stay"
            yield Static(literal(f"{plural(n, 'cookie')} {verb}: {reason}."), classes="note")
        for line in e.skipped_lines():
            yield Static(literal(line), classes="running")
        if e.count:
            note = "A backup of each store is taken first; u puts every store back at once."
            yield Static(literal(note), classes="note")

    def on_mount(self) -> None:
        """Cancel is the default for what sites need, and whenever nothing can go."""
        e = self.everywhere
        self.query_one("#cancel" if e.breaks or not e.count else "#confirm", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return bool(self.everywhere.count)
        return True

    def action_confirm(self) -> None:
        if self.everywhere.count:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_confirm()
        else:
            self.dismiss(False)
