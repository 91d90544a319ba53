"""Opening a site: a key bar rebuilt only when its keys change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets._footer import FooterKey

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import settle

SIZE = (100, 30)


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
