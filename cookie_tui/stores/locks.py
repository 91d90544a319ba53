"""Is the browser that owns a store running right now?

Chromium: `SingletonLock` in the user-data folder is a symlink to `HOST-PID`; only a live
PID on this host counts (a crashed browser leaves a stale link). Firefox: a POSIX lock is
held on `.parentlock` while it runs; the `lock` symlink outlives a clean quit, so its
existence proves nothing.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def chromium_running(user_data_dir: Path) -> bool:
    lock = user_data_dir / "SingletonLock"
    try:
        target = os.readlink(lock)
    except OSError:
        return lock.exists()
    host, _, pid = target.rpartition("-")
    if not pid.isdigit():
        return True
    if host != _hostname():
        return True  # another machine sharing this home: we cannot tell, so assume it runs
    return pid_alive(int(pid))


def firefox_running(profile_dir: Path) -> bool:
    parentlock = profile_dir / ".parentlock"
    if os.name != "posix":
        try:
            with parentlock.open("r+b"):
                return False
        except FileNotFoundError:
            return False
        except PermissionError:
            return True
    import fcntl

    try:
        fd = os.open(parentlock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                return True
            raise
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _hostname() -> str:
    """What Chromium writes into `SingletonLock`: uname's node name is `gethostname()` on
    POSIX, without importing `socket` (~6 ms) into every command."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()
