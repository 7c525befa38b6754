"""How hard a page is to read: US school grade by Flesch-Kincaid (textstat 0.7.4).

The guide aims at grade 8 or under, because people read it in pain and in a hurry.
"""

from __future__ import annotations

import sys
from types import ModuleType

from .models import Entry, RedFlags

TARGET_GRADE = 8.0


def page_prose(entry: Entry) -> str:
    """The words a reader reads on a page, one sentence-ending piece after another."""
    pieces = [entry.summary, entry.body]
    pieces += [c.text for c in entry.claims]
    pieces += [c.text for c in entry.cautions]
    for stretch in entry.stretches:
        pieces += [*stretch.steps, stretch.stop_if]
    return "\n".join(_as_sentence(p) for p in pieces)


def redflags_prose(flags: RedFlags) -> str:
    pieces = [flags.summary]
    for tier in flags.tiers:
        pieces += [tier.title, tier.action, *(s.text for s in tier.signs)]
    return "\n".join(_as_sentence(p) for p in pieces)


def _as_sentence(text: str) -> str:
    # A list item without a full stop would run into the next and inflate the grade.
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def grade(text: str) -> float:
    return float(_textstat().flesch_kincaid_grade(text))


def _textstat() -> ModuleType:
    """textstat 0.7.4, imported only when asked for: `validate` and the tests need it.

    It imports pkg_resources at the top, which setuptools dropped in version 81 (what pip
    installs beside it on Python 3.12 and later). textstat uses it only to open its word
    lists, so where it is missing, the import gets a stand-in built on importlib.resources
    for as long as it takes, and nothing else in the process sees it.
    """
    try:
        import textstat
    except ModuleNotFoundError as err:
        if err.name != "pkg_resources":
            raise
    else:
        return textstat
    import importlib.resources

    stand_in = ModuleType("pkg_resources")
    stand_in.resource_stream = (  # type: ignore[attr-defined]
        lambda package, name: importlib.resources.files(package).joinpath(name).open("rb"))
    sys.modules["pkg_resources"] = stand_in
    try:
        import textstat
    finally:
        del sys.modules["pkg_resources"]
    return textstat
