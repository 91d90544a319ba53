from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cookie_tui.domains import host_in_site, normalize_host, partition_site, site_of, sites_of


@pytest.mark.parametrize(
    ("host", "site"),
    [
        (".imind.com", "imind.com"),
        ("www.imind.com", "imind.com"),
        ("WWW.IMIND.COM.", "imind.com"),
        ("a.b.example.co.uk", "example.co.uk"),
        ("user.github.io", "user.github.io"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("localhost", "localhost"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("www.xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("intranet.corp.test", "corp.test"),
    ],
)
def test_site_of(host: str, site: str) -> None:
    assert site_of(host) == site


def test_subdomain_match_is_exact_not_substring() -> None:
    assert host_in_site(".imind.com", "imind.com")
    assert host_in_site("app.imind.com", "imind.com")
    assert not host_in_site("notimind.com", "imind.com")
    assert not host_in_site("imind.com.evil.net", "imind.com")


def test_partition_site() -> None:
    assert partition_site("https://imind.com") == "imind.com"
    assert partition_site("https://imind.com:8443") == "imind.com"
    assert partition_site("https://[::1]") == "::1"
    assert partition_site(None) is None


hosts = st.text(alphabet="abcXYZ09.-_[]:ü", min_size=0, max_size=40)


@given(hosts)
def test_site_of_never_raises_and_is_normalized(host: str) -> None:
    site = site_of(host)
    assert site == site.lower()
    assert not site.startswith(".")


@given(hosts)
def test_a_host_belongs_to_its_own_site(host: str) -> None:
    norm = normalize_host(host)
    site = site_of(host)
    if norm and site:
        assert host_in_site(host, site) or not norm.endswith(site)


labels = st.sampled_from(["www", "a", "shop", "city", "kawasaki", "b", "blogspot", "github", "co"])
tlds = st.sampled_from(["com", "co.uk", "jp", "io", "ck", "br", "nom.br", "de", "xn--p1ai", "test"])


@functools.cache
def reference_list() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


@given(st.lists(labels, min_size=1, max_size=4), tlds)
def test_registrable_domain_agrees_with_publicsuffixlist(parts: list[str], tld: str) -> None:
    """Our set walk against the package's own parser of the same list."""
    host = ".".join([*parts, tld])
    registrable = reference_list().privatesuffix(host)
    assert site_of(host) == (registrable or host)


def rule_names(kinds: tuple[str, ...] = ("",)) -> set[str]:
    """The shipped list's ASCII rules starting with one of `kinds` ("" is any) as names,
    alone and with labels in front."""
    from cookie_tui.public_suffix import list_file

    names = set()
    for line in list_file().read_text(encoding="utf-8").splitlines():
        rule = line.split(maxsplit=1)[0] if line.strip() else "//"
        base = rule.removeprefix("!").removeprefix("*.")
        if rule.startswith("//") or not base.isascii() or not rule.startswith(kinds):
            continue
        names.update(f"{front}{base}" for front in ("", "a.", "b.a.", "www.b.a."))
    return names


def test_a_single_name_answered_from_the_files_text_agrees_with_publicsuffixlist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command about one site looks rules up in the file's text, never building the
    dict: under every wildcard and exception rule and a sample of the plain ones."""
    from cookie_tui import public_suffix

    monkeypatch.setattr(public_suffix, "_SETS_AFTER", 10**9)
    public_suffix.rules.cache_clear()
    try:
        names = sorted(rule_names(("*.", "!"))) + sorted(rule_names())[::100]
        expected = {n: reference_list().privatesuffix(n) or n for n in names}
        assert {n: public_suffix.registrable_domain(n) for n in names} == expected
        assert public_suffix.rules().marked is None
    finally:
        public_suffix.rules.cache_clear()


def test_the_bulk_walk_agrees_with_publicsuffixlist_under_every_rule() -> None:
    """Under every rule of the list (plain, wildcard, exception, private), the rule itself
    and with labels added in front, both walks give what the package's own parser gives:
    the one for many names at once (from the TLD leftward) and the one for a single name.
    A wildcard's parent (`rds.amazonaws.com` for `*.rds.amazonaws.com`) is a suffix too."""
    from cookie_tui.public_suffix import registrable_domain, registrable_domains

    names = rule_names()
    reference = reference_list()
    expected = {name: reference.privatesuffix(name) or name for name in names}
    assert len(names) > 20_000
    assert registrable_domains(names, unusual=registrable_domain) == expected
    assert {name: registrable_domain(name) for name in names} == expected  # one at a time


def test_hosts_all_plain_are_answered_together_but_an_address_or_bare_name_alone() -> None:
    """A store whose hosts are all dotted ASCII names (as nearly every store is) has them
    answered from their joined text at once: under every rule, spelled with a leading dot
    too. An IPv4 address among them, or a bare name, is still answered as itself."""
    from cookie_tui.public_suffix import registrable_domains

    reference = reference_list()
    names = {name for name in rule_names() if "xn--" not in name and "." in name}
    expected = {name: reference.privatesuffix(name) or name for name in names}
    expected |= {f".{name}": site for name, site in expected.items()}
    expected |= {"127.0.0.1": "127.0.0.1", "10.1.2.30": "10.1.2.30"}
    assert registrable_domains(expected, unusual=site_of) == expected
    expected["localhost"] = "localhost"
    assert registrable_domains(expected, unusual=site_of) == expected


psl_hosts = st.builds(
    lambda parts, tld, dot: ("." if dot else "") + ".".join([*parts, tld]),
    st.lists(labels, min_size=0, max_size=4),
    tlds,
    st.booleans(),
)


@given(st.lists(st.one_of(hosts, psl_hosts), max_size=30))
def test_sites_of_many_hosts_is_site_of_each(many: list[str]) -> None:
    """The batch used to list a store's sites takes a shortcut for plain names; it must
    give exactly what `site_of` gives, host by host, odd spellings and PSL rules included."""
    found = sites_of(many)
    assert {host: found[host] for host in many} == {host: site_of(host) for host in many}


def test_sites_of_hosts_walked_before_are_the_same() -> None:
    """The app lists sites, then counts by site: the second walk takes the first's answers
    for the hosts it had, and walks only the new ones."""
    first = ["www.imind.com", ".imind.com", "a.b.example.co.uk"]
    then = [*first, ".bücher.de", "127.0.0.1", "x.github.io", ".shop.example.com."]
    assert dict(sites_of(first)).items() >= {h: site_of(h) for h in first}.items()
    found = sites_of(then)
    assert {h: found[h] for h in then} == {h: site_of(h) for h in then}


def test_the_list_read_is_the_one_publicsuffixlist_ships() -> None:
    from publicsuffixlist import PSLFILE

    from cookie_tui.public_suffix import list_file

    assert list_file().samefile(PSLFILE)


def test_the_shipped_list_writes_every_rule_in_lower_case() -> None:
    """The list is looked up as written, without lowering its text: a capital in a rule
    would make a suffix unknown, so a new list with one fails here first."""
    from cookie_tui.public_suffix import list_file

    rules = [
        line.split(maxsplit=1)[0]
        for line in list_file().read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("//")
    ]
    assert len(rules) > 5000
    assert [r for r in rules if r != r.lower()] == []
    lines = list_file().read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("//") and line.split() != [line]] == [
        line for line in lines if not line.strip()
    ]  # a rule alone on its line: the text is searched for "\n" + rule + "\n"
