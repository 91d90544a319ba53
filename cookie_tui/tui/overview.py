"""What the sites list shows, computed off the UI thread: every store's sites and, for the
sites a policy covers, how many audit findings they have."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import CookieTuiError
from ..policy.audit import audit
from ..policy.catalog import covered_sites
from ..records import Store
from ..site_view import load_site_view
from ..stores.selection import select_stores
from ..stores.sites import summarize
from .messages import StoresScanned


@dataclass(frozen=True)
class StoreSource:
    """Which stores to read, from the command line."""

    browser: str | None = None
    profile: str | None = None
    store: Path | None = None
    demo: bool = False

    def scan(self) -> StoresScanned:
        """Every store's host counts; no cookie value is read or decrypted here."""
        stores, errors = select_stores(
            browser=self.browser, profile=self.profile, store_path=self.store, demo=self.demo
        )
        summaries, more_errors = summarize(stores)
        return StoresScanned(stores, summaries, covered_sites(), errors + more_errors)


def findings_of(
    stores: list[Store], site: str, policy: Path | None, now: Callable[[], datetime]
) -> int | None:
    """The site's audit warnings (info items are not problems), None when it cannot be
    read (the site screen will say why)."""
    try:
        view = load_site_view(stores, site, policy, decrypt=False)
    except CookieTuiError:
        return None
    return sum(1 for finding in audit(view, now()) if finding.severity == "warning")
