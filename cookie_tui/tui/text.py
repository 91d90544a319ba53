"""Text that comes from websites, policy files and browser profiles, made safe to show.

A cookie's name, value and path are chosen by a website; a category title or a rule pattern
by whoever wrote a policy file; a profile name by the browser's user. Shown as markup, `[/]`
crashes the app and `[@click=app.quit]` binds an action to a click, so every such text goes
through here: literally (Textual `Content`, plain Rich `Text` or bare segments, never markup
strings), with control characters escaped (`cookie_tui.humanize.printable`).
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.fuzzy import Matcher
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.worker import Worker

from ..errors import CookieTuiError
from ..humanize import printable


def literal(text: str, style: str = "") -> Content:
    """Text for a Textual widget (Static, Label, Option, Button), exactly as written."""
    return Content.styled(printable(text), style) if style else Content(printable(text))


def literal_lines(lines: list[str]) -> Content:
    """Several lines, each exactly as written: `literal` would escape the line breaks."""
    return Content("\n").join(literal(line) for line in lines)


def plain(text: str, style: str | Style = "") -> Text:
    """Text for a Rich renderable (tables, grids), exactly as written."""
    return Text(printable(text), style=style)


_CODE = re.compile(r"`([^`\n]+)`")
"""Markdown-style code spans in the core's sentences (`_ga`, `cookie-tui undo`)."""


def prose(text: str, style: str = "") -> Text:
    """A sentence of the core for a Rich renderable: its `code` spans shown bold instead of
    between backticks, everything else as written."""
    out = Text(style=style)
    start = 0
    for match in _CODE.finditer(text):
        out.append(printable(text[start : match.start()]))
        out.append(printable(match.group(1)), style="bold")
        start = match.end()
    out.append(printable(text[start:]))
    return out


def quoted(text: str) -> str:
    """A sentence of the core for a toast (plain text): code spans in quotes."""
    return _CODE.sub(lambda match: f"‘{match.group(1)}’", text)


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The palette's fuzzy-match highlight without `Matcher.highlight`, which reads its
    candidate as markup."""
    text = printable(candidate)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` escaped, then padded or cut to exactly `width` cells; a cut ends in `…`."""
    if width <= 0:
        return ""
    text = printable(text)
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width) if not right else " " * (width - cell_len(text)) + text


def notify(
    node: Widget | App[object],
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A toast whose text is shown as written: file names, cookie names and error messages
    carry text from stores and policies, which `notify`'s default markup would interpret."""
    node.notify(
        printable(message),
        title=printable(title),
        severity=severity,
        timeout=timeout,
        markup=False,
    )


def failure(worker: Worker[object]) -> str:
    """A failed worker's error in one line: ours are written for people, others get their
    type so a bug report says what broke."""
    error = worker.error
    if isinstance(error, CookieTuiError):
        return quoted(str(error))
    return f"{type(error).__name__}: {error}"
