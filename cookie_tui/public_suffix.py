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


@cache
def rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(plain rules, wildcard parents, exceptions), lower case, IDNs in Unicode as listed."""
    plain, wildcard, exception = set(), set(), set()
    from publicsuffixlist import PSLFILE

    with open(PSLFILE, encoding="utf-8") as fh:
        text = fh.read()
    for line in _RULE.findall(text):
        rule = line.lower()
        if rule.startswith("!"):
            exception.add(rule[1:])
        elif rule.startswith("*."):
            wildcard.add(rule[2:])
        else:
            plain.add(rule)
    return frozenset(plain), frozenset(wildcard), frozenset(exception)


def _longest_rule(host: str) -> str:
    plain, wildcard, exception = rules()
    candidate = host
    while True:  # from the whole host down to its TLD: the first rule found is the longest
        dot = candidate.find(".")
        parent = candidate[dot + 1 :] if dot >= 0 else ""
        if candidate in exception:
            return parent
        if candidate in plain or parent in wildcard or dot < 0:
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
