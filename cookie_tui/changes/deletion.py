"""Deleting exactly the chosen cookies: atomically, verifiably and reversibly.

Per store: refuse while the browser runs, take the write lock, back the store up,
record the exact rows (the undo record), delete each row by the store's unique key
(never by name alone), check the count, commit, check integrity, checkpoint. Any
failure before the commit leaves the store as it was; a failed integrity check puts
the backup back.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records import Cookie, Store
from ..stores import chromium, firefox
from ..stores.sqlite_access import table_columns
from .backups import (
    Backup,
    begin_immediate,
    cookie_table,
    create_backup,
    ensure_writable,
    integrity_ok,
    make_durable,
    prune_backups,
    put_back,
    slug,
    store_tag,
    utc_stamp,
    writing,
)
from .undo import UndoRecord, key_where, prune_records, select_rows

SESSION_ONLY = (
    "kept only in Firefox's session store, which cannot be changed safely on disk: "
    "it ends when the browser session ends"
)
SAFARI = "in Safari, whose store cookie-tui only reads"

PAUSE_ENV = "COOKIE_TUI_TEST_PAUSE_AT"
"""TEST-ONLY hook: `after-backup`, `in-transaction` or `before-commit` makes a deletion
write `$COOKIE_TUI_TEST_PAUSE_MARKER` and sleep there, so a fault test can SIGKILL it at
that point. Never set it in normal use."""
PAUSE_POINTS = ("after-backup", "in-transaction", "before-commit")


@dataclass(frozen=True)
class StorePlan:
    """What one store will lose."""

    store: Store
    cookies: list[Cookie] = field(default_factory=list)


@dataclass(frozen=True)
class DeletionPlan:
    stores: list[StorePlan]
    skipped: list[tuple[Cookie, str]]
    """Cookies that cannot be deleted, with the reason in words."""

    @property
    def count(self) -> int:
        return sum(len(p.cookies) for p in self.stores)


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
    skipped: list[tuple[Cookie, str]]
    warnings: list[str]

    @property
    def deleted(self) -> int:
        return sum(o.deleted for o in self.outcomes)


def plan_deletion(cookies: Iterable[Cookie]) -> DeletionPlan:
    """Group the cookies per store (each once); set aside those that cannot be deleted."""
    by_store: dict[Path, StorePlan] = {}
    skipped: list[tuple[Cookie, str]] = []
    seen = set()
    for cookie in cookies:
        if cookie.identity in seen:
            continue
        seen.add(cookie.identity)
        if cookie.in_session_store:
            skipped.append((cookie, SESSION_ONLY))
        elif cookie.store.family == "safari":
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


def execute(plan: DeletionPlan, *, force: bool = False, keep_backups: int = 20) -> DeletionResult:
    """Delete the planned cookies store by store; see the module doc for the steps."""
    warnings = preflight(plan, force=force)
    operation = utc_stamp()
    outcomes: list[StoreOutcome] = []
    for index, store_plan in enumerate(plan.stores):
        try:
            outcomes.append(_delete_in_store(store_plan, operation, index))
        except StoreError as exc:
            if not outcomes:
                raise
            done = ", ".join(f"{o.deleted} from {o.store.label}" for o in outcomes)
            raise StoreError(
                exc.path,
                f"{exc.problem}; cookies already deleted: {done}",
                "`cookie-tui undo` puts those back",
            ) from None
        prune_backups(store_plan.store, keep_backups)
        prune_records(store_plan.store, keep_backups)
    return DeletionResult(operation, outcomes, plan.skipped, warnings)


def _key_columns(store: Store, columns: list[str]) -> list[str]:
    if store.family == "firefox":
        return [c for c in firefox.KEY_COLUMNS if c in columns]
    return list(chromium.key_columns(columns))


def _delete_in_store(plan: StorePlan, operation: str, index: int) -> StoreOutcome:
    store, path, table = plan.store, plan.store.path, cookie_table(plan.store)
    with writing(path) as con:
        columns = table_columns(con, table)
        keys = _key_columns(store, columns)
        for cookie in plan.cookies:
            if [k for k, _ in cookie.key] != keys:
                raise StoreError(path, "the store's layout changed since it was read")
        begin_immediate(con, path)
        backup = create_backup(store, f"before deleting {len(plan.cookies)} cookies")
        _pause("after-backup")
        current = _rows_by_key(con, table, columns, keys, plan.cookies)
        rows = []
        for cookie in plan.cookies:
            row = current.get(tuple(v for _, v in cookie.key))
            if row is None:
                raise StoreError(
                    path,
                    f"cookie `{cookie.name}` of {cookie.host} is no longer in the store",
                    "it changed since it was read; nothing was deleted",
                )
            rows.append(row)
        record = UndoRecord(
            id=(
                f"{operation}--{index}--{slug(store.browser)}--{slug(store.profile)}"
                f"--{store_tag(store)}"
            ),
            operation=operation,
            time=datetime.now(timezone.utc),
            store=store,
            table=table,
            columns=columns,
            key_columns=keys,
            rows=rows,
            backup_id=backup.id,
        )
        try:
            record.save()
        except OSError as exc:
            raise StoreError(
                record.path, f"cannot write the undo record: {exc.strerror}", "nothing was deleted"
            ) from None
        try:
            cur = con.executemany(
                f"DELETE FROM {table} WHERE {key_where(keys)}",
                ([v for _, v in cookie.key] for cookie in plan.cookies),
            )
            deleted = cur.rowcount
            _pause("in-transaction")
            if deleted != len(plan.cookies):
                raise StoreError(
                    path,
                    f"{deleted} rows matched where {len(plan.cookies)} were planned",
                    "rolled back, nothing was deleted",
                )
            _pause("before-commit")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            record.path.unlink(missing_ok=True)
            raise
        if not integrity_ok(con, quick=True):
            put_back(backup.path, path)
            record.path.unlink(missing_ok=True)
            raise StoreError(
                path, "the integrity check failed after deleting", f"backup {backup.id} is back"
            )
        make_durable(con)
    return StoreOutcome(store, deleted, backup, record)


def _rows_by_key(
    con: sqlite3.Connection,
    table: str,
    columns: list[str],
    keys: list[str],
    cookies: list[Cookie],
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The current rows of the cookies' hosts, by unique key: one indexed query instead of
    one per cookie (10,000 of them for a large category)."""
    host = "host_key" if "host_key" in keys else "host"
    hosts = sorted({dict(c.key)[host] for c in cookies})
    positions = [columns.index(k) for k in keys]
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for start in range(0, len(hosts), 500):  # SQLite caps the number of parameters
        chunk = hosts[start : start + 500]
        where = f'"{host}" IN ({", ".join("?" * len(chunk))})'
        for row in select_rows(con, table, columns, where, chunk):
            found[tuple(row[i] for i in positions)] = row
    return found


def _pause(point: str) -> None:
    """TEST-ONLY: see PAUSE_ENV."""
    if os.environ.get(PAUSE_ENV) != point:
        return
    marker = os.environ.get("COOKIE_TUI_TEST_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(point)
    time.sleep(float(os.environ.get("COOKIE_TUI_TEST_PAUSE_SECONDS", "60")))
