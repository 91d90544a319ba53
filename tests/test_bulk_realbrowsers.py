"""Deleting a class on every site, proven with the real browsers: after
`delete --all-sites --category analytics` the restarted browser sends no analytics cookie
to any site but the one the keep list keeps, and every other category still; after `undo`
it sends them all again. Debian's chromium and firefox-esr write every store here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from realbrowsers import (
    CookieServer,
    CookieSpec,
    chromium_cookie_db,
    cookie_tui,
    require_browsers,
    run_chromium,
    run_firefox,
)

pytestmark = pytest.mark.browser

YEAR = 365 * 86400
SITES = ("www.imind.com", "www.shop-one.com", "www.news-two.com")
ANALYTICS = ("_ga", "_gid")
KEPT = ("www.shop-one.com", "_ga")


def _cookies(host: str) -> list[CookieSpec]:
    site = host.removeprefix("www.")
    return [
        CookieSpec(host, "_ga", f"GA1.1.{site}", domain=site, max_age=2 * YEAR),
        CookieSpec(host, "_gid", f"GA1.1.{site}-d", domain=site, max_age=86400),
        CookieSpec(host, "lang", "en", domain=site, max_age=YEAR),  # preferences: stays
    ]


SCENARIO = tuple(spec for host in SITES for spec in _cookies(host))


@pytest.fixture(autouse=True)
def _require_browsers() -> None:
    require_browsers()


def sent_to_each(pages: list[str]) -> dict[str, set[str]]:
    """Names each site's /echo page received, in SITES order."""
    out = {}
    for host, page in zip(SITES, pages, strict=True):
        text = page.split('<pre id="cookie">', 1)[1].split("</pre>", 1)[0]
        out[host] = {p.strip().split("=", 1)[0] for p in text.split(";") if "=" in p}
    return out


def check(store: Path, home: Path, revisit: object) -> None:
    before = revisit()  # type: ignore[operator]
    assert all(set(ANALYTICS) | {"lang"} <= names for names in before.values()), before

    done = cookie_tui(home, "keep", "add", "--site", "shop-one.com", "--name", "_ga")
    assert done.returncode == 0, done.stderr
    done = cookie_tui(
        home, "delete", "--all-sites", "--category", "analytics", "--store", str(store), "--yes"
    )
    assert done.returncode == 0, done.stderr
    assert "Not deleted, kept by your keep list (site shop-one.com, name _ga):" in done.stdout
    after = revisit()  # type: ignore[operator]
    for host, names in after.items():
        kept = {KEPT[1]} if host == KEPT[0] else set()
        assert names & set(ANALYTICS) == kept, (host, names)
        assert "lang" in names, (host, names)  # the other category is untouched

    undone = cookie_tui(home, "undo")
    assert undone.returncode == 0, undone.stderr
    assert revisit() == before  # type: ignore[operator]


def test_chromium_sends_no_analytics_cookie_anywhere_but_the_kept_one(short_tmp: Path) -> None:
    udd, home = short_tmp / "chromium", short_tmp / "home"
    with CookieServer({"bulk": SCENARIO}) as server:
        # end on a page that sets nothing: Chromium restores the last tab when it restarts
        run_chromium(udd, [*server.tour_urls("bulk"), server.url(SITES[0], "/")])
        echoes = [server.url(host, "/echo") for host in SITES]
        check(chromium_cookie_db(udd), home, lambda: sent_to_each(run_chromium(udd, echoes)))


def test_firefox_sends_no_analytics_cookie_anywhere_but_the_kept_one(short_tmp: Path) -> None:
    profile, home = short_tmp / "firefox" / "x7k2m9qa.default-release", short_tmp / "home"
    profile.mkdir(parents=True)
    with CookieServer({"bulk": SCENARIO}) as server:
        run_firefox(profile, server.tour_urls("bulk"))
        echoes = [server.url(host, "/echo") for host in SITES]
        check(profile / "cookies.sqlite", home, lambda: sent_to_each(run_firefox(profile, echoes)))
