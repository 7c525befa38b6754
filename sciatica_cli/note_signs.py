"""Red-flag signs in the words of a diary note: everyday phrasing in, negated mentions out.

A keyword matches when each of its words starts a word of the note, in any order ("numb
bum" matches "my bum went numb"). Before matching, everyday ways of saying "cannot" become
"can't" ("unable to pee", "not able to pee", "couldn't pee" all match "can't pee"), and
everyday words for peeing become "pee".

A mention does not count when a negation ("no", "not", "never", "without", "don't"...)
comes before every matched word within the same part of a sentence, at most NEGATION_REACH
words before it: "no numbness in my groin" is not a sign. Commas, full stops and words such
as "but" and "and" end that part, so "no pain but my bum is numb" still is. Words of doubt
("not sure", "no better") are not negations. When in doubt, the sign counts: showing the
advice once too often is safer than missing it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import RedFlags

NEGATION_REACH = 6

# Longest first, so "not able to" wins over "not".
_CANNOT = ("not able to", "unable to", "can not", "cannot", "could not", "couldn't", "cant",
           "unable")
_PEE = ("urinate", "urinating", "wee", "weeing", "piss", "pissing")
_NEGATIONS = {"no", "not", "never", "without", "none", "nor", "neither", "nothing", "don't",
              "dont", "doesn't", "doesnt", "didn't", "didnt", "haven't", "havent", "hasn't",
              "hasnt", "hadn't", "isn't", "isnt", "aren't", "wasn't", "weren't", "free"}
# A negation followed by one of these is doubt or no change, not a denial.
_NOT_A_DENIAL = {"sure", "certain", "better", "improving", "improved", "change", "changed",
                 "idea", "gone", "less", "only", "yet", "worse"}
_BREAKS = {"but", "however", "although", "though", "yet", "except", "and", "because", "since",
           "so", "while", "whereas", "then", "now", "until", "apart", "besides", "still"}
_WORD = re.compile(r"[a-z0-9']+|[.,;:!?()\n]")


def normalize(text: str) -> list[str]:
    """The note's words, lower case, everyday phrasing made standard; punctuation kept as
    tokens of its own, since it ends a negation's reach."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    for phrase in _CANNOT:
        text = re.sub(rf"\b{re.escape(phrase)}\b", "can't", text)
    tokens = _WORD.findall(text)
    return ["pee" if t in _PEE else t for t in tokens]


def _negated(tokens: list[str], position: int) -> bool:
    """Is the word at `position` inside the reach of a negation before it?"""
    for back in range(1, NEGATION_REACH + 1):
        i = position - back
        if i < 0:
            return False
        token = tokens[i]
        if not token[0].isalnum() or token in _BREAKS:
            return False
        if token in _NEGATIONS:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            return following not in _NOT_A_DENIAL
    return False


def mentions(note: str, keyword: str) -> bool:
    """Does the note affirm the keyword (every part present, not all of them negated)?"""
    tokens = normalize(note)
    parts = normalize(keyword)
    hits = [[i for i, t in enumerate(tokens) if t[0].isalnum() and t.startswith(part)]
            for part in parts]
    if not parts or not all(hits):
        return False
    # Negated only when every place every part appears is negated: when in doubt, count it.
    return not all(_negated(tokens, i) for places in hits for i in places)


def signs_in_note(note: str, flags: RedFlags) -> list[str]:
    """Red-flag signs a note reports, most urgent tier first."""
    return [sign.id for tier in flags.tiers for sign in tier.signs
            if any(mentions(note, keyword) for keyword in sign.keywords)]


LEG_PLACES = ("buttock", "hip", "thigh", "calf", "foot")
BOTH_LEGS = "both-legs"


def signs_in_fields(side: str | None, leg_pain: int | None, places: tuple[str, ...],
                    flags: RedFlags) -> list[str]:
    """Signs an entry's own fields report: leg pain on both sides is sciatica in both legs,
    which the NHS lists as an emergency. Back pain on both sides alone is not."""
    in_a_leg = (leg_pain or 0) > 0 or any(place in LEG_PLACES for place in places)
    known = {sign.id for tier in flags.tiers for sign in tier.signs}
    return [BOTH_LEGS] if side == "both" and in_a_leg and BOTH_LEGS in known else []
