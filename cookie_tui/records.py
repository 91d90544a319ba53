"""Plain data shared by every part of cookie-tui: stores, cookies and sites.

A `Cookie` looks the same whatever browser wrote it, so classification, explanation,
deletion and the TUI never need to know about Chromium or Firefox schemas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from .domains import partition_site, site_of

Family = Literal["chromium", "firefox", "safari"]
SameSite = Literal["unspecified", "none", "lax", "strict"]
StoreKey = tuple[tuple[str, Any], ...]
Admit = Callable[[str, str, str, "str | None"], bool]
"""Whether a row (host, name, path, partition key) belongs to the view being read: readers
test it before decrypting, so no other site's value is ever decrypted."""

# Why a cookie's `value` is None (its `decrypt_error`), in the words the user sees.
CANNOT_DECRYPT = "encrypted, cannot decrypt"
NOT_UTF8 = "value is not UTF-8 text, not shown"


def domain_of(host: str) -> str:
    """The host without the leading (or a trailing) dot, lower case: what site matching
    works on."""
    return host.lstrip(".").rstrip(".").lower()


@dataclass(frozen=True, slots=True)
class Store:
    """One cookie database of one browser profile."""

    browser: str
    """Short browser id: chrome, chrome-beta, chromium, brave, edge, opera, firefox, ..."""
    family: Family
    profile: str
    """The profile's display name (Chromium `Local State`, Firefox `profiles.ini`)."""
    path: Path
    """The cookie database file itself."""
    profile_dir: Path
    """The folder of the profile (Firefox: holds `.parentlock` and the session store)."""
    user_data_dir: Path | None = None
    """Chromium only: the folder with `Local State` and `SingletonLock`."""

    @property
    def label(self) -> str:
        return f"{self.browser}/{self.profile}"


@dataclass(frozen=True, slots=True)
class Cookie:
    """One cookie as a browser stores it, with the store's own unique key for deletion."""

    store: Store
    host: str
    """As stored: `.imind.com` for a domain cookie, `www.imind.com` for a host-only one."""
    name: str
    path: str
    expires: datetime | None
    """UTC; None for a session cookie."""
    created: datetime | None
    last_accessed: datetime | None
    secure: bool
    http_only: bool
    same_site: SameSite
    partition_key: str | None
    """The top-frame site a partitioned (CHIPS) cookie is keyed to, as `https://imind.com`."""
    container: int | None
    """Firefox container (`userContextId`), None for the default one."""
    key: StoreKey
    """Column/value pairs that identify the row uniquely in its store."""
    in_session_store: bool = False
    """Firefox session cookie read from `sessionstore.jsonlz4`, not from `cookies.sqlite`."""
    value: str | None = field(default=None, repr=False)
    """Plaintext value, None when it could not be decrypted (see `decrypt_error`)."""
    decrypt_error: str | None = None
    stored_size: int = 0
    """Bytes of the value as stored, for when `value` is None (not decrypted, or not text)."""
    damaged: str | None = None
    """What is wrong with a row a browser would not write (a NULL name, a text expiry):
    it is shown as such, never guessed at, and can still be deleted by its key."""

    domain: str = field(init=False, repr=False, compare=False)
    """The host without the leading dot, lower case: what site matching works on (made
    once: a view across every site asks it half a million times)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "domain", domain_of(self.host))

    @property
    def host_only(self) -> bool:
        return not self.host.startswith(".")

    @property
    def is_session(self) -> bool:
        return self.expires is None

    @property
    def size(self) -> int:
        """Bytes of name plus value, the measure browsers limit to 4096; for a value that
        is not shown, the bytes it takes in the store (encrypted, for Chromium)."""
        value = len(self.value.encode()) if self.value is not None else self.stored_size
        return len(self.name.encode()) + value

    def is_third_party(self, site: str) -> bool:
        """Set by another site than `site`, or partitioned under another."""
        return site_of(self.domain) != site or (
            partition_site(self.partition_key) not in (None, site)
        )

    @property
    def identity(self) -> tuple[str, str, StoreKey]:
        """Unique across every store: store path, family and row key."""
        return (str(self.store.path), self.store.family, self.key)

    @property
    def sighting(self) -> Sighting:
        columns = tuple(column for column, _ in self.key)
        values = tuple(value for _, value in self.key)
        return Sighting(
            self.store, self.host, self.name, self.path, self.partition_key, columns, values,
            self.domain, self.in_session_store,
        )  # fmt: skip


class Sighting(NamedTuple):
    """What classifying and counting a cookie needs, and where it is: no value, no times.
    Counting every cookie of every store by category reads these, as making a whole
    `Cookie` was two thirds of it at 100,000 cookies (a named tuple: a frozen dataclass
    sets each field through `object.__setattr__`, a third of reading them). The key is
    kept as its values beside the store's column names, shared: as (column, value) pairs
    it was a third of the 112 MB that 100,000 sightings took."""

    store: Store
    host: str
    name: str
    path: str
    partition_key: str | None
    key_columns: tuple[str, ...]
    key_values: tuple[Any, ...]
    domain: str
    """As `Cookie.domain` (`domain_of(host)`), made once."""
    in_session_store: bool = False
    """As `Cookie.in_session_store`: Firefox's session cookies cannot be deleted."""

    @property
    def key(self) -> StoreKey:
        """As `Cookie.key`."""
        return tuple(zip(self.key_columns, self.key_values, strict=True))

    @property
    def identity(self) -> tuple[str, str, StoreKey]:
        """As `Cookie.identity`."""
        return (str(self.store.path), self.store.family, self.key)


class Deletable(Protocol):
    """What deleting a cookie needs of it: where it is, its key, and the words a person
    checks. A `Cookie`, or a `Sighting` where no value or time is shown (deleting a class
    from every site reads only those)."""

    @property
    def store(self) -> Store: ...
    @property
    def host(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def domain(self) -> str: ...
    @property
    def partition_key(self) -> str | None: ...
    @property
    def in_session_store(self) -> bool: ...
    @property
    def key(self) -> StoreKey: ...
    @property
    def identity(self) -> tuple[str, str, StoreKey]: ...


class HostCounts(NamedTuple):
    """A store's cookies counted per host: nearly all are in no partition and counted by
    host alone; the rest per (host, partition top-frame site). Listing 100,000 cookies
    made and walked a tuple per host only to carry an empty partition."""

    unpartitioned: dict[str, int]
    partitioned: list[tuple[str, str, int]]


@dataclass(frozen=True)
class SiteSummary:
    """A registrable domain and how many cookies each store holds for it."""

    site: str
    counts: dict[str, int]
    """Cookie count per store label (`browser/profile`)."""
    third_party: int = 0
    """Of the total, partitioned cookies of other hosts set under this site."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())
