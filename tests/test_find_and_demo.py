"""`cookie-tui find PATTERN` (a cookie by name across every site and store, with the site and
category it has there) and `--demo --reset`, on the demo store Chromium wrote."""

from __future__ import annotations

import json

import pytest

from cookie_tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--demo", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_find_lists_every_site_and_category_of_a_name_pattern(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "find", "guest_id*", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {(r["site"], r["host"], r["name"]) for r in rows} == {
        ("twitter.com", ".twitter.com", "guest_id"),
        ("x.com", ".x.com", "guest_id"),
    }
    assert all(r["value"] is None and r["category"] for r in rows)  # never a value


def test_find_names_the_category_each_site_gives_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "find", "_g*")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["SITE", "CATEGORY", "NAME", "HOST", "PATH", "STORE"]
    found = {tuple(line.split()[:3]) for line in lines[1:]}
    assert ("imind.com", "analytics", "_ga") in found
    assert ("imind.com", "advertising", "_gcl_au") in found
    assert all(name.startswith("_g") for _, _, name in found)


def test_find_is_case_sensitive_like_browsers_and_says_when_nothing_matches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "find", "_GA")
    assert code == 2
    assert err.strip() == "cookie-tui: no cookie named like '_GA' in any selected store"


def test_demo_reset_starts_the_demo_from_its_original_state(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--demo", "delete", "imind.com", "--category", "analytics", "--yes"]) == 0
    code, out, _ = run(capsys, "show", "imind.com", "--category", "analytics", "--json")
    assert code == 0 and json.loads(out)["cookies"] == []
    capsys.readouterr()
    assert main(["--demo", "--reset", "show", "imind.com", "--category", "analytics"]) == 0
    assert "_ga" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # --reset is for the demo only
        main(["--reset", "sites"])
