"""The forgiving lookup every command uses: a page, stretch, condition or red-flag sign
found by id or name whatever its case, spacing or dashes, and on a miss the close names
to suggest ("did you mean").

Each caller keeps its own settings (how many to suggest, how close they must be); the
call says why when they differ from the usual three at 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")

SUGGESTIONS = 3  # at most this many names are offered on a miss
CLOSENESS = 0.5  # difflib's ratio a name must reach to be offered


_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """The forgiving form of an id or name: case, spaces, dashes and punctuation ignored."""
    return _NOT_LETTER_OR_DIGIT.sub("", text.lower())


def names_of(pairs: Iterable[tuple[str, T]]) -> dict[str, T]:
    """Normalized name -> thing, from (name, thing) pairs; the first thing to use a name
    keeps it."""
    names: dict[str, T] = {}
    for name, thing in pairs:
        names.setdefault(normalize(name), thing)
    return names


def find(query: str, names: Mapping[str, T]) -> T | None:
    """The thing `query` names (in `names`, keyed by normalized name), or None."""
    return names.get(normalize(query))


def suggest(query: str, names: Mapping[str, T] | Iterable[tuple[str, T]], *,
            most: int = SUGGESTIONS, cutoff: float = CLOSENESS, considered: int | None = None,
            containing: bool = False) -> list[T]:
    """The things whose names are closest to `query`, best first, each once.

    `names` is a mapping or (normalized name, thing) pairs. `considered` is how many close
    names difflib returns before duplicates go (several names of one page count once);
    `containing` adds things whose name holds the query ("tissue").
    """
    import difflib  # only a miss needs it

    pool = dict(names.items() if isinstance(names, Mapping) else names)
    needle = normalize(query)
    close = difflib.get_close_matches(needle, list(pool), n=considered or most, cutoff=cutoff)
    found = list(dict.fromkeys(pool[name] for name in close))
    if containing and needle:
        found += dict.fromkeys(thing for name, thing in pool.items()
                               if needle in name and thing not in found)
    return found[:most]
