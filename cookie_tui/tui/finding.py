"""Finding cookies by name across every site of the census: a name, part of one, or a glob.

As you type the text is a part of the name, in any case (`_g` finds `_ga` and `_GRECAPTCHA`);
with `*`, `?` or `[` it is a glob on the whole name, case kept, as `cookie-tui find` reads
it (`_ga*`). Runs in a thread worker: 100,000 names per keystroke is no work for the UI
thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import translate

from ..records import Sighting
from .census import Census

GLOB = "*?["


@dataclass(frozen=True)
class Found:
    """One matching cookie: where it lives and what it is there."""

    site: str
    category_id: str
    category: str
    """The category's title on that site."""
    cookie: Sighting


def matcher(text: str) -> Callable[[str], bool]:
    """A glob on the whole name when `text` has glob characters, else a part of it."""
    if any(ch in text for ch in GLOB):
        match = re.compile(translate(text)).match
        return lambda name: match(name) is not None
    folded = text.casefold()
    return lambda name: folded in name.casefold()


def find(census: Census, text: str, labels: set[str] | None = None) -> list[Found]:
    """The cookies whose name matches `text` (module doc), in those stores, by site then
    name."""
    text = text.strip()
    if not text:
        return []
    wanted = matcher(text)
    found = []
    for site in census.sites:
        for group, sightings in site.groups:
            for cookie in sightings:
                if wanted(cookie.name) and (labels is None or cookie.store.label in labels):
                    found.append(Found(site.site, group.id, group.title, cookie))
    found.sort(key=lambda f: (f.site, f.cookie.name, f.cookie.host, f.cookie.store.label))
    return found
