"""Writing to a browser's cookie store safely, and the backups that make it reversible.

Every write (delete, undo, restore) goes through here: the running-browser check, a
read-write connection with a bounded busy wait, and a consistent copy of the store made
with SQLite's backup API (so rows still in a `-wal` file are included). Backups live in
`data_dir()/backups/` (0700), each a `.sqlite` copy (0600) with a `.json` sidecar naming
the store it came from; they hold cookie values, so nobody else may read them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import BrowserRunningError, StoreError, UsageError
from ..paths import backups_dir, data_dir
from ..private_files import write_private
from ..records import Store
from ..stores.locks import is_running
from ..stores.sqlite_access import BUSY_TIMEOUT_S, describe_sqlite_error

CHROMIUM_FORCE_WARNING = (
    "{label} is running: the deletion may not stick, because Chromium writes the cookies "
    "it holds in memory back to the store when it exits"
)


_BUSY_OR_LOCKED = (5, 6)
"""SQLITE_BUSY and SQLITE_LOCKED (Python names them only from 3.11 on)."""


class _Timeout(Exception):
    """Raised from a backup progress callback to stop SQLite's endless busy retry loop."""


def utc_stamp() -> str:
    """Sortable UTC time with microseconds, safe in file names."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "profile"


def store_tag(store: Store) -> str:
    """A short, file-name-safe tag of the store's path: finding one store's files by name
    spares reading every record (each holds thousands of rows)."""
    return hashlib.sha256(str(store.path).encode()).hexdigest()[:10]


# --- stores as JSON (sidecars and undo records name the store they belong to) ----------


def store_to_json(store: Store) -> dict[str, Any]:
    return {
        "browser": store.browser,
        "family": store.family,
        "profile": store.profile,
        "store": str(store.path),
        "profile_dir": str(store.profile_dir),
        "user_data_dir": str(store.user_data_dir) if store.user_data_dir else None,
    }


def store_from_json(data: dict[str, Any]) -> Store:
    udd = data.get("user_data_dir")
    return Store(
        data["browser"],
        data["family"],
        data["profile"],
        Path(data["store"]),
        Path(data["profile_dir"]),
        Path(udd) if udd else None,
    )


# --- writing to a store -----------------------------------------------------------------


def ensure_writable(store: Store, *, force: bool = False) -> list[str]:
    """Refuse to touch a store its browser has open, or one that cannot be written.

    Firefox holds its cookies in memory and overwrites the file, so a running Firefox is
    never overridden; for Chromium `force` proceeds with a warning. Returns the warnings.
    """
    warnings = []
    if is_running(store):
        if store.family != "chromium" or not force:
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


class RawText(bytes):
    """A TEXT value that is not valid UTF-8, kept byte for byte."""


def decode_text(data: bytes) -> str | RawText:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return RawText(data)


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


# --- backups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    """One copy of a whole store, taken before cookie-tui changed it."""

    id: str
    time: datetime
    store: Store
    path: Path
    rows: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "backup",
            "id": self.id,
            "time": self.time.isoformat().replace("+00:00", "Z"),
            **store_to_json(self.store),
            "file": str(self.path),
            "rows": self.rows,
            "reason": self.reason,
        }


def cookie_table(store: Store) -> str:
    return "moz_cookies" if store.family == "firefox" else "cookies"


def create_backup(store: Store, reason: str, tag: str = "") -> Backup:
    """A consistent, standalone copy of the store (WAL content included), 0600.

    Any failure (read-only or full backup folder, locked store) raises a StoreError
    naming the file and leaves no partial backup behind.
    """
    when = datetime.now(timezone.utc)
    backup_id = "--".join(
        p
        for p in (when.strftime("%Y%m%dT%H%M%S.%fZ"), slug(store.browser), slug(store.profile), tag)
        if p
    )
    folder = backups_dir_checked()
    target = folder / f"{backup_id}.sqlite"
    part = folder / f".{backup_id}.part"
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
        src = sqlite3.connect(
            f"file:{quote(str(store.path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S
        )
        dst = sqlite3.connect(part)
        try:
            copy_database(src, dst, store.path)
            dst.execute("PRAGMA journal_mode = DELETE")  # standalone: no -wal needed to read it
            rows = int(dst.execute(f"SELECT count(*) FROM {cookie_table(store)}").fetchone()[0])
        finally:
            dst.close()
            src.close()
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
        backup = Backup(backup_id, when, store, target, rows, reason)
        sidecar = {k: v for k, v in backup.to_json().items() if k not in ("kind", "file")}
        write_private(folder / f"{backup_id}.json", json.dumps(sidecar, indent=1).encode())
    except (OSError, sqlite3.Error) as exc:
        for leftover in (part, target, folder / f"{backup_id}.json"):
            leftover.unlink(missing_ok=True)
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(
            target, f"cannot write the backup: {problem}", "nothing was changed"
        ) from None
    return backup


def backups_dir_checked() -> Path:
    try:
        return backups_dir()
    except OSError as exc:
        path = data_dir() / "backups"
        raise StoreError(
            path, f"cannot use the backup folder: {exc.strerror}", "nothing was changed"
        ) from None


def list_backups() -> list[Backup]:
    """Every backup with a readable sidecar, oldest first."""
    folder = backups_dir()
    out = []
    for sidecar in sorted(folder.glob("*.json")):
        try:
            data = json.loads(sidecar.read_text())
            out.append(
                Backup(
                    data["id"],
                    datetime.fromisoformat(data["time"].replace("Z", "+00:00")),
                    store_from_json(data),
                    sidecar.with_suffix(".sqlite"),
                    int(data["rows"]),
                    data.get("reason", ""),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return [b for b in out if b.path.exists()]


def find_backup(backup_id: str) -> Backup:
    for backup in list_backups():
        if backup.id == backup_id:
            return backup
    raise UsageError(f"no backup {backup_id!r}; `cookie-tui backups` lists them")


def prune_backups(store: Store, keep: int) -> None:
    """Keep the newest `keep` backups of this store; other stores' backups are untouched."""
    mine = [b for b in list_backups() if b.store.path == store.path]
    for old in mine[: max(0, len(mine) - keep)]:
        old.path.unlink(missing_ok=True)
        old.path.with_suffix(".json").unlink(missing_ok=True)


def put_back(backup_path: Path, store_path: Path) -> None:
    """Replace the store's whole content with a backup, through SQLite (WAL-safe, atomic)."""
    src = sqlite3.connect(f"file:{quote(str(backup_path))}?mode=ro", uri=True)
    dst = open_store(store_path)
    try:
        copy_database(src, dst, store_path)
        make_durable(dst)
    finally:
        dst.close()
        src.close()


def restore(
    backup_id: str, *, force: bool = False, keep_backups: int = 20
) -> tuple[Backup, Backup, list[str]]:
    """Put a whole backup back, after backing up the store as it is now.

    Returns (the backup restored, the backup of the current state, warnings).
    """
    backup = find_backup(backup_id)
    store = backup.store
    warnings = ensure_writable(store, force=force)
    try:
        check = sqlite3.connect(f"file:{quote(str(backup.path))}?mode=ro", uri=True)
        try:
            ok = integrity_ok(check)
        finally:
            check.close()
    except sqlite3.Error as exc:
        raise describe_sqlite_error(backup.path, exc) from None
    if not ok:
        raise StoreError(backup.path, "the backup is damaged (integrity check failed)")
    current = create_backup(store, f"before restoring {backup.id}")
    try:
        put_back(backup.path, store.path)
    except sqlite3.Error as exc:
        raise describe_sqlite_error(store.path, exc) from None
    prune_backups(store, keep_backups)
    return backup, current, warnings
