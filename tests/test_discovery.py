"""Store discovery over Linux, macOS and Windows folder layouts, every profile."""

from __future__ import annotations

import json
from pathlib import Path

from cookie_tui.stores.discovery import discover


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
