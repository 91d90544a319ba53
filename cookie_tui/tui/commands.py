"""Command palette: "Open site…" by fuzzy name, and the current screen's actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keys import Key, screen_keys
from .messages import OpenSite
from .screens.sites import SitesScreen
from .text import highlight, literal

_MAX_SITE_HITS = 50
_DISCOVERED_SITES = 10
"""Sites the empty palette offers: the first of the sites list (most cookies first)."""
OPEN_SITE = "Open site… "
_OPEN_HELP = "show its cookies by category"


class SiteCommands(Provider):
    """Every site found in the stores, and every action the focused screen offers now."""

    def _site_names(self) -> list[str]:
        for screen in self.app.screen_stack:
            if isinstance(screen, SitesScreen):
                return screen.site_names
        return []

    def _actions(self) -> list[tuple[str, Key, str]]:
        """(title, key, help) of the enabled keys of the screen under the palette."""
        return [
            (key.description, key, f"key: {', '.join(key.keys)}")
            for key in screen_keys(self.screen)
            if key.enabled and not key.moving
        ]

    async def _run(self, key: Key) -> None:
        """On the node that binds it: the app's keys are the app's actions, a list's the
        list's."""
        await self.app.run_action(key.action, key.node or self.screen)

    def _open(self, site: str) -> None:
        self.app.post_message(OpenSite(site))

    async def discover(self) -> Hits:
        for title, key, help_text in self._actions():
            yield DiscoveryHit(title, partial(self._run, key), help=help_text)
        for site in self._site_names()[:_DISCOVERED_SITES]:
            yield DiscoveryHit(
                literal(f"{OPEN_SITE}{site}"), partial(self._open, site), help=_OPEN_HELP
            )

    async def search(self, query: str) -> Hits:
        """Actions by title; sites as "Open site… <site>", so `open`, `open site fac` and
        `fac` all find facebook.com."""
        matcher = self.matcher(query)
        for title, key, help_text in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), partial(self._run, key), help=help_text)
        hits = 0
        for site in self._site_names():
            text = f"{OPEN_SITE}{site}"
            score = matcher.match(text)
            if score > 0:
                hits += 1
                yield Hit(
                    score, highlight(matcher, text), partial(self._open, site), help=_OPEN_HELP
                )
                if hits >= _MAX_SITE_HITS:
                    return
