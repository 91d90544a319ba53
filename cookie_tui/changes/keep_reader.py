"""Reading `keep.yaml` (see `keep`): its own module, so PyYAML is imported only when there
is a keep list to read; the app's launch, with none, never pays for it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..domains import parse_site
from ..errors import KeepListError, UsageError
from ..yaml_files import NodeReader
from .keep import KEYS, KeepEntry, host_of


def parse(data: bytes, path: Path) -> tuple[tuple[KeepEntry, ...], list[yaml.Node]]:
    reader = _Reader(path)
    entries, nodes = reader.read(data)
    if reader.errors:
        raise reader.sorted_errors()[0]
    return entries, nodes


@dataclass
class _Reader(NodeReader[KeepListError]):
    error_type: type[KeepListError] = KeepListError
    noun: str = "the keep list"
    needs: str = "`keep:` and a list of entries"

    def read(self, data: bytes) -> tuple[tuple[KeepEntry, ...], list[yaml.Node]]:
        root = self.compose(data)
        if root is None:
            return (), []
        top = self.mapping(root, "the keep list", ("keep",), ("keep",), {"keep": "keep: []"})
        if top is None or "keep" not in top:
            return (), []
        value = top["keep"][1]
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            return (), []
        items = self.sequence(value, "keep", "write `- {site: github.com}` under `keep:`")
        if items is None:
            return (), []
        entries = [self.entry(item) for item in items]
        return tuple(e for e in entries if e is not None), items

    def entry(self, node: yaml.Node) -> KeepEntry | None:
        example = {"site": "site: github.com"}
        before = len(self.errors)
        found = self.mapping(node, "a keep entry", KEYS, (), example)
        if found is None or len(self.errors) > before:  # an unknown key was said already
            return None
        if not {"site", "host", "name"} & found.keys():
            self.error(
                node.start_mark,
                "a keep entry needs `site`, `host` or `name`, e.g. `- {site: github.com}`",
            )
            return None
        values: dict[str, str] = {}
        for key, (_key_node, value_node) in found.items():
            text = self.text(value_node, key, f"{key}: ...")
            if text is None:
                return None
            checked = self._check(key, text.strip(), value_node)
            if checked is None:
                return None
            values[key] = checked
        return KeepEntry(**values, line=node.start_mark.line + 1)

    def _check(self, key: str, text: str, node: yaml.Node) -> str | None:
        try:
            if key == "site":
                return parse_site(text)
            if key == "host":
                return host_of(text)
        except UsageError as exc:
            self.error(node.start_mark, f"{key} `{text}`: {exc}")
            return None
        return text.lower() if key == "browser" else text
