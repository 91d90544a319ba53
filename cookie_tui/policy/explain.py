"""Plain-words explanation of one cookie: why it is in its category, where that knowledge
comes from (the site's policy, the user's, the common one or the Open Cookie Database,
with the vendor, its description, documented retention and privacy page), and what it does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..domains import partition_site, site_of
from ..errors import UsageError
from ..humanize import relative
from . import vendors
from .catalog import display_path
from .classify import CategoryGroup, Classified, SiteView
from .vendors import VendorCookie

_SAMESITE = {
    "strict": "SameSite=Strict: sent only when you are on the site itself",
    "lax": "SameSite=Lax: sent when you navigate to the site, not from pages embedding it",
    "none": "SameSite=None: sent everywhere, also from other sites embedding this one",
    "unspecified": "SameSite not set: the browser treats it as Lax",
}


@dataclass(frozen=True)
class Explanation:
    classified: Classified
    reason: str
    category_title: str
    category_description: str
    attributes: list[str]
    deleting: str
    source: str = ""
    """Which knowledge decided: `the site's own policy`, `your own policy for this site`,
    `the common policy`, `the Open Cookie Database`, or `no policy` (undeclared)."""
    vendor: VendorCookie | None = None
    """What the Open Cookie Database says of this cookie, whoever decided its category."""

    def vendor_lines(self) -> list[str]:
        """The database's knowledge in words; empty when it does not know the cookie."""
        row = self.vendor
        if row is None:
            return []
        decided = self.classified.vendor is not None
        where = f"{display_path(vendors.database_path())} line {row.line}"
        lines = [
            f"vendor: {row.vendor}, per the Open Cookie Database ({where})"
            + ("" if decided else f", which files it under {row.category_id}"),
        ]
        if row.description:
            lines.append(f"what it does: {row.description}")
        if row.retention_text:
            lines.append(f"documented retention: {row.retention_text}")
        if row.privacy_url:
            lines.append(f"vendor's privacy page: {row.privacy_url}")
        return lines

    def lines(self) -> list[str]:
        c = self.classified.cookie
        return [
            f"{c.name} on {c.host}{c.path} ({c.store.label})",
            f"  why: {self.reason}",
            f"  source: {self.source}",
            *[f"  {line}" for line in self.vendor_lines()],
            f"  category: {self.category_title}: {self.category_description}",
            *[f"  - {a}" for a in self.attributes],
            f"  deleting it: {self.deleting}",
        ]


def attributes(item: Classified, site: str, now: datetime) -> list[str]:
    c = item.cookie
    out = []
    if c.in_session_store:
        out.append("session cookie kept in Firefox's session store: ends with the browser session")
    elif c.expires is None:
        out.append("session cookie: ends when the browser closes")
    else:
        when = relative(c.expires, now)  # "in 2 days", or "expired 426 years ago"
        out.append(f"{when if c.expires < now else 'expires ' + when}, on {c.expires:%Y-%m-%d}")
    out.append(
        "Secure: sent only over HTTPS" if c.secure else "not Secure: also sent over plain HTTP"
    )
    if c.http_only:
        out.append("HttpOnly: page scripts cannot read it")
    else:
        out.append("readable by page scripts (no HttpOnly)")
    out.append(_SAMESITE[c.same_site])
    party = site_of(c.domain)
    top = partition_site(c.partition_key)
    if item.shared_with:
        out.append(
            f"third-party, shared: {party} set it and reads the same cookie on its own site "
            f"and on every site that embeds it"
        )
    elif item.third_party and top == site:
        out.append(f"third-party: set by {party} while embedded in {site}")
    elif item.third_party:
        out.append(f"third-party: set by {party}, not by {site}")
    else:
        out.append("first-party: set by the site itself")
    if top:
        out.append(
            f"partitioned under {top}: sent to {party} only when embedded in {top}; "
            f"it belongs to {top} alone"
        )
    out.append(
        "host-only: sent to this host only"
        if c.host_only
        else f"sent to {c.domain} and its subdomains"
    )
    if c.container:
        out.append(f"in Firefox container {c.container}")
    if c.decrypt_error:
        out.append(f"value: {c.decrypt_error}")
    else:
        out.append(f"{c.size} bytes")
    return out


def deleting_effect(item: Classified, group: CategoryGroup) -> str:
    party = site_of(item.cookie.domain)
    if item.shared_with:
        return (
            f"it is {item.shared_with}'s own cookie too: deleting it may sign you out of "
            f"{item.shared_with} and resets what {item.shared_with} knows about this browser; "
            "deleting the category leaves it unless you include it"
        )
    if item.third_party and partition_site(item.cookie.partition_key):
        return (
            f"it belongs to this site only (partitioned): {party}'s content embedded here "
            f"forgets you; {party} itself and other sites are not affected"
        )
    if group.necessary:
        return f"necessary: {group.breaks or 'the site may stop working as expected'}"
    return f"safe: the site keeps working; it only forgets what this cookie held ({group.title})"


def explain_item(
    item: Classified, group: CategoryGroup, site: str, now: datetime | None = None
) -> Explanation:
    """One cookie of the view explained: what the app shows for the highlighted cookie."""
    now = now or datetime.now(UTC)
    cookie = item.cookie
    return Explanation(
        item,
        item.reason(),
        group.title,
        " ".join(group.description.split()),
        attributes(item, site, now),
        deleting_effect(item, group),
        item.source,
        item.vendor or vendors.load_index().lookup(cookie.name, cookie.domain),
    )


def explain(view: SiteView, name: str, now: datetime | None = None) -> list[Explanation]:
    """Every cookie of that name on the site, explained; UsageError when there is none."""
    now = now or datetime.now(UTC)
    out = [
        explain_item(item, group, view.site, now)
        for group in view.groups
        for item in group.cookies
        if item.cookie.name == name
    ]
    if not out:
        raise UsageError(f"no cookie named {name!r} on {view.site}")
    return out
