"""`N` in the site screen: every category of the site but the necessary ones, in one step,
on a store Chromium wrote; other sites' own cookies only when switched on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import names, settle, widget_text

SIZE = (110, 60)  # the whole confirmation in view
NECESSARY = {
    ("www.imind.com", "account_tab"),
    ("www.imind.com", "imind_session"),
    ("www.imind.com", "remember_me"),
    ("www.imind.com", "cart_id"),
}
SHARED = {(".facebook.com", "datr"), (".facebook.com", "fr"), (".vk.com", "remixlang")}


async def test_everything_but_the_necessary_categories_goes_and_u_puts_it_back(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    before = names(chromium_cookies)
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        assert isinstance(app.screen, ConfirmDelete)
        said = widget_text(app, "#confirm-dialog")
        assert "Delete everything but the necessary categories?" in said
        assert "9 cookies of imind.com go:" in said
        assert "2 of them are undeclared: no policy says what they are for." in said
        assert "Also 2 facebook.com cookies that facebook.com itself uses" in said
        await pilot.press("y")
        await settle(pilot, until=lambda: app.jobs.undoable == 1)
        left = names(chromium_cookies)
        imind = {(host, name) for host, name in left if "imind" in host}
        assert imind == NECESSARY
        assert left >= SHARED, "other sites' own cookies stay unless switched on"
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        assert {g.standard_class for g in screen.groups if g.own} == {"necessary"}

        await pilot.press("u")
        await settle(pilot, until=lambda: app.jobs.undoable == 0)
        assert names(chromium_cookies) == before
