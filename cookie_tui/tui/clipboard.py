"""Copying a value to the clipboard in a way that can be confirmed.

OSC 52 (Textual's `copy_to_clipboard`) asks the terminal to do it, and tmux and many
terminals drop that request silently. So the system's own tool goes first, when one is
installed for the session at hand, and the caller says which way was taken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable

_TOOLS: list[tuple[list[str], Callable[[], bool]]] = [
    (["wl-copy"], lambda: bool(os.environ.get("WAYLAND_DISPLAY"))),
    (["xclip", "-selection", "clipboard"], lambda: bool(os.environ.get("DISPLAY"))),
    (["xsel", "--clipboard", "--input"], lambda: bool(os.environ.get("DISPLAY"))),
    (["pbcopy"], lambda: sys.platform == "darwin"),
    (["clip.exe"], lambda: True),  # Windows, and WSL where it bridges to Windows
]


def copy_with_system_tool(text: str) -> str | None:
    """The name of the tool that took `text` (given on stdin, never as an argument), or
    None when no tool is installed for this session or none succeeded."""
    for argv, usable in _TOOLS:
        if not usable() or shutil.which(argv[0]) is None:
            continue
        try:
            done = subprocess.run(
                argv,
                input=text.encode(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=3,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return argv[0]
    return None
