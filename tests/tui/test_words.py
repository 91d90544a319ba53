"""What the screens say: words and numbers a person reads, at the sizes people use."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from storefactory import chromium_encrypt, chromium_row, insert

from cookie_tui.paths import exports_dir
from cookie_tui.policy.classify import Classified
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.export_dialog import ExportDialog
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.write_jobs import export, file_part

from .conftest import FIXED_NOW, FIXTURES, flat, screen_text, settle, widget_text
from .test_flows import Notices

LONG = "n" * 4096


async def open_category_of(app: CookieApp, pilot: object, name: str) -> SiteScreen:
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    for index, group in enumerate(screen.groups):
        names = [c.cookie.name for c in group.cookies]
        if name in names:
            screen.categories.cursor = index
            await pilot.pause()  # type: ignore[attr-defined]
            screen.table.cursor = names.index(name)
            await pilot.pause()  # type: ignore[attr-defined]
            return screen
    raise AssertionError(f"no cookie {name}")


async def test_an_ancient_expiry_reads_expired_and_a_4kb_name_leaves_room(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    ancient = datetime(1601, 1, 2, tzinfo=UTC)
    insert(
        chromium_cookies,
        "cookies",
        [
            chromium_row("www.imind.com", "ancient", "v", expires=ancient),
            chromium_row("www.imind.com", LONG, "v"),
        ],
    )
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_category_of(app, pilot, "ancient")
        text = screen_text(app)
        explained = widget_text(app, "#explanation-box")
        assert re.search(r"expired \d{3} years( \d+ \w+)? ago, on 1601-01-02", explained)
        assert "expires expired" not in text
        await open_category_of(app, pilot, LONG)
        text = screen_text(app)
        header = next(line for line in text.splitlines() if "Name" in line and "Expires" in line)
        assert "Host" in header and "Expires" in header
        row = next(line for line in text.splitlines() if "nnnnnnnn" in line and "…" in line)
        assert "www.imind.com" in row
        explained = widget_text(app, "#explanation-box").replace(" ", "")
        assert "n" * 300 in explained, "the explanation shows the name whole, folded"
        assert app.screen.query_one("#explanation-box").max_scroll_y > 40

        await open_category_of(app, pilot, "_ga")
        app.screen.query_one("#explanation-box").scroll_end(animate=False)
        await pilot.pause()
        explained = widget_text(app, "#explanation-box")
        assert re.search(r"created \d+ \w+( \d+ \w+)? ago, on 2026-", explained), explained
        assert re.search(r"last used \d+ \w+( \d+ \w+)? ago, on 2026-", explained), explained


async def test_the_site_screen_counts_in_words_and_says_why_the_sites_list_differs(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = next(r for r in app.sites_screen.table.rows if r.site == "imind.com")
        app.open_site("imind.com")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SiteScreen) and screen.view is not None
        text = flat(screen_text(app))
        header = widget_text(app, "#category-info")
        total = len(screen.view.cookies)
        shared = sum(1 for c in screen.view.cookies if c.shared_with)
        assert total - shared == listed.summary.total
        assert f"{total} cookies, " in text and f"{shared} are other sites' own" in text
        assert "not counted in the sites list" in text
        assert "cookie(s)" not in text and "`" not in text and "  " not in text.strip()
        assert "Account · 2 cookies · necessary: the site needs them to work" in header
        breaks = "signing up and managing your account stop working until you log in again"
        assert f"Deleting breaks: {breaks}" in header
        assert "● necessary" in widget_text(app, "#categories"), "the mark is explained"


async def test_the_category_list_grows_with_long_titles_on_wide_terminals(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "Purchases and advertising costs" in screen_text(app)


async def test_with_two_stores_the_browser_shows_at_100_and_the_host_at_80(
    make_app: Callable[..., CookieApp],
) -> None:
    home = Path(os.environ["HOME"])
    shutil.copytree(FIXTURES / "chromium", home / ".config" / "chromium")
    shutil.copytree(FIXTURES / "firefox", home / ".mozilla" / "firefox")
    for size, column in (((100, 30), "Browser/profile"), ((80, 24), "Host")):
        app = make_app(site="imind.com")
        async with app.run_test(size=size) as pilot:
            await open_category_of(app, pilot, "_ga")
            header = next(line for line in screen_text(app).splitlines() if "Expires" in line)
            assert column in header, (size, header)


def test_an_export_file_name_never_leaves_the_exports_folder(
    chromium_cookies: Path,
) -> None:
    assert file_part("../../../../tmp/x/PWNED") == "tmp_x_PWNED"
    assert file_part("..") == "cookies"
    item = Classified(chromium_row_cookie(chromium_cookies), "undeclared", None, None, False)
    done = export("../../../../tmp/x/PWNED", "../../etc", [item], False, FIXED_NOW)
    assert done.path.parent == exports_dir()
    assert "/" not in done.path.name and ".." not in done.path.name


def chromium_row_cookie(cookie_file: Path):  # type: ignore[no-untyped-def]
    from cookie_tui.stores.selection import select_stores
    from cookie_tui.stores.sites import read_site

    stores, _ = select_stores(store_path=cookie_file)
    cookies, _ = read_site(stores, "imind.com", ())
    return cookies[0]


async def test_e_exports_the_chosen_scope_in_the_chosen_format(
    chromium_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    app = make_app(store=chromium_cookies, site="imind.com")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_category_of(app, pilot, "_ga")
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.click("#scope-site")
        await pilot.click("#format-netscape")
        await pilot.press("e")
        await settle(pilot, until=lambda: any(exports_dir().iterdir()))
        (written,) = exports_dir().iterdir()
        assert written.name.startswith("imind.com-all-") and written.suffix == ".txt"
        assert written.read_text().startswith("# Netscape HTTP Cookie File")
        assert screen.view is not None
        lines = [x for x in written.read_text().splitlines() if x and not x.startswith("# ")]
        assert len(lines) == len(screen.view.cookies)

        written.unlink()
        await pilot.press("e", "e")  # the defaults: the highlighted cookie, JSON
        await settle(pilot, until=lambda: any(exports_dir().iterdir()))
        (written,) = exports_dir().iterdir()
        assert written.name.startswith("imind.com-cookie-_ga-") and written.suffix == ".json"
        assert [c["name"] for c in json.loads(written.read_text())["cookies"]] == ["_ga"]


async def test_values_that_cannot_be_decrypted_are_said_once(
    chromium_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = chromium_encrypt("www.imind.com", b"secret", key=b"k" * 16)
    insert(
        chromium_cookies,
        "cookies",
        [chromium_row("www.imind.com", "locked", "", encrypted=locked)],
    )
    app = make_app(store=chromium_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    said = [m for m, title, _ in notices.seen if title == "Values not shown"]
    assert len(said) == 1 and "1 value cannot be decrypted" in said[0], notices.seen
