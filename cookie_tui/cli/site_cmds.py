"""`show`, `explain` and `audit`: one site's cookies seen through its policy."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..domains import parse_site
from ..errors import UsageError
from ..humanize import plural, printable, relative
from ..output import classified_to_dict, display_value, flag_names, site_document
from ..policy.classify import SiteView
from ..records import Cookie
from ..site_view import load_site_view, undecryptable
from .common import print_json, print_table, stores_from_args, warn

if TYPE_CHECKING:
    from ..policy.vendors import VendorCookie

AUDIT_FINDINGS_EXIT = 4


def view_from_args(
    args: argparse.Namespace, *, decrypt: bool = True, say_undecryptable: bool = True
) -> SiteView:
    """The site's view, or the one-line error every site command gives alike: a store
    given with `--store` (or every store) unreadable is exit 1, no cookie at all exit 2."""
    site = parse_site(args.domain)
    stores, errors = stores_from_args(args)
    view = load_site_view(stores, site, getattr(args, "policy", None), decrypt=decrypt)
    errors += view.errors
    warn(view.policy_set.skipped)
    failed = {e.path for e in errors}
    if errors and (args.store or all(s.path in failed for s in stores)):
        raise errors[0]
    warn(errors)
    if decrypt and say_undecryptable:
        for line in undecryptable([item.cookie for item in view.cookies]):
            print(f"cookie-tui: warning: {printable(line)}", file=sys.stderr)
    if not view.cookies:
        where = ", ".join(s.label for s in stores) or "no store"
        raise UsageError(f"no cookies for {site} in {where}")
    return view


def vendor_to_dict(row: VendorCookie | None) -> dict[str, Any] | None:
    """What the Open Cookie Database says of a cookie, for `explain --json`."""
    if row is None:
        return None
    return {
        "database": "Open Cookie Database",
        "id": row.id,
        "line": row.line,
        "platform": row.platform,
        "controller": row.controller,
        "category": row.category,
        "description": row.description,
        "retention": row.retention_text,
        "privacy_url": row.privacy_url,
    }


def flags(cookie: Cookie) -> str:
    return ",".join(flag_names(cookie)) or "-"


def expiry(cookie: Cookie, now: datetime) -> str:
    """As the app shows it: `in 1 year (2028-01-06)`, `expired 3 days ago (…)`, `session`."""
    if cookie.expires is None:
        return "session"
    return f"{relative(cookie.expires, now, short=True)} ({cookie.expires:%Y-%m-%d})"


def cmd_show(args: argparse.Namespace) -> int:
    view = view_from_args(args)
    groups = [view.group(args.category)] if args.category else view.groups
    if args.json:
        items = [item for group in groups for item in group.cookies]
        print_json(site_document(items, view.site, reveal=args.reveal))
        return 1 if view.errors else 0
    own = {id(p) for p in view.policy_set.site_policies}
    shown = [g for g in groups if g.cookies or id(g.policy) in own]
    if not any(g.cookies for g in groups):
        print(f"No cookies for {view.site}.", file=sys.stderr)
    now = datetime.now(UTC)
    for group in shown:
        mark = " [necessary]" if group.necessary else ""
        print(
            printable(f"{group.title} ({group.id}){mark}: {plural(len(group.cookies), 'cookie')}")
        )
        if group.cookies:
            print_table(
                ["  NAME", "HOST", "PATH", "STORE", "EXPIRES", "FLAGS", "SIZE", "VALUE"],
                [
                    [
                        f"  {c.name}",
                        c.host,
                        c.path,
                        c.store.label,
                        expiry(c, now),
                        flags(c),
                        str(c.size),
                        display_value(c, args.reveal),
                    ]
                    for c in (item.cookie for item in group.cookies)
                ],
            )
        print()
    return 1 if view.errors else 0


def cmd_explain(args: argparse.Namespace) -> int:
    from ..policy.explain import explain  # here: `show`, the common command, never explains

    view = view_from_args(args)
    explanations = explain(view, args.name)
    if args.json:
        print_json(
            [
                {
                    **classified_to_dict(e.classified, view.site, reveal=False),
                    "reason": e.reason,
                    "source": e.source,
                    "vendor": vendor_to_dict(e.vendor),
                    "category_title": e.category_title,
                    "category_description": e.category_description,
                    "attributes": e.attributes,
                    "deleting": e.deleting,
                }
                for e in explanations
            ]
        )
    else:
        blocks = ["\n".join(printable(line) for line in e.lines()) for e in explanations]
        print("\n\n".join(blocks))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from ..policy.audit import audit  # here: `show` never audits

    view = view_from_args(args)
    findings = audit(view)
    if args.json:
        print_json(
            [
                {
                    "kind": f.kind,
                    "severity": f.severity,
                    "message": f.message,
                    "cookies": list(f.cookies),
                    "where": f.where,
                    "store": f.store,
                }
                for f in findings
            ]
        )
    else:
        for f in findings:
            print(printable(f"{f.severity}: {f.message}" + (f"  [{f.where}]" if f.where else "")))
        if not findings:
            print(f"{view.site}: its cookies match its policy.")
    warnings = [f for f in findings if f.severity == "warning"]
    return AUDIT_FINDINGS_EXIT if warnings else 0


def cmd_find(args: argparse.Namespace) -> int:
    """Every cookie whose name matches, on every site and store; exit 2 when none does."""
    from ..every_site import find_cookies  # the views across every site: `find` alone

    stores, errors = stores_from_args(args)
    found, more = find_cookies(stores, args.pattern)
    warn([*errors, *more])
    if not found:
        raise UsageError(f"no cookie named like {args.pattern!r} in any selected store")
    if args.json:
        print_json(
            [
                {"site": view.site, **classified_to_dict(item, view.site, reveal=False)}
                for view, item in found
            ]
        )
        return 0
    print_table(
        ["SITE", "CATEGORY", "NAME", "HOST", "PATH", "STORE"],
        [
            [
                view.site,
                item.category_id,
                printable(item.cookie.name),
                printable(item.cookie.host),
                printable(item.cookie.path),
                item.cookie.store.label,
            ]
            for view, item in found
        ],
    )
    return 0
