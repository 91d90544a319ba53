"""Work done in a child process while this one starts up: the sites list at launch.

Launching the app is ~0.35 s of imports (Textual's and ours), and listing the sites of a
big store ~0.2 s more of Python. A thread would take turns with the imports at the
interpreter lock, so a forked child makes the list on another core meanwhile and hands it
back pickled through a pipe. The fork comes before any thread exists, and the child ends
with `os._exit`: it never runs the parent's exit handlers nor flushes its buffered output.

Where there is no fork (Windows), or the child fails in any way (an error, a signal, a
result that does not pickle), `result()` is None and the caller does the work itself, as
it would have anyway: an error the child met (a locked or corrupt store) is met again
there and told as usual.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")


class Ahead(Generic[T]):
    """`work()`, started in a child process at once; its result is taken once."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._done = threading.Event()
        self._data = b""
        if not hasattr(os, "fork"):
            self._done.set()
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(work, write)
        os.close(write)
        threading.Thread(target=self._collect, args=(read, pid), name="ahead", daemon=True).start()

    def _collect(self, fd: int, pid: int) -> None:
        """Read as the child writes (a full pipe would stop it), then reap it. Nothing may
        escape: this thread's traceback would be printed over the app."""
        try:
            with os.fdopen(fd, "rb") as pipe:
                self._data = pipe.read()
        except OSError:
            self._data = b""
        finally:
            # a child of a process that ignores SIGCHLD (inherited from whatever started
            # it) is reaped by the kernel: there is nothing left to wait for
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            self._done.set()

    def result(self) -> T | None:
        """The child's result once it is in; None when there is none to take."""
        self._done.wait()
        data, self._data = self._data, b""
        if not data:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - one that does not unpickle: the caller does the work
            return None


def _child(work: Callable[[], T], fd: int) -> NoReturn:
    code = 1
    try:
        gc.disable()  # a short life: what it makes is freed when it ends
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # noqa: BLE001 - nothing written: the parent does the work
        pass
    finally:
        os._exit(code)
