"""`keep add|remove|list`: the cookies cookie-tui never deletes in bulk (`changes.keep`)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from ..changes.keep import KeepEntry, add_entry, checked, load_keep_list, remove_entry
from ..errors import UsageError
from ..humanize import plural
from .common import print_json, print_table


def _entry(args: argparse.Namespace) -> KeepEntry:
    if not (args.site or args.host or args.name):
        raise UsageError("say what to keep: --site, --host or --name (with --browser/--profile)")
    return checked(KeepEntry(args.site, args.host, args.name, args.browser, args.profile))


def cmd_keep(args: argparse.Namespace) -> int:
    if args.keep_command == "add":
        entry = _entry(args)
        keep = add_entry(entry)
        count = plural(len(keep.entries), "entry", "entries")
        print(f"Keeping {entry.describe()} ({count} in {keep.path})")
    elif args.keep_command == "remove":
        entry = _entry(args)
        keep = remove_entry(entry)
        print(f"No longer keeping {entry.describe()}")
    else:
        keep = load_keep_list()
    if args.keep_command != "list":
        return 0
    if args.json:
        print_json([{k: v for k, v in asdict(e).items() if v} for e in keep.entries])
    elif not keep.entries:
        print(f"The keep list is empty ({keep.path}).")
    else:
        print_table(["LINE", "KEEPS"], [[str(e.line), e.describe()] for e in keep.entries])
    return 0
