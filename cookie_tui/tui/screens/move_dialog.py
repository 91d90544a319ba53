"""Filing a cookie under a category (`m`): which category (one of the site's, or a new id)
and which cookies the rule takes (the exact name, or a prefix glob `policy.authoring`
proposes). The rule is written by the site screen; this only asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...policy.classify import CategoryGroup
from ..text import literal
from .dialog import Dialog


@dataclass(frozen=True)
class Move:
    category_id: str
    pattern: str


def scope_text(pattern: str, name: str) -> str:
    if pattern == name:
        return f"{pattern}: this name only"
    if pattern.endswith("*"):
        return f"{pattern}: every name starting {pattern[:-1]}"
    return f"{pattern}: exactly this name (it holds characters a glob would read)"


class MoveDialog(Dialog[Move | None]):
    """Dismisses with the category and the rule's name pattern, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="move.cancel"),
    ]

    def __init__(self, name: str, current: str, groups: list[CategoryGroup], where: str) -> None:
        """`current`: the cookie's category now; `where`: the file the rule goes to."""
        from ...policy.authoring import scopes  # here: it imports PyYAML, a launch never needs

        super().__init__()
        self.cookie_name = name
        self.current = current
        self.groups = groups
        self.where = where
        self.scopes = scopes(name)

    def compose(self) -> ComposeResult:
        categories = [
            Option(
                literal(
                    f"{g.title} ({g.id})" + (": its category now" if g.id == self.current else "")
                ),
                id=g.id,
            )
            for g in self.groups
        ]
        rules = [Option(literal(scope_text(s, self.cookie_name)), id=s) for s in self.scopes]
        with Vertical(classes="dialog", id="move-dialog") as dialog:
            dialog.border_subtitle = "enter chooses · esc cancels"
            yield Label(literal(f"File {self.cookie_name} under"), classes="dialog-title")
            with VerticalScroll(id="move-body"):
                yield OptionList(*categories, id="move-categories", compact=True)
                yield Input(
                    placeholder="or type a new category id, e.g. promotions",
                    id="move-new",
                    compact=True,
                )
                yield Label(literal("with a rule for"), classes="dialog-subtitle")
                yield OptionList(*rules, id="move-scopes", compact=True)
                note = f"Written to {self.where}; u takes it back out."
                yield Static(literal(note), classes="note")
            with Horizontal(classes="buttons"):
                yield Button(literal("File it"), id="confirm", variant="primary", compact=True)
                yield Button(literal("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        categories = self.query_one("#move-categories", OptionList)
        ids = [g.id for g in self.groups]
        categories.highlighted = ids.index(self.current) if self.current in ids else 0
        self.query_one("#move-scopes", OptionList).highlighted = 0
        categories.focus()

    @property
    def chosen(self) -> Move | None:
        typed = self.query_one("#move-new", Input).value.strip()
        categories = self.query_one("#move-categories", OptionList)
        scope = self.query_one("#move-scopes", OptionList)
        if typed:
            category = typed
        elif categories.highlighted is not None:
            category = self.groups[categories.highlighted].id
        else:
            return None
        index = scope.highlighted if scope.highlighted is not None else 0
        return Move(category, self.scopes[index])

    @on(OptionList.OptionSelected, "#move-categories")
    @on(Input.Submitted, "#move-new")
    def _category_chosen(self) -> None:
        self.query_one("#move-scopes", OptionList).focus()

    @on(OptionList.OptionSelected, "#move-scopes")
    def _scope_chosen(self) -> None:
        self.dismiss(self.chosen)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.chosen if event.button.id == "confirm" else None)
