"""Synthetic Chromium and Firefox cookie stores of any size, on the browsers' own schemas.

Each store starts as a copy of a store a real browser wrote (the committed fixture, or
one made here with the installed browser when the fixture is not there yet), emptied,
then filled with rows written by `tests/storefactory.py` (Chromium values encrypted as
Chromium on Linux does: v10, the "peanuts" key, SHA-256(host_key) prefix).

Generated stores are cached under `bench/.cache/` keyed by size, seed, generator version
and the template's schema, so repeated runs do not pay for 100,000 encryptions again.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import string
import subprocess
import sys
import tempfile
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.storefactory import NOW, chromium_row, firefox_row  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
FIXTURES = ROOT / "tests" / "fixtures" / "stores"
GENERATOR_VERSION = 3
BIG_SITE = "imind.com"
"""The site that holds a large analytics category (a tenth of the store, 10,000 at 100k)."""

COOKIES_PER_SITE = 20
PARTITIONED_SHARE = 0.08

TLDS = ["com"] * 10 + ["co.uk", "co.uk", "net", "org", "de", "io", "fr", "com.au", "nl"]
WORDS = [
    "news",
    "shop",
    "mail",
    "cloud",
    "video",
    "game",
    "bank",
    "travel",
    "food",
    "music",
    "sport",
    "tech",
    "photo",
    "book",
    "health",
    "car",
    "home",
    "store",
    "daily",
    "city",
    "market",
    "social",
    "learn",
    "work",
    "media",
]
SUBDOMAINS = ["shop", "app", "accounts", "cdn", "blog", "m", "login", "api", "static"]
IMIND_SUBDOMAINS = ["www", "app", "shop", "news", "blog", "docs", "help", "id", "pay", "m"]


# --- templates: a store a real browser created, emptied ------------------------------


def _fixture(family: str) -> Path | None:
    if family == "chromium":
        for rel in ("chromium/Default/Network/Cookies", "chromium/Default/Cookies"):
            if (FIXTURES / rel).is_file():
                return FIXTURES / rel
        return None
    found = sorted(FIXTURES.glob("firefox/*/cookies.sqlite"))
    return found[0] if found else None


class _SetCookie(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Set-Cookie", "seed=1; Max-Age=86400; Path=/")
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>ok</body></html>")

    def log_message(self, *args: object) -> None:
        pass


def _browse_once(command: list[str], home: Path) -> None:
    """Run a headless browser against a local server that sets one cookie."""
    server = HTTPServer(("127.0.0.1", 0), _SetCookie)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        argv = [a.replace("{PORT}", str(port)) for a in command]
        env = {**os.environ, "HOME": str(home)}
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=90
        )
    finally:
        server.shutdown()
        server.server_close()


def _made_by_browser(family: str, work: Path) -> Path:
    """A store written by the installed browser (used until the fixtures are committed)."""
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    if family == "chromium":
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise RuntimeError("no Chromium fixture store and no chromium to make one")
        ud = work / "ud"
        _browse_once(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--password-store=basic",
                "--host-resolver-rules=MAP * 127.0.0.1",
                f"--user-data-dir={ud}",
                "--no-first-run",
                "--disable-background-networking",
                "--dump-dom",
                "http://www.example.com:{PORT}/",
            ],
            home,
        )
        found = [p for p in (ud / "Default" / "Network" / "Cookies", ud / "Default" / "Cookies")]
    else:
        exe = shutil.which("firefox-esr") or shutil.which("firefox")
        if not exe:
            raise RuntimeError("no Firefox fixture store and no firefox to make one")
        profile = work / "profile"
        profile.mkdir(exist_ok=True)
        (profile / "user.js").write_text(
            'user_pref("network.dns.forceResolve", "127.0.0.1");\n'
            'user_pref("browser.shell.checkDefaultBrowser", false);\n'
            'user_pref("datareporting.policy.dataSubmissionEnabled", false);\n'
        )
        _browse_once(
            [
                exe,
                "--headless",
                "--no-remote",
                "--profile",
                str(profile),
                "--screenshot",
                str(work / "shot.png"),
                "http://www.example.com:{PORT}/",
            ],
            home,
        )
        found = [profile / "cookies.sqlite"]
    for path in found:
        if path.is_file():
            return path
    raise RuntimeError(f"{exe} did not write a cookie store")


def template(family: str) -> tuple[Path, str]:
    """An empty store with the browser's schema, and where that schema came from."""
    CACHE.mkdir(parents=True, exist_ok=True)
    fixture = _fixture(family)
    if fixture is not None:
        source, origin = fixture, f"fixture {fixture.relative_to(ROOT)}"
        target = CACHE / "templates" / f"{family}-fixture.sqlite"
        stale = not target.exists() or target.stat().st_mtime < fixture.stat().st_mtime
    else:
        target = CACHE / "templates" / f"{family}-browser.sqlite"
        origin = "made by the installed browser (fixture not committed yet)"
        stale = not target.exists()
        source = None
    if stale:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="cookie-bench-tpl-") as tmp:
            if source is None:
                source = _made_by_browser(family, Path(tmp))
            _copy_sqlite(source, target)
        table = "cookies" if family == "chromium" else "moz_cookies"
        con = sqlite3.connect(target)
        try:
            con.execute(f"DELETE FROM {table}")
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
    return target, origin


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy through SQLite's backup API so a store with a -wal file arrives whole. The
    source is copied first: opening a WAL database in place, even read-only, would leave
    -wal/-shm files beside the committed fixture."""
    with tempfile.TemporaryDirectory(prefix="cookie-bench-src-") as tmp:
        private = Path(tmp) / source.name
        shutil.copyfile(source, private)
        if Path(f"{source}-wal").exists():
            shutil.copyfile(f"{source}-wal", f"{private}-wal")
        src = sqlite3.connect(private)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    con = sqlite3.connect(target)
    try:
        # Chromium's stores use a rollback journal; Firefox's use WAL. Keep Firefox's mode.
        mode = "wal" if "moz_cookies" in _tables(con) else "delete"
        con.execute(f"PRAGMA journal_mode={mode}")
    finally:
        con.close()


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _schema_hash(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # never -wal/-shm beside it
    try:
        sql = "".join(
            r[0] or "" for r in con.execute("SELECT sql FROM sqlite_master ORDER BY name")
        )
    finally:
        con.close()
    return hashlib.sha256(sql.encode()).hexdigest()[:10]


# --- the synthetic content ------------------------------------------------------------


def _token(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choices(alphabet, k=n))


def _sites(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.choice(WORDS)}{i}.{rng.choice(TLDS)}" for i in range(count)]


def _host(rng: random.Random, site: str) -> str:
    roll = rng.random()
    if roll < 0.45:
        return "." + site
    if roll < 0.7:
        return "www." + site
    if roll < 0.85:
        return site
    return f"{rng.choice(SUBDOMAINS)}.{site}"


def _name_value(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    ts = 1_700_000_000 + rng.randrange(10**7)
    if roll < 0.12:
        return "_ga", f"GA1.1.{rng.randrange(10**9)}.{ts}"
    if roll < 0.2:
        return "_gid", f"GA1.1.{rng.randrange(10**9)}.{ts}"
    if roll < 0.26:
        return f"_ga_{_token(rng, 10, string.ascii_uppercase + string.digits)}", f"GS1.1.{ts}.1.1"
    if roll < 0.3:
        return "_fbp", f"fb.1.{ts}000.{rng.randrange(10**9)}"
    if roll < 0.4:
        sid = rng.choice(["SESSIONID", "PHPSESSID", "JSESSIONID", "sid", "session"])
        return sid, _token(rng, 32)
    if roll < 0.45:
        return "__Host-csrf", _token(rng, 24)
    if roll < 0.5:
        return "consent", "yes"
    return f"c_{_token(rng, 6, string.hexdigits.lower())}", _token(rng, rng.randrange(8, 64))


def plan(size: int, seed: int = 1) -> list[dict[str, object]]:
    """The cookies of a store of `size`, family-neutral: host, name, value, attributes."""
    rng = random.Random(seed * 1_000_003 + size)
    big = size // 10
    sites = _sites(rng, max(1, size // COOKIES_PER_SITE - 1))
    cookies: list[dict[str, object]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(host: str, name: str, value: str, partition: str = "", **attrs: object) -> None:
        while (host, name, partition) in seen:
            name = f"c_{_token(rng, 8, string.hexdigits.lower())}"
        seen.add((host, name, partition))
        cookies.append(
            {"host": host, "name": name, "value": value, "partition": partition, **attrs}
        )

    def attributes() -> dict[str, object]:
        persistent = rng.random() < 0.7
        return {
            "expires": NOW + timedelta(days=rng.randrange(1, 400)) if persistent else None,
            "secure": rng.random() < 0.6,
            "http_only": rng.random() < 0.3,
            "created": NOW - timedelta(seconds=rng.randrange(86_400 * 300)),
        }

    # imind.com: a few ordinary cookies, and a tenth of the store as `_ga_XXXX` analytics.
    for name in ("sessionid", "csrftoken", "consent", "_ga", "_gid", "lang"):
        add(
            ".imind.com" if name.startswith("_") else "imind.com",
            name,
            _token(rng, 24),
            **attributes(),
        )
    for i in range(big):
        sub = IMIND_SUBDOMAINS[i % len(IMIND_SUBDOMAINS)]
        name = f"_ga_{_token(rng, 10, string.ascii_uppercase + string.digits)}"
        ts = 1_700_000_000 + rng.randrange(10**7)
        add(f".{sub}.{BIG_SITE}", name, f"GS1.1.{ts}.1.1.{ts}.0.0.0", **attributes())

    while len(cookies) < size:
        site = rng.choice(sites)
        name, value = _name_value(rng)
        attrs = attributes()
        partition = ""
        if rng.random() < PARTITIONED_SHARE:
            partition = rng.choice(sites)
            attrs["secure"] = True
        add(_host(rng, site), name, value, partition, **attrs)
    return cookies


def _chromium_rows(cookies: list[dict[str, object]], rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for c in cookies:
        partition = str(c["partition"])
        rows.append(
            chromium_row(
                str(c["host"]),
                str(c["name"]),
                str(c["value"]),
                path="/",
                expires=c["expires"],  # type: ignore[arg-type]
                secure=bool(c["secure"]),
                http_only=bool(c["http_only"]),
                samesite=rng.choice([-1, 0, 1, 2]),
                top_frame_site=f"https://{partition}" if partition else "",
                created=c["created"],  # type: ignore[arg-type]
            )
        )
    return rows


def _firefox_rows(cookies: list[dict[str, object]], rng: random.Random) -> list[dict[str, object]]:
    return [
        firefox_row(
            str(c["host"]),
            str(c["name"]),
            str(c["value"]),
            expires=c["expires"],  # type: ignore[arg-type]
            secure=bool(c["secure"]),
            http_only=bool(c["http_only"]),
            samesite=rng.choice([0, 1, 2]),
            partition_site=str(c["partition"]),
            created=c["created"],  # type: ignore[arg-type]
        )
        for c in cookies
    ]


def _insert_many(db: Path, table: str, rows: list[dict[str, object]]) -> None:
    """`storefactory.insert`, batched: one prepared statement for all rows."""
    con = sqlite3.connect(db)
    try:
        columns = {r[1]: r for r in con.execute(f"PRAGMA table_info({table})")}
        names = [n for n in rows[0] if n in columns]
        missing = [
            n
            for n, info in columns.items()
            if n not in rows[0] and info[3] and info[4] is None and not info[5]
        ]
        marks = ", ".join("?" * (len(names) + len(missing)))
        sql = f"INSERT INTO {table} ({', '.join(names + missing)}) VALUES ({marks})"
        con.executemany(sql, ([row[n] for n in names] + [0] * len(missing) for row in rows))
        con.commit()
    finally:
        con.close()


def build(family: str, size: int, seed: int = 1) -> tuple[Path, str]:
    """The path of a generated store (made once, then cached) and its template's origin."""
    tpl, origin = template(family)
    key = f"{family}-{size}-s{seed}-g{GENERATOR_VERSION}-{_schema_hash(tpl)}"
    if family == "chromium":
        path = CACHE / "stores" / key / "Default" / "Cookies"
    else:
        path = CACHE / "stores" / key / "bench.default-release" / "cookies.sqlite"
    if path.is_file():
        for suffix in ("-wal", "-shm"):  # left by an earlier bench's read-only open
            stray = Path(f"{path}{suffix}")
            if suffix == "-shm" or (stray.exists() and stray.stat().st_size == 0):
                stray.unlink(missing_ok=True)
        return path, origin
    shutil.rmtree(CACHE / "stores" / key, ignore_errors=True)
    path.parent.mkdir(parents=True)
    partial = path.with_name(path.name + ".partial")
    shutil.copyfile(tpl, partial)
    cookies = plan(size, seed)
    rng = random.Random(seed)
    if family == "chromium":
        _insert_many(partial, "cookies", _chromium_rows(cookies, rng))
    else:
        _insert_many(partial, "moz_cookies", _firefox_rows(cookies, rng))
    con = sqlite3.connect(partial)
    try:
        if family == "firefox":
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path, origin


def count_rows(path: Path, where: str = "1") -> int:
    table = "moz_cookies" if path.name == "cookies.sqlite" else "cookies"
    # immutable: a read-only open of a WAL-mode store leaves -wal/-shm beside it, and
    # cookie-tui reads a store with a -wal (a running Firefox) from a copy
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])
    finally:
        con.close()
