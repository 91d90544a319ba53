"""The CLI's human output is safe on a terminal: text from websites (names, hosts, paths,
values) never reaches it with its control characters, and times read as the app shows them."""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from storefactory import NOW, chromium_row, insert

from cookie_tui.cli import main

STORE = "chromium/Default/Cookies"
EVIL = "evil\x1b[2J\x07name"  # clears the screen and rings the bell when printed raw


@pytest.fixture
def store(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    db = tmp_path / "stores" / STORE
    row = chromium_row(
        "www.imind.com", EVIL, "v\x1b]0;title\x07", path="/\x1bp", expires=NOW + timedelta(days=9)
    )
    insert(db, "cookies", [row])
    return db


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "imind.com", "--reveal"],
        ["explain", "imind.com", EVIL],
        ["find", "evil*"],
        ["delete", "imind.com", "--category", "undeclared", "--dry-run"],
        ["audit", "imind.com"],
    ],
    ids=["show", "explain", "find", "delete", "audit"],
)
def test_no_control_character_reaches_the_terminal(
    argv: list[str], store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([*argv, "--store", str(store)])
    out, err = capsys.readouterr()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out + err)
    assert "evil\\x1b[2J\\x07name" in out


def test_human_expiry_reads_like_the_app_and_json_has_no_microseconds(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "imind.com", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"in [89] days \(\d{4}-\d{2}-\d{2}\)", out)  # 9 days from NOW, less a moment
    assert main(["show", "imind.com", "--json", "--store", str(store)]) == 0
    cookies = json.loads(capsys.readouterr().out)["cookies"]
    stamps = [c[k] for c in cookies for k in ("expires", "created", "last_accessed") if c[k]]
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
