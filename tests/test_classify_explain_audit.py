"""Classification, explanation and audit over stores real browsers wrote."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cookie_tui.cli import main
from cookie_tui.domains import site_of
from cookie_tui.policy.audit import audit
from cookie_tui.policy.catalog import PolicySet, policy_set_for
from cookie_tui.policy.classify import UNDECLARED, classify, match
from cookie_tui.policy.explain import explain
from cookie_tui.records import Cookie, Store
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

FIXTURES = Path(__file__).parent / "fixtures" / "stores"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
CHROMIUM = FIXTURES / "chromium" / "Default" / "Cookies"
FIREFOX = next((FIXTURES / "firefox").glob("*/cookies.sqlite"))
DEMO = Path(__file__).parent.parent / "cookie_tui" / "demo" / "Default" / "Cookies"
POLICY_CATEGORY = {"csrftoken": "forms"}


@pytest.mark.parametrize("path", [CHROMIUM, FIREFOX], ids=["chromium", "firefox"])
def test_fixture_cookies_land_in_the_categories_the_server_meant(path: Path) -> None:
    view = load_site_view([store_from_path(path)], "imind.com")
    got = {item.cookie.name: item.category_id for item in view.cookies}
    want = {s["name"]: POLICY_CATEGORY.get(s["name"], s["category"]) for s in EXPECTED["cookies"]}
    assert got == want


def test_demo_store_covers_every_category_of_the_imind_policy(tmp_path: Path) -> None:
    shutil.copytree(DEMO.parent.parent, tmp_path / "demo")
    view = load_site_view([store_from_path(tmp_path / "demo/Default/Cookies")], "imind.com")
    got = {(i.cookie.name, site_of(i.cookie.domain)): i.category_id for i in view.cookies}
    want = {(s["name"], site_of(s["set_by_host"])): s["category"] for s in EXPECTED["demo_cookies"]}
    assert got == {k: v for k, v in want.items() if k in got}
    assert set(want) - set(got) == {("_ga_collect_debug", "google-analytics.com")}
    assert {g.id for g in view.groups if g.cookies} == {
        *("account", "login", "surveys", "preferences", "newsletters", "orders", "forms"),
        *("analytics", "testing", "advertising", "affiliates", "social", UNDECLARED),
        "marketing",  # __adroll_fpc, from the common policy: the site's names no AdRoll
    }


def test_third_party_cookies_named_by_the_policy_are_in_the_view_and_marked() -> None:
    view = load_site_view([store_from_path(CHROMIUM)], "imind.com")
    third = {i.cookie.name for i in view.cookies if i.third_party}
    assert third == {"fr", "datr", "remixlang", "widget_uid"}
    assert {i.cookie.name for i in view.group("social").cookies} >= {
        "fr",
        "datr",
        "remixlang",
        "_fbp",
    }


def test_matching_rule_is_recorded_with_file_and_line() -> None:
    view = load_site_view([store_from_path(CHROMIUM)], "imind.com")
    (ga,) = view.cookies_named("_ga")
    assert ga.rule is not None and ga.policy is not None
    line = ga.policy.path.read_text().splitlines()[ga.rule.line - 1]
    assert "_ga," in line.replace(" ", "") or "name: _ga," in line
    assert (
        ga.reason() == "`_ga` matches the name `_ga` on imind.com in category analytics, "
        f"policies/imind.yaml line {ga.rule.line}"
    )


def test_explain_in_plain_words() -> None:
    view = load_site_view([store_from_path(CHROMIUM)], "imind.com")
    now = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)
    (session,) = explain(view, "imind_session", now)
    assert "session cookie: ends when the browser closes" in session.attributes
    assert "HttpOnly: page scripts cannot read it" in session.attributes
    assert "Secure: sent only over HTTPS" in session.attributes
    assert session.deleting == "necessary: you will be signed out of iMind"
    (widget,) = explain(view, "widget_uid", now)
    assert (
        "partitioned under imind.com: sent to partner-widget.com only when embedded in "
        "imind.com; it belongs to imind.com alone" in widget.attributes
    )
    assert "third-party: set by partner-widget.com while embedded in imind.com" in (
        widget.attributes
    )
    # a partitioned cookie is the site's own: deleting it never reaches partner-widget.com
    assert widget.classified.shared_with is None
    assert widget.deleting.startswith("it belongs to this site only (partitioned)")
    assert "sign you out" not in widget.deleting
    (datr,) = explain(view, "datr", now)
    assert datr.classified.shared_with == "facebook.com"
    assert "deleting it may sign you out of facebook.com" in datr.deleting
    assert "leaves it unless you include it" in datr.deleting
    (ga,) = explain(view, "_ga", now)
    assert ga.classified.cookie.expires is not None
    assert f"on {ga.classified.cookie.expires:%Y-%m-%d}" in ga.attributes[0]
    assert ga.attributes[0].startswith("expires in 1 year 1 month")
    assert "29 bytes" in ga.attributes


def test_explain_cli_names_rule_and_effect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(CHROMIUM), "explain", "imind.com", "datr"]) == 0
    out = capsys.readouterr().out
    assert "`datr` matches the name `datr` on facebook.com in category social" in out
    assert "deleting it may sign you out of facebook.com" in out
    assert main(["--store", str(CHROMIUM), "explain", "imind.com", "nope"]) == 2
    assert capsys.readouterr().err.strip() == "cookie-tui: no cookie named 'nope' on imind.com"


def test_audit_finds_undeclared_and_unused_and_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    view = load_site_view([store_from_path(CHROMIUM)], "imind.com")
    findings = audit(view)
    undeclared = [f for f in findings if f.kind == "undeclared"]
    assert len(undeclared) == 1
    assert set(undeclared[0].cookies) == {"tracking_xyz", "widget_uid"}
    unused = {f.message.split()[1] for f in findings if f.kind == "unused-category"}
    assert unused == {"surveys", "testing", "advertising", "affiliates"}
    assert main(["--store", str(CHROMIUM), "audit", "imind.com", "--json"]) == 4
    assert json.loads(capsys.readouterr().out)


def test_audit_flags_lifetimes_longer_than_declared(tmp_path: Path) -> None:
    shutil.copytree(DEMO.parent.parent, tmp_path / "demo")
    view = load_site_view([store_from_path(tmp_path / "demo/Default/Cookies")], "imind.com")
    retention = {f.cookies[0]: f for f in audit(view) if f.kind == "retention"}
    assert set(retention) == {"_gid", "remember_me"}
    assert "longer than the declared 24 hours" in retention["_gid"].message
    assert (
        retention["_gid"].where == f"policies/imind.yaml:{view.cookies_named('_gid')[0].rule.line}"
    )  # type: ignore[union-attr]


def test_audit_flags_third_party_cookies_the_policy_does_not_mention(tmp_path: Path) -> None:
    from storefactory import chromium_row, insert

    db = tmp_path / "Default" / "Cookies"
    db.parent.mkdir()
    shutil.copyfile(CHROMIUM, db)
    insert(
        db,
        "cookies",
        [
            chromium_row(
                "www.partner.example", "_hjSessionUser_1", "x", top_frame_site="https://imind.com"
            )
        ],
    )
    findings = audit(load_site_view([store_from_path(db)], "imind.com"))
    third = [f for f in findings if f.kind == "third-party-undeclared"]
    assert [f.cookies for f in third] == [("_hjSessionUser_1",)]


def test_show_json_carries_category_and_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--store", str(FIREFOX), "show", "imind.com", "--category", "analytics", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {c["name"] for c in data["cookies"]} == {"_ga", "_gid"}
    assert all(c["category"] == "analytics" and c["value"] is None for c in data["cookies"])
    assert data["cookies"][0]["rule"]["policy"] == "policies/imind.yaml"
    assert main(["--store", str(FIREFOX), "show", "imind.com", "--category", "nope"]) == 2


names = st.text(min_size=0, max_size=30)
hosts = st.from_regex(
    r"\.?([a-z0-9-]{1,10}\.){0,3}(com|net|co\.uk|vk\.com|facebook\.com|test)", fullmatch=True
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(names, hosts), max_size=12),
    st.sampled_from(["imind.com", "example.org", "facebook.com"]),
)
def test_classification_is_total_and_deterministic(pairs: list[tuple[str, str]], site: str) -> None:
    store = Store("chromium", "chromium", "P", Path("/nonexistent/Cookies"), Path("/nonexistent"))
    cookies = [
        Cookie(
            store,
            host,
            name,
            "/",
            None,
            None,
            None,
            False,
            False,
            "unspecified",
            None,
            None,
            (("i", i),),
        )
        for i, (name, host) in enumerate(pairs)
    ]
    policy_set = policy_set_for(site)
    first = classify(cookies, site, policy_set)
    again = classify(list(reversed(cookies)), site, policy_set)
    placed = [item.cookie for g in first for item in g.cookies]
    assert sorted(c.key for c in placed) == sorted(c.key for c in cookies)
    by_key = {item.cookie.key: item.category_id for g in first for item in g.cookies}
    assert by_key == {item.cookie.key: item.category_id for g in again for item in g.cookies}


def naive_match(cookie: Cookie, policy_set: PolicySet) -> tuple[str, int] | None:
    """The rule semantics, spelled out: per policy, the first named rule in file order,
    then the first domain-wide one (`name: "*"`)."""
    for policy in policy_set.policies:
        for domain_wide in (False, True):
            for category in policy.categories:
                for rule in category.rules:
                    if rule.domain_wide == domain_wide and rule.matches(cookie):
                        return category.id, rule.line
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        ["_ga", "_ga_X1", "_gid", "fr", "lang", "cart_1", "__utmz", "x", "_gat_UA-1", "c_user"]
    ),
    st.sampled_from(
        [".imind.com", "www.imind.com", ".facebook.com", ".vk.com", "x.com", "other.net"]
    ),
)
def test_indexed_rule_lookup_equals_first_match_in_file_order(name: str, host: str) -> None:
    store = Store("chromium", "chromium", "P", Path("/nonexistent/Cookies"), Path("/nonexistent"))
    cookie = Cookie(
        store, host, name, "/", None, None, None, False, False, "unspecified", None, None, ()
    )
    policy_set = policy_set_for("imind.com")
    found = match(cookie, policy_set)
    got = (found[0].id, found[1].line) if found else None
    assert got == naive_match(cookie, policy_set)
