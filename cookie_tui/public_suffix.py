"""The Public Suffix List, offline: registrable domains the way browsers draw cookie lines.

The list is the snapshot tldextract bundles (a maintained copy of publicsuffix.org), read
straight from its package folder: importing tldextract itself pulls in `requests` and costs
~100 ms, a third of `cookie-tui sites`. Private-section rules count too (github.io is a
suffix), as they do for browsers.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
from functools import cache
from pathlib import Path

SNAPSHOT = ".tld_set_snapshot"


def _snapshot_path() -> Path:
    spec = importlib.util.find_spec("tldextract")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("tldextract (which ships the Public Suffix List) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / SNAPSHOT


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
    for line in _RULE.findall(_snapshot_path().read_text(encoding="utf-8")):
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
