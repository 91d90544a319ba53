"""Reading Chromium-family cookie stores (Chrome, Brave, Edge, Opera, Vivaldi, Arc)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .chromium_crypto import decrypt
from .domains import host_in_site, partition_site
from .records import Cookie, SameSite, Store
from .sqlite_access import like_escape, meta_version, read_store, table_columns
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


def host_counts(store: Store) -> list[tuple[str, str | None, int]]:
    """(host, partition top-frame site or None, count) for every host in the store."""
    with read_store(store.path) as con:
        cols = set(table_columns(con, "cookies"))
        tfs = "top_frame_site_key" if "top_frame_site_key" in cols else "''"
        rows = con.execute(f"SELECT host_key, {tfs}, count(*) FROM cookies GROUP BY 1, 2")
        return [(host, tf or None, n) for host, tf, n in rows]


def _where_for_sites(sites: list[str], has_tfs: bool) -> tuple[str, list[str]]:
    clauses, args = [], []
    for site in sites:
        clauses.append("host_key = ? OR host_key = ? OR host_key LIKE ? ESCAPE '\\'")
        args += [site, "." + site, "%." + like_escape(site)]
        if has_tfs:
            clauses.append("top_frame_site_key LIKE ? ESCAPE '\\'")
            args.append("%://%" + like_escape(site) + "%")
    return " OR ".join(f"({c})" for c in clauses), args


def read_sites(store: Store, sites: list[str]) -> list[Cookie]:
    """The cookies of these sites (hosts and partitions), values decrypted."""
    with read_store(store.path) as con:
        cols = table_columns(con, "cookies")
        version = meta_version(con)
        select = [c for c in _WANTED if c in cols]
        where, args = _where_for_sites(sites, "top_frame_site_key" in cols)
        con.row_factory = sqlite3.Row
        rows = con.execute(
            f"SELECT {', '.join(select)} FROM cookies WHERE {where}", args
        ).fetchall()
    keys = key_columns(cols)
    out = []
    for row in rows:
        cookie = _to_cookie(store, row, keys, version >= 24)
        if any(
            host_in_site(cookie.host, s) or partition_site(cookie.partition_key) == s for s in sites
        ):
            out.append(cookie)
    return out


def _flag(row: sqlite3.Row, *names: str) -> bool:
    present = row.keys()  # `in row` would search the values, not the column names
    for name in names:
        if name in present:
            return bool(row[name])
    return False


def _to_cookie(store: Store, row: sqlite3.Row, keys: tuple[str, ...], integrity: bool) -> Cookie:
    names = row.keys()
    persistent = _flag(row, "is_persistent", "persistent", "has_expires")
    raw_value = row["value"] if "value" in names else ""
    encrypted = row["encrypted_value"] if "encrypted_value" in names else b""
    if isinstance(encrypted, str):
        encrypted = encrypted.encode("utf-8", "surrogateescape")
    value, error = decrypt(store, raw_value or "", encrypted or b"", integrity)
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
