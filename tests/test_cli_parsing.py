"""Only the parser of the subcommand asked for is built (the others cost a tenth of a
`show`), and what the user types is read the same as with every parser built."""

from __future__ import annotations

import pytest

from cookie_tui.cli import build_parser
from cookie_tui.cli.parsers import command_in

TYPED = [
    ["--store", "x", "show", "imind.com", "--json"],
    ["show", "imind.com", "--store", "sites"],
    ["--browser", "delete", "sites", "--json"],
    ["--site", "show", "--demo"],
    ["delete", "--all-sites", "--category", "marketing", "--dry-run"],
    ["keep", "add", "--site", "github.com"],
    ["policy", "check", "a.yaml"],
    ["--demo"],
]


@pytest.mark.parametrize("argv", TYPED, ids=" ".join)
def test_one_parser_reads_what_every_parser_reads(argv: list[str]) -> None:
    assert vars(build_parser(command_in(argv)).parse_args(argv)) == vars(
        build_parser().parse_args(argv)
    )


def test_the_command_is_found_past_option_values_and_help_builds_every_parser() -> None:
    assert command_in(["--store", "show", "sites"]) == "sites"  # a store file named show
    assert command_in(["--site", "show"]) is None  # the app, opening a site named show
    assert command_in(["--help"]) is None
    assert command_in(["showw"]) is None  # a typo: the full parser says what exists
