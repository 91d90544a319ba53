"""Asking before a deletion: which cookies go (with their hosts), which are third-party
and from whom, what deleting breaks, and, off until the user turns them on, the other
sites' own cookies that go with the category only when asked.

A third party's unpartitioned cookie that this site's policy names (Facebook's `c_user`
behind a like button) is the very cookie facebook.com signs its users in with: deleting
the category leaves it alone unless its switch is on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Static

from ...domains import site_of
from ...humanize import plural
from ...output import cookie_lines
from ...policy.classify import UNDECLARED, CategoryGroup, Classified
from ...records import Store
from ..keeping import KeepState, where
from ..text import literal, literal_lines
from .dialog import Dialog

FALLBACK_BREAKS = "the site may stop working as expected"


def third_parties(items: list[Classified]) -> str | None:
    """`2 are third-party: set by partner-widget.com (1), doubleclick.net (1)`, or None."""
    sites = Counter(site_of(item.cookie.domain) for item in items if item.third_party)
    if not sites:
        return None
    who = ", ".join(f"{site} ({n})" for site, n in sorted(sites.items()))
    count = sum(sites.values())
    verb = "is" if count == 1 else "are"
    return f"{count:,} of them {verb} third-party, set by {who}"


@dataclass(frozen=True)
class Request:
    """What the user asked to delete, as the dialog names it."""

    what: str
    """`category Analytics`, `cookie _ga`."""
    button: str
    necessary: bool = False
    breaks: str | None = None
    single: bool = False

    @classmethod
    def category(cls, group: CategoryGroup) -> Request:
        return cls(f"category {group.title}", "Delete category", group.necessary, group.breaks)

    @classmethod
    def cookie(cls, item: Classified, group: CategoryGroup) -> Request:
        return cls(
            f"cookie {item.cookie.name}", "Delete cookie", group.necessary, group.breaks, True
        )

    @classmethod
    def all_but_necessary(cls) -> Request:
        return cls("everything but the necessary categories", "Delete all but necessary")


class ConfirmDelete(Dialog[list[Classified] | None]):
    """Dismisses with the cookies to delete (the category's own, plus the shared ones the
    user switched on, plus the kept ones for the deletion to leave), or None. When a
    browser runs it only explains why it cannot."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Delete", id="confirm.yes"),
        Binding("n,escape,q", "cancel", "Cancel", id="confirm.no"),
    ]

    def __init__(
        self,
        site: str,
        request: Request,
        items: list[Classified],
        running: list[Store],
        keep: KeepState,
    ) -> None:
        """`items`: what the user pointed at, one cookie (`request.single`) or categories,
        whose shared cookies are offered separately, off, and whose kept cookies are
        counted and left. One kept cookie, named by the user, is asked for again."""
        super().__init__()
        self.site = site
        self.request = request
        single = self.single = request.single
        self.running = running
        self.keep = keep
        self.kept_entry = keep.kept_by(items[0].cookie) if single else None
        self.kept = [] if single else [i for i in items if keep.kept_by(i.cookie)]
        rest = items if single else [i for i in items if not keep.kept_by(i.cookie)]
        self.own = rest if single else [i for i in rest if i.shared_with is None]
        self.shared: dict[str, list[Classified]] = defaultdict(list)
        if not single:
            for item in rest:
                if item.shared_with is not None:
                    self.shared[item.shared_with].append(item)

    @property
    def chosen(self) -> list[Classified]:
        """What goes: the own cookies and the shared ones switched on."""
        items = list(self.own)
        for box in self.query(Checkbox):
            if box.value and box.name in self.shared:
                items += self.shared[box.name]
        return items

    @property
    def asked(self) -> list[Classified]:
        """What the dialog dismisses with: the kept cookies too, so the deletion sets them
        aside itself (the keep list read again) and says how many stayed."""
        return self.chosen + self.kept

    def compose(self) -> ComposeResult:
        refused = bool(self.running)
        what = ("kept " if self.kept_entry else "") + self.request.what
        with Vertical(classes="dialog", id="confirm-dialog") as dialog:
            dialog.border_subtitle = "y deletes · esc cancels"
            title = f"Cannot delete {what}" if refused else f"Delete {what}?"
            yield Label(literal(title), classes="dialog-title")
            with VerticalScroll(id="confirm-body"):
                yield from self._body(refused)
            with Horizontal(classes="buttons"):
                if refused:
                    yield Button(literal("Close"), id="cancel", variant="primary")
                else:
                    yield Button(literal(self._delete_label()), id="confirm", variant="error")
                    yield Button(literal("Cancel (n)"), id="cancel")

    def _body(self, refused: bool) -> ComposeResult:
        """Scrolls when long; the title and the buttons stay in view."""
        yield from self._what_goes()
        yield from self._what_is_kept()
        yield from self._what_breaks()
        if self.shared:
            yield Static(
                literal(
                    "Other sites' own cookies, which they use themselves: kept unless "
                    "switched on (space); deleting them signs you out there."
                ),
                classes="note",
            )
        for site, items in sorted(self.shared.items()):
            label = f"Also {plural(len(items), f'{site} cookie')} that {site} itself uses"
            yield Checkbox(literal(label), value=False, name=site, compact=True)
        if not refused:
            backup = "A backup is taken first; u puts the cookies back."
            yield Static(literal(backup), classes="note")
        for store in self.running:
            yield Static(
                literal(
                    f"{store.browser} is running with profile {store.profile!r}: "
                    f"close {store.browser} first, then try again."
                ),
                classes="running",
            )

    def _what_goes(self) -> ComposeResult:
        own = self.own
        if own:
            intro = (
                f"{plural(len(own), 'cookie')} of {self.site} {'goes' if len(own) == 1 else 'go'}:"
            )
            yield Static(literal(intro))
            lines = cookie_lines([item.cookie for item in own])
            yield Static(literal_lines(lines), id="confirm-cookies")
            third = third_parties(own)
            if third:
                yield Static(literal(third), classes="third-party")
            undeclared = sum(1 for item in own if item.category_id == UNDECLARED)
            if undeclared and len({item.category_id for item in own}) > 1:
                text = (
                    f"{undeclared:,} of them {'is' if undeclared == 1 else 'are'} undeclared: "
                    f"no policy says what {'it is' if undeclared == 1 else 'they are'} for."
                )
                yield Static(literal(text), classes="third-party")
        else:
            text = (
                f"Nothing goes: your keep list keeps every cookie of {self.request.what}."
                if self.kept
                else f"No cookie of {self.site}'s own is in {self.request.what}."
            )
            yield Static(literal(text), id="confirm-cookies")

    def _what_is_kept(self) -> ComposeResult:
        keep = self.keep.keep
        if keep is None:
            return
        if self.kept_entry is not None:
            text = (
                f"This cookie is on your keep list ({where(self.kept_entry, keep)}): no bulk "
                "delete takes it. Delete it anyway, this once? It stays on the list."
            )
            yield Static(literal(text), classes="breaks", id="confirm-kept")
            return
        if not self.kept:
            return
        entries = Counter(where(e, keep) for i in self.kept if (e := keep.kept_by(i.cookie)))
        n = len(self.kept)
        head = f"{plural(n, 'cookie')} {'stays' if n == 1 else 'stay'}, kept by your keep list:"
        lines = [head, *(f"  {entry} ({n:,})" for entry, n in entries.most_common())]
        yield Static(literal_lines(lines), classes="kept", id="confirm-kept")

    def _what_breaks(self) -> ComposeResult:
        if self.single and self.own[0].shared_with:
            party = self.own[0].shared_with
            yield Static(
                literal(
                    f"This is {party}'s own cookie, which {party} itself uses: deleting it "
                    f"signs you out of {party}."
                ),
                classes="breaks",
            )
        elif self.request.necessary:
            breaks = self.request.breaks or FALLBACK_BREAKS
            yield Static(literal(f"Necessary cookies. Deleting them: {breaks}"), classes="breaks")
        else:
            yield Static(
                literal(f"{self.site} keeps working; it forgets what these cookies held."),
                classes="note",
            )

    def on_mount(self) -> None:
        """Cancel is the default for what the site needs, and whenever nothing can go."""
        safe = self.running or self.request.necessary or not self.own or self.kept_entry
        self.query_one("#cancel" if safe else "#confirm", Button).focus()
        self._update_button()

    def _delete_label(self) -> str:
        """What the button does, counted: switching shared cookies on changes it."""
        if self.kept_entry is not None:
            return "Delete kept cookie (y)"
        if self.single:
            return f"{self.request.button} (y)"
        return f"{self.request.button}: {plural(len(self.chosen), 'cookie')} (y)"

    @on(Checkbox.Changed)
    def _update_button(self) -> None:
        for button in self.query("#confirm").results(Button):
            button.disabled = not self.chosen
            button.label = literal(self._delete_label())
            button.refresh(layout=True)  # the label's width changed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return not self.running and bool(self.chosen)
        return True

    def action_confirm(self) -> None:
        if not self.running and self.chosen:
            self.dismiss(self.asked)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_confirm()
        else:
            self.dismiss(None)
