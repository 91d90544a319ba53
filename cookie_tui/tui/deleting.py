"""Deleting and undoing from a worker: one call into the core, one message back."""

from __future__ import annotations

from collections import Counter

from ..deletion import DeletionResult, execute, plan_deletion
from ..records import Cookie
from ..undo import undo_last
from .messages import DeletionFinished


def delete(cookies: list[Cookie]) -> DeletionFinished:
    """Delete the cookies; the result is what `u` hands back to `undo`."""
    result = execute(plan_deletion(cookies))
    warnings = list(result.warnings)
    reasons = Counter(reason for _cookie, reason in result.skipped)
    warnings += [f"{n} cookie(s) not deleted: {reason}" for reason, n in reasons.items()]
    return DeletionFinished(f"Deleted {result.deleted} cookie(s).", undo=result, warnings=warnings)


def undo(deletion: DeletionResult) -> DeletionFinished:
    """Undo the last deletion recorded on disk (the one `deletion` made)."""
    result = undo_last()
    return DeletionFinished(
        f"Restored {result.restored} cookie(s).", warnings=list(result.warnings)
    )
