"""The clinician's one-page report as plain data: what `diary report` shows, whatever the
format. The renderers (render/report.py) only lay this out; nothing here prints.

The change since the baseline comes from outcomes.progress, over the whole diary (the
baseline is the first value ever, as `diary show` gives it); everything else covers the
period asked for, the last 8 weeks by default.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .outcomes import (
    PAIN_RULE,
    SBI_ITEMS,
    SBI_MAX,
    SBI_RULE,
    Progress,
    pgic_label,
    progress,
)
from .page_references import short_citation
from .wording import NOT_A_DIAGNOSIS

if TYPE_CHECKING:
    from .catalog import Catalog
    from .diary import CheckIn, DiaryEntry

DEFAULT_DAYS = 56  # 8 weeks: what a clinician asks about at a follow-up
ROUTINE_NOTE_START = "Routine:"  # how routine.session_note begins a logged session
# Where the thresholds come from, in the order the report names them.
THRESHOLD_SOURCES = ("ostelo2008mic", "farrar2001pain", "grovle2008sbi",
                     "grovle2010bothersomeness")


class FlagSign(NamedTuple):
    id: str
    text: str  # the sign in the guide's words; the id when the guide no longer has it
    tier: str  # emergency, urgent, routine, or "" when unknown


class RedFlagEntry(NamedTuple):
    at: str
    signs: tuple[FlagSign, ...]
    note: str


class SignSeen(NamedTuple):
    """One red-flag sign and every time it was reported in the period, newest first."""

    sign: FlagSign
    times: tuple[str, ...]  # the entries' `at`


def signs_seen(red_flags: tuple[RedFlagEntry, ...]) -> tuple[SignSeen, ...]:
    """The red-flag entries by sign, the most urgent tier first, then the most recent."""
    seen: dict[str, list] = {}
    for entry in red_flags:  # newest first already
        for sign in entry.signs:
            seen.setdefault(sign.id, [sign, []])[1].append(entry.at)
    order = {"emergency": 0, "urgent": 1, "routine": 2}
    # Times are ISO 8601 from one diary, so newest first is a plain reverse sort.
    recent = sorted((SignSeen(sign, tuple(times)) for sign, times in seen.values()),
                    key=lambda s: s.times[0], reverse=True)
    return tuple(sorted(recent, key=lambda s: order.get(s.sign.tier, 3)))


class DayPain(NamedTuple):
    """One day's averages; None where nothing of that kind was recorded that day."""

    date: str  # YYYY-MM-DD
    leg: float | None
    back: float | None
    overall: float


class SbiPoint(NamedTuple):
    at: str
    items: tuple[int, int, int, int]
    total: int
    pgic: str | None  # the answer in words, from the second check-in on


class Done(NamedTuple):
    id: str
    name: str  # the stretch's or page's name; the id when the guide no longer has it
    times: int  # how many entries name it


class Citation(NamedTuple):
    key: str
    text: str


class Report(NamedTuple):
    start: date
    end: date
    days: int  # the period's length in days
    entries: int  # entries in the period
    red_flags: tuple[RedFlagEntry, ...]  # newest first
    pain: tuple[DayPain, ...]  # oldest first
    sbi: tuple[SbiPoint, ...]  # check-ins in the period, oldest first
    progress: Progress  # baseline, latest, change and advice, over the whole diary
    done: tuple[Done, ...]  # most often first
    routine_sessions: int
    pain_rule: str
    sbi_rule: str
    sbi_items: tuple[str, ...]  # the four symptoms, short, in order
    sbi_max: int
    sources: tuple[Citation, ...]
    prepared: datetime
    not_a_diagnosis: str = NOT_A_DIAGNOSIS


def since_days(since: datetime | None, now: datetime) -> datetime:
    """The start of the period: the day `since` falls on, or 8 weeks before today."""
    # The last 8 weeks are today and the 55 days before it.
    start = since if since is not None else now - timedelta(days=DEFAULT_DAYS - 1)
    if start.tzinfo is None:
        start = start.astimezone()
    return start.replace(hour=0, minute=0, second=0, microsecond=0)


def build(entries: list[DiaryEntry], checkins: list[CheckIn], catalog: Catalog,
          now: datetime, since: datetime | None = None) -> Report:
    """The report for the entries and check-ins since `since` (default: 8 weeks ago)."""
    start = since_days(since, now)
    shown = [e for e in entries if start <= e.when <= now]
    shown_checkins = [c for c in checkins if start <= c.when <= now]
    overall = progress(entries, checkins, now)
    keys = list(THRESHOLD_SOURCES) + [a.source for a in overall.advice]
    sources = tuple(Citation(k, short_citation(catalog.sources[k]))
                    for k in dict.fromkeys(keys) if k in catalog.sources)
    return Report(
        start=start.date(), end=now.date(), days=(now.date() - start.date()).days + 1,
        entries=len(shown), red_flags=_red_flags(shown, catalog), pain=_by_day(shown),
        sbi=tuple(SbiPoint(c.at, c.sbi, c.sbi_total,
                           None if c.pgic is None else pgic_label(c.pgic))
                  for c in shown_checkins),
        progress=overall, done=_done(shown, catalog),
        routine_sessions=sum(e.note.startswith(ROUTINE_NOTE_START) for e in shown),
        pain_rule=PAIN_RULE, sbi_rule=SBI_RULE,
        sbi_items=tuple(item.short for item in SBI_ITEMS), sbi_max=SBI_MAX,
        sources=sources, prepared=now)


def _red_flags(entries: list[DiaryEntry], catalog: Catalog) -> tuple[RedFlagEntry, ...]:
    known = {sign.id: FlagSign(sign.id, sign.text, tier.id)
             for tier in catalog.redflags.tiers for sign in tier.signs}
    return tuple(RedFlagEntry(e.at, tuple(known.get(f, FlagSign(f, f, "")) for f in e.red_flags),
                              e.note)
                 for e in reversed(entries) if e.red_flags)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _by_day(entries: list[DiaryEntry]) -> tuple[DayPain, ...]:
    days: dict[str, list[DiaryEntry]] = {}
    for e in entries:
        days.setdefault(e.when.date().isoformat(), []).append(e)
    return tuple(DayPain(day, _mean([e.leg_pain for e in items if e.leg_pain is not None]),
                         _mean([e.back_pain for e in items if e.back_pain is not None]),
                         sum(e.pain for e in items) / len(items))
                 for day, items in sorted(days.items()))


def _done(entries: list[DiaryEntry], catalog: Catalog) -> tuple[Done, ...]:
    counts = Counter(d for e in entries for d in e.did)
    stretches = catalog.stretch_index()

    def name(item: str) -> str:
        if item in stretches:
            return stretches[item][1].name
        entry = catalog.entries.get(item)
        return entry.name if entry is not None else item

    return tuple(Done(item, name(item), times)
                 for item, times in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
