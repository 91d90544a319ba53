"""Deleting a class or category from every site of every store shown: what goes, what the
keep list keeps, and which stores will be skipped and why, worked out before asking.

Run from a thread worker: it reads every store again (the confirmation counts what is in
the stores now, not what the census saw), reads the keep list (unreadable: nothing is
deleted) and checks each store as the deletion will (`ensure_writable`).

A running browser's store is skipped, never forced: forcing a running Chromium would
report cookies deleted that it writes back when it exits, so the summary of a deletion
across every store would not be true. The other stores are cleaned; once the browser is
closed, the same key takes what is left. `cookie-tui delete --all-sites --force` remains
for whoever accepts that risk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import BrowserRunningError, CookieTuiError
from ..every_site import groups_everywhere, home_site
from ..humanize import plural
from ..records import Deletable, Store
from ..stores.reader import family
from .census import CategoryKey

if TYPE_CHECKING:
    from ..changes.deletion import DeletionPlan

FALLBACK_BREAKS = "the sites may stop working as expected"


@dataclass(frozen=True)
class StoreLine:
    """What one store loses: cookies and sites."""

    store: Store
    cookies: int
    sites: int

    def text(self) -> str:
        return (
            f"{self.store.label}: {plural(self.cookies, 'cookie')} on {plural(self.sites, 'site')}"
        )


@dataclass(frozen=True)
class Skipped:
    """A store left as it is, with what it would have lost and why not."""

    line: StoreLine
    why: str


@dataclass(frozen=True)
class Everywhere:
    """A deletion across every site and store, planned and explained."""

    title: str
    """The class or category, as the categories screen names it."""
    sites: int
    plan: DeletionPlan
    """Only the stores that can be written now; the skipped ones are left out."""
    goes: list[StoreLine]
    skipped: list[Skipped]
    kept: Counter[str]
    """Cookies the keep list keeps, per entry as the user wrote it."""
    not_deletable: Counter[str] = field(default_factory=Counter)
    """Other cookies that cannot be deleted (a Firefox session cookie, Safari), per reason."""
    breaks: list[str] = field(default_factory=list)
    """What deleting breaks, for each necessary category among them (empty: none is)."""

    @property
    def count(self) -> int:
        return self.plan.count

    @property
    def what(self) -> str:
        """`Marketing on 210 sites`, for the summary and the undo."""
        return f"{self.title} on {plural(self.sites, 'site')}"

    def skipped_lines(self) -> list[str]:
        return [f"Skipped {s.line.text()}. {s.why}" for s in self.skipped]


def _line(store: Store, cookies: Sequence[Deletable]) -> StoreLine:
    return StoreLine(store, len(cookies), len({home_site(c) for c in cookies}))


def why_skipped(store: Store, error: CookieTuiError) -> str:
    """The store's reason in words, with what to do; a running browser's differs by what
    its family does with a store while it runs."""
    if isinstance(error, BrowserRunningError):
        if family(store).FORCE_WHILE_RUNNING:
            return (
                f"{store.browser} is running: it writes the cookies it holds back when it "
                f"exits, so a deletion now may not stick. Close {store.browser}, then delete "
                "again (the app never forces; ‘cookie-tui delete --all-sites --force’ can)."
            )
        return (
            f"{store.browser} is running and holds this store locked. "
            f"Close {store.browser}, then delete again."
        )
    return str(error)


def plan_everywhere(
    stores: list[Store], key: CategoryKey, title: str, sites: set[str] | None = None
) -> Everywhere:
    """The cookies of `key` on every site (or only `sites`) of `stores`, as they are now.

    Raises `KeepListError` when the keep list exists but cannot be read: then nothing may
    be deleted, so nothing is planned."""
    from ..changes.deletion import DeletionPlan, plan_deletion  # here: a launch deletes nothing
    from ..changes.keep import load_keep_list
    from ..changes.store_writing import ensure_writable

    keep = load_keep_list()
    found, _errors = groups_everywhere(stores, key.holds, sites)  # said by the census
    cookies = [cookie for on in found for cookie in on.cookies]
    plan = plan_deletion(cookies, keep)
    ready, skipped = [], []
    for store_plan in plan.stores:
        line = _line(store_plan.store, store_plan.cookies)
        try:
            ensure_writable(store_plan.store)
        except CookieTuiError as error:
            skipped.append(Skipped(line, why_skipped(store_plan.store, error)))
            continue
        ready.append(store_plan)
    kept: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for cookie, reason in plan.skipped:
        entry = keep.kept_by(cookie)
        if entry is not None:
            kept[entry.describe()] += 1
        else:
            other[reason] += 1
    breaks = {on.group.breaks or FALLBACK_BREAKS for on in found if on.group.necessary}
    return Everywhere(
        title=title,
        sites=len({on.site for on in found}),
        plan=DeletionPlan(ready, plan.skipped),
        goes=[_line(p.store, p.cookies) for p in ready],
        skipped=skipped,
        kept=kept,
        not_deletable=other,
        breaks=sorted(breaks),
    )
