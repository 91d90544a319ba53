"""`m` files a cookie under a category with a rule in the user's policy (issue 13): valid,
classified again at once, the user's comments kept, `u` takes it back out, and a rule that
would make the policy invalid is refused with the reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cookie_tui.policy.loader import analyse_bytes
from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.move_dialog import MoveDialog
from cookie_tui.tui.screens.site import SiteScreen

from .conftest import settle, widget_text
from .test_flows import Notices

SIZE = (100, 40)
USER_POLICY = """\
# My own rules for iMind. Keep this comment.
name: Mine
sites: [imind.com]
extends: shipped
categories:
  # the things I want gone
  - id: analytics
    title: Analytics
    description: Mine.
    cookies:
      - {name: "_utm_mine"}  # mine too
"""


def user_policies() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "cookie-tui" / "policies"


async def on_cookie(app: CookieApp, pilot: object, name: str) -> SiteScreen:
    screen = app.screen
    assert isinstance(screen, SiteScreen)
    group = next(g for g in screen.groups if any(i.cookie.name == name for i in g.cookies))
    screen.categories.cursor = screen.groups.index(group)
    await pilot.pause()  # type: ignore[attr-defined]
    screen.table.cursor = [i.cookie.name for i in screen.table.items].index(name)
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def file_under(app: CookieApp, pilot: object, category: str, scope: int = 0) -> None:
    """In the dialog: the category by id (or typed when not listed), then a scope."""
    dialog = app.screen
    assert isinstance(dialog, MoveDialog)
    ids = [g.id for g in dialog.groups]
    if category in ids:
        dialog.query_one("#move-categories").highlighted = ids.index(category)  # type: ignore[attr-defined]
        await pilot.press("enter")  # type: ignore[attr-defined]
    else:
        dialog.query_one("#move-new").focus()
        await pilot.press(*category, "enter")  # type: ignore[attr-defined]
    await pilot.press(*["down"] * scope, "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_m_writes_a_rule_classifies_at_once_and_u_takes_it_back_out(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await on_cookie(app, pilot, "tracking_xyz")
        assert screen.group is not None and screen.group.id == "undeclared"
        await pilot.press("m")
        said = widget_text(app, "#move-dialog")
        assert "File tracking_xyz under" in said
        assert "tracking_xyz: this name only" in said
        assert "tracking_*: every name starting tracking_" in said
        await file_under(app, pilot, "analytics", scope=1)

        written = user_policies() / "imind.com.yaml"
        text = written.read_text()
        assert '{name: "tracking_*", domain: "imind.com"}' in text
        assert "extends: shipped" in text
        assert not analyse_bytes(text.encode(), written).errors
        assert screen.group is not None and screen.group.id == "analytics"
        assert screen.cookie is not None and screen.cookie.cookie.name == "tracking_xyz"
        assert screen.cookie.policy is not None and screen.cookie.policy.path == written
        assert any(
            m.startswith("Filed tracking_* under analytics") for m in notices.of("information")
        )

        await pilot.press("u")
        await settle(pilot)
        assert not written.exists(), "the file cookie-tui made is gone again"
        item = next(i for i in screen.view.cookies if i.cookie.name == "tracking_xyz")  # type: ignore[union-attr]
        assert item.category_id == "undeclared"


async def test_the_users_comments_stay_and_undo_restores_the_file_byte_for_byte(
    demo_cookies: Path, make_app: Callable[..., CookieApp]
) -> None:
    path = user_policies() / "imind.com.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(USER_POLICY)
    app = make_app(store=demo_cookies, site="imind.com")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_cookie(app, pilot, "tracking_xyz")
        await pilot.press("m")
        await file_under(app, pilot, "analytics")
        text = path.read_text()
        for line in USER_POLICY.splitlines():
            assert line in text, line
        assert '- {name: "tracking_xyz", domain: "imind.com"}' in text
        await pilot.press("u")
        await settle(pilot)
        assert path.read_text() == USER_POLICY


async def test_a_new_category_and_a_refused_one(
    demo_cookies: Path, make_app: Callable[..., CookieApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store=demo_cookies, site="imind.com")
    notices = Notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await on_cookie(app, pilot, "tracking_xyz")
        await pilot.press("m")
        await file_under(app, pilot, "Not An Id!")
        refused = notices.of("error")
        assert refused and "not written, the policy would be invalid" in refused[-1]
        assert not (user_policies() / "imind.com.yaml").exists()

        await on_cookie(app, pilot, "tracking_xyz")
        await pilot.press("m")
        await file_under(app, pilot, "promotions")
        assert screen.group is not None and screen.group.id == "promotions"
        assert screen.cookie is not None and screen.cookie.cookie.name == "tracking_xyz"
        assert "Promotions" in widget_text(app, "#categories")
