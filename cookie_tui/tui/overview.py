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
from ..stores.sites import SiteListing, list_sites
from .messages import StoresScanned


@dataclass(frozen=True)
class StoreSource:
    """Which stores to read, from the command line."""

    browser: str | None = None
    profile: str | None = None
    store: Path | None = None
    demo: bool = False

    def scan(self, listed: SiteListing | None = None) -> StoresScanned:
        """Every store's host counts (`listed`: made ahead, at launch); no cookie value is
        read or decrypted here."""
        if listed is None:
            listed = list_sites(self.browser, self.profile, self.store, self.demo)
        stores, summaries, errors = listed
        return StoresScanned(stores, summaries, covered_sites(), errors)


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
