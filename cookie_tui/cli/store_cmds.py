"""`browsers` and `sites`: what is stored where."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import PartialReadError, StoreError
from ..stores import reader as store_reader
from ..stores.discovery import search_locations
from ..stores.reader import is_running
from ..stores.sites import list_sites
from .common import print_json, print_table, stores_from_args, warn


def cmd_browsers(args: argparse.Namespace) -> int:
    stores, errors = stores_from_args(args)
    rows: list[dict[str, Any]] = []
    for store in stores:
        try:
            count: int | None = store_reader.count(store)
        except PartialReadError as exc:
            errors.append(exc)
            count = int(exc.result)  # type: ignore[call-overload]
        except StoreError as exc:
            errors.append(exc)
            count = None
        rows.append(
            {
                "browser": store.browser,
                "profile": store.profile,
                "family": store.family,
                "store": str(store.path),
                "cookies": count,
                "running": is_running(store),
            }
        )
    warn(errors)
    if args.json:
        print_json(rows)
    elif not rows:
        print_nothing_found()
    else:
        print_table(
            ["BROWSER", "PROFILE", "COOKIES", "RUNNING", "STORE"],
            [
                [
                    r["browser"],
                    r["profile"],
                    "?" if r["cookies"] is None else str(r["cookies"]),
                    "yes" if r["running"] else "no",
                    r["store"],
                ]
                for r in rows
            ],
        )
    return 1 if errors and not rows else 0


def print_nothing_found() -> None:
    """Where discovery looked, one place a line, so a user whose browser keeps its profiles
    elsewhere knows to pass `--store`."""
    print("No browser cookie stores found. Looked in:")
    home, previous = Path.home(), ""
    for location in search_locations():
        try:
            shown = f"~/{location.path.relative_to(home).as_posix()}"
        except ValueError:
            shown = str(location.path)
        name = "" if location.browser == previous else location.browser
        print(f"  {name:<20}{shown}")
        previous = location.browser
    print("Pass --store PATH to read a store kept elsewhere, or try `cookie-tui --demo`.")


def cmd_sites(args: argparse.Namespace) -> int:
    _, summaries, errors = list_sites(args.browser, args.profile, args.store, args.demo, split=True)
    warn(errors)
    if args.json:
        print_json(
            [
                {"site": s.site, "total": s.total, "third_party": s.third_party, "stores": s.counts}
                for s in summaries
            ]
        )
    else:
        print_table(
            ["SITE", "COOKIES", "STORES"],
            [
                [s.site, str(s.total), ", ".join(f"{k} ({v})" for k, v in sorted(s.counts.items()))]
                for s in summaries
            ],
        )
    return 1 if errors else 0
