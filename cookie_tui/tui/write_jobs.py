"""Deleting, filing a cookie under a category, undoing and exporting: the app's writes,
run from thread workers.

One `WriteJobs` lives as long as the app window, so `u` undoes this window's own
deletions and rules whichever screen made them, newest first, one at a time.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..humanize import plural
from ..paths import exports_dir
from ..policy.catalog import display_path
from ..policy.classify import Classified
from ..records import Cookie
from .messages import DeletionFinished, Exported, RuleAdded

if TYPE_CHECKING:
    from ..changes.deletion import DeletionPlan, DeletionResult
    from ..policy.authoring import RuleWrite

# The writing code (deletion, undo, export, policy authoring, and PyYAML, which the keep
# list and policies are read with) is imported by the job that uses it: a launch writes
# nothing, and importing it was ~30 ms of every launch.

CHANGES = "changes"
"""Worker group of deletions, rules and undos: the app waits for it before quitting."""


@dataclass(frozen=True)
class Deletion:
    """A deletion made in this window, and how the user would name it."""

    result: DeletionResult
    what: str


class WriteJobs:
    """The window's deletions, rules and undos, run one at a time (a lock), newest undone
    first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: list[Deletion | RuleWrite] = []
        self._undone = 0

    @property
    def busy(self) -> bool:
        """A deletion or an undo is running: the next one waits for it."""
        return self._lock.locked()

    @property
    def undoable(self) -> int:
        return len(self._done)

    def nothing_to_undo(self) -> str | None:
        """What `u` says when this window has no deletion left to undo, else None."""
        if self._done:
            return None
        if self._undone:
            return "Nothing left to undo."
        return (
            "Nothing to undo: no deletion or rule was made in this window. "
            "The command ‘cookie-tui undo’ puts back earlier deletions."
        )

    def delete(
        self, cookies: list[Cookie], what: str, *, despite_keep: bool = False
    ) -> DeletionFinished:
        """Delete the cookies but those the keep list keeps (all of them with
        `despite_keep`: the user confirmed deleting a kept cookie by name). A keep list
        that cannot be read deletes nothing (`KeepListError`), even then. A deletion that
        removed nothing is not recorded for `u`."""
        from ..changes.deletion import execute, plan_deletion
        from ..changes.keep import load_keep_list

        keep = load_keep_list()
        with self._lock:
            result = execute(plan_deletion(cookies, None if despite_keep else keep))
            if result.deleted:
                self._done.append(Deletion(result, what))
        kept = [cookie for cookie, _why in result.skipped if keep.kept_by(cookie)]
        reasons = Counter(why for cookie, why in result.skipped if not keep.kept_by(cookie))
        warnings = list(result.warnings)
        warnings += [f"{plural(n, 'cookie')} not deleted: {why}" for why, n in reasons.items()]
        stayed = f" {plural(len(kept), 'cookie')} stayed, kept by your keep list." if kept else ""
        if not result.deleted:
            return DeletionFinished(f"Nothing was deleted.{stayed}", warnings=warnings)
        summary = f"Deleted {plural(result.deleted, 'cookie')} ({what}).{stayed} Press u to undo."
        return DeletionFinished(summary, undoable=True, warnings=warnings)

    def delete_planned(self, plan: DeletionPlan, what: str, skipped: list[str]) -> DeletionFinished:
        """A deletion across stores, planned with the keep list and without the stores
        that could not be written (`skipped`, said again): a store that fails now is
        skipped and said too, the others are cleaned; one `u` undoes it all."""
        from ..changes.deletion import execute

        with self._lock:
            result = execute(plan, skip_unavailable=True)
            if result.deleted:
                self._done.append(Deletion(result, what))
        warnings = skipped + [f"Skipped {s.label}: {why}" for s, why in result.skipped_stores]
        warnings += result.warnings
        if not result.deleted:
            return DeletionFinished("Nothing was deleted.", warnings=warnings)
        stores = plural(len(result.outcomes), "store")
        summary = f"Deleted {plural(result.deleted, 'cookie')} ({what}) from {stores}."
        return DeletionFinished(summary + " Press u to undo.", undoable=True, warnings=warnings)

    def file_under(
        self, cookie: Cookie, site: str, category_id: str, pattern: str, domain: str
    ) -> RuleAdded:
        """Write the rule into the user's policy for `site` (`PolicyError`, nothing
        written, when it would make the policy invalid)."""
        from ..policy.authoring import add_rule

        with self._lock:
            written = add_rule(site, category_id, pattern, domain=domain)
            self._done.append(written)
        where = display_path(written.path)
        said = f"Filed {pattern} under {category_id}, in {where}. Press u to take it back out."
        return RuleAdded(said, cookie.identity)

    def undo(self) -> DeletionFinished:
        """Put back the newest deletion of this window, or take its newest rule back out,
        and only that one. A rule the user has edited since is left (`PolicyError`)."""
        with self._lock:
            empty = self.nothing_to_undo()
            if empty:
                return DeletionFinished(empty, nothing=True)
            deletion = self._done[-1]
            if not isinstance(deletion, Deletion):  # a rule written
                from ..policy.authoring import remove_rule

                self._done.pop()  # even when refused: the error says to edit it by hand
                self._undone += 1
                remove_rule(deletion)
                where = display_path(deletion.path)
                return DeletionFinished(f"Took the rule {deletion.pattern} back out of {where}.")
            from ..changes.undo import undo_operation

            result = undo_operation(deletion.result.operation)
            self._done.pop()
            self._undone += 1
        deleted = deletion.result.deleted
        back = result.restored + result.already_present
        count = plural(deleted, "cookie") if back == deleted else f"{back:,} of {deleted:,}"
        warnings = list(result.warnings)
        if result.skipped:
            warnings.append(
                f"{plural(len(result.skipped), 'cookie')} not put back: the browser set them "
                f"again since, and the newer ones are kept ({'; '.join(result.skipped)})"
            )
        return DeletionFinished(f"Put back {count} ({deletion.what}).", warnings=warnings)


def file_part(text: str) -> str:
    """`text` made safe inside a file name: letters, digits, `.`, `_` and `-` only, never
    `..` or a leading dot. A tampered store can name a host `../../tmp/x`."""
    part = re.sub(r"[^A-Za-z0-9._-]+", "_", text)
    part = re.sub(r"\.{2,}", "_", part).strip("._-")
    return part[:60] or "cookies"


def export(
    site: str, what: str, items: list[Classified], netscape: bool, now: datetime
) -> Exported:
    """The cookies with their values, as `show --json` JSON or Netscape cookies.txt, in a
    0600 file of the exports folder named after the site and `what` (always inside it)."""
    from ..export import to_json, to_netscape, write_export

    folder = exports_dir()
    name = f"{file_part(site)}-{file_part(what)}-{now:%Y%m%d-%H%M%S}"
    path = folder / f"{name}.{'txt' if netscape else 'json'}"
    if path.resolve().parent != folder.resolve():
        raise StoreError(path, "refused: the export would be written outside the exports folder")
    left_out = 0
    if netscape:
        text, skipped = to_netscape([item.cookie for item in items])
        left_out = len(skipped)
    else:
        text = to_json(items, site)
    write_export(path, text)
    return Exported(path, len(items) - left_out, left_out)
