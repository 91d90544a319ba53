"""Above the cookie table: what the highlighted category is, and what deleting it breaks."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...humanize import plural, printable
from ...policy.classify import CategoryGroup
from ..text import plain


class CategoryHeader(Static):
    """Wraps instead of cutting: what deleting breaks must be readable in full."""

    DEFAULT_CSS = """
    CategoryHeader {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def show(self, group: CategoryGroup | None, site: str) -> None:
        if group is None:
            self.update(plain(f"No cookies for {site}."))
            return
        text = Text()
        text.append(printable(group.title), style="bold")
        text.append(f" · {plural(len(group.cookies), 'cookie')}")
        if group.necessary:
            text.append(" · necessary: the site needs them to work", style="bold")
        text.append("\n" + printable(" ".join(group.description.split())))
        if group.necessary and group.breaks:
            text.append(f"\nDeleting breaks: {printable(group.breaks)}")
        self.update(text)
