"""Where the site's real cookies disagree with its own policy; Enter jumps to the cookie."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...humanize import plural
from ...policy.audit import Finding
from ..text import literal, prose
from .dialog import Dialog


def finding_prompt(finding: Finding) -> Content:
    severity = "bold $text-warning" if finding.severity == "warning" else "bold $text-muted"
    parts = [Content.styled(f"{finding.severity}: ", severity)]
    parts.append(Content.from_rich_text(prose(finding.message)))
    if finding.where:
        parts.append(Content("\n  ") + literal(finding.where, "italic"))
    return Content.assemble(*parts)


class AuditScreen(Dialog[str | None]):
    """Dismisses with the name of the cookie a finding was opened for, None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,a,q", "dismiss(None)", "Close", id="audit.close")
    ]

    def __init__(self, site: str, findings: list[Finding]) -> None:
        super().__init__()
        self.site = site
        self.findings = findings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="audit") as dialog:
            dialog.border_subtitle = "enter goes to the cookie · esc closes"
            yield Label(
                literal(f"Audit of {self.site}: {plural(len(self.findings), 'finding')}"),
                classes="dialog-title",
            )
            if not self.findings:
                yield Static(literal("The cookies agree with the policy."))
                return
            options: list[Option | None] = []
            for i, finding in enumerate(self.findings):
                if options:
                    options.append(None)  # a separator line
                options.append(
                    Option(finding_prompt(finding), id=str(i), disabled=not finding.cookies)
                )
            yield OptionList(*options, id="findings")

    def on_mount(self) -> None:
        for option_list in self.query(OptionList):
            option_list.highlighted = 0

    @on(OptionList.OptionSelected)
    def _opened(self, event: OptionList.OptionSelected) -> None:
        finding = self.findings[int(event.option.id or 0)]
        if finding.cookies:
            self.dismiss(finding.cookies[0])
