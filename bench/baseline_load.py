"""Baselines: another library loading a store, all of it or one domain, as a script would.

Usage: baseline_load.py LIBRARY FAMILY STORE [DOMAIN] [--dump]

LIBRARY is `bc3` (browser-cookie3), `rookiepy` or `ytdlp` (yt-dlp's cookie loader, which
has no domain filter); FAMILY is `chromium` or `firefox`. Prints how many cookies it
loaded: the library's own cookie list or jar is all a timed run builds. With `--dump`,
one JSON line per cookie (host, name, value) instead, so the benchmark can check which
values the library decrypted (never timed).

Only `sys` is imported here besides the library, so each process pays for the library's
own start-up and nothing of ours.

- browser-cookie3 asks the Secret Service / KWallet over D-Bus for the v11 password when
  its Chromium class is built; with no D-Bus session that raises KeyError or a socket
  error. The stores here are encrypted with v10 (the built-in "peanuts" key, what Chromium
  uses with --password-store=basic), so that one lookup is answered with browser-cookie3's
  own default password. The copy of the database, the query and the decryption are its own.
- rookiepy is given the database file, as `rookiepy.chromium_based(db, domains=[...])` and
  `rookiepy.firefox_based(db, domains=[...])` document.
- yt-dlp is given the profile folder (`extract_cookies_from_browser(browser, profile=PATH)`),
  where it finds `Cookies` / `cookies.sqlite` itself; without a desktop session it picks
  the "basic" keyring, so v10 values decrypt with the same built-in key.
"""

from __future__ import annotations

import sys


def bc3(family: str, store: str, domain: str) -> object:
    import browser_cookie3

    if family == "chromium":
        browser_cookie3._LinuxPasswordManager.get_password = (  # type: ignore[attr-defined]
            lambda self, name: browser_cookie3.CHROMIUM_DEFAULT_PASSWORD
        )
        jar = browser_cookie3.Chromium(cookie_file=store, domain_name=domain).load()
    else:
        jar = browser_cookie3.Firefox(cookie_file=store, domain_name=domain).load()
    return jar


def rookiepy(family: str, store: str, domain: str) -> object:
    import rookiepy as rk

    read = rk.chromium_based if family == "chromium" else rk.firefox_based
    return read(store, domains=[domain]) if domain else read(store)


def ytdlp(family: str, store: str, domain: str) -> object:
    if domain:
        raise SystemExit("yt-dlp's loader reads a whole profile; it has no domain filter")
    from yt_dlp.cookies import extract_cookies_from_browser

    profile = store.rsplit("/", 1)[0]
    return extract_cookies_from_browser(family, profile)


LIBRARIES = {"bc3": bc3, "rookiepy": rookiepy, "ytdlp": ytdlp}


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--dump"]
    library, family, store = args[:3]
    domain = args[3] if len(args) > 3 else ""
    cookies = LIBRARIES[library](family, store, domain)
    if "--dump" in sys.argv:
        import json

        rows = (
            (c["domain"], c["name"], c["value"])
            if isinstance(c, dict)
            else (c.domain, c.name, c.value)
            for c in cookies
        )
        sys.stdout.write("".join(json.dumps(r) + "\n" for r in rows))
    else:
        print(len(cookies))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
