"""Opening a site: what a failed first read says, and a key bar rebuilt only when its
keys change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens import site as site_module
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import screen_text, settle
from .test_flows import Notices

SIZE = (100, 30)


async def test_a_first_read_that_fails_says_so_where_it_said_reading(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*_args: object, **_kwargs: object) -> object:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(site_module, "load_site_view", fails)
    app = make_app(store=demo_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: bool(notices.of("error")))
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        assert notices.of("error") == ["OSError: [Errno 5] Input/output error"]
        assert "imind.com could not be read: OSError" in screen_text(app)
        assert "Reading" not in screen_text(app)
        assert not screen.query_one("#site-body").loading


def footer_keys(screen: SiteScreen) -> list[FooterKey]:
    return list(screen.query(FooterKey))


async def test_the_key_bar_is_rebuilt_only_when_its_keys_change(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, until=lambda: isinstance(app.screen, SiteScreen))
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        await settle(pilot, until=lambda: screen.view is not None)
        await pilot.pause()
        before = footer_keys(screen)
        assert before
        for _ in range(3):
            screen.refresh_bindings()
            await pilot.pause()
        assert footer_keys(screen) == before  # the same widgets: nothing was rebuilt

        app.update_keymap({"site.reveal": "V"})  # a user's own key for revealing values
        await settle(pilot)
        after = footer_keys(screen)
        assert after != before
        assert [key.key for key in after if key.action == "reveal"] == ["V"]
