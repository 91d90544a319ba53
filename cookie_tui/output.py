"""How cookies are shown and written out: the documented JSON shape of one cookie (shared
by `show --json` and `export`), and the lines that list what a deletion takes.

Stable keys (README "JSON schema"); `value` is null unless revealing was asked for,
so a script cannot leak credentials by accident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from .domains import site_of
from .humanize import plural, printable
from .policy.catalog import display_path
from .policy.classify import Classified
from .records import Cookie, Deletable

SCHEMA_VERSION = 1
MASK = "••••••••"


def iso(when: datetime | None) -> str | None:
    """ISO 8601 UTC to the second: browsers' microseconds say nothing to a reader."""
    if when is None:
        return None
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def cookie_to_dict(
    cookie: Cookie, *, site: str | None = None, reveal: bool = False
) -> dict[str, Any]:
    return {
        "browser": cookie.store.browser,
        "profile": cookie.store.profile,
        "store": str(cookie.store.path),
        "host": cookie.host,
        "domain": cookie.domain,
        "site": site_of(cookie.domain),
        "name": cookie.name,
        "path": cookie.path,
        "value": (cookie.value if reveal else None),
        "value_hidden": not reveal,
        "decrypt_error": cookie.decrypt_error,
        "expires": iso(cookie.expires),
        "session": cookie.is_session,
        "created": iso(cookie.created),
        "last_accessed": iso(cookie.last_accessed),
        "secure": cookie.secure,
        "http_only": cookie.http_only,
        "same_site": cookie.same_site,
        "host_only": cookie.host_only,
        "partition_key": cookie.partition_key,
        "third_party": cookie.is_third_party(site) if site else None,
        "container": cookie.container,
        "in_session_store": cookie.in_session_store,
        "size": cookie.size,
    }


def classified_to_dict(item: Classified, site: str, *, reveal: bool) -> dict[str, Any]:
    """One cookie of a site's view, as `show --json` and `export` both write it."""
    data = cookie_to_dict(item.cookie, site=site, reveal=reveal)
    data["category"] = item.category_id
    data["rule"] = (
        {
            "policy": display_path(item.policy.path),
            "line": item.rule.line,
            "match": item.rule.describe(),
            "source": item.source,
        }
        if item.rule and item.policy
        else None
    )
    data["shared_with"] = item.shared_with
    return data


def site_document(items: Iterable[Classified], site: str, *, reveal: bool) -> dict[str, Any]:
    """The whole JSON document of `show --json` and `export --format json`."""
    return {
        "schema": SCHEMA_VERSION,
        "site": site,
        "cookies": [classified_to_dict(item, site, reveal=reveal) for item in items],
    }


def flag_names(cookie: Cookie) -> list[str]:
    """The attributes that matter for privacy, as short words."""
    names = []
    if cookie.secure:
        names.append("Secure")
    if cookie.http_only:
        names.append("HttpOnly")
    if cookie.same_site != "unspecified":
        names.append(f"SameSite={cookie.same_site.capitalize()}")
    if cookie.partition_key:
        names.append("Partitioned")
    return names


def display_value(cookie: Cookie, reveal: bool) -> str:
    if cookie.decrypt_error:
        return f"<{cookie.decrypt_error}>"
    return (cookie.value or "") if reveal else MASK


def cookie_lines(cookies: Sequence[Deletable], *, limit: int = 40) -> list[str]:
    """What a deletion takes, for a person to check: one line per cookie with its host (and
    store when there are several), so `auth_token` of two hosts is two lines; beyond
    `limit` cookies, one line per host with a count, at most `limit` hosts."""
    several = len({c.store.label for c in cookies}) > 1

    def where(c: Deletable) -> str:
        return f"{c.host} ({c.store.label})" if several else c.host

    if len(cookies) <= limit:
        rows = sorted(cookies, key=lambda c: (c.store.label, c.domain, c.name, c.path))
        return [
            printable(f"{c.name} on {where(c)}" + (f", path {c.path}" if c.path != "/" else ""))
            for c in rows
        ]
    names: dict[str, list[str]] = defaultdict(list)
    for c in cookies:
        names[where(c)].append(c.name)
    hosts = sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    lines = []
    for host, host_names in hosts[:limit]:
        sample = sorted(set(host_names))
        shown = ", ".join(sample[:3]) + (", …" if len(sample) > 3 else "")
        lines.append(printable(f"{host}: {plural(len(host_names), 'cookie')} ({shown})"))
    if len(hosts) > limit:
        rest = sum(len(n) for _, n in hosts[limit:])
        more = plural(len(hosts) - limit, "more host")
        lines.append(f"… and {more} ({plural(rest, 'cookie')})")
    return lines
