"""Sorting a site's cookies into the categories its policy declares.

Every cookie lands in exactly one category: the first matching rule of the site's own
policy, else of the common policy, else `undeclared`. Categories are keyed by id, so a
common `analytics` rule files a cookie under the site's own `analytics` category.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domains import site_of
from ..errors import StoreError, UsageError
from ..records import Cookie
from .catalog import PolicySet, display_path
from .model import Category, Policy, Rule, literal_prefix

UNDECLARED = "undeclared"
UNDECLARED_TITLE = "Undeclared"
UNDECLARED_DESCRIPTION = (
    "Cookies that neither the site's policy nor the common policy mentions. "
    "The site did not say why it stores them."
)


@dataclass(frozen=True)
class Classified:
    cookie: Cookie
    category_id: str
    rule: Rule | None
    policy: Policy | None
    third_party: bool

    def reason(self) -> str:
        """Why this cookie is where it is, naming the rule's file and line."""
        if self.rule is None or self.policy is None:
            return f"`{self.cookie.name}` matches no rule of any policy: undeclared"
        return (
            f"`{self.cookie.name}` matches {self.rule.describe()} in category "
            f"{self.category_id}, {display_path(self.policy.path)} line {self.rule.line}"
        )


@dataclass(frozen=True)
class CategoryGroup:
    id: str
    title: str
    description: str
    necessary: bool
    breaks: str | None
    category: Category | None
    """The declaring category (site policy first); None for `undeclared`."""
    policy: Policy | None
    cookies: list[Classified] = field(default_factory=list)


@dataclass(frozen=True)
class SiteView:
    site: str
    policy_set: PolicySet
    groups: list[CategoryGroup]
    errors: list[StoreError] = field(default_factory=list)

    def group(self, category_id: str) -> CategoryGroup:
        for group in self.groups:
            if group.id == category_id:
                return group
        valid = ", ".join(g.id for g in self.groups)
        raise UsageError(f"no category {category_id!r} for {self.site}; choose one of: {valid}")

    @property
    def cookies(self) -> list[Classified]:
        return [c for g in self.groups for c in g.cookies]

    def cookies_named(self, name: str) -> list[Classified]:
        return [c for c in self.cookies if c.cookie.name == name]


def third_party_sites(policy_set: PolicySet, site: str) -> tuple[str, ...]:
    """Other sites the site's own policy names in rule domains (Facebook, VK, Twitter, ...)."""
    if policy_set.site_policy is None:
        return ()
    found = {
        site_of(rule.domain)
        for category in policy_set.site_policy.categories
        for rule in category.rules
        if rule.domain
    }
    found.discard(site)
    return tuple(sorted(found))


_Indexed = tuple[int, Category, Rule]
_Pattern = tuple[int, Category, Rule, str]
_Index = tuple[Policy, dict[str, list[_Indexed]], list[_Pattern]]
_index_cache: dict[int, _Index] = {}


def _index(policy: Policy) -> _Index:
    """Exact-name rules by name, the rest in file order with their literal prefix: a cookie
    then tries only the exact rules of its own name and, of the patterns before them, those
    whose prefix it has (a regex per pattern per cookie was most of classifying 10,000)."""
    cached = _index_cache.get(id(policy))
    if cached is not None and cached[0] is policy:
        return cached
    exact: dict[str, list[_Indexed]] = {}
    patterns: list[_Pattern] = []
    order = 0
    for category in policy.categories:
        for rule in category.rules:
            if rule.kind == "exact":
                exact.setdefault(rule.pattern_text, []).append((order, category, rule))
            else:
                prefix = literal_prefix(rule.kind, rule.pattern_text)
                patterns.append((order, category, rule, prefix))
            order += 1
    _index_cache[id(policy)] = (policy, exact, patterns)
    return _index_cache[id(policy)]


def _first_match(cookie: Cookie, indexes: list[_Index]) -> tuple[Category, Rule, Policy] | None:
    name = cookie.name
    for policy, exact, patterns in indexes:
        best: _Indexed | None = next((e for e in exact.get(name, ()) if e[2].matches(cookie)), None)
        for order, category, rule, prefix in patterns:
            if best is not None and order > best[0]:
                break
            if name.startswith(prefix) and rule.matches(cookie):
                best = (order, category, rule)
                break
        if best is not None:
            return best[1], best[2], policy
    return None


def match(cookie: Cookie, policy_set: PolicySet) -> tuple[Category, Rule, Policy] | None:
    """The first rule, in file order, of the first policy that has one for this cookie."""
    return _first_match(cookie, [_index(p) for p in policy_set.policies])


def classify(cookies: list[Cookie], site: str, policy_set: PolicySet) -> list[CategoryGroup]:
    groups: dict[str, CategoryGroup] = {}
    for policy in policy_set.policies:
        for cat in policy.categories:
            if cat.id not in groups:
                groups[cat.id] = CategoryGroup(
                    cat.id, cat.title, cat.description, cat.necessary, cat.breaks, cat, policy
                )
    groups[UNDECLARED] = CategoryGroup(
        UNDECLARED, UNDECLARED_TITLE, UNDECLARED_DESCRIPTION, False, None, None, None
    )
    indexes = [_index(p) for p in policy_set.policies]
    for cookie in cookies:
        found = _first_match(cookie, indexes)
        third = cookie.is_third_party(site)
        if found is None:
            groups[UNDECLARED].cookies.append(Classified(cookie, UNDECLARED, None, None, third))
        else:
            category, rule, policy = found
            groups[category.id].cookies.append(Classified(cookie, category.id, rule, policy, third))
    return list(groups.values())
