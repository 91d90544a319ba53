"""The README's key table is the contract: every key a screen binds is in it, and back."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.sites import SitesScreen
from cookie_tui.tui.widgets.category_list import CategoryList
from cookie_tui.tui.widgets.cookie_table import CookieTable
from cookie_tui.tui.widgets.sites_table import SitesTable

README = Path(__file__).parent.parent.parent / "README.md"
NAMES = {"question_mark": "?", "slash": "/", "escape": "esc"}
SCREENS = {
    "everywhere": [CookieApp],
    "sites": [SitesScreen, SitesTable],
    "site": [SiteScreen, CategoryList, CookieTable],
    "confirm": [ConfirmDelete],
}


def documented() -> dict[str, set[str]]:
    section = README.read_text().split("### Key bindings", 1)[1].split("\n## ", 1)[0]
    out: dict[str, set[str]] = {where: set() for where in SCREENS}
    for where, keys in re.findall(r"^\| (\w+) \| (.+?) \|", section, flags=re.MULTILINE):
        if where in out:
            out[where] |= set(re.findall(r"`([^`]+)`", keys))
    return out


def bound(classes: list[type]) -> set[str]:
    keys = set()
    for cls in classes:
        inherited = [base for base in cls.__mro__ if "BINDINGS" in vars(base)]
        ours = [
            b
            for base in inherited
            if base.__module__.startswith("cookie_tui")
            for b in base.BINDINGS
        ]
        for binding in ours:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                keys.add(NAMES.get(key, key))
    return keys


def test_every_bound_key_is_documented_and_every_documented_key_bound() -> None:
    docs = documented()
    for where, classes in SCREENS.items():
        keys = bound(classes)
        assert keys <= docs[where] | {"up", "down", "pageup", "pagedown", "home", "end"}, where
        single = {k for k in docs[where] if len(k) == 1}
        assert single <= keys, where
