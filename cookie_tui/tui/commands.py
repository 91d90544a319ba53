"""Command palette: "Open site…" by fuzzy name, and the current screen's actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from .keys import screen_keys
from .messages import OpenSite
from .screens.sites import SitesScreen
from .text import highlight

_MAX_SITE_HITS = 50


class SiteCommands(Provider):
    """Every site found in the stores, and every action the focused screen offers now."""

    def _site_names(self) -> list[str]:
        for screen in self.app.screen_stack:
            if isinstance(screen, SitesScreen):
                return screen.site_names
        return []

    def _actions(self) -> list[tuple[str, str, str]]:
        """(title, action, help) of the enabled keys of the screen under the palette."""
        return [
            (key.description, key.action, f"key: {', '.join(key.keys)}")
            for key in screen_keys(self.screen)
            if key.enabled
        ]

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    def _open(self, site: str) -> None:
        self.app.post_message(OpenSite(site))

    async def discover(self) -> Hits:
        for title, action, help_text in self._actions():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, title), partial(self._run, action), help=help_text
                )
        site_query = query.removeprefix("open").removeprefix("site").strip() or query
        site_matcher = self.matcher(site_query)
        hits = 0
        for site in self._site_names():
            score = site_matcher.match(site)
            if score > 0:
                hits += 1
                yield Hit(
                    score,
                    Content("Open site… ") + highlight(site_matcher, site),
                    partial(self._open, site),
                    help="show its cookies by category",
                )
                if hits >= _MAX_SITE_HITS:
                    return
