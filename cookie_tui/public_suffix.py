"""The Public Suffix List, offline: registrable domains the way browsers draw cookie lines.

The list is the copy of publicsuffix.org that the `publicsuffixlist` package ships as data
(`PSLFILE`, updated with each of its releases); only the file is read, into sets for a fast
walk. The package is found, not imported: its import (typing and all) costs more than the
lookups a one-site command makes. Private-section rules count too (github.io is a suffix),
as they do for browsers.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.util import find_spec
from itertools import compress, repeat
from operator import contains, itemgetter, not_
from pathlib import Path

from .paths import cache_dir
from .private_files import private_dir, write_private


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
            self.marked = _bulk()[0]
        return self.marked

    def parsed_marks(self) -> dict[str, int]:
        """`marks`, made from the list's text."""
        text = self.data.decode()
        plain = (r for r in _RULE.findall(text) if not r.startswith(("!", "*.")))
        marks = dict.fromkeys(plain, _PLAIN)
        for kind, mark in (("*.", _WILDCARD), ("!", _EXCEPTION)):
            for name in self._lines_after(text, f"\n{kind}"):
                marks[name] = marks.get(name, 0) | mark
        return marks


def list_file() -> Path:
    """Where `publicsuffixlist` keeps the list (its `PSLFILE`), without importing it."""
    spec = find_spec("publicsuffixlist")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("publicsuffixlist is not installed")
    return Path(spec.origin).with_name("public_suffix_list.dat")


@cache
def rules() -> _Rules:
    return _Rules()


def load() -> None:
    """Read the list now: a process about to fork reads it once for both."""
    _bulk()


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


_ODD_TEXTS = ("xn--", ":", "[", "..")
"""What no plain name holds: an IDN, an IP address or port, brackets, an empty label."""
_last_two = itemgetter(slice(-2, None))


def _is_plain(name: str) -> bool:
    """A lower-cased name without outer dots that the walk answers: ASCII, dotted, not an
    IP address (every IPv4 one ends in a digit)."""
    return (
        name.isascii()
        and "." in name
        and not any(text in name for text in _ODD_TEXTS)
        and not name[-1].isdigit()
    )


def _plain_names(hosts: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The plain hosts with their names (lower-cased, outer dots dropped), and the others.
    Checked on the hosts' joined text first, in C: nearly every store passes, and then
    no host is looked at one by one."""
    text = "\n".join(hosts)
    lowered = text.lower()
    names = lowered.split()
    if text.isascii() and len(names) == len(hosts) and not any(t in lowered for t in _ODD_TEXTS):
        names = list(map(str.strip, names, repeat(".")))
        if (
            all(names)
            and all(map(contains, names, repeat(".")))
            and not any(map(str.isdigit, map(itemgetter(-1), names)))
        ):
            return hosts, names, []
    names = [host.strip().strip(".").lower() for host in hosts]
    plain = list(map(_is_plain, names))
    odd = list(compress(hosts, map(not_, plain)))
    return list(compress(hosts, plain)), list(compress(names, plain)), odd


def _last_two_labels(names: Iterable[str]) -> list[str]:
    return list(map(".".join, map(_last_two, map(str.rsplit, names, repeat("."), repeat(2)))))


def _near_rules() -> tuple[frozenset[str], frozenset[str]]:
    """The last two labels of every rule, and the TLDs under a wildcard rule (`*.ck`). A
    plain name whose last two labels are in neither has them for its site: no rule
    reaches past its TLD."""
    return _bulk()[1:]


_BULK_FORMAT = 1


@cache
def _bulk() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """What walking many names takes: `_Rules.marks` and `_near_rules`. Made from the
    list's text, it was ~20 ms of listing the sites of a big store (~6 ms on a fast hour);
    read back as JSON, ~6 ms. So it is kept in the cache folder for this copy of the list
    (its path, size and time), and read like any file: anything else is made anew."""
    path = list_file()
    st = path.stat()
    key = [_BULK_FORMAT, str(path), st.st_size, st.st_mtime_ns]
    kept = cache_dir() / "public-suffixes.json"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        stored = json.loads(kept.read_bytes())
        if stored["key"] == key:
            marks, near, wildcard_tlds = stored["marks"], stored["near"], stored["wildcard"]
            if (
                type(marks) is dict
                and type(near) is list
                and type(wildcard_tlds) is list
                and all(type(v) is int for v in marks.values())
                and all(type(n) is str for n in near)
                and all(type(t) is str for t in wildcard_tlds)
            ):
                return marks, frozenset(near), frozenset(wildcard_tlds)
    marks = rules().parsed_marks()
    wildcard = sorted(k for k, v in marks.items() if v & _WILDCARD and "." not in k)
    near = sorted(set(_last_two_labels(marks)))
    with contextlib.suppress(OSError):
        data = {"key": key, "marks": marks, "near": near, "wildcard": wildcard}
        write_private(private_dir(kept.parent) / kept.name, json.dumps(data).encode())
    return marks, frozenset(near), frozenset(wildcard)


def _walk(name: str, mark: Callable[[str, int], int]) -> str:
    """A plain name's site, walked from its TLD leftward with one lookup per label in
    `mark` (the rules' marks); the longest suffix found decides, as it does for a single
    name."""
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
    return name if start == 0 else name[name.rfind(".", 0, start - 1) + 1 :]


def registrable_domains(hosts: Iterable[str], unusual: Callable[[str], str]) -> dict[str, str]:
    """The registrable domain of many hosts as stores spell them, in passes made in C. A
    plain name's site is its last two labels unless a rule reaches past its TLD (`co.uk`,
    `github.io`, `*.ck`): only those names are walked. Any other host is answered by
    `unusual`. A walk of each host in Python was a quarter of listing 26,000 hosts."""
    hosts = list(hosts)
    plain, names, odd = _plain_names(hosts)
    tails = _last_two_labels(names)
    out = dict(zip(plain, tails, strict=True))
    near, wildcard_tlds = _near_rules()
    distinct = set(tails)
    walked = distinct & near
    walked.update(t for t in distinct if t[t.rfind(".") + 1 :] in wildcard_tlds)
    if walked:
        mark = rules().marks().get
        deep = map(walked.__contains__, tails)
        sites = {name: _walk(name, mark) for name in set(compress(names, deep))}
        for host, name in compress(zip(plain, names, strict=True), map(walked.__contains__, tails)):
            out[host] = sites[name]
    for host in odd:
        out[host] = unusual(host)
    return out
