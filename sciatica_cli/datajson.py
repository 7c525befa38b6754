"""The checked content as JSON and back, for the cache: data in, data out, no code run.

Every content type is a named tuple in models.py. One is written as a JSON object of its
fields plus "@", its class name; a plain mapping (an entry's attributes) as
{"@": "dict", "items": [[key, value], ...]}, so content keys never mix with the tag; a
tuple as an array. Reading turns each object back into the named class, looked up among
the named tuples of models.py and nowhere else, and arrays back into tuples. New fields
and new types in models.py need no change here. pydantic is not needed to read it back:
what was written was already checked, and the cache is keyed on models.py.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any


class NotOurs(ValueError):
    """The JSON names a type that is not a content type: damaged or foreign."""


def dumps(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """The value back; NotOurs or ValueError for anything that is not our data."""
    try:
        return json.loads(text, object_hook=_object)
    except (TypeError, KeyError) as err:
        raise NotOurs(str(err)) from None


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    # Leaves are most of an entry and are passed over without a call of their own: this
    # runs for every entry of a first build (a third of storing one).
    kind = type(value)
    if kind in _LEAVES:
        return value
    fields = getattr(kind, "_fields", None)
    if fields is not None:  # a named tuple: a content type
        out = {"@": kind.__name__}
        for name, item in zip(fields, value):
            out[name] = item if type(item) in _LEAVES else _plain(item)
        return out
    if isinstance(value, (tuple, list, set, frozenset)):
        return [item if type(item) in _LEAVES else _plain(item) for item in value]
    if isinstance(value, dict):
        return {"@": "dict", "items": [[k, _plain(v)] for k, v in value.items()]}
    if isinstance(value, (str, int, float, bool)):  # a subclass of one, such as an enum
        return value
    raise TypeError(f"cannot keep a {kind.__name__} in the cache")


def _tuples(value: Any) -> Any:
    return tuple(map(_tuples, value)) if type(value) is list else value


def _object(obj: dict[str, Any]) -> Any:
    tag = obj.pop("@", None)
    if tag == "dict":
        return {key: _tuples(value) for key, value in obj["items"]}
    cls = _types().get(tag)
    if cls is None:
        raise NotOurs(f"not a content type: {tag!r}")
    return cls(**{key: _tuples(value) for key, value in obj.items()})


@lru_cache(maxsize=1)
def _types() -> dict[str, type]:
    from . import models

    return {name: obj for name, obj in vars(models).items()
            if isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields")}
