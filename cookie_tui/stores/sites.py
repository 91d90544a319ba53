"""Sites (registrable domains) across stores: the cheap overview and one site's cookies.

The overview groups hosts inside SQLite and maps each distinct host to its site once, so
its cost is one indexed scan per store; no value is read or decrypted for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TypeVar

from ..domains import partition_site, sites_of, walked_sites
from ..errors import PartialReadError, StoreError
from ..public_suffix import load as load_public_suffixes
from ..records import Admit, Cookie, Sighting, SiteSummary, Store
from . import reader as store_reader
from .selection import select_stores
from .sqlite_access import Half

SiteListing = tuple[list[Store], list[SiteSummary], list[StoreError]]
"""The stores read, their sites, and the stores (or parts) that could not be read."""
ListedAhead = tuple[SiteListing, dict[str, str]]
"""A `SiteListing` made in another process, with every host's site it found."""


def list_sites(
    browser: str | None,
    profile: str | None,
    store_path: Path | None,
    demo: bool,
    *,
    split: bool = False,
) -> SiteListing:
    """The stores chosen on the command line and their sites: `sites` (`split`, see
    `summarize`), and the app's list (its first made in a child process at launch,
    `list_sites_walked`)."""
    stores, errors = select_stores(
        browser=browser, profile=profile, store_path=store_path, demo=demo
    )
    summaries, more_errors = summarize(stores, split=split)
    return stores, summaries, errors + more_errors


def list_sites_walked(
    browser: str | None, profile: str | None, store_path: Path | None, demo: bool
) -> ListedAhead:
    """`list_sites`, and every host's site it found (`domains.remember_sites`)."""
    return list_sites(browser, profile, store_path, demo), walked_sites()


def summarize(
    stores: list[Store], *, split: bool = False
) -> tuple[list[SiteSummary], list[StoreError]]:
    """Every site with its cookie count per store, most cookies first. With `split` (a
    command, the only thread of its process), a big store is counted in two halves at
    once, the upper one in a child process: listing 100,000 cookies is ~0.2 s of Python,
    and there is a second core."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    third: dict[str, int] = defaultdict(int)
    errors: list[StoreError] = []
    for store in stores:
        try:
            (mine, theirs), more = _sites_in(store, split)
        except StoreError as exc:
            errors.append(exc)
            continue
        errors += more
        label = store.label
        for site, n in mine.items():
            counts[site][label] += n
        for site, n in theirs.items():
            third[site] += n
    summaries = [
        SiteSummary(site, dict(by_store), third[site]) for site, by_store in counts.items()
    ]
    summaries.sort(key=lambda s: (-s.total, s.site))
    return summaries, errors


SiteCounts = tuple[dict[str, int], dict[str, int]]
"""Cookies per site, and how many of them are another site's partitioned there (third-party
cookies): what the halves of a store add up to."""


def _sites_in(store: Store, split: bool) -> tuple[SiteCounts, list[StoreError]]:
    """The store's counts, in two halves if `split` and the store is big (the child's half,
    if it fails in any way, counted here after all)."""
    start = store_reader.split_point(store) if split else None
    if start is None:
        return _sites_of_half(store, None)
    from ..ahead import Ahead  # here: `show` and the app never fork for this

    load_public_suffixes()  # once, before the fork, for both
    upper = Ahead(partial(_sites_of_half, store, (start, True)))
    (mine, theirs), errors = _sites_of_half(store, (start, False))
    (more_mine, more_theirs), more_errors = upper.result() or _sites_of_half(store, (start, True))
    for into, more in ((mine, more_mine), (theirs, more_theirs)):
        for site, n in more.items():
            into[site] = into.get(site, 0) + n
    return (mine, theirs), errors + more_errors


def _sites_of_half(store: Store, half: Half | None) -> tuple[SiteCounts, list[StoreError]]:
    errors: list[StoreError] = []
    try:
        counted = store_reader.host_counts(store, half)
    except PartialReadError as exc:
        errors.append(exc)
        counted = exc.result  # type: ignore[assignment]
    alone, partitioned = counted
    # each distinct host and partition is mapped once, and the store's counts summed in
    # a flat dict: a nested lookup and a partition parse per row were a fifth of listing
    site_for = sites_of(chain(alone, (host for host, _, _ in partitioned)))
    mine: dict[str, int] = {}
    theirs: dict[str, int] = {}
    for host, n in alone.items():
        site = site_for[host]
        mine[site] = mine.get(site, 0) + n
    top_for = {p: partition_site(p) for p in {p for _, p, _ in partitioned}}
    for host, partition, n in partitioned:
        site = site_for[host]
        mine[site] = mine.get(site, 0) + n
        top = top_for[partition]
        if top and top != site:
            mine[top] = mine.get(top, 0) + n
            theirs[top] = theirs.get(top, 0) + n
    return (mine, theirs), errors


def read_site(
    stores: list[Store],
    site: str,
    extra_sites: tuple[str, ...] = (),
    *,
    decrypt: bool = True,
    admit: Admit | None = None,
) -> tuple[list[Cookie], list[StoreError]]:
    """The cookies of `site` (and those of the third-party sites its policy names that
    `admit` lets in) in every store."""
    wanted = [site.lower(), *[s.lower() for s in extra_sites if s.lower() != site.lower()]]
    return _read(stores, wanted, decrypt=decrypt, admit=admit)


def read_every_sighting(stores: list[Store]) -> tuple[list[Sighting], list[StoreError]]:
    """Every cookie of every store as counting by category needs it (`Sighting`)."""
    return _from_each(stores, store_reader.read_sightings)


def read_every_site(
    stores: list[Store], admit: Admit | None = None
) -> tuple[list[Cookie], list[StoreError]]:
    """Every cookie of every store (that `admit` lets in), without values: the input of
    views across all sites."""
    return _read(stores, None, decrypt=False, admit=admit)


def _read(
    stores: list[Store], sites: list[str] | None, *, decrypt: bool, admit: Admit | None
) -> tuple[list[Cookie], list[StoreError]]:
    """What every store holds for `sites`, in one order whatever the stores' own."""
    cookies, errors = _from_each(
        stores, lambda store: store_reader.read_sites(store, sites, decrypt=decrypt, admit=admit)
    )
    cookies.sort(key=lambda c: (c.domain, c.name, c.path, c.store.label))
    return cookies, errors


_T = TypeVar("_T")


def _from_each(
    stores: list[Store], read: Callable[[Store], list[_T]]
) -> tuple[list[_T], list[StoreError]]:
    """What `read` finds in every store; one bad store never hides the others."""
    found: list[_T] = []
    errors: list[StoreError] = []
    for store in stores:
        try:
            found += read(store)
        except PartialReadError as exc:
            errors.append(exc)
            found += exc.result  # type: ignore[arg-type]
        except StoreError as exc:
            errors.append(exc)
    return found, errors
