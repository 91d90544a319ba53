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
from ..records import Admit, Cookie, Sighting
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
    """One cookie where a site's view puts it: its category, and the rule that decided."""

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
    """One category of a site's view, with its cookies in the order read."""

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
    """A site's cookies in every store, by the categories its policies declare."""

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


def _first_match(
    name: str, domain: str, path: str, indexes: list[_Index]
) -> tuple[Category, Rule, Policy] | None:
    first = name[:1]
    for policy, exact, by_first, unprefixed, domain_wide in indexes:
        best: _Indexed | None = None
        for entry in exact.get(name, ()):
            if entry[2].matches_parts(name, domain, path):
                best = entry
                break
        for order, category, rule, prefix in by_first.get(first, unprefixed):
            if best is not None and order > best[0]:
                break
            if name.startswith(prefix) and rule.matches_parts(name, domain, path):
                best = (order, category, rule)
                break
        if best is not None:
            return best[1], best[2], policy
        for category, rule in domain_wide:
            if rule.matches_parts(name, domain, path):
                return category, rule, policy
    return None


def match(cookie: Cookie, policy_set: PolicySet) -> tuple[Category, Rule, Policy] | None:
    """The first named rule, in file order, of the first policy that has one for this
    cookie, else that policy's first domain-wide rule for it; None when no policy has one
    (the Open Cookie Database is asked next, see `vendor_match`)."""
    indexes = [_index(p) for p in policy_set.policies]
    return _first_match(cookie.name, cookie.domain, cookie.path, indexes)


Known = tuple[Category, Rule, Policy, VendorCookie | None]
"""Where a cookie goes: category, rule, policy, and the vendor row when the Open Cookie
Database decided."""
VendorAnswers = dict[tuple[str, str], "Known | None"]
"""The Open Cookie Database's answers by (name, domain): it is asked once per pair, and a
view across every site asks each pair again on site after site."""


def vendor_match(name: str, domain: str) -> Known | None:
    """What the Open Cookie Database says of a cookie no policy has a rule for."""
    row = vendors.load_index().lookup(name, domain)
    if row is None:
        return None
    rule = vendors.rule_for(row, site_of(domain) if row.sites else None)
    return vendors.category(row.category_id), rule, vendors.vendor_policy(), row


def _group(category: Category, policy: Policy) -> CategoryGroup:
    c = category
    return CategoryGroup(c.id, c.title, c.description, c.necessary, c.breaks, c, policy)


def _declared(policy_set: PolicySet) -> dict[str, CategoryGroup]:
    """Empty groups for the categories the site's policies declare, in policy order."""
    groups: dict[str, CategoryGroup] = {}
    for policy in policy_set.policies:
        for cat in policy.categories:
            if cat.id not in groups:
                groups[cat.id] = _group(cat, policy)
    return groups


def _undeclared() -> CategoryGroup:
    return CategoryGroup(
        UNDECLARED, UNDECLARED_TITLE, UNDECLARED_DESCRIPTION, False, None, None, None
    )


class _Decider:
    """Where each cookie of one site goes: its policies' rules, then the Open Cookie
    Database (loaded only when some cookie is left over by every policy)."""

    def __init__(self, policy_set: PolicySet, answers: VendorAnswers | None) -> None:
        self.indexes = [_index(p) for p in policy_set.policies]
        self.answers: VendorAnswers = {} if answers is None else answers

    def __call__(self, name: str, domain: str, path: str) -> Known | None:
        found = _first_match(name, domain, path, self.indexes)
        if found is not None:
            return found[0], found[1], found[2], None
        if not vendors.load_index().may_know(name):
            return None
        key = (name, domain)
        if key not in self.answers:
            self.answers[key] = vendor_match(name, domain)
        return self.answers[key]


def classify(cookies: list[Cookie], site: str, policy_set: PolicySet) -> list[CategoryGroup]:
    """The site's categories in policy order, `undeclared` last; every cookie in exactly one."""
    groups = _declared(policy_set)
    undeclared = _undeclared()
    decide = _Decider(policy_set, None)
    sources: dict[int, str] = {}

    def source(policy: Policy | None) -> str:
        """Said once per policy (asked per cookie, it was a tenth of a view of every site)."""
        key = id(policy)
        if key not in sources:
            sources[key] = policy_set.source(policy)
        return sources[key]

    for cookie in cookies:
        known = decide(cookie.name, cookie.domain, cookie.path)
        third = cookie.is_third_party(site)
        shared = shared_with(cookie, site) if third else None
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


def sort_sightings(
    sightings: list[Sighting], policy_set: PolicySet, answers: VendorAnswers | None = None
) -> list[tuple[CategoryGroup, list[Sighting]]]:
    """The categories `classify` would make, in its order, each with the sightings it would
    hold (and no cookies of its own): counting every site by category needs no more, and
    making a `Cookie` of each row was most of it."""
    groups = _declared(policy_set)
    undeclared = _undeclared()
    held: dict[str, list[Sighting]] = {}
    decide = _Decider(policy_set, answers)
    for sighting in sightings:
        known = decide(sighting.name, sighting.domain, sighting.path)
        if known is None:
            held.setdefault(UNDECLARED, []).append(sighting)
            continue
        category, _rule, policy, _row = known
        if category.id not in groups:
            groups[category.id] = _group(category, policy)
        held.setdefault(category.id, []).append(sighting)
    return [(g, held.get(g.id, [])) for g in (*groups.values(), undeclared)]
