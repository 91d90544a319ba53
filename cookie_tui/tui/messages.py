"""Messages that thread workers post back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message

from ..changes.deletion import DeletionResult
from ..errors import StoreError
from ..policy.classify import SiteView
from ..records import SiteSummary, Store


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
class SiteLoaded(Message):
    """One site's cookies were read, decrypted and classified."""

    view: SiteView


@dataclass
class DeletionFinished(Message):
    """A deletion or an undo ran; `undo` is what `u` needs to restore it, if anything."""

    summary: str
    undo: DeletionResult | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Exported(Message):
    """A category was written to `path`; the notice names the file, never a value."""

    path: Path
    count: int
