"""Firefox session cookies, which after a quit live only in the session store.

`sessionstore.jsonlz4` (written at quit) and `sessionstore-backups/recovery.jsonlz4`
(written while running) are mozLz4: an 8-byte magic, then an LZ4 block with its size.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import StoreError

MAGIC = b"mozLz40\0"
MAX_BYTES = 64 * 1024 * 1024


def session_files(profile_dir: Path) -> list[Path]:
    candidates = [
        profile_dir / "sessionstore.jsonlz4",
        profile_dir / "sessionstore-backups" / "recovery.jsonlz4",
    ]
    return [p for p in candidates if p.is_file()]


def newest_session_file(profile_dir: Path) -> Path | None:
    files = session_files(profile_dir)
    return max(files, key=lambda p: p.stat().st_mtime) if files else None


def read_mozlz4(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(path, f"cannot read the session store: {exc.strerror}") from None
    if not data.startswith(MAGIC) or len(data) < 12:
        raise StoreError(path, "not a Firefox session store (bad mozLz4 header)")
    declared = int.from_bytes(data[8:12], "little")
    if declared > MAX_BYTES:
        raise StoreError(path, "session store claims an implausible size; file corrupt?")
    import lz4.block  # here: only a profile with a session store pays for it

    try:
        return json.loads(lz4.block.decompress(data[8:]))
    except (lz4.block.LZ4BlockError, ValueError) as exc:
        raise StoreError(path, f"corrupt session store ({exc})") from None


def session_cookies(profile_dir: Path) -> tuple[list[dict[str, Any]], Path | None]:
    """The raw cookie dicts of the newest session file, and which file that was."""
    path = newest_session_file(profile_dir)
    if path is None:
        return [], None
    doc = read_mozlz4(path)
    cookies = doc.get("cookies", []) if isinstance(doc, dict) else []
    if isinstance(doc, dict):
        for window in doc.get("windows", []) or []:
            if isinstance(window, dict):
                cookies += window.get("cookies", []) or []
    return [c for c in cookies if isinstance(c, dict) and "name" in c and "host" in c], path
