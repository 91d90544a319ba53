"""Reading Firefox-family cookie stores (Firefox, firefox-esr, LibreWolf)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..domains import host_in_site, host_spellings, partition_site
from ..errors import PartialReadError, StoreError
from ..records import NOT_UTF8, Admit, Cookie, HostCounts, SameSite, Sighting, Store, domain_of
from ..timeconv import from_firefox_expiry, from_firefox_micros
from .firefox_session import session_cookies
from .locks import firefox_running
from .sqlite_access import (
    Half,
    contains_any,
    fetch_all,
    half_of,
    halfway,
    pair_counts,
    read_store,
    shown,
    table_columns,
)

SAMESITE: dict[int, SameSite] = {0: "none", 1: "lax", 2: "strict", 256: "unspecified"}
TABLE = "moz_cookies"
WRITABLE = True
FORCE_WHILE_RUNNING = False
KEY_COLUMNS = ("name", "host", "path", "originAttributes")
IDENTITY_COLUMNS: tuple[str, ...] = KEY_COLUMNS
"""Firefox's unique index is the identity it loads cookies by."""
_WANTED = (
    "name",
    "value",
    "host",
    "path",
    "expiry",
    "lastAccessed",
    "creationTime",
    "isSecure",
    "isHttpOnly",
    "sameSite",
    "originAttributes",
)


def parse_origin_attributes(text: str, unquoted: Callable[[str], str] = unquote) -> dict[str, str]:
    """`^userContextId=1&partitionKey=%28https%2Cimind.com%29` to a dict."""
    text = (text or "").lstrip("^")
    out: dict[str, str] = {}
    for part in filter(None, text.split("&")):
        key, _, val = part.partition("=")
        out[key] = unquoted(val)
    return out


def partitions_of(suffixes: Iterable[str]) -> dict[str, str | None]:
    """The partition of each `originAttributes` suffix (None outside any). Firefox escapes
    a partition key's brackets and comma (`%28https%2Cimind.com%29`): where the suffixes
    hold no other escape, those are undone on their joined text at once. Unquoting each
    value was two thirds of parsing a store's 4,000 suffixes."""
    suffixes = list(suffixes)
    joined = "\n".join(suffixes)
    plain = joined.replace("%28", "(").replace("%2C", ",").replace("%29", ")")
    texts = plain.split("\n")
    decode: Callable[[str], str] = str
    if "%" in plain or len(texts) != len(suffixes):
        texts, decode = suffixes, unquote
    return {
        suffix: partition_from_key(parse_origin_attributes(text, decode).get("partitionKey"))
        for suffix, text in zip(suffixes, texts, strict=True)
    }


def origin_suffix(attrs: dict[str, Any]) -> str:
    """The session store's originAttributes dict back to the `^…` suffix Firefox stores."""
    parts = []
    for key in ("firstPartyDomain", "geckoViewSessionContextId", "partitionKey"):
        val = attrs.get(key)
        if val:
            parts.append(f"{key}={quote(str(val), safe='')}")
    for key in ("privateBrowsingId", "userContextId"):
        val = attrs.get(key)
        if val:
            parts.append(f"{key}={val}")
    return "^" + "&".join(sorted(parts)) if parts else ""


def partition_from_key(partition_key: str | None) -> str | None:
    """Firefox `(https,imind.com[,port][,f])` to `https://imind.com`."""
    if not partition_key or not partition_key.startswith("("):
        return None
    fields = partition_key.strip("()").split(",")
    if len(fields) < 2:
        return None
    return f"{fields[0]}://{fields[1]}"


def key_columns(columns: Iterable[str]) -> tuple[str, ...]:
    have = set(columns)
    return tuple(c for c in KEY_COLUMNS if c in have)


def is_running(store: Store) -> bool:
    return firefox_running(store.profile_dir)


def prepare(store: Store) -> None:
    """Nothing to find ahead: Firefox does not encrypt its values."""


def key_hint(store: Store) -> str:
    return "Firefox does not encrypt values"


def count(store: Store) -> int:
    with read_store(store.path) as con:
        n = int(con.execute("SELECT count(*) FROM moz_cookies").fetchone()[0])
    session, error = _session_only(store, set())
    if error:
        raise PartialReadError(error, n)
    return n + len(session)


def split_point(store: Store) -> Any | None:
    """The table has no index on the host, but its unique one starts with the name: two
    halves of it are two ranges of names."""
    with read_store(store.path) as con:
        return halfway(con, "moz_cookies", "name")


def host_counts(store: Store, half: Half | None = None) -> HostCounts:
    """Text is decoded in C and each distinct `originAttributes` parsed once: a store has a
    few thousand of them for 30,000 (host, attributes) pairs, and parsing per pair was
    a third of listing 100,000 cookies. The table has no index on the host, so a
    `GROUP BY` sorts every row (~130 ms at 100,000 cookies): the count is made in one
    pass (`counted_pairs`) where the texts allow it. The session store's cookies are counted
    with the lower half."""
    with read_store(store.path) as con:
        rows, args = half_of("moz_cookies", "name", half)
        alone, pairs = pair_counts(con, "host", "originAttributes", rows, args)
    partitions = partitions_of({oa for _, oa, _ in pairs})
    partitioned = []
    for host, oa, n in pairs:
        if top := partitions[oa]:
            partitioned.append((host, top, n))
        else:  # a container's, or private browsing's: in no partition
            alone[host] += n
    session, error = _session_only(store, set()) if half is None or not half[1] else ([], None)
    for c in session:
        if c.partition_key:
            partitioned.append((c.host, c.partition_key, 1))
        else:
            alone[c.host] += 1
    counts = HostCounts(alone, partitioned)
    if error:
        raise PartialReadError(error, counts)
    return counts


def _site_clause(site: str) -> tuple[str, list[str]]:
    """SQL true for the rows of `site`'s hosts and of its partition: a prefilter only
    (`host_in_site` in `read_sites` decides). LIKE ignores ASCII case, and the other
    spellings are IPv6 in brackets and Unicode IDNs. One substring test per spelling (a
    trailing dot or a subdomain included) cost a third of the four exact/suffix tests it
    replaced."""
    hosts, args = contains_any("host", host_spellings(site))
    # nearly every cookie has no origin attributes: an empty text skips the test
    partition, key = contains_any("originAttributes", [quote(site, safe="")], "partitionKey=")
    return f"({hosts} OR (originAttributes <> '' AND {partition}))", [*args, *key]


def _select(path: Path, where: str, args: list[str]) -> list[sqlite3.Row]:
    with read_store(path) as con:
        cols = table_columns(con, "moz_cookies")
        # Values as bytes: decoding them as text would swap bad bytes for U+FFFD, and an
        # altered value shown or exported is worse than none.
        select = [
            "rowid AS row_key",
            *("CAST(value AS BLOB) AS value" if c == "value" else c for c in _WANTED if c in cols),
        ]
        if where != "1":
            # The tests read only the host and the attributes, both in the unique index:
            # SQLite scans that index (without the values, under half the table's pages
            # at 100,000 cookies) and fetches the few rows found by their rowid.
            where = f"rowid IN (SELECT rowid FROM moz_cookies WHERE {where})"
        con.row_factory = sqlite3.Row
        return fetch_all(con, f"SELECT {', '.join(select)} FROM moz_cookies WHERE {where}", args)


_read_ahead: dict[tuple[Path, str], Callable[[], list[sqlite3.Row] | None]] = {}


def find_ahead(store: Store, site: str) -> None:
    """Start reading `site`'s rows in a thread, for the `read_sites` that follows to take.
    The table has no index on the host, so every row is tested (~8 ms at 100,000 cookies),
    and SQLite lets go of the interpreter meanwhile: the scan overlaps the command's
    imports. A read that fails is left to `read_sites`, which reports it. The thread is no
    daemon: a command that ends before taking the rows waits for it, so that a private
    copy it reads (values in plain text) is removed."""
    found: list[list[sqlite3.Row]] = []

    def read() -> None:
        try:
            found.append(_select(store.path, *_site_clause(site)))
        except Exception:  # noqa: BLE001 - `read_sites` reads again and reports the failure
            return

    thread = threading.Thread(target=read, name="find-ahead")
    thread.start()
    # Linux starts a thread on its maker's CPU when the others were busy lately (with the
    # command before), and both share it until the scheduler moves one, 4-8 ms later: the
    # scan then runs after the imports, not beside them. Waking from a sleep, this thread
    # is put on an idle CPU at once.
    time.sleep(0.001)

    def taken() -> list[sqlite3.Row] | None:
        thread.join()
        return found[0] if found else None

    _read_ahead[(store.path, site)] = taken


def read_sites(
    store: Store, sites: list[str] | None, *, decrypt: bool = True, admit: Admit | None = None
) -> list[Cookie]:
    """The cookies of these sites (every site for None) that `admit` lets in. Firefox's
    values are not encrypted: `decrypt` changes nothing here. A site's rows read ahead
    (`find_ahead`) are taken as they are; a row the query finds again comes once."""
    rows: list[sqlite3.Row] = []
    clauses, args = ["1"] if sites is None else [], []
    for site in sites or ():
        ahead = _read_ahead.pop((store.path, site), None)
        found = ahead() if ahead else None
        if found is None:
            clause, more = _site_clause(site)
            clauses.append(clause)
            args += more
        else:
            rows += found
    if clauses:
        have = {row["row_key"] for row in rows}
        found_now = _select(store.path, " OR ".join(clauses), args)
        rows += [row for row in found_now if row["row_key"] not in have]
    cookies = [_to_cookie(store, row) for row in rows]
    keys = {c.key for c in cookies}
    session, error = _session_only(store, keys)
    wanted = [
        c
        for c in cookies + session
        if (
            sites is None
            or any(host_in_site(c.host, s) or partition_site(c.partition_key) == s for s in sites)
        )
        and (admit is None or admit(c.host, c.name, c.path, c.partition_key))
    ]
    if error:
        raise PartialReadError(error, wanted)
    return wanted


def read_sightings(store: Store) -> list[Sighting]:
    """Every cookie's host, name, path, partition and key, the session store's included;
    each distinct `originAttributes` parsed once."""
    with read_store(store.path) as con:
        cols = table_columns(con, "moz_cookies")
        select = ", ".join(c if c in cols else "''" for c in KEY_COLUMNS)
        rows = fetch_all(con, f"SELECT {select} FROM moz_cookies")
    suffixes = {oa: shown(oa or "") for oa in {row[3] for row in rows}}
    partition_of = partitions_of(suffixes.values())
    partitions = {oa: partition_of[text] for oa, text in suffixes.items()}
    out = []
    for row in rows:
        name, host, path, oa = row
        host = shown(host or "")
        name, path = shown(name or ""), shown(path or "")
        domain = domain_of(host)
        out.append(Sighting(store, host, name, path, partitions[oa], KEY_COLUMNS, row, domain))
    session, error = _session_only(store, {s.key for s in out})
    out += [cookie.sighting for cookie in session]
    if error:
        raise PartialReadError(error, out)
    return out


def _to_cookie(store: Store, row: sqlite3.Row) -> Cookie:
    names = row.keys()
    oa = shown(row["originAttributes"] or "") if "originAttributes" in names else ""
    attrs = parse_origin_attributes(oa)
    context = attrs.get("userContextId", "")
    container = int(context) if context.isdigit() else None
    value, error = _decode(row["value"])
    texts = [row["host"], row["name"], row["path"]]
    missing = [what for what, v in zip(("host", "name", "path"), texts, strict=True) if v is None]
    damaged = f"the {' and '.join(missing)} is missing (NULL)" if missing else None
    host, name, path = (shown(v or "") for v in texts)
    times = {c: row[c] if c in names else None for c in ("expiry", "creationTime", "lastAccessed")}
    if any(v is not None and not isinstance(v, int) for v in times.values()):
        damaged = damaged or "a time column is not a number"
        times = {c: v if isinstance(v, int) else None for c, v in times.items()}
    return Cookie(
        store=store,
        host=host,
        name=name,
        path=path,
        expires=from_firefox_expiry(times["expiry"]),
        created=from_firefox_micros(times["creationTime"]),
        last_accessed=from_firefox_micros(times["lastAccessed"]),
        secure=bool(row["isSecure"]),
        http_only=bool(row["isHttpOnly"]),
        same_site=SAMESITE.get(row["sameSite"], "unspecified")
        if "sameSite" in names
        else "unspecified",
        partition_key=partition_from_key(attrs.get("partitionKey")),
        container=container or None,
        key=tuple((k, row[k] if k in names else "") for k in KEY_COLUMNS),
        value=value,
        decrypt_error=error,
        stored_size=len(row["value"] or b"") if value is None else 0,
        damaged=damaged,
    )


def _decode(raw: bytes | str | None) -> tuple[str | None, str | None]:
    if raw is None:
        return "", None
    if isinstance(raw, str):
        return raw, None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, NOT_UTF8


def _session_only(store: Store, known_keys: set[Any]) -> tuple[list[Cookie], StoreError | None]:
    """Session-store cookies that are not (or no longer) in cookies.sqlite."""
    try:
        raw, _path = session_cookies(store.profile_dir)
    except StoreError as exc:
        return [], exc
    out = []
    for c in raw:
        attrs = c.get("originAttributes") or {}
        oa = origin_suffix(attrs) if isinstance(attrs, dict) else ""
        key = tuple(zip(KEY_COLUMNS, (c["name"], c["host"], c.get("path", "/"), oa), strict=True))
        if key in known_keys:
            continue
        container = attrs.get("userContextId") if isinstance(attrs, dict) else None
        out.append(
            Cookie(
                store=store,
                host=str(c["host"]),
                name=str(c["name"]),
                path=str(c.get("path", "/")),
                expires=None,
                created=None,
                last_accessed=None,
                secure=bool(c.get("secure")),
                http_only=bool(c.get("httponly")),
                same_site=SAMESITE.get(c.get("sameSite", 256), "unspecified"),
                partition_key=partition_from_key(attrs.get("partitionKey"))
                if isinstance(attrs, dict)
                else None,
                container=int(container) if container else None,
                key=key,
                in_session_store=True,
                value=str(c.get("value", "")),
            )
        )
    return out, None
