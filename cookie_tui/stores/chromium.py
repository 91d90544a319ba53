"""Reading Chromium-family cookie stores (Chrome, Brave, Edge, Opera, Vivaldi, Arc)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from ..domains import host_matcher, host_spellings, mentioning, partition_site
from ..records import NOT_UTF8, Admit, Cookie, HostCounts, SameSite, Sighting, Store, domain_of
from ..timeconv import from_chromium
from .chromium_crypto import (
    OWN_V10,
    Decryptor,
    decrypt,
    decrypt_linux_v10,
    decryptor,
    import_cipher_ahead,
)
from .chromium_crypto import key_hint as key_hint  # this family's `StoreFamily.key_hint`
from .locks import chromium_running
from .sqlite_access import (
    Half,
    RawText,
    contains_any,
    fetch_all,
    half_of,
    halfway,
    meta_version,
    pair_counts,
    pairs_as_one_text,
    read_store,
    shown,
    table_columns,
    text_param,
)

SAMESITE: dict[int, SameSite] = {-1: "unspecified", 0: "none", 1: "lax", 2: "strict"}
KEY_COLUMNS = (
    "host_key",
    "top_frame_site_key",
    "has_cross_site_ancestor",
    "name",
    "path",
    "source_scheme",
    "source_port",
)
TABLE = "cookies"
WRITABLE = True
FORCE_WHILE_RUNNING = True
IDENTITY_COLUMNS: tuple[str, ...] = ("host_key", "top_frame_site_key", "name", "path")
"""What makes two rows the same cookie to Chromium when it loads the store (its unique
index also holds the source scheme and port, and it keeps only one of such twins)."""
# The row every query returns, whatever the schema version: (name in the Cookie, the
# columns that may hold it, newest first, and the SQL for when none exists).
_FIELDS = (
    ("host", ("host_key",), "''"),
    ("name", ("name",), "''"),
    ("path", ("path",), "'/'"),
    ("expires", ("expires_utc",), "0"),
    ("created", ("creation_utc",), "0"),
    ("last_accessed", ("last_access_utc",), "0"),
    ("persistent", ("is_persistent", "persistent", "has_expires"), "0"),
    ("secure", ("is_secure", "secure"), "0"),
    ("http_only", ("is_httponly", "httponly"), "0"),
    ("same_site", ("samesite",), "-1"),
    ("partition", ("top_frame_site_key",), "''"),
    ("value", ("value",), "''"),
    ("encrypted", ("encrypted_value",), "X''"),
)


def _select_list(columns: Iterable[str], wanted: Iterable[str] | None = None) -> str:
    """The `_FIELDS` named in `wanted` (all for None), in `_FIELDS` order."""
    have = set(columns)
    return ", ".join(
        next((f'"{c}"' for c in candidates if c in have), default)
        for field, candidates, default in _FIELDS
        if wanted is None or field in wanted
    )


def key_columns(columns: Iterable[str]) -> tuple[str, ...]:
    have = set(columns)
    return tuple(c for c in KEY_COLUMNS if c in have)


def is_running(store: Store) -> bool:
    return store.user_data_dir is not None and chromium_running(store.user_data_dir)


def find_ahead(store: Store, site: str) -> None:
    """Nothing: the host index finds a site's rows at once."""


def prepare(store: Store) -> None:
    """Find the store's key now (keyring, D-Bus: slow), so the first site opens fast."""
    decryptor(store)


def count(store: Store) -> int:
    with read_store(store.path) as con:
        return int(con.execute("SELECT count(*) FROM cookies").fetchone()[0])


# Up to this many host spellings, a site's candidate pairs are found by a `LIKE` per
# spelling in one pass over the covering index (~7 ms each at 100,000 cookies, in SQLite
# with the interpreter free for the UI); beyond, listing every distinct pair and testing
# them in Python (~60 ms, holding the interpreter) is cheaper.
_MAX_LIKE_SPELLINGS = 8


def split_point(store: Store) -> Any | None:
    """Its unique index starts with the host: two halves of it are two ranges of hosts."""
    with read_store(store.path) as con:
        return halfway(con, "cookies", "host_key")


def host_counts(store: Store, half: Half | None = None) -> HostCounts:
    with read_store(store.path) as con:
        cols = set(table_columns(con, "cookies"))
        tfs = "top_frame_site_key" if "top_frame_site_key" in cols else "''"
        return HostCounts(*pair_counts(con, "host_key", tfs, *half_of("cookies", "host_key", half)))


def _candidate_pairs(con: sqlite3.Connection, sites: list[str], tfs: str) -> list[tuple[Any, Any]]:
    """(host, partition key) pairs that may belong to `sites`: a superset, confirmed by the
    caller. Non-ASCII hosts are matched through the sites' Unicode spellings."""
    spellings = [s for site in sites for s in host_spellings(site)]
    where, args = "1", list[str]()
    if len(spellings) <= _MAX_LIKE_SPELLINGS:
        where, args = contains_any("host_key", spellings)
        if tfs != "''":
            # nearly every cookie is unpartitioned: an empty key skips the pattern test
            partitioned, more = contains_any(tfs, spellings)
            where, args = f"{where} OR ({tfs} <> '' AND ({partitioned}))", args + more
    distinct = f"(SELECT DISTINCT host_key AS h, {tfs} AS t FROM cookies WHERE {where})"
    pieces = pairs_as_one_text(con, "h", "t", distinct, args)
    if pieces is not None:
        return [(host, top) for host, _, top in (p.partition("\x01") for p in pieces)]
    return fetch_all(con, f"SELECT h, t FROM {distinct}", args)


def _where_for_sites(con: sqlite3.Connection, sites: list[str], tfs: str) -> tuple[str, list[Any]]:
    """Exact hosts (and partition keys) of the sites, so the query walks the store's unique
    index where a test per row would scan the whole table. A host stored as bytes that are
    not UTF-8 is matched by its escaped text and queried by its exact bytes."""
    wanted = host_matcher(sites)
    stored: dict[str, Any] = {}
    pairs: list[tuple[str, str]] = []
    for host, top in _candidate_pairs(con, sites, tfs):
        if type(host) is not str or (top and type(top) is not str):
            stored[shown(host)] = host
            if top:
                stored[shown(top)] = top
            host, top = shown(host), top and shown(top)
        pairs.append((host, top))
    hosts = [h for h in mentioning(dict.fromkeys(h for h, _ in pairs), sites) if wanted(h)]
    tops = mentioning(dict.fromkeys(t for _, t in pairs if t), sites)
    tops = [t for t in tops if partition_site(t) in sites]

    def values(texts: list[str]) -> tuple[str, list[Any]]:
        exact = [stored.get(t, t) for t in texts]
        return ", ".join(text_param(v) for v in exact), exact

    host_marks, host_args = values(hosts)
    if not tops:
        return f"host_key IN ({host_marks})", host_args
    top_set = set(tops)
    every_marks, every_args = values(
        list(dict.fromkeys([*hosts, *(h for h, t in pairs if t in top_set)]))
    )
    top_marks, top_args = values(tops)
    return (
        f"host_key IN ({every_marks}) AND (host_key IN ({host_marks}) "
        f"OR top_frame_site_key IN ({top_marks}))",
        [*every_args, *host_args, *top_args],
    )


def read_sites(
    store: Store, sites: list[str] | None, *, decrypt: bool = True, admit: Admit | None = None
) -> list[Cookie]:
    """The cookies of these sites (hosts and partitions; every site for None) that `admit`
    lets in, values decrypted if asked."""
    with read_store(store.path) as con:
        cols = table_columns(con, "cookies")
        integrity = meta_version(con) >= 24
        # started here, the import runs while SQLite scans without the interpreter; earlier,
        # each small query above waited for the import to give the interpreter back
        cipher_ready = import_cipher_ahead() if decrypt and OWN_V10 else None
        keys = key_columns(cols)
        tfs = "top_frame_site_key" if "top_frame_site_key" in cols else "''"
        where, args = _where_for_sites(con, sites, tfs) if sites is not None else ("1", [])
        key_list = ", ".join(f'"{k}"' for k in keys)
        rows = fetch_all(
            con, f"SELECT {_select_list(cols)}, {key_list} FROM cookies WHERE {where}", args
        )
    if admit is not None:
        rows = [r for r in rows if admit(*_admit_columns(r))]
    if cipher_ready is not None:
        cipher_ready()
    dec = _LazyDecryptor(store, enabled=decrypt)
    return [_to_cookie(store, row, keys, integrity, dec) for row in rows]


_COUNTED = ("host", "name", "path", "partition")


def read_sightings(store: Store) -> list[Sighting]:
    """Every cookie's host, name, path, partition and key: what counting by category needs.
    Each distinct host (and its domain) is one string however many rows hold it. A row is
    selected as its key, which holds the host, name, path and partition in every schema
    that has partitions: selecting them again made four more texts a row, a third of
    reading 100,000 cookies."""
    with read_store(store.path) as con:
        cols = table_columns(con, "cookies")
        keys = key_columns(cols)
        column = {field: next((c for c in names if c in cols), None) for field, names, _ in _FIELDS}
        extra = [f for f in _COUNTED if column[f] not in keys]  # an older schema lacks one
        selected = [f'"{k}"' for k in keys]
        if extra:
            selected.append(_select_list(cols, extra))  # in `_COUNTED` order, as `extra`
        rows = fetch_all(con, f"SELECT {', '.join(selected)} FROM cookies")
    ih, iname, ipath, ipart = (
        keys.index(c) if (c := column[f]) in keys else len(keys) + extra.index(f) for f in _COUNTED
    )
    whole = not extra
    hosts: dict[str, tuple[str, str]] = {}
    out = []
    for row in rows:
        host, name, path, partition = row[ih], row[iname], row[ipath], row[ipart]
        if not (type(host) is str and type(name) is str and type(path) is str):
            host, name, path, _ = _text_columns(host, name, path)
        shared = hosts.get(host)
        if shared is None:
            shared = hosts[host] = (host, domain_of(host))
        top = shown(partition) if partition else None
        key = row if whole else row[: len(keys)]
        out.append(Sighting(store, shared[0], name, path, top, keys, key, shared[1]))
    return out


def _admit_columns(row: tuple[Any, ...]) -> tuple[str, str, str, str | None]:
    """Host, name, path and partition as `Admit` takes them, whatever a row holds."""
    host, name, path, partition = row[0], row[1], row[2], row[10] or None
    if type(host) is str and type(name) is str and type(path) is str:
        return host, name, path, partition if partition is None else shown(partition)
    return *_text_columns(host, name, path)[:3], partition and shown(partition)


class _LazyDecryptor:
    """Finds the store's key (keyring, D-Bus: slow) only when a row is actually encrypted."""

    def __init__(self, store: Store, *, enabled: bool = True) -> None:
        self.store = store
        self.enabled = enabled
        self._dec: Decryptor | None = None

    def __call__(
        self, value: str, encrypted: bytes, integrity: bool
    ) -> tuple[str | None, str | None]:
        if value or not encrypted:
            return value, None
        if not self.enabled:
            return None, None
        if OWN_V10 and encrypted.startswith(b"v10"):
            return decrypt_linux_v10(encrypted, integrity)
        if self._dec is None:
            self._dec = decryptor(self.store)
        return decrypt(self._dec, value, encrypted, integrity)


def _to_cookie(
    store: Store, row: tuple[Any, ...], keys: tuple[str, ...], integrity: bool, dec: _LazyDecryptor
) -> Cookie:
    """A row in `_FIELDS` order, then the key columns (plain tuples: sqlite3.Row lookups by
    name were a third of reading a 10,000-cookie site)."""
    host, name, path, expires, created, accessed, persistent, secure, http_only = row[:9]
    same_site, partition, raw_value, encrypted = row[9:13]
    damaged: str | None = None
    if not (type(host) is str and type(name) is str and type(path) is str):
        host, name, path, damaged = _text_columns(host, name, path)
    if type(expires) is not int or type(created) is not int or type(accessed) is not int:
        expires, created, accessed, damaged = _time_columns(expires, created, accessed, damaged)
    if isinstance(encrypted, str):
        encrypted = encrypted.encode("utf-8", "surrogateescape")
    value: str | None
    error: str | None
    if isinstance(raw_value, RawText):
        value, error = None, NOT_UTF8
    else:
        value, error = dec(raw_value or "", encrypted or b"", integrity)
    return Cookie(
        store=store,
        host=host,
        name=name,
        path=path,
        expires=from_chromium(expires) if persistent else None,
        created=from_chromium(created),
        last_accessed=from_chromium(accessed),
        secure=bool(secure),
        http_only=bool(http_only),
        same_site=SAMESITE.get(same_site, "unspecified"),
        partition_key=shown(partition) if partition else None,
        container=None,
        key=tuple(zip(keys, row[13:], strict=True)),
        value=value,
        decrypt_error=error,
        stored_size=len(raw_value or encrypted or b"") if value is None else 0,
        damaged=damaged,
    )


def _text_columns(host: Any, name: Any, path: Any) -> tuple[str, str, str, str | None]:
    """Host, name and path as text for people: bytes that are not UTF-8 escaped (the key
    keeps them exact), a NULL as empty with the row marked damaged."""
    missing = [what for what, v in (("host", host), ("name", name), ("path", path)) if v is None]
    damaged = f"the {' and '.join(missing)} is missing (NULL)" if missing else None
    return shown(host or ""), shown(name or ""), shown(path or ""), damaged


def _time_columns(*values: Any) -> tuple[Any, ...]:
    """Times that are not integers (a tampered store) read as none, the row marked damaged."""
    *times, damaged = values
    if all(type(v) is int or v is None for v in times):
        return (*(v or 0 for v in times), damaged)
    fixed = [v if type(v) is int else 0 for v in times]
    return (*fixed, damaged or "a time column is not a number")
