"""Drive the TUI headless with Textual's Pilot and print what it took, as JSON.

Usage: tui_probe.py STORE SITE KEYS

Right after the sites table is painted, `g` opens the categories screen: `t_g` is the
keystroke, `t_categories_painted` the moment its counts are on the screen (the census the
sites screen started at the scan is in, the rows are set and the screen has repainted),
`t_census_done` when the census arrived. The worst case a user can meet: `g` at once.
Then `g` again, the census in: `t_g_again` to `t_categories_again`. Last, on the site
with most cookies, one key moves the highlight onto its biggest category:
`big_category_seconds` until that category's cookies are in the table and painted, then
`reveal_seconds` from `v` until their values are shown.

The probe starts as `cookie-tui` does: the first sites list is begun in a child process
(`cli.list_ahead`) before the app is imported.

Times are `time.monotonic()` readings (one clock for every process on Linux), so the
parent turns them into "since launch" by subtracting the moment it started this process.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

T_START = time.monotonic()

from argparse import Namespace  # noqa: E402
from pathlib import Path  # noqa: E402

from cookie_tui.cli import list_ahead  # noqa: E402

# What `cookie-tui` does before it imports the app: its first sites list is made in a
# child process meanwhile (`cookie_tui.ahead`).
LISTED = list_ahead(Namespace(browser=None, profile=None, store=Path(sys.argv[1]), demo=False))

TIMEOUT = 120.0


async def until(condition, what: str, step: float = 0.002) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(step)


async def painted(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Return once the screen has handled every pending event and painted the result.

    `pilot.pause()` is not used for timing: it waits for the whole process to go idle (up
    to a second), which measures background workers (the policy audit count, the key
    lookup) rather than what is on the screen. Textual's screen update is run directly.
    """
    await pilot._wait_for_screen()
    app.screen._on_timer_update()


async def key(app, pilot, name: str, done) -> float:  # type: ignore[no-untyped-def]
    """Seconds from posting a key until `done()` holds and the screen has repainted."""
    t = time.monotonic()
    app.simulate_key(name)
    await until(done, f"key {name}", step=0)
    await painted(app, pilot)
    return time.monotonic() - t


async def enter_site(app, pilot):  # type: ignore[no-untyped-def]
    """Enter on the highlighted site: its screen once its cookies are painted, and the
    moment the screen was pushed."""
    from cookie_tui.tui.screens.site import SiteScreen

    app.simulate_key("enter")
    await until(lambda: isinstance(app.screen, SiteScreen), "the site screen", step=0)
    pushed = time.monotonic()
    site_screen = app.screen
    await until(lambda: bool(site_screen.query("#site-body")), "the site screen's body")
    body = site_screen.query_one("#site-body")
    await until(lambda: site_screen.view is not None and not body.loading, "the site's cookies")
    await painted(app, pilot)
    return site_screen, pushed


async def probe(store: Path, site: str, keys: int) -> dict[str, object]:
    from cookie_tui.collector import keep_out_of_collections
    from cookie_tui.tui.app import CookieApp, Options
    from cookie_tui.tui.screens.categories import CategoriesScreen
    from cookie_tui.tui.screens.sites import SitesScreen

    out: dict[str, object] = {"t_start": T_START, "t_imported": time.monotonic()}
    keep_out_of_collections()  # what `run_app` does once the app's modules are imported
    app = CookieApp(Options(store=store), listed=LISTED)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, SitesScreen)
        table = screen.table
        await until(lambda: table.total_count > 0 and not table.loading, "the sites table")
        await painted(app, pilot)
        out["t_sites_filled"] = time.monotonic()
        out["sites"] = table.total_count

        # The category counts: `g` at once, until they are painted.
        out["t_g"] = time.monotonic()
        app.simulate_key("g")
        await until(lambda: isinstance(app.screen, CategoriesScreen), "the categories screen")
        categories = app.screen
        assert isinstance(categories, CategoriesScreen)
        await until(
            lambda: categories.census is not None and categories.table.row_count > 0,
            "the category counts",
        )
        out["t_census_done"] = time.monotonic()
        await painted(app, pilot)
        out["t_categories_painted"] = time.monotonic()
        out["categories"] = [
            (row.title, row.cookies, row.sites) for row in categories.table.rows if row.key.is_class
        ]
        app.simulate_key("escape")
        await until(lambda: app.screen is screen, "the sites table again")
        await painted(app, pilot)
        out["t_g_again"] = time.monotonic()
        app.simulate_key("g")
        await until(lambda: isinstance(app.screen, CategoriesScreen), "the categories again")
        again = app.screen
        assert isinstance(again, CategoriesScreen)
        await until(lambda: again.is_mounted and again.table.row_count > 0, "the counts again")
        await painted(app, pilot)
        out["t_categories_again"] = time.monotonic()
        app.simulate_key("escape")
        await until(lambda: app.screen is screen, "the sites table once more")
        await painted(app, pilot)

        # Keystroke to repaint on the sites table, one key at a time.
        table.focus()
        table.cursor = 0
        await pilot.pause()
        lat: list[float] = []
        downs = min(keys, max(0, table.row_count - 1))
        for i in range(downs):
            lat.append(await key(app, pilot, "down", lambda i=i: table.cursor == i + 1))
        pages = max(1, keys // 10)
        for _ in range(pages):
            before = table.cursor
            if before >= table.row_count - 1:
                break
            lat.append(await key(app, pilot, "pagedown", lambda b=before: table.cursor != b))
        expected = min(table.row_count - 1, downs + pages * table.page_height)
        one_by_one_ok = table.cursor == expected or table.cursor == table.row_count - 1

        # A burst: every key queued before the app gets to run, none may be lost.
        table.cursor = 0
        await pilot.pause()
        burst = min(keys, max(0, table.row_count - 1))
        t = time.monotonic()
        await pilot.press(*(["down"] * burst))
        await pilot.pause()
        out["burst_seconds"] = time.monotonic() - t
        out["burst_keys"] = burst
        burst_ok = table.cursor == burst
        out["key_latencies"] = lat
        out["keys_ok"] = bool(one_by_one_ok and burst_ok)
        out["keys_detail"] = {
            "one_by_one": [table.cursor if not one_by_one_ok else expected, expected],
            "burst": [table.cursor, burst],
        }

        # Open the site with Enter.
        visible = [row.site for row in table.shown_rows]
        if site not in visible:
            raise LookupError(f"{site} is not in the sites table")
        table.cursor = visible.index(site)
        await pilot.pause()
        t_enter = time.monotonic()
        site_screen, out["t_site_pushed"] = await enter_site(app, pilot)
        out["t_site_loaded"] = time.monotonic()
        out["t_enter"] = t_enter
        out["site_cookies"] = len(site_screen.view.cookies) if site_screen.view else None

        # Scrolling the site's cookie table.
        cookies = site_screen.table
        cookies.focus()
        await pilot.pause()
        site_lat: list[float] = []
        start = cookies.cursor
        for i in range(min(keys, max(0, cookies.row_count - 1 - start))):
            site_lat.append(
                await key(app, pilot, "down", lambda i=i: cookies.cursor == start + i + 1)
            )
        out["site_key_latencies"] = site_lat
        out["site_rows"] = cookies.row_count
        out["site_keys_ok"] = cookies.cursor == start + len(site_lat)

        # The biggest category of the biggest site: highlight moves onto it, one key.
        app.pop_screen()
        await until(lambda: app.screen is screen, "the sites table after the site")
        await painted(app, pilot)
        table.focus()
        table.cursor = 0  # most cookies first
        await pilot.pause()
        big_site, _ = await enter_site(app, pilot)
        groups = big_site.categories.groups
        biggest = max(range(len(groups)), key=lambda i: len(groups[i].cookies))
        size = len(groups[biggest].cookies)
        big_site.categories.focus()
        big_site.categories.cursor = biggest - 1 if biggest else biggest + 1
        await pilot.pause()
        step = "down" if biggest else "up"
        out["big_category_seconds"] = await key(
            app,
            pilot,
            step,
            lambda: big_site.group is groups[biggest] and big_site.table.row_count == size,
        )
        out["big_category_cookies"] = size
        out["big_site"] = big_site.site
        out["reveal_seconds"] = await key(app, pilot, "v", lambda: big_site.reveal)
    return out


def main() -> int:
    store, site, keys = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    result = asyncio.run(probe(store, site, keys))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
