"""Floor for opening one site from Python: start the interpreter, open the store read-only
and fetch the site's rows, nothing else (no policy, no decryption, no output format).

Usage: py_floor.py COOKIE_FILE SITE. Prints how many rows it fetched.
"""

from __future__ import annotations

import sqlite3
import sys


def main() -> int:
    cookie_file, site = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(f"file:{cookie_file}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT * FROM cookies WHERE host_key = ? OR host_key LIKE ? OR top_frame_site_key LIKE ?",
        [site, f"%.{site}", f"%://{site}"],
    ).fetchall()
    print(len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
