"""Every folder cookie-tui uses comes from one place and sits under one `cookie-tui` folder
per kind, on Linux (XDG), macOS and Windows alike."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest
from platformdirs.unix import Unix

from cookie_tui import paths

KINDS = ("config", "data", "cache")


@pytest.mark.parametrize("xdg", [None, "", "  ", "/elsewhere/xdg"])
@pytest.mark.parametrize("kind", KINDS)
def test_linux_folders_are_exactly_platformdirs_xdg_ones(
    kind: str, xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable = {"config": "XDG_CONFIG_HOME", "data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME"}
    if xdg is None:
        monkeypatch.delenv(variable[kind], raising=False)
    else:
        monkeypatch.setenv(variable[kind], xdg)
    want = Path(getattr(Unix(paths.APP, appauthor=False), f"user_{kind}_dir"))
    assert paths.base_dir(kind, "linux") == want  # type: ignore[arg-type]


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_each_kind_sits_under_one_cookie_tui_folder(
    platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name)  # macOS honours them too when set
    local, roaming = "C:\\Users\\me\\AppData\\Local", "C:\\Users\\me\\AppData\\Roaming"
    for name, value in (("LOCAL_APPDATA", local), ("APPDATA", roaming)):
        monkeypatch.setenv(f"WIN_PD_OVERRIDE_{name}", value)  # what Windows would answer
        monkeypatch.setenv(name.replace("_", ""), value)  # the same, for older platformdirs
    folders = {
        kind: PureWindowsPath(str(paths.base_dir(kind, platform)))  # type: ignore[arg-type]
        if platform == "win32"
        else paths.base_dir(kind, platform)  # type: ignore[arg-type]
        for kind in KINDS
    }
    for kind, folder in folders.items():
        named = [part for part in folder.parts if part == paths.APP]
        assert named == [paths.APP], (kind, folder)  # never cookie-tui/cookie-tui
    if platform == "win32":  # appauthor=False: no second parent named after an author
        assert folders["config"].parent == PureWindowsPath(local)
        assert folders["data"] == folders["config"]
    elif platform == "darwin":
        assert folders["config"].parent.name == "Application Support"
        assert folders["cache"].parent.name == "Caches"
    else:
        assert folders["config"].parent.name == ".config"


def test_the_named_folders_are_inside_their_kinds() -> None:
    assert paths.user_policy_dir() == paths.config_dir() / "policies"
    assert paths.keep_file() == paths.config_dir() / "keep.yaml"
    assert paths.policy_cache_dir() == paths.cache_dir() / "policies"
    for folder in (paths.backups_dir(), paths.undo_dir(), paths.exports_dir()):
        assert folder.parent == paths.data_dir()
        assert folder.stat().st_mode & 0o777 == 0o700
