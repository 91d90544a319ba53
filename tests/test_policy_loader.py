"""Every kind of policy mistake is reported at its exact place, with a fix to apply."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from cookie_tui import yaml_files
from cookie_tui.errors import PolicyError
from cookie_tui.policy import loader as policy_loader
from cookie_tui.policy.catalog import shipped_policy_dir
from cookie_tui.policy.loader import (
    CATEGORY_KEYS,
    CATEGORY_REQUIRED,
    RULE_KEYS,
    RULE_REQUIRED,
    TOP_KEYS,
    TOP_REQUIRED,
    check_policy,
    load_policy,
    parse_retention,
    regex_problem,
)

BROKEN = Path(__file__).parent / "policies_broken"
SCHEMA = Path(policy_loader.__file__).parent / "schema.json"
RETENTION_HINT = "write `session` or an amount with a unit, e.g. `90 days`, `13 months`, `2 years`"
NAME_HINT = "write the cookie's name, a glob like `_ga_*` or a regex like `re:^_ga_[A-Z0-9]+$`"

# file, line, column, message: every error the file must produce, in order.
EXPECTED: list[tuple[str, int, int, str]] = [
    ("bad_date.yaml", 3, 10, "`updated` 2024-13-01 is not a real date: `updated: 2024-05-31`"),
    (
        "bad_class.yaml",
        7,
        12,
        "`class` is one of `necessary`, `preferences`, `analytics`, `marketing`, not "
        "`advertising`: did you mean `marketing`?",
    ),
    (
        "bad_class.yaml",
        13,
        12,
        "category `login` is `class: preferences` but `necessary: true`: a category is "
        "necessary exactly when its class is `necessary`",
    ),
    (
        "bad_domain.yaml",
        8,
        28,
        "domain `face book.com`: it is not a valid host name: write a host like `.facebook.com`",
    ),
    (
        "bad_id.yaml",
        4,
        9,
        "category id `Site Prefs` is not valid: use at most 40 lower-case letters, digits, "
        "`-` and `_`, starting with a letter, e.g. `site_prefs`",
    ),
    (
        "bad_path.yaml",
        8,
        27,
        "path `account` can never match: write a path that starts with `/` and holds no `;` "
        "or whitespace, e.g. `/account`",
    ),
    (
        "bad_regex.yaml",
        8,
        9,
        "the regex `^_ga_[A-Z0-9+$` is not valid: unterminated character set at position 5: "
        "e.g. `re:^_ga_[A-Z0-9]+$`",
    ),
    ("bad_retention.yaml", 7, 16, f"retention `forever` is not understood: {RETENTION_HINT}"),
    (
        "bad_url.yaml",
        3,
        9,
        "`source` must be a web address starting with https://, not `example.com/cookies`",
    ),
    (
        "bad_url.yaml",
        8,
        18,
        "`privacy_url` must be a web address starting with https://, not `policies.google.com`",
    ),
    (
        "categories_not_list.yaml",
        4,
        3,
        "`categories` must be a list, not a mapping: start each category with `- id: ...` "
        "under `categories:`",
    ),
    ("control_char.yaml", 1, 13, "not valid YAML: special characters are not allowed (#x0001)"),
    ("deep_nesting.yaml", 1, 38, "nested more than 32 levels deep: too deep for a policy"),
    (
        "duplicate_ids.yaml",
        8,
        9,
        "category id `analytics` is already used at line 4: ids must be unique",
    ),
    (
        "duplicate_key.yaml",
        3,
        1,
        "duplicate key `name` (first at line 1): YAML would keep only the last one; "
        "remove one of them",
    ),
    (
        "duplicate_rule.yaml",
        11,
        24,
        "this rule repeats the one at line 7 (category analytics): the first matching rule "
        "wins, so this one never applies; remove it",
    ),
    ("empty.yaml", 1, 1, "the file is empty: a policy needs `name`, `sites` and `categories`"),
    ("empty_name.yaml", 8, 15, f"the cookie name is empty: {NAME_HINT}"),
    (
        "long_regex.yaml",
        8,
        9,
        "the regex is 210 characters long, more than 200: split it into several rules or use "
        "a glob",
    ),
    ("many_errors.yaml", 1, 7, '`name` must be text, not a number: quote it, `name: "42"`'),
    (
        "many_errors.yaml",
        5,
        5,
        "unknown key `titel` in category `analytics`: did you mean `title`?",
    ),
    ("many_errors.yaml", 7, 16, "`necessary` must be true or false, not `maybe`"),
    (
        "many_errors.yaml",
        9,
        32,
        f"retention `2 yeers` has an unknown unit `yeers`: {RETENTION_HINT}",
    ),
    ("many_errors.yaml", 10, 10, "unknown key `nmae` in a cookie rule: did you mean `name`?"),
    (
        "missing_category_keys.yaml",
        4,
        5,
        "category `analytics` has no `title`: add `title: Analytics`",
    ),
    (
        "missing_category_keys.yaml",
        4,
        5,
        "category `analytics` has no `description`: add `description: what these cookies are for`",
    ),
    ("missing_top.yaml", 1, 1, "the policy has no `sites`: add `sites: [example.com]`"),
    (
        "name_number.yaml",
        8,
        15,
        'the cookie name must be text, not a number: quote it, `"1234"`',
    ),
    (
        "name_semicolon.yaml",
        8,
        9,
        "the cookie name `_ga;_gid` can never match: cookie names cannot contain `;`",
    ),
    (
        "necessary_string.yaml",
        7,
        16,
        "`necessary` must be true or false without quotes, not `true`",
    ),
    (
        "unsupported_regex.yaml",
        8,
        9,
        "the regex `^(_ga)\\1$` cannot be used: invalid escape sequence: \\1; regexes are "
        "matched in linear time (RE2 syntax), without backreferences (`\\1`) or lookaround "
        "(`(?=`, `(?<=`)",
    ),
    ("not_utf8.yaml", 1, 13, "the file is not UTF-8 text: save it as UTF-8"),
    (
        "not_yaml.yaml",
        3,
        11,
        "not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence at "
        "line 2)",
    ),
    (
        "only_comment.yaml",
        1,
        1,
        "the file is empty: a policy needs `name`, `sites` and `categories`",
    ),
    (
        "python_tag.yaml",
        1,
        7,
        "the tag `!!python/object/apply:os.system` is not allowed: a policy holds only text, "
        "numbers, true/false, dates, lists and mappings",
    ),
    ("python_tag.yaml", 3, 13, "`categories` is empty: add at least one category"),
    (
        "public_suffix.yaml",
        2,
        9,
        "site `github.io`: `github.io` is a public suffix, shared by unrelated sites: name one "
        "site under it, e.g. `example.github.io`",
    ),
    (
        "public_suffix.yaml",
        8,
        29,
        "domain `com`: `com` is a public suffix, shared by unrelated sites: name one site under "
        "it, e.g. `example.com`",
    ),
    (
        "public_suffix.yaml",
        9,
        38,
        "domain `.co.uk`: `co.uk` is a public suffix, shared by unrelated sites: name one site "
        "under it, e.g. `example.co.uk`",
    ),
    (
        "regex_never_matches.yaml",
        8,
        9,
        "the regex `^_ga=\\d+$` can never match: cookie names cannot contain `=`",
    ),
    (
        "reserved_id.yaml",
        4,
        9,
        "category id `undeclared` is reserved for cookies no rule matches: choose another",
    ),
    ("retention_number.yaml", 8, 32, "retention `90` has no unit: write e.g. `90 days`"),
    (
        "rule_list.yaml",
        8,
        9,
        "a cookie rule must be a name (`- _ga`) or a mapping "
        "(`- {name: _ga, domain: example.com}`), not a list",
    ),
    ("sites_string.yaml", 2, 8, "`sites` must be a list, not text: write `sites: [example.com]`"),
    (
        "star_with_sites.yaml",
        2,
        8,
        "`*` already covers every site: write `sites: ['*']` alone for a fallback policy, "
        "or list the domains",
    ),
    (
        "tabs.yaml",
        4,
        1,
        "not valid YAML: found character '\\t' that cannot start any token; indent with "
        "spaces, not tabs",
    ),
    (
        "top_level_list.yaml",
        1,
        1,
        "a policy must be a mapping with `name`, `sites` and `categories`, not a list: put "
        "the categories under `categories:`",
    ),
    (
        "two_documents.yaml",
        4,
        1,
        "a policy file holds one YAML document: remove this `---` and what follows",
    ),
    (
        "unknown_category_key.yaml",
        6,
        5,
        "unknown key `descripton` in category `analytics`: did you mean `description`?",
    ),
    (
        "unknown_top_key.yaml",
        3,
        1,
        "unknown key `catgories` in the policy: did you mean `categories`?",
    ),
    (
        "bad_extends.yaml",
        3,
        10,
        "`extends` takes `shipped` (the shipped policy for the same sites still applies after "
        "this file's rules), not `policies/imind.yaml`: write `extends: shipped` or leave the "
        "key out to replace the shipped policy",
    ),
    (
        "wildcard_domain.yaml",
        8,
        28,
        "domain `*.facebook.com`: write `.facebook.com` or `facebook.com`: a domain already "
        "covers its subdomains",
    ),
    (
        "yaml_bomb.yaml",
        1,
        4,
        "anchors and aliases (`&name`, `*name`) are not allowed in a policy: write each value "
        "out in full",
    ),
]
BROKEN_FILES = sorted({row[0] for row in EXPECTED})


@pytest.fixture(autouse=True)
def _no_real_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.mark.parametrize("name", BROKEN_FILES)
def test_broken_policy_reports_every_mistake_exactly(name: str) -> None:
    path = BROKEN / name
    got = [(e.line, e.column, e.message) for e in check_policy(path)]
    assert got == [(line, col, msg) for f, line, col, msg in EXPECTED if f == name]
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    first = next(row for row in EXPECTED if row[0] == name)
    assert str(raised.value) == f"{path}:{first[1]}:{first[2]}: {first[3]}"


def test_every_broken_file_is_in_the_table() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == BROKEN_FILES
    assert len(BROKEN_FILES) >= 25


def test_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("name: x\n" + "# padding\n" * 1_100_000)
    started = time.monotonic()
    errors = check_policy(path)
    assert time.monotonic() - started < 1
    assert [str(e) for e in errors] == [
        f"{path}:1:1: the file is larger than 1,000,000 bytes: not a policy"
    ]


def test_too_many_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text("sites: [" + ", ".join(["a.com"] * 20_001) + "]\n")
    errors = check_policy(path)
    assert len(errors) == 1
    assert errors[0].message == "more than 20000 values: too large for a policy file"


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    errors = check_policy(tmp_path / "nope.yaml")
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'nope.yaml'}: cannot read: No such file or directory"
    ]


def _write(tmp_path: Path, cookies: str, extra: str = "") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Test\nsites: [example.com]\ncategories:\n"
        "  - id: analytics\n    title: Analytics\n    description: Visits.\n"
        f"{extra}    cookies:\n{cookies}"
    )
    return path


def test_rule_shorthand_kinds_and_positions(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "      - _ga\n"
        '      - "_ga_*"\n'
        '      - "re:^_gat_[0-9]+$"\n'
        "      - {name: fr, domain: .Facebook.COM, path: /x, retention: 90 days}\n",
        "    retention: session\n    necessary: yes\n",
    )
    policy = load_policy(path)
    category = policy.categories[0]
    assert category.necessary is True
    assert (category.retention, category.retention_text) == (None, "session")
    rules = category.rules
    assert [(r.kind, r.pattern_text, r.line, r.column) for r in rules] == [
        ("exact", "_ga", 10, 9),
        ("glob", "_ga_*", 11, 9),
        ("regex", "^_gat_[0-9]+$", 12, 9),
        ("exact", "fr", 13, 16),
    ]
    assert rules[3].domain == "facebook.com"
    assert rules[3].path == "/x"
    assert rules[3].retention == timedelta(days=90)
    assert rules[1].describe() == "the glob `_ga_*`"
    assert rules[3].describe() == "the name `fr` on facebook.com under /x"


def test_empty_cookie_list_is_allowed(tmp_path: Path) -> None:
    assert load_policy(_write(tmp_path, "      []\n")).categories[0].rules == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("session", None),
        ("Session", None),
        ("1 year", timedelta(days=366)),
        ("2 years", timedelta(days=732)),
        ("13 months", timedelta(days=13 * 31)),
        ("90 days", timedelta(days=90)),
        ("24 hours", timedelta(hours=24)),
        ("1 minute", timedelta(minutes=1)),
        ("1 year 6 months", timedelta(days=366 + 6 * 31)),
        ("1 year and 6 months", timedelta(days=366 + 6 * 31)),
        ("30min", timedelta(minutes=30)),
        ("2 weeks", timedelta(days=14)),
    ],
)
def test_parse_retention(text: str, expected: timedelta | None) -> None:
    assert parse_retention(text) == expected


@pytest.mark.parametrize(
    "text", ["forever", "days", "1.5 years", "0 days", "-1 day", "9" * 30 + " years"]
)
def test_parse_retention_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"retention `{text}`")):
        parse_retention(text)


HOSTILE = ["^(a|a)*$", "(a?){30}a{30}", "(a+)+$", "(a*)*b", "((ab)+)+", "(.*a){20}"]


@pytest.mark.parametrize("pattern", HOSTILE)
def test_backtracking_shapes_load_and_match_a_long_name_without_hanging(
    pattern: str, tmp_path: Path
) -> None:
    """Each of these hung Python's `re` for minutes on a 35-character name; RE2 answers at
    once. A child process with a deadline, so a regression fails instead of hanging."""
    assert regex_problem(pattern) is None
    policy = tmp_path / "hostile.yaml"
    policy.write_text(
        "name: Hostile\nsites: [example.com]\ncategories:\n  - id: x\n    title: X\n"
        f"    description: x\n    cookies:\n      - {json.dumps('re:' + pattern)}\n"
    )
    code = (
        "import sys\n"
        "from cookie_tui.policy.loader import load_policy\n"
        "rule = load_policy(sys.argv[1]).categories[0].rules[0]\n"
        "for name in ('a' * 35 + '!', 'a' * 4096 + '!', 'ab' * 2000):\n"
        "    rule.matches_parts(name, 'example.com', '/')\n"
        "print('done')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(policy)], capture_output=True, text=True, timeout=20
    )
    assert done.stdout.strip() == "done", done.stderr


@pytest.mark.parametrize("pattern", [r"(\w)\1", "(?=x)x", "(?<!a)b", r"a\Z"])
def test_what_re2_does_not_run_is_refused_with_the_reason(pattern: str) -> None:
    problem = regex_problem(pattern)
    assert problem is not None
    assert "linear time (RE2 syntax), without backreferences" in problem


@pytest.mark.parametrize(
    "pattern",
    ["^_ga_[A-Z0-9]+$", "(?:ab|cd)+", "_gat_.*", "(ab)?x+", "a;?b", "(a|;)b", "[^;]+", "(?i)_GA"],
)
def test_reasonable_regexes_pass(pattern: str) -> None:
    assert regex_problem(pattern) is None


def test_schema_names_the_loaders_keys() -> None:
    """The JSON Schema ships for editors; it must not drift from what the loader accepts."""
    schema = json.loads(SCHEMA.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    category = schema["$defs"]["category"]
    rule = next(v for v in schema["$defs"]["rule"]["oneOf"] if v.get("type") == "object")
    assert list(schema["properties"]) == list(TOP_KEYS)
    assert schema["required"] == list(TOP_REQUIRED)
    assert list(category["properties"]) == list(CATEGORY_KEYS)
    assert category["required"] == list(CATEGORY_REQUIRED)
    assert list(rule["properties"]) == list(RULE_KEYS)
    assert rule["required"] == list(RULE_REQUIRED)
    assert category["properties"]["id"]["maxLength"] == 40


def _tree(node: object) -> object:
    """A node tree as plain data with every position, to compare two composers."""
    mark = node.start_mark  # type: ignore[attr-defined]
    value = node.value  # type: ignore[attr-defined]
    if isinstance(value, list):
        value = [
            tuple(_tree(n) for n in item) if isinstance(item, tuple) else _tree(item)
            for item in value
        ]
    return (type(node).__name__, node.tag, mark.line, mark.column, value)  # type: ignore[attr-defined]


SHIPPED = shipped_policy_dir()


def _utf8(path: Path) -> bool:
    """Files that are not UTF-8 are refused before either composer runs."""
    try:
        path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize(
    "path",
    [p for p in [*sorted(SHIPPED.glob("*.yaml")), *(BROKEN / n for n in BROKEN_FILES)] if _utf8(p)],
    ids=lambda p: p.name,
)
def test_libyaml_fast_path_composes_exactly_what_the_guarded_loader_does(path: Path) -> None:
    """The fast path either declines (the guarded loader then reports) or gives the very
    tree, positions included, that the guarded loader builds."""
    text = path.read_bytes().decode("utf-8-sig")
    fast = yaml_files.compose_with_libyaml(text)
    if path.parent == SHIPPED:
        assert fast is not None, "a valid shipped policy must take the fast path"
    if fast is None:
        return
    slow = yaml.compose(text, Loader=yaml_files.GuardedLoader)
    assert _tree(fast) == _tree(slow)


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\nb: *x\n", "a: " + "[" * 40 + "]" * 40 + "\n", "a: 1\n---\nb: 2\n", "a: [1\n"],
)
def test_libyaml_fast_path_declines_what_it_must_not_decide(text: str) -> None:
    assert yaml_files.compose_with_libyaml(text) is None
