"""Browser timestamps to UTC datetimes.

Chromium counts microseconds since 1601-01-01 (0 means "no time": a session cookie);
Firefox stores `expiry` in milliseconds since 1970 (older versions: seconds) and
`creationTime`/`lastAccessed` in microseconds since 1970.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH_1601 = datetime(1601, 1, 1, tzinfo=UTC)
EPOCH_1970 = datetime(1970, 1, 1, tzinfo=UTC)
_MAX = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
# Firefox switched `expiry` from seconds to milliseconds (Firefox 124); a seconds value
# stays below this bound (the year 5138) while any millisecond value of our era is above it.
_FIREFOX_SECONDS_BOUND = 10**11


def _clamp(base: datetime, microseconds: int) -> datetime:
    """`base + microseconds`, pinned to the year 9999 (or the epoch) when a store holds
    nonsense. Positional and plain: it runs three times per cookie read."""
    try:
        return base + timedelta(microseconds=microseconds)
    except OverflowError:
        return _MAX if microseconds > 0 else base


def from_chromium(value: int | None) -> datetime | None:
    if not value:
        return None
    return _clamp(EPOCH_1601, int(value))


def to_chromium(when: datetime) -> int:
    delta = when.astimezone(UTC) - EPOCH_1601
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_firefox_expiry(value: int | None) -> datetime | None:
    if not value:
        return None
    value = int(value)
    if abs(value) < _FIREFOX_SECONDS_BOUND:
        return _clamp(EPOCH_1970, value * 1_000_000)
    return _clamp(EPOCH_1970, value * 1_000)


def from_firefox_micros(value: int | None) -> datetime | None:
    if not value:
        return None
    return _clamp(EPOCH_1970, int(value))


def to_firefox_micros(when: datetime) -> int:
    delta = when.astimezone(UTC) - EPOCH_1970
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
