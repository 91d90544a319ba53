"""Driving the real Debian `chromium` and `firefox-esr` against a local cookie-setting server.

Everything runs on 127.0.0.1: the browsers resolve every host name to it (Chromium through
`--host-resolver-rules`, Firefox through `network.dns.forceResolve`), so pages of
`www.imind.com`, `facebook.com` or `vk.com` are all answered by `CookieServer`, which serves
plain HTTP on one port and HTTPS (a self-signed certificate made at run time with the
`openssl` CLI) on another. URLs therefore carry explicit ports: `https://www.imind.com:PORT/`.
Cookies do not care about ports, except Chromium's `source_port` column.

Typical use::

    with CookieServer(FIXTURE_COOKIES) as server:
        run_chromium(user_data_dir, server.tour_urls("fixture"))
        sent = chromium_echo(user_data_dir, server.url("www.imind.com", "/echo"))

Endpoints (on any host, over both schemes):

* ``/set/<scenario>`` – sets the scenario's cookies whose `CookieSpec.host` is this host and
  whose `via`/`scheme`/`frame` match: by `Set-Cookie` headers (``via="header"``) and by
  ``document.cookie`` in an inline script (``via="js"``). With ``?frame=0`` (the default) the
  page also embeds, as an iframe, ``/set/<scenario>?frame=1`` of every third-party host that
  has cookies to set from inside a frame on this top-level host (`CookieSpec.top_frame`).
* ``/echo`` – the request's ``Cookie`` header verbatim inside ``<pre id="cookie">``.

Processes are always killed in ``finally`` and every wait is bounded.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import fcntl
import hashlib
import html
import json
import os
import re
import select
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

CHROMIUM = "chromium"
FIREFOX = "firefox-esr"
LOOPBACK = "127.0.0.1"

__all__ = [
    "DEMO_COOKIES",
    "FIXTURE_COOKIES",
    "CookieServer",
    "CookieSpec",
    "browsers_available",
    "chromium_available",
    "chromium_echo",
    "cookie_tui",
    "drive_chromium",
    "firefox_available",
    "firefox_echo",
    "isolated_env",
    "run_chromium",
    "run_firefox",
]


# --------------------------------------------------------------------------- cookies


@dataclasses.dataclass(frozen=True)
class CookieSpec:
    """One cookie the server sets, and how.

    `host` is the host whose page sets it (the cookie's host when host-only). `domain` is the
    `Domain=` attribute (without a leading dot) or None for a host-only cookie. `expires` is an
    absolute `Expires=` date, `max_age` a `Max-Age=` in seconds; neither means a session cookie.
    `samesite` is "None", "Lax", "Strict" or None (attribute not sent). `via` is "header" or
    "js". `scheme` is the scheme of the page that sets it. `top_frame` is set for cookies set
    from inside an iframe: the top-level host that embeds `host`. `category` is iMind's cookie
    policy category (or "undeclared"), for the demo; tests ignore it.
    """

    host: str
    name: str
    value: str
    path: str = "/"
    domain: str | None = None
    expires: datetime | None = None
    max_age: int | None = None
    secure: bool = False
    httponly: bool = False
    samesite: str | None = None
    partitioned: bool = False
    via: str = "header"
    scheme: str = "https"
    top_frame: str | None = None
    category: str = ""

    @property
    def session(self) -> bool:
        return self.expires is None and self.max_age is None

    def attributes(self) -> str:
        """The `Set-Cookie` / `document.cookie` string."""
        parts = [f"{self.name}={self.value}", f"Path={self.path}"]
        if self.domain:
            parts.append(f"Domain={self.domain}")
        if self.expires is not None:
            parts.append("Expires=" + format_datetime(self.expires, usegmt=True))
        if self.max_age is not None:
            parts.append(f"Max-Age={self.max_age}")
        if self.secure:
            parts.append("Secure")
        if self.httponly:
            parts.append("HttpOnly")
        if self.samesite:
            parts.append(f"SameSite={self.samesite}")
        if self.partitioned:
            parts.append("Partitioned")
        return "; ".join(parts)

    def expected(self) -> dict[str, object]:
        """What `expected.json` records for this cookie."""
        return {
            "set_by_host": self.host,
            "name": self.name,
            "value": self.value,
            "path": self.path,
            "domain": self.domain,
            "host_only": self.domain is None,
            "secure": self.secure,
            "httponly": self.httponly,
            "samesite": self.samesite,
            "partitioned": self.partitioned,
            "top_frame_site": (
                f"https://{registrable(self.top_frame)}" if self.top_frame else None
            ),
            "session": self.session,
            "expires": int(self.expires.timestamp()) if self.expires else None,
            "max_age": self.max_age,
            "via": self.via,
            "scheme": self.scheme,
            "category": self.category,
        }


def registrable(host: str) -> str:
    """The site of our test hosts: the last two labels (all our hosts are under .com)."""
    return ".".join(host.split(".")[-2:])


DAY = 86400
YEAR = 365 * DAY
# Absolute dates far out, so the header text is stable; browsers cap them (400 days).
FAR = datetime(2031, 1, 1, tzinfo=UTC)
MID = datetime(2029, 6, 1, tzinfo=UTC)
W = "www.imind.com"

# The attribute matrix the reader tests compare against; realistic iMind names.
FIXTURE_COOKIES: tuple[CookieSpec, ...] = (
    CookieSpec(
        W,
        "imind_session",
        "s3ss10n-4f2a9c",
        httponly=True,
        secure=True,
        samesite="Lax",
        category="login",
    ),
    CookieSpec(
        W,
        "remember_me",
        "u1842-tok-9b1e",
        max_age=30 * 86400,
        httponly=True,
        secure=True,
        samesite="Strict",
        category="login",
    ),
    CookieSpec(W, "lang", "en", domain="imind.com", expires=FAR, category="preferences"),
    CookieSpec(W, "theme", "dark", expires=MID, samesite="Lax", via="js", category="preferences"),
    CookieSpec(W, "cart_id", "c-77120", samesite="Strict", via="js", category="orders"),
    CookieSpec(
        W,
        "account_tab",
        "billing",
        path="/account",
        max_age=YEAR,
        secure=True,
        samesite="Lax",
        category="account",
    ),
    CookieSpec(W, "csrftoken", "f0rmT0k3n", secure=True, samesite="None", category="forms"),
    CookieSpec(
        W,
        "_ga",
        "GA1.1.123456789.1700000000",
        domain="imind.com",
        max_age=2 * YEAR,
        via="js",
        samesite="Lax",
        category="analytics",
    ),
    CookieSpec(
        W,
        "_gid",
        "GA1.1.987654321.1700000000",
        domain="imind.com",
        max_age=86400,
        via="js",
        category="analytics",
    ),
    CookieSpec(
        W,
        "_fbp",
        "fb.1.1700000000000.1234567890",
        domain="imind.com",
        max_age=90 * 86400,
        via="js",
        samesite="Lax",
        category="social",
    ),
    CookieSpec(W, "newsletter_seen", "1", scheme="http", max_age=YEAR, category="newsletters"),
    CookieSpec(W, "tracking_xyz", "x-5521", domain="imind.com", expires=FAR, category="undeclared"),
    CookieSpec(
        "facebook.com",
        "fr",
        "0AbCdEfGhIjKlMn.fake",
        domain="facebook.com",
        max_age=90 * 86400,
        secure=True,
        httponly=True,
        samesite="None",
        category="social",
    ),
    CookieSpec(
        "facebook.com",
        "datr",
        "dAtRfAkEvAlUe123",
        domain="facebook.com",
        max_age=2 * YEAR,
        secure=True,
        httponly=True,
        samesite="None",
        category="social",
    ),
    CookieSpec(
        "vk.com",
        "remixlang",
        "3",
        domain="vk.com",
        max_age=YEAR,
        secure=True,
        samesite="None",
        category="social",
    ),
    CookieSpec(
        "embed.partner-widget.com",
        "widget_uid",
        "pw-31337",
        secure=True,
        samesite="None",
        partitioned=True,
        max_age=YEAR,
        top_frame=W,
        category="undeclared",  # a partner widget the iMind policy does not name
    ),
)

# The demo store: iMind and its third parties, every category of iMind's policy, with the
# vendors' usual lifetimes. Two break the policy on purpose, so the audit has something to
# show: `_gid` lives 30 days (declared 24 hours), `remember_me` persists (login: session).
_D = [
    # account
    (
        W,
        "account_tab",
        "orders",
        dict(path="/account", max_age=2 * YEAR, secure=True, samesite="Lax"),
        "account",
    ),
    (W, "account_id", "acc-5f1e2d", dict(max_age=2 * YEAR, secure=True, httponly=True), "account"),
    # login
    (
        W,
        "imind_session",
        "s3ss10n-4f2a9c7d",
        dict(secure=True, httponly=True, samesite="Lax"),
        "login",
    ),
    (
        W,
        "remember_me",
        "u1842-tok-9b1e",
        dict(max_age=30 * DAY, secure=True, httponly=True, samesite="Strict"),
        "login",
    ),
    (W, "sso_state", "st-8812", dict(domain="imind.com", secure=True, samesite="None"), "login"),
    # surveys
    (W, "survey_nps_done", "2024q4", dict(max_age=YEAR, via="js"), "surveys"),
    (W, "hj_survey_shown", "1", dict(domain="imind.com", max_age=YEAR, via="js"), "surveys"),
    # preferences
    (W, "lang", "en", dict(domain="imind.com", max_age=YEAR), "preferences"),
    (W, "theme", "dark", dict(max_age=YEAR, samesite="Lax", via="js"), "preferences"),
    (
        W,
        "cookie_consent",
        "analytics:1|ads:1|social:1",
        dict(domain="imind.com", max_age=YEAR),
        "preferences",
    ),
    # newsletters
    (W, "newsletter_seen", "1", dict(max_age=YEAR, via="js"), "newsletters"),
    (W, "nl_subscriber", "ns-4411", dict(max_age=YEAR, secure=True), "newsletters"),
    # orders
    (W, "cart_id", "c-77120", dict(max_age=7 * DAY, samesite="Strict"), "orders"),
    (
        W,
        "last_order",
        "IM-2024-000731",
        dict(path="/account", max_age=90 * DAY, secure=True, httponly=True),
        "orders",
    ),
    # forms
    (W, "csrftoken", "f0rmT0k3nA1b2", dict(secure=True, samesite="Strict"), "forms"),
    (W, "form_draft", "contact-42", dict(max_age=30 * DAY, via="js"), "forms"),
    # analytics
    (
        W,
        "_ga",
        "GA1.1.123456789.1700000000",
        dict(domain="imind.com", max_age=2 * YEAR, via="js"),
        "analytics",
    ),
    (
        W,
        "_ga_7XK2M9QH4P",
        "GS1.1.1700000000.3.1.1700000600.0.0.0",
        dict(domain="imind.com", max_age=2 * YEAR, via="js"),
        "analytics",
    ),
    (
        W,
        "_gid",
        "GA1.1.987654321.1700000000",
        dict(domain="imind.com", max_age=30 * DAY, via="js"),
        "analytics",
    ),
    (
        W,
        "_gat_UA-48213577-1",
        "1",
        dict(domain="imind.com", max_age=60, via="js"),
        "analytics",
    ),
    (
        W,
        "__utma",
        "173272373.1414711442.1700000000.1700000000.1700000000.1",
        dict(domain="imind.com", max_age=2 * YEAR, via="js"),
        "analytics",
    ),
    (
        W,
        "__utmz",
        "173272373.1700000000.1.1.utmcsr=(direct)|utmccn=(direct)|utmcmd=(none)",
        dict(domain="imind.com", max_age=180 * DAY, via="js"),
        "analytics",
    ),
    # testing
    (
        W,
        "_vwo_uuid",
        "D6A2E5B7C1F04E9A8B3C2D1E0F9A8B7C6",
        dict(domain="imind.com", max_age=YEAR, via="js"),
        "testing",
    ),
    (
        W,
        "_gaexp",
        "GAX1.2.aBcDeF12345.19876.1",
        dict(domain="imind.com", max_age=90 * DAY, via="js"),
        "testing",
    ),
    (
        W,
        "optimizelyEndUserId",
        "oeu1700000000000r0.123456789",
        dict(domain="imind.com", max_age=180 * DAY, via="js"),
        "testing",
    ),
    # advertising
    (
        W,
        "_gcl_au",
        "1.1.1234567890.1700000000",
        dict(domain="imind.com", max_age=90 * DAY, via="js"),
        "advertising",
    ),
    (
        W,
        "_uetsid",
        "a1b2c3d4e5f611eeb0c2a1b2c3d4e5f6",
        dict(domain="imind.com", max_age=DAY, via="js"),
        "advertising",
    ),
    (
        W,
        "_fbc",
        "fb.1.1700000000000.IwAR0fakeclid",
        dict(domain="imind.com", max_age=90 * DAY, via="js"),
        "advertising",
    ),
    # affiliates
    (W, "aff_id", "partner-1187", dict(max_age=30 * DAY), "affiliates"),
    (
        W,
        "irclickid",
        "Qw1Xk3fake0Z",
        dict(domain="imind.com", max_age=30 * DAY, secure=True, samesite="None"),
        "affiliates",
    ),
    (W, "_aff_ref", "blog.example-reviews.com", dict(max_age=30 * DAY, via="js"), "affiliates"),
    # social, first party
    (
        W,
        "_fbp",
        "fb.1.1700000000000.1234567890",
        dict(domain="imind.com", max_age=90 * DAY, via="js"),
        "social",
    ),
    # social, third parties
    (
        "facebook.com",
        "fr",
        "0AbCdEfGhIjKlMn.fakeFr",
        dict(domain="facebook.com", max_age=90 * DAY, secure=True, httponly=True, samesite="None"),
        "social",
    ),
    (
        "facebook.com",
        "datr",
        "dAtRfAkEvAlUe123",
        dict(domain="facebook.com", max_age=2 * YEAR, secure=True, httponly=True, samesite="None"),
        "social",
    ),
    (
        "vk.com",
        "remixlang",
        "3",
        dict(domain="vk.com", max_age=YEAR, secure=True, samesite="None"),
        "social",
    ),
    (
        "vk.com",
        "remixstid",
        "1029384756_fakeStid",
        dict(domain="vk.com", max_age=YEAR, secure=True, httponly=True, samesite="None"),
        "social",
    ),
    (
        "twitter.com",
        "guest_id",
        "v1%3A170000000000000000",
        dict(domain="twitter.com", max_age=2 * YEAR, secure=True, samesite="None"),
        "social",
    ),
    (
        "twitter.com",
        "personalization_id",
        '"v1_FakePersonalization=="',
        dict(domain="twitter.com", max_age=2 * YEAR, secure=True, samesite="None"),
        "social",
    ),
    (
        "x.com",
        "guest_id",
        "v1%3A170000000000000001",
        dict(domain="x.com", max_age=2 * YEAR, secure=True, samesite="None"),
        "social",
    ),
    (
        "x.com",
        "personalization_id",
        '"v1_FakePersonalizationX=="',
        dict(domain="x.com", max_age=2 * YEAR, secure=True, samesite="None"),
        "social",
    ),
    # a vendor's cookie iMind's policy does not name: the common policy knows it (AdRoll)
    (
        W,
        "__adroll_fpc",
        "a1b2c3d4e5f6-1700000000000",
        dict(domain="imind.com", max_age=YEAR, via="js"),
        "marketing",
    ),
    # undeclared
    (W, "tracking_xyz", "x-5521", dict(domain="imind.com", max_age=2 * YEAR), "undeclared"),
    (
        "www.google-analytics.com",
        "_ga_collect_debug",
        "1",
        dict(max_age=2 * YEAR, secure=True, samesite="None"),
        "undeclared",
    ),
    # a partitioned third-party cookie (CHIPS), set from a widget framed by www.imind.com
    (
        "embed.partner-widget.com",
        "widget_uid",
        "pw-31337",
        dict(max_age=YEAR, secure=True, samesite="None", partitioned=True, top_frame=W),
        "undeclared",  # a partner widget the iMind policy does not name
    ),
]
DEMO_COOKIES: tuple[CookieSpec, ...] = tuple(
    CookieSpec(host, name, value, category=cat, **kw)  # type: ignore[arg-type]
    for host, name, value, kw, cat in _D
)

SCENARIOS: dict[str, tuple[CookieSpec, ...]] = {"fixture": FIXTURE_COOKIES, "demo": DEMO_COOKIES}


# --------------------------------------------------------------------------- server


def _make_cert(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=www.imind.com", "-addext", "subjectAltName=DNS:*.com,DNS:imind.com",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


class _Handler(BaseHTTPRequestHandler):
    server_version = "cookie-tui-test/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        self.server.owner.log.append(f"{self.command} {self.headers.get('Host')} {self.path}")  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        owner: CookieServer = self.server.owner  # type: ignore[attr-defined]
        scheme = self.server.scheme  # type: ignore[attr-defined]
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        headers: list[tuple[str, str]] = []
        if url.path == "/echo":
            owner.echoes.append(self.headers.get("Cookie", ""))
            body = f'<pre id="cookie">{html.escape(self.headers.get("Cookie", ""))}</pre>'
        elif url.path.startswith("/set/") and url.path[5:] in owner.scenarios:
            scenario = url.path[5:]
            framed = query.get("frame", ["0"])[0] == "1"
            body, headers = owner.render_set_page(scenario, host, scheme, framed)
        elif url.path == "/favicon.ico":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            body = f"<p>{html.escape(host)}{html.escape(url.path)}</p>"
        data = f"<!doctype html><html><body>{body}</body></html>".encode()
        self.send_response(200)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class CookieServer:
    """HTTP + HTTPS on 127.0.0.1 (ephemeral ports), answering for any Host header.

    Use as a context manager. `url(host, path, scheme)` builds a URL with the right port;
    `tour_urls(scenario)` lists the pages a browser must visit so that every cookie of the
    scenario gets set; `echoes` collects the `Cookie` headers /echo saw; `log` the requests.
    """

    def __init__(self, scenarios: dict[str, Sequence[CookieSpec]] | None = None) -> None:
        self.scenarios = dict(scenarios or SCENARIOS)
        self.echoes: list[str] = []
        self.log: list[str] = []
        self._tmp = tempfile.TemporaryDirectory(prefix="cookie-tui-server-")
        self._servers: list[ThreadingHTTPServer] = []
        self.ports: dict[str, int] = {}

    def __enter__(self) -> CookieServer:
        cert, key = _make_cert(Path(self._tmp.name))
        for scheme in ("http", "https"):
            srv = ThreadingHTTPServer((LOOPBACK, 0), _Handler)
            srv.daemon_threads = True
            srv.owner = self  # type: ignore[attr-defined]
            srv.scheme = scheme  # type: ignore[attr-defined]
            if scheme == "https":
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(cert, key)
                srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
            self.ports[scheme] = srv.server_address[1]
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            self._servers.append(srv)
        return self

    def __exit__(self, *exc: object) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._tmp.cleanup()

    def url(self, host: str, path: str = "/", scheme: str = "https") -> str:
        return f"{scheme}://{host}:{self.ports[scheme]}{path}"

    def tour_urls(self, scenario: str) -> list[str]:
        """Top-level pages that set every cookie of `scenario` (frames come with their top)."""
        urls: list[str] = []
        for spec in self.scenarios[scenario]:
            host = spec.top_frame or spec.host
            url = self.url(host, f"/set/{scenario}", spec.scheme)
            if url not in urls:
                urls.append(url)
        return urls

    def render_set_page(
        self, scenario: str, host: str, scheme: str, framed: bool
    ) -> tuple[str, list[tuple[str, str]]]:
        headers: list[tuple[str, str]] = []
        script: list[str] = []
        frames: list[str] = []
        for spec in self.scenarios[scenario]:
            if spec.host == host and spec.scheme == scheme and bool(spec.top_frame) == framed:
                if spec.via == "header":
                    headers.append(("Set-Cookie", spec.attributes()))
                else:
                    script.append(f"document.cookie = {json.dumps(spec.attributes())};")
            if not framed and spec.top_frame == host and scheme == "https":
                src = self.url(spec.host, f"/set/{scenario}?frame=1")
                if src not in frames:
                    frames.append(src)
        body = f"<h1>{html.escape(host)} sets {scenario} cookies</h1>"
        if script:
            body += "<script>\n" + "\n".join(script) + "\n</script>"
        body += "".join(f'<iframe src="{html.escape(src)}"></iframe>' for src in frames)
        return body, headers


# --------------------------------------------------------------------------- processes


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None


def firefox_available() -> bool:
    return shutil.which(FIREFOX) is not None


def browsers_available() -> bool:
    """Both Debian browsers and the `openssl` CLI (for the server's certificate) are here."""
    return chromium_available() and firefox_available() and shutil.which("openssl") is not None


def require_browsers() -> None:
    """Skip a test without the browsers, except under CI=true, where that is a failure."""
    import pytest

    if browsers_available():
        return
    message = "chromium, firefox-esr or openssl is not installed"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: the browser tests must run)")
    pytest.skip(message)


def cookie_tui(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `cookie-tui` command in a child, with HOME and XDG folders in `home`."""
    return subprocess.run(
        [sys.executable, "-m", "cookie_tui", *args],
        env=isolated_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )


def isolated_env(home: Path) -> dict[str, str]:
    """The process environment with HOME and XDG_* dirs under `home` (never the real ones)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MOZ_", "CHROME"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(home / ".run"),
        TMPDIR=_short_tmp(home),
    )
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True, mode=0o700)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


_SHORT_TMP = Path(tempfile.mkdtemp(prefix="ct-"))
atexit.register(shutil.rmtree, _SHORT_TMP, ignore_errors=True)


def _short_tmp(home: Path) -> str:
    """A TMPDIR of its own for `home`, with a short path: chromium puts its singleton socket
    there, and a Unix socket's path may not pass 107 bytes (pytest-xdist's per-worker
    folders made the one under `home` too long)."""
    return str(_SHORT_TMP / hashlib.sha256(str(home).encode()).hexdigest()[:12])


def _kill(proc: subprocess.Popen[bytes] | None) -> None:
    """End `proc` and its process group (browsers fork helpers); bounded."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        proc.wait(timeout=5)


# --------------------------------------------------------------------------- chromium

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--headless",
    "--password-store=basic",
    "--host-resolver-rules=MAP * 127.0.0.1",
    "--ignore-certificate-errors",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
    "--metrics-recording-only",
)


def prepare_chromium_profile(
    user_data_dir: Path, *, restore_session: bool = True, profile_name: str = "Person 1"
) -> None:
    """A fresh user-data dir: third-party cookies allowed, and (by default) "continue where
    you left off", which makes Chromium keep session cookies on disk across a clean exit."""
    default = user_data_dir / "Default"
    default.mkdir(parents=True, exist_ok=True)
    prefs_path = default / "Preferences"
    prefs = json.loads(prefs_path.read_text()) if prefs_path.exists() else {}
    prefs.setdefault("profile", {}).update(
        {
            "name": profile_name,
            "cookie_controls_mode": 0,
            "block_third_party_cookies": False,
            "exit_type": "Normal",
            "exited_cleanly": True,
        }
    )
    prefs.setdefault("session", {})["restore_on_startup"] = 1 if restore_session else 5
    prefs.setdefault("browser", {})["has_seen_welcome_page"] = True
    prefs_path.write_text(json.dumps(prefs))
    local_state = user_data_dir / "Local State"
    state = json.loads(local_state.read_text()) if local_state.exists() else {}
    state.setdefault("browser", {})["enabled_labs_experiments"] = []
    info = state.setdefault("profile", {}).setdefault("info_cache", {})
    info.setdefault("Default", {}).update({"name": profile_name, "is_using_default_name": False})
    local_state.write_text(json.dumps(state))


class _CdpPipe:
    """Chrome DevTools Protocol over `--remote-debugging-pipe` (fd 3 in, fd 4 out, messages
    NUL-terminated JSON): no websocket client needed. Every read is bounded by `deadline`."""

    def __init__(self, write_fd: int, read_fd: int, deadline: float) -> None:
        self.write_fd, self.read_fd, self.deadline = write_fd, read_fd, deadline
        self.buf = b""
        self.next_id = 0

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        msg: dict[str, object] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.write_fd, json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"CDP {method}: {reply['error']}")
                    return reply.get("result", {})
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.read_fd], [], [], left)[0]:
                raise TimeoutError(f"chromium did not answer {method} in time")
            chunk = os.read(self.read_fd, 1 << 16)
            if not chunk:
                raise RuntimeError(f"chromium closed the DevTools pipe during {method}")
            self.buf += chunk

    def evaluate(self, session: str, expression: str) -> object:
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        return result.get("result", {}).get("value")

    def load(self, session: str, url: str, settle: float) -> str:
        """Navigate, wait for the load (frames included), let scripts run; return the DOM."""
        self.call("Page.navigate", {"url": url}, session)
        ready = f"location.href === {json.dumps(url)} && document.readyState"
        while self.evaluate(session, ready) != "complete":
            if time.monotonic() > self.deadline:
                raise TimeoutError(f"chromium did not load {url} in time")
            time.sleep(0.05)
        time.sleep(settle)
        return str(self.evaluate(session, "document.documentElement.outerHTML"))


def run_chromium(
    user_data_dir: Path,
    urls: Iterable[str],
    *,
    home: Path | None = None,
    restore_session: bool = True,
    settle: float = 0.2,
    timeout: float = 30.0,
) -> list[str]:
    """Visit `urls` in one headless Debian chromium on `user_data_dir`; returns each DOM.

    Driven over the DevTools pipe; ends with `Browser.close`, a clean exit that flushes the
    cookie store to `Default/Cookies`. With `restore_session` ("continue where you left off",
    the default here) chromium also writes session cookies to disk (expires_utc 0,
    is_persistent 0); without it, a clean exit drops them. HOME/XDG point at `home`
    (default: a `.home` folder beside `user_data_dir`). Whole run bounded by `timeout`.
    """
    user_data_dir = Path(user_data_dir)
    home = Path(home) if home else user_data_dir.parent / ".home"
    home.mkdir(parents=True, exist_ok=True)
    prepare_chromium_profile(user_data_dir, restore_session=restore_session)
    args = [*CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}"]
    log = user_data_dir.parent / "chromium.log"
    return drive_chromium(args, isolated_env(home), log, urls, settle=settle, timeout=timeout)


def drive_chromium(
    args: list[str],
    env: dict[str, str],
    log_path: Path,
    urls: Iterable[str],
    *,
    settle: float = 0.2,
    timeout: float = 30.0,
) -> list[str]:
    """Start Debian chromium with `args`, visit `urls` over the DevTools pipe, quit with
    `Browser.close` (the clean exit that writes the cookie store); returns each DOM."""
    cmd_r, cmd_w = os.pipe()
    resp_r, resp_w = os.pipe()

    def child_fds() -> None:  # runs in the child before exec: fds 3 and 4 for the pipe
        a = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 100)
        b = fcntl.fcntl(resp_w, fcntl.F_DUPFD, 100)
        os.dup2(a, 3)
        os.dup2(b, 4)

    cmd = [CHROMIUM, *args, "--remote-debugging-pipe", "about:blank"]
    proc = None
    log = open(log_path, "ab")  # noqa: SIM115 - closed in finally
    try:
        proc = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            pass_fds=(3, 4),
            preexec_fn=child_fds,
            start_new_session=True,
        )
        os.close(cmd_r)
        os.close(resp_w)
        cdp = _CdpPipe(cmd_w, resp_r, time.monotonic() + timeout)
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        pages = [cdp.load(session, url, settle) for url in urls]
        cdp.call("Browser.close")
        code = proc.wait(timeout=max(1.0, cdp.deadline - time.monotonic()))
        if code != 0:
            raise RuntimeError(f"chromium exited {code}; see {log.name}")
        return pages
    finally:
        for fd in (cmd_r, resp_w, cmd_w, resp_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        _kill(proc)
        log.close()


def _echo_text(dom: str) -> str:
    match = re.search(r'<pre id="cookie">(.*?)</pre>', dom, re.S)
    if match is None:
        raise RuntimeError(f"no /echo output in page: {dom[:500]!r}")
    return html.unescape(match.group(1))


def chromium_echo(user_data_dir: Path, url: str, **kwargs: object) -> str:
    """The `Cookie` header chromium sent to `url` (an /echo URL), in a run of its own."""
    return _echo_text(run_chromium(user_data_dir, [url], **kwargs)[0])  # type: ignore[arg-type]


def chromium_cookie_db(user_data_dir: Path) -> Path:
    """Where this chromium wrote the profile's cookies (`Default/Cookies` or Network/)."""
    for rel in ("Default/Network/Cookies", "Default/Cookies"):
        if (Path(user_data_dir) / rel).exists():
            return Path(user_data_dir) / rel
    raise FileNotFoundError(f"no cookie store in {user_data_dir}")


# --------------------------------------------------------------------------- firefox

FIREFOX_PREFS: dict[str, object] = {
    "network.dns.forceResolve": LOOPBACK,
    "network.trr.mode": 5,
    "network.proxy.type": 0,
    "network.dns.disableIPv6": True,
    # dFPI, Firefox's default: third-party cookies are kept, partitioned by top-level site.
    "network.cookie.cookieBehavior": 5,
    # keep session cookies across a quit (written to sessionstore.jsonlz4)
    "browser.startup.page": 3,
    "browser.sessionstore.resume_from_crash": True,
    "browser.sessionstore.privacy_level": 0,
    "browser.sessionstore.interval": 1000,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.aboutwelcome.enabled": False,
    "startup.homepage_welcome_url": "",
    "startup.homepage_welcome_url.additional": "",
    "browser.startup.homepage": "about:blank",
    "browser.newtabpage.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.server": "",
    "app.update.enabled": False,
    "app.update.auto": False,
    "app.normandy.enabled": False,
    "extensions.update.enabled": False,
    "extensions.blocklist.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.ping-centre.telemetry": False,
    "services.settings.server": "http://127.0.0.1:9/",
    "security.OCSP.enabled": 0,
    "security.remote_settings.crlite_filters.enabled": False,
    "browser.tabs.warnOnClose": False,
    "browser.warnOnQuit": False,
    "marionette.port": 2828,
}


def prepare_firefox_profile(
    profile_dir: Path, *, port: int, profile_name: str = "default-release"
) -> None:
    """`user.js` with `FIREFOX_PREFS`, and a `profiles.ini` beside the profile folder that
    names it like a real one (relative path, Default=1)."""
    profile_dir.mkdir(parents=True, exist_ok=True)
    prefs = {**FIREFOX_PREFS, "marionette.port": port}
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
    (profile_dir / "user.js").write_text("\n".join(lines) + "\n")
    ini = profile_dir.parent / "profiles.ini"
    ini.write_text(
        "[Profile0]\n"
        f"Name={profile_name}\n"
        "IsRelative=1\n"
        f"Path={profile_dir.name}\n"
        "Default=1\n"
        "\n"
        "[General]\n"
        "StartWithLastProfile=1\n"
        "Version=2\n"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"firefox exited {proc.returncode} before marionette was up")
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), timeout=1):
            return
        time.sleep(0.2)
    raise TimeoutError(f"marionette did not listen on {port} within {timeout}s")


@contextlib.contextmanager
def firefox_session(
    profile_dir: Path, *, home: Path | None = None, timeout: float = 45.0
) -> Iterator[object]:
    """A running headless firefox-esr on `profile_dir`, as a started `Marionette` client.

    On a normal exit of the block, firefox is quit cleanly (in-app quit), which writes
    `cookies.sqlite` and `sessionstore.jsonlz4`; in every case the process is killed at the
    end if still alive.
    """
    from marionette_driver.marionette import Marionette

    profile_dir = Path(profile_dir)
    home = Path(home) if home else profile_dir.parent / ".home"
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    prepare_firefox_profile(profile_dir, port=port)
    cmd = [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(profile_dir)]
    proc = None
    client = None
    log = open(profile_dir.parent / "firefox.log", "ab")  # noqa: SIM115 - closed in finally
    try:
        proc = subprocess.Popen(
            cmd,
            env={**isolated_env(home), "MOZ_CRASHREPORTER_DISABLE": "1"},
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_port(port, proc, timeout)
        client = Marionette(
            host=LOOPBACK, port=port, socket_timeout=timeout, startup_timeout=timeout
        )
        client.start_session({"acceptInsecureCerts": True})
        client.timeout.page_load = timeout
        client.timeout.script = timeout
        yield client
        # `Marionette.quit()` only works on instances marionette_driver launched itself;
        # this is the same in-app quit (Services.startup.quit) it sends.
        client._request_in_app_shutdown()
        with contextlib.suppress(Exception):
            client.client.close()
        client = None
        code = proc.wait(timeout=timeout)
        if code != 0:
            raise RuntimeError(f"firefox exited {code}; see {log.name}")
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.delete_session()
        _kill(proc)
        log.close()


def run_firefox(
    profile_dir: Path,
    urls: Iterable[str],
    *,
    home: Path | None = None,
    settle: float = 0.3,
    timeout: float = 45.0,
    while_running: object = None,
) -> list[str]:
    """Visit `urls` in headless firefox-esr on `profile_dir`, quit cleanly; returns each DOM.

    `while_running`, if given, is called with the profile dir after the last page and before
    the quit (e.g. to copy `cookies.sqlite` + its `-wal` while Firefox holds them).
    """
    pages = []
    with firefox_session(profile_dir, home=home, timeout=timeout) as client:
        for url in urls:
            client.navigate(url)  # type: ignore[attr-defined]
            time.sleep(settle)
            pages.append(client.page_source)  # type: ignore[attr-defined]
        if callable(while_running):
            while_running(Path(profile_dir))
    return pages


def firefox_echo(profile_dir: Path, url: str, **kwargs: object) -> str:
    """The `Cookie` header firefox sent to `url` (an /echo URL)."""
    return _echo_text(run_firefox(profile_dir, [url], **kwargs)[0])  # type: ignore[arg-type]
