from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cookie_tui.timeconv import (
    from_chromium,
    from_firefox_expiry,
    from_firefox_micros,
    to_chromium,
    to_firefox_micros,
)

UTC = UTC
moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(9000, 1, 1), timezones=st.just(UTC)
)


def test_chromium_epoch_is_1601() -> None:
    assert from_chromium(11644473600 * 1_000_000) == datetime(1970, 1, 1, tzinfo=UTC)
    assert from_chromium(0) is None


def test_firefox_expiry_in_milliseconds_is_not_year_58000() -> None:
    when = from_firefox_expiry(1_798_761_600_000)
    assert when == datetime(2027, 1, 1, tzinfo=UTC)


def test_firefox_expiry_in_seconds_from_older_versions() -> None:
    assert from_firefox_expiry(1_798_761_600) == datetime(2027, 1, 1, tzinfo=UTC)


def test_absurd_values_clamp_instead_of_crashing() -> None:
    assert from_chromium(2**62).year == 9999
    assert from_firefox_expiry(2**62).year == 9999


@given(moments)
def test_chromium_round_trip(when: datetime) -> None:
    assert from_chromium(to_chromium(when)) == when


@given(moments)
def test_firefox_micros_round_trip(when: datetime) -> None:
    assert from_firefox_micros(to_firefox_micros(when)) == when


@given(
    st.datetimes(
        min_value=datetime(1974, 1, 1), max_value=datetime(9000, 1, 1), timezones=st.just(UTC)
    )
)
def test_firefox_expiry_millis_round_trip_to_the_millisecond(when: datetime) -> None:
    millis = to_firefox_micros(when) // 1000
    got = from_firefox_expiry(millis)
    assert got is not None
    assert abs(got - when) < timedelta(milliseconds=1)
