"""Floor for opening one site from Python: start the interpreter, open the store read-only
and fetch the site's rows, nothing else (no policy, no decryption, no output format).

Usage: py_floor.py [--libraries] COOKIE_FILE SITE. Prints how many rows it fetched. A
Firefox store (`cookies.sqlite`, WAL mode) is opened `immutable` so no -wal/-shm appears
beside it; it has no index on the host, so this is a scan of the whole table, as
rookiepy's is.

With `--libraries` it first imports what `show --json --reveal` is built on and cannot do
without, and nothing of cookie-tui's: argparse (the command line), dataclasses (the
records, as the house architecture has them), json (the output) and, for a Chromium
store, pycryptodomex's AES (the values). A Python command on these libraries starts no
faster than this.
"""

from __future__ import annotations

import sqlite3
import sys


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--libraries"]
    cookie_file, site = args[0], args[1]
    if "--libraries" in sys.argv:
        import argparse  # noqa: F401
        import dataclasses  # noqa: F401
        import json  # noqa: F401

        if not cookie_file.endswith("cookies.sqlite"):
            import Cryptodome.Cipher.AES  # noqa: F401
    if cookie_file.endswith("cookies.sqlite"):
        con = sqlite3.connect(f"file:{cookie_file}?immutable=1", uri=True)
        sql = "SELECT * FROM moz_cookies WHERE host = ? OR host LIKE ? OR originAttributes LIKE ?"
        args = [site, f"%.{site}", f"%partitionKey=%{site}%"]
    else:
        con = sqlite3.connect(f"file:{cookie_file}?mode=ro", uri=True)
        sql = (
            "SELECT * FROM cookies WHERE host_key = ? OR host_key LIKE ? "
            "OR top_frame_site_key LIKE ?"
        )
        args = [site, f"%.{site}", f"%://{site}"]
    rows = con.execute(sql, args).fetchall()
    print(len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
