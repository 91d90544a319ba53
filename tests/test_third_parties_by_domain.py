"""Domain-wide rules (`{name: "*", domain: facebook.com}`): every cookie of that third
party in the site's view is classified, named rules still win, and the view is what the
scope rules make it: a domain-wide rule brings no unpartitioned cookie of the third party
in (only a named rule does, and such cookies stay shared and left out of deletes)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from storefactory import chromium_row, firefox_row, insert

from cookie_tui.cli import main
from cookie_tui.domains import site_of
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

NETWORKS = {"facebook.com", "vk.com", "twitter.com", "x.com"}
# What a browser holds besides the fixtures' fr, datr, remixlang: the networks' own
# cookies (c_user and remixsid named by iMind's policy; presence, wd, auth_token, twid not),
# and what their buttons set inside imind.com's pages, partitioned under it (CHIPS, and
# every third-party cookie in Firefox's default dFPI), under names no policy lists.
EXTRA = [
    (".facebook.com", "c_user", ""),
    (".facebook.com", "presence", ""),
    ("www.facebook.com", "wd", ""),
    (".vk.com", "remixsid", ""),
    (".x.com", "auth_token", ""),
    (".twitter.com", "twid", ""),
    (".facebook.com", "fr_chips", "imind.com"),
    ("www.facebook.com", "presence_embed", "imind.com"),
    (".vk.com", "remixbutton", "imind.com"),
    (".x.com", "tweet_widget", "imind.com"),
    (".twitter.com", "syndication_id", "imind.com"),
]
PARTITIONED = {(h, n) for h, n, p in EXTRA if p}
IN_VIEW = {"fr", "datr", "remixlang", "c_user", "remixsid"} | {n for _, n in PARTITIONED}
"""Named by iMind's policy (unpartitioned, so shared) or partitioned under imind.com."""


@pytest.fixture
def stores(fixture_stores: Path, tmp_path: Path) -> list[Path]:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    chromium = tmp_path / "stores/chromium/Default/Cookies"
    firefox = next((tmp_path / "stores/firefox").glob("*/cookies.sqlite"))
    insert(
        chromium,
        "cookies",
        [
            chromium_row(h, n, top_frame_site=f"https://{p}" if p else "", secure=True)
            for h, n, p in EXTRA
        ],
    )
    insert(
        firefox,
        "moz_cookies",
        [firefox_row(h, n, partition_site=p, secure=True) for h, n, p in EXTRA],
    )
    return [chromium, firefox]


@pytest.mark.parametrize("which", [0, 1], ids=["chromium", "firefox"])
def test_every_cookie_of_facebook_vk_and_x_in_imind_is_social(
    stores: list[Path], which: int
) -> None:
    view = load_site_view([store_from_path(stores[which])], "imind.com")
    theirs = [i for i in view.cookies if site_of(i.cookie.domain) in NETWORKS]
    assert {i.cookie.name for i in theirs} == IN_VIEW  # presence, wd, auth_token, twid: not
    assert {i.category_id for i in theirs} == {"social"}
    for item in theirs:
        partitioned = item.cookie.partition_key is not None
        assert item.shared_with == (None if partitioned else site_of(item.cookie.domain))
    (button,) = view.cookies_named("presence_embed")
    assert button.rule is not None and button.rule.domain_wide
    assert button.reason().startswith("`presence_embed` matches every cookie on facebook.com")
    (fr,) = view.cookies_named("fr")
    assert fr.rule is not None and fr.rule.pattern_text == "fr"  # the named rule still wins


def test_the_demo_files_every_network_cookie_under_social(tmp_path: Path) -> None:
    demo = Path(__file__).parent.parent / "cookie_tui" / "demo"
    shutil.copytree(demo, tmp_path / "demo")
    view = load_site_view([store_from_path(tmp_path / "demo/Default/Cookies")], "imind.com")
    theirs = [i for i in view.cookies if site_of(i.cookie.domain) in NETWORKS]
    assert len(theirs) == 8
    assert {i.category_id for i in theirs} == {"social"}


def test_a_named_rule_wins_over_a_domain_wide_one_written_before_it(
    stores: list[Path], tmp_path: Path
) -> None:
    policy = tmp_path / "mine.yaml"
    policy.write_text(
        "name: Mine\nsites: [imind.com]\ncategories:\n"
        "  - id: social\n    title: Social\n    description: Buttons.\n"
        '    cookies: [{name: "*", domain: facebook.com}]\n'
        "  - id: ads\n    title: Ads\n    description: Ads.\n"
        "    cookies: [{name: fr, domain: facebook.com}, {name: fr_chips}]\n"
    )
    view = load_site_view([store_from_path(stores[0])], "imind.com", policy)
    facebook = {i.cookie.name: i.category_id for i in view.cookies if "facebook" in i.cookie.host}
    assert facebook == {"fr": "ads", "fr_chips": "ads", "presence_embed": "social"}


def names(db: Path) -> set[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return set(con.execute("SELECT host_key, name FROM cookies").fetchall())
    finally:
        con.close()


def test_deleting_social_never_reaches_further_than_the_view(stores: list[Path]) -> None:
    chromium = stores[0]
    before = names(chromium)
    args = ["delete", "imind.com", "--store", str(chromium), "--category", "social", "--yes"]
    assert main(args) == 0
    gone = before - names(chromium)
    # the site's own _fbp and what is partitioned under imind.com; nothing shared
    assert gone == {(".imind.com", "_fbp")} | PARTITIONED
    assert main([*args, "--include-shared"]) == 0
    left = names(chromium)
    # the logins a rule names go when included; what no rule names never was in the view
    assert {(".facebook.com", "c_user"), (".vk.com", "remixsid")} & left == set()
    assert {(".facebook.com", "presence"), (".x.com", "auth_token")} <= left
