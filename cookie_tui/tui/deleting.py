"""Deleting, undoing and exporting from a worker: one call into the core, one message back."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from ..changes.deletion import DeletionResult, execute, plan_deletion
from ..changes.undo import undo_operation
from ..export import to_json, write_export
from ..paths import exports_dir
from ..policy.classify import CategoryGroup
from ..records import Cookie
from .messages import DeletionFinished, Exported


def delete(cookies: list[Cookie]) -> DeletionFinished:
    """Delete the cookies; the result is what `u` hands back to `undo`."""
    result = execute(plan_deletion(cookies))
    warnings = list(result.warnings)
    reasons = Counter(reason for _cookie, reason in result.skipped)
    warnings += [f"{n} cookie(s) not deleted: {reason}" for reason, n in reasons.items()]
    return DeletionFinished(f"Deleted {result.deleted} cookie(s).", undo=result, warnings=warnings)


def undo(deletion: DeletionResult) -> DeletionFinished:
    """Put back what `deletion` removed, and only that, whatever was deleted since."""
    result = undo_operation(deletion.operation)
    warnings = [*result.warnings, *result.skipped]
    return DeletionFinished(f"Restored {result.restored} cookie(s).", warnings=warnings)


def export(site: str, group: CategoryGroup, now: datetime) -> Exported:
    """The category as `show --json` JSON with values, in a 0600 file."""
    path = exports_dir() / f"{site}-{group.id}-{now:%Y%m%d-%H%M%S}.json"
    write_export(path, to_json(list(group.cookies), site))
    return Exported(path, len(group.cookies))
