"""Deleting exactly the chosen cookies: atomically, verifiably and reversibly.

Per store: refuse while the browser runs, take the write lock, find every planned row by
the store's unique key (never by name alone) or change nothing, back the store up, write
the undo record, delete, check the count, commit, check integrity, checkpoint. Any failure
before the commit leaves the store as it was and removes the backup and record it made; a
failed integrity check puts the backup back. Once committed the deletion stands: a later
step that fails (the WAL checkpoint on a full disk, pruning) becomes a warning.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..errors import CookieTuiError, StoreError
from ..records import Deletable, Store
from ..stores.reader import family
from ..stores.sqlite_access import RawText, table_columns, text_param
from .backups import Backup, check_after_write, create_backup, prune_backups, utc_stamp
from .keep import KeepList
from .store_writing import (
    begin_immediate,
    cookie_table,
    ensure_writable,
    key_where,
    select_rows,
    writing,
)
from .undo import DEFAULT_KEEP, UndoRecord, prune_records, record_id

SESSION_ONLY = (
    "kept only in Firefox's session store, which cannot be changed safely on disk: "
    "it ends when the browser session ends"
)
SAFARI = "in Safari, whose store cookie-tui only reads"
PAUSE_POINTS = ("after-backup", "in-transaction", "before-commit", "after-commit")
"""Where `reached` is called inside a deletion, in order."""


def reached(point: str) -> None:
    """A named point inside a deletion (one of PAUSE_POINTS). Does nothing; fault tests
    replace it in a child process to stop there and kill it."""


@dataclass(frozen=True)
class StorePlan:
    """What one store will lose."""

    store: Store
    cookies: list[Deletable] = field(default_factory=list)


@dataclass(frozen=True)
class DeletionPlan:
    stores: list[StorePlan]
    skipped: list[tuple[Deletable, str]]
    """Cookies that cannot be deleted, with the reason in words."""

    @property
    def count(self) -> int:
        return sum(len(p.cookies) for p in self.stores)

    @property
    def cookies(self) -> list[Deletable]:
        return [c for p in self.stores for c in p.cookies]


@dataclass(frozen=True)
class StoreOutcome:
    store: Store
    deleted: int
    backup: Backup
    record: UndoRecord


@dataclass(frozen=True)
class DeletionResult:
    operation: str
    outcomes: list[StoreOutcome]
    skipped: list[tuple[Deletable, str]]
    warnings: list[str]
    skipped_stores: list[tuple[Store, CookieTuiError]] = field(default_factory=list)
    """Stores left as they were (with `skip_unavailable`), and why."""

    @property
    def deleted(self) -> int:
        return sum(o.deleted for o in self.outcomes)


def plan_deletion(cookies: Iterable[Deletable], keep: KeepList | None = None) -> DeletionPlan:
    """Group the cookies per store (each once); set aside those that cannot be deleted
    and those the keep list keeps."""
    by_store: dict[Path, StorePlan] = {}
    skipped: list[tuple[Deletable, str]] = []
    seen = set()
    for cookie in cookies:
        if cookie.identity in seen:
            continue
        seen.add(cookie.identity)
        kept = keep.kept_by(cookie) if keep else None
        if kept is not None:
            skipped.append((cookie, f"kept by your keep list ({kept.describe()})"))
        elif cookie.in_session_store:
            skipped.append((cookie, SESSION_ONLY))
        elif not family(cookie.store).WRITABLE:
            skipped.append((cookie, SAFARI))
        else:
            by_store.setdefault(cookie.store.path, StorePlan(cookie.store)).cookies.append(cookie)
    return DeletionPlan(list(by_store.values()), skipped)


def preflight(plan: DeletionPlan, *, force: bool = False) -> list[str]:
    """Every store must be writable and its browser closed before any is touched."""
    warnings: list[str] = []
    for store_plan in plan.stores:
        warnings += ensure_writable(store_plan.store, force=force)
    return warnings


def execute(
    plan: DeletionPlan,
    *,
    force: bool = False,
    keep_backups: int | None = None,
    skip_unavailable: bool = False,
) -> DeletionResult:
    """Delete the planned cookies store by store (module doc). `keep_backups` is how many
    backups and undo records each store keeps; without it, `DEFAULT_KEEP` backups and
    every undo record that can still be undone.

    By default any store that cannot be written stops the deletion before anything is
    deleted. With `skip_unavailable` (a deletion across every store) such a store (its
    browser runs, it is locked, read-only or broken) is left as it is, with the reason in
    `skipped_stores`, and the others are cleaned."""
    operation = utc_stamp()
    outcomes: list[StoreOutcome] = []
    warnings: list[str] = []
    skipped_stores: list[tuple[Store, CookieTuiError]] = []
    if skip_unavailable:
        ready = []
        for store_plan in plan.stores:
            try:
                warnings += ensure_writable(store_plan.store, force=force)
                ready.append(store_plan)
            except CookieTuiError as exc:
                skipped_stores.append((store_plan.store, exc))
    else:
        warnings += preflight(plan, force=force)
        ready = plan.stores
    for index, store_plan in enumerate(ready):
        try:
            outcome, later = _delete_in_store(store_plan, operation, index)
        except StoreError as exc:
            if skip_unavailable:
                skipped_stores.append((store_plan.store, exc))
                continue
            if not outcomes:
                raise
            done = ", ".join(f"{o.deleted} from {o.store.label}" for o in outcomes)
            raise StoreError(
                exc.path,
                f"{exc.problem}; cookies already deleted: {done}",
                "`cookie-tui undo` puts those back",
            ) from None
        outcomes.append(outcome)
        warnings += later + _prune(store_plan.store, keep_backups)
    return DeletionResult(operation, outcomes, plan.skipped, warnings, skipped_stores)


def _prune(store: Store, keep: int | None) -> list[str]:
    try:
        prune_backups(store, keep or DEFAULT_KEEP)
        prune_records(store, keep)
    except OSError as exc:
        return [f"{store.label}: old backups could not be pruned ({exc.strerror or exc})"]
    return []


def _delete_in_store(plan: StorePlan, operation: str, index: int) -> tuple[StoreOutcome, list[str]]:
    store, path, table = plan.store, plan.store.path, cookie_table(plan.store)
    with writing(path) as con:
        columns = table_columns(con, table)
        keys = list(family(store).key_columns(columns))
        planned = [cookie.key for cookie in plan.cookies]  # once: a sighting makes it anew
        if any([k for k, _ in key] != keys for key in planned):
            raise StoreError(path, "the store's layout changed since it was read")
        values = [tuple(v for _, v in key) for key in planned]
        begin_immediate(con, path)
        rows = _planned_rows(con, plan, table, columns, keys, values)
        backup = create_backup(store, f"before deleting {len(plan.cookies)} cookies")
        record = UndoRecord(
            id=record_id(operation, index, store),
            operation=operation,
            time=datetime.now(UTC),
            store=store,
            table=table,
            columns=columns,
            key_columns=keys,
            rows=rows,
            backup_id=backup.id,
        )
        try:
            reached("after-backup")
            _save_pending(record)
            deleted = _delete_rows(con, table, keys, values)
            reached("in-transaction")
            if deleted != len(plan.cookies):
                raise StoreError(
                    path,
                    f"{deleted} rows matched where {len(plan.cookies)} were planned",
                    "rolled back, nothing was deleted",
                )
            reached("before-commit")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            record.discard()
            backup.remove()
            raise
        return StoreOutcome(store, deleted, backup, record), _after_commit(con, record, backup)


def _after_commit(con: sqlite3.Connection, record: UndoRecord, backup: Backup) -> list[str]:
    """The deletion is in the store: make the record say so, check, make it durable.
    Only a failed integrity check undoes it (by the backup); other failures warn."""
    warnings = []
    reached("after-commit")
    try:
        record.commit()
    except OSError as exc:
        warnings.append(
            f"{record.store.label}: the undo record could not be finished "
            f"({exc.strerror or exc}); the next cookie-tui command settles it"
        )
    try:
        return warnings + check_after_write(
            con, record.store, backup, "deleted", "`cookie-tui undo` can put the cookies back"
        )
    except StoreError:
        record.discard()
        raise


def _save_pending(record: UndoRecord) -> None:
    try:
        record.save(pending=True)
    except OSError as exc:
        raise StoreError(
            record.pending_path,
            f"cannot write the undo record: {exc.strerror or exc}",
            "nothing was deleted",
        ) from None


def _planned_rows(
    con: sqlite3.Connection,
    plan: StorePlan,
    table: str,
    columns: list[str],
    keys: list[str],
    values: list[tuple[Any, ...]],
) -> list[tuple[Any, ...]]:
    """Every planned row (`values`: each cookie's key values) as it is now, or a
    StoreError before anything was written."""
    current = _rows_by_key(con, table, columns, keys, values)
    rows = []
    for cookie, key in zip(plan.cookies, values, strict=True):
        row = current.get(key)
        if row is None:
            raise StoreError(
                plan.store.path,
                f"cookie `{cookie.name}` of {cookie.host} is no longer in the store",
                "it changed since it was read; nothing was deleted",
            )
        rows.append(row)
    return rows


def _delete_rows(
    con: sqlite3.Connection, table: str, keys: list[str], values: list[tuple[Any, ...]]
) -> int:
    """DELETE by exact key, one statement per placeholder shape (a key part that is
    non-UTF-8 text is bound as TEXT, see `key_where`)."""
    by_shape: dict[tuple[bool, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for key in values:
        by_shape[tuple(isinstance(v, RawText) for v in key)].append(key)
    deleted = 0
    for rows in by_shape.values():
        where = key_where(keys, rows[0])  # the same for every row of the shape
        deleted += con.executemany(f"DELETE FROM {table} WHERE {where}", rows).rowcount
    return deleted


def _rows_by_key(
    con: sqlite3.Connection,
    table: str,
    columns: list[str],
    keys: list[str],
    values: list[tuple[Any, ...]],
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The current rows of the cookies' hosts, by unique key: one indexed query instead of
    one per cookie (10,000 of them for a large category)."""
    host = "host_key" if "host_key" in keys else "host"
    at = keys.index(host)
    hosts = {key[at] for key in values}
    named = sorted((h for h in hosts if h is not None), key=repr)
    queries = [
        (f'"{host}" IN ({", ".join(text_param(h) for h in chunk)})', chunk)
        for chunk in (named[i : i + 500] for i in range(0, len(named), 500))
    ]  # SQLite caps the number of parameters
    if None in hosts:
        queries.append((f'"{host}" IS NULL', []))  # a damaged row, still deletable
    key_of = itemgetter(*[columns.index(k) for k in keys])
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for where, args in queries:
        for row in select_rows(con, table, columns, where, args):
            key = key_of(row)
            found[key if len(keys) > 1 else (key,)] = row
    return found
