"""A starting cookie policy drafted from the cookies a site has now (`policy draft`).

What a site owner or auditor starts from: one category per category the site's cookies
land in today, one rule per name, names that share a prefix grouped into a glob
(`survey_*`), each rule's observed lifetime as a comment. Rules the site's own policy
already has are copied as they are; everything else is a guess (from the common policy,
the Open Cookie Database, or nothing at all) and is marked as one. The draft is checked
with the policy loader, and loading it as the site's policy puts every cookie it was drawn
from in the category it was drafted in: a glob that would pull in a cookie of another
category is written out name by name instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..domains import site_of
from ..errors import PolicyError
from ..humanize import duration, plural
from ..records import Cookie
from .authoring import category_lines, rule_text, scopes, yaml_quote
from .catalog import PolicySet, display_path
from .classify import UNDECLARED, CategoryGroup, Classified, SiteView, classify
from .loader import analyse_bytes
from .model import EVERY_NAME, MAX_COOKIE_NAME, Policy, Rule

UNKNOWN = "uncategorized"
"""The draft's category for what is undeclared today (`undeclared` is reserved)."""
_UNKNOWN_TITLE = "Not yet categorized"
_UNKNOWN_DESCRIPTION = (
    "Cookies that no policy and no vendor documentation explains: find out what they do."
)
_ROUNDS = 4
_Identity = tuple[str, str, tuple[tuple[str, object], ...]]


@dataclass
class _Rule:
    category: str
    pattern: str
    domain: str | None
    path: str | None
    source: str
    guess: bool
    cookies: list[Cookie] = field(default_factory=list)

    @property
    def plain_guess(self) -> bool:
        """A guessed exact name, which may be grouped into a glob with its neighbours."""
        return self.guess and not self.pattern.startswith("re:") and "*" not in self.pattern


def draft_policy(view: SiteView, today: date | None = None) -> str:
    """The draft's YAML text (module doc). `PolicyError` only if cookie-tui drafted
    something its own loader refuses."""
    today = today or date.today()
    groups = [g for g in view.groups if g.cookies]
    wanted: dict[_Identity, str] = {}
    found: dict[tuple[str, str, str | None, str | None], _Rule] = {}
    for group in groups:
        for item in group.cookies:
            rule = _rule_for(item, _category_id(group), view.policy_set)
            if rule is None:
                continue  # a name no policy can hold (spaces, `;`, control characters)
            wanted[item.cookie.identity] = rule.category
            key = (rule.category, rule.pattern, rule.domain, rule.path)
            found.setdefault(key, rule).cookies.append(item.cookie)
    cookies = [item.cookie for g in groups for item in g.cookies]
    refused: set[tuple[str, str | None, str]] = set()
    for _ in range(_ROUNDS):
        rules = _group_names(list(found.values()), refused)
        text = _text(view, groups, rules, today)
        wrong = _misplaced(_load(text, view.site), cookies, view.site, wanted)
        if not wrong:
            break
        refused |= {(r.category, r.domain, r.pattern) for r in rules if _covers(r, wrong)}
    return text


def _category_id(group: CategoryGroup) -> str:
    return UNKNOWN if group.id == UNDECLARED else group.id


def _written(rule: Rule) -> str:
    return "re:" + rule.pattern_text if rule.kind == "regex" else rule.pattern_text


def _expressible(name: str) -> bool:
    """Whether a policy can name this cookie at all (browsers keep odd bytes too)."""
    return (
        0 < len(name) <= MAX_COOKIE_NAME
        and name.isprintable()
        and not any(ch.isspace() or ch in ";=" for ch in name)
    )


def _rule_for(item: Classified, category: str, policy_set: PolicySet) -> _Rule | None:
    """The site's own rule when it has one (copied, not a guess), else a guess: the
    matching pattern rule, or the cookie's exact name, on the cookie's site."""
    rule, policy = item.rule, item.policy
    if (
        rule is not None
        and policy is not None
        and any(policy is p for p in policy_set.site_policies)
    ):
        where = f"from {display_path(policy.path)} line {rule.line}"
        return _Rule(category, _written(rule), rule.domain, rule.path, where, False)
    if item.vendor is not None:
        source = f"guess: the Open Cookie Database, {item.vendor.vendor}"
    elif policy is not None:
        source = f"guess: {policy_set.source(policy).split(' (')[0]}"
    else:
        source = "unknown"
    domain = site_of(item.cookie.domain)
    if rule is not None and rule.kind != "exact":
        return _Rule(category, _written(rule), domain, None, source, True)
    if not _expressible(item.cookie.name):
        return None
    return _Rule(category, scopes(item.cookie.name)[0], domain, None, source, True)


def _group_names(rules: list[_Rule], refused: set[tuple[str, str | None, str]]) -> list[_Rule]:
    """Guessed exact names of one category and domain that share a prefix ending at `_`,
    `-` or `.` become one glob (the longest that covers two or more), unless refused."""
    out = [r for r in rules if not r.plain_guess]
    neighbours: dict[tuple[str, str | None], list[_Rule]] = {}
    for rule in rules:
        if rule.plain_guess:
            neighbours.setdefault((rule.category, rule.domain), []).append(rule)
    for (category, domain), group in neighbours.items():
        names = [r.pattern for r in group]
        merged: dict[str, _Rule] = {}
        for rule in group:
            glob = next(
                (
                    g
                    for g in scopes(rule.pattern)[1:]
                    if (category, domain, g) not in refused
                    and sum(n.startswith(g[:-1]) for n in names) > 1
                ),
                None,
            )
            if glob is None:
                out.append(rule)
                continue
            source = "guess: names grouped by their shared prefix"
            into = merged.setdefault(glob, _Rule(category, glob, domain, None, source, True))
            into.cookies += rule.cookies
        out += merged.values()
    return out


def _lifetime(cookies: list[Cookie], now: datetime) -> str:
    """`seen: 3 cookies, 30 days to 1 year`: the shortest and longest lifetime held now."""
    spans = sorted(
        (c.expires - (c.created or now)) if c.expires else timedelta(-1) for c in cookies
    )
    words = [
        duration(s, parts=1) if s >= timedelta(0) else "session" for s in (spans[0], spans[-1])
    ]
    text = words[0] if words[0] == words[1] else f"{words[0]} to {words[1]}"
    count = f"{plural(len(cookies), 'cookie')}, " if len(cookies) > 1 else ""
    return f"seen: {count}{text}"


def _text(view: SiteView, groups: list[CategoryGroup], rules: list[_Rule], today: date) -> str:
    now = datetime.now(UTC)
    stores = ", ".join(sorted({item.cookie.store.label for g in groups for item in g.cookies}))
    count = sum(len(g.cookies) for g in groups)
    lines = [
        f"# Draft cookie policy for {view.site}, written by cookie-tui on {today.isoformat()}",
        f"# from the {plural(count, 'cookie')} it found in {stores}.",
        "# Rules marked `guess` come from the common policy, the Open Cookie Database or the",
        "# cookie's name alone: check each against what the site really does before",
        "# publishing. `seen` is the lifetime the browser holds now; declare the intended",
        "# one with `retention: 13 months` on a rule or a category.",
        f"name: {yaml_quote(f'Cookie policy of {view.site} (draft)')}",
        f"sites: [{yaml_quote(view.site)}]",
        f"updated: {today.isoformat()}",
        "categories:",
    ]
    own = view.policy_set.site_policies
    for group in groups:
        mine = [r for r in rules if r.category == _category_id(group)]
        if not mine:
            continue
        mine.sort(key=lambda r: r.pattern == EVERY_NAME)  # domain-wide rules last
        entries = [
            f"{rule_text(r.pattern, r.domain, r.path)}  # {r.source}; {_lifetime(r.cookies, now)}"
            for r in mine
        ]
        if group.id == UNDECLARED:
            lines.append("  # unknown: find out what these cookies are for, or delete them")
            title, description = _UNKNOWN_TITLE, _UNKNOWN_DESCRIPTION
        else:
            if not any(group.policy is p for p in own):
                lines.append(f"  # guess: a category of {view.policy_set.source(group.policy)}")
            title, description = group.title, group.description
        block = category_lines(
            _category_id(group),
            title,
            description,
            entries,
            necessary=group.necessary,
            breaks=group.breaks,
        )
        lines += [f"  {line}" for line in block]
    return "\n".join(lines) + "\n"


def _load(text: str, site: str) -> Policy:
    result = analyse_bytes(text.encode("utf-8"), Path(f"{site}.draft.yaml"))
    if result.policy is None:
        first = result.errors[0]
        raise PolicyError(first.path, first.line, first.column, f"draft: {first.message}")
    return result.policy


def _misplaced(
    policy: Policy, cookies: list[Cookie], site: str, wanted: dict[_Identity, str]
) -> list[Cookie]:
    """Cookies the draft, as the site's policy, would put in another category."""
    placed = classify(cookies, site, PolicySet(policy, None))
    return [
        item.cookie
        for group in placed
        for item in group.cookies
        if item.cookie.identity in wanted and wanted[item.cookie.identity] != group.id
    ]


def _covers(rule: _Rule, wrong: list[Cookie]) -> bool:
    """A grouped glob that took in a misplaced cookie, so it is written out name by name."""
    prefix = rule.pattern[:-1]
    return (
        rule.guess and rule.pattern.endswith("*") and any(c.name.startswith(prefix) for c in wrong)
    )
