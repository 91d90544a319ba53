"""Choosing what to export and in which format, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from ..text import literal
from .dialog import Dialog

Format = Literal["json", "netscape"]
Scope = Literal["cookie", "category", "site"]


@dataclass(frozen=True)
class ExportChoice:
    format: Format
    scope: Scope


class ExportDialog(Dialog[ExportChoice | None]):
    """Dismisses with the format and the scope chosen, None on Esc. The values go into a
    file only the user can read; the dialog says so before anything is written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export", id="export.confirm"),
        Binding("escape,q", "dismiss(None)", "Cancel", id="export.cancel"),
    ]

    def __init__(self, scopes: dict[Scope, str]) -> None:
        """`scopes`: what each scope covers in words ("cookie _ga", "Analytics: 2 cookies");
        the first is preselected."""
        super().__init__()
        self.scopes = scopes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog") as dialog:
            dialog.border_subtitle = "e exports · esc cancels"
            yield Label(literal("Export cookies with their values"), classes="dialog-title")
            with RadioSet(id="export-scope"):
                for index, (scope, words) in enumerate(self.scopes.items()):
                    yield RadioButton(literal(words), value=index == 0, id=f"scope-{scope}")
            with RadioSet(id="export-format"):
                yield RadioButton(literal("JSON"), value=True, id="format-json")
                yield RadioButton(
                    literal("Netscape cookies.txt (curl, wget)"), id="format-netscape"
                )
            yield Static(
                literal("Only you can read the file (mode 0600): it holds credentials."),
                classes="note",
            )
            with Horizontal(classes="buttons"):
                yield Button(literal("Export (e)"), id="export", variant="primary")
                yield Button(literal("Cancel (esc)"), id="cancel")

    def choice(self) -> ExportChoice:
        scope = self.query_one("#export-scope", RadioSet).pressed_button
        fmt = self.query_one("#export-format", RadioSet).pressed_button
        scope_id = (scope.id if scope else None) or f"scope-{next(iter(self.scopes))}"
        format_id = (fmt.id if fmt else None) or "format-json"
        return ExportChoice(
            "netscape" if format_id == "format-netscape" else "json",
            scope_id.removeprefix("scope-"),  # type: ignore[arg-type]
        )

    def action_export(self) -> None:
        self.dismiss(self.choice())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.choice() if event.button.id == "export" else None)
