"""The collector pause is process-wide: overlapping pauses resume it only at the last end,
an error inside still resumes it, and a collector the program had turned off stays off."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from cookie_tui.cli import main
from cookie_tui.collector import collector_paused
from cookie_tui.stores.selection import select_stores
from cookie_tui.tui.census import take_census


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()  # what a census froze: the rest of the suite runs with a plain collector
    if not was:
        gc.disable()


def test_overlapping_pauses_from_two_threads_resume_at_the_last_end() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def worker() -> None:
        with collector_paused():
            first_in.set()
            assert second_done.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=worker)
    thread.start()
    assert first_in.wait(5)
    with collector_paused():
        assert not gc.isenabled()
    seen.append(gc.isenabled())  # the worker's pause still holds
    second_done.set()
    thread.join(5)
    assert seen == [False, False]
    assert gc.isenabled()


def test_an_error_inside_still_resumes_the_collector() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_program_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_failing_command_leaves_the_collector_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", "/nonexistent/Cookies", "sites"]) != 0
    assert "does not exist" in capsys.readouterr().err
    assert gc.isenabled()


def test_the_installed_commands_quick_exit_leaves_every_write_whole(
    fixture_stores: Path, tmp_path: Path
) -> None:
    """`run` skips the shutdown collections: a delete, its backup and undo record made by
    one process are all there for the next, and a big JSON document reaches its pipe."""
    store = tmp_path / "Cookies"
    shutil.copy(fixture_stores / "chromium" / "Default" / "Cookies", store)

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "cookie_tui", "--store", str(store), *argv]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    shown = cli("show", "imind.com", "--json")
    assert shown.returncode == 0, shown.stderr
    names = {c["name"] for c in json.loads(shown.stdout)["cookies"]}
    assert {"_ga", "_gid"} <= names
    assert cli("delete", "imind.com", "--category", "analytics", "--yes").returncode == 0
    after = {c["name"] for c in json.loads(cli("show", "imind.com", "--json").stdout)["cookies"]}
    assert not {"_ga", "_gid"} & after
    undone = cli("undo")
    assert undone.returncode == 0, undone.stderr
    again = {c["name"] for c in json.loads(cli("show", "imind.com", "--json").stdout)["cookies"]}
    assert again == names


def test_a_census_is_kept_out_of_full_collections_and_still_freed_when_replaced(
    fixture_stores: Path,
) -> None:
    """The app's census lives as long as its scan: later full collections must not walk it
    again (each took ~0.2 s at 100,000 cookies), yet the next scan's census replaces it
    and the old one is freed."""
    stores, _ = select_stores(store_path=fixture_stores / "chromium" / "Default" / "Cookies")
    census = take_census(stores, lambda done, total: None, lambda: False)
    assert census is not None and census.sites
    assert gc.isenabled()
    walked = {id(o) for o in gc.get_objects()}
    assert id(census) not in walked and id(census.sites[0]) not in walked
    gone = weakref.ref(census)
    del census
    assert gone() is None
