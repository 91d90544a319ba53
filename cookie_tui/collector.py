"""Pausing Python's cyclic garbage collector while a large, long-lived structure is built.

Reading every cookie of a big profile makes hundreds of thousands of small objects that all
live on (the census, a deletion's plan). Each allocation burst triggers collections, and
the full ones walk the whole growing heap again: a third of counting 100,000 cookies by
category. None of it is cyclic garbage, so nothing is lost by not collecting meanwhile;
reference counting still frees everything as usual. The collector is process-wide, so
overlapping pauses (two workers) are counted and it resumes when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def keep_out_of_collections() -> None:
    """Everything made so far is long-lived: move it out of the cyclic collector's reach.
    Called after the app's imports (Textual's and ours: every later full collection walked
    them again while the scan allocated in bursts, a fifth of painting the sites table at
    100,000 cookies), once the app's census is in (the same, for every full collection
    after it) and before a command's exit (shutdown's own full collections walked
    everything it built only to free it, a tenth of `show`). Reference counting still
    frees what is not in a cycle, so a census replaced by the next one is freed as usual;
    only cycles made before the call are never collected (a screen popped later keeps its
    widgets), and nothing in a cycle may hold unwritten data at exit: every file the
    program writes is closed by a `with`."""
    gc.freeze()
