"""Parsed policies (and the vendor index) kept between runs, so a command need not import
and run the YAML parser or re-read the Open Cookie Database.

Importing PyYAML and validating the two shipped policies was ~40 ms of every `show`. A
valid policy is saved as JSON in the user's cache folder (0700, files 0600), keyed by the
file's path, size, modification time and inode and by the code that parses it: any
change to the file or to cookie-tui parses it again. Broken files are never cached, so
their errors are always computed afresh, and any problem with the cache only means the
file is parsed as if there were none.
"""

from __future__ import annotations

import binascii
import json
import os
from dataclasses import fields
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from ..paths import policy_cache_dir
from ..private_files import private_dir, write_private
from .model import Category, Policy, Rule

FORMAT = 2
_LOADER_FILES = ("loader.py", "model.py", "cache.py", "vendors.py")


@cache
def _loader_stamp() -> list[int]:
    """Size and modification time of the code that turns a file into a `Policy` or index."""
    here = Path(__file__).parent
    stamp: list[int] = [FORMAT]
    for name in _LOADER_FILES:
        st = (here / name).stat()
        stamp += [st.st_size, st.st_mtime_ns]
    return stamp


def _key(path: Path, st: os.stat_result) -> dict[str, Any]:
    return {
        "path": str(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "inode": st.st_ino,
        "loader": _loader_stamp(),
    }


def load_data(path: Path, st: os.stat_result) -> Any:
    """What `save_data` kept for exactly this file, or None (absent, stale or unreadable)."""
    try:
        data = json.loads(_file_for(path).read_bytes())
        return data["data"] if data["key"] == _key(path, st) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_data(path: Path, st: os.stat_result, data: Any) -> None:
    """Keep `data` (JSON-able) for the next run; a cache that cannot be written is no error."""
    try:
        target = _file_for(path)
        private_dir(target.parent)
        write_private(target, json.dumps({"key": _key(path, st), "data": data}).encode())
    except (OSError, ValueError):
        return


def _file_for(path: Path) -> Path:
    # A checksum, not a hash: the key inside the file decides, so a clash is only a miss,
    # and hashlib's import was 2.5 ms of every command.
    tag = binascii.crc32(str(path).encode("utf-8", "surrogateescape"))
    return policy_cache_dir() / f"{path.stem[:40]}-{tag:08x}.json"


def _span(value: timedelta | None) -> list[int] | None:
    return None if value is None else [value.days, value.seconds, value.microseconds]


def _unspan(value: list[int] | None) -> timedelta | None:
    return None if value is None else timedelta(*value)


def _fields_to_json(item: Rule | Category) -> dict[str, Any]:
    """A rule's or category's own fields (not derived ones), durations as `_span`; a field
    added to either class is kept without touching this module."""
    out: dict[str, Any] = {}
    for f in fields(item):
        if f.init:
            value = getattr(item, f.name)
            out[f.name] = _span(value) if isinstance(value, timedelta) else value
    return out


def policy_to_json(policy: Policy) -> dict[str, Any]:
    return {
        "path": str(policy.path),
        "name": policy.name,
        "sites": list(policy.sites),
        "source": policy.source,
        "updated": policy.updated.isoformat() if policy.updated else None,
        "extends": policy.extends,
        "categories": [
            {**_fields_to_json(c), "rules": [_fields_to_json(r) for r in c.rules]}
            for c in policy.categories
        ],
    }


def policy_from_json(data: dict[str, Any]) -> Policy:
    categories = tuple(
        Category(
            **{
                **c,
                "retention": _unspan(c["retention"]),
                "rules": tuple(
                    Rule(**{**r, "retention": _unspan(r["retention"])}) for r in c["rules"]
                ),
            }
        )
        for c in data["categories"]
    )
    return Policy(
        path=Path(data["path"]),
        name=data["name"],
        sites=tuple(data["sites"]),
        source=data["source"],
        updated=date.fromisoformat(data["updated"]) if data["updated"] else None,
        categories=categories,
        extends=data["extends"],
    )


def load(path: Path, st: os.stat_result) -> Policy | None:
    """The policy saved for exactly this file, or None (absent, stale or unreadable)."""
    data = load_data(path, st)
    if data is None:
        return None
    try:
        return policy_from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def save(path: Path, st: os.stat_result, policy: Policy) -> None:
    """Keep the parsed policy for the next run."""
    save_data(path, st, policy_to_json(policy))
