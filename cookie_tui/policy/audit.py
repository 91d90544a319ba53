"""The site against its own policy: where its real cookies disagree with what it declares,
and where they are kept much longer than their vendor documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from ..humanize import duration, plural
from . import vendors
from .catalog import display_path
from .classify import UNDECLARED, Classified, SiteView

Kind = Literal[
    "undeclared", "retention", "vendor-retention", "third-party-undeclared", "unused-category"
]
# Browsers round expiry and sites set it a moment after creation: allow this much slack.
_SLACK = timedelta(days=1)
MUCH_LONGER = 1.5
"""A cookie is kept "much longer" than its vendor documents when it lives more than this
many times the documented retention (plus `_SLACK`); one documented as a session cookie,
when it lives more than `_SLACK`. The database rounds ("2 years", "13 months"), so a
smaller margin would report vendors' own rounding."""


@dataclass(frozen=True)
class Finding:
    kind: Kind
    severity: Literal["warning", "info"]
    message: str
    cookies: tuple[str, ...]
    where: str | None
    """`policies/imind.yaml:42` for the policy line the finding concerns."""
    store: str | None = None
    """`browser/profile` of the cookie a finding is about (the same cookie may be in several)."""


def _declared_retention(item: Classified) -> tuple[timedelta | None, str | None, int | None]:
    """What the matching policy declares; the database's documented retention is not a
    declaration of the site's (see `_vendor_finding`)."""
    rule = item.rule
    if item.vendor is not None:
        return None, None, None
    if rule is not None and rule.retention_text:
        return rule.retention, rule.retention_text, rule.line
    for group_cat in item.policy.categories if item.policy else []:
        if group_cat.id == item.category_id and group_cat.retention_text:
            return group_cat.retention, group_cat.retention_text, group_cat.line
    return None, None, None


def _retention_finding(item: Classified, now: datetime) -> Finding | None:
    limit, text, line = _declared_retention(item)
    cookie = item.cookie
    if text is None or cookie.expires is None or item.policy is None:
        return None
    where = f"{display_path(item.policy.path)}:{line}"
    store = cookie.store.label
    if text.strip().lower() == "session":
        return Finding(
            "retention",
            "warning",
            f"{cookie.name} ({cookie.host}, {store}) is declared a session cookie but persists "
            f"until {cookie.expires:%Y-%m-%d}",
            (cookie.name,),
            where,
            store,
        )
    if limit is None:
        return None
    lifetime = cookie.expires - (cookie.created or now)
    if lifetime <= limit + _SLACK:
        return None
    return Finding(
        "retention",
        "warning",
        f"{cookie.name} ({cookie.host}, {store}) lives {duration(lifetime)}, "
        f"longer than the declared {text}",
        (cookie.name,),
        where,
        store,
    )


def _vendor_finding(item: Classified, now: datetime) -> Finding | None:
    """A cookie kept much longer (`MUCH_LONGER`) than the database documents for it."""
    cookie = item.cookie
    if cookie.expires is None:
        return None
    row = item.vendor or vendors.load_index().lookup(cookie.name, cookie.domain)
    if row is None or (row.retention is None and not row.session):
        return None
    lifetime = cookie.expires - (cookie.created or now)
    documented = row.retention or timedelta(0)
    if lifetime <= documented * MUCH_LONGER + _SLACK:
        return None
    store = cookie.store.label
    path = display_path(vendors.database_path())
    return Finding(
        "vendor-retention",
        "warning",
        f"{cookie.name} ({cookie.host}, {store}) lives {duration(lifetime)}; {row.vendor} "
        f"documents {row.retention_text.lower()} (Open Cookie Database)",
        (cookie.name,),
        f"{path}:{row.line}",
        store,
    )


def audit(view: SiteView, now: datetime | None = None) -> list[Finding]:
    now = now or datetime.now(UTC)
    findings: list[Finding] = []
    own = view.policy_set.site_policies
    mine = {id(p) for p in own}
    policy_name = ", ".join(display_path(p.path) for p in own) or "no policy for this site"
    for group in view.groups:
        if group.id == UNDECLARED and group.cookies:
            names = tuple(sorted({c.cookie.name for c in group.cookies}))
            findings.append(
                Finding(
                    "undeclared",
                    "warning",
                    f"{plural(len(group.cookies), 'cookie')} not declared by any policy: "
                    + ", ".join(names),
                    names,
                    policy_name,
                )
            )
        for item in group.cookies:
            found = _retention_finding(item, now) or _vendor_finding(item, now)
            if found:
                findings.append(found)
            if item.third_party and item.policy is not None and id(item.policy) not in mine:
                findings.append(
                    Finding(
                        "third-party-undeclared",
                        "warning",
                        f"third-party cookie {item.cookie.name} ({item.cookie.domain}) is "
                        f"{group.title.lower()}, which {policy_name} does not mention",
                        (item.cookie.name,),
                        f"{display_path(item.policy.path)}:{item.rule.line if item.rule else 0}",
                    )
                )
        if group.policy is not None and id(group.policy) in mine and not group.cookies:
            line = group.category.line if group.category else 0
            findings.append(
                Finding(
                    "unused-category",
                    "info",
                    f"category {group.id} is declared but no cookie of it is present",
                    (),
                    f"{display_path(group.policy.path)}:{line}",
                )
            )
    return findings
