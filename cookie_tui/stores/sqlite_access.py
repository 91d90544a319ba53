"""Opening browser SQLite stores without disturbing them.

Reads never write: a store in rollback-journal mode (Chromium's) is opened read-only in
place (Chromium does not lock it). A store in WAL mode (Firefox's, which also holds an
exclusive lock while running and keeps fresh rows in `-wal`), or one that is locked, is
read from a private copy of the database *with* its WAL: opening a WAL database in place,
even read-only, would create `-wal`/`-shm` files beside it. A WAL-mode store with no `-wal`
file (the browser is closed: its last connection checkpointed and removed it) holds every
row in the main file, which is then read in place as `immutable`, creating nothing; the
copy was two thirds of opening a site in a 100,000-cookie Firefox store.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import ReadStopped, StoreError
from .scratch import private_copy

BUSY_TIMEOUT_S = 2.0


class RawText(bytes):
    """A TEXT value that is not valid UTF-8 (browsers store header bytes as they came:
    `Set-Cookie: _ga_\\x9f`), kept byte for byte so the row can still be addressed."""


def decode_text(data: bytes) -> str | RawText:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return RawText(data)


def shown(value: str | bytes) -> str:
    """Text for people: raw bytes that are not UTF-8 appear escaped (`_ga_\\x9f`)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    return value


def text_param(value: object) -> str:
    """The SQL placeholder for a key value: non-UTF-8 text goes back as TEXT with the same
    bytes (a plain `?` would bind it as a BLOB, which never equals TEXT)."""
    return "CAST(? AS TEXT)" if isinstance(value, RawText) else "?"


def describe_sqlite_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """One clear line for each way a store can be unreadable."""
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return StoreError(path, "the database is locked", "close the browser and try again")
    if "not a database" in msg or "malformed" in msg or "disk image" in msg:
        return StoreError(path, "not a readable SQLite database (corrupt or truncated)")
    if "no such table" in msg or "no such column" in msg:
        return StoreError(path, f"not a browser cookie store ({msg})")
    if "unable to open" in msg:
        return StoreError(path, "cannot open the file", "check that it exists and is readable")
    return StoreError(path, f"SQLite error: {msg}")


def _connect_ro(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    uri = f"file:{quote(str(path))}?" + ("immutable=1" if immutable else "mode=ro")
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    con.text_factory = decode_text
    return con


def read_head(path: Path, size: int) -> bytes:
    """The first bytes of a store file, or a StoreError saying in words why not."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise StoreError(path, "the file does not exist") from None
    except PermissionError:
        raise StoreError(path, "permission denied", "run as the user who owns it") from None
    except IsADirectoryError:
        raise StoreError(path, "is a folder, not a cookie database") from None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror}") from None


def _check_readable(path: Path) -> bool:
    """Raise a clear StoreError for a file that is not a database; True when in WAL mode."""
    head = read_head(path, 20)
    if not head:
        raise StoreError(path, "the file is empty (0 bytes)")
    if head[:16] != b"SQLite format 3\x00":
        raise StoreError(path, "not an SQLite database")
    # Header bytes 18-19 are 2 in WAL mode, where even a read-only open creates -wal/-shm.
    return len(head) == 20 and head[18] == 2


def _connect_copy(folder: Path, name: str) -> sqlite3.Connection:
    con = sqlite3.connect(folder / name, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    con.text_factory = decode_text
    return con


class StopReads:
    """Stops, from any thread, the store reads of the threads that run under it
    (`stoppable`): a running query ends at once (SQLite's interrupt) and a later read does
    not start; both raise `ReadStopped`. A background count that nobody waits for any more
    then stops holding the interpreter and the disk the screen on top needs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: set[sqlite3.Connection] = set()
        self.stopped = False

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for con in self._connections:
                con.interrupt()

    @contextmanager
    def watching(self, path: Path, con: sqlite3.Connection) -> Iterator[None]:
        with self._lock:
            if self.stopped:
                raise ReadStopped(path)
            self._connections.add(con)
        try:
            yield
        finally:
            with self._lock:
                self._connections.discard(con)


_this_thread = threading.local()


@contextmanager
def stoppable(stop: StopReads) -> Iterator[None]:
    """The store reads of this thread, inside the block, end when `stop.stop()` is called.
    Workers share pooled threads: the thread's earlier setting comes back after the block."""
    earlier = getattr(_this_thread, "stop", None)
    _this_thread.stop = stop
    try:
        yield
    finally:
        _this_thread.stop = earlier


@contextmanager
def read_store(path: Path, *, copy: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the store, or to a private copy with its WAL, so rows only
    in the WAL are seen and no lock is taken (see `scratch`)."""
    wal_mode = _check_readable(path)
    stop: StopReads | None = getattr(_this_thread, "stop", None)
    with contextlib.ExitStack() as stack:
        try:
            con = None
            if not (copy or Path(f"{path}-wal").exists()):
                con = _connect_ro(path, immutable=wal_mode)
                stack.callback(con.close)
                try:
                    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc):
                        raise
                    con = None
            if con is None:
                folder = stack.enter_context(private_copy([path, Path(f"{path}-wal")]))
                con = _connect_copy(folder, path.name)
                stack.callback(con.close)
            if stop is not None:
                stack.enter_context(stop.watching(path, con))
            con.execute("PRAGMA query_only = 1")
            yield con
        except sqlite3.Error as exc:
            if stop is not None and stop.stopped:
                raise ReadStopped(path) from None
            raise describe_sqlite_error(path, exc) from None
        except OSError as exc:
            raise StoreError(path, f"cannot read: {exc.strerror or exc}") from None


def fetch_all(con: sqlite3.Connection, sql: str, args: list[Any] | tuple[()] = ()) -> list[Any]:
    """All rows, decoding text in C; only a store holding non-UTF-8 text pays for the
    Python decoder that keeps such text as `RawText` (a Python call per value was a tenth
    of reading 10,000 cookies)."""
    con.text_factory = str
    try:
        return con.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
    finally:
        con.text_factory = decode_text
    return con.execute(sql, args).fetchall()


def pairs_as_one_text(
    con: sqlite3.Connection, first: str, second: str, rows: str, args: list[Any] | None = None
) -> list[str] | None:
    """The (`first`, `second`) pairs of `rows` (a table or subquery) from one SQLite step,
    each as `first` + "\x01" + `second`; None where the texts do not allow it.

    A query steps once per row, and each step gives the interpreter back to any other
    thread (an import, the app's screen) and waits to take it again: one text skips those
    waits. With no NULL, a separator inside a text adds a piece, or leaves a piece with a
    separator too many; text that is not UTF-8 comes back as bytes: the caller then
    queries rows."""
    n, firsts, seconds, text = fetch_all(
        con,
        f"SELECT count(*), count({first}), count({second}),"
        f" group_concat({first} || char(1) || {second}, char(2)) FROM {rows}",
        args or [],
    )[0]
    if n == 0:
        return []
    if not (isinstance(text, str) and n == firsts == seconds == text.count("\x01")):
        return None
    pieces = text.split("\x02")
    return pieces if len(pieces) == n else None


def counted_pairs(
    con: sqlite3.Connection, first: str, second: str, rows: str, args: list[Any] | None = None
) -> tuple[Counter[str], list[tuple[str, str, int]]] | None:
    """How many of `rows` hold each `first` where `second` is empty, and each (`first`,
    `second`) pair where it is not, counted in C from one SQLite step; None where the
    texts do not allow it. Beside a screen drawing, a `GROUP BY` handing over 30,000 rows
    one step each waited for the interpreter at every row.

    Nearly every `second` (a partition) is empty, so those rows join `first` alone and
    only the others the pair: making a new text per row was a third of the count at
    100,000 cookies. With no NULL, a separator inside a text shows as a piece or a
    separator too many; text that is not UTF-8 comes back as bytes."""
    n, firsts, seconds, paired, alone, pairs = fetch_all(
        con,
        f"SELECT count(*), count({first}), count({second}),"
        f" count(*) FILTER (WHERE {second} <> ''),"
        f" group_concat({first}, char(2)) FILTER (WHERE {second} = ''),"
        f" group_concat({first} || char(1) || {second}, char(2)) FILTER (WHERE {second} <> '')"
        f" FROM {rows}",
        args or [],
    )[0]
    if not n == firsts == seconds:
        return None
    counted: Counter[str] = Counter()
    if n > paired:
        if not (isinstance(alone, str) and alone.count("\x02") == n - paired - 1):
            return None
        counted = Counter(alone.split("\x02"))
    if not paired:
        return counted, []
    if not (isinstance(pairs, str) and pairs.count("\x01") == paired):
        return None
    pieces = pairs.split("\x02")
    if len(pieces) != paired:
        return None
    return counted, [(*key.partition("\x01")[::2], k) for key, k in Counter(pieces).items()]


def pair_counts(
    con: sqlite3.Connection, first: str, second: str, rows: str, args: list[Any] | None = None
) -> tuple[Counter[str], list[tuple[str, str, int]]]:
    """`counted_pairs`, or a `GROUP BY` where the texts do not allow it, with its texts as
    people read them (bytes that are not UTF-8 escaped, NULL as empty)."""
    counted = counted_pairs(con, first, second, rows, args)
    if counted is not None:
        return counted
    alone: Counter[str] = Counter()
    pairs = []
    for one, two, n in fetch_all(
        con, f"SELECT {first}, {second}, count(*) FROM {rows} GROUP BY 1, 2", args or []
    ):
        if two:
            pairs.append((shown(one or ""), shown(two), n))
        else:
            alone[shown(one or "")] += n
    return alone, pairs


Half = tuple[Any, bool]
"""One of two halves of a table's rows, split in the order of an indexed column: the first
value of the upper half, and whether this half is the upper one."""

SPLIT_FROM_ROWS = 40_000
"""Below this many rows, the second process and its pickled answer would cost about what
it saves."""


def halfway(con: sqlite3.Connection, table: str, column: str) -> Any | None:
    """Where `column`'s index splits `table` in two halves; None for a small table, or one
    where the column holds NULL (in neither half's range). A count and two index walks,
    ~5 ms at 100,000 cookies."""
    n = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    if n < SPLIT_FROM_ROWS:
        return None
    if con.execute(f"SELECT 1 FROM {table} WHERE {column} IS NULL LIMIT 1").fetchone():
        return None
    row = con.execute(
        f"SELECT {column} FROM {table} ORDER BY {column} LIMIT 1 OFFSET ?", (n // 2,)
    ).fetchone()
    return None if row is None else row[0]


def half_of(table: str, column: str, half: Half | None) -> tuple[str, list[Any]]:
    """The rows of `half` (all of `table` for None) as a subquery, and its argument. SQLite
    flattens it, so a count over it still walks only that range of the index."""
    if half is None:
        return table, []
    start, upper = half
    return f"(SELECT * FROM {table} WHERE {column} {'>=' if upper else '<'} ?)", [start]


def table_columns(con: sqlite3.Connection, table: str) -> list[str]:
    """From a query that returns no row: `PRAGMA table_info` returns a row per column, and
    each step lets go of the interpreter and waits to take it back (up to 4 ms for a
    Firefox table's 16 columns, read in a thread beside imports: `reader.find_ahead`)."""
    return [column[0] for column in con.execute(f"SELECT * FROM {table} LIMIT 0").description]


def meta_version(con: sqlite3.Connection) -> int:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:
        return 0
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_any(column: str, texts: Iterable[str], after: str = "") -> tuple[str, list[str]]:
    """SQL true where `column` holds any of `texts` (somewhere after `after`, when given),
    ignoring ASCII case as LIKE does. The ESCAPE clause only where a text holds a LIKE
    wildcard: every row paid a tenth more for it in a scan of 100,000 cookies."""
    clauses, args = [], []
    prefix = f"{like_escape(after)}%" if after else ""
    for text in texts:
        wildcard = any(c in after + text for c in "\\%_")
        clauses.append(f"{column} LIKE ?" + (" ESCAPE '\\'" if wildcard else ""))
        args.append(f"%{prefix}{like_escape(text)}%")
    return " OR ".join(clauses), args
