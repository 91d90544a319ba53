"""Pieces every subcommand shares: store options, selection, JSON and table output."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domains import parse_site
from ..errors import CookieTuiError, StoreError
from ..humanize import printable
from ..records import Store
from ..stores.reader import find_ahead
from ..stores.selection import select_stores


def add_store_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """`--browser/--profile/--store/--demo`, valid before or after the subcommand."""
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--browser", default=default, help="only this browser (chrome, firefox, ...)"
    )
    parser.add_argument("--profile", default=default, help="only this profile (name or folder)")
    parser.add_argument(
        "--store", type=Path, default=default, metavar="PATH", help="read this one store file"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="use a private copy of the bundled demo store",
    )


def stores_from_args(args: argparse.Namespace) -> tuple[list[Store], list[StoreError]]:
    """The stores the options choose, chosen once per command (`find_site_ahead` first)."""
    chosen = vars(args).get("selected_stores")
    if chosen is None:
        chosen = args.selected_stores = select_stores(
            browser=args.browser, profile=args.profile, store_path=args.store, demo=args.demo
        )
    stores, errors = chosen
    return list(stores), list(errors)


def find_site_ahead(args: argparse.Namespace) -> None:
    """Start finding the site's rows in every chosen store (`reader.find_ahead`) before the
    command's modules are imported; a mistake is left for the command to report."""
    with contextlib.suppress(CookieTuiError):
        site = parse_site(args.domain)
        for store in stores_from_args(args)[0]:
            find_ahead(store, site)


def chosen_stores(args: argparse.Namespace) -> list[Store] | None:
    """The stores named by `--store/--browser/--profile/--demo`; None when none was given
    (commands on cookie-tui's own records then cover every store)."""
    if not (args.store or args.browser or args.profile or args.demo):
        return None
    return stores_from_args(args)[0]


def warn(errors: Sequence[CookieTuiError]) -> None:
    for exc in errors:
        print(f"cookie-tui: warning: {printable(str(exc))}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (C encoder, 3x faster) for a pipe."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False) + "\n")


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """Columns padded to their widest cell; text from websites and files (names, hosts,
    paths, values) has its control characters escaped, so it cannot drive the terminal."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers).rstrip())
    for row in rows:
        print(line.format(*row).rstrip())
