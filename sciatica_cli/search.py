"""Ranked full-text search over the catalog.

Each entry is split into weighted fields (a hit in the name counts more than one in the
body). Every query word must match somewhere in an entry; a word matches a token that
starts with it, after a light stemming of both, so "stretches" finds "stretch".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .models import Entry

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and are as at be by for from i in is it of on or the to with my me do".split())

# (field label, weight): a reader cares most about names, then what a page is about.
WEIGHTS = {"name": 8.0, "alias": 6.0, "summary": 4.0, "stretch": 4.0, "claim": 2.0,
           "caution": 2.0, "body": 1.0, "steps": 1.0}


class Hit(NamedTuple):
    entry: Entry
    score: float
    field: str  # where the best passage came from
    passage: str


def stem(word: str) -> str:
    for suffix in ("ing", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def fields(entry: Entry) -> Iterable[tuple[str, str]]:
    yield "name", entry.name
    yield "alias", entry.id.replace("-", " ")
    for alias in entry.aliases:
        yield "alias", alias
    yield "summary", entry.summary
    for paragraph in entry.body.split("\n\n"):
        yield "body", paragraph
    for claim in entry.claims:
        yield "claim", claim.text
    for caution in entry.cautions:
        yield "caution", caution.text
    for stretch in entry.stretches:
        yield "stretch", " ".join([stretch.name, *stretch.aliases])
        yield "steps", " ".join(stretch.steps)


def search(entries: Iterable[Entry], query: str, limit: int = 10) -> list[Hit]:
    wanted = list(dict.fromkeys(terms(query)))
    if not wanted:
        return []
    hits = []
    for entry in entries:
        hit = _score(entry, wanted)
        if hit is not None:
            hits.append(hit)
    hits.sort(key=lambda h: (-h.score, h.entry.name))
    return hits[:limit]


def _score(entry: Entry, wanted: list[str]) -> Hit | None:
    matched: set[str] = set()
    total = 0.0
    best: tuple[int, float, str, str] | None = None  # (words found, weight, label, text)
    for label, text in fields(entry):
        tokens = terms(text)
        found = {t for t in wanted if any(tok.startswith(t) for tok in tokens)}
        if not found:
            continue
        matched |= found
        field_score = WEIGHTS[label] * len(found)
        total += field_score
        # Prefer passages with more of the query; for ties the heavier field wins.
        if best is None or (len(found), WEIGHTS[label]) > best[:2]:
            best = (len(found), WEIGHTS[label], label, text)
    if matched != set(wanted) or best is None:
        return None
    return Hit(entry, total, best[2], passage(best[3], wanted))


def passage(text: str, wanted: list[str], width: int = 160) -> str:
    """The sentence that holds most of the query, trimmed to about `width` characters."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    scored = [(sum(1 for t in wanted if any(w.startswith(t) for w in terms(s))), -i, s)
              for i, s in enumerate(sentences)]
    _, _, sentence = max(scored)
    if len(sentence) <= width:
        return sentence
    return sentence[: width - 1].rsplit(" ", 1)[0] + "…"
