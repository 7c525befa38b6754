"""Safe, bounded YAML reading, and finding the line a key stands on.

Loading takes the fast C safe loader when it is there. Line numbers are only needed when
something is wrong, so they are found afterwards by composing the file again (slow, rare).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


@lru_cache(maxsize=1)
def content_loader() -> type:
    """The safe loader (the C one when present), except that 2016-11-30 stays text.

    Built on first use: a start from the cached catalog never imports PyYAML.
    """
    import yaml

    base: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
    try:  # the C loader is many times faster; pure Python is the fallback
        base = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        base = yaml.SafeLoader
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag != "tag:yaml.org,2002:timestamp"]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    scalar_node = yaml.ScalarNode
    looked_up: dict[str, str] = {}  # a plain scalar's text -> its tag
    base_resolve: Callable[..., str] = base.resolve

    def resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        # Called for every node a file has; keys and short values repeat from file to
        # file, so their tags are remembered instead of matched against the patterns again.
        if kind is scalar_node and implicit[0]:
            tag = looked_up.get(value)
            if tag is None:
                tag = base_resolve(self, kind, value, implicit)
                if len(value) <= 40 and len(looked_up) < 10_000:
                    looked_up[value] = tag
            return tag
        return base_resolve(self, kind, value, implicit)

    return type("ContentLoader", (base,), {"yaml_implicit_resolvers": resolvers,
                                           "resolve": resolve})


MAX_BYTES = 1024 * 1024  # no content file needs more; a larger one is refused unread
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") after loading
MAX_DEPTH = 32  # the deepest content (a red-flag sign's sources) is 6 levels down


class YamlError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(path: Path, identities: dict[str, str] | None = None) -> Any:
    """Parse one YAML file safely, or raise YamlError with a line and a plain reason.

    `identities`, if given, gets the file's identity as it was read (see identity_of)."""
    raw = read_regular_file(path, identities)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise YamlError(raw[: err.start].count(b"\n") + 1,
                        f"is not valid UTF-8 (byte {raw[err.start]:#04x})") from None
    import yaml

    try:
        data = _parse(text)
    except yaml.constructor.ConstructorError as err:
        line: int | None = err.problem_mark.line + 1 if err.problem_mark else None
        # PyYAML says "could not determine a constructor for the tag '...'": keep the tag.
        found = re.search(r"tag '([^']*)'", err.problem or "")
        if not found and "tag" not in (err.problem or ""):  # e.g. "found unhashable key"
            raise YamlError(line, f"is not valid YAML: {err.problem or err.context}") from None
        tag = f"the tag '{found.group(1)}'" if found else "a tag"
        raise YamlError(line, f"uses {tag}; only plain YAML is allowed") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(line, f"is not valid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise YamlError(None, f"is not valid YAML: {err}") from None
    except RecursionError:  # PyYAML recurses once per level of nesting
        raise YamlError(None, f"nests too deeply (content needs at most {MAX_DEPTH} levels)") \
            from None
    except (ValueError, OverflowError) as err:  # Python's own limits, met while building values
        if "digits" in str(err):
            raise YamlError(None, f"has a number longer than Python reads "
                                  f"({getattr(sys, 'get_int_max_str_digits', lambda: 4300)():,} "
                                  "digits)") from None
        raise YamlError(None, f"has a value that cannot be read: {err}") from None
    return data


def _parse(text: str) -> Any:
    """PyYAML's C parser builds the tree of nodes; plain content (text, numbers, true/false,
    lists and mappings) is turned into values here, and anything else (merge keys, explicit
    tags such as !!set or !!binary) by PyYAML's own safe constructor, as before.

    Half of yaml.load's time is its general constructor, and a first run parses every
    content file; this narrow one gives the same values in a third of the time, and
    measures the tree as it goes (_Builder), so no second walk is needed.
    """
    loader = content_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _Builder(loader).value(node, 0)
        except _Unusual:
            data = loader.construct_document(node)
            _check_size(data)
            return data
    finally:
        loader.dispose()


class _Unusual(Exception):
    """A node the narrow constructor leaves to PyYAML's (whose result and errors are the
    ones every earlier version gave)."""


_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _SEQ, _MAP = (
    _TAG + name for name in ("str", "null", "bool", "int", "float", "seq", "map"))


class _Builder:
    """Values from composed nodes, with the same bounds _check_size puts on a loaded tree:
    at most MAX_NODES values counting every alias as often as it is used (a "billion
    laughs" is refused without being expanded) and at most MAX_DEPTH levels (so a
    recursive alias stops too)."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader
        self._done: dict[int, tuple[Any, int, int]] = {}  # id(node) -> value, values, height
        self._bools = loader.bool_values

    def value(self, node: Any, depth: int) -> Any:
        return self._node(node, depth)[0]

    def _node(self, node: Any, depth: int) -> tuple[Any, int, int]:
        done = self._done.get(id(node))
        if done is not None:  # an alias: the same value again, as PyYAML gives
            if depth + done[2] > MAX_DEPTH:
                raise YamlError(None, f"nests too deeply (content needs at most {MAX_DEPTH} "
                                      "levels)")
            return done
        if depth > MAX_DEPTH:
            raise YamlError(None, f"nests too deeply (content needs at most {MAX_DEPTH} levels)")
        tag, kind = node.tag, node.id
        count, height = 1, 0
        if kind == "scalar":
            text = node.value
            if tag == _STR:
                value: Any = text
            elif tag == _NULL:
                value = None
            elif tag == _BOOL:
                value = self._bools.get(text.lower())
                if value is None:
                    line = node.start_mark.line + 1
                    raise YamlError(line, f"has {text[:40]!r} where true or false was meant")
            elif tag in (_INT, _FLOAT):
                value = self._loader.yaml_constructors[tag](self._loader, node)
            else:
                raise _Unusual
        elif kind == "sequence":
            if tag != _SEQ:
                raise _Unusual
            value = []
            for item in node.value:
                # Text is most of what a file holds: taken here, without a call of its own.
                if item.tag == _STR and item.id == "scalar" and depth < MAX_DEPTH:
                    value.append(item.value)
                    count, height = count + 1, height or 1
                    continue
                v, n, h = self._node(item, depth + 1)
                value.append(v)
                count, height = count + n, max(height, h + 1)
        elif kind == "mapping":
            if tag != _MAP:
                raise _Unusual
            value = {}
            for key_node, value_node in node.value:
                if key_node.id != "scalar" or key_node.tag not in (_STR, _NULL, _BOOL, _INT,
                                                                    _FLOAT):
                    raise _Unusual  # merge keys, '=' and unhashable keys: PyYAML says what
                if key_node.tag == _STR and depth < MAX_DEPTH:
                    k, kn, kh = key_node.value, 1, 0
                else:
                    k, kn, kh = self._node(key_node, depth + 1)
                if value_node.tag == _STR and value_node.id == "scalar" and depth < MAX_DEPTH:
                    v, vn, vh = value_node.value, 1, 0
                else:
                    v, vn, vh = self._node(value_node, depth + 1)
                value[k] = v
                count, height = count + kn + vn, max(height, kh + 1, vh + 1)
        else:
            raise _Unusual
        if count > MAX_NODES:
            raise YamlError(None, f"expands to more than {MAX_NODES:,} values "
                                  "(anchors and aliases used as a bomb?)")
        done = self._done[id(node)] = (value, count, height)
        return done


_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)",
          stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def identity_of(info: os.stat_result) -> str:
    """A file's identity: device, inode, size, modification and change time. Any write,
    rename or replacement changes it; `cp -p`, tar or unzip can put a modification time
    back, but not a change time. The cache keeps it for every file a catalog is built from."""
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def read_regular_file(path: Path, identities: dict[str, str] | None = None) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, or YamlError saying why not.

    `identities`, if given, gets the identity of the file as opened (the cache is keyed on
    it; taking it here spares a second stat of every file). A write after that changes it,
    so what was read is never mistaken for what is there later.

    Only a regular file is opened: opening a FIFO waits for a writer forever, and a
    device can be endless (/dev/zero) or act on being opened. The kind is checked before
    opening and again on the open file, in case it was swapped in between; the read
    stops one byte past the limit, whatever the file claims its size is.
    """
    try:
        before = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise YamlError(None, "is a broken link or a link loop") from None
        raise YamlError(None, "cannot be read: No such file or directory") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise YamlError(None, "is a broken link or a link loop") from None
        raise YamlError(None, f"cannot be read: {err.strerror or err}") from None
    _refuse_special(before)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise YamlError(None, f"cannot be read: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        _refuse_special(info)
        if identities is not None:
            identities[str(path)] = identity_of(info)
        try:
            # Ask for the size it claims and one byte more (a buffer of the limit for every
            # small file cost more than parsing it); only if more came, read on to the limit.
            # A read may return less than asked (network and FUSE file systems do): read
            # until the end of the file, never taking a part for the whole.
            raw, wanted = b"", info.st_size + 1
            while len(raw) < wanted:
                more = os.read(fd, wanted - len(raw))
                if not more:
                    break
                raw += more
                if len(raw) == wanted and wanted <= MAX_BYTES:
                    wanted = MAX_BYTES + 1  # it is longer than it said: read on to the limit
        except OSError as err:
            raise YamlError(None, f"cannot be read: {err.strerror or err}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise YamlError(None, f"is over {MAX_BYTES:,} bytes; content files are limited to "
                              f"{MAX_BYTES:,}")
    return raw


def _refuse_special(info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise YamlError(None, "is a folder, not a file")
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        raise YamlError(None, f"is {kind}, not a regular file; only regular files are read")
    if info.st_size > MAX_BYTES:
        raise YamlError(None, f"is {info.st_size:,} bytes; content files are limited to "
                              f"{MAX_BYTES:,}")


def _check_size(data: Any) -> None:
    """Refuse documents whose aliases expand to a huge tree, or that nest deeper than any
    content needs, before anything walks them (validation and the cache recurse)."""
    count = 0
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlError(None, f"expands to more than {MAX_NODES:,} values "
                                  "(anchors and aliases used as a bomb?)")
        if depth > MAX_DEPTH:
            raise YamlError(None, f"nests too deeply (content needs at most {MAX_DEPTH} levels)")
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in (*node.keys(), *node.values()))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)


def type_name(value: Any) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false"}.get(type(value), type(value).__name__)


LineMap = dict[tuple[Any, ...], tuple[int, int]]  # loc -> (line of the value, line of its key)


@lru_cache(maxsize=64)
def _line_map(path: Path) -> LineMap:
    """Every key and index path in the file with its line, found in one pass: a file with
    tens of thousands of problems looks each one up at once instead of re-scanning."""
    import yaml

    try:
        root = yaml.compose(read_regular_file(path).decode("utf-8"), Loader=content_loader())
    except (YamlError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}
    if root is None:
        return {}
    lines: LineMap = {(): (root.start_mark.line + 1, root.start_mark.line + 1)}
    stack: list[tuple[tuple[Any, ...], yaml.Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if len(loc) > MAX_DEPTH:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [(key.value, key.start_mark.line + 1, value) for key, value in node.value
                        if isinstance(key, yaml.ScalarNode)]
        elif isinstance(node, yaml.SequenceNode):
            children = [(i, item.start_mark.line + 1, item) for i, item in enumerate(node.value)]
        else:
            continue
        for part, key_line, child in children:
            here = (*loc, part)
            if here not in lines:  # a repeated key: YAML keeps the last, the map the first
                lines[here] = (child.start_mark.line + 1, key_line)
                stack.append((here, child))
    return lines


def line_of(path: Path, loc: tuple[Any, ...], key_itself: bool = False) -> int | None:
    """The 1-based line of the value at `loc` (keys and list indexes), or its nearest parent."""
    lines = _line_map(path)
    if not lines:
        return None
    wanted = tuple(part if isinstance(part, int) else str(part) for part in loc)
    for end in range(len(wanted), -1, -1):
        found = lines.get(wanted[:end])
        if found is not None:
            return found[1] if key_itself and end == len(wanted) and end else found[0]
    return None
