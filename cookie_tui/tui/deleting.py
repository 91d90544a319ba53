"""Deleting, undoing and exporting from a worker: one call into the core, one message back."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from ..changes.deletion import DeletionResult, execute, plan_deletion
from ..changes.undo import last_operation, undo_last
from ..errors import UsageError
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
    """Put back what `deletion` removed, and only that.

    The core undoes the newest recorded deletion; if another cookie-tui (or the CLI)
    deleted since, that one is newer and this app must not undo it behind the user's back.
    """
    newest = last_operation()[0].operation
    if newest != deletion.operation:
        raise UsageError(
            "undo refused: a newer deletion was made outside this window; "
            "use `cookie-tui undo` to undo that one first"
        )
    result = undo_last()
    return DeletionFinished(
        f"Restored {result.restored} cookie(s).", warnings=list(result.warnings)
    )


def export(site: str, group: CategoryGroup, now: datetime) -> Exported:
    """The category as `show --json` JSON with values, in a 0600 file."""
    path = exports_dir() / f"{site}-{group.id}-{now:%Y%m%d-%H%M%S}.json"
    write_export(path, to_json(list(group.cookies), site))
    return Exported(path, len(group.cookies))
