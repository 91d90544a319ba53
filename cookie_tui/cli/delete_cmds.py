"""`delete`, `undo`, `backups`, `restore` and `export`: changing and taking cookies out."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..changes.backups import list_backups, restore
from ..changes.deletion import DeletionPlan, execute, plan_deletion, preflight
from ..changes.keep import load_keep_list
from ..changes.undo import list_records, undo_last, undoable
from ..errors import UsageError
from ..every_site import category_everywhere, home_site
from ..export import to_json, to_netscape, write_export
from ..humanize import plural, printable
from ..output import cookie_lines, cookie_to_dict, iso
from ..policy.classify import Classified
from ..records import Cookie, Deletable, Store
from ..site_view import undecryptable
from .common import chosen_stores, print_json, print_table, stores_from_args, warn
from .site_cmds import view_from_args

BREAKS = "the site may stop working as expected"
DECLINED_EXIT = 5
"""The user answered no (or could not be asked): nothing was changed, on purpose."""


@dataclass
class Chosen:
    """What a `delete` asks for, before the keep list and the shared cookies are set apart."""

    what: str
    cookies: Sequence[Deletable]
    """The site's own and partitioned cookies: what goes by default (across every site
    sightings, unless --json lists them whole)."""
    shared: list[Classified]
    """Third parties' own cookies, taken only with --include-shared."""
    breaks: list[str]
    """What deleting breaks, for each necessary category among them."""
    across_stores: bool = False
    """Every site: a store that cannot be written is skipped, the others cleaned."""


def _of_site(what: str, items: list[Classified], breaks: list[str]) -> Chosen:
    own = [item.cookie for item in items if not item.shared_with]
    return Chosen(what, own, [item for item in items if item.shared_with], breaks)


def _chosen(args: argparse.Namespace) -> Chosen:
    if args.all_sites:
        if args.domain or not args.category:
            raise UsageError("--all-sites takes --category ID (or a class) and no DOMAIN")
        stores, errors = stores_from_args(args)
        found, more = category_everywhere(stores, args.category, whole=args.json)
        warn([*errors, *more])
        sites = {on.site for on in found}
        breaks = sorted({on.group.breaks or BREAKS for on in found if on.group.necessary})
        what = f"{args.category} on {plural(len(sites), 'site')}"
        cookies = [cookie for on in found for cookie in on.cookies]
        return Chosen(what, cookies, [], breaks, across_stores=True)
    if not args.domain:
        raise UsageError("name the site (DOMAIN), or give --all-sites with --category")
    view = view_from_args(args, decrypt=False)
    if args.except_necessary:
        groups = [g for g in view.groups if g.standard_class != "necessary"]
        items = [item for g in groups for item in g.cookies]
        return _of_site(f"every cookie of {view.site} but the necessary ones", items, [])
    if args.category:
        group = view.group(args.category)
        mark = " [necessary]" if group.necessary else ""
        what = f"category {group.title} ({group.id}){mark} of {view.site}"
        breaks = [group.breaks or BREAKS] if group.necessary else []
        return _of_site(what, group.cookies, breaks)
    items = view.cookies_named(args.name)
    if not items:
        raise UsageError(f"no cookie named {args.name!r} for {view.site}")
    return _of_site(f"cookies named {args.name!r} of {view.site}", items, [])


def describe_plan(plan: DeletionPlan) -> list[str]:
    lines = [f"  {line}" for line in cookie_lines(plan.cookies)]
    skipped: dict[str, list[str]] = defaultdict(list)
    for cookie, reason in plan.skipped:
        skipped[reason].append(f"{cookie.name} on {cookie.host} ({cookie.store.label})")
    for reason, names in skipped.items():
        lines.append(f"Not deleted, {reason}:")
        lines += [f"  {printable(name)}" for name in sorted(names)]
    return lines


def describe_shared(shared: list[Classified], included: bool) -> list[str]:
    """Third parties' own cookies, said apart: deleting them signs the user out of those
    sites, so they are only taken when asked for."""
    owners = ", ".join(sorted({item.shared_with or "" for item in shared}))
    if included:
        return [
            f"Including {plural(len(shared), 'cookie')} that {owners} also use as their own: "
            "deleting them signs you out there."
        ]
    head = (
        f"Left out: {plural(len(shared), 'cookie')} that {owners} also use as their own "
        "(deleting them signs you out there); --include-shared deletes them too:"
    )
    return [head, *(f"  {line}" for line in cookie_lines([i.cookie for i in shared]))]


def confirm(question: str) -> bool:
    """Yes only when a person typed it: no terminal or end of input means no."""
    if not sys.stdin.isatty():
        print(f"{question} no (stdin is not a terminal; pass --yes)", file=sys.stderr)
        return False
    print(f"{question} [y/N] ", end="", flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def cmd_delete(args: argparse.Namespace) -> int:
    if args.json and not args.dry_run:
        raise UsageError("--json lists what --dry-run would delete: give both")
    keep = load_keep_list()  # unreadable: nothing is deleted (KeepListError, exit 1)
    chosen = _chosen(args)
    shared = chosen.shared
    taken = [*chosen.cookies, *(item.cookie for item in shared if args.include_shared)]
    plan = plan_deletion(taken, keep)
    if args.json:
        print_json(plan_to_json(plan))
    else:
        print(f"{plural(plan.count, 'cookie')} to delete, {chosen.what}:")
        for line in [*per_store(plan, chosen.across_stores), *describe_plan(plan)]:
            print(line)
        if shared:
            for line in describe_shared(shared, args.include_shared):
                print(line)
        if chosen.breaks and plan.count:
            which = "this category is" if len(chosen.breaks) == 1 else "these categories are"
            breaks = "; ".join(chosen.breaks)
            print(f"Warning: {which} necessary. Deleting it breaks: {breaks}")
    if args.dry_run:
        return 0
    if not plan.count:
        raise UsageError(f"nothing to delete: {chosen.what} has no cookie that can be deleted")
    if not chosen.across_stores:
        for warning in preflight(plan, force=args.force):
            print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    if not args.yes and not confirm(f"Delete {plural(plan.count, 'cookie')}?"):
        print("Nothing deleted.")
        return DECLINED_EXIT
    result = execute(
        plan,
        force=args.force,
        keep_backups=args.keep_backups,
        skip_unavailable=chosen.across_stores,
    )
    for outcome in result.outcomes:
        print(f"Deleted {outcome.deleted} from {outcome.store.label} (backup {outcome.backup.id})")
    for store, why in result.skipped_stores:
        print(f"Skipped {store.label}: {printable(str(why))}")
    for warning in result.warnings:
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    if not result.outcomes:
        return max(why.exit_code for _store, why in result.skipped_stores)
    print("`cookie-tui undo` puts them back.")
    return 0


def per_store(plan: DeletionPlan, across_stores: bool) -> list[str]:
    """For a deletion across sites: how many cookies and sites go from each store."""
    if not across_stores:
        return []
    return [
        f"  {p.store.label}: {plural(len(p.cookies), 'cookie')} on "
        f"{plural(len({home_site(c) for c in p.cookies}), 'site')}"
        for p in plan.stores
    ]


def plan_to_json(plan: DeletionPlan) -> dict[str, Any]:
    """`delete --dry-run --json`: every cookie it would delete, per store, and why any
    other is left."""
    return {
        "delete": [
            {
                "store": str(p.store.path),
                "label": p.store.label,
                "cookies": [_cookie_json(c) for c in p.cookies],
            }
            for p in plan.stores
        ],
        "not_deleted": [{**_cookie_json(c), "reason": why} for c, why in plan.skipped],
    }


def _cookie_json(cookie: Deletable) -> dict[str, Any]:
    """A planned cookie as `show --json` gives it: `_chosen` reads them whole for --json."""
    if not isinstance(cookie, Cookie):
        raise TypeError(f"--json needs whole cookies, not {type(cookie).__name__}")
    return cookie_to_dict(cookie, site=home_site(cookie))


def cmd_undo(args: argparse.Namespace) -> int:
    stores = chosen_stores(args)
    if args.list:
        return _list_undoable(stores, as_json=args.json)
    result = undo_last(stores=stores, force=args.force)
    for warning in result.warnings:
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    labels = ", ".join(r.store.label for r in result.records)
    print(
        f"Put back {plural(result.restored, 'cookie')} in {labels} (deletion {result.operation})."
    )
    if result.already_present:
        print(f"{plural(result.already_present, 'cookie')} were already there, unchanged.")
    if result.skipped:
        print(f"Skipped {plural(len(result.skipped), 'cookie')} the browser set again since:")
        for line in result.skipped:
            print(f"  {printable(line)}")
    return 0


def _list_undoable(stores: list[Store] | None, *, as_json: bool) -> int:
    rows: list[dict[str, Any]] = [
        {
            "operation": records[0].operation,
            "time": iso(records[0].time),
            "stores": [r.store.label for r in records],
            "cookies": sum(len(r.rows) for r in records),
        }
        for records in reversed(undoable(stores))
    ]
    if as_json:
        print_json(rows)
    elif not rows:
        print("Nothing left to undo.")
    else:
        print("Deletions that `cookie-tui undo` puts back, newest (next) first:")
        print_table(
            ["DELETION", "TIME", "COOKIES", "STORES"],
            [[r["operation"], r["time"], str(r["cookies"]), ", ".join(r["stores"])] for r in rows],
        )
    return 0


def _listing(stores: list[Store] | None) -> list[dict[str, Any]]:
    wanted = None if stores is None else {str(s.path) for s in stores}
    rows: list[dict[str, Any]] = []
    for record in list_records():
        data = record.to_json()
        del data["rows"], data["columns"], data["key_columns"], data["version"]
        rows.append({**data, "rows": len(record.rows)})
    rows += [b.to_json() for b in list_backups()]
    rows = [r for r in rows if wanted is None or r["store"] in wanted]
    rows.sort(key=lambda r: r["time"])
    return rows


def cmd_backups(args: argparse.Namespace) -> int:
    rows = _listing(chosen_stores(args))
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
    stores = chosen_stores(args)
    if stores is not None and not any(r["id"] == args.id for r in _listing(stores)):
        raise UsageError(f"no backup {args.id!r} of these stores; `cookie-tui backups` lists them")
    if not args.yes and not confirm(
        f"Replace the whole store with backup {args.id}? Cookies set since will be lost."
    ):
        print("Nothing restored.")
        return DECLINED_EXIT
    backup, current, warnings = restore(args.id, force=args.force, keep_backups=args.keep_backups)
    for warning in warnings:
        print(f"cookie-tui: warning: {warning}", file=sys.stderr)
    print(
        f"Restored {plural(backup.rows, 'cookie')} of {iso(backup.time)} into "
        f"{backup.store.path}; the previous state is backup {current.id}."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Exit 1, with one warning, when any cookie goes out without its value: a script
    must not take an export with holes for a complete one."""
    view = view_from_args(args, say_undecryptable=False)  # said below, in the one warning
    items = view.group(args.category).cookies if args.category else view.cookies
    missing: Sequence[tuple[Cookie, str | None]]
    if args.format == "json":
        text = to_json(items, view.site)
        missing = [(i.cookie, i.cookie.decrypt_error) for i in items if i.cookie.value is None]
    else:
        text, missing = to_netscape([item.cookie for item in items])
    if args.output:
        write_export(args.output, text)
        print(f"Wrote {plural(len(items), 'cookie')} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if missing:
        reasons = Counter(why or "value unknown" for _, why in missing)
        said = "; ".join(f"{n} {why}" for why, n in sorted(reasons.items()))
        kept = "without their value" if args.format == "json" else "left out"
        why = "".join(f"; {line}" for line in undecryptable([c for c, _ in missing]))
        warning = f"{plural(len(missing), 'cookie')} {kept} ({said}){why}"
        print(f"cookie-tui: warning: {printable(warning)}", file=sys.stderr)
    return 1 if view.errors or missing else 0
