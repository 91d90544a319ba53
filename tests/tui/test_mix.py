"""Each site's mix of classes in the sites list: filled in once the census is in, never
holding up typing, and a sort by tracking (analytics and marketing) first."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from cookie_tui.tui import census as census_module
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.census import bar

from .conftest import settle, widget_text

SIZE = (100, 30)


def test_a_bar_is_proportional_and_shows_every_class_present() -> None:
    assert bar((0, 0, 3, 2, 16), 10) == [0, 0, 1, 1, 8]
    assert bar((1, 0, 0, 0, 500), 8) == [1, 0, 0, 0, 7], "one cookie in 500 still shows"
    assert bar((5, 5, 0, 0, 0), 10) == [5, 5, 0, 0, 0]
    assert bar((0, 0, 0, 0, 0), 10) == [0, 0, 0, 0, 0]


async def test_the_mix_fills_in_after_the_census_and_typing_never_waits(
    demo_cookies: Path, make_app: Callable[..., CookieApp], census_held: threading.Event
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        table = app.sites_screen.table
        status = app.sites_screen.census_progress
        for _ in range(200):
            if table.total_count and app.sites_screen.census_progress.total:
                break
            await pilot.pause(0.02)
        assert status.total == 0, "the census reads every store before it counts the sites"
        await pilot.pause()
        assert table.mix(table.rows[0]) is None
        assert "mix: 0 of 6 sites…" in widget_text(app, "#sites-status")
        assert "█" not in table.render_line(1).text
        await pilot.press("slash", *"twit")  # typing is never held up by the census
        assert [row.site for row in table.shown_rows] == ["twitter.com"]
        await pilot.press("escape")
        census_held.set()
        await settle(pilot)
        imind = next(r for r in table.rows if r.site == "imind.com")
        mix = dict(zip(census_module.CLASSES, table.mix(imind) or (), strict=True))
        assert mix == {
            "necessary": 7,
            "preferences": 9,
            "analytics": 9,
            "marketing": 8,
            "undeclared": 2,
        }
        painted = table.render_line(1).text  # the SVG screenshot draws blocks as shapes
        assert painted.split() == [
            "imind.com",
            "35",
            "██████████",
            "chromium/iMind",
            "demo",
            "yes",
            "3",
        ]
        legend = "Mix: necessary preferences analytics marketing undeclared"  # blocks: shapes
        assert legend in widget_text(app, "#mix-legend")


async def test_s_sorts_by_tracking_once_the_mix_is_in(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.sites_screen.table
        table.focus()
        await pilot.press("s", "s", "s")
        assert table.sort_key == "tracking"
        order = [row.site for row in table.shown_rows]
        assert order[:3] == ["imind.com", "twitter.com", "x.com"]
        assert "by tracking" in widget_text(app, "#sites-status")
