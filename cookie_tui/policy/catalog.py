"""Which policies apply to a site: the user's own, the shipped ones, and the common fallback.

Order of precedence for the site policy: `--policy FILE`; else a user policy (in
`user_policy_dir()`) whose `sites` cover the site; else a shipped one. A policy covers a
site listed in `sites` and its subdomains; the most specific listing wins. The fallback
is the user's own `sites: ['*']` policy if there is one, else the shipped `common.yaml`.

A user policy with `extends: shipped` replaces nothing: its rules are matched first and
the shipped policy for the same sites (for a `*` policy, `common.yaml`) still applies
after it. This is what cookie-tui writes itself (`policy/authoring.py`), so a rule added
from the app can never hide the shipped policy by accident.

Loaded files are cached by path, size and modification time, in memory and (valid ones)
on disk by `policy_cache`, so asking again is cheap and an edited file is read again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

from ..errors import PolicyError
from ..paths import user_policy_dir
from . import cache as policy_cache
from .model import ALL_SITES, Policy, PolicyAnalysis, site_coverage

COMMON_FILE = "common.yaml"
_SUFFIXES = (".yaml", ".yml")
_cache: dict[Path, tuple[tuple[int, int], PolicyAnalysis]] = {}


@cache
def shipped_policy_dir() -> Path:
    """`shipped_policies` inside an installed wheel, else the repository's `policies/`."""
    package = Path(__file__).parent.parent
    packaged = package / "shipped_policies"
    if packaged.is_dir():
        return packaged
    return package.parent / "policies"


@cache
def _common_path() -> Path:
    return shipped_policy_dir() / COMMON_FILE


@lru_cache(maxsize=256)
def display_path(path: Path) -> str:
    """`policies/imind.yaml` for a shipped policy, `~/…` for a user's: short and stable."""
    try:
        return f"policies/{path.relative_to(shipped_policy_dir()).as_posix()}"
    except ValueError:
        pass
    try:
        return f"~/{path.relative_to(Path.home()).as_posix()}"
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class PolicySet:
    """The policies classifying one site, in match order: the user's extension for the
    site, the site's own policy, the user's extension for every site, the common policy.
    The Open Cookie Database (`vendors.py`) is asked after all of them."""

    site_policy: Policy | None
    """The policy written for the site: `--policy`, a user's replacement, or the shipped one."""
    common: Policy | None
    extension: Policy | None = None
    """The user's `extends: shipped` policy for this site."""
    user_fallback: Policy | None = None
    """The user's `extends: shipped` policy for every site."""
    skipped: tuple[PolicyError, ...] = ()
    """Files of the policy folders left out (not a file, unreadable, broken for other
    sites): said once as notices, never blocking this site."""

    @property
    def policies(self) -> tuple[Policy, ...]:
        """In match order: a cookie goes to the first rule that matches."""
        order = (self.extension, self.site_policy, self.user_fallback, self.common)
        return tuple(p for p in order if p is not None)

    @property
    def site_policies(self) -> tuple[Policy, ...]:
        """What the site's own policy is made of: the user's extension, then the policy."""
        return tuple(p for p in (self.extension, self.site_policy) if p is not None)

    def source(self, policy: Policy | None) -> str:
        """Where a matching rule came from, in the words `explain` uses."""
        if policy is None:
            return "none: no policy has a rule for it and the Open Cookie Database lacks it"
        mine = policy.path.parent == _user_dir()
        if policy is self.extension or policy is self.site_policy:
            words = "your own policy for this site" if mine else "the site's own policy"
        elif policy is self.user_fallback or policy is self.common:
            words = "your own policy for every site" if mine else "the common policy"
        else:
            return f"the {policy.name}, after every policy"
        return f"{words} ({policy.name})"


def _parse(path: Path) -> PolicyAnalysis:
    from .loader import analyse_policy  # PyYAML: only when no cache can answer

    return analyse_policy(path)


_Listing = tuple[list[Path], list[PolicyError]]
_T = TypeVar("_T")


@dataclass(slots=True)
class _AtOnce:
    """While `at_once()` holds: folder listings, file analyses and the user's policy folder
    (which reads the environment each time), each made only once."""

    user_dir: Path
    listings: dict[Path, _Listing] = field(default_factory=dict)
    analyses: dict[Path, PolicyAnalysis] = field(default_factory=dict)


_at_once: _AtOnce | None = None


@contextmanager
def at_once() -> Iterator[None]:
    """Many sites asked in a row (a view across every site): each folder is listed and each
    file's status read once, not once per site (5,000 sites, a second)."""
    global _at_once
    outer, _at_once = _at_once, _AtOnce(user_policy_dir())
    try:
        yield
    finally:
        _at_once = outer


def _user_dir() -> Path:
    return user_policy_dir() if _at_once is None else _at_once.user_dir


def _once(seen: dict[Path, _T] | None, path: Path, make: Callable[[Path], _T]) -> _T:
    """`make(path)`, remembered in `seen` (while `at_once()` holds, else None)."""
    if seen is None:
        return make(path)
    if path not in seen:
        seen[path] = make(path)
    return seen[path]


def _analysis(path: Path) -> PolicyAnalysis:
    return _once(_at_once.analyses if _at_once else None, path, _analysis_now)


def _analysis_now(path: Path) -> PolicyAnalysis:
    try:
        stat = path.stat()
    except OSError:
        return _parse(path)
    key = (stat.st_size, stat.st_mtime_ns)
    cached = _cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    policy = policy_cache.load(path, stat)
    if policy is not None:
        result = PolicyAnalysis(policy, [], policy.sites)
    else:
        result = _parse(path)
        if result.policy is not None:
            policy_cache.save(path, stat, result.policy)
    _cache[path] = (key, result)
    return result


def _files(directory: Path) -> _Listing:
    """The folder's policy files, and a notice for each `*.yaml` that is no regular file
    (a FIFO would hang the reader, a dangling link or a folder cannot be read)."""
    return _once(_at_once.listings if _at_once else None, directory, _files_now)


def _files_now(directory: Path) -> _Listing:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return [], []
    files, skipped = [], []
    for entry in entries:
        if not entry.name.endswith(_SUFFIXES) or entry.name.startswith("."):
            continue
        if entry.is_file():
            files.append(Path(entry.path))
        else:
            what = "a dangling link" if entry.is_symlink() else "not a regular file"
            skipped.append(PolicyError(entry.path, None, None, f"{what}: skipped"))
    return files, skipped


def _best_for(site: str, directory: Path, skipped: list[PolicyError]) -> Policy | None:
    """The most specific policy of `directory` for `site`. A broken file that covers the
    site raises its first error; one for other sites, or whose `sites` cannot even be
    read, is skipped with a notice: it must not block every other site."""
    best: tuple[int, Policy] | None = None
    files, unusable = _files(directory)
    skipped += unusable
    for path in files:
        result = _analysis(path)
        if result.policy is None:
            if result.sites is not None and site_coverage(result.sites, site):
                raise result.errors[0]
            skipped.append(result.errors[0])
            continue
        score = site_coverage(result.policy.sites, site)
        if score and (best is None or score > best[0]):
            best = (score, result.policy)
    return best[1] if best else None


def _user_fallback(skipped: list[PolicyError]) -> Policy | None:
    """The user's own `sites: ['*']` policy; raises when such a file is broken (it would
    classify every site)."""
    files, _unusable = _files(_user_dir())  # said by `_best_for`
    for path in files:
        result = _analysis(path)
        if result.policy is None and result.sites and ALL_SITES in result.sites:
            raise result.errors[0]
        if result.policy is not None and result.policy.is_fallback:
            return result.policy
    return None


def _shipped_common() -> Policy | None:
    path = _common_path()
    listed = path in _files(shipped_policy_dir())[0]  # one listing at once, not a stat a site
    return load_cached(path) if listed else None


def load_cached(path: Path) -> Policy:
    """The policy in `path` (cached); raises its first `PolicyError`."""
    result = _analysis(path)
    if result.policy is None:
        raise result.errors[0]
    return result.policy


def policy_set_for(site: str, forced: Path | None = None) -> PolicySet:
    """The site's policies and the fallbacks (module doc); raises `PolicyError` for a
    broken file that would apply (the forced one, a user policy for this site, or the
    user's fallback). Unusable files for other sites are in `PolicySet.skipped`."""
    site = site.strip(".").lower()
    skipped: list[PolicyError] = []
    user_fallback = _user_fallback(skipped)
    common = _shipped_common()
    if user_fallback is not None and not user_fallback.extends:
        common, user_fallback = user_fallback, None
    extension: Policy | None = None
    if forced is not None:
        own: Policy | None = load_cached(forced)
    else:
        own = _best_for(site, _user_dir(), skipped)
        if own is not None and own.extends:
            extension, own = own, None
        own = own or _best_for(site, shipped_policy_dir(), skipped)
    if own is not None and common is not None and own.path.resolve() == common.path.resolve():
        common = None
    return PolicySet(own, common, extension, user_fallback, tuple(skipped))


def all_policies() -> list[Policy]:
    """Every policy that loads, the user's first, each directory by file name; broken
    files are left out (`cookie-tui policy check` shows why)."""
    out = []
    for directory in (user_policy_dir(), shipped_policy_dir()):
        for path in _files(directory)[0]:
            policy = _analysis(path).policy
            if policy is not None:
                out.append(policy)
    return out


def covered_sites() -> set[str]:
    """Every site some policy names explicitly (fallbacks excluded)."""
    return {site for p in all_policies() for site in p.sites if site != ALL_SITES}
