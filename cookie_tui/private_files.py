"""Files and folders only the user may read: backups, undo records, exports, caches.

They hold cookie values (or which sites the user visits), so their modes are set
explicitly, whatever the umask.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

_writes = itertools.count()


def private_dir(path: Path) -> Path:
    """A folder only the user can enter, whatever the umask.

    Missing parents are created 0700 too, as the XDG spec asks (`mkdir(parents=True)`
    would make a fresh account's `~/.local/share` 0777 under umask 000). Only group/other
    bits are ever removed from an existing folder: one the user made read-only stays so.
    """
    for folder in reversed([path, *path.parents]):
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
            folder.chmod(0o700)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        path.chmod(mode & 0o700)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a 0600 file atomically (temp file + rename), so a crash never leaves half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{next(_writes)}.tmp")  # per write: threads
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not leave half a file behind
        raise
