"""Writing to a browser's cookie store safely: every write (delete, undo, restore) goes
through here.

The running-browser check, a read-write connection with a bounded busy wait and explicit
transactions, SQLite's own integrity check after our writes, and the SQL that addresses
rows by their exact key (non-UTF-8 text included).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import BrowserRunningError, StoreError
from ..records import Store
from ..stores.reader import family, is_running
from ..stores.sqlite_access import (
    BUSY_TIMEOUT_S,
    decode_text,
    describe_sqlite_error,
    fetch_all,
    text_param,
)

CHROMIUM_FORCE_WARNING = (
    "{label} is running: the deletion may not stick, because Chromium writes the cookies "
    "it holds in memory back to the store when it exits"
)

_BUSY_OR_LOCKED = (5, 6)
"""SQLITE_BUSY and SQLITE_LOCKED (Python names them only from 3.11 on)."""


class _Timeout(Exception):
    """Raised from a backup progress callback to stop SQLite's endless busy retry loop."""


def ensure_writable(store: Store, *, force: bool = False) -> list[str]:
    """Refuse to touch a store its browser has open, or one that cannot be written.

    Firefox holds its cookies in memory and overwrites the file, so a running Firefox is
    never overridden; for Chromium `force` proceeds with a warning. Returns the warnings.
    """
    warnings = []
    if is_running(store):
        if not (force and family(store).FORCE_WHILE_RUNNING):
            raise BrowserRunningError(store.browser, store.profile, store.path)
        warnings.append(CHROMIUM_FORCE_WARNING.format(label=store.label))
    path = store.path
    if not path.exists():
        raise StoreError(path, "the file no longer exists", "it vanished since it was read")
    if not path.is_file():
        raise StoreError(path, "is not a file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(path, "the file is read-only", "nothing was changed")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            path.parent, "the folder is read-only, SQLite cannot journal", "nothing was changed"
        )
    return warnings


def open_store(path: Path) -> sqlite3.Connection:
    """The real store file (never a copy) for writing, with explicit transactions.

    `mode=rw` fails on a missing file instead of creating an empty database. Text that
    is not UTF-8 (Firefox stores header bytes as they came) is kept as `RawText` bytes.
    """
    uri = f"file:{quote(str(path))}?mode=rw"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        con.text_factory = decode_text
        con.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from None
    return con


@contextmanager
def writing(path: Path) -> Iterator[sqlite3.Connection]:
    """The store for writing: SQLite errors become one line naming the file, and an
    unfinished transaction is rolled back."""
    con = open_store(path)
    try:
        yield con
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from None
    finally:
        if con.in_transaction:
            con.execute("ROLLBACK")
        con.close()


def begin_immediate(con: sqlite3.Connection, path: Path) -> None:
    """Take the write lock, waiting at most the busy timeout: a clear error, never a hang."""
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from None


def integrity_ok(con: sqlite3.Connection, *, quick: bool = False) -> bool:
    """SQLite's own consistency check. After our own writes `quick` is enough: it checks
    every page, record and constraint but not that each index agrees with its table, which
    only a bug in SQLite could break, and costs a quarter (the full check was a quarter of
    deleting 10,000 cookies)."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = con.execute(f"PRAGMA {pragma}").fetchall()
    return [tuple(r) for r in rows] == [("ok",)]


def make_durable(con: sqlite3.Connection) -> None:
    """Fold a WAL into the main file so the change survives whoever opens the store next."""
    if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_database(
    src: sqlite3.Connection, dst: sqlite3.Connection, path: Path, timeout: float = BUSY_TIMEOUT_S
) -> None:
    """SQLite online backup of `src` into `dst`, bounded in time.

    Python's `backup()` retries forever while a lock is held; the progress callback
    stops it once `timeout` has passed.
    """
    deadline = time.monotonic() + timeout

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in _BUSY_OR_LOCKED and time.monotonic() > deadline:
            raise _Timeout

    try:
        src.backup(dst, pages=256, progress=progress, sleep=0.05)
    except _Timeout:
        raise StoreError(
            path, "the database is locked", "close the browser and try again"
        ) from None


def cookie_table(store: Store) -> str:
    return family(store).TABLE


def key_where(key_columns: list[str], values: Sequence[Any]) -> str:
    """`"c" IS ?` per key column (`IS`, so a NULL key part still addresses its row), with
    non-UTF-8 text bound as the TEXT it is."""
    return " AND ".join(
        f'"{c}" IS {text_param(v)}' for c, v in zip(key_columns, values, strict=True)
    )


def select_rows(
    con: sqlite3.Connection, table: str, columns: list[str], where: str, args: list[Any]
) -> list[tuple[Any, ...]]:
    """The rows as stored, text that is not UTF-8 as `RawText` (decoded in C unless some
    is: a Python call per value was most of reading 30,000 rows for an undo record)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    return fetch_all(con, f"SELECT {cols} FROM {table} WHERE {where}", args)
