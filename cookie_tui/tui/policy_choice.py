"""Which policy file each site is read with, as the user chose it in this window."""

from __future__ import annotations

from pathlib import Path


class PolicyChoice:
    """`--policy FILE` for every site, unless `p` chose another for one site.

    A choice made with `p` belongs to the site it was made for: the next site opened is
    read with its own policy again. Read from worker threads, written on the UI thread:
    single dict operations, so no lock is needed.
    """

    def __init__(self, default: Path | None = None) -> None:
        self.default = default
        self._chosen: dict[str, Path | None] = {}

    def for_site(self, site: str) -> Path | None:
        """The file to force for `site`; None lets the catalog pick the covering policy."""
        return self._chosen.get(site, self.default)

    def choose(self, site: str, path: Path | None) -> None:
        """Read `site` with `path` from now on; None means its own covering policy."""
        self._chosen[site] = path
