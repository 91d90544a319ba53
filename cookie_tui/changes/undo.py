"""Undo records: the exact rows a deletion removed, so `undo` can put back just those.

A record is written (0600, in `data_dir()/undo/`) inside the deletion's write lock,
before any row is removed; it holds every column of every row as SQLite values (blobs
and non-UTF-8 text base64-encoded). Putting rows back instead of a whole backup keeps
the cookies a site set since. One deletion across several stores is one *operation*
with one record per store.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError, UsageError
from ..paths import undo_dir
from ..private_files import write_private
from ..records import Store
from .backups import (
    RawText,
    begin_immediate,
    create_backup,
    ensure_writable,
    integrity_ok,
    make_durable,
    put_back,
    store_from_json,
    store_tag,
    store_to_json,
    writing,
)

# Columns that tell when a row was written, newest evidence first.
TIME_COLUMNS = ("last_update_utc", "updateTime", "creation_utc", "creationTime", "lastAccessed")


def encode_value(value: Any) -> dict[str, str]:
    """JSON for the SQLite values JSON has no type for (`json.dumps(default=...)`)."""
    if isinstance(value, RawText):
        return {"text_b64": base64.b64encode(value).decode()}
    if isinstance(value, bytes):
        return {"blob_b64": base64.b64encode(value).decode()}
    raise TypeError(f"not a SQLite value: {type(value).__name__}")


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "text_b64" in value:
            return RawText(base64.b64decode(value["text_b64"]))
        return base64.b64decode(value["blob_b64"])
    return value


def placeholder(value: Any) -> str:
    """Non-UTF-8 text goes back in as TEXT with the same bytes, not as a BLOB."""
    return "CAST(? AS TEXT)" if isinstance(value, RawText) else "?"


def key_where(key_columns: list[str]) -> str:
    # `IS` rather than `=`, so a NULL key part still addresses exactly its row
    return " AND ".join(f'"{c}" IS ?' for c in key_columns)


def select_rows(
    con: sqlite3.Connection, table: str, columns: list[str], where: str, args: list[Any]
) -> list[tuple[Any, ...]]:
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f"SELECT {cols} FROM {table} WHERE {where}"
    return [tuple(r) for r in con.execute(sql, args)]


@dataclass(frozen=True)
class UndoRecord:
    """The rows one deletion removed from one store."""

    id: str
    operation: str
    time: datetime
    store: Store
    table: str
    columns: list[str]
    key_columns: list[str]
    rows: list[tuple[Any, ...]]
    backup_id: str
    undone: str | None = None
    """UTC time of the undo, None while the rows are still deleted."""

    @property
    def path(self) -> Path:
        return undo_dir() / f"{self.id}.json"

    def key_of(self, row: tuple[Any, ...]) -> list[Any]:
        return [row[self.columns.index(c)] for c in self.key_columns]

    def describe(self, row: tuple[Any, ...]) -> str:
        get = dict(zip(self.columns, row, strict=True)).get
        host = get("host_key", get("host"))
        return f"`{get('name')}` of {host}{get('path')} in {self.store.label}"

    def to_json(self) -> dict[str, Any]:
        """The record as saved; blob values still need `encode_value` (see `save`)."""
        return {
            "version": 1,
            "kind": "deletion",
            "id": self.id,
            "operation": self.operation,
            "time": self.time.isoformat().replace("+00:00", "Z"),
            **store_to_json(self.store),
            "table": self.table,
            "columns": self.columns,
            "key_columns": self.key_columns,
            "rows": self.rows,
            "backup": self.backup_id,
            "undone": self.undone,
        }

    def save(self) -> None:
        # Only blobs and raw text need encoding: json calls `default` for those alone, where
        # a Python call per value cost a tenth of deleting 10,000 cookies.
        write_private(self.path, json.dumps(self.to_json(), default=encode_value).encode())


def record_from_json(data: dict[str, Any]) -> UndoRecord:
    return UndoRecord(
        id=data["id"],
        operation=data["operation"],
        time=datetime.fromisoformat(data["time"].replace("Z", "+00:00")),
        store=store_from_json(data),
        table=data["table"],
        columns=list(data["columns"]),
        key_columns=list(data["key_columns"]),
        rows=[tuple(decode_value(v) for v in row) for row in data["rows"]],
        backup_id=data["backup"],
        undone=data.get("undone"),
    )


def list_records() -> list[UndoRecord]:
    """Every readable undo record, oldest first."""
    out = []
    for path in sorted(undo_dir().glob("*.json")):
        try:
            out.append(record_from_json(json.loads(path.read_text())))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return out


def prune_records(store: Store, keep: int) -> None:
    """Keep the newest `keep` records of this store, found by the store tag in their name."""
    mine = sorted(undo_dir().glob(f"*--{store_tag(store)}.json"))
    for old in mine[: max(0, len(mine) - keep)]:
        old.unlink(missing_ok=True)


@dataclass(frozen=True)
class UndoResult:
    operation: str
    records: list[UndoRecord]
    restored: int
    """Rows put back."""
    already_present: int
    """Rows that were there, identical (the deletion never committed, or was undone)."""
    warnings: list[str]


def last_operation() -> list[UndoRecord]:
    records = [r for r in list_records() if r.undone is None]
    if not records:
        raise UsageError("nothing to undo: no deletion by cookie-tui is recorded")
    newest = records[-1].operation
    return [r for r in records if r.operation == newest]


def _plan_store(con: sqlite3.Connection, record: UndoRecord) -> tuple[list[tuple[Any, ...]], int]:
    """The rows to insert; refuse if a row with the same key was written since."""
    missing, same = [], 0
    for row in record.rows:
        found = select_rows(
            con, record.table, record.columns, key_where(record.key_columns), record.key_of(row)
        )
        if not found:
            missing.append(row)
        elif found[0] == row:
            same += 1
        else:
            raise StoreError(
                record.store.path,
                f"undo refused: cookie {record.describe(row)} was set again since the deletion"
                f"{_newer(record.columns, found[0], row)}",
                "the newer cookie is kept; nothing was changed",
            )
    return missing, same


def _newer(columns: list[str], now: tuple[Any, ...], old: tuple[Any, ...]) -> str:
    for col in TIME_COLUMNS:
        if col in columns:
            i = columns.index(col)
            return f" ({col} {old[i]} then, {now[i]} now)"
    return ""


def _insert(con: sqlite3.Connection, record: UndoRecord, row: tuple[Any, ...]) -> None:
    columns, values = list(record.columns), list(row)
    if "id" in columns:  # Firefox rowid: let SQLite pick a new one if it was reused
        i = columns.index("id")
        if con.execute(f"SELECT 1 FROM {record.table} WHERE id = ?", [values[i]]).fetchone():
            del columns[i], values[i]
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(placeholder(v) for v in values)
    con.execute(f"INSERT INTO {record.table} ({cols}) VALUES ({marks})", values)


def undo_last(*, force: bool = False) -> UndoResult:
    """Put back exactly the rows of the last deletion, in every store it touched.

    Each store is checked for conflicts before any is written; each store's rows go
    back in one transaction after a backup, followed by an integrity check.
    """
    records = last_operation()
    warnings: list[str] = []
    for record in records:
        warnings += ensure_writable(record.store, force=force)
    for record in records:  # refuse before any store is written
        with writing(record.store.path) as con:
            _plan_store(con, record)
    restored = same = 0
    for record in records:
        path = record.store.path
        with writing(path) as con:
            begin_immediate(con, path)
            missing, present = _plan_store(con, record)
            same += present
            if missing:
                backup = create_backup(record.store, f"before undoing {record.id}")
                for row in missing:
                    _insert(con, record, row)
            con.execute("COMMIT")
            if missing and not integrity_ok(con, quick=True):
                put_back(backup.path, path)
                raise StoreError(path, "integrity check failed after undo; the backup is back")
            make_durable(con)
            restored += len(missing)
        replace(record, undone=datetime.now(timezone.utc).isoformat()).save()
    return UndoResult(records[0].operation, records, restored, same, warnings)
