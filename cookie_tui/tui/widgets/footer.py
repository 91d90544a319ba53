"""The key bar at the bottom of every screen."""

from __future__ import annotations

from collections.abc import Iterator

from textual import widgets
from textual.widget import Widget
from textual.widgets._footer import FooterKey


class Footer(widgets.Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Textual rebuilds its footer (a widget per key, each styled) at every bindings refresh,
    and a screen asks for one whenever focus or state moves: opening a site rebuilt the
    same nine keys five times, two thirds of the styling work there (326 nodes styled per
    open, 116 without the repeats). When only which keys are enabled changed (a site's
    cookies came in, the highlight moved), the keys are dimmed or lit where they are."""

    _composed_for: object = None
    _enabled: dict[str, bool] | None = None

    def _shown(self) -> tuple[object, dict[str, bool]]:
        """What `compose` draws from, in two parts: the keys (the screen's shown bindings
        with their tooltips, the command palette's, the footer's own switches), and
        whether each action's key is enabled, as `compose` decides it (by the action's
        first shown binding). Hidden bindings (the focused list's cursor keys) come and go
        with focus and draw nothing."""
        active = self.screen.active_bindings
        shown = [(b, on, tooltip) for _node, b, on, tooltip in active.values() if b.show]
        enabled: dict[str, bool] = {}
        for binding, on, _tooltip in shown:
            enabled.setdefault(binding.action, on)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            enabled.setdefault(palette[1].action, palette[2])
        keys = (
            (self._bindings_ready, self.show_command_palette, self.combine_groups),
            tuple((binding, tooltip) for binding, _on, tooltip in shown),
            palette and palette[1],
        )
        return keys, enabled

    def compose(self) -> Iterator[Widget]:
        self._composed_for, self._enabled = self._shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # the class its `compact` watcher sets once mounted: set before, the
                # watcher changes nothing, and the bar is not styled and laid out again
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:
            return
        keys, enabled = self._shown()
        if keys != self._composed_for:
            await super().recompose()
            return
        if enabled == self._enabled:
            return
        self._enabled = enabled
        for key in self.query(FooterKey):
            off = not enabled.get(key.action, True)
            if key._disabled != off:
                key._disabled = off  # what a click on the key reads
                key.set_class(off, "-disabled")
