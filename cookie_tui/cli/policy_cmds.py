"""`policy check FILE...`: validate policy files the way compilers report errors.

Each mistake is one `file:line:col: message` line on stderr, so editors and CI can jump
to it; good files get one `ok:` line on stdout.
"""

from __future__ import annotations

import argparse
import sys

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
