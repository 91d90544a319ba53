"""Where the site's real cookies disagree with its own policy."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...humanize import printable
from ...policy.audit import Finding
from ..text import literal


class AuditScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,a,q", "dismiss", "Close", id="audit.close")
    ]

    def __init__(self, site: str, findings: list[Finding]) -> None:
        super().__init__()
        self.site = site
        self.findings = findings

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="audit"):
            yield Label(
                literal(f"Audit of {self.site}: {len(self.findings)} finding(s)"),
                classes="dialog-title",
            )
            if not self.findings:
                yield Static("The cookies agree with the policy.")
            for finding in self.findings:
                text = Text()
                text.append(f"{finding.severity}: ", style="bold")
                text.append(printable(finding.message))
                if finding.where:
                    text.append("\n  " + printable(finding.where), style="italic")
                yield Static(text, classes=f"finding {finding.severity}")
