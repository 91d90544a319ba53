"""Which cookies make up a site's view, and sorting them into the categories its policy
declares.

A site's view holds the cookies of its own hosts, those partitioned under it (CHIPS,
Firefox `partitionKey`) and, only where its own policy names a third party, that third
party's unpartitioned cookies that such a rule matches. Those last are *shared*: the third
party's own site uses the very same cookie (Facebook's like button reads the `c_user` of
facebook.com), so deleting a category leaves them out unless the user includes them.

Every cookie lands in exactly one category, looked up in this order: the site's own
policy (the user's `extends: shipped` rules first), the user's policy for every site, the
common policy, the Open Cookie Database (`vendors.py`), else `undeclared`. Within one
policy the first named rule in file order wins, and domain-wide rules (`{name: "*",
domain: facebook.com}`) are tried after every named one. Categories are keyed by id, so a
common `analytics` rule files a cookie under the site's own `analytics` category.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domains import host_in_site, normalize_host, partition_site, site_of
from ..errors import StoreError, UsageError
from ..records import Admit, Cookie
from . import vendors
from .catalog import PolicySet, display_path
from .model import Category, Policy, Rule, StandardClass, literal_prefix
from .vendors import VendorCookie

UNDECLARED = "undeclared"
UNDECLARED_TITLE = "Undeclared"
UNDECLARED_DESCRIPTION = (
    "Cookies that neither the site's policy, the common policy nor the Open Cookie "
    "Database knows. The site did not say why it stores them."
)


@dataclass(frozen=True, slots=True)
class Classified:
    cookie: Cookie
    category_id: str
    rule: Rule | None
    policy: Policy | None
    third_party: bool
    shared_with: str | None = None
    """The third party's own site when this unpartitioned cookie is also that site's own
    (signing out there if deleted); None for the site's own and partitioned cookies."""
    vendor: VendorCookie | None = None
    """The Open Cookie Database's row, when that is what classified the cookie."""
    source: str = ""
    """Which knowledge decided, in words (`PolicySet.source`): the site's own policy, the
    user's, the common policy, the Open Cookie Database, or none."""

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
    def standard_class(self) -> StandardClass | None:
        """necessary, preferences, analytics or marketing; None for `undeclared`."""
        return self.category.standard_class if self.category else None

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
    """Named rules of the site's own policy (the user's extension included) that name
    another site's domain: what brings that site's unpartitioned cookies into the view.
    A domain-wide rule never does; it only classifies what is in the view already
    (cookies partitioned under the site, or brought in by a named rule)."""
    return [
        rule
        for policy in policy_set.site_policies
        for category in policy.categories
        for rule in category.rules
        if rule.domain and not rule.domain_wide and not host_in_site(rule.domain, site)
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
_Index = tuple[
    Policy,
    dict[str, list[_Indexed]],
    dict[str, list[_Pattern]],
    list[_Pattern],
    list[tuple[Category, Rule]],
]
_index_cache: dict[int, _Index] = {}


def _index(policy: Policy) -> _Index:
    """Exact-name rules by name; the other named ones in file order with their literal
    prefix, bucketed by its first character (those without one in every bucket); the
    domain-wide ones last. A cookie then tries only the exact rules of its own name and the
    patterns that could match its first letter (a prefix test per pattern per cookie was
    most of classifying every site)."""
    cached = _index_cache.get(id(policy))
    if cached is not None and cached[0] is policy:
        return cached
    exact: dict[str, list[_Indexed]] = {}
    patterns: list[_Pattern] = []
    domain_wide: list[tuple[Category, Rule]] = []
    order = 0
    for category in policy.categories:
        for rule in category.rules:
            if rule.domain_wide:
                domain_wide.append((category, rule))
            elif rule.kind == "exact":
                exact.setdefault(rule.pattern_text, []).append((order, category, rule))
            else:
                prefix = literal_prefix(rule.kind, rule.pattern_text)
                patterns.append((order, category, rule, prefix))
            order += 1
    unprefixed = [p for p in patterns if not p[3]]
    by_first = {
        first: [p for p in patterns if not p[3] or p[3][0] == first]
        for first in {p[3][0] for p in patterns if p[3]}
    }
    _index_cache[id(policy)] = (policy, exact, by_first, unprefixed, domain_wide)
    return _index_cache[id(policy)]


def _first_match(cookie: Cookie, indexes: list[_Index]) -> tuple[Category, Rule, Policy] | None:
    name = cookie.name
    first = name[:1]
    for policy, exact, by_first, unprefixed, domain_wide in indexes:
        best: _Indexed | None = next((e for e in exact.get(name, ()) if e[2].matches(cookie)), None)
        for order, category, rule, prefix in by_first.get(first, unprefixed):
            if best is not None and order > best[0]:
                break
            if name.startswith(prefix) and rule.matches(cookie):
                best = (order, category, rule)
                break
        if best is not None:
            return best[1], best[2], policy
        for category, rule in domain_wide:
            if rule.matches(cookie):
                return category, rule, policy
    return None


def match(cookie: Cookie, policy_set: PolicySet) -> tuple[Category, Rule, Policy] | None:
    """The first named rule, in file order, of the first policy that has one for this
    cookie, else that policy's first domain-wide rule for it; None when no policy has one
    (the Open Cookie Database is asked next, see `vendor_match`)."""
    return _first_match(cookie, [_index(p) for p in policy_set.policies])


def vendor_match(cookie: Cookie) -> tuple[Category, Rule, Policy, VendorCookie] | None:
    """What the Open Cookie Database says of a cookie no policy has a rule for."""
    row = vendors.load_index().lookup(cookie.name, cookie.domain)
    if row is None:
        return None
    domain = site_of(cookie.domain) if row.sites else None
    rule = vendors.rule_for(row, domain)
    return vendors.category(row.category_id), rule, vendors.vendor_policy(), row


def _group(category: Category, policy: Policy) -> CategoryGroup:
    c = category
    return CategoryGroup(c.id, c.title, c.description, c.necessary, c.breaks, c, policy)


def classify(cookies: list[Cookie], site: str, policy_set: PolicySet) -> list[CategoryGroup]:
    """The site's categories in policy order, `undeclared` last. The Open Cookie Database
    is loaded only when some cookie is left over by every policy, and asked once per name
    and host."""
    groups: dict[str, CategoryGroup] = {}
    for policy in policy_set.policies:
        for cat in policy.categories:
            if cat.id not in groups:
                groups[cat.id] = _group(cat, policy)
    undeclared = CategoryGroup(
        UNDECLARED, UNDECLARED_TITLE, UNDECLARED_DESCRIPTION, False, None, None, None
    )
    indexes = [_index(p) for p in policy_set.policies]
    sources: dict[int, str] = {}

    def source(policy: Policy | None) -> str:
        """Said once per policy (asked per cookie, it was a tenth of a view of every site)."""
        key = id(policy)
        if key not in sources:
            sources[key] = policy_set.source(policy)
        return sources[key]

    asked: dict[tuple[str, str], tuple[Category, Rule, Policy, VendorCookie] | None] = {}
    for cookie in cookies:
        found = _first_match(cookie, indexes)
        third = cookie.is_third_party(site)
        shared = shared_with(cookie, site) if third else None
        if found is not None:
            category, rule, policy = found
            groups[category.id].cookies.append(
                Classified(cookie, category.id, rule, policy, third, shared, None, source(policy))
            )
            continue
        key = (cookie.name, cookie.domain)
        if key not in asked:
            asked[key] = vendor_match(cookie)
        known = asked[key]
        if known is None:
            undeclared.cookies.append(
                Classified(cookie, UNDECLARED, None, None, third, shared, None, source(None))
            )
            continue
        category, rule, policy, row = known
        if category.id not in groups:
            groups[category.id] = _group(category, policy)
        groups[category.id].cookies.append(
            Classified(cookie, category.id, rule, policy, third, shared, row, source(policy))
        )
    return [*groups.values(), undeclared]
