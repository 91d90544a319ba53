"""Views across every site: each cookie under its one home site, classified by that
site's policies; finding cookies by name and taking a category everywhere. Kept apart
from `site_view`, so that opening one site imports none of it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TypeVar

from .domains import partition_site, site_of, sites_of
from .errors import CookieTuiError, PolicyError, StoreError, UsageError
from .policy.catalog import PolicySet, at_once, policy_set_for
from .policy.classify import (
    UNDECLARED,
    CategoryGroup,
    Classified,
    SiteView,
    VendorAnswers,
    classify,
    sort_sightings,
)
from .policy.model import STANDARD_CLASSES
from .records import Cookie, Deletable, Sighting, Store
from .stores.sites import read_every_sighting, read_every_site


def home_site(cookie: Deletable) -> str:
    """The one site a cookie belongs to across all sites: the top-level site it is
    partitioned under, else the site of its own host."""
    return partition_site(cookie.partition_key) or site_of(cookie.domain)


_C = TypeVar("_C", Cookie, Sighting)
_V = TypeVar("_V")


def by_home_site(cookies: Iterable[_C]) -> dict[str, list[_C]]:
    """The cookies under their `home_site`: each host's site from the sites list's bulk
    Public Suffix walk (a store has a few thousand hosts for 100,000 cookies), each
    partition's once. Nearly every cookie is in no partition and goes by its host alone:
    a (host, partition) key made per cookie was half of this."""
    cookies = list(cookies)
    site_for = sites_of(dict.fromkeys(c.host for c in cookies))
    tops: dict[str, str | None] = {}
    out: dict[str, list[_C]] = {}
    for cookie in cookies:
        partition = cookie.partition_key
        home = site_for[cookie.host]
        if partition is not None:
            if partition not in tops:
                tops[partition] = partition_site(partition)
            home = tops[partition] or home
        mine = out.get(home)
        if mine is None:
            out[home] = [cookie]
        else:
            mine.append(cookie)
    return out


def _each_site(
    by_site: Iterable[tuple[str, list[_C]]], make: Callable[[str, PolicySet, list[_C]], _V]
) -> tuple[list[_V], list[CookieTuiError]]:
    """`make` for each site with its policies; a site whose policy cannot be loaded is left
    out, with the error: nothing is guessed for it."""
    made: list[_V] = []
    errors: list[CookieTuiError] = []
    with at_once():
        for site, mine in by_site:
            try:
                policy_set = policy_set_for(site)
            except PolicyError as exc:
                errors.append(exc)
                continue
            made.append(make(site, policy_set, mine))
    return made, errors


def views_of_every_site(
    stores: list[Store], cookies: list[Cookie] | None = None
) -> tuple[list[SiteView], list[CookieTuiError]]:
    """Every site's view, each cookie in exactly one (`home_site`), classified by that
    site's policies, from one read of every store (no value is decrypted)."""
    errors: list[CookieTuiError] = []
    if cookies is None:
        found, read_errors = read_every_site(stores)
        cookies, errors = found, [*read_errors]
    views, more = _each_site(
        sorted(by_home_site(cookies).items()),
        lambda site, policy_set, mine: SiteView(site, policy_set, classify(mine, site, policy_set)),
    )
    return views, [*errors, *more]


@dataclass(frozen=True)
class SiteSightings:
    """A site's cookies by category, as sightings: what counting every site needs."""

    site: str
    groups: list[tuple[CategoryGroup, list[Sighting]]]


def sightings_by_category(
    by_site: Iterable[tuple[str, list[Sighting]]], answers: VendorAnswers
) -> tuple[list[SiteSightings], list[CookieTuiError]]:
    """Each site's sightings in the categories its view would put them in (`answers`
    remembers the Open Cookie Database's from one call to the next)."""
    return _each_site(
        by_site,
        lambda site, policy_set, mine: SiteSightings(
            site, sort_sightings(mine, policy_set, answers)
        ),
    )


def find_cookies(
    stores: list[Store], pattern: str
) -> tuple[list[tuple[SiteView, Classified]], list[CookieTuiError]]:
    """Every cookie whose name matches the glob `pattern` (case matters, as in browsers),
    on every site of every store, with the site and category it has there."""
    cookies, errors = read_every_site(stores)
    matching = [c for c in cookies if fnmatchcase(c.name, pattern)]
    views, more = views_of_every_site(stores, matching)
    found = [(view, item) for view in views for item in view.cookies]
    return found, [*errors, *more]


@dataclass(frozen=True)
class CategoryOnSite:
    """One site's category, with its cookies: sightings (all deleting needs), or read
    whole when asked (to list them with their values' and times' fields)."""

    site: str
    group: CategoryGroup
    cookies: Sequence[Deletable]


Chosen = list[tuple[str, CategoryGroup, list[Sighting]]]


def _sorted_everywhere(
    stores: list[Store], sites: set[str] | None
) -> tuple[list[SiteSightings], list[CookieTuiError]]:
    sightings, read_errors = read_every_sighting(stores)
    by_site = sorted(by_home_site(sightings).items())
    if sites is not None:
        by_site = [(site, mine) for site, mine in by_site if site in sites]
    found, errors = sightings_by_category(by_site, {})
    return found, [*read_errors, *errors]


def _whole(chosen: Chosen, stores: list[Store]) -> tuple[list[CategoryOnSite], list[StoreError]]:
    """The chosen cookies read whole again, and only they: their rows are let in by host,
    name, path and partition (what decides a category), then kept by exact identity."""
    wanted = {(s.host, s.name, s.path, s.partition_key) for _, _, seen in chosen for s in seen}
    ids = {s.identity for _, _, seen in chosen for s in seen}
    holding = {s.store for _, _, seen in chosen for s in seen}
    cookies, errors = read_every_site(
        [store for store in stores if store in holding],
        admit=lambda host, name, path, partition: (host, name, path, partition) in wanted,
    )
    by_id = {c.identity: c for c in cookies if c.identity in ids}
    found = []
    for site, group, seen in chosen:
        mine = [by_id[s.identity] for s in seen if s.identity in by_id]
        if mine:
            mine.sort(key=lambda c: (c.domain, c.name, c.path, c.store.label))
            found.append(CategoryOnSite(site, group, mine))
    return found, errors


def _taken(
    chosen: Chosen, stores: list[Store], whole: bool
) -> tuple[list[CategoryOnSite], list[StoreError]]:
    if whole:
        return _whole(chosen, stores)
    return [CategoryOnSite(site, group, seen) for site, group, seen in chosen if seen], []


def groups_everywhere(
    stores: list[Store],
    holds: Callable[[CategoryGroup], bool],
    sites: set[str] | None = None,
    *,
    whole: bool = False,
) -> tuple[list[CategoryOnSite], list[CookieTuiError]]:
    """On every site (or only `sites`), the categories `holds` picks, with their cookies
    as sightings (`whole`: read whole, no value decrypted). Every cookie read whole was
    most of deleting a class from 100,000 cookies, and deleting needs only sightings."""
    sorted_sites, errors = _sorted_everywhere(stores, sites)
    chosen = [(s.site, g, seen) for s in sorted_sites for g, seen in s.groups if holds(g)]
    found, more = _taken(chosen, stores, whole)
    return found, [*errors, *more]


def category_everywhere(
    stores: list[Store], category: str, *, whole: bool = False
) -> tuple[list[CategoryOnSite], list[CookieTuiError]]:
    """On every site, the categories of this class (necessary, preferences, analytics,
    marketing: whatever each site calls them) or, for any other id, of that category id
    (`undeclared` included). UsageError when no policy knows the name at all."""
    sorted_sites, errors = _sorted_everywhere(stores, None)
    wanted = (
        (lambda g: g.standard_class == category)
        if category in STANDARD_CLASSES
        else (lambda g: g.id == category)
    )
    chosen = [(s.site, g, seen) for s in sorted_sites for g, seen in s.groups if wanted(g)]
    if not chosen and category not in STANDARD_CLASSES and category != UNDECLARED:
        known = sorted({g.id for s in sorted_sites for g, _ in s.groups})
        raise UsageError(
            f"no category {category!r} on any site; choose a class "
            f"({', '.join(STANDARD_CLASSES)}) or one of: {', '.join(known)}"
        )
    found, more = _taken(chosen, stores, whole)
    return found, [*errors, *more]
