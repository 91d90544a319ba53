"""Typed errors of the core; the CLI and the TUI turn each into one friendly line."""

from __future__ import annotations

from pathlib import Path


class CookieTuiError(Exception):
    """Base of every error the core raises on purpose; `str()` is the one line shown to users."""

    exit_code = 1

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled whole, not through the constructor (whose arguments differ by class):
        the sites list's errors come from the child process that made it (`ahead`)."""
        return (_restored, (type(self), self.args, self.__dict__))


def _restored(
    cls: type[CookieTuiError], args: tuple[object, ...], state: dict[str, object]
) -> CookieTuiError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class StoreError(CookieTuiError):
    """A cookie store (or a file beside it) cannot be read or written."""

    def __init__(self, path: Path | str, problem: str, hint: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.hint = hint
        text = f"{self.path}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class PartialReadError(StoreError):
    """Part of a store could not be read (e.g. a corrupt Firefox session file); `result`
    holds what could be, so one bad file never hides the rest."""

    def __init__(self, cause: StoreError, result: object) -> None:
        super().__init__(cause.path, cause.problem, cause.hint)
        self.result = result


class ReadStopped(CookieTuiError):
    """A store read was stopped from another thread because nothing waits for it any more:
    not a problem of the store, so never reported as one."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: the read was stopped")


class BrowserRunningError(CookieTuiError):
    """The browser owning a store is running, so writing to the store is refused."""

    exit_code = 3

    def __init__(self, browser: str, profile: str, path: Path | str) -> None:
        self.browser = browser
        self.profile = profile
        self.path = Path(path)
        super().__init__(
            f"{browser} is running with profile {profile!r} ({self.path}): "
            f"close {browser} and try again"
        )


class FileError(CookieTuiError):
    """A hand-written file (a policy, the keep list) is wrong; names the place so the
    author can fix it."""

    def __init__(
        self, path: Path | str, line: int | None, column: int | None, message: str
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = str(self.path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class PolicyError(FileError):
    """A policy file is wrong."""


class KeepListError(FileError):
    """The keep list cannot be read: nothing may be deleted in bulk until it can."""


class UsageError(CookieTuiError):
    """The user asked for something that does not exist (unknown site, category, backup)."""

    exit_code = 2
