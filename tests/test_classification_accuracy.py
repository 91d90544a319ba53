"""Measured on cookies documented by their vendors (`tests/data/vendor_cookies.csv`, from
vendors' own pages, not from the Open Cookie Database): at least 95 % in the class the
vendor documents, and no necessary cookie (session, CSRF, load balancing, consent record)
filed as analytics or marketing, the error that signs a user out when they delete
"marketing". CLASSIFICATION.md reports the same numbers, checked here."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from cookie_tui.domains import site_of
from cookie_tui.policy.catalog import PolicySet, policy_set_for
from cookie_tui.policy.classify import classify
from cookie_tui.records import Cookie, Store

ROOT = Path(__file__).parent.parent
LABELLED = Path(__file__).parent / "data" / "vendor_cookies.csv"
CLASSES = ("necessary", "preferences", "analytics", "marketing")
STORE = Store("chromium", "chromium", "P", Path("/nonexistent/Cookies"), Path("/nonexistent"))


def labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(line for line in stream if not line.startswith("#")))


def classified(rows: list[dict[str, str]], shipped: bool) -> list[str]:
    """Each cookie's category as a user with no policy of their own gets it: the shipped
    policies and the database (`shipped`), or the database alone."""
    out = []
    for i, row in enumerate(rows):
        site = site_of(row["host"])
        cookie = Cookie(
            STORE, row["host"], row["name"], "/", None, None, None, False, False,
            "unspecified", None, None, (("row", i),),
        )  # fmt: skip
        policy_set = policy_set_for(site) if shipped else PolicySet(None, None)
        (item,) = [i for g in classify([cookie], site, policy_set) for i in g.cookies]
        out.append(item.category_id)
    return out


def test_the_labelled_set_is_well_formed() -> None:
    rows = labelled()
    assert len(rows) >= 150
    assert {r["class"] for r in rows} == set(CLASSES)
    assert all(r["source"].startswith("https://") and r["vendor"] for r in rows)
    keys = [(r["name"], r["host"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert not any("open-cookie-database" in r["source"].lower() for r in rows)


def test_at_least_95_percent_land_in_the_class_their_vendor_documents() -> None:
    rows = labelled()
    got = classified(rows, shipped=True)
    right = sum(g == r["class"] for g, r in zip(got, rows, strict=True))
    assert right / len(rows) >= 0.95


def test_no_necessary_cookie_is_filed_as_analytics_or_marketing() -> None:
    rows = labelled()
    got = classified(rows, shipped=True)
    wrong = [
        (r["name"], r["host"], g)
        for g, r in zip(got, rows, strict=True)
        if r["class"] == "necessary" and g in ("analytics", "marketing")
    ]
    assert wrong == []


def table(rows: list[dict[str, str]], got: list[str]) -> dict[str, tuple[int, int]]:
    total, right = Counter(), Counter()
    for g, r in zip(got, rows, strict=True):
        for key in (r["class"], "all"):
            total[key] += 1
            right[key] += g == r["class"]
    return {k: (total[k], right[k]) for k in total}


@pytest.mark.parametrize("column, shipped", [(2, True), (3, False)], ids=["shipped", "alone"])
def test_classification_md_reports_the_measured_numbers(column: int, shipped: bool) -> None:
    rows = labelled()
    measured = table(rows, classified(rows, shipped))
    report = (ROOT / "CLASSIFICATION.md").read_text()
    lines = re.findall(
        r"^\| (\w+) \| (\d+) \| (\d+) \([\d.]+ %\) \| (\d+) \([\d.]+ %\) \|$", report, re.M
    )
    written = {cls: (int(n), int(cols[column - 2])) for cls, n, *cols in lines}
    assert written == measured
