"""The Public Suffix List, offline: registrable domains the way browsers draw cookie lines.

The list is the copy of publicsuffix.org that the `publicsuffixlist` package ships as data
(`PSLFILE`, updated with each of its releases); only the file is read, into sets for a fast
walk. Private-section rules count too (github.io is a suffix), as they do for browsers.
"""

from __future__ import annotations

import contextlib
import re
from functools import cache


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
"""Lookups answered from the file's text before the rules are made into sets: a command
about one site asks a handful (0.1 ms each), `sites` asks tens of thousands."""


class _Rules:
    """The list, asked rule by rule: first straight from the file's text (a substring test
    in C, ~0.1 ms), and once many lookups come, from sets (~6 ms to build)."""

    def __init__(self) -> None:
        from publicsuffixlist import PSLFILE

        with open(PSLFILE, encoding="utf-8") as fh:
            self.text = "\n" + fh.read().lower() + "\n"
        self.asked = 0
        self.sets: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = None

    def has(self, kind: str, rule: str) -> bool:
        """`kind` is "" for a plain rule, "*." for a wildcard's parent, "!" an exception."""
        if self.sets is None:
            self.asked += 1
            if self.asked < _SETS_AFTER:
                return f"\n{kind}{rule}\n" in self.text
            self.sets = self._build()
        plain, wildcard, exception = self.sets
        return rule in {"": plain, "*.": wildcard, "!": exception}[kind]

    def _build(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        plain, wildcard, exception = set(), set(), set()
        for rule in _RULE.findall(self.text):
            if rule.startswith("!"):
                exception.add(rule[1:])
            elif rule.startswith("*."):
                wildcard.add(rule[2:])
            else:
                plain.add(rule)
        return frozenset(plain), frozenset(wildcard), frozenset(exception)


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
