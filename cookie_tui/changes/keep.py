"""The keep list: cookies cookie-tui never deletes in bulk, whatever their category.

`keep.yaml` in the config folder lists entries by site (the site and its subdomains), host
(that host exactly), cookie name or glob (case matters, as in browsers), each optionally
narrowed to one browser or profile; every key an entry gives must match::

    keep:
      - {site: github.com}                       # signed in to GitHub: keep all of it
      - {name: "session*"}
      - {site: google.com, name: SID, browser: firefox, profile: work}

Every delete honours it. When the file exists but cannot be read or has a mistake,
`load_keep_list` raises `KeepListError` naming the file and line: nothing is deleted on a
list that might have said "keep" (BleachBit once wiped every cookie that way). Entries
added from the app are appended as one line each and removed by their own lines, so the
user's comments and layout stay.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, fields
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from ..domains import host_in_site, normalize_host, parse_site
from ..errors import KeepListError, UsageError
from ..paths import keep_file
from ..private_files import private_dir, write_private
from ..records import Deletable

if TYPE_CHECKING:
    from yaml import Node

KEYS = ("site", "host", "name", "browser", "profile")
HEADER = (
    '# Cookies cookie-tui never deletes in bulk (see README, "The keep list").\n'
    "# Each entry keeps what matches every key it gives: site, host, name (a glob),\n"
    "# browser, profile.\n"
    "keep:\n"
)


@dataclass(frozen=True)
class KeepEntry:
    site: str | None = None
    host: str | None = None
    name: str | None = None
    browser: str | None = None
    profile: str | None = None
    line: int = 0
    """Where it is in the file (0 for an entry not read from one)."""

    def matches(self, cookie: Deletable) -> bool:
        store = cookie.store
        return (
            (self.site is None or host_in_site(cookie.domain, self.site))
            and (self.host is None or cookie.domain == self.host)
            and (self.name is None or fnmatchcase(cookie.name, self.name))
            and (self.browser is None or store.browser.split("-")[0] == self.browser)
            and (
                self.profile is None
                or self.profile.lower() in (store.profile.lower(), store.profile_dir.name.lower())
            )
        )

    @property
    def given(self) -> dict[str, str]:
        return {f.name: v for f in fields(self) if f.name in KEYS and (v := getattr(self, f.name))}

    def describe(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in self.given.items())

    def flow(self) -> str:
        """The entry as one YAML line's mapping: `{site: github.com, name: "sess*"}`."""
        return "{" + ", ".join(f"{k}: {_quoted(v)}" for k, v in self.given.items()) + "}"


def _quoted(text: str) -> str:
    return (
        text
        if text.replace(".", "").replace("-", "").replace("_", "").isalnum()
        else ('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    )


@dataclass(frozen=True)
class KeepList:
    path: Path
    entries: tuple[KeepEntry, ...] = ()

    def kept_by(self, cookie: Deletable) -> KeepEntry | None:
        return next((e for e in self.entries if e.matches(cookie)), None)


def load_keep_list(path: Path | None = None) -> KeepList:
    """The user's keep list (empty when there is no file); KeepListError when a file is
    there but cannot be used."""
    path = path or keep_file()
    try:
        st = path.stat()
    except FileNotFoundError:
        return KeepList(path)
    except OSError as exc:
        raise KeepListError(path, None, None, f"cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise KeepListError(path, None, None, "is not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeepListError(path, None, None, f"cannot read: {exc.strerror}") from None
    entries, _nodes = _parse(data, path)
    return KeepList(path, entries)


def _parse(data: bytes, path: Path) -> tuple[tuple[KeepEntry, ...], list[Node]]:
    from .keep_reader import parse  # here: PyYAML only when there is a file to read

    return parse(data, path)


def checked(entry: KeepEntry) -> KeepEntry:
    """The entry as the file would read it (site as its registrable domain, host and
    browser normalized); UsageError for a site or host that is none."""
    return KeepEntry(
        parse_site(entry.site) if entry.site else None,
        host_of(entry.host) if entry.host else None,
        entry.name,
        entry.browser.lower() if entry.browser else None,
        entry.profile,
    )


def host_of(text: str) -> str:
    host = normalize_host(text)
    parse_site(host)  # a host under a real site, not a public suffix
    return host


def add_entry(entry: KeepEntry, path: Path | None = None) -> KeepList:
    """Append the entry (unless the list has it already) and return the new list."""
    entry = checked(entry)
    path = path or keep_file()
    current = load_keep_list(path)
    if any(e.given == entry.given for e in current.entries):
        return current
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if not text.endswith("\n"):
        text += "\n"
    if not current.entries:  # `keep: []` or an empty `keep:` becomes a block list
        text = re.sub(r"(?m)^keep:[ \t]*(\[[ \t]*\])?[ \t]*(#.*)?$", "keep:", text, count=1)
    return _write(path, text + f"  - {entry.flow()}\n")


def remove_entry(entry: KeepEntry, path: Path | None = None) -> KeepList:
    """Remove the lines of every entry giving exactly these keys; UsageError when none does."""
    entry = checked(entry)
    path = path or keep_file()
    current = load_keep_list(path)
    lines = [e.line for e in current.entries if e.given == entry.given]
    if not lines:
        raise UsageError(f"the keep list has no entry {entry.describe()}: `keep list` shows it")
    text = path.read_text(encoding="utf-8")
    _entries, nodes = _parse(text.encode(), path)
    doomed: set[int] = set()
    for node in nodes:
        if node.start_mark.line + 1 in lines:
            end = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
            doomed.update(range(node.start_mark.line, end + 1))
    kept = [line for i, line in enumerate(text.splitlines(keepends=True)) if i not in doomed]
    return _write(path, "".join(kept))


def _write(path: Path, text: str) -> KeepList:
    """Check the new text with the same reader, then replace the file atomically."""
    from ..yaml_files import MAX_BYTES

    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise KeepListError(path, None, None, "the keep list would grow too large")
    entries, _nodes = _parse(data, path)
    private_dir(path.parent)
    write_private(path, data)
    return KeepList(path, entries)
