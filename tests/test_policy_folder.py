"""Whatever lies in the user's policy folder, a site whose policy is fine still opens:
files that are no regular file, unreadable or broken for other sites are skipped with one
notice each, naming them; only a broken policy for this very site stops it."""

from __future__ import annotations

import os
import subprocess
import sys

from cookie_tui.paths import user_policy_dir

OTHER_SITE = """name: Other
sites: [example.org]
categories:
  - id: x
    title: X
    description: x
    cookies: [{name: a, domian: example.org}]
"""


def show(*argv: str) -> subprocess.CompletedProcess[str]:
    """In a child with a deadline: a FIFO would hang a reader that opened it."""
    return subprocess.run(
        [sys.executable, "-m", "cookie_tui", "--demo", "show", "imind.com", *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unusable_files_are_skipped_with_one_notice_each_and_the_site_opens() -> None:
    folder = user_policy_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "fifo.yaml")
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "latin1.yaml").write_bytes(b"name: caf\xe9\n")
    (folder / "other.yaml").write_text(OTHER_SITE)
    done = show()
    assert done.returncode == 0, done.stderr
    assert "Google Analytics (analytics)" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 5, warnings
    for name, why in [
        ("fifo.yaml", "not a regular file: skipped"),
        ("gone.yaml", "a dangling link: skipped"),
        ("folder.yaml", "not a regular file: skipped"),
        ("latin1.yaml", "the file is not UTF-8 text"),
        ("other.yaml", "unknown key `domian`"),
    ]:
        assert any(str(folder / name) in w and why in w for w in warnings), (name, warnings)


def test_a_broken_policy_for_this_very_site_stops_it_with_its_place() -> None:
    folder = user_policy_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(OTHER_SITE.replace("example.org", "imind.com"))
    done = show()
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"cookie-tui: {folder / 'mine.yaml'}:7:25: unknown key `domian` in a cookie rule: "
        "did you mean `domain`?"
    )
