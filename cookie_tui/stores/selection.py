"""Which stores a command works on: discovered ones, `--store PATH`, or the demo store."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..errors import StoreError, UsageError
from ..paths import demo_dir
from ..records import Family, Store
from ..timeconv import to_chromium
from .discovery import BROWSERS, chromium_cookie_file, chromium_profile_names, discover
from .sqlite_access import read_head, read_store

DEMO_SOURCE = Path(__file__).parent.parent / "demo"


def detect_family(path: Path) -> Family:
    """Chromium or Firefox by the tables inside, not by the file name."""
    if read_head(path, 4) == b"cook":
        return "safari"
    with read_store(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "moz_cookies" in tables:
        return "firefox"
    if "cookies" in tables and "meta" in tables:
        return "chromium"
    raise StoreError(path, "not a browser cookie store (no `cookies` or `moz_cookies` table)")


def _guess_browser(path: Path, family: Family) -> str:
    """The browser whose known folder is the longest part of the path: an ungoogled-chromium
    Flatpak's `.../config/chromium` is ungoogled-chromium, not chromium."""
    text = "/" + str(path).replace("\\", "/").lower().strip("/") + "/"
    best, length = ("chromium" if family == "chromium" else "firefox"), 0
    for kind in BROWSERS:
        if kind.family != family:
            continue
        for rel in (*kind.linux, *kind.mac, *kind.windows):
            rel = "/" + rel.replace("~/", "/").replace("%APPDATA%/", "/").lower().strip("/") + "/"
            if rel in text and len(rel) > length:
                best, length = kind.id, len(rel)
    return best


def store_from_path(path: Path) -> Store:
    """A Store for any single file, its profile found from where it really lies: through a
    symlink, the profile, its lock and the running browser are those of the target."""
    path = path.expanduser().resolve()
    family = detect_family(path)
    browser = _guess_browser(path, family)
    if family == "chromium":
        profile_dir = path.parent.parent if path.parent.name == "Network" else path.parent
        user_data_dir = profile_dir.parent
        try:
            names = chromium_profile_names(user_data_dir)
        except StoreError:
            names = {}
        profile = names.get(profile_dir.name, profile_dir.name)
        return Store(browser, family, profile, path, profile_dir, user_data_dir)
    return Store(browser, family, path.parent.name, path, path.parent)


def _rebase_demo_times(db: Path) -> None:
    """Shift every timestamp so the newest demo cookie was set just now: the demo never ages."""
    con = sqlite3.connect(db)
    try:
        newest = con.execute("SELECT max(creation_utc) FROM cookies").fetchone()[0] or 0
        shift = to_chromium(datetime.now(UTC)) - newest
        con.execute(
            "UPDATE cookies SET creation_utc = creation_utc + :d, "
            "last_access_utc = last_access_utc + :d, last_update_utc = last_update_utc + :d, "
            "expires_utc = CASE WHEN expires_utc = 0 THEN 0 ELSE expires_utc + :d END",
            {"d": shift},
        )
        con.commit()
    finally:
        con.close()


def reset_demo() -> None:
    """Forget the demo copy: the next `demo_store()` starts from the bundled original."""
    import shutil

    shutil.rmtree(demo_dir(), ignore_errors=True)


def demo_store() -> Store:
    """A private copy of the bundled demo store, so demo deletions never touch the package."""
    target = demo_dir()
    if not (target / "Default").exists():
        import shutil

        shutil.copytree(DEMO_SOURCE, target, dirs_exist_ok=True)
        for p in [target, *target.rglob("*")]:
            p.chmod(0o700 if p.is_dir() else 0o600)
        copied = chromium_cookie_file(target / "Default")
        if copied is not None:
            _rebase_demo_times(copied)
    cookie_file = chromium_cookie_file(target / "Default")
    if cookie_file is None:
        raise StoreError(target, "the demo store is missing from this installation")
    store = store_from_path(cookie_file)
    return Store("demo", "chromium", "Demo", store.path, store.profile_dir, store.user_data_dir)


def select_stores(
    *,
    browser: str | None = None,
    profile: str | None = None,
    store_path: Path | None = None,
    demo: bool = False,
) -> tuple[list[Store], list[StoreError]]:
    errors: list[StoreError]
    if demo:
        stores, errors = [demo_store()], []
    elif store_path is not None:
        stores, errors = [store_from_path(store_path)], []
    else:
        stores, errors = discover()
    if browser:
        stores = [s for s in stores if s.browser == browser or s.browser.startswith(browser + "-")]
    if profile:
        wanted = profile.lower()
        stores = [s for s in stores if wanted in (s.profile.lower(), s.profile_dir.name.lower())]
    if not stores and (browser or profile):
        raise UsageError(f"no store matches --browser {browser or '*'} --profile {profile or '*'}")
    return stores, errors
