"""Choosing another policy file for one site: a shipped or user policy, or a path typed in.

Nothing is used before it loads: a broken file is refused with its `file:line:col` and
the current policy stays.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import CookieTuiError
from ...policy.catalog import all_policies, display_path, load_cached
from ..text import literal, quoted
from .dialog import Dialog

_AUTOMATIC = "automatic"


def check_policy_file(path: Path) -> None:
    """Raise a one-line `CookieTuiError` unless `path` is a policy file that loads. A FIFO
    or a device would block the read forever: only regular files are opened."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise CookieTuiError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    if not stat.S_ISREG(mode):
        raise CookieTuiError(f"{path}: not a regular file")
    load_cached(path)


class PolicyPicker(Dialog[Path | None]):
    """Dismisses with the chosen file, `Path()` for the site's own, None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Cancel", id="policy.cancel")
    ]

    def __init__(self, site: str, current: Path | None) -> None:
        super().__init__()
        self.site = site
        self.current = current

    def compose(self) -> ComposeResult:
        automatic = literal("Automatic: the site's own policy plus the common one")
        options = [Option(automatic, id=_AUTOMATIC)]
        for policy in all_policies():
            sites = ", ".join(policy.sites)
            prompt = literal(f"{policy.name}: {sites}  ({display_path(policy.path)})")
            options.append(Option(prompt, id=str(policy.path)))
        with Vertical(classes="dialog", id="policy-picker") as dialog:
            dialog.border_subtitle = "esc cancels"
            yield Label(literal(f"Policy for {self.site}"), classes="dialog-title")
            yield OptionList(*options, id="policies")
            yield Input(
                placeholder="or type the path of a policy file and press Enter", id="policy-path"
            )
            yield Static(id="policy-error")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or _AUTOMATIC
        if option_id == _AUTOMATIC:
            self.dismiss(Path())
        else:
            self.check(Path(option_id))

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.check(Path(event.value.strip()).expanduser())

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check(self, path: Path) -> None:
        """Load the file before it is used (a thread: parsing reads the disk)."""
        try:
            check_policy_file(path)
        except (CookieTuiError, OSError) as error:
            self.app.call_from_thread(self._refuse, quoted(str(error)))
            return
        self.app.call_from_thread(self.dismiss, path)

    def _refuse(self, problem: str) -> None:
        current = display_path(self.current) if self.current else "the site's own"
        self.query_one("#policy-error", Static).update(
            literal(f"Not used: {problem}. The policy stays {current}.")
        )
