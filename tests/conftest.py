"""Shared fixtures. Keep this file small: each fixture here is used by many test files."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURE_STORES = Path(__file__).parent / "fixtures" / "stores"


@pytest.fixture
def fixture_stores() -> Path:
    """`tests/fixtures/stores`: stores written by real browsers (see fixtures/generate.py)."""
    return FIXTURE_STORES


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever sees the machine's own HOME, browser profiles or XDG folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "run"))


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temp folder with a short path, for the real-browser tests: Chromium's singleton
    socket path must stay short, and pytest's tmp_path is too long."""
    path = Path(tempfile.mkdtemp(prefix="ctb-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
