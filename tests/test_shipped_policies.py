"""The shipped policies load, match what they should, and the right policy applies."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cookie_tui.cli import main
from cookie_tui.errors import PolicyError
from cookie_tui.paths import user_policy_dir
from cookie_tui.policy.catalog import (
    PolicySet,
    all_policies,
    covered_sites,
    policy_set_for,
    shipped_policy_dir,
)
from cookie_tui.policy.classify import match
from cookie_tui.policy.loader import check_policy, load_policy
from cookie_tui.policy.model import Rule
from cookie_tui.records import Cookie, Store

SHIPPED = shipped_policy_dir()
IMIND = SHIPPED / "imind.yaml"
COMMON = SHIPPED / "common.yaml"
IMIND_IDS = [
    "account",
    "login",
    "surveys",
    "preferences",
    "newsletters",
    "orders",
    "forms",
    "analytics",
    "testing",
    "advertising",
    "affiliates",
    "social",
]
BROKEN = Path(__file__).parent / "policies_broken"


@pytest.fixture(autouse=True)
def _no_real_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store("firefox", "firefox", "default", tmp_path / "cookies.sqlite", tmp_path)


def cookie(store: Store, name: str, host: str = ".imind.com", path: str = "/") -> Cookie:
    return Cookie(
        store=store,
        host=host,
        name=name,
        path=path,
        expires=None,
        created=None,
        last_accessed=None,
        secure=True,
        http_only=False,
        same_site="lax",
        partition_key=None,
        container=None,
        key=(("id", 1),),
    )


def category_of(policy_path: Path, c: Cookie) -> str | None:
    """The category the policy alone gives: named rules first, domain-wide ones after."""
    found = match(c, PolicySet(load_policy(policy_path), None))
    return found[0].id if found else None


def test_shipped_policies_have_no_error() -> None:
    assert sorted(p.name for p in SHIPPED.glob("*.yaml")) == ["common.yaml", "imind.yaml"]
    for path in SHIPPED.glob("*.yaml"):
        assert check_policy(path) == []


def test_imind_categories_in_order() -> None:
    policy = load_policy(IMIND)
    assert [c.id for c in policy.categories] == IMIND_IDS
    assert policy.sites == ("imind.com",)
    assert policy.source == (
        "https://support.imind.com/hc/en-us/articles/6646363872669-Cookie-Policy"
    )
    necessary = {c.id for c in policy.categories if c.necessary}
    assert {"account", "login", "orders"} <= necessary
    assert all(c.breaks for c in policy.categories)


def test_common_categories_and_fallback() -> None:
    policy = load_policy(COMMON)
    assert [c.id for c in policy.categories] == [
        "necessary",
        "preferences",
        "analytics",
        "marketing",
    ]
    assert policy.is_fallback


@pytest.mark.parametrize(
    ("name", "host", "expected"),
    [
        ("_ga", ".imind.com", "analytics"),
        ("_ga_ABC123", ".imind.com", "analytics"),
        ("_gat_UA-1", "www.imind.com", "analytics"),
        ("imind_session", "imind.com", "login"),
        ("_gaexp", ".imind.com", "testing"),
        ("IDE", ".doubleclick.net", "advertising"),
        ("IDE", ".imind.com", None),
        ("_fbp", ".imind.com", "social"),
        ("fr", ".facebook.com", "social"),
        ("fr", ".imind.com", None),
        ("remixscreen_depth", ".vk.com", "social"),
        ("ct0", ".x.com", "social"),
        ("ct0", ".twitter.com", "social"),
        ("ct0", ".notx.com", None),
        # imind's `locale` is tied to imind.com; Facebook's is social by the domain-wide rule
        ("locale", ".facebook.com", "social"),
        ("presence", "www.facebook.com", "social"),
        ("remixsid", ".vk.com", "social"),
        ("auth_token", ".x.com", "social"),
        ("locale", ".fbcdn.net", None),
        ("cart_id", "imind.com", "orders"),
        ("_GA", ".imind.com", None),
    ],
)
def test_imind_rules_match(store: Store, name: str, host: str, expected: str | None) -> None:
    assert category_of(IMIND, cookie(store, name, host)) == expected


@pytest.mark.parametrize(
    ("name", "host", "expected"),
    [
        ("PHPSESSID", "shop.example", "necessary"),
        ("_hjSessionUser_123", ".example.org", "analytics"),
        ("__utmz", ".example.org", "analytics"),
        ("MUID", ".bing.com", "marketing"),
        ("MUID", ".clarity.ms", "analytics"),
        ("MUID", ".example.org", None),
        ("euconsent-v2", ".example.org", "necessary"),
        ("wp-settings-1", "example.org", "preferences"),
    ],
)
def test_common_rules_match(store: Store, name: str, host: str, expected: str | None) -> None:
    assert category_of(COMMON, cookie(store, name, host)) == expected


def test_path_rule_matches_whole_segments(store: Store) -> None:
    rule = Rule("sid", "exact", "example.com", "/app")
    assert rule.matches(cookie(store, "sid", "example.com", "/app"))
    assert rule.matches(cookie(store, "sid", "a.example.com", "/app/x"))
    assert not rule.matches(cookie(store, "sid", "example.com", "/apple"))
    assert not rule.matches(cookie(store, "sid", "badexample.com", "/app"))


_RULES = [
    Rule("_ga", "exact"),
    Rule("_ga_*", "glob", "example.com", "/"),
    Rule("^_gat_[A-Za-z0-9-]+$", "regex", "facebook.com", "/x"),
    Rule("[!a]*", "glob"),
]


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=5000), host=st.text(max_size=300), path=st.text(max_size=50))
def test_matches_never_raises(name: str, host: str, path: str) -> None:
    store = Store("chrome", "chromium", "Default", Path("/tmp/x"), Path("/tmp"))
    c = cookie(store, name, host, path)
    for rule in _RULES:
        assert rule.matches(c) in (True, False)


def test_policy_set_for_shipped_and_fallback() -> None:
    found = policy_set_for("www.IMIND.com")
    assert found.site_policy is not None and found.site_policy.path.name == "imind.yaml"
    assert found.common is not None and found.common.path.name == "common.yaml"
    assert [p.path.name for p in found.policies] == ["imind.yaml", "common.yaml"]
    other = policy_set_for("example.org")
    assert other.site_policy is None
    assert [p.path.name for p in other.policies] == ["common.yaml"]
    assert "imind.com" in covered_sites()
    imind = load_policy(IMIND)
    assert imind.covers("app.imind.com") and not imind.covers("notimind.com")
    assert load_policy(COMMON).covers("anything.example")


def _user_policy(name: str, sites: str, body: str = "") -> Path:
    directory = user_policy_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(
        f"name: Mine\nsites: {sites}\ncategories:\n"
        "  - id: login\n    title: Login\n    description: Sign-in.\n"
        f"    cookies: [sid]\n{body}"
    )
    return path


def test_user_policy_overrides_shipped(tmp_path: Path) -> None:
    assert str(user_policy_dir()).startswith(str(tmp_path))
    mine = _user_policy("imind.yaml", "[imind.com]")
    found = policy_set_for("imind.com")
    assert found.site_policy is not None and found.site_policy.path == mine
    assert mine in [p.path for p in all_policies()]


def test_broken_user_policy_raises_only_for_its_sites() -> None:
    _user_policy("mine.yaml", "[imind.com]", "  - bogus: 1\n")
    with pytest.raises(PolicyError) as raised:
        policy_set_for("imind.com")
    assert str(raised.value).startswith(f"{user_policy_dir() / 'mine.yaml'}:8:5: ")
    assert policy_set_for("example.org").site_policy is None
    assert all(p.path.name != "mine.yaml" for p in all_policies())


def test_forced_policy_wins(tmp_path: Path) -> None:
    forced = tmp_path / "forced.yaml"
    forced.write_text(
        "name: Forced\nsites: [other.example]\ncategories:\n"
        "  - id: x\n    title: X\n    description: X.\n    cookies: []\n"
    )
    found = policy_set_for("imind.com", forced)
    assert found.site_policy is not None and found.site_policy.name == "Forced"
    with pytest.raises(PolicyError):
        policy_set_for("imind.com", BROKEN / "bad_regex.yaml")
    common_only = policy_set_for("imind.com", COMMON)
    assert [p.path.name for p in common_only.policies] == ["common.yaml"]


def _run(*files: Path) -> int:
    return main(["policy", "check", *map(str, files)])


def test_policy_check_command(capsys: pytest.CaptureFixture[str]) -> None:
    imind_rules = IMIND.read_text().count("- {name:")
    assert imind_rules > 60
    assert _run(IMIND, COMMON) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"ok: {IMIND} (12 categories, {imind_rules} rules)",
        f"ok: {COMMON} (4 categories, 133 rules)",
    ]
    assert err == ""
    broken = BROKEN / "many_errors.yaml"
    assert _run(IMIND, broken) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"ok: {IMIND} (12 categories, {imind_rules} rules)"]
    lines = err.splitlines()
    assert len(lines) == 5
    assert lines[0] == f'{broken}:1:7: `name` must be text, not a number: quote it, `name: "42"`'


def test_policy_without_action_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["policy"])
    assert exit_.value.code == 2
    assert "check" in capsys.readouterr().err


def test_user_fallback_replaces_common_and_raises_when_broken() -> None:
    mine = _user_policy("all.yaml", '["*"]')
    found = policy_set_for("example.org")
    assert [p.path for p in found.policies] == [mine]
    _user_policy("all.yaml", '["*"]', "    necessary: maybe\n")
    with pytest.raises(PolicyError):
        policy_set_for("example.org")


def test_every_shipped_category_declares_its_class() -> None:
    """Bulk deletes by class (`--all-sites --category marketing`) read these: a shipped
    category must say what it is for, not fall back to a default."""
    imind = load_policy(IMIND)
    assert {c.id: c.declared_class for c in imind.categories} == {
        "account": "necessary",
        "login": "necessary",
        "surveys": "preferences",
        "preferences": "preferences",
        "newsletters": "preferences",
        "orders": "necessary",
        "forms": "preferences",
        "analytics": "analytics",
        "testing": "analytics",
        "advertising": "marketing",
        "affiliates": "marketing",
        "social": "marketing",
    }
    common = load_policy(SHIPPED / "common.yaml")
    assert all(c.declared_class == c.id for c in common.categories)
    assert all(c.necessary == (c.standard_class == "necessary") for c in imind.categories)
