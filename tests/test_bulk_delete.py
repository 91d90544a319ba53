"""Deleting a class of cookies across every site and store, everything but the necessary ones
of a site, and the keep list every delete honours: on copies of stores real browsers wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import pytest
from holders import firefox_parentlock
from storefactory import chromium_row, firefox_row, host_names, insert

from cookie_tui.changes.keep import KeepEntry, add_entry, load_keep_list, remove_entry
from cookie_tui.cli import main
from cookie_tui.errors import KeepListError
from cookie_tui.paths import keep_file

CHROMIUM = "chromium/Default/Cookies"
FIREFOX = "firefox/x7k2m9qa.default-release/cookies.sqlite"
# three more sites with analytics cookies, beside imind.com's own _ga and _gid
SITES = ("shop.example", "news.example.org", "blog.example.net")


@pytest.fixture
def stores(fixture_stores: Path, tmp_path: Path) -> dict[str, Path]:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    paths = {"chromium": tmp_path / "stores" / CHROMIUM, "firefox": tmp_path / "stores" / FIREFOX}
    for site in SITES:
        insert(paths["chromium"], "cookies", [chromium_row(f".{site}", "_ga", "GA1.1.x")])
        insert(paths["firefox"], "moz_cookies", [firefox_row(f".{site}", "_gid", "GA1.1.y")])
    return paths


def every_store(stores: dict[str, Path]) -> list[str]:
    """Both fixture stores as the user's own, found by discovery in the test's HOME."""
    home = Path(os.environ["HOME"])
    chrome = home / ".config" / "chromium"
    firefox = home / ".mozilla" / "firefox"
    chrome.parent.mkdir(parents=True, exist_ok=True)
    firefox.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(stores["chromium"].parents[1], chrome)
    os.symlink(stores["firefox"].parents[1], firefox)
    return []


def analytics_left(db: Path) -> set[tuple[str, str]]:
    return {(h, n) for h, n in host_names(db) if n in ("_ga", "_gid")}


def test_a_class_goes_from_every_site_of_every_store_in_one_undoable_step(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    every_store(stores)
    before = {k: host_names(db) for k, db in stores.items()}
    code = main(["delete", "--all-sites", "--category", "analytics", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].startswith("10 cookies to delete, analytics on 4 sites:")
    assert "  chromium/Person 1: 5 cookies on 4 sites" in out
    assert "  firefox/default-release: 5 cookies on 4 sites" in out

    assert main(["delete", "--all-sites", "--category", "analytics", "--yes"]) == 0
    for kind, db in stores.items():
        assert analytics_left(db) == set()
        assert host_names(db) == {r for r in before[kind] if r[1] not in ("_ga", "_gid")}
    capsys.readouterr()
    assert main(["undo"]) == 0  # one undo puts every row back in every store
    assert "Put back 10 cookies in chromium/Person 1, firefox/default-release" in (
        capsys.readouterr().out
    )
    assert {k: host_names(db) for k, db in stores.items()} == before


def test_a_sites_own_category_id_works_across_sites_and_an_unknown_one_is_refused(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    every_store(stores)
    assert main(["delete", "--all-sites", "--category", "social", "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    names = {(c["site"], c["name"]) for p in plan["delete"] for c in p["cookies"]}
    assert ("imind.com", "_fbp") in names  # iMind's own `social`, by its id
    assert all(site == "imind.com" for site, _name in names)
    assert all(c["value"] is None for p in plan["delete"] for c in p["cookies"])
    assert main(["delete", "--all-sites", "--category", "nope", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "no category 'nope' on any site; choose a class" in err and "marketing" in err


def test_a_running_browser_is_skipped_and_the_other_stores_cleaned(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    every_store(stores)
    before = host_names(stores["firefox"])
    with firefox_parentlock(stores["firefox"].parent):
        code = main(["delete", "--all-sites", "--category", "analytics", "--yes"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Deleted 5 from chromium/Person 1" in out
    assert "Skipped firefox/default-release: firefox is running" in out
    assert host_names(stores["firefox"]) == before
    assert analytics_left(stores["chromium"]) == set()


def test_chromium_running_without_force_is_skipped_too(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    every_store(stores)
    lock = stores["chromium"].parents[1] / "SingletonLock"
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", lock)
    code = main(["delete", "--all-sites", "--category", "analytics", "--yes"])
    out = capsys.readouterr().out
    assert code == 0 and "Skipped chromium/Person 1: chromium is running" in out
    assert analytics_left(stores["firefox"]) == set()
    assert len(analytics_left(stores["chromium"])) == 5


def test_except_necessary_leaves_the_necessary_categories_and_the_shared_logins(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db = stores["chromium"]
    before = host_names(db)
    assert main(["delete", "imind.com", "--except-necessary", "--yes", "--store", str(db)]) == 0
    left = host_names(db)
    gone = before - left
    assert {"_ga", "_gid", "lang", "_fbp"} <= {n for _, n in gone}
    assert {"imind_session", "csrftoken"} & {n for _, n in left}  # login is necessary
    assert (".facebook.com", "datr") in left  # facebook.com's own: shared, left out


def test_the_keep_list_is_honoured_by_every_delete(
    stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    every_store(stores)
    add_entry(KeepEntry(site="shop.example"))
    add_entry(KeepEntry(name="_gid", browser="firefox"))
    assert main(["delete", "--all-sites", "--category", "analytics", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Not deleted, kept by your keep list (site shop.example):" in out
    assert analytics_left(stores["chromium"]) == {(".shop.example", "_ga")}
    assert {n for _, n in analytics_left(stores["firefox"])} == {"_gid"}
    assert len(analytics_left(stores["firefox"])) == 4  # imind's and the three sites'
    # one site, one category, by name: the same list
    db = stores["chromium"]
    assert main(["delete", "shop.example", "--name", "_ga", "--yes", "--store", str(db)]) == 2
    assert (".shop.example", "_ga") in host_names(db)
    remove_entry(KeepEntry(site="shop.example"))
    assert main(["delete", "shop.example", "--name", "_ga", "--yes", "--store", str(db)]) == 0
    assert (".shop.example", "_ga") not in host_names(db)


@pytest.mark.parametrize(
    "text",
    [
        "keep:\n  - {sight: github.com}\n",
        "keep:\n  - {site: com}\n",
        "keep: [unclosed\n",
        "keep:\n  - &a {site: x.com}\n  - *a\n",
    ],
    ids=["unknown-key", "public-suffix", "not-yaml", "alias"],
)
def test_an_unreadable_keep_list_stops_every_delete(
    text: str, stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    every_store(stores)
    path = keep_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    before = {k: host_names(db) for k, db in stores.items()}
    for argv in (
        ["delete", "--all-sites", "--category", "analytics", "--yes"],
        ["delete", "imind.com", "--except-necessary", "--yes"],
        ["delete", "imind.com", "--name", "_ga", "--yes"],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"cookie-tui: {path}:")
    assert {k: host_names(db) for k, db in stores.items()} == before
    with pytest.raises(KeepListError):
        load_keep_list()


def test_a_keep_list_that_is_no_file_stops_deleting_too(stores: dict[str, Path]) -> None:
    every_store(stores)
    keep_file().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(keep_file())  # would hang a reader that opened it
    assert main(["delete", "--all-sites", "--category", "analytics", "--yes"]) == 1
    assert len(analytics_left(stores["chromium"])) == 5


def test_keep_add_list_remove_from_the_command_line_keeps_the_users_comments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = keep_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine, do not lose\nkeep:\n  - {site: github.com}  # signed in\n")
    assert main(["keep", "add", "--name", "session*", "--browser", "Firefox"]) == 0
    assert main(["keep", "add", "--site", "www.github.com"]) == 0  # the same site: once
    capsys.readouterr()
    assert main(["keep", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"site": "github.com", "line": 3},
        {"name": "session*", "browser": "firefox", "line": 4},
    ]
    assert main(["keep", "remove", "--site", "github.com"]) == 0
    assert path.read_text() == (
        '# mine, do not lose\nkeep:\n  - {name: "session*", browser: firefox}\n'
    )
    assert main(["keep", "remove", "--site", "github.com"]) == 2
    assert main(["keep", "add", "--site", "co.uk"]) == 2
