"""One entry point for any store, whatever browser family wrote it.

Each family is one module (`chromium`, `firefox`, `safari`) implementing `StoreFamily`;
everything that depends on the family asks `family(store)` instead of testing
`store.family`, so adding a browser family means adding one module here. A family's
module is imported when a store of it is first read: opening a Firefox site never loads
Chromium's decryption, nor a Chromium one Firefox's session files.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, Protocol, cast

from ..records import Admit, Cookie, HostCounts, Sighting, Store
from .sqlite_access import Half


class StoreFamily(Protocol):
    """What cookie-tui needs of a browser family's store."""

    TABLE: str
    """The cookie table, for writing."""
    WRITABLE: bool
    """False for a store cookie-tui only reads (Safari's binary file)."""
    FORCE_WHILE_RUNNING: bool
    """Whether `--force` may write while the browser runs (Chromium, which may undo it);
    never for Firefox, which holds the store locked and overwrites it."""
    IDENTITY_COLUMNS: tuple[str, ...]
    """What makes two rows the same cookie to the browser when it loads the store."""

    def key_columns(self, columns: Iterable[str]) -> tuple[str, ...]:
        """The columns of this table that address one row (its unique key)."""
        ...

    def count(self, store: Store) -> int: ...

    def split_point(self, store: Store) -> Any | None:
        """Where `host_counts` may split a big store in two halves (`Half`), for two
        processes to count at once; None where it cannot or need not."""
        ...

    def host_counts(self, store: Store, half: Half | None = None) -> HostCounts:
        """How many cookies each host holds (in `half` of the store, if given)."""
        ...

    def read_sites(
        self, store: Store, sites: list[str] | None, *, decrypt: bool, admit: Admit | None
    ) -> list[Cookie]:
        """The cookies of `sites` (every cookie for None) that `admit` lets in."""
        ...

    def find_ahead(self, store: Store, site: str) -> None:
        """Start finding `site`'s rows in the background for the `read_sites` that follows,
        where finding them is slow (a table with no index on the host)."""
        ...

    def read_sightings(self, store: Store) -> list[Sighting]:
        """Every cookie of the store, as little of each as counting by category needs."""
        ...

    def is_running(self, store: Store) -> bool:
        """Whether the browser that owns the store runs now (it would undo our writes)."""
        ...

    def prepare(self, store: Store) -> None:
        """Pay a one-time cost of reading ahead (Chromium: finding the key)."""
        ...

    def key_hint(self, store: Store) -> str:
        """Why values of this store cannot be decrypted, and the fix, in words."""
        ...


_FAMILIES = ("chromium", "firefox", "safari")
_loaded: dict[str, StoreFamily] = {}


def family(store: Store) -> StoreFamily:
    found = _loaded.get(store.family)
    if found is None:
        if store.family not in _FAMILIES:
            raise KeyError(store.family)
        module = importlib.import_module(f"{__package__}.{store.family}")
        found = _loaded[store.family] = cast(StoreFamily, module)
    return found


def count(store: Store) -> int:
    return family(store).count(store)


def split_point(store: Store) -> Any | None:
    return family(store).split_point(store)


def host_counts(store: Store, half: Half | None = None) -> HostCounts:
    """How many cookies each host holds, by partition: the cheap input of `sites`."""
    return family(store).host_counts(store, half)


def read_sites(
    store: Store, sites: list[str] | None, *, decrypt: bool = True, admit: Admit | None = None
) -> list[Cookie]:
    """The cookies of these sites' hosts and partitions (every cookie for None) that
    `admit` lets in (all when None): only these rows are read, and their values decrypted
    unless `decrypt` is False (deletion needs keys, not values)."""
    wanted = None if sites is None else [s.lower() for s in sites]
    return family(store).read_sites(store, wanted, decrypt=decrypt, admit=admit)


def find_ahead(store: Store, site: str) -> None:
    """Start finding one site's rows while the caller does other work (imports)."""
    family(store).find_ahead(store, site.lower())


def read_sightings(store: Store) -> list[Sighting]:
    """Every cookie's host, name, path, partition and key, no value decrypted."""
    return family(store).read_sightings(store)


def is_running(store: Store) -> bool:
    return family(store).is_running(store)
