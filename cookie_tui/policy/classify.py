"""Which cookies make up a site's view, and sorting them into the categories its policy
declares.

A site's view holds the cookies of its own hosts, those partitioned under it (CHIPS,
Firefox `partitionKey`) and, only where its own policy names a third party, that third
party's unpartitioned cookies that such a rule matches. Those last are *shared*: the third
party's own site uses the very same cookie (Facebook's like button reads the `c_user` of
facebook.com), so deleting a category leaves them out unless the user includes them.

Every cookie lands in exactly one category: the first matching rule of the site's own
policy, else of the common policy, else `undeclared`. Categories are keyed by id, so a
common `analytics` rule files a cookie under the site's own `analytics` category.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domains import host_in_site, normalize_host, partition_site, site_of
from ..errors import StoreError, UsageError
from ..records import Admit, Cookie
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
    shared_with: str | None = None
    """The third party's own site when this unpartitioned cookie is also that site's own
    (signing out there if deleted); None for the site's own and partitioned cookies."""

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

    @property
    def own(self) -> list[Classified]:
        """What deleting the category takes by default: all but the shared cookies."""
        return [c for c in self.cookies if c.shared_with is None]

    @property
    def shared(self) -> list[Classified]:
        """Third parties' own cookies, deleted only when the user includes them."""
        return [c for c in self.cookies if c.shared_with is not None]


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


def _third_party_rules(policy_set: PolicySet, site: str) -> list[Rule]:
    """Rules of the site's own policy that name another site's domain."""
    if policy_set.site_policy is None:
        return []
    return [
        rule
        for category in policy_set.site_policy.categories
        for rule in category.rules
        if rule.domain and not host_in_site(rule.domain, site)
    ]


def third_party_sites(policy_set: PolicySet, site: str) -> tuple[str, ...]:
    """Other sites the site's own policy names in rule domains (Facebook, VK, Twitter, ...)."""
    rules = _third_party_rules(policy_set, site)
    return tuple(sorted({site_of(r.domain) for r in rules if r.domain}))


def shared_with(cookie: Cookie, site: str) -> str | None:
    """The other site that uses this cookie as its own, if any (see the module doc)."""
    if cookie.partition_key is not None or host_in_site(cookie.domain, site):
        return None
    return site_of(cookie.domain)


def scope_filter(site: str, policy_set: PolicySet) -> Admit:
    """What belongs to the site's view (module doc), as a test on a row's raw columns: the
    readers apply it before decrypting anything. Decisions per (host, partition) pair are
    remembered, so a store's 10,000 rows of one host cost one suffix test."""
    rules = _third_party_rules(policy_set, site)
    pairs: dict[tuple[str, str | None], tuple[bool | None, str]] = {}

    def admit(host: str, name: str, path: str, partition: str | None) -> bool:
        decided = pairs.get((host, partition))
        if decided is None:
            domain = normalize_host(host)
            verdict: bool | None = None
            if host_in_site(domain, site) or partition_site(partition) == site:
                verdict = True
            elif partition:
                verdict = False  # another site's partition: never this site's
            decided = pairs[(host, partition)] = (verdict, domain)
        verdict, domain = decided
        if verdict is not None:
            return verdict
        return any(rule.matches_parts(name, domain, path) for rule in rules)

    return admit


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
        shared = shared_with(cookie, site) if third else None
        if found is None:
            groups[UNDECLARED].cookies.append(
                Classified(cookie, UNDECLARED, None, None, third, shared)
            )
        else:
            category, rule, policy = found
            groups[category.id].cookies.append(
                Classified(cookie, category.id, rule, policy, third, shared)
            )
    return list(groups.values())
