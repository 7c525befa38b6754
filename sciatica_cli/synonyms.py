"""Everyday words that mean the same thing here, so a search finds a page in the reader's words.

The stemmer joins forms of one word ("stretches", "stretching"); it cannot join "pregnancy"
and "pregnant", or "pins and needles" and "tingling". Each group below is a set of words or
phrases that a person with sciatica may use for one thing, and a search for any of them looks
for all of them. The list is small on purpose, and each group was read for two questions: would
a reader using one word be glad to see a passage with the other, and could it ever hide a
warning? Keep it that way: add a group only when both answers are clear.
"""

from __future__ import annotations

GROUPS: tuple[tuple[str, ...], ...] = (
    ("pregnancy", "pregnant"),
    ("pins and needles", "tingling", "tingle"),
    ("bum", "buttock", "bottom"),
    ("sleep", "asleep", "night"),
    ("pee", "wee", "urine", "bladder"),
    ("poo", "bowel"),
    ("painkiller", "pain reliever", "pain relief"),
    ("ice", "cold pack"),
    ("physio", "physiotherapist", "physiotherapy", "physical therapist"),
    ("gp", "doctor"),
    ("paracetamol", "acetaminophen"),
    ("nsaid", "ibuprofen", "anti inflammatory"),
    ("blood thinner", "anticoagulant"),
)


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.replace("-", " ").lower().split())


# Every phrase (as a tuple of words) -> the phrases of its group, longest phrases first so
# "pain relief" is read before "pain".
_BY_PHRASE: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    _key(p): tuple(_key(q) for q in group) for group in GROUPS for p in group
}
LONGEST = max(len(k) for k in _BY_PHRASE)


def group_at(tokens: list[str], start: int) -> tuple[int, tuple[tuple[str, ...], ...]] | None:
    """The synonym group of the longest listed phrase at tokens[start:], and its length."""
    for size in range(min(LONGEST, len(tokens) - start), 0, -1):
        piece = tuple(tokens[start:start + size])
        group = _BY_PHRASE.get(piece)
        if group is None and size == 1 and piece[0].endswith("s"):
            group = _BY_PHRASE.get((piece[0][:-1],))  # "buttocks", "painkillers"
        if group is not None:
            return size, group
    return None
