"""Finding every cookie store of every supported browser and profile on this machine.

browser-cookie3 stops at the first store per browser; people have many profiles, so we
enumerate user-data folders ourselves (Linux, macOS and Windows conventions, Flatpak and
Snap included) and read each browser's own profile list (`Local State`, `profiles.ini`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from ..records import Family, Store


@dataclass(frozen=True)
class BrowserKind:
    id: str
    family: Family
    linux: tuple[str, ...] = ()
    """Relative to $XDG_CONFIG_HOME (default ~/.config) unless starting with `~`."""
    mac: tuple[str, ...] = ()
    """Relative to ~/Library/Application Support unless starting with `~`."""
    windows: tuple[str, ...] = ()
    """Relative to %LOCALAPPDATA% unless starting with `%APPDATA%`."""


BROWSERS: tuple[BrowserKind, ...] = (
    BrowserKind(
        "chrome",
        "chromium",
        ("google-chrome", "~/.var/app/com.google.Chrome/config/google-chrome"),
        ("Google/Chrome",),
        ("Google/Chrome/User Data",),
    ),
    BrowserKind(
        "chrome-beta",
        "chromium",
        ("google-chrome-beta", "~/.var/app/com.google.ChromeBeta/config/google-chrome-beta"),
        ("Google/Chrome Beta",),
        ("Google/Chrome Beta/User Data",),
    ),
    BrowserKind(
        "chrome-dev",
        "chromium",
        ("google-chrome-unstable", "~/.var/app/com.google.ChromeDev/config/google-chrome-unstable"),
        ("Google/Chrome Dev",),
        ("Google/Chrome Dev/User Data",),
    ),
    BrowserKind(
        "chrome-canary", "chromium", (), ("Google/Chrome Canary",), ("Google/Chrome SxS/User Data",)
    ),
    BrowserKind(
        "chromium",
        "chromium",
        (
            "chromium",
            "~/.var/app/org.chromium.Chromium/config/chromium",
            "~/snap/chromium/common/chromium",
        ),
        ("Chromium",),
        ("Chromium/User Data",),
    ),
    BrowserKind(
        "brave",
        "chromium",
        (
            "BraveSoftware/Brave-Browser",
            "~/.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser",
            "~/snap/brave/current/.config/BraveSoftware/Brave-Browser",
        ),
        ("BraveSoftware/Brave-Browser",),
        ("BraveSoftware/Brave-Browser/User Data",),
    ),
    BrowserKind(
        "edge",
        "chromium",
        (
            "microsoft-edge",
            "microsoft-edge-beta",
            "microsoft-edge-dev",
            "~/.var/app/com.microsoft.Edge/config/microsoft-edge",
        ),
        ("Microsoft Edge", "Microsoft Edge Beta", "Microsoft Edge Dev", "Microsoft Edge Canary"),
        (
            "Microsoft/Edge/User Data",
            "Microsoft/Edge Beta/User Data",
            "Microsoft/Edge Dev/User Data",
            "Microsoft/Edge SxS/User Data",
        ),
    ),
    BrowserKind(
        "opera",
        "chromium",
        (
            "opera",
            "opera-beta",
            "~/.var/app/com.opera.Opera/config/opera",
            "~/snap/opera/current/.config/opera",
        ),
        ("com.operasoftware.Opera", "com.operasoftware.OperaNext"),
        ("%APPDATA%/Opera Software/Opera Stable", "%APPDATA%/Opera Software/Opera Next"),
    ),
    BrowserKind(
        "opera-gx",
        "chromium",
        (),
        ("com.operasoftware.OperaGX",),
        ("%APPDATA%/Opera Software/Opera GX Stable",),
    ),
    BrowserKind(
        "vivaldi",
        "chromium",
        ("vivaldi", "vivaldi-snapshot", "~/.var/app/com.vivaldi.Vivaldi/config/vivaldi"),
        ("Vivaldi",),
        ("Vivaldi/User Data",),
    ),
    BrowserKind(
        "arc",
        "chromium",
        (),
        ("Arc/User Data",),
        ("Packages/TheBrowserCompany.Arc_ttt1ap7aakyb4/LocalCache/Local/Arc/User Data",),
    ),
    BrowserKind(
        "firefox",
        "firefox",
        (
            "~/.mozilla/firefox",
            "~/.var/app/org.mozilla.firefox/.mozilla/firefox",
            "~/snap/firefox/common/.mozilla/firefox",
        ),
        ("Firefox",),
        ("%APPDATA%/Mozilla/Firefox",),
    ),
    BrowserKind(
        "librewolf",
        "firefox",
        ("~/.librewolf", "~/.var/app/io.gitlab.librewolf-community/.librewolf"),
        ("librewolf",),
        ("%APPDATA%/librewolf",),
    ),
)

BROWSER_IDS = (*(b.id for b in BROWSERS), "safari")


def _roots(kind: BrowserKind, platform: str, home: Path, env: Mapping[str, str]) -> list[Path]:
    if platform.startswith("linux") or "bsd" in platform:
        base = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        rels = kind.linux
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
        rels = kind.mac
    elif platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        rels = kind.windows
    else:
        return []
    out = []
    for rel in rels:
        if rel.startswith("~/"):
            out.append(home / rel[2:])
        elif rel.startswith("%APPDATA%/"):
            out.append(Path(env.get("APPDATA") or home / "AppData" / "Roaming") / rel[10:])
        else:
            out.append(base / rel)
    return out


def chromium_cookie_file(profile_dir: Path) -> Path | None:
    for candidate in (profile_dir / "Network" / "Cookies", profile_dir / "Cookies"):
        if candidate.is_file():
            return candidate
    return None


def chromium_profile_names(user_data_dir: Path) -> dict[str, str]:
    """Folder name to display name, from `Local State`; raises StoreError when it is broken."""
    local_state = user_data_dir / "Local State"
    if not local_state.is_file():
        return {}
    try:
        data = json.loads(local_state.read_text(encoding="utf-8"))
        cache = data.get("profile", {}).get("info_cache", {})
        return {folder: str(info.get("name") or folder) for folder, info in cache.items()}
    except (OSError, ValueError, AttributeError) as exc:
        raise StoreError(
            local_state, f"cannot read profile names ({exc.__class__.__name__})"
        ) from None


def chromium_stores(browser: str, user_data_dir: Path) -> tuple[list[Store], list[StoreError]]:
    errors: list[StoreError] = []
    try:
        names = chromium_profile_names(user_data_dir)
    except StoreError as exc:
        errors.append(exc)
        names = {}
    folders = dict.fromkeys([*names, "Default"])
    with contextlib.suppress(OSError):
        folders.update(dict.fromkeys(sorted(p.name for p in user_data_dir.glob("Profile *"))))
    stores = []
    for folder in folders:
        profile_dir = user_data_dir / folder
        cookie_file = chromium_cookie_file(profile_dir)
        if cookie_file:
            stores.append(
                Store(
                    browser,
                    "chromium",
                    names.get(folder, folder),
                    cookie_file,
                    profile_dir,
                    user_data_dir,
                )
            )
    if not stores and chromium_cookie_file(user_data_dir):
        # Opera keeps its one profile directly in the user-data folder.
        cookie_file = chromium_cookie_file(user_data_dir)
        assert cookie_file is not None
        stores.append(
            Store(browser, "chromium", "Default", cookie_file, user_data_dir, user_data_dir)
        )
    return stores, errors


def firefox_stores(browser: str, root: Path) -> tuple[list[Store], list[StoreError]]:
    ini = root / "profiles.ini"
    if not ini.is_file():
        return [], []
    import configparser  # only for Firefox profiles.ini (~3 ms at every start)

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(ini.read_text(encoding="utf-8", errors="replace"))
    except (OSError, configparser.Error) as exc:
        first = str(exc).splitlines()[0]
        return [], [StoreError(ini, f"cannot read the profile list ({first})")]
    stores = []
    for section in parser.sections():
        if not section.lower().startswith("profile"):
            continue
        rel = parser.get(section, "Path", fallback="")
        if not rel:
            continue
        relative = parser.get(section, "IsRelative", fallback="1") == "1"
        profile_dir = root / rel if relative else Path(rel)
        cookie_file = profile_dir / "cookies.sqlite"
        if cookie_file.is_file():
            name = parser.get(section, "Name", fallback=profile_dir.name)
            stores.append(Store(browser, "firefox", name, cookie_file, profile_dir))
    return stores, []


def safari_stores(home: Path) -> list[Store]:
    candidates = (
        home / "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
        home / "Library/Cookies/Cookies.binarycookies",
    )
    for path in candidates:
        if path.is_file():
            return [Store("safari", "safari", "Default", path, path.parent)]
    return []


def discover(
    *,
    home: Path | None = None,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[list[Store], list[StoreError]]:
    """Every store on the machine; errors of one browser never hide the others."""
    home = home or Path.home()
    platform = platform or sys.platform
    env = os.environ if env is None else env
    stores: list[Store] = []
    errors: list[StoreError] = []
    seen: set[Path] = set()
    for kind in BROWSERS:
        for root in _roots(kind, platform, home, env):
            if not root.is_dir():
                continue
            finder = chromium_stores if kind.family == "chromium" else firefox_stores
            found, errs = finder(kind.id, root)
            errors += errs
            for store in found:
                real = store.path.resolve()
                if real not in seen:
                    seen.add(real)
                    stores.append(store)
    if platform == "darwin":
        stores += safari_stores(home)
    return stores, errors
