"""`bench/run.py --quick` still runs: the benchmark is not a test, this keeps it working."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_prints_its_table() -> None:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--no-write"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "Medians (whole process, wall time)" in out
    assert "cookie-tui sites --json" in out
    assert "browser-cookie3 full load" in out
    # timed when the `bench` extra is installed, else listed as not installed
    assert "rookiepy full load" in out
    assert "rookiepy load" in out
    assert "yt-dlp full load" in out
    assert "Firefox: cookie-tui show" in out
    assert "Values each baseline decrypted" in out
    assert "sqlite3 GROUP BY host" in out
    assert "Ratios" in out
    assert "Targets (at 1,000 cookies)" in out
    assert "TUI floor: a bare Textual app's launch" in out
    assert time.monotonic() - start < 60
