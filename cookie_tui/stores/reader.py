"""One entry point for reading any store, whatever browser family wrote it."""

from __future__ import annotations

from types import ModuleType

from ..records import Admit, Cookie, Store
from . import chromium, firefox, safari

_READERS: dict[str, ModuleType] = {
    "chromium": chromium,
    "firefox": firefox,
    "safari": safari,
}


def count(store: Store) -> int:
    return _READERS[store.family].count(store)


def host_counts(store: Store) -> list[tuple[str, str | None, int]]:
    """(host, partition top-frame URL or None, count) rows: the cheap input of `sites`."""
    return _READERS[store.family].host_counts(store)


def read_sites(
    store: Store, sites: list[str], *, decrypt: bool = True, admit: Admit | None = None
) -> list[Cookie]:
    """The cookies of these sites' hosts and partitions that `admit` lets in (all when
    None): only these rows are read, and their values decrypted unless `decrypt` is False
    (deletion needs keys, not values)."""
    wanted = [s.lower() for s in sites]
    return _READERS[store.family].read_sites(store, wanted, decrypt=decrypt, admit=admit)
