"""Every subcommand's arguments, kept apart from the handlers so that parsing imports
nothing heavy: `cookie-tui sites` never loads YAML, policies or deletion code."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_store_options


def register_all(sub: argparse._SubParsersAction) -> None:
    for register in (_store, _site, _policy, _delete):
        register(sub)


def _store(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("browsers", help="list the browser profiles and cookie stores found")
    add_store_options(p, suppress=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler="store_cmds:cmd_browsers")

    p = sub.add_parser("sites", help="list every site with cookies, most first")
    add_store_options(p, suppress=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler="store_cmds:cmd_sites")


def _site(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="one site's cookies by category, with every attribute")
    add_store_options(p, suppress=True)
    p.add_argument("domain", help="the site, e.g. imind.com (subdomains are included)")
    p.add_argument("--category", metavar="ID", help="only this category")
    p.add_argument("--json", action="store_true", help="one JSON object per cookie")
    p.add_argument("--reveal", action="store_true", help="show the values (they are credentials)")
    p.set_defaults(handler="site_cmds:cmd_show")

    p = sub.add_parser("explain", help="explain one cookie of a site in plain words")
    add_store_options(p, suppress=True)
    p.add_argument("domain")
    p.add_argument("name", help="the cookie name")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler="site_cmds:cmd_explain")

    p = sub.add_parser("audit", help="where a site's cookies disagree with its policy (exit 4)")
    add_store_options(p, suppress=True)
    p.add_argument("domain")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler="site_cmds:cmd_audit")


def _policy(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("policy", help="work with policy files")
    actions = parser.add_subparsers(dest="policy_command", required=True)
    check = actions.add_parser(
        "check", help="validate policy files: one `file:line:col: message` line per mistake"
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(handler="policy_cmds:cmd_check")


def _delete(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("delete", help="delete a site's cookies of one category, or by name")
    add_store_options(p, suppress=True)
    p.add_argument("domain", help="the site, e.g. imind.com (its subdomains are included)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--category", metavar="ID", help="every cookie of this category")
    which.add_argument("--name", metavar="NAME", help="every cookie with this name")
    p.add_argument(
        "--include-shared",
        action="store_true",
        help="also delete third parties' cookies that their own sites use (signs you out there)",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--force",
        action="store_true",
        help="Chromium only: delete even while it runs (it may write the cookies back)",
    )
    _keep_option(p)
    p.set_defaults(handler="delete_cmds:cmd_delete")

    p = sub.add_parser("undo", help="put back the cookies the last deletion removed")
    add_store_options(p, suppress=True)
    p.add_argument("--force", action="store_true", help="Chromium only: even while it runs")
    p.add_argument("--list", action="store_true", help="list the deletions that can be undone")
    p.add_argument("--json", action="store_true", help="with --list: machine-readable output")
    p.set_defaults(handler="delete_cmds:cmd_undo")

    p = sub.add_parser("backups", help="list deletions and store backups")
    add_store_options(p, suppress=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler="delete_cmds:cmd_backups")

    p = sub.add_parser("restore", help="put a whole store backup back (current state backed up)")
    add_store_options(p, suppress=True)
    p.add_argument("id", help="a backup id from `cookie-tui backups`")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--force", action="store_true", help="Chromium only: even while it runs")
    _keep_option(p)
    p.set_defaults(handler="delete_cmds:cmd_restore")

    p = sub.add_parser("export", help="write a site's cookies, values included")
    add_store_options(p, suppress=True)
    p.add_argument("domain")
    p.add_argument("--category", metavar="ID", help="only this category")
    p.add_argument("--format", choices=("json", "netscape"), default="json", help="default: json")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="file (0600); default stdout")
    p.set_defaults(handler="delete_cmds:cmd_export")


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _keep_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--keep-backups",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="keep N backups and undo records per store (default: 20 backups, and every "
        "undo record of a deletion that can still be undone)",
    )
