"""The keys of a screen as the user should see them: ours, not every widget's internals."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

_OURS = __name__.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Key:
    keys: list[str]
    """As shown (`↑`, `k`)."""
    description: str
    """The binding's tooltip if it has one (the footer's word is short), else its
    description."""
    action: str
    enabled: bool
    names: list[str] = field(default_factory=list)
    """As pressed (`up`, `k`)."""
    moving: bool = False
    """The list's cursor keys, said as one line: not an action for the palette."""
    node: DOMNode | None = None
    """Whose action it is (the screen, a widget, the app): the palette runs it there."""


def _ours(node: object, binding: Binding) -> bool:
    """Every binding this app defines has an id (so users can remap it); inherited ones
    from Textual's Screen and App (tab, ctrl+c, ctrl+q) do not, or are not ours."""
    return type(node).__module__.startswith(_OURS) and binding.id is not None and "." in binding.id


MOVING = "list."
"""Id prefix of the cursor keys every list shares (`widgets/row_list.py`)."""
MOVE = "Move: previous / next row, page, first / last row"


def screen_keys(screen: Screen[object]) -> list[Key]:
    """Bindings of this app's own classes active on `screen`, one entry per action, and
    one for all the cursor keys of the focused list.

    Built-in widgets (inputs, option lists) bring a dozen cursor and scroll bindings each;
    listing them would bury the keys that do something here, so help sums them up instead.
    """
    found: dict[str, Key] = {}
    bindings = sorted(
        screen.active_bindings.values(),
        key=lambda active: 0 if active.node is screen else 2 if active.node is screen.app else 1,
    )
    for active in bindings:
        binding = active.binding
        if not binding.description or not _ours(active.node, binding):
            continue
        key = screen.app.get_key_display(binding)
        if binding.id and binding.id.startswith(MOVING):
            moving = found.setdefault(MOVING, Key([], MOVE, MOVING, True, [], moving=True))
            moving.keys.append(key)
            moving.names.append(binding.key)
            continue
        if binding.action in found:
            if key not in found[binding.action].keys:
                found[binding.action].keys.append(key)
                found[binding.action].names.append(binding.key)
            continue
        said = binding.tooltip or binding.description
        found[binding.action] = Key(
            [key], said, binding.action, active.enabled, [binding.key], node=active.node
        )
    return list(found.values())
