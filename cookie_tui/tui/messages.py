"""Messages of the app: thread workers post results back, screens report changes upward."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message

from ..errors import StoreError
from ..policy.classify import SiteView
from ..records import SiteSummary, Store
from .census import Census
from .everywhere import Everywhere
from .finding import Found
from .keeping import KeepState, Toggled


@dataclass
class StoresScanned(Message):
    """Every store was read for the overview; `errors` are the stores that failed."""

    stores: list[Store]
    summaries: list[SiteSummary]
    covered: set[str]
    errors: list[StoreError]


@dataclass
class FindingsCounted(Message):
    """Audit findings of one policy-covered site, counted in the background."""

    site: str
    count: int


@dataclass
class CensusProgress(Message):
    """Every cookie is being classified: `done` of `total` sites (0 of 0: still reading)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CensusProgress)


@dataclass
class CensusTaken(Message):
    """Every cookie of every store classified and counted."""

    census: Census


@dataclass
class EverywherePlanned(Message):
    """A deletion across every site is planned: the confirmation can ask."""

    everywhere: Everywhere


@dataclass
class KeepRead(Message):
    """The keep list was read (or found unusable)."""

    state: KeepState


@dataclass
class KeepToggled(Message):
    """`k` added or removed a keep entry, or said why it did not."""

    toggled: Toggled


@dataclass
class FoundCookies(Message):
    """The cookies whose name matches `text`."""

    text: str
    found: list[Found]


@dataclass
class OpenCategories(Message):
    """The user asked for the categories across every site."""


@dataclass
class OpenSite(Message):
    """The user asked for a site (the sites list, the palette, `--site`, a category's
    sites), with `category` selected when given."""

    site: str
    category: str | None = None
    cookie: object | None = None
    """The identity of a cookie to highlight (a result of find)."""


@dataclass
class SiteLoaded(Message):
    """One site's cookies were read, decrypted and classified; the keep list read with
    them."""

    view: SiteView
    keep: KeepState


@dataclass
class DeletionFinished(Message):
    """A deletion or an undo ran (or found nothing to do: `nothing`, the stores unchanged);
    `undoable` when `u` can put it back."""

    summary: str
    undoable: bool = False
    nothing: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class RuleAdded(Message):
    """A rule was written into the user's policy: the site is classified again, with
    `cookie` (an identity) highlighted."""

    summary: str
    cookie: object


@dataclass
class StoresChanged(Message):
    """A deletion or an undo changed the stores (or may have, when it failed midway): the
    sites list must be read again."""


@dataclass
class Copied(Message):
    """A value went to the system clipboard through `tool`, or no tool took it (None)."""

    name: str
    value: str
    tool: str | None


@dataclass
class Exported(Message):
    """Cookies were written to `path`; the notice names the file, never a value."""

    path: Path
    count: int
    left_out: int = 0
    """Cookies a cookies.txt cannot hold: value unknown, or a tab or line break in it."""
