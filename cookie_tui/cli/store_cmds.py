"""`browsers`, `sites` and `show`: what is stored where."""

from __future__ import annotations

import argparse
import sys

from .. import store_reader
from ..cookie_json import SCHEMA_VERSION, cookie_to_dict, display_value, iso
from ..domains import normalize_host
from ..errors import StoreError, UsageError
from ..locks import is_running
from ..sites import read_site, summarize
from .common import add_store_options, print_json, print_table, stores_from_args, warn


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("browsers", help="list the browser profiles and cookie stores found")
    add_store_options(p, suppress=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_browsers)

    p = sub.add_parser("sites", help="list every site with cookies, most first")
    add_store_options(p, suppress=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_sites)

    p = sub.add_parser("show", help="show one site's cookies with every attribute")
    add_store_options(p, suppress=True)
    p.add_argument("domain", help="the site, e.g. imind.com (subdomains are included)")
    p.add_argument("--json", action="store_true", help="one JSON object per cookie")
    p.add_argument("--reveal", action="store_true", help="show the values (they are credentials)")
    p.set_defaults(func=cmd_show)


def cmd_browsers(args: argparse.Namespace) -> int:
    stores, errors = stores_from_args(args)
    rows = []
    for store in stores:
        try:
            count: int | None = store_reader.count(store)
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
        print("No browser cookie stores found. Try `cookie-tui --demo`.")
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


def cmd_sites(args: argparse.Namespace) -> int:
    stores, errors = stores_from_args(args)
    summaries, read_errors = summarize(stores)
    errors += read_errors
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


def site_argument(text: str) -> str:
    site = normalize_host(text.removeprefix("https://").removeprefix("http://").split("/")[0])
    if not site:
        raise UsageError(f"not a domain: {text!r}")
    return site


def cmd_show(args: argparse.Namespace) -> int:
    site = site_argument(args.domain)
    stores, errors = stores_from_args(args)
    cookies, read_errors = read_site(stores, site)
    errors += read_errors
    warn(errors)
    if args.json:
        print_json(
            {
                "schema": SCHEMA_VERSION,
                "site": site,
                "cookies": [cookie_to_dict(c, site=site, reveal=args.reveal) for c in cookies],
            }
        )
    else:
        if not cookies:
            print(f"No cookies for {site}.", file=sys.stderr)
        print_table(
            ["NAME", "HOST", "PATH", "STORE", "EXPIRES", "FLAGS", "SIZE", "VALUE"],
            [
                [
                    c.name,
                    c.host,
                    c.path,
                    c.store.label,
                    iso(c.expires) or "session",
                    flags(c),
                    str(c.size),
                    display_value(c, args.reveal),
                ]
                for c in cookies
            ],
        )
    return 1 if errors else 0


def flags(cookie) -> str:  # type: ignore[no-untyped-def]
    parts = []
    if cookie.secure:
        parts.append("Secure")
    if cookie.http_only:
        parts.append("HttpOnly")
    if cookie.same_site != "unspecified":
        parts.append(f"SameSite={cookie.same_site.capitalize()}")
    if cookie.partition_key:
        parts.append("Partitioned")
    return ",".join(parts) or "-"
