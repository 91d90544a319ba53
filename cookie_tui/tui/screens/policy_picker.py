"""Choosing another policy file: a shipped or user policy, or any path typed in."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...policy.catalog import all_policies
from ..text import literal, notify

_AUTOMATIC = "automatic"


class PolicyPicker(ModalScreen[Path | None]):
    """Dismisses with the chosen file, `Path()` for the automatic choice, None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="policy.cancel")
    ]

    def __init__(self, current: Path | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        automatic = literal("Automatic: the site's own policy plus the common one")
        options = [Option(automatic, id=_AUTOMATIC)]
        for policy in all_policies():
            sites = ", ".join(policy.sites)
            prompt = literal(f"{policy.name}: {sites}  ({policy.path})")
            options.append(Option(prompt, id=str(policy.path)))
        with Vertical(classes="dialog", id="policy-picker"):
            yield Label("Policy", classes="dialog-title")
            yield OptionList(*options, id="policies")
            yield Input(
                placeholder="or type a path to a policy file and press Enter", id="policy-path"
            )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or _AUTOMATIC
        self.dismiss(Path() if option_id == _AUTOMATIC else Path(option_id))

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            notify(self, f"{path}: no such file", severity="warning")
            return
        self.dismiss(path)
