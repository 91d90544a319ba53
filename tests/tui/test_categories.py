"""The categories across every site: counts by class and category, their sites, and the way
into a site with the category selected; typing never waits for the census."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.census import Census
from cookie_tui.tui.screens.categories import CategoriesScreen, CategorySitesScreen
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import settle, widget_text

SIZE = (100, 30)


def row_text(app: CookieApp, title: str) -> str:
    """The painted line of the categories table that starts with `title`."""
    text = widget_text(app, "#category-table")
    start = text.index(f" {title} ")
    return text[start : start + 80]


async def test_classes_then_categories_with_cookie_and_site_counts(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CategoriesScreen)
        titles = [row.title for row in screen.table.rows]
        classes = [row.title for row in screen.table.rows if row.key.is_class]
        assert classes == ["Necessary", "Preferences", "Analytics", "Marketing", "Undeclared"]
        # iMind's own names sit under the class its policy gives them
        marketing = titles.index("Marketing")
        assert titles.index("Affiliate tracking (affiliates)") > marketing
        assert titles.index("Social media buttons (social)") > marketing
        assert row_text(app, "Marketing").split()[1:3] == ["13", "4"]
        assert row_text(app, "Undeclared").split()[1:3] == ["2", "1"]
        assert "44 cookies on 6 sites" in widget_text(app, "#categories-status")


async def test_enter_lists_the_sites_then_opens_one_with_the_category_selected(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CategoriesScreen)
        screen.table.cursor = [row.title for row in screen.table.rows].index("Marketing")
        await pilot.press("enter")
        await settle(pilot)
        sites = app.screen
        assert isinstance(sites, CategorySitesScreen)
        listed = [(c.site, c.total) for c in sites.table.counts]
        assert listed[0] == ("imind.com", 8)
        assert {site for site, _n in listed} == {
            "imind.com",
            "twitter.com",
            "x.com",
            "facebook.com",
        }
        assert "chromium/iMind demo 8" in widget_text(app, "#category-sites")

        await pilot.press("enter")
        await settle(pilot)
        site = app.screen
        assert isinstance(site, SiteScreen) and site.site == "imind.com"
        assert site.group is not None and site.group.standard_class == "marketing"
        await pilot.press("escape")  # the categories of the site are focused: back
        assert app.screen is sites


async def test_the_screen_says_how_far_the_census_is_and_keys_still_work(
    demo_cookies: Path, make_app: Callable[..., CookieApp], census_held: threading.Event
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("g")
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, CategoriesScreen)
        status = widget_text(app, "#categories-status")
        assert "Sorting every cookie into its category: 0 of 6 sites" in status
        await pilot.press("escape")  # typing is never held up by the census
        assert app.screen is app.sites_screen
        await pilot.press("g")
        census_held.set()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CategoriesScreen)
        assert isinstance(screen.census, Census) and screen.table.row_count > 0
