"""The Public Suffix List, offline: registrable domains the way browsers draw cookie lines.

The list is the copy of publicsuffix.org that the `publicsuffixlist` package ships as data
(`PSLFILE`, updated with each of its releases); only the file is read, into sets for a fast
walk. The package is found, not imported: its import (typing and all) costs more than the
lookups a one-site command makes. Private-section rules count too (github.io is a suffix),
as they do for browsers.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path


def _unicode(host: str) -> str:
    """Punycode labels to Unicode, as the list writes IDN rules (`xn--p1ai` is `рф`)."""
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


_RULE = re.compile(r"^([^/\s]\S*)", re.MULTILINE)
_SETS_AFTER = 64
"""Names looked up in the file's text before the rules are made into a dict: a command
about one site asks a handful, `sites` tens of thousands."""
_PLAIN, _WILDCARD, _EXCEPTION = 1, 2, 4
_KINDS = {"": _PLAIN, "*.": _WILDCARD, "!": _EXCEPTION}


class _Rules:
    """The list, asked rule by rule. A name is first looked up straight in the file's text
    (a substring test in C, ~0.2 ms: every rule stands alone on its line), and once many
    names come, in a dict of every rule (~6 ms to build) that says what each is, so a
    walk makes one lookup per label."""

    def __init__(self) -> None:
        # Kept as bytes until the dict is built: decoding its IDN rules cost more than the
        # handful of lookups a command about one site makes. Rules are canonical
        # (lower-case) in the file; only its comments have capitals.
        self.data = b"\n" + list_file().read_bytes() + b"\n"
        self.in_text: dict[str, int] = {}
        """What the file's text says of each name asked so far (the marks below): a
        command about one site asks the same few names some forty times."""
        self.marked: dict[str, int] | None = None

    @staticmethod
    def _lines_after(text: str, mark: str) -> list[str]:
        """The rest of every line that starts with `mark`, up to its first whitespace."""
        found = []
        at = text.find(mark)
        while at >= 0:
            end = text.find("\n", at + 1)
            found.append(text[at + len(mark) : end].split(maxsplit=1)[0])
            at = text.find(mark, end)
        return found

    def has(self, kind: str, rule: str) -> bool:
        """`kind` is "" for a plain rule, "*." for a wildcard's parent, "!" an exception."""
        if self.marked is None:
            known = self.in_text
            if rule not in known and len(known) < _SETS_AFTER:
                known[rule] = self._marks_in_text(rule)
            if rule in known:
                return bool(known[rule] & _KINDS[kind])
        return bool(self.marks().get(rule, 0) & _KINDS[kind])

    def _marks_in_text(self, rule: str) -> int:
        """Most names asked are no rule of any kind: one search for the name at a line's
        end says so for all three kinds."""
        if f"{rule}\n".encode() not in self.data:
            return 0
        return sum(
            mark for kind, mark in _KINDS.items() if f"\n{kind}{rule}\n".encode() in self.data
        )

    def marks(self) -> dict[str, int]:
        """Every rule with what it is: `_PLAIN`, `_WILDCARD` (the parent of `*.` rules),
        `_EXCEPTION` (a `!` rule's name), or several of them."""
        if self.marked is None:
            text = self.data.decode()
            plain = (r for r in _RULE.findall(text) if not r.startswith(("!", "*.")))
            marks = dict.fromkeys(plain, _PLAIN)
            for kind, mark in (("*.", _WILDCARD), ("!", _EXCEPTION)):
                for name in self._lines_after(text, f"\n{kind}"):
                    marks[name] = marks.get(name, 0) | mark
            self.marked = marks
        return self.marked


def list_file() -> Path:
    """Where `publicsuffixlist` keeps the list (its `PSLFILE`), without importing it."""
    spec = find_spec("publicsuffixlist")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("publicsuffixlist is not installed")
    return Path(spec.origin).with_name("public_suffix_list.dat")


@cache
def rules() -> _Rules:
    return _Rules()


def _longest_rule(host: str) -> str:
    known = rules()
    candidate = host
    while True:  # from the whole host down to its TLD: the first rule found is the longest
        dot = candidate.find(".")
        parent = candidate[dot + 1 :] if dot >= 0 else ""
        if known.has("!", candidate):
            return parent
        if dot < 0 or known.has("", candidate) or known.has("*.", parent):
            return candidate
        if known.has("*.", candidate):  # a wildcard's parent is a suffix too, as the list reads
            return candidate
        candidate = parent


def public_suffix(host: str) -> str:
    """The longest public suffix of a lower-case punycode host (the bare TLD at least)."""
    if "xn--" not in host:
        return _longest_rule(host)
    labels = _longest_rule(_unicode(host)).count(".") + 1
    return ".".join(host.split(".")[-labels:])


def registrable_domain(host: str) -> str:
    """eTLD+1: `www.example.co.uk` to `example.co.uk`; a public suffix stands for itself."""
    suffix = public_suffix(host)
    if host == suffix:
        return host
    rest = host[: -len(suffix) - 1]
    return f"{rest.rsplit('.', 1)[-1]}.{suffix}"


def registrable_domains(hosts: Iterable[str], unusual: Callable[[str], str]) -> dict[str, str]:
    """The registrable domain of many hosts as stores spell them, in one pass. A plain
    name (ASCII, dotted, no IDN, IP or brackets; nearly all) is lower-cased, its outer dots
    dropped, and walked from its TLD leftward with one lookup per label, where the walk
    for a single name tries three per label; the longest suffix found decides, as it does
    there. Each spelling is walked once (hosts differ mostly by a leading dot); any other
    host is answered by `unusual`. A pass per step was a third of listing 26,000 hosts."""
    mark = rules().marks().get
    out = {}
    walked: dict[str, str] = {}
    for host in hosts:
        name = host.strip().strip(".").lower()
        site = walked.get(name)
        if site is not None:
            out[host] = site
            continue
        if not (
            name.isascii()
            and "." in name
            and ".." not in name
            and "xn--" not in name
            and ":" not in name
            and "[" not in name
            and not name[-1].isdigit()
        ):
            out[host] = unusual(host)
            continue
        dot = name.rfind(".")
        start = dot + 1  # where the longest suffix found so far starts: the TLD at least
        seen = mark(name[start:], 0)
        while dot >= 0:
            wildcard_parent = seen & _WILDCARD
            left = name.rfind(".", 0, dot)
            seen = mark(name[left + 1 :], 0)
            if seen & _EXCEPTION:
                start = dot + 1
            elif seen & (_PLAIN | _WILDCARD) or wildcard_parent:
                start = left + 1
            dot = left
        site = name if start == 0 else name[name.rfind(".", 0, start - 1) + 1 :]
        out[host] = walked[name] = site
    return out
