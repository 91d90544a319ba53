"""Hand-written YAML files (policies, the keep list) read safely, with an exact
`file:line:col` for every mistake.

PyYAML's node tree keeps a mark for every key and value, so a `NodeReader` walks it
instead of loading plain objects, and collects every mistake of a file with a hint on what
to write instead. Safety: the file is capped at `MAX_BYTES`; anchors and aliases are
refused (so no billion-laughs expansion), as are more than `MAX_NODES` values, nesting
deeper than `MAX_DEPTH`, and any tag beyond plain text, numbers, booleans, dates, lists and
mappings (so `!!python/object` is an error, never code).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from .errors import FileError

MAX_BYTES = 1_000_000
MAX_NODES = 20_000
MAX_DEPTH = 32
TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
ALLOWED_TAGS = PLAIN_TAGS | {TAG + "seq", TAG + "map"}
E = TypeVar("E", bound=FileError)


class Refused(Exception):
    """The YAML stream uses something a hand-written file must not (alias, too many or too
    deep nodes)."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class GuardedLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and caps the node count and depth
    while composing, before any expansion or deep recursion can happen."""

    def __init__(self, stream: str, noun: str = "a policy") -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0
        self._noun = noun

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(
                event.start_mark,
                f"anchors and aliases (`&name`, `*name`) are not allowed in {self._noun}: "
                "write each value out in full",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise Refused(
                event.start_mark, f"more than {MAX_NODES} values: too large for {self._noun} file"
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise Refused(
                event.start_mark,
                f"nested more than {MAX_DEPTH} levels deep: too deep for {self._noun}",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODES = (yaml.ScalarEvent, *_OPENS)


def compose_with_libyaml(text: str) -> yaml.Node | None:
    """The root node through libyaml when the document is plainly acceptable, else None.

    The pure-Python composer costs ~50 ms for the two shipped policies, a fifth of opening
    a site; libyaml takes ~5 ms. Its events are checked for everything `GuardedLoader`
    refuses (conservatively) before anything is composed, and any doubt or error returns
    None so that the pure-Python path decides, with its exact messages and marks."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    nodes = depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return None
            if isinstance(event, _CLOSES):
                depth -= 1
            elif isinstance(event, _NODES):
                nodes += 1
                depth += isinstance(event, _OPENS)
                if nodes >= MAX_NODES or depth >= MAX_DEPTH - 1:
                    return None
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return {
        TAG + "int": "a number",
        TAG + "float": "a number",
        TAG + "bool": "true/false",
        TAG + "null": "empty",
        TAG + "timestamp": "a date",
    }.get(node.tag, "text")


def show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag


@dataclass
class NodeReader(Generic[E]):
    """Walks one file's node tree and collects every mistake, as `error_type`s."""

    path: Path
    error_type: type[E]
    noun: str
    """What the file is, for messages: "a policy", "the keep list"."""
    needs: str
    """What an empty file lacks, for its message: "`name`, `sites` and `categories`"."""
    errors: list[E] = field(default_factory=list)
    _bad_nodes: set[int] = field(default_factory=set)

    # -- errors ---------------------------------------------------------------------------

    def error(self, mark: yaml.Mark, message: str) -> None:
        self.errors.append(self.error_type(self.path, mark.line + 1, mark.column + 1, message))

    def error_at(self, line: int, column: int, message: str) -> None:
        self.errors.append(self.error_type(self.path, line, column, message))

    def sorted_errors(self) -> list[E]:
        return sorted(self.errors, key=lambda e: (e.line or 0, e.column or 0))

    def _compose_guarded(self, text: str) -> yaml.Node | None:
        loader = GuardedLoader(text, self.noun)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    # -- the YAML layer -------------------------------------------------------------------

    def compose(self, data: bytes) -> yaml.Node | None:
        """The document's root node, or None after recording why there is none."""
        if len(data) > MAX_BYTES:
            self.error_at(1, 1, f"the file is larger than {MAX_BYTES:,} bytes: not {self.noun}")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self._error_at_offset(
                data[: exc.start].decode("utf-8", "replace"),
                "the file is not UTF-8 text: save it as UTF-8",
            )
            return None
        try:
            root = compose_with_libyaml(text) or self._compose_guarded(text)
        except Refused as exc:
            self.error(exc.mark, exc.message)
            return None
        except yaml.reader.ReaderError as exc:
            self._error_at_offset(
                text[: exc.position], f"not valid YAML: {exc.reason} (#x{exc.character:04x})"
            )
            return None
        except yaml.MarkedYAMLError as exc:
            self._yaml_error(exc)
            return None
        if root is None:
            self.error_at(1, 1, f"the file is empty: {self.noun} needs {self.needs}")
            return None
        self._check_tags(root)
        return root

    def _error_at_offset(self, before: str, message: str) -> None:
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        self.error_at(line, column, message)

    def _yaml_error(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "not valid YAML"
        message = f"not valid YAML: {problem}"
        if "found another document" in problem:
            message = (
                f"{self.noun} file holds one YAML document: remove this `---` and what follows"
            )
        elif exc.context and exc.context_mark and exc.context_mark is not mark:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
        if "'\\t'" in problem:
            message += "; indent with spaces, not tabs"
        if mark is None:
            self.error_at(1, 1, message)
        else:
            self.error(mark, message)

    def _check_tags(self, root: yaml.Node) -> None:
        """Refuse every non-standard tag (`!!python/object`, `!!binary`, `!local`...)."""
        stack = [root]
        while stack:
            node = stack.pop()
            if node.tag not in ALLOWED_TAGS:
                self._bad_nodes.add(id(node))
                self.error(
                    node.start_mark,
                    f"the tag `{show_tag(node.tag)}` is not allowed: {self.noun} holds only "
                    "text, numbers, true/false, dates, lists and mappings",
                )
                continue
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.extend((key, value))

    # -- typed values ---------------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        known: tuple[str, ...],
        required: tuple[str, ...],
        examples: dict[str, str],
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """Keys to (key node, value node); reports unknown, duplicate and missing keys."""
        if id(node) in self._bad_nodes:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node.start_mark,
                f"{what} must be a mapping of `key: value` lines, not {kind_of(node)}",
            )
            return None
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        suggested: set[str] = set()
        for key, value in node.value:
            if id(key) in self._bad_nodes:
                continue
            if not (isinstance(key, yaml.ScalarNode) and key.tag == TAG + "str"):
                self.error(key.start_mark, f"keys must be plain words, not {kind_of(key)}")
                continue
            name = key.value
            if name in found:
                first = found[name][0].start_mark.line + 1
                self.error(
                    key.start_mark,
                    f"duplicate key `{name}` (first at line {first}): YAML would keep only "
                    "the last one; remove one of them",
                )
                continue
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                suggested.update(close)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else "known keys are " + ", ".join(f"`{k}`" for k in known)
                )
                self.error(key.start_mark, f"unknown key `{name}` in {what}: {hint}")
                continue
            found[name] = (key, value)
        for name in required:
            if name not in found and name not in suggested:
                self.error(node.start_mark, f"{what} has no `{name}`: add `{examples[name]}`")
        return found

    def text(self, node: yaml.Node, key: str, example: str) -> str | None:
        if id(node) in self._bad_nodes:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "str":
            if node.value.strip():
                return node.value
            self.error(node.start_mark, f"`{key}` is empty: write `{example}`")
            return None
        if node.tag == TAG + "null":
            self.error(node.start_mark, f"`{key}` is empty: write `{example}`")
        elif isinstance(node, yaml.ScalarNode):
            self.error(
                node.start_mark,
                f'`{key}` must be text, not {kind_of(node)}: quote it, `{key}: "{node.value}"`',
            )
        else:
            self.error(node.start_mark, f"`{key}` must be text, not {kind_of(node)}: `{example}`")
        return None

    def optional_text(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str, example: str
    ) -> str | None:
        return self.text(fields[key][1], key, example) if key in fields else None

    def boolean(self, node: yaml.Node, key: str) -> bool | None:
        if id(node) in self._bad_nodes:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "bool":
            return bool(yaml.SafeLoader.bool_values[node.value.lower()])
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "str":
            quoted = " without quotes" if node.style in ("'", '"') else ""
            self.error(
                node.start_mark, f"`{key}` must be true or false{quoted}, not `{node.value}`"
            )
        else:
            self.error(node.start_mark, f"`{key}` must be true or false, not {kind_of(node)}")
        return None

    def sequence(self, node: yaml.Node, key: str, hint: str) -> list[yaml.Node] | None:
        if id(node) in self._bad_nodes:
            return None
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if node.tag == TAG + "null":
            self.error(node.start_mark, f"`{key}` is empty: {hint}")
        else:
            self.error(node.start_mark, f"`{key}` must be a list, not {kind_of(node)}: {hint}")
        return None
