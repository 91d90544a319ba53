"""Exports read back as written, for any cookie cookies.txt can carry: Python's own
`MozillaCookieJar` (what yt-dlp and many scripts use) gets the same name, value, domain,
path, secure flag and expiry; JSON gives back `cookie_to_dict` exactly. Values that
cannot be one cookies.txt line (tab, CR, LF) or are unknown are left out, never cut.
"""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime
from http.cookiejar import MozillaCookieJar
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cookie_tui.export import to_json, to_netscape
from cookie_tui.output import cookie_to_dict
from cookie_tui.policy.classify import Classified
from cookie_tui.records import Cookie, Store

STORE = Store("chromium", "chromium", "Default", Path("/p/Default/Cookies"), Path("/p/Default"))
# What one cookies.txt field can hold: no tab, CR or LF, and no leading/trailing blank
# (the jar strips the line). Names must not start with '#' as a host would be a comment.
FIELD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\t\r\n"),
    max_size=40,
).map(str.strip)
LABEL = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12)
HOSTS = st.builds(
    lambda labels, tld, dot: ("." if dot else "") + ".".join([*labels, tld]),
    st.lists(LABEL.filter(lambda s: not s.startswith("-")), min_size=1, max_size=3),
    st.sampled_from(["com", "de", "co.uk", "xn--p1ai"]),
    st.booleans(),
)
PATHS = st.lists(st.text(string.ascii_letters + string.digits + "_-.", min_size=1), max_size=3)
EXPIRY = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(1971, 1, 1),
        max_value=datetime(2300, 1, 1),
        timezones=st.just(UTC),
    ).map(lambda d: d.replace(microsecond=0)),
)


@st.composite
def cookies(draw: st.DrawFn) -> Cookie:
    return Cookie(
        store=STORE,
        host=draw(HOSTS),
        name=draw(FIELD.filter(lambda s: s and not s.startswith("#"))),
        path="/" + "/".join(draw(PATHS)),
        expires=draw(EXPIRY),
        created=None,
        last_accessed=None,
        secure=draw(st.booleans()),
        http_only=draw(st.booleans()),
        same_site=draw(st.sampled_from(["unspecified", "none", "lax", "strict"])),
        partition_key=None,
        container=None,
        key=(),
        value=draw(FIELD),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# one cookie per (domain, path, name), as in a browser: the jar keeps one per key
@given(st.lists(cookies(), min_size=1, max_size=6, unique_by=lambda c: (c.host, c.path, c.name)))
def test_netscape_reads_back_in_mozillacookiejar(
    tmp_path_factory: object, batch: list[Cookie]
) -> None:
    text, left_out = to_netscape(batch)
    assert left_out == []
    path = Path(tmp_path_factory.mktemp("jar")) / "cookies.txt"  # type: ignore[attr-defined]
    path.write_text(text, encoding="utf-8")
    jar = MozillaCookieJar(str(path))
    jar.load(ignore_discard=True, ignore_expires=True)
    got = sorted((c.domain, c.name, c.path, c.value, c.secure, c.expires or None) for c in jar)
    want = sorted(
        (
            c.host,
            c.name,
            c.path,
            c.value,
            c.secure,
            int(c.expires.timestamp()) if c.expires else None,
        )
        for c in batch
    )
    assert got == want


@settings(max_examples=100, deadline=None)
@given(st.lists(cookies(), max_size=6), st.sampled_from(["imind.com", "example.de"]))
def test_json_gives_back_cookie_to_dict(batch: list[Cookie], site: str) -> None:
    items = [Classified(c, f"cat{i}", None, None, False) for i, c in enumerate(batch)]
    doc = json.loads(to_json(items, site))
    assert doc["schema"] == 1 and doc["site"] == site
    want = [
        {
            **cookie_to_dict(c, site=site, reveal=True),
            "category": f"cat{i}",
            "rule": None,
            "shared_with": None,
        }
        for i, c in enumerate(batch)
    ]
    assert doc["cookies"] == want
    assert [c["value"] for c in doc["cookies"]] == [c.value for c in batch]


@given(cookies(), st.sampled_from(["\t", "\r", "\n", "a\tb", "x\r\ny"]), st.booleans())
def test_values_that_break_a_line_are_left_out_not_cut(
    cookie: Cookie, bad: str, unknown: bool
) -> None:
    from dataclasses import replace

    odd = (
        replace(cookie, value=None, decrypt_error="encrypted, cannot decrypt")
        if unknown
        else (replace(cookie, value=(cookie.value or "") + bad))
    )
    fine = replace(cookie, name=cookie.name + "_ok")
    text, left_out = to_netscape([odd, fine])
    assert [c for c, _why in left_out] == [odd]
    lines = [line for line in text.splitlines() if line and not line.startswith("# ")]
    assert len(lines) == 1  # only the good cookie, on one whole line
    assert lines[0].split("\t")[5] == fine.name
