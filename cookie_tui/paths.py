"""Every folder cookie-tui reads or writes, in one place, built the same way on every OS.

Config (the user's policies and keep list), data (backups, undo records, exports, the demo
copy: they hold cookie values, so 0700) and cache (parsed policies, scratch copies of
stores). platformdirs gives each OS's convention; `appauthor=False` everywhere, so on
Windows all three sit under `cookie-tui` directly and never under a second parent.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .private_files import private_dir

if TYPE_CHECKING:
    from platformdirs.api import PlatformDirsABC

APP = "cookie-tui"


Kind = Literal["config", "data", "cache"]
_XDG: dict[str, tuple[str, str]] = {
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
}


_ENV = (
    "HOME", "USERPROFILE", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "APPDATA",
    "LOCALAPPDATA", "WIN_PD_OVERRIDE_APPDATA", "WIN_PD_OVERRIDE_LOCAL_APPDATA",
)  # fmt: skip
"""What the folders depend on: their answer is remembered per value of these."""


def base_dir(kind: Kind, platform: str | None = None) -> Path:
    env = tuple(os.environ.get(name) for name in _ENV)
    return _base_dir(kind, platform or sys.platform, env)


@lru_cache(maxsize=32)
def _base_dir(kind: Kind, platform: str, _env: tuple[str | None, ...]) -> Path:
    """cookie-tui's own config, data or cache folder, as platformdirs lays them out on
    this OS. On Linux and the BSDs that is the XDG rule (`$XDG_CONFIG_HOME/cookie-tui`,
    else `~/.config/cookie-tui`), done here directly: importing platformdirs was a
    tenth of opening a site. Elsewhere platformdirs decides. Remembered per environment
    (the values are arguments): a view of 5,000 sites asks 15,000 times."""
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip() or os.path.expanduser(default)
        return Path(base) / APP
    return Path(getattr(_platform_dirs(platform), f"user_{kind}_dir"))


def _platform_dirs(platform: str) -> PlatformDirsABC:
    if platform == "darwin":
        from platformdirs.macos import MacOS

        return MacOS(APP, appauthor=False)
    if platform == "win32":
        from platformdirs.windows import Windows

        return Windows(APP, appauthor=False)
    from platformdirs.unix import Unix

    return Unix(APP, appauthor=False)


def config_dir() -> Path:
    return base_dir("config")


def user_policy_dir() -> Path:
    """The user's own policies, read before the shipped ones."""
    return config_dir() / "policies"


def keep_file() -> Path:
    """The keep list (`changes.keep`): cookies never deleted in bulk."""
    return config_dir() / "keep.yaml"


def data_dir() -> Path:
    """cookie-tui's own data folder, 0700: everything in it may hold a value."""
    path = private_dir(base_dir("data"))
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
    return base_dir("cache")


def policy_cache_dir() -> Path:
    return cache_dir() / "policies"


def scratch_dir() -> Path:
    """Where stores are copied to be read (see `stores.scratch`): the user's runtime folder
    when the system has one (private, in memory, emptied at logout), else the cache."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = Path(runtime) / APP if os.path.isabs(runtime) else cache_dir() / "scratch"
    return private_dir(base)
