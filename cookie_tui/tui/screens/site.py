"""One site: its policy's categories, the cookies of one category, one cookie explained."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, ListItem, ListView, Static
from textual.worker import Worker, WorkerState

from ...changes.deletion import DeletionResult
from ...humanize import relative
from ...output import display_value, flag_names
from ...policy.audit import audit
from ...policy.classify import UNDECLARED, CategoryGroup, Classified, SiteView
from ...policy.explain import Explanation, explain
from ...records import Cookie, Store
from ...site_view import load_site_view
from ...stores.reader import is_running
from .. import deleting
from ..messages import DeletionFinished, Exported, SiteLoaded
from .audit import AuditScreen
from .confirm import ConfirmDelete
from .policy_picker import PolicyPicker

if TYPE_CHECKING:
    from ..app import CookieApp


_VALUE_WIDTH = 24


def flags(cookie: Cookie) -> str:
    """The attributes that matter for privacy, short enough for a table column."""
    return " ".join(name.removeprefix("SameSite=") for name in flag_names(cookie)) or "-"


def explanation_grid(cookie: Cookie, found: Explanation | None, reveal: bool) -> Table:
    """The explanation as label/text rows, so wrapped lines stay under their text.

    The category's description is left out: it is right above, over the table.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(cookie.name, f"on {cookie.host}{cookie.path} ({cookie.store.label})")
    grid.add_row("value", display_value(cookie, reveal))
    if found is not None:
        grid.add_row("why", found.reason)
        for attribute in found.attributes:
            grid.add_row("", f"• {attribute}")
        grid.add_row("deleting", found.deleting)
    return grid


class CategoryItem(ListItem):
    """One category in the left column; CSS classes mark necessary and undeclared ones."""

    def __init__(self, group: CategoryGroup) -> None:
        classes = {
            "undeclared": group.id == UNDECLARED,
            "necessary": group.necessary,
            "empty": not group.cookies,
        }
        super().__init__(classes=" ".join(name for name, on in classes.items() if on))
        self.group = group

    def compose(self) -> ComposeResult:
        mark = " ✔" if self.group.necessary else ""
        yield Label(f"{self.group.title}{mark}", classes="category-title")
        yield Label(str(len(self.group.cookies)), classes="category-count")


class SiteScreen(Screen[None]):
    """Reads and decrypts the site in a worker, then shows it category by category."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="site.back"),
        Binding("v", "reveal", "Reveal", id="site.reveal"),
        Binding("c", "copy", "Copy", id="site.copy"),
        Binding("x", "delete_cookie", "Delete", id="site.delete_cookie"),
        Binding("X", "delete_category", "Delete all", id="site.delete_category"),
        Binding("u", "undo", "Undo", id="site.undo"),
        Binding("a", "audit", "Audit", show=False, id="site.audit"),
        Binding("p", "pick_policy", "Policy", show=False, id="site.policy"),
        Binding("e", "export", "Export", show=False, id="site.export"),
        Binding("r", "reload", "Reload", show=False, id="site.reload"),
    ]

    def __init__(self, site: str, stores: list[Store]) -> None:
        super().__init__()
        self.site = site
        self.stores = stores
        self.view: SiteView | None = None
        self.reveal = False
        self.groups: list[CategoryGroup] = []

    @property
    def cookie_app(self) -> CookieApp:
        return cast("CookieApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="site-body"):
            yield ListView(id="categories")
            with Vertical(id="site-main"):
                yield Static(id="category-info")
                yield DataTable(id="cookies", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="explanation-box"):
                    yield Static(id="explanation")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.site
        table = self.query_one("#cookies", DataTable)
        table.add_column("Name", key="name")
        table.add_column("Value", key="value")
        table.add_column("Expires", key="expires")
        table.add_column("Host", key="host")
        table.add_column("Path", key="path")
        table.add_column("Flags", key="flags")
        if len({store.label for store in self.stores}) > 1:
            table.add_column("Browser/profile", key="store")
        self.reload()

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        self.query_one("#site-body").loading = True
        self.load_site(self.cookie_app.policy)

    @work(thread=True, exclusive=True, exit_on_error=False, group="site")
    def load_site(self, policy: Path | None) -> None:
        """Reading decrypts values (a keyring call on some systems): never on the UI thread."""
        self.post_message(SiteLoaded(load_site_view(self.stores, self.site, policy)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "site" and worker.is_finished:
            self.query_one("#site-body").loading = False
        elif worker.group == "delete" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            # A refusal changed nothing, but a failure in the second store may have
            # deleted from the first: show the stores as they are now.
            self.cookie_app.scan_stores()
            self.reload()
        self.cookie_app.report_failure(event)

    def on_site_loaded(self, message: SiteLoaded) -> None:
        view = message.view
        for error in view.errors:
            self.notify(str(error), title="Store skipped", severity="warning", timeout=10)
        current = self.group.id if self.group else None
        self.view = view
        site_policy = view.policy_set.site_policy
        self.groups = [g for g in view.groups if g.cookies or g.policy is site_policy]
        categories = self.query_one("#categories", ListView)
        categories.clear()
        categories.extend(CategoryItem(group) for group in self.groups)
        ids = [g.id for g in self.groups]
        first = next((i for i, g in enumerate(self.groups) if g.cookies), 0)
        categories.index = ids.index(current) if current in ids else first
        self._show_group()
        if not self.groups:
            self.query_one("#category-info", Static).update(f"No cookies for {self.site}.")
        self.refresh_bindings()

    # --- what is shown ----------------------------------------------------------------

    @property
    def group(self) -> CategoryGroup | None:
        index = self.query_one("#categories", ListView).index
        if index is None or not 0 <= index < len(self.groups):
            return None
        return self.groups[index]

    @property
    def cookie(self) -> Classified | None:
        group = self.group
        table = self.query_one("#cookies", DataTable)
        if group is None or not 0 <= table.cursor_row < len(group.cookies):
            return None
        return group.cookies[table.cursor_row]

    @on(ListView.Highlighted, "#categories")
    def _category_highlighted(self) -> None:
        self._show_group()
        self.refresh_bindings()

    @on(ListView.Selected, "#categories")
    def _category_selected(self) -> None:
        self.query_one("#cookies", DataTable).focus()

    @on(DataTable.RowHighlighted, "#cookies")
    def _cookie_highlighted(self) -> None:
        self._show_explanation()
        self.refresh_bindings()

    def _show_group(self) -> None:
        group = self.group
        table = self.query_one("#cookies", DataTable)
        table.clear()
        info = self.query_one("#category-info", Static)
        if group is None:
            info.update("")
            self._show_explanation()
            return
        text = Text()
        text.append(group.title, style="bold")
        text.append(f" · {len(group.cookies)} cookie(s)")
        if group.necessary:
            text.append(" · necessary", style="bold")
        text.append("\n" + " ".join(group.description.split()))
        if group.necessary and group.breaks:
            text.append(f"\nDeleting breaks: {group.breaks}")
        info.update(text)
        now = self.cookie_app.now()
        for index, item in enumerate(group.cookies):
            c = item.cookie
            cells = [
                c.name,
                self._value_cell(c),
                relative(c.expires, now, short=True),
                c.host,
                c.path,
                flags(c),
            ]
            if len(table.columns) > len(cells):
                cells.append(c.store.label)
            table.add_row(*cells, key=str(index))
        self._show_explanation()

    def _value_cell(self, cookie: Cookie) -> str:
        """Long values (JWTs, JSON) are cut in the table; the explanation shows them whole."""
        value = display_value(cookie, self.reveal)
        return value if len(value) <= _VALUE_WIDTH else value[: _VALUE_WIDTH - 1] + "…"

    def _show_explanation(self) -> None:
        item = self.cookie
        box = self.query_one("#explanation", Static)
        if item is None or self.view is None:
            group = self.group
            empty = group is not None and not group.cookies
            box.update(f"No cookie of {group.title} is stored." if empty and group else "")
            return
        found = [
            e
            for e in explain(self.view, item.cookie.name, self.cookie_app.now())
            if e.classified.cookie.identity == item.cookie.identity
        ]
        box.update(explanation_grid(item.cookie, found[0] if found else None, self.reveal))

    # --- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy", "delete_cookie"):
            return self.cookie is not None
        if action == "delete_category":
            return bool(self.group and self.group.cookies)
        if action in ("audit", "export", "reveal"):
            return self.view is not None
        return True

    def action_back(self) -> None:
        """Esc steps out one level: from the cookies to the categories, then to the sites."""
        categories = self.query_one("#categories", ListView)
        if self.focused is not None and self.focused is not categories:
            categories.focus()
        else:
            self.dismiss()

    def action_reload(self) -> None:
        self.reload()

    def action_reveal(self) -> None:
        self.reveal = not self.reveal
        table = self.query_one("#cookies", DataTable)
        group = self.group
        if group is not None:
            for index, item in enumerate(group.cookies):
                value = self._value_cell(item.cookie)
                table.update_cell(str(index), "value", value, update_width=True)
        self._show_explanation()
        self.notify("Values shown" if self.reveal else "Values hidden", timeout=2)

    def action_copy(self) -> None:
        item = self.cookie
        if item is None:
            return
        cookie = item.cookie
        if cookie.decrypt_error or cookie.value is None:
            self.notify(f"{cookie.name} has no readable value", severity="warning")
            return
        self.app.copy_to_clipboard(cookie.value)
        self.notify(f"Copied the value of {cookie.name} to the clipboard")

    def action_audit(self) -> None:
        if self.view is not None:
            self.app.push_screen(AuditScreen(self.site, audit(self.view, self.cookie_app.now())))

    def action_pick_policy(self) -> None:
        self.app.push_screen(PolicyPicker(self.cookie_app.policy), self._policy_picked)

    def _policy_picked(self, path: Path | None) -> None:
        if path is not None:
            self.cookie_app.policy = path if path != Path() else None
            self.notify(f"Using policy {path}" if path != Path() else "Using the site's policy")
            self.reload()

    def action_delete_cookie(self) -> None:
        item, group = self.cookie, self.group
        if item is not None and group is not None:
            self._ask_delete(f"cookie {item.cookie.name}", group, [item])

    def action_delete_category(self) -> None:
        group = self.group
        if group is not None and group.cookies:
            self._ask_delete(f"all of {group.title}", group, list(group.cookies))

    def _ask_delete(self, what: str, group: CategoryGroup, items: list[Classified]) -> None:
        """Say before trying when a browser runs: it holds the store and would undo us."""
        stores = {item.cookie.store: None for item in items}
        running = [store for store in stores if is_running(store)]
        self.app.push_screen(
            ConfirmDelete(what, group, items, running),
            partial(self._confirmed, [item.cookie for item in items]),
        )

    def _confirmed(self, cookies: list[Cookie], confirmed: bool | None) -> None:
        if confirmed:
            self.query_one("#site-body").loading = True
            self.delete_cookies(cookies)

    @work(thread=True, exclusive=True, exit_on_error=False, group="delete")
    def delete_cookies(self, cookies: list[Cookie]) -> None:
        self.post_message(deleting.delete(cookies))

    def action_undo(self) -> None:
        undo = self.cookie_app.last_deletion
        if undo is None:
            self.notify(
                "Nothing to undo: no deletion was made in this window. "
                "`cookie-tui undo` puts back earlier ones.",
                title="Undo",
                severity="warning",
            )
            return
        self.query_one("#site-body").loading = True
        self.undo_deletion(undo)

    @work(thread=True, exclusive=True, exit_on_error=False, group="delete")
    def undo_deletion(self, undo: DeletionResult) -> None:
        self.post_message(deleting.undo(undo))

    def on_deletion_finished(self, message: DeletionFinished) -> None:
        if message.undo is None:
            self.app.clear_notifications()  # the "Press u to undo" of the deletion is stale
        self.cookie_app.last_deletion = message.undo
        hint = "  Press u to undo." if message.undo is not None else ""
        self.notify(message.summary + hint, title="Cookies", timeout=8)
        for warning in message.warnings:
            self.notify(warning, title="Cookies", severity="warning", timeout=15)
        self.cookie_app.scan_stores()
        self.reload()

    def action_export(self) -> None:
        group = self.group
        if group is not None and group.cookies:
            self.export_group(group)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_group(self, group: CategoryGroup) -> None:
        self.post_message(deleting.export(self.site, group, self.cookie_app.now()))

    def on_exported(self, message: Exported) -> None:
        self.notify(
            f"{message.count} cookie(s), values included (file mode 0600), in {message.path}",
            title="Exported",
            timeout=15,
        )
