"""Reading and validating policy files, with an exact `file:line:col` for every mistake.

Policies are hand-written, so the loader walks PyYAML's node tree (which keeps a mark for
every key and value) instead of loading plain objects, and collects every mistake of a
file with a hint on what to write instead.

Safety: the file is capped at `MAX_BYTES`; anchors and aliases are refused (so no
billion-laughs expansion), as are more than `MAX_NODES` values, nesting deeper than
`MAX_DEPTH`, and any tag beyond plain text, numbers, booleans, dates, lists and mappings
(so `!!python/object` is an error, never code). Regex rules are capped at `MAX_REGEX`
characters and run by RE2, in time linear in the name (so `^(a|a)*$` cannot hang the app);
what RE2 does not run (backreferences, lookaround) is refused with the reason. Names over
4096 characters are never tested.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from ..domains import suffix_problem
from ..errors import PolicyError
from ..yaml_files import MAX_BYTES, TAG, NodeReader, kind_of
from .model import (
    ALL_SITES,
    EXTENDS_SHIPPED,
    MAX_COOKIE_NAME,
    STANDARD_CLASSES,
    Category,
    Policy,
    PolicyAnalysis,
    Rule,
    RuleKind,
    StandardClass,
    compile_regex,
)

MAX_REGEX = 200

TOP_KEYS = ("name", "sites", "source", "updated", "extends", "categories")
TOP_REQUIRED = ("name", "sites", "categories")
CATEGORY_KEYS = (
    "id",
    "title",
    "description",
    "necessary",
    "class",
    "breaks",
    "retention",
    "vendor",
    "privacy_url",
    "cookies",
)
CATEGORY_REQUIRED = ("id", "title", "description", "cookies")
RULE_KEYS = ("name", "domain", "path", "description", "retention")
RULE_REQUIRED = ("name",)
RESERVED_IDS = ("undeclared",)
"""Ids the classifier gives itself (cookies no rule matches)."""

_TOP_EXAMPLES = {
    "name": "name: Example cookie policy",
    "sites": "sites: [example.com]",
    "categories": "categories:` and a list of categories, each starting `- id: analytics",
}
_CATEGORY_EXAMPLES = {
    "id": "id: analytics",
    "title": "title: Analytics",
    "description": "description: what these cookies are for",
    "cookies": "cookies: [_ga] (or `cookies: []` when the policy names none)",
}
_ID = re.compile(r"[a-z][a-z0-9_-]*")
_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_URL = re.compile(r"https?://[^\s/]+\S*")
_GLOB_CHARS = "*?["
_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
    "w": 7 * 86400,
    "week": 7 * 86400,
    # Generous month and year, so a cookie set for a calendar month or year is never
    # reported as outliving a declared "1 month" / "1 year".
    "mo": 31 * 86400,
    "month": 31 * 86400,
    "y": 366 * 86400,
    "yr": 366 * 86400,
    "year": 366 * 86400,
}
_RETENTION_PART = re.compile(r"(\d+)\s*([a-z]+)")
_RETENTION = re.compile(r"\d+\s*[a-z]+(?:\s*(?:,|\band\b)?\s*\d+\s*[a-z]+)*")
_MAX_RETENTION = timedelta(days=1000 * 366)
RETENTION_HINT = "write `session` or an amount with a unit, e.g. `90 days`, `13 months`, `2 years`"


def parse_retention(text: str) -> timedelta | None:
    """`session` is None (ends with the browser); `1 year 6 months` is a duration.

    Raises ValueError with a message for the policy's author.
    """
    clean = " ".join(text.lower().split())
    if clean == "session":
        return None
    if not _RETENTION.fullmatch(clean):
        raise ValueError(f"retention `{text}` is not understood: {RETENTION_HINT}")
    seconds = 0
    for amount, unit in _RETENTION_PART.findall(clean):
        per = _UNITS.get(unit) or _UNITS.get(unit.removesuffix("s"))
        if per is None:
            raise ValueError(f"retention `{text}` has an unknown unit `{unit}`: {RETENTION_HINT}")
        seconds += int(amount) * per
        if seconds > _MAX_RETENTION.total_seconds():
            raise ValueError(f"retention `{text}` is longer than 1000 years: {RETENTION_HINT}")
    if seconds == 0:
        raise ValueError(
            f"retention `{text}` is zero: for cookies that end with the browser write `session`"
        )
    return timedelta(seconds=seconds)


def load_policy(path: Path) -> Policy:
    """The policy in `path`; raises the first `PolicyError` when anything is wrong."""
    result = analyse_policy(path)
    if result.errors or result.policy is None:
        raise result.errors[0]
    return result.policy


def check_policy(path: Path) -> list[PolicyError]:
    """Every mistake of the file in file order; empty when it loads."""
    return analyse_policy(path).errors


def analyse_policy(path: Path) -> PolicyAnalysis:
    """Validate `path` fully; never raises for anything wrong with the file."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return PolicyAnalysis(None, [PolicyError(path, None, None, f"cannot read: {exc.strerror}")])
    return analyse_bytes(data, path)


def analyse_bytes(data: bytes, path: Path) -> PolicyAnalysis:
    """Validate the text a policy file at `path` would hold, before anyone writes it."""
    checker = _Checker(path)
    node = checker.compose(data)
    if node is None:
        return PolicyAnalysis(None, checker.sorted_errors())
    policy = checker.policy(node)
    errors = checker.sorted_errors()
    return PolicyAnalysis(None if errors else policy, errors, checker.sites)


def _bad_name_char(text: str) -> str | None:
    """How to name the first character no browser accepts in a cookie name, if any."""
    for char in text:
        if char == ";":
            return "`;`"
        if char == "=":
            return "`=`"
        if char == " ":
            return "a space"
        if char.isspace():
            return "whitespace"
        if ord(char) < 0x20 or ord(char) == 0x7F:
            return f"the control character U+{ord(char):04X}"
    return None


def host_problem(text: str) -> str | None:
    """Why `text` is not a host a cookie can belong to, or None when it is one."""
    if "://" in text:
        return "write just the host, e.g. `facebook.com`, not a web address"
    if text.startswith("*."):
        return f"write `{text[1:]}` or `{text[2:]}`: a domain already covers its subdomains"
    host = text.lower().removeprefix(".").removesuffix(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return "it is not a valid host name: write a host like `.facebook.com`"
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return "it is not a valid host name: write a host like `.facebook.com`"
    return suffix_problem(host)


def _normal_host(text: str) -> str:
    host = text.lower().removeprefix(".").removesuffix(".")
    return host if host.isascii() else host.encode("idna").decode("ascii")


def _suggest_id(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_-]+", "_", text.lower()).strip("_-")
    cleaned = re.sub(r"^[^a-z]+", "", cleaned)
    return cleaned or "analytics"


@dataclass
class _Checker(NodeReader[PolicyError]):
    """Walks one file's node tree, building the policy and collecting every error."""

    error_type: type[PolicyError] = PolicyError
    noun: str = "a policy"
    needs: str = "`name`, `sites` and `categories`"
    sites: tuple[str, ...] | None = None
    _category_lines: dict[str, int] = field(default_factory=dict)
    _rules_seen: dict[tuple[str, str, str | None, str | None], tuple[int, str]] = field(
        default_factory=dict
    )

    def url(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key, f"{key}: https://example.com/privacy")
        if value is None:
            return None
        if not _URL.fullmatch(value.strip()):
            self.error(
                node.start_mark,
                f"`{key}` must be a web address starting with https://, not `{value}`",
            )
            return None
        return value.strip()

    def retention(self, node: yaml.Node) -> tuple[timedelta | None, str | None]:
        if id(node) in self._bad_nodes:
            return None, None
        if isinstance(node, yaml.ScalarNode) and node.tag in (TAG + "int", TAG + "float"):
            self.error(
                node.start_mark,
                f"retention `{node.value}` has no unit: write e.g. `{node.value} days`",
            )
            return None, None
        text = self.text(node, "retention", "retention: 90 days")
        if text is None:
            return None, None
        try:
            return parse_retention(text), text.strip()
        except ValueError as exc:
            self.error(node.start_mark, str(exc))
            return None, None

    def updated(self, node: yaml.Node) -> date | None:
        example = "updated: 2024-05-31"
        if id(node) in self._bad_nodes:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag in (TAG + "timestamp", TAG + "str"):
            found = _DATE.fullmatch(node.value.strip())
            if found:
                try:
                    return date(*(int(part) for part in found.groups()))
                except ValueError:
                    self.error(
                        node.start_mark, f"`updated` {node.value} is not a real date: `{example}`"
                    )
                    return None
        self.error(node.start_mark, f"`updated` must be a date: write `{example}`")
        return None

    def host(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key, f"{key}: .facebook.com")
        if value is None:
            return None
        problem = host_problem(value.strip())
        if problem:
            self.error(node.start_mark, f"{key} `{value}`: {problem}")
            return None
        return _normal_host(value.strip())

    # -- the policy -----------------------------------------------------------------------

    def policy(self, root: yaml.Node) -> Policy | None:
        if isinstance(root, yaml.SequenceNode):
            self.error(
                root.start_mark,
                "a policy must be a mapping with `name`, `sites` and `categories`, not a list: "
                "put the categories under `categories:`",
            )
            return None
        fields = self.mapping(root, "the policy", TOP_KEYS, TOP_REQUIRED, _TOP_EXAMPLES)
        if fields is None:
            return None
        name = self.optional_text(fields, "name", "name: Example cookie policy")
        sites = self._sites(fields["sites"][1]) if "sites" in fields else None
        self.sites = sites
        source = self.url(fields["source"][1], "source") if "source" in fields else None
        updated = self.updated(fields["updated"][1]) if "updated" in fields else None
        extends = self._extends(fields["extends"][1]) if "extends" in fields else None
        categories = self._categories(fields["categories"][1]) if "categories" in fields else None
        if name is None or sites is None or categories is None:
            return None
        if "extends" in fields and extends is None:
            return None
        return Policy(self.path, name, sites, source, updated, categories, extends)

    def _extends(self, node: yaml.Node) -> str | None:
        example = f"extends: {EXTENDS_SHIPPED}"
        value = self.text(node, "extends", example)
        if value is None:
            return None
        if value.strip() != EXTENDS_SHIPPED:
            self.error(
                node.start_mark,
                f"`extends` takes `{EXTENDS_SHIPPED}` (the shipped policy for the same sites "
                f"still applies after this file's rules), not `{value}`: write `{example}` "
                "or leave the key out to replace the shipped policy",
            )
            return None
        return EXTENDS_SHIPPED

    def _sites(self, node: yaml.Node) -> tuple[str, ...] | None:
        items = self.sequence(node, "sites", "write `sites: [example.com]`")
        if items is None:
            return None
        if not items:
            self.error(node.start_mark, "`sites` is empty: write `sites: [example.com]`")
            return None
        out: list[str] = []
        for item in items:
            value = self.text(item, "sites", "sites: [example.com]")
            if value is None:
                continue
            if value.strip() == ALL_SITES:
                out.append(ALL_SITES)
                continue
            problem = host_problem(value.strip())
            if problem:
                self.error(item.start_mark, f"site `{value}`: {problem}")
                continue
            out.append(_normal_host(value.strip()))
        if ALL_SITES in out and len(out) > 1:
            self.error(
                node.start_mark,
                "`*` already covers every site: write `sites: ['*']` alone for a fallback "
                "policy, or list the domains",
            )
            return None
        return tuple(out) if len(out) == len(items) else None

    def _categories(self, node: yaml.Node) -> tuple[Category, ...] | None:
        items = self.sequence(
            node, "categories", "start each category with `- id: ...` under `categories:`"
        )
        if items is None:
            return None
        if not items:
            self.error(node.start_mark, "`categories` is empty: add at least one category")
            return None
        built = [self._category(item) for item in items]
        if any(c is None for c in built):
            return None
        return tuple(c for c in built if c is not None)

    def _category(self, node: yaml.Node) -> Category | None:
        # Read the id first so the other messages can name the category.
        cid: str | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "id":
                    cid = self._category_id(value)
                    break
        what = f"category `{cid}`" if cid else "the category"
        fields = self.mapping(node, what, CATEGORY_KEYS, CATEGORY_REQUIRED, _CATEGORY_EXAMPLES)
        if fields is None:
            return None
        title = self.optional_text(fields, "title", "title: Analytics")
        description = self.optional_text(
            fields, "description", "description: what these cookies are for"
        )
        declared = self._class(fields["class"][1]) if "class" in fields else None
        necessary = (
            self.boolean(fields["necessary"][1], "necessary")
            if "necessary" in fields
            else declared == "necessary"
        )
        contradicts = declared is not None and necessary != (declared == "necessary")
        if contradicts and necessary is not None:
            self.error(
                fields["class"][1].start_mark,
                f"{what} is `class: {declared}` but `necessary: {str(necessary).lower()}`: "
                "a category is necessary exactly when its class is `necessary`",
            )
            return None
        breaks = self.optional_text(fields, "breaks", "breaks: you will be signed out")
        retention, retention_text = (
            self.retention(fields["retention"][1]) if "retention" in fields else (None, None)
        )
        vendor = self.optional_text(fields, "vendor", "vendor: Google")
        privacy_url = (
            self.url(fields["privacy_url"][1], "privacy_url") if "privacy_url" in fields else None
        )
        rules = self._rules(fields["cookies"][1], cid or "?") if "cookies" in fields else None
        if (
            cid is None
            or title is None
            or description is None
            or necessary is None
            or rules is None
            or ("breaks" in fields and breaks is None)
            or ("retention" in fields and retention_text is None)
            or ("vendor" in fields and vendor is None)
            or ("privacy_url" in fields and privacy_url is None)
        ):
            return None
        return Category(
            cid,
            title,
            description,
            necessary,
            breaks,
            retention,
            retention_text,
            vendor,
            privacy_url,
            rules,
            node.start_mark.line + 1,
            declared,
        )

    def _class(self, node: yaml.Node) -> StandardClass | None:
        value = self.text(node, "class", "class: marketing")
        if value is None:
            return None
        for known in STANDARD_CLASSES:
            if value.strip() == known:
                return known
        close = difflib.get_close_matches(value.strip(), STANDARD_CLASSES, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "write one of them"
        self.error(
            node.start_mark,
            f"`class` is one of {', '.join(f'`{c}`' for c in STANDARD_CLASSES)}, "
            f"not `{value}`: {hint}",
        )
        return None

    def _category_id(self, node: yaml.Node) -> str | None:
        value = self.text(node, "id", "id: analytics")
        if value is None:
            return None
        line = node.start_mark.line + 1
        if not _ID.fullmatch(value) or len(value) > 40:
            self.error(
                node.start_mark,
                f"category id `{value}` is not valid: use at most 40 lower-case letters, digits, "
                f"`-` and `_`, starting with a letter, e.g. `{_suggest_id(value)}`",
            )
            return None
        if value in RESERVED_IDS:
            self.error(
                node.start_mark,
                f"category id `{value}` is reserved for cookies no rule matches: choose another",
            )
            return None
        if value in self._category_lines:
            self.error(
                node.start_mark,
                f"category id `{value}` is already used at line {self._category_lines[value]}: "
                "ids must be unique",
            )
            return None
        self._category_lines[value] = line
        return value

    def _rules(self, node: yaml.Node, category_id: str) -> tuple[Rule, ...] | None:
        items = self.sequence(node, "cookies", "write `cookies: [_ga, _gid]` or `cookies: []`")
        if items is None:
            return None
        built = [self._rule(item, category_id) for item in items]
        if any(r is None for r in built):
            return None
        return tuple(r for r in built if r is not None)

    def _rule(self, node: yaml.Node, category_id: str) -> Rule | None:
        if isinstance(node, yaml.ScalarNode) and id(node) not in self._bad_nodes:
            # Shorthand: `- _ga` is `- name: _ga`.
            name_node: yaml.Node = node
            fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        elif isinstance(node, yaml.SequenceNode):
            self.error(
                node.start_mark,
                "a cookie rule must be a name (`- _ga`) or a mapping "
                "(`- {name: _ga, domain: example.com}`), not a list",
            )
            return None
        else:
            mapped = self.mapping(
                node, "a cookie rule", RULE_KEYS, RULE_REQUIRED, {"name": "name: _ga"}
            )
            if mapped is None or "name" not in mapped:
                return None
            fields = mapped
            name_node = fields["name"][1]
        pattern = self._pattern(name_node)
        domain = self.host(fields["domain"][1], "domain") if "domain" in fields else None
        path = self._path(fields["path"][1]) if "path" in fields else None
        description = self.optional_text(
            fields, "description", "description: what this cookie holds"
        )
        retention, retention_text = (
            self.retention(fields["retention"][1]) if "retention" in fields else (None, None)
        )
        if (
            pattern is None
            or ("domain" in fields and domain is None)
            or ("path" in fields and path is None)
            or ("description" in fields and description is None)
            or ("retention" in fields and retention_text is None)
        ):
            return None
        kind, text = pattern
        mark = name_node.start_mark
        key = (kind, text, domain, path)
        if key in self._rules_seen:
            line, where = self._rules_seen[key]
            self.error(
                mark,
                f"this rule repeats the one at line {line} (category {where}): the first "
                "matching rule wins, so this one never applies; remove it",
            )
            return None
        self._rules_seen[key] = (mark.line + 1, category_id)
        return Rule(
            text,
            kind,
            domain,
            path,
            description,
            retention,
            retention_text,
            mark.line + 1,
            mark.column + 1,
        )

    def _pattern(self, node: yaml.Node) -> tuple[RuleKind, str] | None:
        hint = "write the cookie's name, a glob like `_ga_*` or a regex like `re:^_ga_[A-Z0-9]+$`"
        if id(node) in self._bad_nodes:
            return None
        if node.tag == TAG + "null" or (
            isinstance(node, yaml.ScalarNode) and node.tag == TAG + "str" and not node.value
        ):
            self.error(node.start_mark, f"the cookie name is empty: {hint}")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node.start_mark, f"a cookie rule's name must be text, not {kind_of(node)}")
            return None
        if node.tag != TAG + "str":
            self.error(
                node.start_mark,
                f'the cookie name must be text, not {kind_of(node)}: quote it, `"{node.value}"`',
            )
            return None
        text: str = node.value
        if text.startswith("re:"):
            problem = regex_problem(text[3:], MAX_REGEX)
            if problem:
                self.error(node.start_mark, problem)
                return None
            return "regex", text[3:]
        kind: RuleKind = "glob" if any(c in text for c in _GLOB_CHARS) else "exact"
        bad = _bad_name_char(text)
        if bad:
            self.error(
                node.start_mark,
                f"the cookie name `{text}` can never match: cookie names cannot contain {bad}",
            )
            return None
        if len(text) > MAX_COOKIE_NAME:
            self.error(
                node.start_mark,
                f"the cookie name is longer than {MAX_COOKIE_NAME} characters: it can never match",
            )
            return None
        return kind, text

    def _path(self, node: yaml.Node) -> str | None:
        value = self.text(node, "path", "path: /account")
        if value is None:
            return None
        if not value.startswith("/") or _bad_name_char(value):
            self.error(
                node.start_mark,
                f"path `{value}` can never match: write a path that starts with `/` and holds "
                "no `;` or whitespace, e.g. `/account`",
            )
            return None
        return value


# -- regex rules ----------------------------------------------------------------------------


@dataclass
class _Atom:
    """One piece of a parsed regex: a literal character, a group, or anything else."""

    start: int
    char: str | None = None
    """The literal character it must match, None for classes, `.`, anchors and groups."""
    group: list[_Atom] | None = None
    alternation: bool = False
    """A group (or the top level) with `|` inside: no single piece is mandatory."""
    optional: bool = False
    """Followed by a quantifier allowing zero."""


_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
_CLASS_ESCAPES = {"s": " "}
"""`\\s` stands for whitespace: as mandatory as a literal space."""


def _parse_regex(pattern: str, i: int = 0) -> tuple[list[_Atom], bool, int]:
    """A rough parse of a (compilable) regex up to the closing `)`: atoms, whether `|`
    appears at this level, and the index after the group."""
    atoms: list[_Atom] = []
    alternation = False
    while i < len(pattern):
        char = pattern[i]
        if char == ")":
            return atoms, alternation, i + 1
        if char == "|":
            alternation = True
            i += 1
            continue
        if char in "*+?{" and atoms:
            i = _quantify(pattern, i, atoms[-1])
            continue
        atom = _Atom(i)
        if char == "\\":
            escaped = pattern[i + 1 : i + 2]
            if not escaped.isalnum():
                atom.char = escaped
            atom.char = _CLASS_ESCAPES.get(escaped, atom.char)
            i += 2
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            i += 1
            if pattern.startswith("?", i):
                i = _group_body_start(pattern, i)
            atom.group, atom.alternation, i = _parse_regex(pattern, i)
        else:
            if char not in ".^$":
                atom.char = char
            i += 1
        atoms.append(atom)
    return atoms, alternation, i


def _quantify(pattern: str, i: int, atom: _Atom) -> int:
    char = pattern[i]
    end = i + 1
    if char == "{":
        found = _QUANTIFIER.match(pattern, i)
        if found is None:
            return i + 1
        low = found.group(1)
        atom.optional = atom.optional or not low or int(low) == 0
        end = found.end()
    else:
        atom.optional = atom.optional or char in "*?"
    if pattern.startswith(("?", "+"), end):
        end += 1  # lazy or possessive
    return end


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _group_body_start(pattern: str, i: int) -> int:
    """Skip `?:`, `?P<name>`, `?=`, `?<!`, `?i:` and friends after a `(`."""
    if pattern.startswith("?P<", i) or (pattern.startswith("?<", i) and pattern[i + 2] not in "=!"):
        return pattern.index(">", i) + 1
    found = re.compile(r"\?(?:<?[=!]|[a-zA-Z-]*:|:)").match(pattern, i)
    return found.end() if found else i


def _mandatory_chars(atoms: list[_Atom], alternation: bool) -> str:
    """Literal characters every match must contain (a cheap, conservative under-estimate)."""
    if alternation:
        return ""
    out = ""
    for atom in atoms:
        if atom.optional:
            continue
        if atom.group is not None:
            out += _mandatory_chars(atom.group, atom.alternation)
        elif atom.char:
            out += atom.char
    return out


def regex_problem(pattern: str, max_length: int = MAX_REGEX) -> str | None:
    """Why a `re:` rule is refused, or None: empty, too long, not something RE2 runs
    (regexes match in linear time, so there are no backreferences or lookaround), or a
    character no cookie name can hold. Regexes must match the whole name, so `^` and `$`
    are optional."""
    hint = "e.g. `re:^_ga_[A-Z0-9]+$`"
    if not pattern:
        return f"the regex after `re:` is empty: {hint}"
    if len(pattern) > max_length:
        return (
            f"the regex is {len(pattern)} characters long, more than {max_length}: "
            "split it into several rules or use a glob"
        )
    try:
        re.compile(pattern)  # its messages point at the mistake best
    except re.error as exc:
        return f"the regex `{pattern}` is not valid: {exc.msg} at position {exc.pos}: {hint}"
    import re2  # only files with regex rules need it

    try:
        compile_regex(pattern)
    except re2.error as exc:
        reason = exc.args[0].decode() if isinstance(exc.args[0], bytes) else exc.args[0]
        return (
            f"the regex `{pattern}` cannot be used: {reason}; regexes are matched in linear "
            "time (RE2 syntax), without backreferences (`\\1`) or lookaround (`(?=`, `(?<=`)"
        )
    atoms, alternation, _ = _parse_regex(pattern)
    bad = _bad_name_char(_mandatory_chars(atoms, alternation))
    if bad:
        return f"the regex `{pattern}` can never match: cookie names cannot contain {bad}"
    return None
