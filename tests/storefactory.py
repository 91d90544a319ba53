"""Adding cookies to copies of real browser stores, written exactly as the browsers write them.

Used where a real browser cannot be made to store a case (a 4 KB value, an IDN host, a
value no key decrypts) and by the benchmark to grow stores to 100,000 cookies. Rows are
inserted into a store a real browser created, so its schema is the browser's own.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from Cryptodome.Cipher import AES
from Cryptodome.Protocol.KDF import PBKDF2
from Cryptodome.Util.Padding import pad

from cookie_tui.records import HostCounts
from cookie_tui.timeconv import to_chromium, to_firefox_micros

LINUX_V10_KEY = PBKDF2(b"peanuts", b"saltysalt", 16, 1)
NOW = datetime.now(UTC).replace(microsecond=0)


def chromium_encrypt(
    host_key: str, value: bytes, *, integrity: bool = True, key: bytes = LINUX_V10_KEY
) -> bytes:
    """`v10` + AES-128-CBC, SHA-256(host_key) prefixed since meta version 24, as on Linux."""
    plain = (hashlib.sha256(host_key.encode()).digest() if integrity else b"") + value
    return b"v10" + AES.new(key, AES.MODE_CBC, b" " * 16).encrypt(pad(plain, 16))


def chromium_row(
    host: str,
    name: str,
    value: str | bytes = "v",
    *,
    path: str = "/",
    expires: datetime | None = None,
    secure: bool = False,
    http_only: bool = False,
    samesite: int = -1,
    top_frame_site: str = "",
    created: datetime | None = None,
    encrypted: bytes | None = None,
) -> dict[str, object]:
    raw = value.encode() if isinstance(value, str) else value
    created = created or NOW
    return {
        "creation_utc": to_chromium(created),
        "host_key": host,
        "top_frame_site_key": top_frame_site,
        "name": name,
        "value": "",
        "encrypted_value": encrypted if encrypted is not None else chromium_encrypt(host, raw),
        "path": path,
        "expires_utc": to_chromium(expires) if expires else 0,
        "is_secure": int(secure),
        "is_httponly": int(http_only),
        "last_access_utc": to_chromium(created),
        "has_expires": int(expires is not None),
        "is_persistent": int(expires is not None),
        "priority": 1,
        "samesite": samesite,
        "source_scheme": 2 if secure else 1,
        "source_port": 443 if secure else 80,
        "last_update_utc": to_chromium(created),
        "source_type": 0,
        "has_cross_site_ancestor": int(bool(top_frame_site)),
    }


def firefox_row(
    host: str,
    name: str,
    value: str = "v",
    *,
    path: str = "/",
    expires: datetime | None = None,
    secure: bool = False,
    http_only: bool = False,
    samesite: int = 0,
    partition_site: str = "",
    container: int = 0,
    created: datetime | None = None,
) -> dict[str, object]:
    created = created or NOW
    attrs = []
    if partition_site:
        attrs.append("partitionKey=" + quote(f"(https,{partition_site})", safe=""))
    if container:
        attrs.append(f"userContextId={container}")
    expiry = expires or NOW + timedelta(days=400)
    return {
        "originAttributes": "^" + "&".join(attrs) if attrs else "",
        "name": name,
        "value": value,
        "host": host,
        "path": path,
        "expiry": to_firefox_micros(expiry) // 1000,
        "lastAccessed": to_firefox_micros(created),
        "creationTime": to_firefox_micros(created),
        "isSecure": int(secure),
        "isHttpOnly": int(http_only),
        "sameSite": samesite,
        "schemeMap": 2 if secure else 1,
    }


def insert(db: Path, table: str, rows: list[dict[str, object]]) -> None:
    """Insert rows, filling columns the caller did not name from the table's defaults."""
    con = sqlite3.connect(db)
    try:
        columns = {r[1]: r for r in con.execute(f"PRAGMA table_info({table})")}
        for row in rows:
            names = [n for n in row if n in columns]
            missing = [
                n
                for n, info in columns.items()
                if n not in row and info[3] and info[4] is None and not info[5]
            ]
            values = [row[n] for n in names] + [0 for _ in missing]
            marks = ", ".join("?" * len(values))
            con.execute(
                f"INSERT INTO {table} ({', '.join(names + missing)}) VALUES ({marks})", values
            )
        con.commit()
    finally:
        con.close()


def chromium_copy(fixtures: Path, to: Path, rows: list[dict[str, object]]) -> Path:
    """The Cookies file of a copy of Chromium's fixture profile in `to`, `rows` added."""
    shutil.copytree(fixtures / "chromium", to / "chromium")
    db = to / "chromium" / "Default" / "Cookies"
    insert(db, "cookies", rows)
    return db


def host_names(db: Path) -> set[tuple[str, str]]:
    """(host, name) of every row of a Chromium or Firefox store, as it is on disk."""
    table, host = (
        ("moz_cookies", "host") if db.name == "cookies.sqlite" else ("cookies", "host_key")
    )
    con = sqlite3.connect(db)
    try:
        return set(con.execute(f"SELECT {host}, name FROM {table}").fetchall())
    finally:
        con.close()


def raw_rows(db: Path, sql: str) -> list[tuple[bytes, ...]]:
    """The rows of `sql` with every text as its stored bytes: what a store holds, whatever
    its encoding, to compare the readers' answers with."""
    con = sqlite3.connect(db)
    con.text_factory = bytes
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def per_pair(counts: HostCounts) -> Counter[tuple[str, str | None]]:
    """A reader's host counts as (host, partition or None) -> cookies: the shape a reading
    of every row gives, to compare with."""
    got: Counter[tuple[str, str | None]] = Counter()
    for host, n in counts.unpartitioned.items():
        got[(host, None)] += n
    for host, partition, n in counts.partitioned:
        got[(host, partition)] += n
    return got
