"""One entry point for reading any store, whatever browser family wrote it."""

from __future__ import annotations

from types import ModuleType

from . import chromium_store, firefox_store, safari_store
from .records import Cookie, Store

_READERS: dict[str, ModuleType] = {
    "chromium": chromium_store,
    "firefox": firefox_store,
    "safari": safari_store,
}


def count(store: Store) -> int:
    return _READERS[store.family].count(store)


def host_counts(store: Store) -> list[tuple[str, str | None, int]]:
    """(host, partition top-frame URL or None, count) rows: the cheap input of `sites`."""
    return _READERS[store.family].host_counts(store)


def read_sites(store: Store, sites: list[str]) -> list[Cookie]:
    """Every cookie of these sites in the store, values decrypted: only these rows are read."""
    return _READERS[store.family].read_sites(store, [s.lower() for s in sites])
