"""The diary's outcome measures as plain data: what is asked, how it is scored, and whether
a change is big enough to matter. No printing and no storage here, so a report (terminal,
page, or a clinician's summary) can use the same numbers.

Sources (data/sources.yaml has each, with what it supports):
- Sciatica Bothersomeness Index (SBI): four symptoms, each 0 to 6, summed to 0-24. What a
  primary source confirms: leg pain, numbness or tingling, and weakness are SBI items scored
  0 = none to 6 = extremely (grovle2010bothersomeness); the total runs 0 to 24
  (haugen2011success). Not confirmed: the English wording of any item (the SBI's origin,
  Patrick and others, Spine 1995, could not be found), the fourth item (back or leg pain
  while sitting comes from our research notes only), and the labels of the answers 1 to 5.
  So the questions are in our own words, the two ends of the scale use the source's words,
  and the middle answers carry no labels. Its measurement error was 22% of the score range,
  about 5.3 points (grovle2008sbi), so a change counts only when it is bigger than that: 6
  points or more, as the scores are whole numbers.
- 0-10 pain: a change of 2 points or 30% of the first value matters (ostelo2008mic;
  farrar2001pain). The issue asks the same rule for getting worse.
- Patient Global Impression of Change (PGIC): the standard seven-point scale, of which
  farrar2001pain names "much improved" and "very much improved"; the seven answers are those
  of the improvement item of Guy's Clinical Global Impressions (1976), which we read only as
  others copied it, not in the original. Asked only after the first check-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .diary import CheckIn, DiaryEntry
    from .models import RedFlags


class SbiItem(NamedTuple):
    key: str
    text: str
    short: str


# The two ends of the scale in the words of grovle2010bothersomeness: 0 = none, 6 = extremely.
SBI_QUESTION = ("In the last week, how bothersome has each of these been? "
                "0 means none, 6 means extremely bothersome.")
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


# --- Change that matters ----------------------------------------------------------------

BETTER, WORSE, NO_CLEAR_CHANGE, ONE_VALUE = "better", "worse", "no clear change", "one value"

# The NHS sciatica page's own words (nhs-sciatica), quoted as they are. It gives 4 to 6 weeks
# for getting better and "a few weeks" before seeing a GP, so the diary waits the 4 weeks.
NHS_USUAL_RECOVERY = "usually gets better in 4 to 6 weeks"
NHS_NOT_IMPROVED = "has not improved after trying home treatments for a few weeks"
NHS_GETTING_WORSE = "is getting worse"
NOT_IMPROVING_AFTER_DAYS = 28  # the low end of the NHS's "4 to 6 weeks"


class Measure(NamedTuple):
    key: str  # pain, leg_pain, back_pain, sbi (as in the JSON)
    name: str
    top: int  # the highest score: 10 or 24


PAIN = Measure("pain", "pain overall", 10)
LEG_PAIN = Measure("leg_pain", "leg pain", 10)
BACK_PAIN = Measure("back_pain", "back pain", 10)
SBI = Measure("sbi", "Sciatica Bothersomeness Index", SBI_MAX)


class Change(NamedTuple):
    """One measure from its first value (the baseline) to its latest."""

    measure: Measure
    baseline: int
    baseline_at: str
    latest: int
    latest_at: str
    values: int  # how many values there are (`count` would hide tuple.count)
    verdict: str  # BETTER, WORSE, NO_CLEAR_CHANGE or ONE_VALUE
    rule: str  # what counts as a change that matters, in words, with its sources

    @property
    def change(self) -> int:
        """Latest minus baseline: below zero is better (less pain, less bother)."""
        return self.latest - self.baseline

    @property
    def percent(self) -> float | None:
        """The change as a share of the baseline; None when the baseline is 0."""
        return None if self.baseline == 0 else 100 * self.change / self.baseline


class Advice(NamedTuple):
    """See a doctor: our words, then the source's own, with its key and where to read it."""

    text: str
    quote: str
    source: str  # a key in data/sources.yaml
    where: str = "NHS, Sciatica: https://www.nhs.uk/conditions/sciatica/"


class Progress(NamedTuple):
    """Everything the diary says about change: plain data for any renderer or report."""

    changes: tuple[Change, ...]
    last_pgic: int | None  # the latest answer to the PGIC, 1-7
    advice: tuple[Advice, ...]
    checkin_due: bool  # no check-in yet, or the last one was a week ago or more


def pain_matters(baseline: int, latest: int) -> bool:
    """0-10 pain: a change of at least 2 points, or of at least 30% of the baseline."""
    moved = abs(latest - baseline)
    # From a baseline of 0 a share means nothing: only the points count.
    return moved >= PAIN_MIC_POINTS or (baseline > 0 and moved > 0 and 10 * moved >= 3 * baseline)


def sbi_matters(baseline: int, latest: int) -> bool:
    """SBI: a change bigger than its measurement error (5.3 points, so 6 or more)."""
    return abs(latest - baseline) > SBI_MEASUREMENT_ERROR


PAIN_RULE = "2 points or 30% (Ostelo 2008; Farrar 2001)"
SBI_RULE = f"more than {SBI_MEASUREMENT_ERROR:.1f} points, its measurement error (Grøvle 2008)"


def change_of(measure: Measure, values: list[tuple[str, int]]) -> Change | None:
    """Baseline (the first value), latest and verdict; None when there is no value."""
    if not values:
        return None
    (first_at, first), (last_at, last) = values[0], values[-1]
    matters = sbi_matters if measure is SBI else pain_matters
    if len(values) == 1:
        verdict = ONE_VALUE
    elif matters(first, last):
        verdict = BETTER if last < first else WORSE
    else:
        verdict = NO_CLEAR_CHANGE
    return Change(measure, first, first_at, last, last_at, len(values), verdict,
                  SBI_RULE if measure is SBI else PAIN_RULE)


def progress(entries: list[DiaryEntry], checkins: list[CheckIn], now: datetime) -> Progress:
    """Baseline, latest and change for each measure, in time order, and the advice they
    call for. `entries` are DiaryEntry and `checkins` CheckIn, each oldest first."""
    found = [change_of(PAIN, [(e.at, e.pain) for e in entries]),
             change_of(LEG_PAIN, [(e.at, e.leg_pain) for e in entries if e.leg_pain is not None]),
             change_of(BACK_PAIN, [(e.at, e.back_pain) for e in entries
                                   if e.back_pain is not None]),
             change_of(SBI, [(c.at, c.sbi_total) for c in checkins])]
    changes = tuple(c for c in found if c is not None)
    starts = [datetime.fromisoformat(x.at) for x in (entries[:1] + checkins[:1])]
    advice = []
    if any(c.verdict == WORSE for c in changes):
        advice.append(Advice("Your diary shows a change for the worse that matters. The NHS says "
                             "to see a GP if the pain", NHS_GETTING_WORSE, "nhs-sciatica"))
    # Leg pain leads in sciatica; without it, pain overall. The SBI counts too.
    leading = [c for c in changes if c.measure in (LEG_PAIN, SBI)] or [
        c for c in changes if c.measure is PAIN]
    if (starts and (now - min(starts)).days >= NOT_IMPROVING_AFTER_DAYS and leading
            and not any(c.verdict == BETTER for c in leading)):
        advice.append(Advice(
            f"Your diary began {(now - min(starts)).days // 7} weeks ago and shows no "
            f"improvement that matters yet. The NHS says sciatica \"{NHS_USUAL_RECOVERY}\" and "
            "to see a GP if the pain", NHS_NOT_IMPROVED, "nhs-sciatica"))
    last_pgic = next((c.pgic for c in reversed(checkins) if c.pgic is not None), None)
    due = not checkins or (now - datetime.fromisoformat(checkins[-1].at)).days >= 7
    return Progress(changes, last_pgic, tuple(advice), due)


# --- What `diary show` shows, as plain data -------------------------------------------------


class FlaggedSign(NamedTuple):
    """A red-flag sign saved with an entry: its id, and its words from the guide."""

    id: str
    text: str  # the id itself when the guide no longer has the sign


def sign_words(flags: RedFlags) -> dict[str, str]:
    """Each red-flag sign's id and its plain words, for showing saved signs to a person."""
    return {sign.id: sign.text for tier in flags.tiers for sign in tier.signs}


def flagged(ids: tuple[str, ...], words: Mapping[str, str]) -> tuple[FlaggedSign, ...]:
    return tuple(FlaggedSign(i, words.get(i, i)) for i in ids)


class Day(NamedTuple):
    date: str  # YYYY-MM-DD, local
    average_pain: float
    did: tuple[str, ...]  # sorted
    red_flags: tuple[FlaggedSign, ...]  # in the order first reported


class DiaryView(NamedTuple):
    days: tuple[Day, ...]  # the period asked for, oldest first
    this_week: float | None  # average pain over the last 7 days
    last_week: float | None  # and over the 7 days before them
    progress: Progress  # over every entry and check-in, whatever the period


def by_day(entries: list[DiaryEntry], words: Mapping[str, str]) -> tuple[Day, ...]:
    days: dict[str, list[DiaryEntry]] = {}
    for e in entries:
        days.setdefault(e.when.date().isoformat(), []).append(e)
    return tuple(Day(day, sum(e.pain for e in items) / len(items),
                     tuple(sorted({d for e in items for d in e.did})),
                     flagged(tuple(dict.fromkeys(f for e in items for f in e.red_flags)), words))
                 for day, items in sorted(days.items()))


def diary_view(entries: list[DiaryEntry], checkins: list[CheckIn], days: int | None,
               now: datetime, words: Mapping[str, str]) -> DiaryView:
    """The chart covers `days`; the weeks and the change use every entry. `words` gives
    each red-flag sign's plain words (sign_words), so the chart names a sign as the guide
    does."""
    from .diary import in_last_days, weekly_averages

    this, last = weekly_averages(entries, now)
    return DiaryView(by_day(in_last_days(entries, days, now), words), this, last,
                     progress(entries, checkins, now))
