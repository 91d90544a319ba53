"""A background read nobody waits for any more can be stopped from another thread: its
running query ends (SQLite's interrupt), a later read does not start, and both say so with
`ReadStopped`, which is never taken for a problem of the store. Stores real browsers
wrote; the query is held mid-flight by a progress handler so the stop lands inside it."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from holders import HeldQueries

from cookie_tui.errors import ReadStopped, StoreError
from cookie_tui.records import Store
from cookie_tui.stores import chromium, firefox, reader
from cookie_tui.stores.selection import store_from_path
from cookie_tui.stores.sites import read_every_sighting
from cookie_tui.stores.sqlite_access import StopReads, stoppable

FIXTURES = Path(__file__).parent / "fixtures" / "stores"
STORES = {
    "chromium": (chromium, "chromium/Default/Cookies"),
    "firefox": (firefox, "firefox/x7k2m9qa.default-release/cookies.sqlite"),
}


def store_copy(tmp_path: Path, browser: str) -> Store:
    shutil.copytree(FIXTURES / browser, tmp_path / browser)
    return store_from_path(tmp_path / STORES[browser][1])


def read_in_thread(store: Store, stop: StopReads) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        with stoppable(stop):
            try:
                outcome.append(reader.read_sightings(store))
            except Exception as exc:  # noqa: BLE001 - the test looks at it
                outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("browser", STORES)
def test_a_running_read_stops_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: str
) -> None:
    store = store_copy(tmp_path, browser)
    held = HeldQueries(monkeypatch, STORES[browser][0])
    stop = StopReads()
    thread, outcome = read_in_thread(store, stop)
    assert held.started.wait(10)
    stop.stop()
    held.release.set()
    thread.join(10)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], ReadStopped), outcome
    assert not isinstance(outcome[0], StoreError)  # never reported as the store's problem


@pytest.mark.parametrize("browser", STORES)
def test_a_held_read_not_stopped_reads_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: str
) -> None:
    store = store_copy(tmp_path, browser)
    expected = reader.read_sightings(store)
    held = HeldQueries(monkeypatch, STORES[browser][0])
    thread, outcome = read_in_thread(store, StopReads())
    assert held.started.wait(10)
    held.release.set()
    thread.join(10)
    assert outcome == [expected] and len(expected) > 10


def test_a_stopped_reader_starts_no_read_and_others_read_on(tmp_path: Path) -> None:
    store = store_copy(tmp_path, "chromium")
    stop = StopReads()
    stop.stop()
    with stoppable(stop), pytest.raises(ReadStopped):
        read_every_sighting([store])  # not collected as a store error: it stops the caller
    sightings, errors = read_every_sighting([store])  # outside the block: reads as ever
    assert sightings and not errors


def test_a_block_inside_another_gives_the_outer_stop_back(tmp_path: Path) -> None:
    store = store_copy(tmp_path, "chromium")
    outer, inner = StopReads(), StopReads()
    outer.stop()
    with stoppable(outer):
        with stoppable(inner):
            assert reader.read_sightings(store)  # only the inner one counts here
        with pytest.raises(ReadStopped):
            reader.read_sightings(store)  # the outer one again, stopped
