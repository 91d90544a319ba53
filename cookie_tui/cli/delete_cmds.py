"""`delete`, `undo`, `backups`, `restore` and `export`: changing and taking cookies out."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from typing import Any

from ..changes.backups import list_backups, restore
from ..changes.deletion import DeletionPlan, execute, plan_deletion, preflight
from ..changes.undo import list_records, undo_last
from ..errors import UsageError
from ..export import to_json, to_netscape, write_export
from ..output import iso
from ..policy.classify import Classified, SiteView
from .common import print_json, print_table
from .site_cmds import view_from_args


def _chosen(args: argparse.Namespace, view: SiteView) -> tuple[str, list[Classified]]:
    if args.category:
        group = view.group(args.category)
        mark = " [necessary]" if group.necessary else ""
        return f"category {group.title} ({group.id}){mark} of {view.site}", group.cookies
    items = view.cookies_named(args.name)
    if not items:
        raise UsageError(f"no cookie named {args.name!r} for {view.site}")
    return f"cookies named {args.name!r} of {view.site}", items


def describe_plan(plan: DeletionPlan) -> list[str]:
    lines = []
    for store_plan in plan.stores:
        names = ", ".join(sorted({c.name for c in store_plan.cookies}))
        lines.append(f"  {store_plan.store.label}: {len(store_plan.cookies)} ({names})")
    skipped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cookie, reason in plan.skipped:
        skipped[(cookie.store.label, reason)].append(cookie.name)
    for (label, reason), skipped_names in skipped.items():
        lines.append(f"  {label}: {', '.join(sorted(set(skipped_names)))} not deleted: {reason}")
    return lines


def confirm(question: str) -> bool:
    """Yes only when a person typed it: no terminal or end of input means no."""
    if not sys.stdin.isatty():
        print(f"{question} no (stdin is not a terminal; pass --yes)", file=sys.stderr)
        return False
    print(f"{question} [y/N] ", end="", flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def cmd_delete(args: argparse.Namespace) -> int:
    view = view_from_args(args, decrypt=False)
    what, items = _chosen(args, view)
    plan = plan_deletion(item.cookie for item in items)
    print(f"{plan.count} cookie(s) to delete, {what}:")
    for line in describe_plan(plan):
        print(line)
    if args.category and view.group(args.category).necessary and plan.count:
        breaks = view.group(args.category).breaks or "the site may stop working as expected"
        print(f"Warning: this category is necessary. Deleting it breaks: {breaks}")
    if args.dry_run or not plan.count:
        return 0
    for warning in preflight(plan, force=args.force):
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    if not args.yes and not confirm(f"Delete {plan.count} cookies?"):
        print("Nothing deleted.")
        return 1
    result = execute(plan, force=args.force, keep_backups=max(1, args.keep_backups))
    for warning in result.warnings:
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    for outcome in result.outcomes:
        print(f"Deleted {outcome.deleted} from {outcome.store.label} (backup {outcome.backup.id})")
    print("`cookie-tui undo` puts them back.")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    result = undo_last(force=args.force)
    for warning in result.warnings:
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    stores = ", ".join(r.store.label for r in result.records)
    print(f"Put back {result.restored} cookie(s) in {stores} (deletion {result.operation}).")
    if result.already_present:
        print(f"{result.already_present} were already there, unchanged.")
    return 0


def _listing() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for record in list_records():
        data = record.to_json()
        del data["rows"], data["columns"], data["key_columns"], data["version"]
        rows.append({**data, "rows": len(record.rows)})
    rows += [b.to_json() for b in list_backups()]
    rows.sort(key=lambda r: r["time"])
    return rows


def cmd_backups(args: argparse.Namespace) -> int:
    rows = _listing()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No deletions or backups yet.")
        return 0
    print_table(
        ["KIND", "ID", "TIME", "BROWSER", "PROFILE", "ROWS", "STORE"],
        [
            [
                r["kind"] + (" (undone)" if r.get("undone") else ""),
                r["id"],
                r["time"],
                r["browser"],
                r["profile"],
                str(r["rows"]),
                r["store"],
            ]
            for r in rows
        ],
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes and not confirm(
        f"Replace the whole store with backup {args.id}? Cookies set since will be lost."
    ):
        print("Nothing restored.")
        return 1
    backup, current, warnings = restore(
        args.id, force=args.force, keep_backups=max(1, args.keep_backups)
    )
    for warning in warnings:
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    print(
        f"Restored {backup.rows} cookie(s) of {iso(backup.time)} into {backup.store.path}; "
        f"the previous state is backup {current.id}."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    view = view_from_args(args)
    items = view.group(args.category).cookies if args.category else view.cookies
    if args.format == "json":
        text = to_json(items, view.site)
    else:
        text, left_out = to_netscape([item.cookie for item in items])
        for cookie in left_out:
            print(
                f"cookie-tui: warning: left out `{cookie.name}` of {cookie.host} "
                f"({cookie.decrypt_error or 'value not representable in cookies.txt'})",
                file=sys.stderr,
            )
    if args.output:
        write_export(args.output, text)
        print(f"Wrote {len(items)} cookie(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if view.errors else 0
