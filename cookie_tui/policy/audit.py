"""The site against its own policy: where its real cookies disagree with what it declares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from ..humanize import duration
from .catalog import display_path
from .classify import UNDECLARED, Classified, SiteView

Kind = Literal["undeclared", "retention", "third-party-undeclared", "unused-category"]
# Browsers round expiry and sites set it a moment after creation: allow this much slack.
_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Finding:
    kind: Kind
    severity: Literal["warning", "info"]
    message: str
    cookies: tuple[str, ...]
    where: str | None
    """`policies/imind.yaml:42` for the policy line the finding concerns."""


def _declared_retention(item: Classified) -> tuple[timedelta | None, str | None, int | None]:
    rule = item.rule
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
    if text.strip().lower() == "session":
        return Finding(
            "retention",
            "warning",
            f"{cookie.name} ({cookie.host}) is declared a session cookie but persists until "
            f"{cookie.expires:%Y-%m-%d}",
            (cookie.name,),
            where,
        )
    if limit is None:
        return None
    lifetime = cookie.expires - (cookie.created or now)
    if lifetime <= limit + _SLACK:
        return None
    return Finding(
        "retention",
        "warning",
        f"{cookie.name} ({cookie.host}) lives {duration(lifetime)}, "
        f"longer than the declared {text}",
        (cookie.name,),
        where,
    )


def audit(view: SiteView, now: datetime | None = None) -> list[Finding]:
    now = now or datetime.now(timezone.utc)
    findings: list[Finding] = []
    site_policy = view.policy_set.site_policy
    policy_name = display_path(site_policy.path) if site_policy else "no policy for this site"
    for group in view.groups:
        if group.id == UNDECLARED and group.cookies:
            names = tuple(sorted({c.cookie.name for c in group.cookies}))
            findings.append(
                Finding(
                    "undeclared",
                    "warning",
                    f"{len(group.cookies)} cookie(s) not declared by any policy: "
                    + ", ".join(names),
                    names,
                    policy_name,
                )
            )
        for item in group.cookies:
            found = _retention_finding(item, now)
            if found:
                findings.append(found)
            if item.third_party and item.policy is not None and item.policy is not site_policy:
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
        if site_policy is not None and group.policy is site_policy and not group.cookies:
            line = group.category.line if group.category else 0
            findings.append(
                Finding(
                    "unused-category",
                    "info",
                    f"category {group.id} is declared but no cookie of it is present",
                    (),
                    f"{display_path(site_policy.path)}:{line}",
                )
            )
    return findings
