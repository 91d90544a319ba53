"""Vendor knowledge: the Open Cookie Database, looked up after every policy.

The database (`policies/open-cookie-database/`, Apache-2.0, shipped unchanged) names
2,264 cookies of ~600 vendors with a category, the vendor (Platform, Data Controller), a
description, the documented retention and the vendor's privacy page. It is not a policy
file: the policy format has no per-cookie vendor, and 2,264 rules through the validating
YAML loader would cost more than the rest of opening a site. Instead the CSV is read once
into an index (a dict by exact name, and prefixes by their first characters for the
wildcard rows) holding what choosing a row needs, kept as JSON in the cache folder like
parsed policies (`cache.py`) and loaded only when some cookie of a site is left over by
every policy; the chosen rows themselves are read from the CSV (`VendorIndex`).

How a row applies (README "Vendor knowledge"):
- categories map onto the common policy's ids (`CATEGORY_IDS`), and a Functional row whose
  description is about remembering a language, theme, currency or other setting, and not
  about consent, sign-in, security, sessions or carts, is a preference (`map_category`);
- a wildcard row (or a name ending in `*`) is a name prefix; exact rows win over prefix
  rows, longer prefixes over shorter;
- a row with no domain describes a cookie the vendor's script sets on the site itself, so
  it matches on any site. A row naming a domain matches cookies of that domain's site;
  its name is often generic (`token`, `locale`, `sessionid`, `auth_token`), and filing a
  site's own sign-in cookie under marketing is the error that signs users out. The one
  exception: an exact name starting with `_`, 4 characters or more (`_fbp`, `_pin_unauth`,
  `_shopify_y`), is what vendors' scripts set on the sites embedding them, so it matches
  everywhere;
- when several rows still apply, one naming the cookie's own domain wins, then the most
  protective category (necessary, preferences, analytics, marketing): a doubtful cookie is
  never deleted with marketing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..domains import site_of
from . import cache as policy_cache
from .catalog import shipped_policy_dir
from .model import ALL_SITES, Category, Policy, Rule, RuleKind

FOLDER = "open-cookie-database"
CSV_FILE = "open-cookie-database.csv"
TITLE = "Open Cookie Database"
CATEGORY_IDS = {
    "Necessary": "necessary",
    "Security": "necessary",
    "Functional": "necessary",
    "Personalization": "preferences",
    "Analytics": "analytics",
    "Marketing": "marketing",
}
"""Upstream category to the common policy's. Upstream defines Functional as "also known as
technical, essential or strictly necessary"; Security guards sign-in and forms. An unknown
category counts as necessary: a doubtful cookie is never deleted with marketing."""
_PREFERENCE = (
    r"\b(language|locale|preferen\w*|theme|currency|display setting|font size|dark mode"
    r"|layout|window (dimension|size)|time ?zone|remember (the |a |your )?(user'?s? )?"
    r"(choice|setting|selection)s?)\b"
)
_NOT_PREFERENCE = (
    r"\b(consent|opt.?(out|in)|gdpr|ccpa|privacy|about cookies|preference cookies"
    r"|cookie (agreement|banner|choice|preference|setting)s?|session|log ?in|logged"
    r"|authenticat\w*|security|secure|csrf|xsrf|token|load.?balanc\w*|fraud|bot|captcha"
    r"|cart|checkout|basket)\b"
)
PROTECTIVE_ORDER = ("necessary", "preferences", "analytics", "marketing")
DOMAIN_ALIASES = {"twitter.com": ("x.com",)}
"""Rows written for a domain its vendor has since moved from also cover the new one."""
_SESSION = -1
_UNKNOWN = None
_MIN_OFF_DOMAIN = 4
_DOMAIN = r"[a-z0-9-]+(?:\.[a-z0-9-]+)+"
_DURATION = r"(\d+)\s*([a-z]+)"

_CATEGORIES = {
    "necessary": (
        "Necessary",
        "Keep the site working and secure: sign-in, forms, load balancing, bot protection "
        "and the record of your cookie choices.",
        True,
        "you may be signed out, lose what you were doing, or be asked again about cookies",
    ),
    "preferences": (
        "Preferences",
        "Remember choices you made, such as language or layout.",
        False,
        "the site forgets your settings",
    ),
    "analytics": (
        "Analytics",
        "Measure how visitors use the site. The site keeps working without them.",
        False,
        "nothing you can see; the site counts you as a new visitor",
    ),
    "marketing": (
        "Marketing",
        "Let ad networks recognise your browser across sites and measure their ads.",
        False,
        "nothing on the site; ads may become less targeted",
    ),
}


@dataclass(frozen=True)
class VendorCookie:
    """One row of the database, as cookie-tui uses it."""

    id: str
    line: int
    """Line of the CSV file where the row starts."""
    platform: str
    controller: str
    category: str
    """The database's own category (Functional, Marketing, ...)."""
    name: str
    prefix: bool
    sites: tuple[str, ...]
    """Registrable domains the row names; empty when the vendor sets it on any site."""
    description: str
    retention_text: str
    retention_seconds: int | None
    """Longest duration the retention text names, -1 for `session`, None when unknown."""
    privacy_url: str
    category_id: str
    """The common policy's category it maps to (`map_category`)."""

    @property
    def vendor(self) -> str:
        """`Google Analytics (Google)`: the product, and who controls the data if another."""
        if self.controller and self.controller.lower() not in self.platform.lower():
            return f"{self.platform} ({self.controller})"
        return self.platform

    @property
    def retention(self) -> timedelta | None:
        """The documented lifetime; None for session or unknown (see `retention_seconds`)."""
        seconds = self.retention_seconds
        return timedelta(seconds=seconds) if seconds is not None and seconds > 0 else None

    @property
    def session(self) -> bool:
        return self.retention_seconds == _SESSION


_Entry = tuple[int, int, str, "int | None", tuple[str, ...]]
"""What a lookup needs of a row: offset in the CSV text, line, category id, retention
seconds, sites. Cached as text, `offset,line,category,seconds,site site` with `;` between
a name's rows, and parsed only for the names asked about: ~2,000 strings load in a
fraction of the time ~10,000 small lists do."""


def _encode(entries: list[_Entry]) -> str:
    return ";".join(
        f"{o},{line},{c},{'' if s is None else s},{' '.join(sites)}"
        for o, line, c, s, sites in entries
    )


def _decode(text: str) -> list[_Entry]:
    out: list[_Entry] = []
    for part in text.split(";") if text else ():
        offset, line, category_id, seconds, sites = part.split(",")
        out.append(
            (
                int(offset),
                int(line),
                category_id,
                int(seconds) if seconds else None,
                tuple(sites.split()),
            )
        )
    return out


class VendorIndex:
    """Rows by exact name, and wildcard rows by their first `head` characters, longest
    prefix first, each as `_Entry` text: enough to choose between rows. The chosen row
    alone is then read from the CSV itself (one `csv` record at its offset): a site asks
    about a handful of the 2,264, and making them all cost more than the rest of `show`."""

    def __init__(self, exact: dict[str, str], prefixes: dict[str, str], path: Path | None) -> None:
        self.exact = exact
        self.prefixes = prefixes
        self.path = path
        self._text: str | None = None
        self._made: dict[int, VendorCookie] = {}
        self._candidates: dict[str, list[tuple[int, str, bool, _Entry]]] = {}
        self.head = min((len(p) for p in prefixes), default=1)
        self.heads: dict[str, list[str]] = {}
        for prefix in sorted(prefixes, key=len, reverse=True):
            self.heads.setdefault(prefix[: self.head], []).append(prefix)

    @classmethod
    def of(cls, rows: list[tuple[int, VendorCookie]], path: Path | None = None) -> VendorIndex:
        """The index of rows (with their offsets in the CSV at `path`)."""
        tables: dict[bool, dict[str, list[_Entry]]] = {False: {}, True: {}}
        for offset, row in rows:
            if row.name:
                entry = (offset, row.line, row.category_id, row.retention_seconds, row.sites)
                tables[row.prefix].setdefault(row.name, []).append(entry)
        exact, prefixes = ({k: _encode(v) for k, v in tables[b].items()} for b in (False, True))
        index = cls(exact, prefixes, path)
        index._made = {offset: row for offset, row in rows}
        return index

    def to_json(self) -> dict[str, Any]:
        return {"exact": self.exact, "prefixes": self.prefixes}

    @property
    def rows(self) -> list[VendorCookie]:
        """Every row, in file order."""
        found = [
            self._row(entry, name, prefix)
            for prefix, table in ((False, self.exact), (True, self.prefixes))
            for name, text in table.items()
            for entry in _decode(text)
        ]
        return sorted(found, key=lambda row: row.line)

    def may_know(self, name: str) -> bool:
        """False when no row can describe `name`: the answer for most names of a big
        store, given without making an empty list of candidates for each."""
        return name in self.exact or name[: self.head] in self.heads

    def candidates(self, name: str) -> list[tuple[int, str, bool, _Entry]]:
        """Rows for this name as (rank, indexed name, prefix, entry): exact ones (rank 0),
        then prefixes, longest first. Remembered by name: across every site the same names
        come back on host after host."""
        found = self._candidates.get(name)
        if found is None:
            found = self._candidates[name] = self._candidates_now(name)
        return found

    def _candidates_now(self, name: str) -> list[tuple[int, str, bool, _Entry]]:
        out = [(0, name, False, entry) for entry in _decode(self.exact.get(name) or "")]
        for prefix in self.heads.get(name[: self.head], ()):
            if name.startswith(prefix):
                rank = len(name) - len(prefix) + 1
                out += [(rank, prefix, True, entry) for entry in _decode(self.prefixes[prefix])]
        return out

    def lookup(self, name: str, host: str) -> VendorCookie | None:
        """The row that describes this cookie (module doc), or None."""
        found = self.candidates(name)
        if not found:
            return None
        site = site_of(host)
        best: tuple[tuple[int, int, int, int], str, bool, _Entry] | None = None
        for rank, indexed, prefix, entry in found:
            _, line, category_id, _, sites = entry
            own = site in sites
            if sites and not own and not _anywhere(indexed, prefix):
                continue
            key = (0 if own else 1, rank, PROTECTIVE_ORDER.index(category_id), line)
            if best is None or key < best[0]:
                best = (key, indexed, prefix, entry)
        return self._row(best[3], best[1], best[2]) if best else None

    def _row(self, entry: _Entry, name: str, prefix: bool) -> VendorCookie:
        offset = entry[0]
        made = self._made.get(offset)
        if made is None:
            import csv  # only for the rows a lookup chose
            import io

            if self._text is None and self.path is not None:
                self._text = self.path.read_text(encoding="utf-8")
            stream = io.StringIO(self._text or "", newline="")
            stream.seek(offset)
            made = self._made[offset] = _make_row(next(csv.reader(stream)), entry, name, prefix)
        return made


def map_category(category: str, description: str) -> str:
    """The common category for a row (module doc): `CATEGORY_IDS`, with Functional rows
    about remembering a setting as `preferences`."""
    if (
        category == "Functional"
        and re.search(_PREFERENCE, description, re.IGNORECASE)
        and not re.search(_NOT_PREFERENCE, description, re.IGNORECASE)
    ):
        return "preferences"
    return CATEGORY_IDS.get(category, "necessary")


def _anywhere(name: str, prefix: bool) -> bool:
    """An exact `_name` travels with the vendor's script to every site (module doc)."""
    return not prefix and name.startswith("_") and len(name) >= _MIN_OFF_DOMAIN


def database_path() -> Path:
    return shipped_policy_dir() / FOLDER / CSV_FILE


def parse_retention_text(text: str) -> int | None:
    """Seconds of the longest duration the free text names (`2 years after last activity`,
    `1 week to 1 year`), -1 when it names none but says session, None when unknown
    (`persistent`, `Varies`, a date)."""
    from .loader import parse_retention  # only while (re)building the index

    clean = " ".join(text.lower().split())
    longest = 0
    for amount, unit in re.findall(_DURATION, clean):
        try:
            span = parse_retention(f"{amount} {unit}")
        except ValueError:
            continue
        longest = max(longest, int(span.total_seconds()) if span else 0)
    if longest:
        return longest
    return _SESSION if "session" in clean or "seesion" in clean else _UNKNOWN


def parse_sites(text: str) -> tuple[str, ...]:
    """`.bing.com (3rd party) or .microsoft.com (3rd party)` to `("bing.com", "microsoft.com")`."""
    sites: list[str] = []
    for host in re.findall(_DOMAIN, text.lower()):
        site = site_of(host)
        for name in (site, *DOMAIN_ALIASES.get(site, ())):
            if name not in sites:
                sites.append(name)
    return tuple(sites)


def _make_row(record: list[str], entry: _Entry, name: str, prefix: bool) -> VendorCookie:
    """A CSV record as a row, with what the index derived from it (`entry`)."""
    _, line, category_id, seconds, sites = entry
    ident, platform, category, _, _, description, retention, controller, privacy_url = (
        field.strip() for field in record[:9]
    )
    return VendorCookie(
        ident,
        line,
        platform,
        controller,
        category,
        name,
        prefix,
        tuple(sites),
        " ".join(description.split()),
        retention,
        seconds,
        privacy_url,
        category_id,
    )


def read_rows(path: Path) -> list[tuple[int, VendorCookie]]:
    """Every row of the CSV with its offset in the text: names stripped of surrounding
    blanks, a trailing `*` read as a wildcard, domains reduced to registrable sites."""
    import csv  # only while (re)building the index
    import io

    text = path.read_text(encoding="utf-8")
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream)
    next(reader)
    rows: list[tuple[int, VendorCookie]] = []
    line = reader.line_num + 1
    offset = stream.tell()
    for record in reader:
        name = record[3].strip()
        prefix = record[9].strip() == "1" or name.endswith("*")
        description = " ".join(record[5].split())
        category = record[2].strip()
        retention = record[6].strip()
        entry = (
            offset,
            line,
            map_category(category, description),
            parse_retention_text(retention),
            parse_sites(record[4]),
        )
        rows.append((offset, _make_row(record, entry, name.rstrip("*"), prefix)))
        line = reader.line_num + 1
        offset = stream.tell()
    return rows


@cache
def load_index() -> VendorIndex:
    """The index of the shipped database: from the cache when it is current (~1 ms), else
    built from the CSV (~130 ms) and cached; empty when the file is missing."""
    path = database_path()
    try:
        st = path.stat()
    except OSError:
        return VendorIndex.of([])
    data = policy_cache.load_data(path, st)
    try:
        tables = data["exact"], data["prefixes"]
        if all(isinstance(v, str) for table in tables for v in table.values()):
            return VendorIndex(*tables, path)
    except (KeyError, TypeError, AttributeError):
        pass
    index = VendorIndex.of(read_rows(path), path)
    policy_cache.save_data(path, st, index.to_json())
    return index


@cache
def vendor_policy() -> Policy:
    """The database as the policy its matches are reported under: its path is the CSV, its
    categories those of `CATEGORY_IDS`; rules are made per matched row (`rule_for`)."""
    categories = tuple(
        Category(cid, title, text, necessary, breaks, None, None, None, None, (), 0)
        for cid, (title, text, necessary, breaks) in _CATEGORIES.items()
    )
    return Policy(database_path(), TITLE, (ALL_SITES,), None, None, categories)


def category(category_id: str) -> Category:
    return next(c for c in vendor_policy().categories if c.id == category_id)


@lru_cache(maxsize=4096)
def rule_for(row: VendorCookie, domain: str | None) -> Rule:
    """The row as a rule, so explanations, JSON and drafts read it like any other."""
    kind: RuleKind = "glob" if row.prefix else "exact"
    text = row.name + "*" if row.prefix else row.name
    if any(ch in row.name for ch in "*?["):
        kind, text = "regex", re.escape(row.name) + (".*" if row.prefix else "")
    return Rule(
        text,
        kind,
        domain,
        None,
        row.description or None,
        row.retention,
        row.retention_text or None,
        row.line,
        1,
    )
