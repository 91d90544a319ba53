"""Exporting a site's cookies with their values, for scripts and command-line tools.

JSON is the documented `show --json` shape with values revealed. Netscape `cookies.txt`
is what curl, wget and yt-dlp read: one tab-separated line per cookie, `#HttpOnly_`
before the domain of an HttpOnly cookie, TRUE in the second field exactly when the
domain has a leading dot, and expiry 0 for a session cookie.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import StoreError
from .output import site_document
from .policy.classify import Classified
from .private_files import write_private
from .records import Cookie

NETSCAPE_HEADER = (
    "# Netscape HTTP Cookie File\n# Exported by cookie-tui: these are credentials.\n\n"
)


def to_json(items: list[Classified], site: str) -> str:
    """`show --json --reveal`'s document, exactly (one builder makes both)."""
    return json.dumps(site_document(items, site, reveal=True), indent=2, ensure_ascii=False) + "\n"


def netscape_line(cookie: Cookie) -> str:
    domain = ("#HttpOnly_" if cookie.http_only else "") + cookie.host
    expiry = int(cookie.expires.timestamp()) if cookie.expires else 0
    fields = [
        domain,
        "TRUE" if cookie.host.startswith(".") else "FALSE",
        cookie.path,
        "TRUE" if cookie.secure else "FALSE",
        str(expiry),
        cookie.name,
        cookie.value or "",
    ]
    return "\t".join(fields) + "\n"


def to_netscape(cookies: list[Cookie]) -> tuple[str, list[tuple[Cookie, str]]]:
    """The cookies.txt text, and the cookies left out with the reason: a value that is
    unknown (not decryptable), or a field that would break its line (a tab, CR or LF in a
    name, host, path or value would let a website forge lines of the file)."""
    lines, left_out = [], []
    for cookie in cookies:
        fields = {"name": cookie.name, "host": cookie.host, "path": cookie.path}
        broken = [what for what, text in fields.items() if _breaks_line(text)]
        if cookie.value is None:
            left_out.append((cookie, cookie.decrypt_error or "its value is unknown"))
        elif broken or _breaks_line(cookie.value):
            what = " and ".join(broken or ["value"])
            left_out.append((cookie, f"its {what} holds a tab or line break"))
        else:
            lines.append(netscape_line(cookie))
    return NETSCAPE_HEADER + "".join(lines), left_out


def _breaks_line(text: str) -> bool:
    return "\t" in text or "\n" in text or "\r" in text


def write_export(path: Path, text: str) -> None:
    """Create (or replace, atomically) the file with mode 0600 whatever the umask: it holds
    credentials."""
    try:
        write_private(path, text.encode("utf-8"))
    except OSError as exc:
        raise StoreError(path, f"cannot write the export: {exc.strerror or exc}") from None
