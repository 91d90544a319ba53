"""Every folder cookie-tui reads or writes, in one place, built the same way on every OS.

Config (the user's policies and keep list), data (backups, undo records, exports, the demo
copy: they hold cookie values, so 0700) and cache (parsed policies, scratch copies of
stores). platformdirs gives each OS's convention; `appauthor=False` everywhere, so on
Windows all three sit under `cookie-tui` directly and never under a second parent.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .private_files import private_dir

if TYPE_CHECKING:
    from platformdirs.api import PlatformDirsABC

APP = "cookie-tui"


_ENV = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA")


def _dirs() -> PlatformDirsABC:
    return _dirs_for(tuple(os.environ.get(name) for name in _ENV))


@lru_cache(maxsize=8)
def _dirs_for(env: tuple[str | None, ...]) -> PlatformDirsABC:
    """Folders for these environment values: asked once per run, not once per site of a
    view across 5,000 sites (a third of a second)."""
    import platformdirs  # only commands that need a folder pay for it (~7 ms)

    return platformdirs.PlatformDirs(APP, appauthor=False)


@lru_cache(maxsize=8)
def _config_for(env: tuple[str | None, ...]) -> Path:
    return Path(_dirs_for(env).user_config_dir)


def config_dir() -> Path:
    return _config_for(tuple(os.environ.get(name) for name in _ENV))


def user_policy_dir() -> Path:
    """The user's own policies, read before the shipped ones."""
    return config_dir() / "policies"


def keep_file() -> Path:
    """The keep list (`changes.keep`): cookies never deleted in bulk."""
    return config_dir() / "keep.yaml"


def data_dir() -> Path:
    """cookie-tui's own data folder, 0700: everything in it may hold a value."""
    path = private_dir(Path(_dirs().user_data_dir))
    path.chmod(0o700)
    return path


def backups_dir() -> Path:
    return private_dir(data_dir() / "backups")


def undo_dir() -> Path:
    return private_dir(data_dir() / "undo")


def exports_dir() -> Path:
    """Exports from the app hold credentials: a private folder, never the working one."""
    return private_dir(data_dir() / "exports")


def demo_dir() -> Path:
    return data_dir() / "demo"


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir)


def policy_cache_dir() -> Path:
    return cache_dir() / "policies"


def scratch_dir() -> Path:
    """Where stores are copied to be read (see `stores.scratch`): the user's runtime folder
    when the system has one (private, in memory, emptied at logout), else the cache."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = Path(runtime) / APP if os.path.isabs(runtime) else cache_dir() / "scratch"
    return private_dir(base)
