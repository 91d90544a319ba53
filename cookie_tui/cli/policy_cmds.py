"""`policy check FILE...` and `policy draft DOMAIN`.

`check` validates policy files the way compilers report errors: each mistake is one
`file:line:col: message` line on stderr, so editors and CI can jump to it; good files get
one `ok:` line on stdout. `draft` writes a starting policy from a site's cookies
(`policy/draft.py`), which `check` accepts.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageError
from ..policy.loader import analyse_policy


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 1 when any file has a mistake, 0 when all load."""
    failed = False
    for path in args.files:
        result = analyse_policy(path)
        if result.errors:
            failed = True
            for error in result.errors:
                print(error, file=sys.stderr)
        elif result.policy is not None:
            policy = result.policy
            print(f"ok: {path} ({len(policy.categories)} categories, {policy.rule_count} rules)")
    return 1 if failed else 0


def cmd_draft(args: argparse.Namespace) -> int:
    """The draft on stdout, or in a new file: an existing one is never overwritten."""
    from ..policy.draft import draft_policy
    from .site_cmds import view_from_args

    text = draft_policy(view_from_args(args))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        with args.output.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{args.output} exists: give a new file name") from None
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
