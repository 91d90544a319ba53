"""Find a cookie by name on every site and store: type a name, part of one, or a glob;
Enter on a result opens its site with that cookie highlighted."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.widgets import Header, Input, Static

from ...humanize import plural
from ..census import Census
from ..finding import GLOB, find
from ..messages import FoundCookies, OpenSite
from ..text import literal
from ..widgets.find_results import FindResults
from ..widgets.footer import Footer
from ..widgets.row_list import RowList
from .categories import CensusScreen

HINT = "Type a cookie name, part of one, or a glob such as _ga* (case matters in a glob)."


class FindScreen(CensusScreen):
    """Searches the census as you type, in a worker; a new keystroke replaces the search."""

    AUTO_FOCUS = "#find-pattern"
    STATUS = "#find-status"
    COVER = False
    """The field stays usable while the census is taken; the search waits for it."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Find cookies by name (a glob: _ga*)", id="find-pattern")
        yield Static(literal(HINT), id="find-status")
        yield FindResults(id="find-results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "find cookies on every site"

    @property
    def results(self) -> FindResults:
        return self.query_one("#find-results", FindResults)

    @property
    def rows(self) -> RowList:
        return self.results

    @property
    def text(self) -> str:
        return self.query_one("#find-pattern", Input).value

    def show_census(self, census: Census) -> None:
        super().show_census(census)
        self.search(census, self.text)

    @on(Input.Changed, "#find-pattern")
    def _typed(self) -> None:
        if self.census is not None:
            self.search(self.census, self.text)
        else:
            self._say(f"{self.progress} The search starts when it is done.")

    @work(thread=True, exclusive=True, exit_on_error=False, group="find")
    def search(self, census: Census, text: str) -> None:
        self.post_message(FoundCookies(text, find(census, text, self.labels)))

    def on_found_cookies(self, message: FoundCookies) -> None:
        if message.text != self.text:
            return  # typed on since: a newer search is coming
        self.results.set_found(message.found)
        text = message.text.strip()
        if not text:
            self._say(HINT)
            return
        sites = len({f.site for f in message.found})
        how = "matching the glob" if any(ch in text for ch in GLOB) else "whose name holds"
        said = f"{plural(len(message.found), 'cookie')} on {plural(sites, 'site')} {how} "
        self._say(f"{said}{text} · {self.where}")

    @on(Input.Submitted, "#find-pattern")
    def _submitted(self) -> None:
        self.results.focus()

    def on_key(self, event: events.Key) -> None:
        """Down in the field moves on to the results, as in a search box."""
        if event.key == "down" and self.focused is self.query_one("#find-pattern", Input):
            self.results.focus()
            event.stop()

    @on(FindResults.Chosen)
    def _chosen(self) -> None:
        found = self.results.highlighted
        if found is not None:
            cookie = found.cookie.identity
            self.post_message(OpenSite(found.site, found.category_id, cookie))
