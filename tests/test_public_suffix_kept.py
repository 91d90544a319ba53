"""What walking many names takes from the Public Suffix List (every rule's kind, the last
two labels of every rule, the wildcard TLDs) is kept in the cache folder for the copy of
the list it was made from. Read back, it must give exactly the sites made from the list
itself; a file kept for another copy of the list, damaged, or holding the wrong types is
made anew, never believed."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cookie_tui import public_suffix
from cookie_tui.domains import site_of
from cookie_tui.paths import cache_dir

HOSTS = [
    "www.example.co.uk",
    ".shop.example.com",
    "user.github.io",
    "a.b.c.ck",  # under the wildcard `*.ck`
    "www.ck",  # its exception `!www.ck`
    "x.y.kawasaki.jp",
    "plain.example.org",
]


@pytest.fixture(autouse=True)
def _made_afresh() -> Iterator[None]:
    """Each test starts, and leaves, with nothing made in this process."""
    public_suffix._bulk.cache_clear()
    public_suffix.rules.cache_clear()
    yield
    public_suffix._bulk.cache_clear()
    public_suffix.rules.cache_clear()


def kept() -> Path:
    return cache_dir() / "public-suffixes.json"


def sites() -> dict[str, str]:
    public_suffix._bulk.cache_clear()
    public_suffix.rules.cache_clear()
    return public_suffix.registrable_domains(HOSTS, unusual=site_of)


def expected() -> dict[str, str]:
    from publicsuffixlist import PublicSuffixList

    psl = PublicSuffixList()
    return {h: psl.privatesuffix(h.lstrip(".")) or h.lstrip(".") for h in HOSTS}


def test_kept_for_the_user_alone_and_read_back_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    made = sites()
    assert made == expected()
    assert stat.S_IMODE(kept().stat().st_mode) == 0o600

    def not_parsed(self: object) -> dict[str, int]:
        raise AssertionError("the list was parsed again")

    monkeypatch.setattr(public_suffix._Rules, "parsed_marks", not_parsed)
    assert sites() == made


@pytest.mark.parametrize(
    "damage",
    ["another list", "not json", "marks not numbers", "near as text", "no wildcard", "a list"],
)
def test_a_kept_file_that_does_not_fit_is_made_anew(damage: str) -> None:
    sites()
    data = json.loads(kept().read_bytes())
    if damage == "another list":
        data["key"][2] += 1  # the list's size
    elif damage == "marks not numbers":
        data["marks"] = {name: "1" for name in data["marks"]}
    elif damage == "near as text":
        data["near"] = "co.uk github.io"
    elif damage == "no wildcard":
        del data["wildcard"]
    elif damage == "a list":
        data = [data]
    kept().write_text("{not json" if damage == "not json" else json.dumps(data))
    assert sites() == expected()
    again = json.loads(kept().read_bytes())
    path = public_suffix.list_file()
    assert again["key"] == [1, str(path), path.stat().st_size, path.stat().st_mtime_ns]


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    """The cache folder is a file: nothing is kept, and the sites are right all the same."""
    kept().parent.parent.mkdir(parents=True, exist_ok=True)
    kept().parent.write_text("in the way")
    assert sites() == expected()
