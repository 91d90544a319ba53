"""The keep list as the app shows and edits it: a mark on kept sites and cookies, and `k`
adding or removing the entry for the highlighted one (`changes.keep` keeps the user's
comments and layout). Called from thread workers: every call reads the file.

A keep list that exists but cannot be read is not an empty one: the app says so with its
`file:line`, and every deletion is refused until it is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from glob import escape

from ..changes.keep import KeepEntry, KeepList, add_entry, load_keep_list, remove_entry
from ..errors import KeepListError, UsageError
from ..records import Cookie

MARK = "⚑"
LEGEND = f"{MARK} kept (keep list)"


@dataclass(frozen=True)
class KeepState:
    """The keep list as last read, or why it cannot be used (`problem`, with file:line)."""

    keep: KeepList | None
    problem: str | None = None

    def kept_by(self, cookie: Cookie) -> KeepEntry | None:
        return self.keep.kept_by(cookie) if self.keep else None

    def keeps_site(self, site: str) -> bool:
        """An entry keeps the whole site (in some browser at least): what the mark says."""
        return self.keep is not None and any(
            e.site == site and e.host is None and e.name is None for e in self.keep.entries
        )


def read_keep() -> KeepState:
    try:
        return KeepState(load_keep_list())
    except KeepListError as error:
        return KeepState(None, str(error))


def where(entry: KeepEntry, keep: KeepList) -> str:
    """`site github.com, keep.yaml line 3`."""
    return f"{entry.describe()}, {keep.path.name} line {entry.line}"


@dataclass(frozen=True)
class Toggled:
    """What `k` did, in words, and the keep list after it."""

    said: str
    state: KeepState
    changed: bool = True


def toggle_site(site: str) -> Toggled:
    """Keep every cookie of `site`, or stop: removes exactly the `{site: ...}` entry."""
    entry = KeepEntry(site=site)
    state = read_keep()
    if state.keep is None:
        return Toggled(f"The keep list cannot be changed: {state.problem}", state, changed=False)
    if any(e.given == entry.given for e in state.keep.entries):
        keep = remove_entry(entry)
        return Toggled(f"{site} is no longer kept ({keep.path})", KeepState(keep))
    try:
        keep = add_entry(entry)
    except UsageError as error:  # not a site one can name in the list (a public suffix)
        return Toggled(f"{site} cannot be kept: {error}", state, changed=False)
    return Toggled(f"Keeping every cookie of {site}: no bulk delete takes them", KeepState(keep))


def toggle_cookie(cookie: Cookie) -> Toggled:
    """Keep this cookie (its host and exact name, in every browser), or stop keeping it.
    A cookie kept by a wider entry (its site, a name glob) is not unkept one by one: the
    entry is the user's, and says more than this cookie."""
    entry = KeepEntry(host=cookie.domain, name=escape(cookie.name))
    state = read_keep()
    if state.keep is None:
        return Toggled(f"The keep list cannot be changed: {state.problem}", state, changed=False)
    kept = state.keep.kept_by(cookie)
    if kept is not None and kept.given != entry.given:
        said = (
            f"{cookie.name} stays kept: your keep list keeps it by {where(kept, state.keep)}, "
            "which takes in more than this cookie"
        )
        return Toggled(said, state, changed=False)
    try:
        if kept is not None:
            keep = remove_entry(entry)
            return Toggled(f"{cookie.name} on {cookie.domain} is no longer kept", KeepState(keep))
        keep = add_entry(entry)
    except UsageError as error:  # a host that is no site (a bare public suffix)
        return Toggled(f"{cookie.name} cannot be kept: {error}", state, changed=False)
    return Toggled(
        f"Keeping {cookie.name} on {cookie.domain}: no bulk delete takes it", KeepState(keep)
    )
