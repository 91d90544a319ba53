"""A site's category holds that site's cookies: what `delete` may take, on copies of stores
real browsers wrote, with the rows a logged-in user would have added.

The rules (README "Safety"): a site's view holds the cookies of its own hosts, those
partitioned under it, and, only where its own policy names a third party, that third
party's unpartitioned cookies that such a rule matches. Those last are shared with the
third party's own site and deleted only with `--include-shared`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storefactory import chromium_row, firefox_row, host_names, insert

from cookie_tui.changes.deletion import execute, plan_deletion
from cookie_tui.cli import main
from cookie_tui.domains import host_in_site, partition_site
from cookie_tui.output import cookie_lines
from cookie_tui.records import Cookie, Store
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

STORES = {
    "chromium": ("chromium/Default/Cookies", "cookies", "host_key"),
    "firefox": ("firefox/x7k2m9qa.default-release/cookies.sqlite", "moz_cookies", "host"),
}
# Signed in to the networks directly, plus a site the imind policy never names.
LOGINS = [
    (".facebook.com", "c_user"),
    (".facebook.com", "xs"),
    (".twitter.com", "auth_token"),
    (".x.com", "auth_token"),
    (".vk.com", "remixsid"),
    (".doubleclick.net", "DSID"),
    (".google.com", "SID"),
    (".github.com", "user_session"),
]


def add(db: Path, browser: str, host: str, name: str, partition: str = "") -> None:
    if browser == "chromium":
        top = f"https://{partition}" if partition else ""
        insert(db, "cookies", [chromium_row(host, name, "v", top_frame_site=top, secure=True)])
    else:
        insert(db, "moz_cookies", [firefox_row(host, name, "v", partition_site=partition)])


@pytest.fixture(params=list(STORES))
def logged_in(request: pytest.FixtureRequest, fixture_stores: Path, tmp_path: Path) -> Path:
    """A copy of a real store with the user's logins on other sites added."""
    browser = request.param
    rel, _table, _host = STORES[browser]
    shutil.copytree(fixture_stores, tmp_path / "stores")
    db = tmp_path / "stores" / rel
    for host, name in LOGINS:
        add(db, browser, host, name)
    add(db, browser, ".facebook.com", "fr_chips", partition="imind.com")
    add(db, browser, "www.imind.com", "auth_token")  # imind's own, same name as X's login
    add(db, browser, ".imind.com", "auth_token")
    return db


def delete(db: Path, *args: str) -> int:
    return main(["delete", "imind.com", "--store", str(db), "--yes", *args])


def test_undeclared_never_takes_another_sites_login(logged_in: Path) -> None:
    assert delete(logged_in, "--category", "undeclared") == 0
    left = host_names(logged_in)
    assert set(LOGINS) <= left
    assert ("www.imind.com", "auth_token") not in left  # imind.com's own undeclared went


def test_social_leaves_the_networks_logins_unless_included(
    logged_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert delete(logged_in, "--category", "social") == 0
    out = capsys.readouterr().out
    left = host_names(logged_in)
    assert set(LOGINS) <= left
    # partitioned under imind.com, so imind's own; social by imind's domain-wide facebook.com
    # rule (issue 13), it goes with the category
    assert (".facebook.com", "fr_chips") not in left
    assert "c_user on .facebook.com" in out and "Left out:" in out

    assert delete(logged_in, "--category", "social", "--include-shared") == 0
    left = host_names(logged_in)
    assert {(".facebook.com", "c_user"), (".facebook.com", "xs"), (".vk.com", "remixsid")} & (
        left
    ) == set()
    # the logins imind's policy never names stay whatever the user includes
    assert {(".twitter.com", "auth_token"), (".x.com", "auth_token"), (".google.com", "SID")} <= (
        left
    )


def test_a_partitioned_third_party_cookie_goes_with_the_category(
    fixture_stores: Path, tmp_path: Path
) -> None:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    db = tmp_path / "stores" / STORES["chromium"][0]
    add(db, "chromium", ".facebook.com", "fr", partition="imind.com")
    view = load_site_view([store_from_path(db)], "imind.com")
    (chips,) = [
        i for i in view.group("social").cookies if i.cookie.partition_key and i.cookie.name == "fr"
    ]
    assert chips.shared_with is None and chips in view.group("social").own
    assert (".facebook.com", "fr", "") in snapshot(db)  # facebook.com's own, from the fixture
    assert delete(db, "--category", "social") == 0
    left = snapshot(db)
    assert (".facebook.com", "fr", "https://imind.com") not in left
    assert (".facebook.com", "fr", "") in left


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("com", "`com` is a public suffix"),
        ("github.io", "`github.io` is a public suffix"),
        ("co.uk", "`co.uk` is a public suffix"),
        ("0.0.1", "'0.0.1' is neither a domain nor an IP address"),
        ("exa mple.com", "not a site"),
        (os.fsdecode(b"imind.com\xff"), "not a site"),  # bytes that are not text, typed
    ],
)
@pytest.mark.parametrize("command", ["show", "explain", "audit", "delete", "export"])
def test_a_site_argument_that_is_no_site_is_a_usage_error(
    command: str, typed: str, expected: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = {
        "show": ["show", typed],
        "explain": ["explain", typed, "x"],
        "audit": ["audit", typed],
        "delete": ["delete", typed, "--category", "x", "--yes"],
        "export": ["export", typed],
    }[command]
    assert main([*argv, "--demo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]


def test_the_app_option_site_is_checked_the_same_way(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--site", "github.io"]) == 2
    assert "`github.io` is a public suffix" in capsys.readouterr().err


def test_sites_under_a_private_suffix_and_ips_are_each_their_own(
    fixture_stores: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    db = tmp_path / "stores" / STORES["chromium"][0]
    for host, name in [
        ("alice.github.io", "a"),
        ("bob.github.io", "b"),
        ("127.0.0.1", "loop"),
        ("10.0.0.1", "lan"),
    ]:
        add(db, "chromium", host, name)
    store = store_from_path(db)
    assert {i.cookie.name for i in load_site_view([store], "alice.github.io").cookies} == {"a"}
    assert {i.cookie.name for i in load_site_view([store], "127.0.0.1").cookies} == {"loop"}
    assert main(["delete", "alice.github.io", "--name", "a", "--store", str(db), "--yes"]) == 0
    assert ("bob.github.io", "b") in host_names(db)


def test_every_cookie_is_listed_with_its_host(logged_in: Path) -> None:
    view = load_site_view([store_from_path(logged_in)], "imind.com")
    lines = cookie_lines([item.cookie for item in view.cookies_named("auth_token")])
    assert lines == ["auth_token on .imind.com", "auth_token on www.imind.com"]


def test_a_long_list_is_summarised_per_host_never_one_line_of_names() -> None:
    store = Store("chromium", "chromium", "Default", Path("/p/Cookies"), Path("/p"))
    base = Cookie(
        store, ".imind.com", "x", "/", None, None, None, False, False, "unspecified", None,
        None, (),
    )  # fmt: skip
    many = [replace(base, host=f"h{i % 50}.imind.com", name=f"n{i}") for i in range(30_000)]
    lines = cookie_lines(many)
    assert len(lines) == 41  # 40 hosts, then how many more
    assert lines[0] == "h0.imind.com: 600 cookies (n0, n100, n1000, …)"
    assert lines[-1] == "… and 10 more hosts (6,000 cookies)"
    assert max(len(line) for line in lines) < 100


# --- the property: a category delete never reaches outside the site -------------------

SITES = ["imind.com", "facebook.com", "x.com", "partner.net"]
HOSTS = [
    h for s in SITES for h in (s, f".{s}", f"www.{s}")
]  # host-only, domain and sub-host spellings
NAMES = ["_ga", "fr", "c_user", "auth_token", "sess", "x"]
POLICY_HEAD = "name: Random\nsites: [imind.com]\ncategories:\n"


@st.composite
def policies(draw: st.DrawFn) -> str:
    """A policy for imind.com of a few categories of rules, some naming third parties."""
    text = POLICY_HEAD
    seen = set()
    for index in range(draw(st.integers(1, 3))):
        text += f"  - id: c{index}\n    title: C{index}\n    description: d\n    cookies:\n"
        text += f'      - {{name: "only_c{index}"}}\n'  # never empty, whatever is drawn
        for _ in range(draw(st.integers(1, 4))):
            name = draw(st.sampled_from([*NAMES, "*", "_g*"]))
            domain = draw(st.sampled_from([None, *SITES]))
            if (name, domain) in seen:
                continue
            seen.add((name, domain))
            where = f", domain: {domain}" if domain else ""
            text += f'      - {{name: "{name}"{where}}}\n'
    return text


rows = st.lists(
    st.tuples(st.sampled_from(HOSTS), st.sampled_from(NAMES), st.sampled_from(["", *SITES])),
    min_size=1,
    max_size=25,
    unique_by=lambda r: (r[0].lstrip("."), r[1], r[2]),
)


def snapshot(db: Path) -> Counter[tuple[str, str, str]]:
    """How many rows of each (host, name, partition as the store writes it): Chromium may
    hold twins that differ in source scheme or port only."""
    firefox = db.name == "cookies.sqlite"
    sql = (
        "SELECT host, name, originAttributes FROM moz_cookies"
        if firefox
        else "SELECT host_key, name, top_frame_site_key FROM cookies"
    )
    con = sqlite3.connect(db)
    try:
        return Counter(con.execute(sql).fetchall())
    finally:
        con.close()


def partitioned_under_imind(partition: str) -> bool:
    return "imind.com" in partition  # `https://imind.com` or `…partitionKey=%28https%2Cimind.com`


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows, policy=policies(), browser=st.sampled_from(list(STORES)))
def test_a_category_delete_stays_inside_the_sites_view(
    rows: list[tuple[str, str, str]],
    policy: str,
    browser: str,
    fixture_stores: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    rel = STORES[browser][0]
    top = rel.split("/")[0]
    shutil.copytree(fixture_stores / top, tmp / top)
    db = tmp / rel
    for host, name, partition in rows:
        with contextlib.suppress(sqlite3.IntegrityError):  # the real store has it already
            add(db, browser, host, name, partition)
    (tmp / "p.yaml").write_text(policy)
    view = load_site_view([store_from_path(db)], "imind.com", tmp / "p.yaml", decrypt=False)
    rules = [r for c in view.policy_set.policies[0].categories for r in c.rules]

    def named(cookie: Cookie) -> bool:
        return any(
            r.domain and not host_in_site(r.domain, "imind.com") and r.matches(cookie)
            for r in rules
        )

    for item in view.cookies:  # the view: own, partitioned under it, or named by a rule
        c = item.cookie
        own = host_in_site(c.domain, "imind.com")
        under = partition_site(c.partition_key) == "imind.com"
        assert own or under or (c.partition_key is None and named(c)), c
        assert (item.shared_with is not None) == (not own and not under)
    before = snapshot(db)
    for group in view.groups:  # each category deleted as `delete --category` does
        if not group.own:
            continue
        plan = plan_deletion(i.cookie for i in group.own)  # session-store ones are skipped
        if plan.count:
            execute(plan)
        gone = before - snapshot(db)
        assert gone.total() == plan.count
        for host, _name, partition in gone:
            assert host_in_site(host, "imind.com") or partitioned_under_imind(partition)
        before = snapshot(db)
