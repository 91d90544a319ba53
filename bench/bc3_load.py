"""Baseline: browser-cookie3 loading a Chromium store (all of it, or one domain).

Usage: bc3_load.py COOKIE_FILE [DOMAIN]. Prints how many cookies it loaded.

browser-cookie3 asks the Secret Service / KWallet over D-Bus for the v11 password when
its class is built; with no D-Bus session (CI, containers) that raises KeyError or a
socket error. The stores here are encrypted with v10 (the built-in "peanuts" key, what
Chromium uses with --password-store=basic), so the password lookup is answered with
browser-cookie3's own default password instead. Nothing else of browser-cookie3 changes:
the copy of the database, the query and the per-cookie decryption are its own.
"""

from __future__ import annotations

import sys

import browser_cookie3


def main() -> int:
    cookie_file = sys.argv[1]
    domain = sys.argv[2] if len(sys.argv) > 2 else ""
    browser_cookie3._LinuxPasswordManager.get_password = (  # type: ignore[attr-defined]
        lambda self, name: browser_cookie3.CHROMIUM_DEFAULT_PASSWORD
    )
    jar = browser_cookie3.Chromium(cookie_file=cookie_file, domain_name=domain).load()
    print(len(jar))
    return 0


if __name__ == "__main__":
    sys.exit(main())
