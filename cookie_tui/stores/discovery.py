"""Finding every cookie store of every supported browser and profile on this machine.

browser-cookie3 stops at the first store per browser; people have many profiles, so we
enumerate user-data folders ourselves (Linux legacy and XDG folders, Flatpak and Snap,
macOS, Windows) and read each browser's own profile list (`Local State`, `profiles.ini`).
`search_locations` names every folder tried, so a user whose browser keeps its profiles
somewhere else can see that and pass `--store`.
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
    """A browser and, per OS, the folders holding its user data (Chromium: `Local State` and
    profile folders) or its profile list (Firefox: `profiles.ini`)."""

    id: str
    family: Family
    linux: tuple[str, ...] = ()
    """Relative to $XDG_CONFIG_HOME (default ~/.config) unless starting with `~`; a Chromium
    one is also looked for under $CHROME_CONFIG_HOME, which Chromium prefers when set."""
    mac: tuple[str, ...] = ()
    """Relative to ~/Library/Application Support unless starting with `~`."""
    windows: tuple[str, ...] = ()
    """Relative to %LOCALAPPDATA% unless starting with `%APPDATA%`."""


@dataclass(frozen=True)
class Location:
    """One place a browser keeps its profiles (or Safari its one cookie file)."""

    browser: str
    path: Path


# Where each browser keeps its profiles, from its own source or documentation. Snaps keep
# `~/snap/<name>/current/.config/...` (snapd sets HOME and XDG_CONFIG_HOME to
# $SNAP_USER_DATA) unless the snap moves HOME; Flatpaks keep `~/.var/app/<id>/config/...`
# (XDG_CONFIG_HOME) and `~/.var/app/<id>/.<dir>` (a persisted dot folder of HOME).
# Locations that could not be confirmed are left out: pass `--store PATH` for those.
BROWSERS: tuple[BrowserKind, ...] = (
    # Chromium: chrome/common/chrome_paths_{linux.cc,mac.mm}, channel_info_posix.cc (Linux
    # channels -beta, -unstable, -canary); Windows: "<LocalAppData>/<company>/<product>/User
    # Data" (chrome/install_static/*_install_modes.cc).
    BrowserKind(
        "chrome",
        "chromium",
        ("google-chrome", "~/.var/app/com.google.Chrome/config/google-chrome"),
        ("Google/Chrome",),
        ("Google/Chrome/User Data",),
    ),
    # No Chrome Beta Flatpak and no `google-chrome` snap folder could be confirmed.
    BrowserKind(
        "chrome-beta",
        "chromium",
        ("google-chrome-beta",),
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
        "chrome-canary",
        "chromium",
        ("google-chrome-canary",),
        ("Google/Chrome Canary",),
        ("Google/Chrome SxS/User Data",),
    ),
    # GOOGLE_CHROME_FOR_TESTING_BRANDING in the same Chromium files.
    BrowserKind(
        "chrome-for-testing",
        "chromium",
        ("google-chrome-for-testing",),
        ("Google/Chrome for Testing",),
        ("Google/Chrome for Testing/User Data",),
    ),
    # A native ungoogled-chromium is unbranded Chromium: same folders, listed as chromium.
    # The snap sets CHROME_CONFIG_HOME to $SNAP_USER_COMMON.
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
    # Flathub io.github.ungoogled_software.ungoogled_chromium.
    BrowserKind(
        "ungoogled-chromium",
        "chromium",
        ("~/.var/app/io.github.ungoogled_software.ungoogled_chromium/config/chromium",),
    ),
    # Alex313031/thorium: chrome_paths_linux.cc ("thorium"), chromium_install_modes.cc (no
    # company, product "Thorium"); macOS folder from the Homebrew cask.
    BrowserKind("thorium", "chromium", ("thorium",), ("Thorium",), ("Thorium/User Data",)),
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
            "opera-developer",
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
        (
            "vivaldi",
            "vivaldi-snapshot",
            "~/.var/app/com.vivaldi.Vivaldi/config/vivaldi",
            "~/snap/vivaldi/current/.config/vivaldi",
        ),
        ("Vivaldi",),
        ("Vivaldi/User Data",),
    ),
    # The folders every Yandex-aware tool agrees on (firejail's profile lists the Linux ones).
    BrowserKind(
        "yandex",
        "chromium",
        ("yandex-browser", "yandex-browser-beta"),
        ("Yandex/YandexBrowser",),
        ("Yandex/YandexBrowser/User Data",),
    ),
    BrowserKind(
        "arc",
        "chromium",
        (),
        ("Arc/User Data",),
        ("Packages/TheBrowserCompany.Arc_ttt1ap7aakyb4/LocalCache/Local/Arc/User Data",),
    ),
    # Firefox 147+ creates new profiles under $XDG_CONFIG_HOME/mozilla/firefox and keeps an
    # existing ~/.mozilla (bug 259356, toolkit/xre/nsXREDirProvider.cpp); a home may hold
    # both. The snap forces the legacy folder (canonical/firefox-snap#140), so it has no XDG
    # one. Flatpak and Microsoft Store folders as yt-dlp's cookies.py finds them.
    BrowserKind(
        "firefox",
        "firefox",
        (
            "mozilla/firefox",
            "~/.mozilla/firefox",
            "~/.var/app/org.mozilla.firefox/config/mozilla/firefox",
            "~/.var/app/org.mozilla.firefox/.mozilla/firefox",
            "~/snap/firefox/common/.mozilla/firefox",
        ),
        ("Firefox",),
        (
            "%APPDATA%/Mozilla/Firefox",
            "Packages/Mozilla.Firefox_n80bbvh6b1yt2/LocalCache/Roaming/Mozilla/Firefox",
        ),
    ),
    # LibreWolf's XDG folder nests a second `librewolf` (codeberg librewolf/source PR 120, as
    # nix-community/home-manager#8867 reports it); its snap is unofficial, so left out.
    BrowserKind(
        "librewolf",
        "firefox",
        (
            "librewolf/librewolf",
            "~/.librewolf",
            "~/.var/app/io.gitlab.librewolf-community/config/librewolf/librewolf",
            "~/.var/app/io.gitlab.librewolf-community/.librewolf",
        ),
        ("librewolf",),
        ("%APPDATA%/librewolf",),
    ),
    # Zen 1.18.6b+ uses $XDG_CONFIG_HOME/zen for new profiles, ~/.zen when it exists
    # (release notes; zen-browser/desktop configs/common/mozconfig: MOZ_APP_PROFILE=zen).
    BrowserKind(
        "zen",
        "firefox",
        (
            "zen",
            "~/.zen",
            "~/.var/app/app.zen_browser.zen/config/zen",
            "~/.var/app/app.zen_browser.zen/.zen",
        ),
        ("zen",),
        ("%APPDATA%/zen",),
    ),
    # Floorp and Waterfox: no XDG folder could be confirmed (BrowserWorks/waterfox#4418,
    # Floorp-Projects/Floorp#771 show the dot folders, Homebrew casks the macOS ones).
    BrowserKind(
        "floorp",
        "firefox",
        ("~/.floorp", "~/.var/app/one.ablaze.floorp/.floorp"),
        ("Floorp",),
        ("%APPDATA%/Floorp",),
    ),
    BrowserKind(
        "waterfox",
        "firefox",
        ("~/.waterfox", "~/.var/app/net.waterfox.waterfox/.waterfox"),
        ("Waterfox",),
        ("%APPDATA%/Waterfox",),
    ),
    # Mullvad Browser keeps its profile inside the folder it was unpacked or installed to on
    # Linux and Windows (mullvad/mullvad-browser#28): only the macOS folder is fixed.
    BrowserKind("mullvad-browser", "firefox", (), ("MullvadBrowser",), ()),
)

BROWSER_IDS = (*(b.id for b in BROWSERS), "safari")

SAFARI_COOKIES = (
    "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
    "Library/Cookies/Cookies.binarycookies",
)


def _absolute(value: str | None) -> Path | None:
    """An XDG-style variable's folder; relative values are invalid and ignored (XDG spec)."""
    return Path(value) if value and os.path.isabs(value) else None


def _bases(kind: BrowserKind, platform: str, home: Path, env: Mapping[str, str]) -> list[Path]:
    """The folders a kind's relative locations hang from on this platform."""
    if platform.startswith("linux") or "bsd" in platform:
        config = _absolute(env.get("XDG_CONFIG_HOME")) or home / ".config"
        chrome = _absolute(env.get("CHROME_CONFIG_HOME")) if kind.family == "chromium" else None
        return [chrome, config] if chrome else [config]
    if platform == "darwin":
        return [home / "Library" / "Application Support"]
    return [Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")]


def _rels(kind: BrowserKind, platform: str) -> tuple[str, ...]:
    if platform.startswith("linux") or "bsd" in platform:
        return kind.linux
    if platform == "darwin":
        return kind.mac
    if platform == "win32":
        return kind.windows
    return ()


def search_locations(
    *,
    home: Path | None = None,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
) -> list[Location]:
    """Every place `discover` looks on this machine, in order, each once."""
    home = home or Path.home()
    platform = platform or sys.platform
    env = os.environ if env is None else env
    roaming = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    out: dict[Path, Location] = {}
    for kind in BROWSERS:
        bases = _bases(kind, platform, home, env)
        for rel in _rels(kind, platform):
            if rel.startswith("~/"):
                paths = [home / rel[2:]]
            elif rel.startswith("%APPDATA%/"):
                paths = [roaming / rel[10:]]
            else:
                paths = [base / rel for base in bases]
            for path in paths:
                out.setdefault(path, Location(kind.id, path))
    if platform == "darwin":
        for rel in SAFARI_COOKIES:
            out.setdefault(home / rel, Location("safari", home / rel))
    return list(out.values())


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


def discover(
    *,
    home: Path | None = None,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[list[Store], list[StoreError]]:
    """Every store on the machine, each once however many ways lead to it (a symlinked
    folder, CHROME_CONFIG_HOME equal to XDG_CONFIG_HOME); errors of one browser never hide
    the others."""
    families = {kind.id: kind.family for kind in BROWSERS}
    stores: list[Store] = []
    errors: list[StoreError] = []
    seen: set[Path] = set()
    for location in search_locations(home=home, platform=platform, env=env):
        if location.browser == "safari":
            # The sandboxed file is the live one; the old one only counts without it.
            if location.path.is_file() and "safari" not in {s.browser for s in stores}:
                path = location.path
                stores.append(Store("safari", "safari", "Default", path, path.parent))
            continue
        if not location.path.is_dir():
            continue
        finder = chromium_stores if families[location.browser] == "chromium" else firefox_stores
        found, errs = finder(location.browser, location.path)
        errors += errs
        for store in found:
            real = store.path.resolve()
            if real not in seen:
                seen.add(real)
                stores.append(store)
    return stores, errors
