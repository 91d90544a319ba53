"""The key bar at the bottom of every screen."""

from __future__ import annotations

from collections.abc import Iterator

from textual import widgets
from textual.widget import Widget


class Footer(widgets.Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Textual rebuilds its footer (a widget per key, each styled) at every bindings refresh,
    and a screen asks for one whenever focus or state moves: opening a site rebuilt the
    same nine keys five times, two thirds of the styling work there (326 nodes styled per
    open, 116 without the repeats)."""

    _composed_for: object = None

    def _shown(self) -> object:
        """What `compose` draws from: the screen's bindings (the key, label and action of
        each, enabled, tooltip) and the footer's own switches."""
        bindings = tuple(
            (binding, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return (self._bindings_ready, self.show_command_palette, self.combine_groups, bindings)

    def compose(self) -> Iterator[Widget]:
        self._composed_for = self._shown()
        yield from super().compose()

    async def recompose(self) -> None:
        if self.is_attached and not self._pruning and self._shown() != self._composed_for:
            await super().recompose()
