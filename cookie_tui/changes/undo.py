"""Undo records: the exact rows a deletion removed, so `undo` can put back just those.

A record is written (0600, in `undo_dir()`) inside the deletion's write lock, before any
row is removed, under a *pending* name; it takes its final name only once the deletion
has committed. A pending record that a killed deletion left behind is settled the next
time records are listed: if its rows are gone from the store the deletion did commit and
the record is kept, otherwise it never happened and the record is dropped. So no record
claims a deletion that did not happen, and none that did is lost.

A record holds every column of every row as SQLite values (blobs and non-UTF-8 text
base64-encoded). Putting rows back instead of a whole backup keeps the cookies a site set
since. A row whose cookie the browser has set again (same host, name, path and partition:
the identity the browser itself dedupes by when it loads the store) is skipped and named,
the newer cookie kept, so one conflict never blocks the rest or older deletions. One
deletion across several stores is one *operation* with one record per store.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError, UsageError
from ..paths import undo_dir
from ..private_files import write_private
from ..records import Store
from ..stores.reader import family
from ..stores.sqlite_access import RawText, read_store, text_param
from .backups import (
    DEFAULT_KEEP_BACKUPS,
    check_after_write,
    create_backup,
    slug,
    store_from_json,
    store_to_json,
)
from .store_writing import begin_immediate, ensure_writable, key_where, select_rows, writing

PENDING = ".pending"
DEFAULT_KEEP = DEFAULT_KEEP_BACKUPS
"""Records kept per store when the user names no number; undoable ones are never pruned."""

# Columns that tell when a row was written, newest evidence first.
TIME_COLUMNS = ("last_update_utc", "updateTime", "creation_utc", "creationTime", "lastAccessed")


def store_tag(store: Store) -> str:
    """A short, file-name-safe tag of the store's path: finding one store's records by
    name spares reading every record (each holds thousands of rows)."""
    return hashlib.sha256(str(store.path).encode()).hexdigest()[:10]


def record_id(operation: str, index: int, store: Store) -> str:
    """`<operation>--<n>--<browser>--<profile>--<store tag>`: sortable by time."""
    return f"{operation}--{index}--{slug(store.browser)}--{slug(store.profile)}--{store_tag(store)}"


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


def identity_columns(store: Store) -> tuple[str, ...]:
    return family(store).IDENTITY_COLUMNS


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
    skipped: list[str] = field(default_factory=list)
    """Rows the undo left out because the browser had set their cookie again."""

    @property
    def path(self) -> Path:
        return undo_dir() / f"{self.id}.json"

    @property
    def pending_path(self) -> Path:
        return undo_dir() / f"{self.id}{PENDING}"

    def value(self, row: tuple[Any, ...], column: str) -> Any:
        return row[self.columns.index(column)]

    def describe(self, row: tuple[Any, ...]) -> str:
        get = dict(zip(self.columns, row, strict=True)).get
        host = get("host_key", get("host"))
        return f"`{_text(get('name'))}` of {_text(host)}{_text(get('path'))} in {self.store.label}"

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
            "skipped": self.skipped,
        }

    def save(self, *, pending: bool = False) -> None:
        # Only blobs and raw text need encoding: json calls `default` for those alone, where
        # a Python call per value cost a tenth of deleting 10,000 cookies.
        data = json.dumps(self.to_json(), default=encode_value).encode()
        write_private(self.pending_path if pending else self.path, data)

    def commit(self) -> None:
        """The deletion committed: the record now says so."""
        os.replace(self.pending_path, self.path)

    def discard(self) -> None:
        self.pending_path.unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)


def _text(value: Any) -> str:
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)


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
        skipped=list(data.get("skipped") or []),
    )


def _read(path: Path) -> UndoRecord | None:
    try:
        return record_from_json(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _settle(pending: Path) -> None:
    """A deletion was killed between writing its record and renaming it: the store says
    whether it committed. An unreadable store leaves the question for a later run."""
    record = _read(pending)
    if record is None:
        pending.unlink(missing_ok=True)
        return
    try:
        with read_store(record.store.path) as con:
            present = _rows_present(con, record)
    except StoreError:
        return
    if present:
        pending.unlink(missing_ok=True)  # never committed: nothing was deleted
    else:
        os.replace(pending, record.path)


def _rows_present(con: sqlite3.Connection, record: UndoRecord) -> bool:
    """True when the record's rows are still in the store, exactly (one transaction
    removes all of them or none, so the first row answers for all)."""
    row = record.rows[0]
    key = [record.value(row, c) for c in record.key_columns]
    found = select_rows(con, record.table, record.columns, key_where(record.key_columns, key), key)
    return row in found


def list_records() -> list[UndoRecord]:
    """Every readable undo record, oldest first (pending ones settled first)."""
    folder = undo_dir()
    for pending in sorted(folder.glob(f"*{PENDING}")):
        _settle(pending)
    return [r for p in sorted(folder.glob("*.json")) if (r := _read(p)) is not None]


def _same_store(record: UndoRecord, stores: list[Store]) -> bool:
    wanted = {_resolved(s.path) for s in stores}
    return _resolved(record.store.path) in wanted


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def undoable(stores: list[Store] | None = None) -> list[list[UndoRecord]]:
    """Deletions that can still be undone, oldest first, each as its records (one per
    store); with `stores`, only their records."""
    operations: dict[str, list[UndoRecord]] = {}
    for record in list_records():
        if record.undone is None and (stores is None or _same_store(record, stores)):
            operations.setdefault(record.operation, []).append(record)
    return list(operations.values())


def prune_records(store: Store, keep: int | None) -> None:
    """Keep this store's newest `keep` records; without a number, the newest
    `DEFAULT_KEEP` and every one that can still be undone."""
    mine = sorted(undo_dir().glob(f"*--{store_tag(store)}.json"))
    for old in mine[: max(0, len(mine) - (keep or DEFAULT_KEEP))]:
        if keep is None and _still_undoable(old):
            continue
        old.unlink(missing_ok=True)


def _still_undoable(path: Path) -> bool:
    """Whether a readable record has not been undone. Only its `undone` field is looked at:
    rebuilding every row of every older record was most of a deletion once a store had
    a few dozen of them (each deletion checks them all)."""
    try:
        data = json.loads(path.read_bytes())
        return isinstance(data, dict) and "rows" in data and data.get("undone") is None
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class UndoResult:
    operation: str
    records: list[UndoRecord]
    restored: int
    """Rows put back."""
    already_present: int
    """Rows that were there, identical (the deletion never committed, or was undone)."""
    skipped: list[str]
    """Rows left out because the browser set their cookie again since; the newer is kept."""
    warnings: list[str]


def undo_last(*, stores: list[Store] | None = None, force: bool = False) -> UndoResult:
    """Put back the newest deletion that can still be undone (in `stores` only, if given)."""
    operations = undoable(stores)
    if not operations:
        where = " in these stores" if stores is not None else ""
        raise UsageError(f"nothing to undo{where}: no deletion by cookie-tui is left to undo")
    return _undo(operations[-1], force=force)


def undo_operation(operation: str, *, force: bool = False) -> UndoResult:
    """Put back one particular deletion (the app undoes its own, whatever came since)."""
    for records in undoable():
        if records[0].operation == operation:
            return _undo(records, force=force)
    raise UsageError(f"deletion {operation} is not undoable: it was undone already or pruned")


def _undo(records: list[UndoRecord], *, force: bool) -> UndoResult:
    """Each store's rows go back in one transaction after a backup, then an integrity
    check; conflicting rows are skipped (module doc)."""
    warnings: list[str] = []
    for record in records:
        warnings += ensure_writable(record.store, force=force)
    restored = same = 0
    skipped: list[str] = []
    for record in records:
        path = record.store.path
        with writing(path) as con:
            begin_immediate(con, path)
            missing, present, conflicts = _plan_store(con, record)
            same += present
            if missing:
                backup = create_backup(record.store, f"before undoing {record.id}")
                for row in missing:
                    _insert(con, record, row)
            con.execute("COMMIT")
            if missing:
                warnings += check_after_write(
                    con, record.store, backup, "put back", "the cookies are back"
                )
            restored += len(missing)
        skipped += conflicts
        now = datetime.now(UTC).isoformat()
        replace(record, undone=now, skipped=conflicts).save()
    return UndoResult(records[0].operation, records, restored, same, skipped, warnings)


def _plan_store(
    con: sqlite3.Connection, record: UndoRecord
) -> tuple[list[tuple[Any, ...]], int, list[str]]:
    """The rows to insert, how many are there already, and the ones the browser has
    replaced (described, with when each was written)."""
    identity = [c for c in identity_columns(record.store) if c in record.columns]
    missing, conflicts, same = [], [], 0
    for row in record.rows:
        values = [record.value(row, c) for c in identity]
        found = select_rows(con, record.table, record.columns, key_where(identity, values), values)
        if not found:
            missing.append(row)
        elif row in found:
            same += 1
        else:
            conflicts.append(
                f"{record.describe(row)}: set again since the deletion"
                f"{_newer(record.columns, found[0], row)}; the newer cookie is kept"
            )
    return missing, same, conflicts


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
    marks = ", ".join(text_param(v) for v in values)
    con.execute(f"INSERT INTO {record.table} ({cols}) VALUES ({marks})", values)
