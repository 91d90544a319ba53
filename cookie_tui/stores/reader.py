"""One entry point for reading any store, whatever browser family wrote it."""

from __future__ import annotations

from types import ModuleType

from ..records import Cookie, Store
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


def read_sites(store: Store, sites: list[str], *, decrypt: bool = True) -> list[Cookie]:
    """Every cookie of these sites in the store: only these rows are read, and their values
    decrypted unless `decrypt` is False (deletion needs keys, not values)."""
    reader = _READERS[store.family]
    wanted = [s.lower() for s in sites]
    if store.family == "chromium":
        return reader.read_sites(store, wanted, decrypt=decrypt)
    return reader.read_sites(store, wanted)
