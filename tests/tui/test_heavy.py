"""Big categories stay quick: only the rows on screen are ever built or formatted."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from storefactory import chromium_row, insert

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import screen_text, settle

SIZE = (120, 40)
BIG = 10_000


def grow(cookie_file: Path) -> None:
    """10,000 undeclared imind.com cookies, encrypted as Chromium encrypts them."""
    rows = [chromium_row("www.imind.com", f"big_{i:05}", f"value-{i:05}") for i in range(BIG)]
    insert(cookie_file, "cookies", rows)


async def test_a_category_of_10000_cookies_shows_at_once_and_v_reveals_them_quickly(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    grow(chromium_cookies)
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        ids = [g.id for g in screen.groups]
        big = ids.index("undeclared")
        assert len(screen.groups[big].cookies) > BIG

        async def timed(*steps: Callable[[], object]) -> float:
            """Best of three: the machine is shared, a user's terminal is not."""
            times = []
            for _ in range(3):
                start = time.monotonic()
                for step in steps:
                    step()
                    await pilot.pause()
                times.append(time.monotonic() - start)
                screen.categories.cursor = 0
                await pilot.pause()
            return min(times)

        def to(index: int) -> Callable[[], object]:
            return lambda: setattr(screen.categories, "cursor", index)

        shown = await timed(to(big))
        assert shown < 0.2, f"the category took {shown:.2f} s to show"
        screen.categories.cursor = big
        await pilot.pause()
        assert screen.table.row_count > BIG
        assert "big_00000" in screen_text(app)

        across = await timed(to(big), to(big - 1))
        assert across < 0.4, f"moving across the big category took {across:.2f} s"

        screen.categories.cursor = big
        await pilot.pause()
        start = time.monotonic()
        await pilot.press("v")
        await pilot.pause()
        revealed = time.monotonic() - start
        assert "value-00000" in screen_text(app)
        assert revealed < 0.5, f"revealing took {revealed:.2f} s"
