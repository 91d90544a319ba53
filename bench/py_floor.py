"""Floor for opening one site from Python: start the interpreter, open the store read-only
and fetch the site's rows, nothing else (no policy, no decryption, no output format).

Usage: py_floor.py COOKIE_FILE SITE. Prints how many rows it fetched. A Firefox store
(`cookies.sqlite`, WAL mode) is opened `immutable` so no -wal/-shm appears beside it; it
has no index on the host, so this is a scan of the whole table, as rookiepy's is.
"""

from __future__ import annotations

import sqlite3
import sys


def main() -> int:
    cookie_file, site = sys.argv[1], sys.argv[2]
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
