"""Every subcommand's arguments, kept apart from the handlers so that parsing imports
nothing heavy: `cookie-tui sites` never loads YAML, policies or deletion code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import add_store_options

SITE_HELP = "the site, e.g. imind.com (its subdomains are included)"


COMMANDS = (
    "browsers", "sites", "show", "explain", "audit", "find", "policy", "delete", "undo",
    "backups", "restore", "export", "keep",
)  # fmt: skip
_VALUED = ("--browser", "--profile", "--store", "--policy", "--site")


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`, without importing `shutil`: argparse imports
    it for every parser it builds, and with it zlib, bz2 and lzma (~3 ms of every
    command, which only help text uses)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, as wide as the terminal (`terminal_columns`)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = terminal_columns() - 2 if width is None else width  # argparse's own margin
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """argparse's parser with `Formatter`; the subcommands' parsers are of its class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)


def command_in(argv: list[str]) -> str | None:
    """The subcommand `argv` names, if it plainly names one: only its parser is then built
    (building all 19 was a tenth of a `show`). None for help, mistakes and the app."""
    tokens = iter(argv)
    for token in tokens:
        if token in COMMANDS:
            return token
        if token in _VALUED:
            next(tokens, None)
        elif not token.startswith("-") or token in ("-h", "--help"):
            return None
    return None


class _Skipped:
    """Stands for the parser of a subcommand that was not asked for: takes every call."""

    def __getattr__(self, _name: str) -> Callable[..., _Skipped]:
        return lambda *_args, **_kwargs: self


class _Subcommands:
    """argparse's subparsers, building only the parser of `only` (all when None)."""

    def __init__(self, sub: argparse._SubParsersAction, only: str | None) -> None:
        self.sub = sub
        self.only = only

    def add_parser(self, name: str, help: str) -> Any:
        return self.sub.add_parser(name, help=help) if self.only in (None, name) else _Skipped()


def register_all(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Every subcommand's parser, or only `only`'s (see `command_in`)."""
    wanted = _Subcommands(sub, only)
    for register in (_store, _site, _policy, _delete, _keep):
        register(wanted)


def _command(
    sub: _Subcommands,
    name: str,
    help: str,
    handler: str,
    *,
    json: str | None = "machine-readable output",
    reads_site: bool = False,
) -> Any:
    """A subcommand with the store options (valid after it too), `--json` unless `json`
    is None, run by `handler` (`module:function`, imported only when chosen). One that
    `reads_site` (its `domain`) has the site's rows found while the handler imports."""
    p = sub.add_parser(name, help=help)
    if isinstance(p, _Skipped):
        return p
    add_store_options(p, suppress=True)
    if json is not None:
        p.add_argument("--json", action="store_true", help=json)
    p.set_defaults(handler=handler, reads_site=reads_site)
    return p


def _store(sub: _Subcommands) -> None:
    _command(
        sub,
        "browsers",
        "list the browser profiles and cookie stores found",
        "store_cmds:cmd_browsers",
    )
    _command(sub, "sites", "list every site with cookies, most first", "store_cmds:cmd_sites")


def _site(sub: _Subcommands) -> None:
    p = _command(
        sub,
        "show",
        "one site's cookies by category, with every attribute",
        "site_cmds:cmd_show",
        json="one JSON object per cookie",
        reads_site=True,
    )
    p.add_argument("domain", help=SITE_HELP)
    p.add_argument("--category", metavar="ID", help="only this category")
    p.add_argument("--reveal", action="store_true", help="show the values (they are credentials)")

    p = _command(
        sub,
        "explain",
        "explain one cookie of a site in plain words",
        "site_cmds:cmd_explain",
        reads_site=True,
    )
    p.add_argument("domain", help=SITE_HELP)
    p.add_argument("name", help="the cookie name")

    p = _command(
        sub,
        "audit",
        "where a site's cookies disagree with its policy (exit 4)",
        "site_cmds:cmd_audit",
        reads_site=True,
    )
    p.add_argument("domain", help=SITE_HELP)

    p = _command(
        sub,
        "find",
        "every cookie whose name matches, on every site, with its category",
        "site_cmds:cmd_find",
    )
    p.add_argument("pattern", help="a cookie name or a glob, e.g. '_ga*' (case matters)")


def _policy(sub: _Subcommands) -> None:
    parser = sub.add_parser("policy", help="work with policy files")
    actions = parser.add_subparsers(dest="policy_command", required=True)
    check = actions.add_parser(
        "check", help="validate policy files: one `file:line:col: message` line per mistake"
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(handler="policy_cmds:cmd_check")
    draft = actions.add_parser(
        "draft",
        help="write a starting policy for a site from the cookies it has now (guesses marked)",
    )
    add_store_options(draft, suppress=True)
    draft.add_argument("domain", help="the site, e.g. example.com")
    draft.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write it to FILE (new); default stdout"
    )
    draft.set_defaults(handler="policy_cmds:cmd_draft")


def _delete(sub: _Subcommands) -> None:
    p = _command(
        sub,
        "delete",
        "delete a site's cookies of one category, or by name",
        "delete_cmds:cmd_delete",
        json=None,
    )
    p.add_argument("domain", nargs="?", help=SITE_HELP + "; none with --all-sites")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--category",
        metavar="ID",
        help="every cookie of this category; with --all-sites a class (necessary, "
        "preferences, analytics, marketing) or a category id",
    )
    which.add_argument("--name", metavar="NAME", help="every cookie with this name")
    which.add_argument(
        "--except-necessary",
        action="store_true",
        help="every cookie of the site but its necessary categories",
    )
    p.add_argument(
        "--all-sites",
        action="store_true",
        help="with --category: on every site of every selected store (a store whose browser "
        "runs is skipped, the others cleaned)",
    )
    p.add_argument("--json", action="store_true", help="with --dry-run: every cookie, per store")
    p.add_argument(
        "--include-shared",
        action="store_true",
        help="also delete third parties' cookies that their own sites use (signs you out there)",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    _confirm_options(p)

    p = _command(
        sub,
        "undo",
        "put back the cookies the last deletion removed",
        "delete_cmds:cmd_undo",
        json="with --list: machine-readable output",
    )
    p.add_argument("--force", action="store_true", help="Chromium only: even while it runs")
    p.add_argument("--list", action="store_true", help="list the deletions that can be undone")

    _command(sub, "backups", "list deletions and store backups", "delete_cmds:cmd_backups")

    p = _command(
        sub,
        "restore",
        "put a whole store backup back (current state backed up)",
        "delete_cmds:cmd_restore",
        json=None,
    )
    p.add_argument("id", help="a backup id from `cookie-tui backups`")
    _confirm_options(p)

    p = _command(
        sub,
        "export",
        "write a site's cookies, values included",
        "delete_cmds:cmd_export",
        json=None,
    )
    p.add_argument("domain", help=SITE_HELP)
    p.add_argument("--category", metavar="ID", help="only this category")
    p.add_argument("--format", choices=("json", "netscape"), default="json", help="default: json")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="file (0600); default stdout")


def _keep(sub: _Subcommands) -> None:
    parser = sub.add_parser("keep", help="cookies never deleted in bulk: add, remove, list")
    actions = parser.add_subparsers(dest="keep_command", required=True)
    for action, help in (
        ("add", "keep what matches every option given"),
        ("remove", "remove the entry with exactly these options"),
    ):
        p = actions.add_parser(action, help=help)
        p.add_argument("--site", help="a site and its subdomains, e.g. github.com")
        p.add_argument("--host", help="exactly this host, e.g. accounts.google.com")
        p.add_argument("--name", help="a cookie name or glob, e.g. 'session*' (case matters)")
        p.add_argument("--browser", help="only in this browser (chrome, firefox, ...)")
        p.add_argument("--profile", help="only in this profile (name or folder)")
        p.set_defaults(handler="keep_cmds:cmd_keep")
    p = actions.add_parser("list", help="the entries of the keep list")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler="keep_cmds:cmd_keep")


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _confirm_options(p: argparse.ArgumentParser) -> None:
    """What every command that changes a store takes: `--yes`, `--force`, `--keep-backups`."""
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--force",
        action="store_true",
        help="Chromium only: even while it runs (it may write the cookies back)",
    )
    p.add_argument(
        "--keep-backups",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="keep N backups and undo records per store (default: 20 backups, and every "
        "undo record of a deletion that can still be undone)",
    )
