"""Store discovery over Linux, macOS and Windows folder layouts, every profile."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cookie_tui.cli import main
from cookie_tui.stores.discovery import discover, search_locations
from cookie_tui.stores.selection import store_from_path


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00")
    return path


def local_state(user_data: Path, names: dict[str, str]) -> None:
    user_data.mkdir(parents=True, exist_ok=True)
    info = {folder: {"name": name} for folder, name in names.items()}
    (user_data / "Local State").write_text(json.dumps({"profile": {"info_cache": info}}))


def profiles_ini(root: Path, entries: list[tuple[str, str, bool]]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, (name, path, relative) in enumerate(entries):
        lines += [
            f"[Profile{i}]",
            f"Name={name}",
            f"IsRelative={int(relative)}",
            f"Path={path}",
            "",
        ]
    (root / "profiles.ini").write_text("\n".join(lines))


def labels(
    home: Path, platform: str, env: dict[str, str] | None = None
) -> set[tuple[str, str, str]]:
    stores, errors = discover(home=home, platform=platform, env=env or {})
    assert errors == []
    return {(s.browser, s.profile, s.path.relative_to(home).as_posix()) for s in stores}


def test_linux_every_chromium_profile_both_layouts_with_display_names(tmp_path: Path) -> None:
    chrome = tmp_path / ".config/google-chrome"
    local_state(chrome, {"Default": "Work", "Profile 1": "Home"})
    touch(chrome / "Default/Network/Cookies")
    touch(chrome / "Profile 1/Cookies")
    touch(chrome / "Profile 3/Network/Cookies")  # not in Local State: still found
    brave = tmp_path / ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser"
    touch(brave / "Default/Cookies")
    assert labels(tmp_path, "linux") == {
        ("chrome", "Work", ".config/google-chrome/Default/Network/Cookies"),
        ("chrome", "Home", ".config/google-chrome/Profile 1/Cookies"),
        ("chrome", "Profile 3", ".config/google-chrome/Profile 3/Network/Cookies"),
        (
            "brave",
            "Default",
            ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser/Default/Cookies",
        ),
    }


def test_linux_firefox_and_librewolf_profiles_from_profiles_ini(tmp_path: Path) -> None:
    ff = tmp_path / ".mozilla/firefox"
    profiles_ini(
        ff,
        [
            ("default-release", "abc.default-release", True),
            ("work", str(tmp_path / "elsewhere/w"), False),
        ],
    )
    touch(ff / "abc.default-release/cookies.sqlite")
    touch(tmp_path / "elsewhere/w/cookies.sqlite")
    snap = tmp_path / "snap/firefox/common/.mozilla/firefox"
    profiles_ini(snap, [("snappy", "s.default", True)])
    touch(snap / "s.default/cookies.sqlite")
    lw = tmp_path / ".librewolf"
    profiles_ini(lw, [("default-default", "x.default-default", True)])
    touch(lw / "x.default-default/cookies.sqlite")
    assert labels(tmp_path, "linux") == {
        ("firefox", "default-release", ".mozilla/firefox/abc.default-release/cookies.sqlite"),
        ("firefox", "work", "elsewhere/w/cookies.sqlite"),
        ("firefox", "snappy", "snap/firefox/common/.mozilla/firefox/s.default/cookies.sqlite"),
        ("librewolf", "default-default", ".librewolf/x.default-default/cookies.sqlite"),
    }


def test_xdg_config_home_is_honoured(tmp_path: Path) -> None:
    touch(tmp_path / "cfg/chromium/Default/Cookies")
    got = labels(tmp_path, "linux", {"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert got == {("chromium", "Default", "cfg/chromium/Default/Cookies")}


def test_macos_layout_with_safari_and_arc(tmp_path: Path) -> None:
    support = tmp_path / "Library/Application Support"
    touch(support / "Google/Chrome Canary/Default/Cookies")
    touch(support / "Arc/User Data/Default/Cookies")
    touch(support / "com.operasoftware.OperaGX/Cookies")  # Opera: the profile is the folder
    profiles_ini(support / "Firefox", [("default", "Profiles/p.default", True)])
    touch(support / "Firefox/Profiles/p.default/cookies.sqlite")
    cookies = tmp_path / "Library/Containers/com.apple.Safari/Data/Library/Cookies"
    cookies.mkdir(parents=True)
    (cookies / "Cookies.binarycookies").write_bytes(b"cook")
    assert labels(tmp_path, "darwin") == {
        (
            "chrome-canary",
            "Default",
            "Library/Application Support/Google/Chrome Canary/Default/Cookies",
        ),
        ("arc", "Default", "Library/Application Support/Arc/User Data/Default/Cookies"),
        ("opera-gx", "Default", "Library/Application Support/com.operasoftware.OperaGX/Cookies"),
        (
            "firefox",
            "default",
            "Library/Application Support/Firefox/Profiles/p.default/cookies.sqlite",
        ),
        (
            "safari",
            "Default",
            "Library/Containers/com.apple.Safari/Data/Library/Cookies/Cookies.binarycookies",
        ),
    }


def test_windows_layout(tmp_path: Path) -> None:
    local, roaming = tmp_path / "AppData/Local", tmp_path / "AppData/Roaming"
    touch(local / "Microsoft/Edge/User Data/Default/Network/Cookies")
    touch(local / "Vivaldi/User Data/Profile 2/Network/Cookies")
    touch(roaming / "Opera Software/Opera Stable/Default/Network/Cookies")
    profiles_ini(
        roaming / "Mozilla/Firefox", [("default-release", "Profiles/q.default-release", True)]
    )
    touch(roaming / "Mozilla/Firefox/Profiles/q.default-release/cookies.sqlite")
    env = {"LOCALAPPDATA": str(local), "APPDATA": str(roaming)}
    assert labels(tmp_path, "win32", env) == {
        ("edge", "Default", "AppData/Local/Microsoft/Edge/User Data/Default/Network/Cookies"),
        ("vivaldi", "Profile 2", "AppData/Local/Vivaldi/User Data/Profile 2/Network/Cookies"),
        ("opera", "Default", "AppData/Roaming/Opera Software/Opera Stable/Default/Network/Cookies"),
        (
            "firefox",
            "default-release",
            "AppData/Roaming/Mozilla/Firefox/Profiles/q.default-release/cookies.sqlite",
        ),
    }


def test_broken_profile_lists_are_reported_and_the_rest_still_found(tmp_path: Path) -> None:
    chrome = tmp_path / ".config/google-chrome"
    chrome.mkdir(parents=True)
    (chrome / "Local State").write_text("{not json")
    touch(chrome / "Default/Cookies")
    ff = tmp_path / ".mozilla/firefox"
    ff.mkdir(parents=True)
    (ff / "profiles.ini").write_text("Name=x\n[[[")
    touch(tmp_path / ".config/chromium/Default/Cookies")
    stores, errors = discover(home=tmp_path, platform="linux", env={})
    assert {(s.browser, s.profile) for s in stores} == {
        ("chrome", "Default"),
        ("chromium", "Default"),
    }
    messages = sorted(str(e) for e in errors)
    assert len(messages) == 2
    assert "Local State: cannot read profile names" in messages[0]
    assert "profiles.ini: cannot read the profile list" in messages[1]


def test_nothing_installed_finds_nothing(tmp_path: Path) -> None:
    assert discover(home=tmp_path, platform="linux", env={}) == ([], [])


def found(home: Path, platform: str, env: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """Every store as (browser, profile, path under home), in order, duplicates kept."""
    stores, errors = discover(home=home, platform=platform, env=env or {})
    assert errors == []
    return [(s.browser, s.profile, s.path.relative_to(home).as_posix()) for s in stores]


def firefox_profile(root: Path, entries: list[tuple[str, str, bool]]) -> None:
    """A profiles.ini and a cookies.sqlite in each relative profile folder it names."""
    profiles_ini(root, entries)
    for _, path, relative in entries:
        touch((root / path if relative else Path(path)) / "cookies.sqlite")


def test_both_firefox_roots_every_profile_once_with_its_profiles_ini_name(tmp_path: Path) -> None:
    """An old ~/.mozilla profile and a new XDG one; the old profiles.ini also points at the
    new profile by absolute path, and a symlinked profile folder reaches it a third way."""
    xdg, legacy = tmp_path / ".config/mozilla/firefox", tmp_path / ".mozilla/firefox"
    firefox_profile(xdg, [("default-esr", "n3w.default-esr", True), ("work", "w0rk.work", True)])
    (legacy / "linked").parent.mkdir(parents=True)
    (legacy / "linked").symlink_to(xdg / "w0rk.work")
    firefox_profile(
        legacy,
        [
            ("default-release", "0ld.default-release", True),
            ("new one", str(xdg / "n3w.default-esr"), False),
            ("work link", "linked", True),
        ],
    )
    assert found(tmp_path, "linux") == [
        ("firefox", "default-esr", ".config/mozilla/firefox/n3w.default-esr/cookies.sqlite"),
        ("firefox", "work", ".config/mozilla/firefox/w0rk.work/cookies.sqlite"),
        ("firefox", "default-release", ".mozilla/firefox/0ld.default-release/cookies.sqlite"),
    ]


def test_a_symlinked_firefox_root_lists_its_profiles_once(tmp_path: Path) -> None:
    xdg = tmp_path / ".config/mozilla/firefox"
    firefox_profile(xdg, [("default-esr", "n3w.default-esr", True)])
    (tmp_path / ".mozilla").mkdir()
    (tmp_path / ".mozilla/firefox").symlink_to(xdg)
    assert found(tmp_path, "linux") == [
        ("firefox", "default-esr", ".config/mozilla/firefox/n3w.default-esr/cookies.sqlite")
    ]


def test_firefox_xdg_root_follows_xdg_config_home_and_ignores_a_relative_one(
    tmp_path: Path,
) -> None:
    firefox_profile(tmp_path / "cfg/mozilla/firefox", [("a", "a.default", True)])
    firefox_profile(tmp_path / ".config/mozilla/firefox", [("b", "b.default", True)])
    assert found(tmp_path, "linux", {"XDG_CONFIG_HOME": str(tmp_path / "cfg")}) == [
        ("firefox", "a", "cfg/mozilla/firefox/a.default/cookies.sqlite")
    ]
    assert found(tmp_path, "linux", {"XDG_CONFIG_HOME": "cfg"}) == [
        ("firefox", "b", ".config/mozilla/firefox/b.default/cookies.sqlite")
    ]


def test_linux_firefox_family_flatpak_snap_legacy_and_xdg_layouts(tmp_path: Path) -> None:
    layouts = {
        "firefox": [
            ".var/app/org.mozilla.firefox/config/mozilla/firefox",
            ".var/app/org.mozilla.firefox/.mozilla/firefox",
            "snap/firefox/common/.mozilla/firefox",
        ],
        "librewolf": [
            ".config/librewolf/librewolf",
            ".librewolf",
            ".var/app/io.gitlab.librewolf-community/config/librewolf/librewolf",
            ".var/app/io.gitlab.librewolf-community/.librewolf",
        ],
        "zen": [
            ".config/zen",
            ".zen",
            ".var/app/app.zen_browser.zen/config/zen",
            ".var/app/app.zen_browser.zen/.zen",
        ],
        "floorp": [".floorp", ".var/app/one.ablaze.floorp/.floorp"],
        "waterfox": [".waterfox", ".var/app/net.waterfox.waterfox/.waterfox"],
    }
    expected = []
    for browser, roots in layouts.items():
        for i, root in enumerate(roots):
            firefox_profile(tmp_path / root, [(f"p{i}", f"x{i}.default-release", True)])
            expected.append((browser, f"p{i}", f"{root}/x{i}.default-release/cookies.sqlite"))
    assert found(tmp_path, "linux") == expected


def test_linux_chromium_family_native_flatpak_and_snap_layouts(tmp_path: Path) -> None:
    layouts = {
        "chrome-dev": [".var/app/com.google.ChromeDev/config/google-chrome-unstable"],
        "chrome-canary": [".config/google-chrome-canary"],
        "chrome-for-testing": [".config/google-chrome-for-testing"],
        "chromium": ["snap/chromium/common/chromium"],
        "ungoogled-chromium": [
            ".var/app/io.github.ungoogled_software.ungoogled_chromium/config/chromium"
        ],
        "thorium": [".config/thorium"],
        "brave": ["snap/brave/current/.config/BraveSoftware/Brave-Browser"],
        "edge": [".var/app/com.microsoft.Edge/config/microsoft-edge"],
        "opera": [".config/opera-developer", "snap/opera/current/.config/opera"],
        "vivaldi": [
            ".var/app/com.vivaldi.Vivaldi/config/vivaldi",
            "snap/vivaldi/current/.config/vivaldi",
        ],
        "yandex": [".config/yandex-browser", ".config/yandex-browser-beta"],
    }
    expected = []
    for browser, roots in layouts.items():
        for root in roots:
            touch(tmp_path / root / "Default/Network/Cookies")
            expected.append((browser, "Default", f"{root}/Default/Network/Cookies"))
    assert found(tmp_path, "linux") == expected


def test_chrome_config_home_is_looked_in_before_xdg_config_home(tmp_path: Path) -> None:
    """Chromium prefers $CHROME_CONFIG_HOME (chrome_paths_linux.cc); Firefox ignores it."""
    touch(tmp_path / "chromecfg/google-chrome/Default/Cookies")
    touch(tmp_path / ".config/google-chrome/Profile 1/Cookies")
    firefox_profile(tmp_path / "chromecfg/mozilla/firefox", [("no", "no.default", True)])
    env = {"CHROME_CONFIG_HOME": str(tmp_path / "chromecfg")}
    assert found(tmp_path, "linux", env) == [
        ("chrome", "Default", "chromecfg/google-chrome/Default/Cookies"),
        ("chrome", "Profile 1", ".config/google-chrome/Profile 1/Cookies"),
    ]


def test_macos_layouts_of_the_newer_browsers(tmp_path: Path) -> None:
    support = tmp_path / "Library/Application Support"
    for root in ("Google/Chrome for Testing", "Thorium", "Yandex/YandexBrowser"):
        touch(support / root / "Default/Cookies")
    for root in ("librewolf", "zen", "Floorp", "Waterfox", "MullvadBrowser"):
        firefox_profile(support / root, [("default", "Profiles/p.default", True)])
    rel = "Library/Application Support"
    assert found(tmp_path, "darwin") == [
        ("chrome-for-testing", "Default", f"{rel}/Google/Chrome for Testing/Default/Cookies"),
        ("thorium", "Default", f"{rel}/Thorium/Default/Cookies"),
        ("yandex", "Default", f"{rel}/Yandex/YandexBrowser/Default/Cookies"),
        ("librewolf", "default", f"{rel}/librewolf/Profiles/p.default/cookies.sqlite"),
        ("zen", "default", f"{rel}/zen/Profiles/p.default/cookies.sqlite"),
        ("floorp", "default", f"{rel}/Floorp/Profiles/p.default/cookies.sqlite"),
        ("waterfox", "default", f"{rel}/Waterfox/Profiles/p.default/cookies.sqlite"),
        ("mullvad-browser", "default", f"{rel}/MullvadBrowser/Profiles/p.default/cookies.sqlite"),
    ]


def test_windows_layouts_of_the_newer_browsers(tmp_path: Path) -> None:
    local, roaming = tmp_path / "AppData/Local", tmp_path / "AppData/Roaming"
    for root in ("Google/Chrome for Testing/User Data", "Thorium/User Data"):
        touch(local / root / "Default/Network/Cookies")
    touch(local / "Yandex/YandexBrowser/User Data/Default/Network/Cookies")
    store = local / "Packages/Mozilla.Firefox_n80bbvh6b1yt2/LocalCache/Roaming/Mozilla/Firefox"
    firefox_profile(store, [("default-release", "Profiles/m.default-release", True)])
    for root in ("librewolf", "zen", "Floorp", "Waterfox"):
        firefox_profile(roaming / root, [("default", "Profiles/p.default", True)])
    env = {"LOCALAPPDATA": str(local), "APPDATA": str(roaming)}
    assert [(b, path.split("/")[2]) for b, _, path in found(tmp_path, "win32", env)] == [
        ("chrome-for-testing", "Google"),
        ("thorium", "Thorium"),
        ("yandex", "Yandex"),
        ("firefox", "Packages"),
        ("librewolf", "librewolf"),
        ("zen", "zen"),
        ("floorp", "Floorp"),
        ("waterfox", "Waterfox"),
    ]


def test_search_locations_lists_each_place_once_under_home_or_the_given_folders(
    tmp_path: Path,
) -> None:
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / ".config"),
        "CHROME_CONFIG_HOME": str(tmp_path / ".config"),
    }
    for platform in ("linux", "darwin", "win32"):
        paths = [loc.path for loc in search_locations(home=tmp_path, platform=platform, env=env)]
        assert len(paths) == len(set(paths))
        assert all(p.is_relative_to(tmp_path) for p in paths)
    linux = [str(loc.path) for loc in search_locations(home=tmp_path, platform="linux", env=env)]
    assert str(tmp_path / ".config/mozilla/firefox") in linux
    assert str(tmp_path / ".mozilla/firefox") in linux


def test_browsers_on_an_empty_home_says_where_it_looked_and_how_to_point_elsewhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["browsers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "No browser cookie stores found. Looked in:"
    assert "--store PATH" in lines[-1]
    places = [line.split()[-1] for line in lines[1:-1]]
    assert len(places) == len(search_locations())
    assert "~/.config/mozilla/firefox" in places
    assert "~/.mozilla/firefox" in places
    assert "  firefox             ~/.config/mozilla/firefox" in lines


def test_a_store_given_by_path_is_named_after_the_most_specific_known_folder(
    fixture_stores: Path, tmp_path: Path
) -> None:
    ungoogled = tmp_path / ".var/app/io.github.ungoogled_software.ungoogled_chromium/config"
    shutil.copytree(fixture_stores / "chromium", ungoogled / "chromium")
    librewolf = tmp_path / ".config/librewolf/librewolf"
    shutil.copytree(fixture_stores / "firefox", librewolf)
    firefox = tmp_path / ".config/mozilla/firefox"
    shutil.copytree(fixture_stores / "firefox", firefox)
    cookies = "x7k2m9qa.default-release/cookies.sqlite"
    assert store_from_path(ungoogled / "chromium/Default/Cookies").browser == "ungoogled-chromium"
    assert store_from_path(librewolf / cookies).browser == "librewolf"
    assert store_from_path(firefox / cookies).browser == "firefox"
