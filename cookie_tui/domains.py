"""Host names to sites: the registrable domain (eTLD+1) by the Public Suffix List."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from .errors import UsageError
from .public_suffix import public_suffix, registrable_domain, registrable_domains


def normalize_host(host: str) -> str:
    """Lower case, no leading or trailing dot, no IPv6 brackets, IDN as punycode."""
    host = host.strip().strip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1].strip(".")
    if host and not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host


def is_ip(host: str) -> bool:
    if not host or (":" not in host and not host[-1].isdigit()):
        return False  # every IPv4 address ends in a digit, every IPv6 one has a colon
    import ipaddress  # here: most hosts never get this far

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def site_of(host: str) -> str:
    """The registrable domain a host belongs to; IPs, `localhost` and bare names stand alone."""
    host = normalize_host(host)
    if not host or is_ip(host) or "." not in host or ".." in host:
        return host
    return registrable_domain(host)


_sites_known: dict[str, str] = {}
"""Every host's site found so far in this process: the app lists the sites (a walk of
each host), then counts every cookie by site, which walked the same 26,000 hosts again
(~0.1 s). A host's site never changes while the process runs."""


def sites_of(hosts: Iterable[str]) -> Mapping[str, str]:
    """`site_of` for many hosts at once (the mapping may hold other hosts too): plain ASCII
    names (nearly all) go straight to the Public Suffix walk, anything unusual (IDN, IP,
    brackets, odd dots) through `site_of` itself. Six calls per host were a third of
    listing 26,000 hosts."""
    known = _sites_known
    if not known:
        known.update(registrable_domains(hosts, site_of))
        return known
    new = [host for host in hosts if host not in known]
    if new:
        known.update(registrable_domains(new, site_of))
    return known


def walked_sites() -> dict[str, str]:
    """Every host's site found so far in this process."""
    return dict(_sites_known)


def remember_sites(walked: Mapping[str, str]) -> None:
    """Sites another process found (`walked_sites` there): the app's first list is made in
    a child at launch, and its census would walk the same hosts again (~50 ms at 100,000
    cookies)."""
    _sites_known.update(walked)


def host_in_site(host: str, site: str) -> bool:
    """True when `host` is `site` or a subdomain of it (exact, never a substring match);
    an IP address has no subdomains, so it matches itself only."""
    host = normalize_host(host)
    return host == site or (host.endswith("." + site) and not is_ip(site))


def host_matcher(sites: list[str]) -> Callable[[str], bool]:
    """A fast `host_in_site` for many hosts against a few sites (one suffix test each)."""
    exact = frozenset(sites)
    dotted = tuple("." + s for s in sites if not is_ip(s))

    def matches(host: str) -> bool:
        # the same spelling rules as `host_in_site`: `[::1]`, `bücher.de`, `www.imind.com.`
        host = normalize_host(host)
        return host in exact or host.endswith(dotted)

    return matches


def mentioning(texts: Iterable[str], sites: list[str]) -> list[str]:
    """The texts that may name a host of `sites`: a superset, by a substring test that runs
    in C, for callers to confirm exactly. Normalizing each of a large store's 26,000 hosts
    to compare them exactly cost 90 ms; this leaves a handful. Non-ASCII text always stays
    (its punycode form is not a substring of it)."""
    texts = list(texts)
    found = dict.fromkeys([t for t in texts if not t.isascii()])
    lowered = [(t.lower(), t) for t in texts]
    for site in sites:
        found.update(dict.fromkeys([t for low, t in lowered if site in low]))
    return list(found)


def host_spellings(site: str) -> list[str]:
    """The ways a store may write a site's host besides `site`: an IPv6 address in brackets,
    an IDN in Unicode rather than punycode. Upper case and a trailing dot are left to the
    caller's comparison."""
    out = [site]
    if ":" in site:
        out.append(f"[{site}]")
    if "xn--" in site:
        with contextlib.suppress(UnicodeError):
            out.append(site.encode("ascii").decode("idna"))
    return out


def partition_site(partition_key: str | None) -> str | None:
    """`https://imind.com` (or `https://imind.com:443`) to `imind.com`.

    Both browsers key partitions by *site* (Chromium's SchemefulSite, Firefox's
    partitionKey), already a registrable domain, so no Public Suffix lookup is needed."""
    if not partition_key:
        return None
    rest = partition_key.split("://", 1)[-1]
    host = rest.split("/", 1)[0]
    if host.startswith("["):
        host = host.split("]", 1)[0] + "]"
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return normalize_host(host)


def suffix_problem(host: str) -> str | None:
    """Why a normalized host cannot stand for one site (it is a public suffix such as
    `com`, `co.uk` or `github.io`, shared by unrelated sites), or None when it can."""
    if host == "localhost" or is_ip(host) or ("." in host and public_suffix(host) != host):
        return None
    return (
        f"`{host}` is a public suffix, shared by unrelated sites: name one site under it, "
        f"e.g. `example.{host}`"
    )


def parse_site(text: str) -> str:
    """The site a user typed (`imind.com`, `www.imind.com`, `https://imind.com/x`, an IP
    address, `localhost`): its registrable domain, for an exact match. A public suffix
    or a number that is no IP address (`0.0.1`) is a UsageError naming what was expected."""
    host = text.strip().removeprefix("https://").removeprefix("http://").split("/")[0]
    site = normalize_host(host)
    expected = "a site such as `example.com`, a host under one, an IP address or `localhost`"
    # a name IDNA cannot spell in ASCII is no domain: an empty label, or bytes that were
    # not text on the command line (kept as lone surrogates, which no lookup can encode)
    if not site or not site.isascii() or any(ch.isspace() or ch in "[]/\\@%*?#" for ch in site):
        raise UsageError(f"not a site: {text!r}; expected {expected}")
    if is_ip(site) or site == "localhost":
        return site
    if site.rsplit(".", 1)[-1].isdigit():
        raise UsageError(f"{text!r} is neither a domain nor an IP address; expected {expected}")
    problem = suffix_problem(site)
    if problem is not None:
        raise UsageError(problem)
    return registrable_domain(site)
