"""The Open Cookie Database as shipped: the same file as upstream, read into an index that
agrees with it row by row, looked up after every policy, cached, and never loaded by the
commands that do not classify."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from storefactory import NOW, chromium_row, firefox_row, insert

from cookie_tui.cli import main
from cookie_tui.policy import vendors
from cookie_tui.policy.audit import audit
from cookie_tui.policy.catalog import shipped_policy_dir
from cookie_tui.site_view import load_site_view
from cookie_tui.stores.selection import store_from_path
from cookie_tui.stores.sites import summarize

ROOT = Path(__file__).parent.parent
SHIPPED = ROOT / "policies" / "open-cookie-database"
CSV_FILE = SHIPPED / "open-cookie-database.csv"
DEMO = ROOT / "cookie_tui" / "demo"
FIXTURES = Path(__file__).parent / "fixtures" / "stores"
FICTIONAL = {"tracking_xyz", "widget_uid"}
"""The demo's and fixtures' made-up cookies: no vendor documents them."""


def upstream_folder() -> Path | None:
    """`shared/data/open-cookie-database` beside a parent of the repository, when present
    (the work folder this project was copied from; a fresh clone elsewhere has none)."""
    for parent in ROOT.parents:
        found = parent / "shared" / "data" / "open-cookie-database"
        if found.is_dir():
            return found
    return None


def test_shipped_database_is_the_upstream_file_unchanged() -> None:
    notice = (SHIPPED / "NOTICE").read_text()
    digest = hashlib.sha256(CSV_FILE.read_bytes()).hexdigest()
    assert f"SHA-256 {digest}" in notice
    assert "Apache License" in (SHIPPED / "LICENSE").read_text()
    upstream = upstream_folder()
    if upstream is not None:
        assert CSV_FILE.read_bytes() == (upstream / "open-cookie-database.csv").read_bytes()
        assert (SHIPPED / "LICENSE").read_bytes() == (upstream / "LICENSE").read_bytes()


def csv_rows() -> list[dict[str, str]]:
    with CSV_FILE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_index_agrees_with_the_csv_row_by_row() -> None:
    """Read independently with `csv.DictReader`: every row is in the index with its
    fields, reachable by its own name, and files under the category the README maps."""
    rows = csv_rows()
    assert len(rows) == 2264
    index = vendors.load_index()
    by_id = {row.id: row for row in index.rows}
    assert len(by_id) == len(rows)
    for raw in rows:
        row = by_id[raw["ID"]]
        name = raw["Cookie / Data Key name"].strip()
        assert (row.platform, row.controller, row.category) == (
            raw["Platform"].strip(),
            raw["Data Controller"].strip(),
            raw["Category"].strip(),
        )
        assert row.name == name.rstrip("*")
        assert row.prefix == (raw["Wildcard match"] == "1" or name.endswith("*"))
        assert row.retention_text == raw["Retention period"].strip()
        assert row.privacy_url == raw["User Privacy & GDPR Rights Portals"].strip()
        assert row.description == " ".join(raw["Description"].split())
        assert row.category_id == vendors.map_category(row.category, row.description)
        if name:
            probe = row.name + ("x1" if row.prefix else "")
            assert row.line in {entry[1] for *_, entry in index.candidates(probe)}


def test_readme_documents_the_category_mapping() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("| Open Cookie Database category | cookie-tui category |", 1)[1]
    table = section.split("\n\n", 1)[0]
    assert dict(re.findall(r"^\| (\w+) \| `(\w+)` \|", table, flags=re.MULTILINE)) == (
        vendors.CATEGORY_IDS
    )


def test_functional_rows_about_a_remembered_setting_are_preferences() -> None:
    lang = "Used to remember a user's language setting"
    assert vendors.map_category("Functional", lang) == "preferences"
    consent = "Stores the setting of the preferences level of the cookie agreement."
    assert vendors.map_category("Functional", consent) == "necessary"
    assert vendors.map_category("Functional", "Keeps the session of a logged in user") == (
        "necessary"
    )
    assert vendors.map_category("Personalization", "") == "preferences"
    assert vendors.map_category("Marketing", "language of the ads") == "marketing"


@pytest.mark.parametrize(
    ("name", "host", "platform"),
    [
        ("_ga", "www.example.com", "Google Analytics"),
        ("_ga_7XK2M9QH4P", "example.com", "Google Analytics"),  # a wildcard row
        ("token", "ib.adnxs.com", "Xandr"),  # the row naming the cookie's domain
        ("token", "adform.net", "Adform"),
        ("token", "example.com", None),  # generic names stay on the vendor's domain
        ("locale", "example.com", None),
        ("sessionid", "example.com", None),
        ("auth_token", "example.com", None),
        ("guest_id", ".x.com", "X"),  # rows for twitter.com cover x.com
        ("_pin_unauth", "shop.example.com", "Pinterest"),  # `_` names travel with scripts
        ("_s", "shop.example.com", None),  # ... but not prefixes or short ones
    ],
)
def test_lookup_by_name_and_domain(name: str, host: str, platform: str | None) -> None:
    row = vendors.load_index().lookup(name, host)
    assert (row.platform if row else None) == platform


def row(ident: str, name: str, category: str, sites: tuple[str, ...] = ()) -> vendors.VendorCookie:
    line = ord(ident)
    return vendors.VendorCookie(
        ident, line, "V", "V", category, name, False, sites, "", "", None, "", category.lower()
    )


def test_a_name_several_vendors_use_goes_to_the_domain_else_the_most_protective() -> None:
    rows = [
        row("a", "uid", "Marketing"),
        row("b", "uid", "Analytics"),
        row("c", "uid", "Marketing", ("ads.example",)),
    ]
    index = vendors.VendorIndex.of(list(enumerate(rows)))
    assert index.lookup("uid", "x.ads.example").id == "c"  # type: ignore[union-attr]
    assert index.lookup("uid", "shop.example").id == "b"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2 years", 2 * 366 * 86400),
        ("2 years after last activity", 2 * 366 * 86400),
        ("1 week to 1 year", 366 * 86400),
        ("1440 Minutes", 86400),
        ("Session", -1),
        ("End of session (browser)", -1),
        ("persistent", None),
        ("10 Nov 2030", None),
        ("", None),
    ],
)
def test_documented_retention_is_read_generously(text: str, seconds: int | None) -> None:
    assert vendors.parse_retention_text(text) == seconds


def test_the_index_is_cached_and_rebuilt_when_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "open-cookie-database.csv"
    shutil.copyfile(CSV_FILE, copy)
    monkeypatch.setattr(vendors, "database_path", lambda: copy)
    vendors.load_index.cache_clear()
    first = vendors.load_index()
    vendors.load_index.cache_clear()
    with monkeypatch.context() as m:
        m.setattr(vendors, "read_rows", lambda path: pytest.fail("parsed again"))
        assert vendors.load_index().rows == first.rows
    text = copy.read_text(encoding="utf-8").replace(",_fbp,", ",_fbp_renamed,", 1)
    copy.write_text(text, encoding="utf-8")
    os.utime(copy, ns=(0, 0))
    vendors.load_index.cache_clear()
    rebuilt = vendors.load_index()
    assert rebuilt.lookup("_fbp_renamed", "example.com") is not None
    vendors.load_index.cache_clear()


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cookie_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_sites_list_never_loads_the_database(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    store = str(tmp_path / "demo" / "Default" / "Cookies")
    listed = run("--store", store, "sites", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "cookie_tui.policy" not in listed.stderr
    shown = run("--store", store, "show", "imind.com", "--json")
    assert shown.returncode == 0, shown.stderr
    assert "cookie_tui.policy.vendors" in shown.stderr


def test_the_database_is_found_in_an_installed_wheel(tmp_path: Path) -> None:
    """The layout `pyproject.toml` builds: `policies/` as `cookie_tui/shipped_policies`."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"policies" = "cookie_tui/shipped_policies"' in pyproject
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "cookie_tui", site / "cookie_tui")
    shutil.copytree(ROOT / "policies", site / "cookie_tui" / "shipped_policies")
    shutil.copytree(DEMO, tmp_path / "demo")
    store = str(tmp_path / "demo/Default/Cookies")
    explain = ["explain", "x.com", "guest_id", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "cookie_tui", "--store", store, *explain],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (found,) = json.loads(done.stdout)
    assert found["vendor"]["platform"] == "X"
    assert found["rule"]["policy"] == "policies/open-cookie-database/open-cookie-database.csv"
    assert shipped_policy_dir() == ROOT / "policies"  # here, the repository's


def test_demo_and_fixtures_show_no_well_known_vendor_cookie_as_undeclared(
    tmp_path: Path,
) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    shutil.copytree(FIXTURES, tmp_path / "stores")
    stores = [
        store_from_path(tmp_path / "demo/Default/Cookies"),
        store_from_path(tmp_path / "stores/chromium/Default/Cookies"),
        store_from_path(next((tmp_path / "stores/firefox").glob("*/cookies.sqlite"))),
    ]
    for store in stores:
        sites, _ = summarize([store])
        undeclared = [
            (summary.site, item.cookie.name)
            for summary in sites
            for item in load_site_view([store], summary.site).group("undeclared").cookies
        ]
        assert {name for _, name in undeclared} == FICTIONAL, store.label
        assert len(undeclared) == 3  # was 11 in the demo and 5 in each fixture before


def test_explain_names_the_database_vendor_retention_and_privacy_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    store = str(tmp_path / "demo" / "Default" / "Cookies")
    assert main(["--store", store, "explain", "x.com", "personalization_id"]) == 0
    out = capsys.readouterr().out
    assert "source: the Open Cookie Database, after every policy" in out
    assert "vendor: X, per the Open Cookie Database" in out
    assert "documented retention: 2 years" in out
    assert "vendor's privacy page: https://" in out
    assert main(["--store", store, "explain", "imind.com", "_ga", "--json"]) == 0
    (ga,) = json.loads(capsys.readouterr().out)
    assert ga["source"] == "the site's own policy (iMind Cookie Policy)"
    assert ga["rule"]["source"] == ga["source"]
    assert ga["vendor"]["platform"] == "Google Analytics"
    assert ga["vendor"]["retention"] == "2 years"
    assert ga["vendor"]["privacy_url"].startswith("https://")
    assert main(["--store", store, "explain", "imind.com", "tracking_xyz", "--json"]) == 0
    (unknown,) = json.loads(capsys.readouterr().out)
    assert unknown["vendor"] is None and unknown["rule"] is None
    assert unknown["source"].startswith("none: no policy has a rule for it")


def test_audit_reports_cookies_kept_much_longer_than_their_vendor_documents(
    tmp_path: Path,
) -> None:
    """`_vwo_sn` (VWO, documented 1 day; iMind's policy names it without a retention)
    and `_omappvp` (OptinMonster, 1 day; known to the database only), kept 30 days, in
    two stores: one finding per cookie and store, each naming its store."""
    shutil.copytree(FIXTURES, tmp_path / "stores")
    chromium = tmp_path / "stores/chromium/Default/Cookies"
    firefox = next((tmp_path / "stores/firefox").glob("*/cookies.sqlite"))
    month = NOW + timedelta(days=30)
    names = ("_vwo_sn", "_omappvp")
    insert(chromium, "cookies", [chromium_row(".imind.com", n, expires=month) for n in names])
    insert(firefox, "moz_cookies", [firefox_row(".imind.com", n, expires=month) for n in names])
    stores = [store_from_path(chromium), store_from_path(firefox)]
    view = load_site_view(stores, "imind.com")
    found = [f for f in audit(view) if f.kind == "vendor-retention"]
    assert sorted((f.cookies[0], f.store) for f in found) == sorted(
        (n, s.label) for n in names for s in stores
    )
    vwo = next(f for f in found if f.cookies == ("_vwo_sn",))
    assert "documents 1 day (Open Cookie Database)" in vwo.message
    assert vwo.store is not None and vwo.store in vwo.message
    assert vwo.where is not None and vwo.where.startswith("policies/open-cookie-database/")
    # `_gid` (demo-like, 30 days) breaks the policy's own 24 hours: one finding, not two
    insert(
        chromium, "cookies", [chromium_row(".imind.com", "_gid", "x2", path="/x", expires=month)]
    )
    again = audit(load_site_view([store_from_path(chromium)], "imind.com"))
    gid = [f for f in again if f.cookies == ("_gid",)]
    assert [f.kind for f in gid] == ["retention"]
