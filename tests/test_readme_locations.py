"""README's table of browser folders is the list discovery uses: it cannot promise a folder
that is never looked in, nor leave one out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cookie_tui.stores.discovery import BROWSERS, SAFARI_COOKIES

README = Path(__file__).parent.parent / "README.md"


def cell(paths: Iterable[str]) -> str:
    return "<br>".join(f"`{p}`" for p in paths) or "–"


def linux(rel: str) -> str:
    return rel if rel.startswith("~/") else f"~/.config/{rel}"


def mac(rel: str) -> str:
    return rel if rel.startswith("~/") else f"~/Library/Application Support/{rel}"


def windows(rel: str) -> str:
    base, _, rest = (
        rel.partition("/") if rel.startswith("%APPDATA%/") else ("%LOCALAPPDATA%", "", rel)
    )
    return base + "\\" + rest.replace("/", "\\")


def table() -> str:
    rows = [
        "| Browser | Linux | macOS | Windows |",
        "| --- | --- | --- | --- |",
        *(
            f"| {k.id} | {cell(map(linux, k.linux))} | {cell(map(mac, k.mac))} "
            f"| {cell(map(windows, k.windows))} |"
            for k in BROWSERS
        ),
        f"| safari | – | {cell(f'~/{rel}' for rel in SAFARI_COOKIES)} | – |",
    ]
    return "\n".join(rows)


def test_readme_lists_every_folder_discovery_looks_in() -> None:
    expected = table()
    assert expected in README.read_text(encoding="utf-8"), (
        "README's 'Where cookie-tui looks' table is out of date; it should read:\n" + expected
    )
