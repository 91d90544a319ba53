"""Big categories stay quick: only the rows on screen are ever built or formatted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from storefactory import chromium_row, insert
from textual.strip import Strip

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.widgets.cookie_table import CookieTable

from .conftest import screen_text, settle

SIZE = (120, 40)
BIG = 10_000


def grow(cookie_file: Path) -> None:
    """10,000 undeclared imind.com cookies, encrypted as Chromium encrypts them."""
    rows = [chromium_row("www.imind.com", f"big_{i:05}", f"value-{i:05}") for i in range(BIG)]
    insert(cookie_file, "cookies", rows)


async def test_a_category_of_10000_cookies_paints_only_the_rows_on_screen(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Showing it, moving across it and revealing its values paint only the rows that
    fit the screen. How fast that is, `make bench` measures (a timed test here failed on
    a loaded machine while proving nothing more)."""
    grow(chromium_cookies)
    painted: list[int] = []
    render_row = CookieTable.render_row

    def counting(table: CookieTable, index: int, width: int) -> Strip:
        painted.append(index)
        return render_row(table, index, width)

    monkeypatch.setattr(CookieTable, "render_row", counting)
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        big = [g.id for g in screen.groups].index("undeclared")
        assert len(screen.groups[big].cookies) > BIG

        async def paint(*steps: Callable[[], object]) -> list[int]:
            painted.clear()
            for step in steps:
                step()
                await pilot.pause()
            return list(painted)

        def to(index: int) -> Callable[[], object]:
            return lambda: setattr(screen.categories, "cursor", index)

        shown = await paint(to(big))
        assert screen.table.row_count > BIG
        assert "big_00000" in screen_text(app)
        assert shown and max(shown) < SIZE[1]

        other = 0 if big else 1
        across = await paint(to(other), to(big), to(other), to(big))
        assert across and max(across) < SIZE[1]

        revealed = await paint(to(big), lambda: app.simulate_key("v"))
        await pilot.pause()
        assert "value-00000" in screen_text(app)
        assert revealed and max(revealed + painted) < SIZE[1]
