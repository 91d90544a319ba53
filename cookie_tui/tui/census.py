"""Every cookie of every store classified once, and counted the ways the app shows them: by
class and category across all sites (the categories screen), by site within one of them,
and each site's mix of classes (the sites list).

Built in a thread worker from one read of every store that takes no more of each cookie
than counting needs (`Sighting`: no value, no times), in chunks of sites so the screen can
say how far it got and a newer scan can cancel it between two chunks. Each cookie lands
in the category its site's view gives it (`sort_sightings` shares `classify`'s rules).
Plain data: no Textual here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..collector import collector_paused, keep_out_of_collections
from ..errors import CookieTuiError
from ..every_site import SiteSightings, by_home_site, sightings_by_category
from ..policy.classify import UNDECLARED, CategoryGroup, VendorAnswers
from ..policy.model import STANDARD_CLASSES
from ..records import Store
from ..stores.sites import read_every_sighting

CLASSES: tuple[str, ...] = (*STANDARD_CLASSES, UNDECLARED)
"""The classes in the order shown: what a site needs first, what tracks last, then what
no policy declares."""
CHUNK = 500
"""Sites classified between two progress reports (about 0.1 s at 20 cookies a site)."""


def class_of(group: CategoryGroup) -> str:
    return group.standard_class or UNDECLARED


@dataclass(frozen=True)
class CategoryKey:
    """A class (`category` None: every category of it on every site) or one category id
    within a class, as the categories screen lists them."""

    klass: str
    category: str | None = None

    def holds(self, group: CategoryGroup) -> bool:
        return class_of(group) == self.klass and self.category in (None, group.id)

    @property
    def is_class(self) -> bool:
        return self.category is None


@dataclass(frozen=True)
class CategoryRow:
    """One line of the categories screen."""

    key: CategoryKey
    title: str
    cookies: int
    sites: int
    stores: dict[str, int]
    """Cookies per store label (`browser/profile`)."""


@dataclass(frozen=True)
class SiteCount:
    """One site of a class or category, with its cookies in it per store label."""

    site: str
    stores: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.stores.values())


def _in(labels: set[str] | None, label: str) -> bool:
    return labels is None or label in labels


@dataclass
class Census:
    """Every site's cookies by category, and their counts per (class, category id), site
    and store."""

    sites: list[SiteSightings]
    errors: list[CookieTuiError] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_site = {site.site: site for site in self.sites}
        self._counts: dict[CategoryKey, dict[str, dict[str, int]]] = {}
        """Cookies per category, site and store label: plain dicts, as `Counter` checks
        its argument's type at each update (a third of the time at 100,000 cookies)."""
        self._titles: dict[CategoryKey, dict[str, int]] = {}
        """Each category's titles and how many sites use each."""
        self._mix: dict[str, dict[str, list[int]]] = {}
        self._rows: dict[frozenset[str] | None, list[CategoryRow]] = {}
        """`rows` per set of stores, made once: a census does not change."""
        labels: dict[int, str] = {}
        """Each store's label by the store object's id: `Store.label` is made anew at
        every call, and there are as many calls as cookies."""
        for site in self.sites:
            site_mix = self._mix.setdefault(site.site, {})
            for group, sightings in site.groups:
                if not sightings:
                    continue
                klass = class_of(group)
                key = CategoryKey(klass, group.id)
                stores = self._counts.setdefault(key, {}).setdefault(site.site, {})
                for sighting in sightings:
                    store = sighting.store
                    label = labels.get(id(store)) or labels.setdefault(id(store), store.label)
                    stores[label] = stores.get(label, 0) + 1
                titles = self._titles.get(key)
                if titles is None:
                    titles = self._titles[key] = {}
                titles[group.title] = titles.get(group.title, 0) + 1
                for label, n in stores.items():
                    site_mix.setdefault(label, [0] * len(CLASSES))[CLASSES.index(klass)] += n

    def totals(self, labels: set[str] | None = None) -> tuple[int, int]:
        """(cookies, sites) in the stores `labels` (None: every store)."""
        cookies = sites = 0
        for per_store in self._mix.values():
            n = sum(sum(mix) for label, mix in per_store.items() if _in(labels, label))
            cookies += n
            sites += n > 0
        return cookies, sites

    def title(self, key: CategoryKey) -> str:
        """The class's name, or the category's most used title with its id when they
        differ (iMind's `Advertising` is `advertising`, another site's may not be)."""
        if key.category is None:
            return key.klass.capitalize()
        titles = self._titles.get(key)
        title = max(titles, key=titles.__getitem__) if titles else key.category
        return title if title.lower() == key.category.lower() else f"{title} ({key.category})"

    def _category_keys(self, key: CategoryKey) -> list[CategoryKey]:
        return [
            k for k in self._counts if k.klass == key.klass and key.category in (None, k.category)
        ]

    def sites_of(self, key: CategoryKey, labels: set[str] | None = None) -> list[SiteCount]:
        """The sites holding cookies of `key` in the stores `labels` (None: every store),
        most cookies first."""
        merged: dict[str, dict[str, int]] = {}
        for category in self._category_keys(key):
            for site, stores in self._counts[category].items():
                for label, n in stores.items():
                    if _in(labels, label):
                        per_store = merged.setdefault(site, {})
                        per_store[label] = per_store.get(label, 0) + n
        counts = [SiteCount(site, per_store) for site, per_store in merged.items()]
        counts.sort(key=lambda c: (-c.total, c.site))
        return counts

    def rows(self, labels: set[str] | None = None) -> list[CategoryRow]:
        """Each class that has cookies, then its categories, most cookies first."""
        key = frozenset(labels) if labels is not None else None
        if key not in self._rows:
            self._rows[key] = self._make_rows(labels)
        return self._rows[key]

    def _make_rows(self, labels: set[str] | None) -> list[CategoryRow]:
        out: list[CategoryRow] = []
        for klass in CLASSES:
            class_key = CategoryKey(klass)
            class_sites = self.sites_of(class_key, labels)
            if not class_sites:
                continue
            out.append(self._row(class_key, class_sites))
            categories = []
            for key in self._category_keys(class_key):
                sites = self.sites_of(key, labels)
                if sites:
                    categories.append(self._row(key, sites))
            if not (len(categories) == 1 and categories[0].key.category == klass):
                # a class whose one category is the class itself is said once
                categories.sort(key=lambda row: (-row.cookies, row.title))
                out += categories
        return out

    def _row(self, key: CategoryKey, sites: list[SiteCount]) -> CategoryRow:
        stores: dict[str, int] = {}
        for site in sites:
            for label, n in site.stores.items():
                stores[label] = stores.get(label, 0) + n
        return CategoryRow(key, self.title(key), sum(stores.values()), len(sites), stores)

    def mix(self, site: str, label: str | None = None) -> tuple[int, ...]:
        """The site's cookies per class, in `CLASSES` order (one store's, when given)."""
        per_store = self._mix.get(site, {})
        wanted = per_store.values() if label is None else [per_store.get(label, [])]
        return tuple(sum(n) for n in zip(*wanted, strict=False)) or (0,) * len(CLASSES)


def bar(counts: tuple[int, ...], width: int) -> list[int]:
    """Cells of a stacked bar `width` wide for `counts` (one per class): proportional,
    largest remainders first, and every class that has cookies gets a cell while cells
    last, so one marketing cookie among 500 still shows."""
    total = sum(counts)
    if not total or width <= 0:
        return [0] * len(counts)
    exact = [n * width / total for n in counts]
    cells = [int(x) for x in exact]
    for i in sorted(range(len(counts)), key=lambda i: exact[i] - cells[i], reverse=True):
        if sum(cells) >= width:
            break
        cells[i] += 1
    for i, n in enumerate(counts):
        if n and not cells[i]:
            widest = max(range(len(cells)), key=lambda j: cells[j])
            if cells[widest] > 1:
                cells[widest] -= 1
                cells[i] = 1
    return cells


Progress = Callable[[int, int], None]
"""(sites classified, sites in all): 0 of 0 while every store is read."""


def take_census(
    stores: list[Store], progress: Progress, cancelled: Callable[[], bool]
) -> Census | None:
    """Read every store once, then sort the sites into categories `CHUNK` at a time; None
    when `cancelled()` turned true between two chunks (a newer scan replaces this one)."""
    with collector_paused():
        census = _take_census(stores, progress, cancelled)
        if census is not None:
            # the census lives as long as the scan it counts, in hundreds of thousands of
            # objects: every full collection after it walked them all again (~0.2 s each,
            # every few seconds at 100,000 cookies, a stall in scrolling and opening a site)
            keep_out_of_collections()
        return census


def _take_census(
    stores: list[Store], progress: Progress, cancelled: Callable[[], bool]
) -> Census | None:
    progress(0, 0)
    sightings, read_errors = read_every_sighting(stores)
    by_site = sorted(by_home_site(sightings).items())
    progress(0, len(by_site))
    sites: list[SiteSightings] = []
    errors: list[CookieTuiError] = [*read_errors]
    answers: VendorAnswers = {}
    for start in range(0, len(by_site), CHUNK):
        if cancelled():
            return None
        found, more = sightings_by_category(by_site[start : start + CHUNK], answers)
        sites += found
        errors += more
        progress(min(start + CHUNK, len(by_site)), len(by_site))
    census = Census(sites, errors)
    census.rows(labels_of(stores))  # made here, off the UI thread, for every store shown
    return census


def labels_of(stores: Iterable[Store]) -> set[str]:
    return {store.label for store in stores}
