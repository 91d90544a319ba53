"""The app's first sites list is made in a forked child while the app is imported
(`cookie_tui.ahead`). What comes back must be exactly what the app would have made itself,
errors included; a child that fails in any way leaves the work to the caller, and no child
outlives the call nor writes what the parent had buffered."""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from cookie_tui import errors
from cookie_tui.ahead import Ahead
from cookie_tui.domains import site_of
from cookie_tui.stores.sites import ListedAhead, SiteListing, list_sites

FIXTURES = Path(__file__).parent / "fixtures" / "stores"


def same(a: SiteListing, b: SiteListing) -> None:
    """Listings equal, errors by what they are and say (exceptions never compare equal)."""
    assert a[:2] == b[:2]
    assert [(type(e), str(e), vars(e)) for e in a[2]] == [(type(e), str(e), vars(e)) for e in b[2]]


def children() -> set[int]:
    """This process's live and unreaped (zombie) child processes."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_the_list_made_ahead_is_the_one_made_here(tmp_path: Path, browser: str) -> None:
    root = shutil.copytree(FIXTURES / browser, tmp_path / browser)
    store = next(root.rglob("Cookies" if browser == "chromium" else "cookies.sqlite"))
    work = partial(list_sites, None, None, store, False)
    ahead = Ahead(work).result()
    assert ahead is not None
    here = work()
    same(ahead, here)
    assert len(here[1]) >= 4 and here[0]


def test_a_store_that_cannot_be_read_comes_back_as_its_error(tmp_path: Path) -> None:
    """Among the stores found in HOME, one is not a database: its error crosses whole."""
    home = Path(os.environ["HOME"])
    shutil.copytree(FIXTURES / "chromium", home / ".config" / "chromium")
    broken = home / ".config" / "google-chrome" / "Default" / "Cookies"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a database at all" * 100)
    work = partial(list_sites, None, None, None, False)
    ahead = Ahead(work).result()
    assert ahead is not None
    same(ahead, work())
    assert any(str(broken) in str(e) for e in ahead[2])


@pytest.mark.parametrize(
    "error",
    [
        errors.StoreError("/x/Cookies", "cannot read", "close the browser"),
        errors.PartialReadError(errors.StoreError("/x/Cookies", "the session file"), [1, 2]),
        errors.ReadStopped("/x/Cookies"),
        errors.BrowserRunningError("chromium", "Default", "/x/Cookies"),
        errors.PolicyError("/p.yaml", 3, 7, "a category needs a name"),
        errors.UsageError("no store matches"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_pickle_whole(error: errors.CookieTuiError) -> None:
    """Their constructors take other arguments than the one line they say."""
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), str(back), vars(back)) == (type(error), str(error), vars(error))


def fails() -> None:
    raise errors.StoreError("/x/Cookies", "locked")


def killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def unpicklable() -> object:
    return lambda: None


@pytest.mark.parametrize("work", [fails, killed, unpicklable])
def test_a_child_that_fails_leaves_the_work_to_the_caller(work: object) -> None:
    assert Ahead(work).result() is None  # type: ignore[arg-type]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_no_child_outlives_its_result() -> None:
    before = children()
    ahead = Ahead(partial(sum, [1, 2]))
    assert ahead.result() == 3
    assert children() <= before


def test_the_child_never_writes_what_the_parent_had_buffered() -> None:
    """Output the parent had not flushed yet is in the child's copy of its memory too."""
    code = (
        "import sys; sys.stdout.write('once');"
        "from cookie_tui.ahead import Ahead; assert Ahead(lambda: 1).result() == 1"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert out.stdout == b"once"


def test_cookie_tui_starts_its_list_before_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cookie-tui` with no subcommand hands the app the list it began in a child."""
    from cookie_tui.cli import main
    from cookie_tui.tui import app

    store = shutil.copytree(FIXTURES / "chromium", tmp_path / "chromium") / "Default" / "Cookies"
    given: list[Ahead[ListedAhead] | None] = []

    def run_app(args: object, listed: Ahead[ListedAhead] | None = None) -> int:
        given.append(listed)
        return 0

    monkeypatch.setattr(app, "run_app", run_app)
    assert main(["--store", str(store)]) == 0
    assert given[0] is not None
    listed = given[0].result()
    assert listed is not None
    listing, walked = listed
    same(listing, list_sites(None, None, store, False))
    assert walked and walked == {host: site_of(host) for host in walked}


def test_a_process_that_ignores_its_children_gets_the_list_and_prints_nothing() -> None:
    """SIGCHLD ignored (inherited through exec from whatever started cookie-tui): the
    kernel reaps the child itself, and waiting for it finds none."""
    code = "from cookie_tui.ahead import Ahead; print(Ahead(lambda: 41 + 1).result())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN),
    )
    assert (out.stdout, out.stderr) == (b"42\n", b"")
