"""Whatever the umask, what cookie-tui writes holds cookie values and is private: every file
it creates in its data and cache folders is 0600, every folder 0700, and it writes nowhere
else than those folders, the store it changes and the export file it was told to write.

Runs under `umask 000`, the worst case: without explicit modes every file would be
world-readable and every folder world-writable.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cookie_tui.cli import main
from cookie_tui.paths import data_dir, policy_cache_dir
from cookie_tui.policy import catalog as policies

SITE = "imind.com"
STORES = {
    "chromium": "chromium/Default/Cookies",
    "firefox": "firefox/x7k2m9qa.default-release/cookies.sqlite",
    "firefox-wal": "firefox-wal/x7k2m9qa.default-release/cookies.sqlite",
}


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def tree(*roots: Path) -> dict[Path, tuple[int, str]]:
    """Every path under the roots: (mode, sha256 of the content or "" for a folder)."""
    out: dict[Path, tuple[int, str]] = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            st = path.lstat()
            digest = ""
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[path] = (stat.S_IMODE(st.st_mode), digest)
    return out


def under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def run(*argv: str) -> None:
    code = main(list(argv))
    assert code == 0, (argv, code)


def assert_private(folder: Path) -> None:
    wrong = []
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong.append(f"{path.relative_to(folder.parent)}: {mode:o}, want {want:o}")
    assert wrong == []


@pytest.mark.parametrize("kind", list(STORES))
def test_delete_undo_restore_export_write_only_private_files_where_expected(
    kind: str,
    fixture_stores: Path,
    tmp_path: Path,
    umask_000: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stores = tmp_path / "stores"
    shutil.copytree(fixture_stores, stores)
    store = stores / STORES[kind]
    out = tmp_path / "exports"
    out.mkdir()
    home = Path(os.environ["HOME"])
    policies._cache.clear()  # so this run parses the policies and fills the cache folder
    before = tree(home, stores, out)
    store_mode = before[store][0]
    s = ["--store", str(store)]

    run("delete", SITE, "--category", "analytics", "--yes", *s)
    run("undo")
    run("delete", SITE, "--name", "lang", "--yes", *s)
    capsys.readouterr()
    run("backups", "--json")
    backups = [r for r in json.loads(capsys.readouterr().out) if r["kind"] == "backup"]
    assert len(backups) == 3  # one before each deletion and one before the undo
    run("restore", backups[0]["id"], "--yes")
    run("export", SITE, "--format", "json", "-o", str(out / "c.json"), *s)
    run("export", SITE, "--format", "netscape", "-o", str(out / "c.txt"), *s)

    data = data_dir()
    cache = policy_cache_dir().parent
    scratch = Path(os.environ["XDG_RUNTIME_DIR"]) / "cookie-tui"
    after = tree(home, stores, out)
    assert_private(data)
    assert_private(cache)
    if scratch.exists():  # where stores were copied to be read: private, and left empty
        assert_private(scratch)
        assert list(scratch.iterdir()) == []
    for export in ("c.json", "c.txt"):
        assert after[out / export][0] == 0o600

    created = set(after) - set(before)
    removed = set(before) - set(after)
    allowed_new = {out / "c.json", out / "c.txt", *data.parents, *cache.parents}
    allowed_new |= {scratch, *scratch.parents}
    stray = [p for p in created if not under(p, data) and not under(p, cache)]
    stray = [p for p in stray if p not in allowed_new]
    assert stray == []
    # SQLite folds a -wal file into the store and removes it when the last connection
    # closes, as Firefox does on exit; nothing else may go.
    wal = store.with_name(store.name + "-wal")
    assert removed <= {wal}
    # Nothing outside the data folder changed but the store file itself (no journal is left
    # beside it) and its mode is still the one the browser gave it.
    changed = [
        p
        for p in before
        if p in after and before[p] != after[p] and not under(p, data) and not under(p, cache)
    ]
    assert set(changed) <= {store, wal}
    assert after[store][0] == store_mode


def test_the_demo_copy_is_private_too(umask_000: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo store is copied into the data folder: the copy must not be world-readable."""
    run("--demo", "delete", SITE, "--category", "analytics", "--yes")
    run("undo")
    demo = data_dir() / "demo"
    assert (demo / "Default" / "Cookies").is_file()
    assert_private(data_dir())


def test_missing_parents_of_the_data_folder_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_000: None
) -> None:
    """A fresh account has no `~/.local/share` yet: what cookie-tui creates there is 0700
    (the XDG spec's mode), never 0777 from the umask."""
    share = tmp_path / "fresh" / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    folder = data_dir()
    assert folder.is_relative_to(share)
    made = [share.parent.parent, share.parent, share, *share.glob("**/*")]
    assert made and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in made), [
        (p, oct(stat.S_IMODE(p.stat().st_mode))) for p in made
    ]
