"""Reading Safari's `Cookies.binarycookies` through browser-cookie3 (read-only).

Safari keeps no SQLite store, so deletion does not apply to it; we show what it holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from ..domains import host_in_site, partition_site
from ..errors import StoreError
from ..records import Admit, Cookie, HostCounts, Sighting, Store
from .sqlite_access import Half

TABLE = ""
WRITABLE = False
FORCE_WHILE_RUNNING = False
IDENTITY_COLUMNS: tuple[str, ...] = ("domain", "name", "path")


def key_columns(columns: Iterable[str]) -> tuple[str, ...]:
    return IDENTITY_COLUMNS


def is_running(store: Store) -> bool:
    """Never written, so whether Safari runs does not matter."""
    return False


def find_ahead(store: Store, site: str) -> None:
    """Nothing: the file is read whole."""


def prepare(store: Store) -> None:
    """Nothing to find ahead: Safari's file is not encrypted."""


def key_hint(store: Store) -> str:
    return "Safari does not encrypt values"


def _load(store: Store) -> list[Cookie]:
    import browser_cookie3  # imported here: heavy, and only Safari stores need it

    try:
        jar = browser_cookie3.Safari(cookie_file=str(store.path)).load()
    except Exception as exc:  # noqa: BLE001 - browser-cookie3 raises bare errors on bad files
        raise StoreError(store.path, f"cannot read Safari cookies ({exc})") from None
    out = []
    for c in jar:
        rest = {k.lower(): v for k, v in getattr(c, "_rest", {}).items()}
        out.append(
            Cookie(
                store=store,
                host=c.domain,
                name=c.name,
                path=c.path,
                expires=datetime.fromtimestamp(c.expires, UTC) if c.expires else None,
                created=None,
                last_accessed=None,
                secure=bool(c.secure),
                http_only="httponly" in rest,
                same_site="unspecified",
                partition_key=None,
                container=None,
                key=(("domain", c.domain), ("name", c.name), ("path", c.path)),
                value=c.value,
            )
        )
    return out


def count(store: Store) -> int:
    return len(_load(store))


def split_point(store: Store) -> None:
    """A binary file, parsed whole: nothing to split."""


def host_counts(store: Store, half: Half | None = None) -> HostCounts:
    return HostCounts(Counter(c.host for c in _load(store)), [])  # Safari has no partitions


def read_sites(
    store: Store, sites: list[str] | None, *, decrypt: bool = True, admit: Admit | None = None
) -> list[Cookie]:
    """The cookies of these sites (every site for None). Safari's values are not
    encrypted: `decrypt` changes nothing here."""
    return [
        c
        for c in _load(store)
        if (
            sites is None
            or any(host_in_site(c.host, s) or partition_site(c.partition_key) == s for s in sites)
        )
        and (admit is None or admit(c.host, c.name, c.path, c.partition_key))
    ]


def read_sightings(store: Store) -> list[Sighting]:
    """Every cookie, cut down: the binary file is parsed whole either way."""
    return [cookie.sighting for cookie in _load(store)]
