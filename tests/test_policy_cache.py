"""Parsed policies are kept between runs, and never outlive the file or the loader they
came from: a cached policy must classify exactly as a freshly parsed one."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cookie_tui.paths import policy_cache_dir, user_policy_dir
from cookie_tui.policy import cache as policy_cache
from cookie_tui.policy import catalog as policies
from cookie_tui.policy.catalog import load_cached, shipped_policy_dir
from cookie_tui.policy.loader import load_policy
from cookie_tui.policy.model import Rule

SHIPPED = sorted(shipped_policy_dir().glob("*.yaml"))
POLICY = """\
name: Example
sites: [example.com]
categories:
  - id: analytics
    title: Analytics
    description: Counts visits.
    retention: 13 months
    cookies:
      - {name: "_ga_*", domain: example.com, path: /app, retention: 2 years}
      - {name: "re:^_pk_(id|ses)\\\\.", description: Matomo}
"""


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    policies._cache.clear()


def user_policy(text: str) -> Path:
    folder = user_policy_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "example.yaml"
    path.write_text(text)
    return path


def touch_later(path: Path) -> None:
    """A new modification time even on a file system with coarse timestamps."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_cached_policy_is_the_parsed_one(path: Path) -> None:
    parsed = load_policy(path)
    again = policy_cache.policy_from_json(
        json.loads(json.dumps(policy_cache.policy_to_json(parsed)))
    )
    assert again == parsed
    rules = [r for c in parsed.categories for r in c.rules]
    cached_rules = [r for c in again.categories for r in c.rules]
    names = ["_ga", "_ga_ABC", "_fbp", "PHPSESSID", "wp-settings-1", "nothing"]
    for rule, cached in zip(rules, cached_rules, strict=True):
        assert [rule._name_ok(n) for n in names] == [cached._name_ok(n) for n in names]


def test_the_second_load_comes_from_the_cache_and_matches(tmp_path: Path) -> None:
    path = user_policy(POLICY)
    first = load_cached(path)
    files = list(policy_cache_dir().glob("*.json"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(policy_cache_dir().stat().st_mode) == 0o700
    policies._cache.clear()
    cached = policy_cache.load(path, path.stat())
    assert cached == first
    assert isinstance(cached.categories[0].rules[1], Rule)
    regex = cached.categories[0].rules[1]
    assert regex._name_ok("_pk_id.") and not regex._name_ok("_pk_idx")


def test_an_edited_policy_is_parsed_again() -> None:
    path = user_policy(POLICY)
    assert [c.id for c in load_cached(path).categories] == ["analytics"]
    edited = POLICY.replace("id: analytics\n    title: Analytics", "id: stats\n    title: Stats")
    path.write_text(edited)
    touch_later(path)
    policies._cache.clear()
    assert [c.id for c in load_cached(path).categories] == ["stats"]


def test_a_newer_loader_parses_again(monkeypatch: pytest.MonkeyPatch) -> None:
    path = user_policy(POLICY)
    load_cached(path)
    assert policy_cache.load(path, path.stat()) is not None
    monkeypatch.setattr(policy_cache, "_loader_stamp", lambda: [policy_cache.FORMAT, 0])
    assert policy_cache.load(path, path.stat()) is None


def test_a_broken_policy_is_never_cached_and_always_reported() -> None:
    path = user_policy(POLICY.replace("title: Analytics", "title: [Analytics"))
    for _ in range(2):
        policies._cache.clear()
        assert policies._analysis(path).errors
    assert not policy_cache_dir().exists() or not list(policy_cache_dir().iterdir())


def test_a_damaged_cache_file_is_ignored_and_replaced() -> None:
    path = user_policy(POLICY)
    load_cached(path)
    (cache_file,) = policy_cache_dir().glob("*.json")
    cache_file.write_text('{"key": ')
    policies._cache.clear()
    assert [c.id for c in load_cached(path).categories] == ["analytics"]
    assert policy_cache.load(path, path.stat()) is not None


def test_show_with_a_warm_cache_does_not_import_yaml(fixture_stores: Path) -> None:
    store = fixture_stores / "chromium" / "Default" / "Cookies"
    cmd = [sys.executable, "-X", "importtime", "-m", "cookie_tui", "--store", str(store)]
    cmd += ["show", "imind.com", "--json"]
    cold = subprocess.run(cmd, capture_output=True, text=True, check=True)
    warm = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert " yaml" in cold.stderr
    assert " yaml" not in warm.stderr
    assert json.loads(warm.stdout) == json.loads(cold.stdout)
