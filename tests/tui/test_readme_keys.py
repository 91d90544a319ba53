"""The README's key table is the contract: every key a screen binds is in it, and back."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from cookie_tui.tui.app import CookieApp
from cookie_tui.tui.screens.audit import AuditScreen
from cookie_tui.tui.screens.categories import CategoriesScreen, CategorySitesScreen
from cookie_tui.tui.screens.confirm import ConfirmDelete
from cookie_tui.tui.screens.confirm_everywhere import ConfirmEverywhere
from cookie_tui.tui.screens.export_dialog import ExportDialog
from cookie_tui.tui.screens.find import FindScreen
from cookie_tui.tui.screens.help import HelpScreen
from cookie_tui.tui.screens.move_dialog import MoveDialog
from cookie_tui.tui.screens.policy_picker import PolicyPicker
from cookie_tui.tui.screens.site import SiteScreen
from cookie_tui.tui.screens.sites import SitesScreen
from cookie_tui.tui.screens.store_picker import StorePicker
from cookie_tui.tui.widgets.category_list import CategoryList
from cookie_tui.tui.widgets.category_table import CategoryTable
from cookie_tui.tui.widgets.cookie_table import CookieTable
from cookie_tui.tui.widgets.find_results import FindResults
from cookie_tui.tui.widgets.site_counts import SiteCountTable
from cookie_tui.tui.widgets.sites_table import SitesTable

README = Path(__file__).parent.parent.parent / "README.md"
NAMES = {"question_mark": "?", "slash": "/", "escape": "esc"}
MOVING = {"up", "down", "pageup", "pagedown", "home", "end"}
"""Written `pgup`/`pgdn` in the README, as on keyboards."""
SCREENS: dict[str, list[type]] = {
    "everywhere": [CookieApp],
    "sites": [SitesScreen, SitesTable],
    "categories": [CategoriesScreen, CategorySitesScreen, CategoryTable, SiteCountTable],
    "find": [FindScreen, FindResults],
    "site": [SiteScreen, CategoryList, CookieTable],
    "confirm": [ConfirmDelete, ConfirmEverywhere],
    "move": [MoveDialog],
    "audit": [AuditScreen],
    "export": [ExportDialog],
    "pickers": [PolicyPicker, StorePicker],
    "help": [HelpScreen],
}


def documented() -> dict[str, set[str]]:
    section = README.read_text().split("### Key bindings", 1)[1].split("\n## ", 1)[0]
    out: dict[str, set[str]] = {where: set() for where in SCREENS}
    for where, keys in re.findall(r"^\| (\w+) \| (.+?) \|", section, flags=re.MULTILINE):
        if where == "Where":
            continue
        assert where in out, f"README names an unknown place: {where}"
        out[where] |= set(re.findall(r"`([^`]+)`", keys))
    return out


def bound(classes: list[type]) -> set[str]:
    """Keys of our own bindings on these classes and the classes they inherit from."""
    keys = set()
    for cls in classes:
        for base in cls.__mro__:
            if "BINDINGS" not in vars(base) or not base.__module__.startswith("cookie_tui"):
                continue
            for binding in base.BINDINGS:
                assert isinstance(binding, Binding)
                assert binding.id, f"{base.__name__}: every binding has an id"
                keys |= {NAMES.get(key, key) for key in binding.key.split(",")}
    return keys


def test_every_bound_key_is_documented_and_every_documented_key_bound() -> None:
    docs = documented()
    for where, classes in SCREENS.items():
        keys = bound(classes)
        undocumented = keys - docs[where] - docs["everywhere"] - MOVING
        assert not undocumented, (where, undocumented)
        # `enter` in an option list is Textual's own binding, so only these are checked back
        promised = {k for k in docs[where] if len(k) == 1 or k == "esc"}
        assert promised <= keys, (where, promised - keys)
