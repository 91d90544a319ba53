"""A cookie policy as plain data: categories of rules that say which cookies they cover.

Built only by `policy_loader`, which validates everything first, so matching here never
fails: a rule's pattern is compiled once, and `Rule.matches` is a pure, cheap test.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from ..errors import PolicyError
from ..records import Cookie

RuleKind = Literal["exact", "glob", "regex"]
StandardClass = Literal["necessary", "preferences", "analytics", "marketing"]
STANDARD_CLASSES: tuple[StandardClass, ...] = ("necessary", "preferences", "analytics", "marketing")
"""The classes consent banners use: what a category is *for*, whatever a site calls it, so
one choice ("marketing") can be viewed and deleted across every site."""
ALL_SITES = "*"
"""The `sites` entry of a fallback policy (`common.yaml`) that applies to every site."""
EXTENDS_SHIPPED = "shipped"
"""`extends: shipped`: the user's policy is matched first and the shipped policy for the
same sites still applies after it, instead of being replaced."""
EVERY_NAME = "*"
"""The name of a domain-wide rule, `{name: "*", domain: facebook.com}`: every cookie that
third party sets (without a domain: every cookie), tried after the policy's named rules."""
MAX_COOKIE_NAME = 4096
"""Browsers cap name plus value at 4096 bytes; a longer name is never tested, which also
bounds the work any regex can do."""


def literal_prefix(kind: RuleKind, pattern: str) -> str:
    """What every name a pattern rule matches starts with: a cheap test before the regex."""
    if kind == "glob":
        return re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return ""


def compile_regex(pattern: str) -> Any:
    """A regex rule compiled by RE2, which matches in time linear in the name's length:
    no policy can make matching hang (Python's `re` backtracks exponentially on patterns
    such as `^(a|a)*$`). Raises `re2.error` for what RE2 does not run (backreferences,
    lookaround). Imported here: only policies with regex rules need it."""
    import re2

    options = re2.Options()
    options.log_errors = False  # the loader says what is wrong, in one line
    return re2.compile(pattern, options)


def _name_matcher(kind: RuleKind, pattern: str) -> Callable[[str], bool]:
    """The rule's name test. A glob or regex is compiled when first tried, not when the
    policy loads: most rules of the common policy never meet a cookie with their literal
    prefix, and compiling all of them was a millisecond and a half of every `show`."""
    if kind == "exact":
        return pattern.__eq__
    compiled: Any = None

    def matches(name: str) -> bool:
        nonlocal compiled
        if compiled is None:
            regex = kind == "regex"
            compiled = compile_regex(pattern) if regex else re.compile(fnmatch.translate(pattern))
        return compiled.fullmatch(name) is not None

    return matches


@dataclass(frozen=True)
class Rule:
    """One `cookies:` entry: a name pattern, optionally narrowed by domain and path."""

    pattern_text: str
    """The pattern itself: the exact name, the glob, or the regex without its `re:`."""
    kind: RuleKind
    domain: str | None = None
    """Lower case, no leading dot: the rule covers this host and its subdomains."""
    path: str | None = None
    description: str | None = None
    retention: timedelta | None = None
    """None for `session` or when not declared; see `retention_text`."""
    retention_text: str | None = None
    line: int = 0
    column: int = 0
    _name_ok: Callable[[str], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_name_ok", _name_matcher(self.kind, self.pattern_text))

    @property
    def domain_wide(self) -> bool:
        """Covers every name on its domain: named rules of the same policy go first."""
        return self.kind == "glob" and self.pattern_text == EVERY_NAME

    def matches(self, cookie: Cookie) -> bool:
        return self.matches_parts(cookie.name, cookie.domain, cookie.path)

    def matches_parts(self, name: str, host: str, path: str) -> bool:
        """Name first (cheapest to reject), then domain, then path on whole segments.
        `host` is normalized (lower case, no leading dot), as `Cookie.domain` is."""
        if len(name) > MAX_COOKIE_NAME or not self._name_ok(name):
            return False
        domain = self.domain
        if domain is not None and host != domain and not host.endswith("." + domain):
            return False
        return self.path is None or _path_matches(path, self.path)

    def describe(self) -> str:
        """How the rule reads in explanations: "the glob `_ga_*` on facebook.com"."""
        what = {"exact": "the name", "glob": "the glob", "regex": "the regex"}[self.kind]
        text = f"{what} `{self.pattern_text}`"
        if self.domain_wide:
            text = "every cookie"
        if self.domain:
            text += f" on {self.domain}"
        if self.path:
            text += f" under {self.path}"
        return text


def _path_matches(cookie_path: str, rule_path: str) -> bool:
    """RFC 6265 path-match: `/app` covers `/app` and `/app/x` but not `/apple`."""
    if cookie_path == rule_path:
        return True
    if not cookie_path.startswith(rule_path):
        return False
    return rule_path.endswith("/") or cookie_path[len(rule_path)] == "/"


@dataclass(frozen=True)
class Category:
    """A group of cookies the policy explains together and the user deletes together."""

    id: str
    title: str
    description: str
    necessary: bool
    """Deleting these breaks the site (signs you out, empties the cart, ...)."""
    breaks: str | None
    retention: timedelta | None
    retention_text: str | None
    vendor: str | None
    privacy_url: str | None
    rules: tuple[Rule, ...]
    line: int
    declared_class: StandardClass | None = None
    """The policy's `class:`; see `standard_class`."""

    @property
    def standard_class(self) -> StandardClass:
        """As declared; else `necessary` for a necessary category, else the class its id
        names, else `preferences`: a category nobody classed is never taken by a bulk
        delete of analytics or marketing."""
        if self.declared_class is not None:
            return self.declared_class
        if self.necessary:
            return "necessary"
        return next((c for c in STANDARD_CLASSES if c == self.id), "preferences")


@dataclass(frozen=True)
class Policy:
    """One policy file: the sites it covers and its categories in the file's order."""

    path: Path
    name: str
    sites: tuple[str, ...]
    """Lower-case hosts, or just `*` for a fallback that applies everywhere."""
    source: str | None
    updated: date | None
    categories: tuple[Category, ...]
    extends: str | None = None
    """`shipped` when the shipped policy for the same sites still applies after this one."""

    @property
    def is_fallback(self) -> bool:
        return ALL_SITES in self.sites

    @property
    def rule_count(self) -> int:
        return sum(len(c.rules) for c in self.categories)

    def covers(self, site: str) -> bool:
        """True for a fallback, or when the site is a listed domain or a subdomain of one."""
        return self.is_fallback or site_coverage(self.sites, site) > 0


@dataclass
class PolicyAnalysis:
    """What a file yielded: the policy when valid, the errors, and its `sites` when at
    least those could be read (so a broken policy can be tied to the sites it meant)."""

    policy: Policy | None
    errors: list[PolicyError]
    sites: tuple[str, ...] | None = None


def site_coverage(sites: tuple[str, ...], site: str) -> int:
    """How specifically `sites` name `site`: the longest listed domain covering it plus one
    (so `app.imind.com` beats `imind.com`), 0 when none does; `*` never counts here."""
    site = site.strip(".").lower()
    best = 0
    for listed in sites:
        if listed != ALL_SITES and (site == listed or site.endswith("." + listed)):
            best = max(best, len(listed) + 1)
    return best
