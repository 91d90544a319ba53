"""Deleting and undoing from a worker: one call into the core, one message back.

`cookie_tui.deletion` is still being written; importing it on first use keeps the rest
of the app working until it lands (a deletion then fails with a notice, nothing else).
"""

from __future__ import annotations

from ..records import Cookie
from .messages import DeletionFinished


def delete(cookies: list[Cookie]) -> DeletionFinished:
    """Delete the cookies; the result is what `u` hands back to `undo`."""
    from ..deletion import execute, plan_deletion

    result = execute(plan_deletion(cookies))
    return DeletionFinished(f"Deleted {result.deleted} cookie(s).", undo=result)


def undo(record: object) -> DeletionFinished:
    from ..deletion import undo_last

    restored = undo_last()
    return DeletionFinished(f"Restored {restored} cookie(s).")
