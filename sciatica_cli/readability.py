"""How hard a page is to read: US school grade by Flesch-Kincaid (textstat 0.7.4).

The guide aims at grade 8 or under, because people read it in pain and in a hurry.
"""

from __future__ import annotations

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
    import textstat  # only `validate` and the tests need it, and it is slow to import

    return float(textstat.flesch_kincaid_grade(text))
