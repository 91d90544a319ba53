"""Times and sizes in the words people use ("in 1 year 11 months")."""

from __future__ import annotations

from datetime import datetime, timedelta

_UNITS = (
    ("year", 365 * 86400),
    ("month", 365 * 86400 // 12),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
    ("second", 1),
)


def duration(delta: timedelta, parts: int = 2) -> str:
    """`1 year 11 months`: the largest units, at most `parts` of them."""
    seconds = int(abs(delta.total_seconds()))
    words = []
    for unit, size in _UNITS:
        n, seconds = divmod(seconds, size)
        if n:
            words.append(f"{n} {unit}{'s' if n != 1 else ''}")
        if len(words) == parts:
            break
    return " ".join(words) or "0 seconds"


def relative(when: datetime | None, now: datetime, *, short: bool = False) -> str:
    """`in 1 year 11 months`, `expired 3 days ago`, or `session`."""
    if when is None:
        return "session"
    delta = when - now
    text = duration(delta, parts=1 if short else 2)
    return f"in {text}" if delta.total_seconds() >= 0 else f"expired {text} ago"


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 cookie`, `3 cookies`, `10,000 cookies`."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def printable(text: str) -> str:
    """Text from a website or a file, safe on a terminal: control and format characters
    (ESC, CR, LF, bidi overrides, ...) shown escaped as `\\x1b`, never acted on."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
