"""The core and the CLI subcommands never import Textual, so `cookie-tui sites` starts light."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

CORE = [
    "cookie_tui.records",
    "cookie_tui.stores.discovery",
    "cookie_tui.stores.sites",
    "cookie_tui.stores.reader",
    "cookie_tui.site_view",
    "cookie_tui.every_site",
    "cookie_tui.changes.deletion",
    "cookie_tui.changes.undo",
    "cookie_tui.export",
    "cookie_tui.policy.classify",
    "cookie_tui.policy.explain",
    "cookie_tui.policy.audit",
    "cookie_tui.cli",
]


def test_core_imports_no_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_subcommand_run_imports_no_textual(tmp_path) -> None:
    code = (
        "import sys\n"
        "from cookie_tui.cli import main\n"
        "main(['sites', '--json'])\n"
        "assert not any(m.startswith('textual') for m in sys.modules), 'textual imported'\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)


def _modules_after_show(store: Path, tmp_path: Path) -> set[str]:
    """The modules a `show --json` of imind.com leaves loaded, on a copy of `store`."""
    copy = tmp_path / "store"
    shutil.copytree(store.parent, copy)
    code = (
        "import sys\n"
        "from cookie_tui.cli import main\n"
        f"argv = ['--store', {str(copy / store.name)!r}, 'show', 'imind.com', '--json']\n"
        "assert main(argv) == 0\n"
        "print(' '.join(sys.modules), file=sys.stderr)\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, text=True)
    assert out.returncode == 0, out.stderr
    return set(out.stderr.strip().splitlines()[-1].split())


def test_showing_a_firefox_site_loads_only_what_it_uses(
    fixture_stores: Path, tmp_path: Path
) -> None:
    """`show` is the command people wait on. On a Firefox store it loads no Chromium code,
    and not `shutil`, which argparse imports to learn the terminal's width, and with it
    zlib, bz2 and lzma (~3 ms; a Chromium store loads it anyway, through pycryptodome)."""
    loaded = _modules_after_show(
        fixture_stores / "firefox" / "x7k2m9qa.default-release" / "cookies.sqlite", tmp_path
    )
    assert not loaded & {"shutil", "cookie_tui.stores.chromium", "cookie_tui.stores.safari"}


def test_showing_a_chromium_site_loads_no_firefox_code(
    fixture_stores: Path, tmp_path: Path
) -> None:
    loaded = _modules_after_show(fixture_stores / "chromium" / "Default" / "Cookies", tmp_path)
    assert not loaded & {"cookie_tui.stores.firefox", "cookie_tui.stores.firefox_session"}


def test_help_is_as_wide_as_the_terminal(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "COLUMNS": "60"}
    out = subprocess.run(
        [sys.executable, "-m", "cookie_tui", "show", "--help"],
        capture_output=True, env=env, text=True, check=True,
    )  # fmt: skip
    lines = out.stdout.splitlines()
    assert max(map(len, lines)) <= 60 < len(" ".join(lines))
    assert any(len(line) > 50 for line in lines)
