"""What every dialog shares: `?` lists its keys.

Textual stops a modal screen's key lookup at the screen, so the app's `?` never reaches a
dialog; each dialog binds `q` and `esc` to close itself.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark", "app.help", "Help", id="dialog.help", tooltip="Keys of this dialog"
        ),
    ]
