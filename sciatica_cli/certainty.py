"""Wording by certainty, as GRADE advises for plain-language summaries.

High certainty is said plainly; moderate says "probably"; low says "may"; very low says
"very uncertain". A claim worded more firmly than its grade overstates it, and one worded
more loosely undersells it. `validate` reports a mismatch as SCI022.
"""

from __future__ import annotations

import re

from .models import Claim

HEDGES = re.compile(r"\b(may|might|could|probably|likely|uncertain)\b", re.I)
# grade -> (the words a reader should see, a pattern that finds them, words that overstate)
WORDING = {
    "moderate": ('"probably"', re.compile(r"\bprobably\b", re.I), None),
    "low": ('"may"', re.compile(r"\bmay\b", re.I), re.compile(r"\bprobably\b", re.I)),
    "very-low": ('"very uncertain"', re.compile(r"\bvery uncertain\b", re.I),
                 re.compile(r"\bprobably\b", re.I)),
}


def wording_problem(claim: Claim) -> str | None:
    """Why a claim's words do not match its grade, or None when they do (or it has no grade)."""
    if claim.evidence == "high":
        hedge = HEDGES.search(claim.text)
        return (f"is graded high but hedges with \"{hedge.group(0)}\"; say it plainly"
                if hedge else None)
    if claim.evidence not in WORDING:
        return None  # advice, or a result its source did not grade: no GRADE wording
    words, needed, overstating = WORDING[claim.evidence]
    grade = claim.evidence.replace("-", " ")
    if overstating is not None and (found := overstating.search(claim.text)):
        return f"is graded {grade} but says \"{found.group(0)}\"; say {words}"
    if not needed.search(claim.text):
        return f"is graded {grade}, so say {words}"
    return None
