"""Backups of whole stores, taken before cookie-tui changes one, and putting them back.

A consistent copy of the store is made with SQLite's backup API (so rows still in a `-wal`
file are included) into `backups_dir()` (0700): a `.sqlite` copy (0600) with a `.json`
sidecar naming the store it came from. They hold cookie values, so nobody else may read them.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import StoreError, UsageError
from ..paths import backups_dir, data_dir
from ..private_files import write_private
from ..records import Store
from ..stores.sqlite_access import BUSY_TIMEOUT_S, describe_sqlite_error
from .store_writing import (
    cookie_table,
    copy_database,
    ensure_writable,
    integrity_ok,
    make_durable,
    open_store,
)


def utc_stamp() -> str:
    """Sortable UTC time with microseconds, safe in file names."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "profile"


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

    def remove(self) -> None:
        """Taken for a deletion that did not happen: nothing to restore from."""
        self.path.unlink(missing_ok=True)
        self.path.with_suffix(".json").unlink(missing_ok=True)

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


def create_backup(store: Store, reason: str, tag: str = "") -> Backup:
    """A consistent, standalone copy of the store (WAL content included), 0600.

    Any failure (read-only or full backup folder, locked store) raises a StoreError
    naming the file and leaves no partial backup behind.
    """
    when = datetime.now(UTC)
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


def check_after_write(
    con: sqlite3.Connection, store: Store, backup: Backup, done: str, hint: str
) -> list[str]:
    """After our own committed write: SQLite's quick_check must pass, else the backup goes
    back and StoreError says so; then the WAL is folded into the store, and a failure there
    (a full disk) is a warning: the write stands. `done` says what was written ("deleted"),
    `hint` what the user can do about it."""
    if not integrity_ok(con, quick=True):
        put_back(backup.path, store.path)
        raise StoreError(
            store.path, f"the integrity check failed once {done}", f"backup {backup.id} is back"
        )
    try:
        make_durable(con)
    except (sqlite3.Error, OSError) as exc:
        return [f"{store.label}: {done}, but folding the WAL into the store failed ({exc}); {hint}"]
    return []


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


DEFAULT_KEEP_BACKUPS = 20


def restore(
    backup_id: str, *, force: bool = False, keep_backups: int | None = None
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
    prune_backups(store, keep_backups or DEFAULT_KEEP_BACKUPS)
    return backup, current, warnings
