"""The least any Textual app pays for what the TUI targets time, printed as JSON.

Usage: tui_floor.py ROWS SITE_ROWS

A bare app (a header, one `DataTable` of ROWS rows, a footer) is launched headless at the
probe's size, and timed from process spawn until its table is painted; then a bare screen
(a header, a line of text, a `DataTable` of SITE_ROWS rows, a footer) is pushed, and timed
until it is painted. "Painted" is what `tui_probe.py` waits for. No store is read and
nothing is computed: the floor of the TUI targets, measured in the same rounds.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import ClassVar

T_START = time.monotonic()

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import BindingType  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable, Footer, Header, Static  # noqa: E402


def table(columns: tuple[str, ...], rows: int) -> DataTable:
    widget: DataTable = DataTable()
    widget.add_columns(*columns)
    widget.add_rows([(f"site{i}.example", str(i), "x" * 20)[: len(columns)] for i in range(rows)])
    return widget


class BareScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen", "Back")]

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("site.example")
        yield table(("name", "host", "value"), self.rows)
        yield Footer()


class BareApp(App):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield table(("site", "cookies", "stores"), self.rows)
        yield Footer()


async def painted(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot._wait_for_screen()
    app.screen._on_timer_update()


async def main(rows: int, site_rows: int) -> dict[str, float]:
    app = BareApp(rows)
    async with app.run_test(size=(140, 45)) as pilot:
        await painted(app, pilot)
        out = {"t_start": T_START, "t_filled": time.monotonic()}
        out["t_push"] = time.monotonic()
        app.push_screen(BareScreen(site_rows))
        while not isinstance(app.screen, BareScreen):
            await asyncio.sleep(0)
        await painted(app, pilot)
        out["t_pushed_painted"] = time.monotonic()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))))
