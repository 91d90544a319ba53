"""Rules the user adds from the app, written into their own policy for a site.

`add_rule` puts one rule (a category, existing or new, and a name or glob) into the user's
policy for the site in `user_policy_dir()`. When there is none it creates `<site>.yaml`
with `extends: shipped`, so the policy cookie-tui ships for the site keeps applying after
the user's rules (`catalog.py`): a rule from the app never replaces it by accident. An
existing file is edited as text, where the rule belongs, so its comments and layout stay
exactly as they were; the result must pass the same loader as every policy, else nothing
is written and `PolicyError` says why. `remove_rule` takes the rule back out (undo).

Kept as text rather than through a round-trip YAML library (ruamel.yaml): the loader's
node tree already gives the exact position of every list, and inserting one line there is
all a rule needs, with nothing re-emitted that the user wrote.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..errors import PolicyError
from ..paths import user_policy_dir
from .catalog import PolicySet, display_path, policy_set_for
from .loader import analyse_bytes
from .model import EXTENDS_SHIPPED, Category
from .vendors import vendor_policy

_GLOB_CHARS = "*?["
_SEPARATORS = "_-."
_MIN_PREFIX = 2


@dataclass(frozen=True)
class RuleWrite:
    """What `add_rule` wrote, so `remove_rule` can take exactly that back out."""

    path: Path
    before: str | None
    """The file's text before, None when `add_rule` created the file."""
    after: str
    inserted: str
    """The exact text added: the rule's line, or the new category around it."""
    line: str
    """The rule's own line as written, with the line break before it."""
    category_id: str
    pattern: str


def scopes(name: str) -> list[str]:
    """The rule names to offer for a cookie: its exact name, then globs on the prefixes
    that end at `_`, `-` or `.`, longest first: `promo_summer_2024` gives
    `promo_summer_2024`, `promo_summer_*`, `promo_*`. A name that a policy would read as a
    glob or regex is offered as the regex matching exactly it."""
    if any(ch in name for ch in _GLOB_CHARS) or name.startswith("re:"):
        return [f"re:^{re.escape(name)}$"]
    out = [name]
    for end in range(len(name) - 1, 0, -1):
        if name[end - 1] in _SEPARATORS and end - 1 >= _MIN_PREFIX:
            out.append(name[:end] + "*")
    return out


def yaml_quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar: every character a YAML reader refuses, and
    the quote and backslash, escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or 0xD800 <= code < 0xE000:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif code in (0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def rule_text(pattern: str, domain: str | None = None, path: str | None = None) -> str:
    """One `cookies:` entry in flow style: `{name: "promo_*", domain: "imind.com"}`."""
    text = f"name: {yaml_quote(pattern)}"
    if domain:
        text += f", domain: {yaml_quote(domain)}"
    if path:
        text += f", path: {yaml_quote(path)}"
    return "{" + text + "}"


def category_lines(
    category_id: str,
    title: str,
    description: str,
    rules: list[str],
    *,
    necessary: bool = False,
    breaks: str | None = None,
) -> list[str]:
    """A category in block style, unindented, its `cookies` one rule per line."""
    plain = re.fullmatch(r"[a-z][a-z0-9_-]*", category_id)
    lines = [
        f"- id: {category_id if plain else yaml_quote(category_id)}",
        f"  title: {yaml_quote(title)}",
        f"  description: {yaml_quote(' '.join(description.split()))}",
    ]
    if necessary:
        lines.append("  necessary: true")
    if breaks:
        lines.append(f"  breaks: {yaml_quote(' '.join(breaks.split()))}")
    lines.append("  cookies:")
    lines += [f"    - {rule}" for rule in rules]
    return lines


def _category_lines(known: Category | None, category_id: str, rules: list[str]) -> list[str]:
    """The category's texts from the site's policies when one of that id exists, else
    made from the id."""
    if known is not None:
        return category_lines(
            category_id,
            known.title,
            known.description,
            rules,
            necessary=known.necessary,
            breaks=known.breaks,
        )
    title = category_id.replace("_", " ").replace("-", " ")
    description = "Cookies you filed here yourself, in cookie-tui."
    return category_lines(category_id, title[:1].upper() + title[1:], description, rules)


def user_policy_file(site: str, policy_set: PolicySet | None = None) -> Path:
    """The file `add_rule` writes for `site`: the user's policy that covers it, else a new
    `<site>.yaml` (or `<site>-2.yaml`, ... when that name is taken by another policy)."""
    policy_set = policy_set or policy_set_for(site)
    directory = user_policy_dir()
    for policy in policy_set.site_policies:
        if policy.path.parent == directory:
            return policy.path
    path = directory / f"{site}.yaml"
    n = 2
    while path.exists():
        path = directory / f"{site}-{n}.yaml"
        n += 1
    return path


def add_rule(
    site: str,
    category_id: str,
    pattern: str,
    *,
    domain: str | None = None,
    today: date | None = None,
) -> RuleWrite:
    """Put `{name: pattern, domain: domain}` in category `category_id` of the user's
    policy for `site` (module doc) and return what was written, for `remove_rule`.

    `pattern` is one of `scopes(cookie name)` or any policy name; `domain` narrows it to
    one host and its subdomains (the TUI passes the cookie's site, so a third party's
    cookie gets that third party's domain). Raises `PolicyError` when the user's file is
    broken, or when the rule would make it invalid (unknown id syntax, a repeated rule,
    a name no cookie can have), with the reason; nothing is written then."""
    site = site.strip(".").lower()
    policy_set = policy_set_for(site)
    path = user_policy_file(site, policy_set)
    known = _category(policy_set, category_id)
    rule = rule_text(pattern, domain)
    note = f"  # added in cookie-tui {(today or date.today()).isoformat()}"
    before: str | None = None
    if path.exists():
        before = path.read_bytes().decode("utf-8")  # as it is: CRLF stays CRLF
        after, inserted, line = _insert(before, path, category_id, rule, note, known)
    else:
        block = [f"  {line}" for line in _category_lines(known, category_id, [rule + note])]
        after = _new_file(site, policy_set, block)
        inserted, line = "\n".join(block), "\n" + block[-1]
    _check(after, path)
    _write(path, after)
    return RuleWrite(path, before, after, inserted, line, category_id, pattern)


def remove_rule(written: RuleWrite) -> None:
    """Take back what `add_rule` wrote: the file as it was when it is unchanged since, else
    just the inserted text; raises `PolicyError` when neither is possible any more (the
    user edited that very rule), so nothing is removed that cookie-tui did not add."""
    path = written.path
    try:
        current = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise PolicyError(path, None, None, f"cannot read: {exc.strerror}") from None
    if current == written.after:
        if written.before is None:
            path.unlink()
        else:
            _write(path, written.before)
        return
    for added in (written.line, written.inserted):
        if current.count(added) == 1:
            text = current.replace(added, "", 1)
            if not analyse_bytes(text.encode("utf-8"), path).errors:
                _write(path, text)
                return
    raise PolicyError(
        path,
        None,
        None,
        f"the rule `{written.pattern}` is no longer as cookie-tui wrote it: "
        "remove it from the file by hand",
    )


def _category(policy_set: PolicySet, category_id: str) -> Category | None:
    for policy in (*policy_set.policies, vendor_policy()):
        for category in policy.categories:
            if category.id == category_id:
                return category
    return None


def _new_file(site: str, policy_set: PolicySet, category: list[str]) -> str:
    shipped = policy_set.site_policy
    after = (
        f"{shipped.name} ({display_path(shipped.path)})"
        if shipped is not None and shipped.path.parent != user_policy_dir()
        else "the policy cookie-tui ships for it, if any"
    )
    lines = [
        f"# Your own cookie rules for {site}, written by cookie-tui; edit it as you like.",
        f"# `extends: {EXTENDS_SHIPPED}`: these rules are matched first; after them",
        f"# {after} still applies.",
        f"name: {yaml_quote('Your rules for ' + site)}",
        f"sites: [{yaml_quote(site)}]",
        f"extends: {EXTENDS_SHIPPED}",
        "categories:",
        *category,
    ]
    return "\n".join(lines) + "\n"


def _insert(
    text: str, path: Path, category_id: str, rule: str, note: str, known: Category | None
) -> tuple[str, str, str]:
    """`text` with the rule added to the category's `cookies` (or a new category added to
    `categories`), the inserted text and the rule's own part of it. `note` ends the rule's
    line in block style."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    categories = _value(root, "categories")
    if not isinstance(categories, yaml.SequenceNode):
        raise PolicyError(path, None, None, "the policy has no list of `categories`")
    for item in categories.value:
        id_node = _value(item, "id")
        if isinstance(id_node, yaml.ScalarNode) and id_node.value == category_id:
            cookies = _value(item, "cookies")
            if not isinstance(cookies, yaml.SequenceNode):
                raise PolicyError(path, None, None, f"category `{category_id}` has no list")
            if cookies.flow_style:
                return _append_flow(text, cookies, rule)
            return _append_block(text, cookies, ["- " + rule + note])
    if categories.flow_style:
        plain = _category_lines(known, category_id, [rule])
        return _append_flow(text, categories, _flow_mapping(plain))
    return _append_block(text, categories, _category_lines(known, category_id, [rule + note]))


def _flow_mapping(block: list[str]) -> str:
    """A block-style category (from `category_lines`) as one flow mapping."""
    fields = [line.strip().removeprefix("- ") for line in block if not line.startswith("    ")]
    rules = [line.strip().removeprefix("- ") for line in block if line.startswith("    ")]
    fields = [f for f in fields if f != "cookies:"]
    return "{" + ", ".join([*fields, f"cookies: [{', '.join(rules)}]"]) + "}"


def _append_flow(text: str, seq: yaml.SequenceNode, item: str) -> tuple[str, str, str]:
    """Add `item` before the closing `]` of a flow sequence."""
    close = text.rindex("]", seq.start_mark.index, seq.end_mark.index)
    inserted = (", " if seq.value else "") + item
    return text[:close] + inserted + text[close:], inserted, inserted


def _append_block(text: str, seq: yaml.SequenceNode, lines: list[str]) -> tuple[str, str, str]:
    """Add `lines` after the line that ends the last entry of a block sequence, indented
    like its `-`, with the file's own line ending."""
    newline = "\r\n" if "\r\n" in text else "\n"
    end = _content_end(text, seq.value[-1])
    eol = text.find("\n", end)
    eol = len(text) if eol < 0 else eol - (1 if text[eol - 1] == "\r" else 0)
    pad = " " * seq.start_mark.column
    inserted = "".join(newline + pad + line for line in lines)
    return text[:eol] + inserted + text[eol:], inserted, newline + pad + lines[-1]


def _content_end(text: str, node: yaml.Node) -> int:
    """Just after the last character of `node`'s own text (not the comments or blank
    lines after it, which belong to what follows)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _check(text: str, path: Path) -> None:
    """Refuse text the loader would refuse, naming the first mistake."""
    errors = analyse_bytes(text.encode("utf-8"), path).errors
    if errors:
        first = errors[0]
        raise PolicyError(
            path,
            first.line,
            first.column,
            f"not written, the policy would be invalid: {first.message}",
        )


def _write(path: Path, text: str) -> None:
    """Replace the file atomically, keeping its permissions (policies hold no secrets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.chmod(mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
