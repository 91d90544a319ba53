"""Reading Chromium-family cookie stores (Chrome, Brave, Edge, Opera, Vivaldi, Arc)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from .chromium_crypto import decrypt, decryptor
from .domains import host_matcher, partition_site
from .records import Cookie, SameSite, Store
from .sqlite_access import meta_version, read_store, table_columns
from .timeconv import from_chromium

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
_WANTED = (
    "creation_utc",
    "host_key",
    "top_frame_site_key",
    "name",
    "value",
    "encrypted_value",
    "path",
    "expires_utc",
    "is_secure",
    "secure",
    "is_httponly",
    "httponly",
    "last_access_utc",
    "has_expires",
    "is_persistent",
    "persistent",
    "samesite",
    "source_scheme",
    "source_port",
    "has_cross_site_ancestor",
)


def key_columns(columns: Iterable[str]) -> tuple[str, ...]:
    have = set(columns)
    return tuple(c for c in KEY_COLUMNS if c in have)


def count(store: Store) -> int:
    with read_store(store.path) as con:
        return int(con.execute("SELECT count(*) FROM cookies").fetchone()[0])


# (path, mtime, size) -> the store's distinct hosts and partition keys, from the last
# `host_counts`: opening a site right after listing the sites need not scan for them again.
_hosts_seen: dict[tuple[str, int, int], tuple[list[str], list[str]]] = {}


def _stamp(store: Store) -> tuple[str, int, int] | None:
    try:
        stat = store.path.stat()
    except OSError:
        return None  # read_store says what is wrong with it
    return (str(store.path), stat.st_mtime_ns, stat.st_size)


def host_counts(store: Store) -> list[tuple[str, str | None, int]]:
    """(host, partition top-frame site or None, count) for every host in the store."""
    stamp = _stamp(store)  # before reading: a write during the read must not look cached
    with read_store(store.path) as con:
        cols = set(table_columns(con, "cookies"))
        tfs = "top_frame_site_key" if "top_frame_site_key" in cols else "''"
        rows = con.execute(f"SELECT host_key, {tfs}, count(*) FROM cookies GROUP BY 1, 2")
        out = [(host, tf or None, n) for host, tf, n in rows]
    for old in [k for k in _hosts_seen if k[0] == str(store.path)]:
        del _hosts_seen[old]
    if stamp is not None:
        _hosts_seen[stamp] = (
            list(dict.fromkeys(h for h, _, _ in out)),
            list(dict.fromkeys(tf for _, tf, _ in out if tf)),
        )
    return out


def _where_for_sites(
    con: sqlite3.Connection,
    sites: list[str],
    has_tfs: bool,
    seen: tuple[list[str], list[str]] | None,
) -> tuple[str, list[str]]:
    """Exact host and partition lists: the host list uses the store's unique index, where a
    LIKE per site and row would scan the whole table once per site."""
    wanted = host_matcher(sites)
    all_hosts, all_tops = seen or (
        [h for (h,) in con.execute("SELECT DISTINCT host_key FROM cookies")],
        [t for (t,) in con.execute("SELECT DISTINCT top_frame_site_key FROM cookies") if t]
        if has_tfs
        else [],
    )
    hosts = [h for h in all_hosts if wanted(h)]
    where, args = f"host_key IN ({', '.join('?' * len(hosts))})", list(hosts)
    if has_tfs:
        tops = [t for t in all_tops if partition_site(t) in sites]
        where += f" OR top_frame_site_key IN ({', '.join('?' * len(tops))})"
        args += tops
    return where, args


def read_sites(store: Store, sites: list[str], *, decrypt: bool = True) -> list[Cookie]:
    """The cookies of these sites (hosts and partitions), values decrypted if asked."""
    stamp = _stamp(store)
    seen = _hosts_seen.get(stamp) if stamp else None
    with read_store(store.path) as con:
        cols = table_columns(con, "cookies")
        version = meta_version(con)
        select = [c for c in _WANTED if c in cols]
        where, args = _where_for_sites(con, sites, "top_frame_site_key" in cols, seen)
        con.row_factory = sqlite3.Row
        rows = con.execute(
            f"SELECT {', '.join(select)} FROM cookies WHERE {where}", args
        ).fetchall()
    keys = key_columns(cols)
    dec = _LazyDecryptor(store, enabled=decrypt)
    return [_to_cookie(store, row, keys, version >= 24, dec) for row in rows]


def _flag(row: sqlite3.Row, *names: str) -> bool:
    present = row.keys()  # `in row` would search the values, not the column names
    for name in names:
        if name in present:
            return bool(row[name])
    return False


class _LazyDecryptor:
    """Finds the store's key (keyring, D-Bus: slow) only when a row is actually encrypted."""

    def __init__(self, store: Store, *, enabled: bool = True) -> None:
        self.store = store
        self.enabled = enabled
        self._dec: Any = None

    def __call__(
        self, value: str, encrypted: bytes, integrity: bool
    ) -> tuple[str | None, str | None]:
        if value or not encrypted:
            return value, None
        if not self.enabled:
            return None, None
        if self._dec is None:
            self._dec = decryptor(self.store)
        return decrypt(self._dec, value, encrypted, integrity)


def _to_cookie(
    store: Store, row: sqlite3.Row, keys: tuple[str, ...], integrity: bool, dec: _LazyDecryptor
) -> Cookie:
    names = row.keys()
    persistent = _flag(row, "is_persistent", "persistent", "has_expires")
    raw_value = row["value"] if "value" in names else ""
    encrypted = row["encrypted_value"] if "encrypted_value" in names else b""
    if isinstance(encrypted, str):
        encrypted = encrypted.encode("utf-8", "surrogateescape")
    value, error = dec(raw_value or "", encrypted or b"", integrity)
    tfs = row["top_frame_site_key"] if "top_frame_site_key" in names else ""
    return Cookie(
        store=store,
        host=row["host_key"],
        name=row["name"],
        path=row["path"],
        expires=from_chromium(row["expires_utc"]) if persistent else None,
        created=from_chromium(row["creation_utc"]),
        last_accessed=from_chromium(row["last_access_utc"]) if "last_access_utc" in names else None,
        secure=_flag(row, "is_secure", "secure"),
        http_only=_flag(row, "is_httponly", "httponly"),
        same_site=SAMESITE.get(row["samesite"], "unspecified")
        if "samesite" in names
        else "unspecified",
        partition_key=tfs or None,
        container=None,
        key=tuple((k, row[k]) for k in keys),
        value=value,
        decrypt_error=error,
    )
