"""The `cookie-tui` command: subcommands for scripts, the TUI when none is given.

Only the chosen subcommand's module is imported, and never Textual, so `cookie-tui sites`
starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..collector import collector_paused, keep_out_of_collections
from ..domains import parse_site
from ..errors import CookieTuiError
from ..stores.scratch import remove_on_signals
from .common import add_store_options, find_site_ahead
from .parsers import Parser, command_in, register_all

if TYPE_CHECKING:
    from ..ahead import Ahead
    from ..stores.sites import ListedAhead


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = Parser(
        prog="cookie-tui",
        description="See, understand and safely delete what websites stored in your browsers.",
    )
    parser.add_argument("--version", action="version", version=f"cookie-tui {__version__}")
    add_store_options(parser, suppress=False)
    parser.add_argument("--policy", type=Path, metavar="FILE", help="use this policy file")
    parser.add_argument("--site", metavar="DOMAIN", help="open this site directly in the app")
    parser.add_argument(
        "--reset", action="store_true", help="with --demo: start the demo from its original state"
    )
    register_all(parser.add_subparsers(dest="command", metavar="COMMAND"), only)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_in(argv))
    args = parser.parse_args(argv)
    if args.reset and not args.demo:
        parser.error("--reset starts the demo store afresh: give it with --demo")
    remove_on_signals()
    try:
        if args.reset:
            from ..stores.selection import reset_demo

            reset_demo()
        if args.command is None:
            if args.site is not None:
                args.site = parse_site(args.site)
            listed = list_ahead(args)
            from ..tui.app import run_app

            return run_app(args, listed)
        module, name = args.handler.split(":")
        if getattr(args, "reads_site", False):
            find_site_ahead(args)
        handler = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        with collector_paused():  # one command, then exit: what it builds lives until then
            return int(handler(args))
    except CookieTuiError as exc:
        print(f"cookie-tui: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def list_ahead(args: argparse.Namespace) -> Ahead[ListedAhead]:
    """The app's first sites list, made in a child process while the app is imported."""
    from ..ahead import Ahead
    from ..stores.sites import list_sites_walked

    return Ahead(
        partial(list_sites_walked, args.browser, args.profile, args.store, bool(args.demo))
    )


def run() -> int:
    """The installed `cookie-tui` command: `main`, then an exit without the collector's
    last walks over everything the command built."""
    code = main()
    keep_out_of_collections()
    return code


if __name__ == "__main__":
    sys.exit(run())
