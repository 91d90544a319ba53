"""Rules written from the app into the user's own policy: they extend the shipped policy,
keep the file's comments and layout, are refused when they would break it, and come back
out exactly (undo)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from cookie_tui.errors import PolicyError
from cookie_tui.paths import user_policy_dir
from cookie_tui.policy.authoring import add_rule, remove_rule, scopes
from cookie_tui.policy.catalog import policy_set_for
from cookie_tui.policy.loader import check_policy
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path

DAY = date(2026, 12, 1)


@pytest.fixture
def chromium(fixture_stores: Path, tmp_path: Path) -> Path:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    return tmp_path / "stores/chromium/Default/Cookies"


def categories(store: Path) -> dict[str, str]:
    view = load_site_view([store_from_path(store)], "imind.com")
    return {item.cookie.name: item.category_id for item in view.cookies}


def test_scopes_offer_the_name_then_its_prefixes() -> None:
    assert scopes("promo_summer_2024") == ["promo_summer_2024", "promo_summer_*", "promo_*"]
    assert scopes("_ga_7XK2M9QH4P") == ["_ga_7XK2M9QH4P", "_ga_*"]
    assert scopes("abc.def-ghi") == ["abc.def-ghi", "abc.def-*", "abc.*"]
    assert scopes("x") == ["x"]
    assert scopes("a[1]") == [r"re:^a\[1\]$"]


def test_a_first_rule_creates_a_policy_that_extends_the_shipped_one(chromium: Path) -> None:
    before = categories(chromium)
    assert before["tracking_xyz"] == "undeclared"
    written = add_rule("imind.com", "marketing", "tracking_*", domain="imind.com", today=DAY)
    assert written.path == user_policy_dir() / "imind.com.yaml"
    assert written.before is None
    assert check_policy(written.path) == []
    assert "extends: shipped" in written.after
    found = policy_set_for("imind.com")
    assert found.extension is not None and found.extension.path == written.path
    assert found.site_policy is not None and found.site_policy.path.name == "imind.yaml"
    after = categories(chromium)
    assert after == {**before, "tracking_xyz": "marketing"}  # the shipped rules still apply
    remove_rule(written)
    assert not written.path.exists()
    assert categories(chromium) == before


def test_the_users_rule_comes_before_the_shipped_one(chromium: Path) -> None:
    assert categories(chromium)["theme"] == "preferences"
    add_rule("imind.com", "forms", "theme", domain="imind.com", today=DAY)
    assert categories(chromium)["theme"] == "forms"
    group = load_site_view([store_from_path(chromium)], "imind.com").group("forms")
    assert group.title == "Forms"  # the shipped category's texts, copied
    assert not group.necessary


HAND_WRITTEN = """\
# My rules for imind.com: hand-written, keep this comment.

name: Mine   # trailing comment
sites: [imind.com]
extends: shipped
categories:
  - id: social
    title: Social
    description: >-
      Buttons
      of networks.
    cookies: [promo_banner]   # flow list, kept flow

  # a comment between categories
  - id: stats
    title: Stats
    description: Counting.
    cookies:
      - {name: "stat_*", domain: imind.com}   # keep me
      # a comment after the last rule

# the end
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_comments_and_layout_survive_every_insertion(newline: str) -> None:
    directory = user_policy_dir()
    directory.mkdir(parents=True)
    path = directory / "mine.yaml"
    original = HAND_WRITTEN.replace("\n", newline)
    path.write_bytes(original.encode())
    writes = [
        add_rule("imind.com", "social", "fr_x", domain="facebook.com", today=DAY),
        add_rule("imind.com", "stats", "counter", today=DAY),
        add_rule("imind.com", "brand_new", "promo_*", domain="imind.com", today=DAY),
    ]
    text = path.read_bytes().decode()
    assert check_policy(path) == []
    stripped = text
    for written in writes:
        assert written.path == path
        stripped = stripped.replace(written.inserted, "", 1)
    assert stripped == original
    assert '[promo_banner, {name: "fr_x", domain: "facebook.com"}]' in text
    rules = [
        '      - {name: "stat_*", domain: imind.com}   # keep me',
        '      - {name: "counter"}  # added in cookie-tui 2026-12-01',
        "  - id: brand_new",
    ]
    assert newline.join(rules) in text
    assert "  - id: brand_new" + newline + '    title: "Brand new"' in text
    assert text.count("\n") == text.count(newline)  # one kind of line ending throughout
    for written in reversed(writes):
        remove_rule(written)
    assert path.read_bytes().decode() == original


def test_a_write_that_would_break_the_policy_is_refused_with_the_reason(chromium: Path) -> None:
    first = add_rule("imind.com", "marketing", "tracking_*", domain="imind.com", today=DAY)
    text = first.path.read_text()
    with pytest.raises(PolicyError, match="repeats the one at line"):
        add_rule("imind.com", "marketing", "tracking_*", domain="imind.com", today=DAY)
    with pytest.raises(PolicyError, match="category id `Bad Id` is not valid"):
        add_rule("imind.com", "Bad Id", "x", today=DAY)
    with pytest.raises(PolicyError, match="cookie names cannot contain `;`"):
        add_rule("imind.com", "marketing", "a;b", today=DAY)
    with pytest.raises(PolicyError, match="reserved"):
        add_rule("imind.com", "undeclared", "x", today=DAY)
    assert first.path.read_text() == text


def test_a_broken_user_policy_is_never_edited() -> None:
    directory = user_policy_dir()
    directory.mkdir(parents=True)
    broken = directory / "imind.yaml"
    broken.write_text("name: Mine\nsites: [imind.com]\ncategories: nope\n")
    with pytest.raises(PolicyError):
        add_rule("imind.com", "social", "x", today=DAY)
    assert broken.read_text() == "name: Mine\nsites: [imind.com]\ncategories: nope\n"


def test_undo_takes_out_only_the_rule_and_refuses_when_it_was_edited() -> None:
    written = add_rule("imind.com", "social", "promo_*", domain="imind.com", today=DAY)
    second = add_rule("imind.com", "social", "other", today=DAY)
    remove_rule(written)  # the file changed since (second rule): only the line goes
    text = second.path.read_text()
    assert "promo_*" not in text and '"other"' in text
    assert check_policy(second.path) == []
    second.path.write_text(text.replace('"other"', '"renamed"'))
    with pytest.raises(PolicyError, match="no longer as cookie-tui wrote it"):
        remove_rule(second)


def test_a_users_replacement_policy_stays_one() -> None:
    """Without `extends`, a user's policy for a site replaces the shipped one (on purpose);
    rules from the app go into it and it keeps replacing."""
    directory = user_policy_dir()
    directory.mkdir(parents=True)
    mine = directory / "imind.yaml"
    mine.write_text(
        "name: Mine\nsites: [imind.com]\ncategories:\n"
        "  - id: login\n    title: Login\n    description: Sign-in.\n    cookies: [sid]\n"
    )
    written = add_rule("imind.com", "login", "sid2", today=DAY)
    assert written.path == mine
    found = policy_set_for("imind.com")
    assert found.site_policy is not None and found.site_policy.path == mine
    assert found.extension is None


def test_a_users_policy_for_every_site_extends_common_only_when_it_says_so() -> None:
    directory = user_policy_dir()
    directory.mkdir(parents=True)
    body = (
        "name: Everywhere\nsites: ['*']\n{extends}categories:\n"
        "  - id: tracking\n    title: T\n    description: T.\n    cookies: [tracker]\n"
    )
    (directory / "all.yaml").write_text(body.format(extends="extends: shipped\n"))
    found = policy_set_for("example.org")
    assert [p.name for p in found.policies] == ["Everywhere", "Common cookies"]
    (directory / "all.yaml").write_text(body.format(extends=""))
    assert [p.name for p in policy_set_for("example.org").policies] == ["Everywhere"]
