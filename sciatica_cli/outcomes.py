"""The diary's outcome measures as plain data: what is asked, how it is scored, and whether
a change is big enough to matter. No printing and no storage here, so a report (terminal,
page, or a clinician's summary) can use the same numbers.

Sources (data/sources.yaml has each, with what it supports):
- Sciatica Bothersomeness Index (SBI): four symptoms, each 0 (not at all) to 6 (extremely
  bothersome), summed to 0-24 (grovle2010bothersomeness; grovle2008sbi). Its measurement
  error was 22% of the score range, about 5.3 points (grovle2008sbi), so a change counts only
  when it is bigger than that: 6 points or more, as the scores are whole numbers.
- 0-10 pain: a change of 2 points or 30% of the first value matters (ostelo2008mic;
  farrar2001pain). The issue asks the same rule for getting worse.
- Patient Global Impression of Change (PGIC): seven answers from very much improved to very
  much worse (farrar2001pain), asked only after the first check-in.
"""

from __future__ import annotations

from typing import NamedTuple


class SbiItem(NamedTuple):
    key: str
    text: str
    short: str


SBI_QUESTION = ("In the last week, how bothersome has each of these been? "
                "0 means not at all bothersome, 6 means extremely bothersome.")
SBI_ITEMS = (
    SbiItem("leg_pain", "Leg pain (sciatica)", "leg pain"),
    SbiItem("numbness", "Numbness or tingling in your leg, foot or groin", "numbness"),
    SbiItem("weakness", "Weakness in your leg or foot", "weakness"),
    SbiItem("sitting", "Back or leg pain while sitting", "sitting"),
)
SBI_ITEM_MAX = 6
SBI_MAX = SBI_ITEM_MAX * len(SBI_ITEMS)  # 24
SBI_MEASUREMENT_ERROR = 0.22 * SBI_MAX  # 5.28 points (Grøvle 2008)

PGIC_QUESTION = "Since your first check-in, how has your sciatica changed overall?"
# 1 to 7, best first, as the scale is usually scored.
PGIC_ANSWERS = ("very much improved", "much improved", "minimally improved", "no change",
                "minimally worse", "much worse", "very much worse")

PAIN_MIC_POINTS = 2  # Ostelo 2008 consensus for the 0-10 numeric rating scale
PAIN_MIC_FRACTION = 0.30  # Ostelo 2008; Farrar 2001


def sbi_total(items: tuple[int, ...] | list[int]) -> int:
    """The SBI: the sum of its four items, each 0 to 6."""
    if len(items) != len(SBI_ITEMS):
        raise ValueError(f"the SBI has {len(SBI_ITEMS)} items, not {len(items)}")
    for value in items:
        if not 0 <= value <= SBI_ITEM_MAX:
            raise ValueError(f"each SBI item is 0 to {SBI_ITEM_MAX}, not {value}")
    return sum(items)


def pgic_score(answer: str) -> int:
    """1 (very much improved) to 7 (very much worse), from the number or the words."""
    spoken = " ".join(answer.strip().lower().replace("-", " ").split())
    if spoken.isdigit() and 1 <= int(spoken) <= len(PGIC_ANSWERS):
        return int(spoken)
    if spoken in PGIC_ANSWERS:
        return PGIC_ANSWERS.index(spoken) + 1
    raise ValueError(f"'{answer}' is not an answer; use 1 to 7: "
                     + ", ".join(f"{i} {a}" for i, a in enumerate(PGIC_ANSWERS, 1)))


def pgic_label(score: int) -> str:
    return PGIC_ANSWERS[score - 1]
