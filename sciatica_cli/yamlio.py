"""Safe, bounded YAML reading, and finding the line a key stands on.

Loading takes the fast C safe loader when it is there. Line numbers are only needed when
something is wrong, so they are found afterwards by composing the file again (slow, rare).
"""

from __future__ import annotations

import re

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


@lru_cache(maxsize=1)
def content_loader() -> type:
    """The safe loader (the C one when present), except that 2016-11-30 stays text.

    Built on first use: a start from the cached catalog never imports PyYAML.
    """
    import yaml

    try:  # the C loader is many times faster; pure Python is the fallback
        base = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        base = yaml.SafeLoader
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag != "tag:yaml.org,2002:timestamp"]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    return type("ContentLoader", (base,), {"yaml_implicit_resolvers": resolvers})


MAX_BYTES = 1024 * 1024  # no content file needs more; a larger one is refused unread
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") after loading


class YamlError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(path: Path) -> Any:
    """Parse one YAML file safely, or raise YamlError with a line and a plain reason."""
    if path.is_symlink() and not path.exists():
        raise YamlError(None, "is a broken link or a link loop")
    if path.is_dir():
        raise YamlError(None, "is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(None, f"is {size:,} bytes; content files are limited to {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as err:
        raise YamlError(None, f"cannot be read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlError(line, f"is not valid UTF-8 (byte {raw[err.start]:#04x})") from None
    import yaml

    try:
        data = yaml.load(text, Loader=content_loader())  # noqa: S506 - a safe loader
    except yaml.constructor.ConstructorError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        # PyYAML says "could not determine a constructor for the tag '...'": keep the tag.
        found = re.search(r"tag '([^']*)'", err.problem or "")
        tag = f"the tag '{found.group(1)}'" if found else "a tag"
        raise YamlError(line, f"uses {tag}; only plain YAML is allowed") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(line, f"is not valid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise YamlError(None, f"is not valid YAML: {err}") from None
    _check_size(data)
    return data


def _check_size(data: Any) -> None:
    """Refuse documents whose aliases expand to a huge tree, before anything walks it."""
    count = 0
    stack = [data]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlError(None, f"expands to more than {MAX_NODES:,} values "
                                  "(anchors and aliases used as a bomb?)")
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def type_name(value: Any) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false"}.get(type(value), type(value).__name__)


@lru_cache(maxsize=64)
def _compose(path: Path) -> yaml.Node | None:
    import yaml

    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def line_of(path: Path, loc: tuple, key_itself: bool = False) -> int | None:
    """The 1-based line of the value at `loc` (keys and list indexes), or its nearest parent."""
    import yaml

    node = _compose(path)
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    if key_itself and part == loc[-1]:
                        return key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line
