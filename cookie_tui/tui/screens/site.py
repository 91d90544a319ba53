"""One site: its policy's categories, the cookies of one category, one cookie explained.

The screen wires three widgets (category list, cookie table, explanation panel) and runs
the site's reads and writes in workers; the app hands it the services it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from ...domains import site_of
from ...errors import PolicyError
from ...humanize import plural, printable
from ...paths import user_policy_dir
from ...policy.audit import audit
from ...policy.catalog import display_path
from ...policy.classify import UNDECLARED, CategoryGroup, Classified, SiteView
from ...records import Cookie, Store
from ...site_view import load_site_view, undecryptable
from ...stores.reader import is_running
from ..clipboard import copy_with_system_tool
from ..keeping import LEGEND, KeepState, read_keep, toggle_cookie, where
from ..messages import (
    Copied,
    DeletionFinished,
    Exported,
    KeepToggled,
    RuleAdded,
    SiteLoaded,
    StoresChanged,
)
from ..policy_choice import PolicyChoice
from ..text import failure, literal, notify, quoted
from ..widgets.category_header import CategoryHeader
from ..widgets.category_list import CategoryList
from ..widgets.cookie_table import CookieTable
from ..widgets.explanation import ExplanationPanel
from ..widgets.footer import Footer
from ..write_jobs import CHANGES, WriteJobs, export
from .audit import AuditScreen
from .confirm import ConfirmDelete, Request
from .export_dialog import ExportChoice, ExportDialog, Scope
from .move_dialog import Move, MoveDialog
from .policy_picker import PolicyPicker

COVER_AFTER_S = 0.3
"""The first read covers the (still empty) body with a spinner only when it takes longer:
most end sooner, and mounting and removing the spinner cost the open two layout passes.
The status line says "Reading SITE…" at once."""
SHOW_READING_AFTER_S = 0.2
"""The screen is pushed once its first read is in (`read_first`), or after this long,
saying "Reading SITE…": laying out an empty screen while the read ran, and then again with
the site, took a third of opening one."""


def site_summary(view: SiteView) -> str:
    """The site's total, its third-party share, and why the sites list may count fewer: it
    counts the site's own and partitioned cookies, not the other sites' own cookies that
    this site's policy names (shared)."""
    cookies = view.cookies
    third = sum(1 for c in cookies if c.third_party)
    shared = sum(1 for c in cookies if c.shared_with)
    text = f"{plural(len(cookies), 'cookie')}, {third:,} third-party"
    if shared:
        text += (
            f" · {shared:,} are other sites' own (named by its policy), "
            "not counted in the sites list"
        )
    policy = view.policy_set.site_policy
    if policy is not None:
        text += f" · policy {display_path(policy.path)}"
    else:
        text += " · no policy of its own: common rules only"
    return text


class SiteScreen(Screen[None]):
    """Reads and decrypts the site in a worker, then shows it category by category."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="site.back",
            tooltip="Back: from the cookies to the categories, then the sites",
        ),
        Binding("v", "reveal", "Reveal", id="site.reveal", tooltip="Reveal / mask the values"),
        Binding("c", "copy", "Copy", show=False, id="site.copy", tooltip="Copy the cookie's value"),
        Binding(
            "x", "delete_cookie", "Delete", id="site.delete_cookie", tooltip="Delete the cookie"
        ),
        Binding("X", "delete_category", "Delete category", id="site.delete_category"),
        Binding(
            "N",
            "delete_all_but_necessary",
            "All but necessary",
            show=False,
            id="site.delete_all_but_necessary",
            tooltip="Delete every category but the necessary ones",
        ),
        Binding(
            "u", "undo", "Undo", id="site.undo", tooltip="Undo the last deletion or rule made here"
        ),
        Binding(
            "k",
            "keep",
            "Keep",
            id="site.keep",
            tooltip="Keep the cookie from bulk deletes, or stop (keep list)",
        ),
        Binding(
            "m",
            "move",
            "Move",
            show=False,
            id="site.move",
            tooltip="File the cookie under a category (a rule in your policy)",
        ),
        Binding(
            "a", "audit", "Audit", show=False, id="site.audit", tooltip="Audit against the policy"
        ),
        Binding(
            "p", "pick_policy", "Policy", show=False, id="site.policy", tooltip="Pick a policy"
        ),
        Binding("e", "export", "Export", show=False, id="site.export", tooltip="Export cookies"),
        Binding(
            "r", "reload", "Reload", show=False, id="site.reload", tooltip="Read the stores again"
        ),
    ]
    AUTO_FOCUS = "#categories"

    def __init__(
        self,
        site: str,
        stores: list[Store],
        policies: PolicyChoice,
        jobs: WriteJobs,
        now: Callable[[], datetime],
        category: str | None = None,
        cookie: object | None = None,
    ) -> None:
        """`category`: the category to select first (from the categories screen), and
        `cookie` (an identity, from find) the cookie to highlight in it."""
        super().__init__()
        self.site = site
        self.stores = stores
        self.policies = policies
        self.jobs = jobs
        self.now = now
        self.view: SiteView | None = None
        self.first: Future[SiteLoaded] | None = None
        """The first read, when the opener runs it before pushing the screen (`read_first`);
        None: the screen makes its own."""
        self.groups: list[CategoryGroup] = []
        self.reveal = False
        self.keep = KeepState(None)
        self._kept: set[object] = set()
        """Identities of the view's cookies that the keep list keeps."""
        self._shown: tuple[int, str] | None = None
        """(view, category) the table shows, so a repeated highlight does not rebuild it."""
        self._said: set[str] = set()
        """Store notices already given on this screen."""
        self._spot: tuple[str | None, int, bool] | None = (category, 0, False) if category else None
        self._wanted = cookie
        """The cookie to highlight once the site is in (then forgotten)."""
        """Where the user was before the body went busy: category, cookie row, in the
        table. A reload puts them back there (loading moves focus away meanwhile)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(f"Reading {self.site}…"), id="site-status")
        with Horizontal(id="site-body"):
            yield CategoryList(id="categories")
            with Vertical(id="site-main"):
                yield CategoryHeader(id="category-info")
                yield CookieTable(self.now, id="cookies")
                yield ExplanationPanel(id="explanation-box")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = printable(self.site)
        ahead = self.first
        if ahead is not None and ahead.done() and ahead.exception() is None:
            self.on_site_loaded(ahead.result())  # the first layout has the site in
            return
        if ahead is None:
            reading = self.load_site(self.policies.for_site(self.site))
        else:
            reading = self.load_site(None, ahead)
        self.set_timer(COVER_AFTER_S, partial(self._cover_while, reading))

    def _cover_while(self, read: Worker[None]) -> None:
        if not read.is_finished:
            self._busy()

    @property
    def categories(self) -> CategoryList:
        return self.query_one("#categories", CategoryList)

    @property
    def table(self) -> CookieTable:
        return self.query_one("#cookies", CookieTable)

    @property
    def group(self) -> CategoryGroup | None:
        return self.categories.group

    @property
    def cookie(self) -> Classified | None:
        return self.table.item if self.group is not None else None

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        self._busy()
        self.load_site(self.policies.for_site(self.site))

    def _busy(self) -> None:
        """Remember where the user is, then cover the body while it changes."""
        if self._spot is None:
            group = self.group
            in_table = self.focused is self.table
            self._spot = (group.id if group else None, self.table.cursor, in_table)
        self.query_one("#site-body").loading = True

    def read_first(self, first: Future[SiteLoaded], policy: Path | None) -> None:
        """The first read, into `first` (already the screen's `first`); run off the UI
        thread by whoever opens the screen. Never raises: a failure waits in `first` for
        the screen to report it."""
        try:
            first.set_result(self._read(policy))
        except BaseException as exc:  # noqa: BLE001 - handed to the screen, which says it
            first.set_exception(exc)

    def _read(self, policy: Path | None) -> SiteLoaded:
        return SiteLoaded(load_site_view(self.stores, self.site, policy), read_keep())

    @work(thread=True, exclusive=True, exit_on_error=False, group="site")
    def load_site(self, policy: Path | None, ahead: Future[SiteLoaded] | None = None) -> None:
        """Reading decrypts values (a keyring call on some systems): never on the UI thread.
        A read the opener started `ahead` is waited for, not made again."""
        self.post_message(self._read(policy) if ahead is None else ahead.result())

    def on_site_loaded(self, message: SiteLoaded) -> None:
        """Show the new view where the user was: same category, nearest cookie, same focus."""
        view = message.view
        for error in view.errors:
            notify(self, quoted(str(error)), title="Store skipped", severity="warning", timeout=10)
        for line in undecryptable([item.cookie for item in view.cookies]):
            if line not in self._said:  # once per screen, not at every reload
                self._said.add(line)
                notify(self, line, title="Values not shown", severity="warning", timeout=15)
        for skipped in view.policy_set.skipped:
            if str(skipped) not in self._said:
                self._said.add(str(skipped))
                notify(self, quoted(str(skipped)), title="Policy skipped", severity="warning")
        current, row, in_table = self._spot or (None, 0, False)
        self._spot = None
        for holding in view.groups if self._wanted is not None else []:
            ids = [item.cookie.identity for item in holding.cookies]
            if self._wanted in ids:
                current, row, in_table = holding.id, ids.index(self._wanted), True
        self._wanted = None
        self.view = view
        site_policy = view.policy_set.site_policy
        self.groups = [g for g in view.groups if g.cookies or g.policy is site_policy]
        self._take_keep(message.keep)
        self.categories.set_groups(self.groups, keep=current)
        self._show_group(row if self.group and self.group.id == current else 0)
        self.query_one("#site-body").loading = False
        group = self.group
        (self.table if in_table and group and group.cookies else self.categories).focus()
        self.refresh_bindings()

    def _take_keep(self, keep: KeepState) -> None:
        """Mark what the keep list keeps; the status says what the mark means."""
        self.keep = keep
        view = self.view
        if view is None:
            return
        self._kept = {i.cookie.identity for i in view.cookies if keep.kept_by(i.cookie)}
        status = site_summary(view) + (f" · {LEGEND}" if self._kept else "")
        if keep.problem:
            status += " · keep list unreadable: nothing can be deleted"
        self.query_one("#site-status", Static).update(literal(status))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "site" and worker.is_finished:
            self.query_one("#site-body").loading = False
        if worker.group == "site" and event.state == WorkerState.ERROR and self.view is None:
            status = f"{self.site} could not be read: {failure(worker)}"
            self.query_one("#site-status", Static).update(literal(status))
        if event.state == WorkerState.ERROR:
            title = "Not written" if isinstance(worker.error, PolicyError) else "Error"
            notify(self, failure(worker), title=title, severity="error", timeout=15)
        if worker.group == CHANGES and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            # A refusal changed nothing, but a failure in the second store may have
            # deleted from the first: show the stores as they are now.
            self._stores_changed()
        if worker.group == CHANGES and worker.is_finished:
            self.refresh_bindings()

    def _stores_changed(self) -> None:
        self.reload()
        self.post_message(StoresChanged())

    # --- what is shown ----------------------------------------------------------------

    @on(CategoryList.Highlighted)
    def _category_highlighted(self) -> None:
        if self.view is not None and self._shown != (id(self.view), getattr(self.group, "id", "")):
            self._show_group(0)
        self.refresh_bindings()

    @on(CategoryList.Chosen)
    def _category_chosen(self) -> None:
        if self.group is not None and self.group.cookies:
            self.table.focus()

    @on(CookieTable.Highlighted)
    def _cookie_highlighted(self) -> None:
        self._show_explanation()
        self.refresh_bindings()

    def _show_group(self, cursor: int) -> None:
        group = self.group
        self._shown = (id(self.view), group.id if group else "")
        self.query_one(CategoryHeader).show(group, self.site)
        several = len({store.label for store in self.stores}) > 1
        self.table.set_items(list(group.cookies) if group else [], several, self._kept, cursor)
        self._show_explanation()

    def _show_explanation(self) -> None:
        panel = self.query_one(ExplanationPanel)
        item = self.cookie
        entry = self.keep.kept_by(item.cookie) if item else None
        kept = where(entry, self.keep.keep) if entry and self.keep.keep else None
        panel.show(item, self.group, self.site, self.now(), self.reveal, kept)

    # --- actions ----------------------------------------------------------------------

    def _changing(self) -> bool:
        return any(w.group == CHANGES and not w.is_finished for w in self.workers)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """None (shown dimmed, listed in help as not available now) rather than False
        (hidden): the keys stay where the user learnt them."""
        if action in ("copy", "delete_cookie", "keep", "move"):
            enabled = self.cookie is not None
        elif action == "delete_category":
            enabled = bool(self.group and self.group.cookies)
        elif action == "delete_all_but_necessary":
            enabled = bool(self._all_but_necessary())
        elif action in ("audit", "export", "reveal"):
            enabled = self.view is not None
        elif action == "back":
            enabled = not self._changing()  # the result must reach this screen
        else:
            enabled = True
        return True if enabled else None

    def action_back(self) -> None:
        """Esc steps out one level: from the cookies to the categories, then to the sites."""
        if self.focused is not self.categories:
            self.categories.focus()
        else:
            self.dismiss()

    def action_reload(self) -> None:
        self.reload()
        notify(self, f"Reading {self.site} again from the stores", timeout=3)

    def action_reveal(self) -> None:
        self.reveal = not self.reveal
        self.table.set_reveal(self.reveal)
        self._show_explanation()
        self.notify("Values shown" if self.reveal else "Values hidden", timeout=2)

    def action_copy(self) -> None:
        item = self.cookie
        if item is None:
            return
        cookie = item.cookie
        if cookie.decrypt_error or cookie.value is None:
            notify(self, f"{cookie.name} has no readable value", severity="warning")
            return
        self.copy_value(cookie.name, cookie.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="copy")
    def copy_value(self, name: str, value: str) -> None:
        """The system clipboard tool runs as a process: never on the UI thread."""
        self.post_message(Copied(name, value, copy_with_system_tool(value)))

    def on_copied(self, message: Copied) -> None:
        if message.tool:
            notify(self, f"Copied the value of {message.name} to the clipboard ({message.tool})")
            return
        self.app.copy_to_clipboard(message.value)
        notify(
            self,
            f"Sent the value of {message.name} to the terminal's clipboard (OSC 52). No "
            "clipboard tool (wl-copy, xclip, xsel, pbcopy, clip.exe) was found, and tmux and "
            "many terminals ignore OSC 52: the copy cannot be confirmed.",
            title="Copy",
            severity="warning",
            timeout=10,
        )

    def action_audit(self) -> None:
        if self.view is not None:
            findings = audit(self.view, self.now())
            self.app.push_screen(AuditScreen(self.site, findings), self._go_to_cookie)

    def _go_to_cookie(self, name: str | None) -> None:
        """Highlight the first cookie called `name` (an audit finding's), in the table."""
        for index, group in enumerate(self.groups):
            for row, item in enumerate(group.cookies):
                if item.cookie.name == name:
                    self.categories.cursor = index
                    self._show_group(row)
                    self.table.focus()
                    return

    def action_move(self) -> None:
        item = self.cookie
        if item is None or self.view is None:
            return
        groups = [g for g in self.groups if g.id != UNDECLARED]
        where = f"your policy for {self.site} in {display_path(user_policy_dir())}"
        dialog = MoveDialog(item.cookie.name, item.category_id, groups, where)
        self.app.push_screen(dialog, partial(self._move_chosen, item.cookie))

    def _move_chosen(self, cookie: Cookie, move: Move | None) -> None:
        if move is not None:
            self._busy()
            self.file_under(cookie, move)

    @work(thread=True, exit_on_error=False, group=CHANGES)
    def file_under(self, cookie: Cookie, move: Move) -> None:
        """The rule names the cookie's own site as its domain, so a third party's cookie
        gets that third party's domain, never every site's."""
        domain = site_of(cookie.domain)
        self.post_message(
            self.jobs.file_under(cookie, self.site, move.category_id, move.pattern, domain)
        )

    def on_rule_added(self, message: RuleAdded) -> None:
        notify(self, message.summary, title="Policy", timeout=10)
        self._wanted = message.cookie
        self._stores_changed()  # the sites list's mix and the categories count it anew

    def action_pick_policy(self) -> None:
        picker = PolicyPicker(self.site, self.policies.for_site(self.site))
        self.app.push_screen(picker, self._policy_picked)

    def _policy_picked(self, path: Path | None) -> None:
        if path is None:
            return
        chosen = path if path != Path() else None
        self.policies.choose(self.site, chosen)
        which = display_path(chosen) if chosen else "its own policy"
        notify(self, f"{self.site} is now read with {which}")
        self.reload()

    def action_keep(self) -> None:
        item = self.cookie
        if item is not None:
            self.toggle_keep(item.cookie)

    @work(thread=True, exclusive=True, exit_on_error=False, group="keep")
    def toggle_keep(self, cookie: Cookie) -> None:
        """The keep list is a file: read and written off the UI thread."""
        self.post_message(KeepToggled(toggle_cookie(cookie)))

    def on_keep_toggled(self, message: KeepToggled) -> None:
        toggled = message.toggled
        severity: SeverityLevel = "information" if toggled.changed else "warning"
        notify(self, toggled.said, title="Keep list", severity=severity)
        self._take_keep(toggled.state)
        self.table.set_items(self.table.items, self.table.several, self._kept, self.table.cursor)
        self._show_explanation()

    def _refused(self) -> bool:
        """Nothing is deleted while the keep list cannot be read: it may say "keep"."""
        if self.keep.problem is None:
            return False
        notify(
            self,
            f"Nothing is deleted while the keep list cannot be read: {self.keep.problem}",
            title="Nothing deleted",
            severity="error",
            timeout=20,
        )
        return True

    def action_delete_cookie(self) -> None:
        item, group = self.cookie, self.group
        if item is not None and group is not None:
            self._ask_delete(f"cookie {item.cookie.name}", Request.cookie(item, group), [item])

    def action_delete_category(self) -> None:
        group = self.group
        if group is not None and group.cookies:
            self._ask_delete(group.title, Request.category(group), list(group.cookies))

    def _all_but_necessary(self) -> list[Classified]:
        """Every cookie but those of the necessary categories (undeclared ones included,
        as `cookie-tui delete --except-necessary` takes them)."""
        return [
            item
            for group in self.groups
            if group.standard_class != "necessary"
            for item in group.cookies
        ]

    def action_delete_all_but_necessary(self) -> None:
        items = self._all_but_necessary()
        if items:
            self._ask_delete("all but the necessary categories", Request.all_but_necessary(), items)

    def _ask_delete(self, what: str, request: Request, items: list[Classified]) -> None:
        """Say before trying when a browser runs: it holds the store and would undo us."""
        if self._refused():
            return
        stores = {item.cookie.store: None for item in items}
        running = [store for store in stores if is_running(store)]
        despite_keep = request.single and self.keep.kept_by(items[0].cookie) is not None
        self.app.push_screen(
            ConfirmDelete(self.site, request, items, running, self.keep),
            partial(self._confirmed, f"{what} of {self.site}", despite_keep),
        )

    def _confirmed(self, what: str, despite_keep: bool, chosen: list[Classified] | None) -> None:
        """`despite_keep`: the user was told this one cookie is kept, and deletes it."""
        if chosen:
            self._busy()
            self.delete_cookies([item.cookie for item in chosen], what, despite_keep)
            self.refresh_bindings()

    @work(thread=True, exit_on_error=False, group=CHANGES)
    def delete_cookies(self, cookies: list[Cookie], what: str, despite_keep: bool) -> None:
        """Not exclusive: a second change must wait for the first (WriteJobs' lock), never
        cancel it."""
        self.post_message(self.jobs.delete(cookies, what, despite_keep=despite_keep))

    def action_undo(self) -> None:
        waiting = self.jobs.busy or self._changing()
        empty = None if waiting else self.jobs.nothing_to_undo()
        if empty:
            notify(self, empty, title="Undo", severity="warning")
            return
        if waiting:
            notify(self, "Undo waits for the running deletion to finish.", title="Undo")
        self._busy()
        self.undo_deletion()
        self.refresh_bindings()

    @work(thread=True, exit_on_error=False, group=CHANGES)
    def undo_deletion(self) -> None:
        """One press, one undo: presses queue on WriteJobs' lock, each undoing one deletion."""
        self.post_message(self.jobs.undo())

    def on_deletion_finished(self, message: DeletionFinished) -> None:
        message.stop()
        if message.nothing:
            notify(self, message.summary, title="Undo", severity="warning")
            self.reload()  # nothing changed: only puts the user back where they were
            return
        notify(self, message.summary, title="Cookies", timeout=8)
        for warning in message.warnings:
            notify(self, quoted(warning), title="Cookies", severity="warning", timeout=15)
        self._stores_changed()

    def action_export(self) -> None:
        if self.view is None:
            return
        scopes: dict[Scope, str] = {}
        if self.cookie is not None:
            scopes["cookie"] = f"The cookie {self.cookie.cookie.name}"
        group = self.group
        if group is not None and group.cookies:
            scopes["category"] = f"{group.title}: {plural(len(group.cookies), 'cookie')}"
        scopes["site"] = f"All of {self.site}: {plural(len(self.view.cookies), 'cookie')}"
        self.app.push_screen(ExportDialog(scopes), self._export_chosen)

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is None or self.view is None:
            return
        if choice.scope == "cookie" and self.cookie is not None:
            what, items = f"cookie-{self.cookie.cookie.name}", [self.cookie]
        elif choice.scope == "category" and self.group is not None:
            what, items = self.group.id, list(self.group.cookies)
        else:
            what, items = "all", list(self.view.cookies)
        self.export_cookies(what, items, choice.format == "netscape")

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_cookies(self, what: str, items: list[Classified], netscape: bool) -> None:
        self.post_message(export(self.site, what, items, netscape, self.now()))

    def on_exported(self, message: Exported) -> None:
        notify(
            self,
            f"{plural(message.count, 'cookie')}, values included (file mode 0600), "
            f"in {message.path}",
            title="Exported",
            timeout=15,
        )
        if message.left_out:
            notify(
                self,
                f"{plural(message.left_out, 'cookie')} left out: cookies.txt cannot hold a "
                "value that is unknown or has a tab or line break",
                title="Exported",
                severity="warning",
                timeout=15,
            )
