"""`cookie-tui policy draft DOMAIN`: a starting policy that `policy check` accepts and
that, loaded as the site's policy, classifies the site's cookies as drafted."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from storefactory import chromium_row, insert

from cookie_tui.cli import main
from cookie_tui.policy.draft import UNKNOWN
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path
from cookie_tui.stores.sites import summarize

ROOT = Path(__file__).parent.parent


@pytest.fixture
def stores(fixture_stores: Path, tmp_path: Path) -> dict[str, Path]:
    shutil.copytree(fixture_stores, tmp_path / "stores")
    shutil.copytree(ROOT / "cookie_tui" / "demo", tmp_path / "demo")
    return {
        "demo": tmp_path / "demo/Default/Cookies",
        "chromium": tmp_path / "stores/chromium/Default/Cookies",
        "firefox": next((tmp_path / "stores/firefox").glob("*/cookies.sqlite")),
    }


def drafted(store: Path, site: str, out: Path) -> str:
    assert main(["--store", str(store), "policy", "draft", site, "-o", str(out)]) == 0
    return out.read_text()


def category_by_cookie(store: Path, site: str, policy: Path | None = None) -> dict[object, str]:
    view = load_site_view([store_from_path(store)], site, policy)
    return {item.cookie.identity: item.category_id for item in view.cookies}


@pytest.mark.parametrize("which", ["demo", "chromium", "firefox"])
def test_every_site_drafts_a_valid_policy_that_classifies_as_drafted(
    stores: dict[str, Path], which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = stores[which]
    sites, _ = summarize([store_from_path(store)])
    for summary in sites:
        out = tmp_path / f"{which}-{summary.site}.yaml"
        text = drafted(store, summary.site, out)
        assert main(["policy", "check", str(out)]) == 0, capsys.readouterr().err
        before = category_by_cookie(store, summary.site)
        after = category_by_cookie(store, summary.site, out)
        assert after == {k: UNKNOWN if v == "undeclared" else v for k, v in before.items()}
        for line in text.splitlines():
            if "{name:" in line:
                assert re.search(r"# (from policies/imind\.yaml line \d+|guess|unknown)", line)
                assert "; seen: " in line


def test_a_sites_own_rules_are_copied_and_only_the_rest_is_guessed(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    text = drafted(stores["demo"], "imind.com", tmp_path / "imind.yaml")
    assert '{name: "_ga_*", domain: "imind.com"}  # from policies/imind.yaml line' in text
    assert '{name: "__adroll_fpc", domain: "imind.com"}  # guess: the common policy' in text
    assert '{name: "tracking_xyz", domain: "imind.com"}  # unknown; seen: 1 year' in text
    assert "  # guess: a category of the common policy (Common cookies)\n  - id: marketing" in text
    assert f"  - id: {UNKNOWN}" in text
    session = next(line for line in text.splitlines() if '"imind_session"' in line)
    assert session.endswith("seen: session")


def test_names_sharing_a_prefix_become_a_glob_unless_it_takes_another_categorys_cookie(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    store = stores["chromium"]
    names = ["promo_spring", "promo_summer", "cf_clearance", "cf_use_ob", "cf_mystery"]
    insert(store, "cookies", [chromium_row(".example.com", name) for name in names])
    out = tmp_path / "example.yaml"
    text = drafted(store, "example.com", out)
    assert '{name: "promo_*", domain: "example.com"}' in text  # grouped, both unknown
    assert '"cf_*"' not in text  # would file the unknown cf_mystery as necessary
    assert '{name: "cf_mystery", domain: "example.com"}  # unknown' in text
    after = category_by_cookie(store, "example.com", out)
    before = category_by_cookie(store, "example.com")
    assert after == {k: UNKNOWN if v == "undeclared" else v for k, v in before.items()}


def test_the_draft_goes_to_stdout_or_a_new_file_never_over_one(
    stores: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(stores["demo"])
    assert main(["--store", store, "policy", "draft", "vk.com"]) == 0
    assert capsys.readouterr().out.startswith("# Draft cookie policy for vk.com")
    out = tmp_path / "vk.yaml"
    out.write_text("mine")
    assert main(["--store", store, "policy", "draft", "vk.com", "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"cookie-tui: {out} exists: give a new file name"
    assert out.read_text() == "mine"
    assert main(["--store", store, "policy", "draft", "nosuch.example"]) == 2
