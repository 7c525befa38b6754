"""A personal plan, drawn from the content: the red-flag questions, the stage, the reader's
conditions, and for each suggested page the cautions that apply to this reader.

Nothing here prints or reads a terminal: the interview takes an `ask(step) -> picks`
function, so a test (or a script) can answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .catalog import Catalog, normalize
from .errors import NotFound
from .models import Caution, Entry, RedFlag, RedFlagTier

ACUTE_WEEKS = 6


class FoundCaution(NamedTuple):
    caution: Caution
    applies: bool  # tagged with one of the reader's conditions


class PlanItem(NamedTuple):
    entry: Entry
    cautions: tuple[FoundCaution, ...]


class Plan(NamedTuple):
    stage: str  # acute | chronic
    conditions: tuple[str, ...]
    urgent: tuple[RedFlag, ...]  # urgent signs the reader said yes to
    start_today: tuple[PlanItem, ...]  # self-care
    ask_about: tuple[PlanItem, ...]  # techniques to ask a massage therapist about


class Emergency(NamedTuple):
    """An emergency sign was reported: show this tier's advice and nothing else."""

    tier: RedFlagTier
    signs: tuple[RedFlag, ...]


class Answers(NamedTuple):
    stage: str
    conditions: tuple[str, ...]
    urgent: tuple[RedFlag, ...]


def resolve_condition(catalog: Catalog, name: str) -> str:
    """A condition id from an id or a name, forgivingly; a miss suggests close ones."""
    wanted = normalize(name)
    for cond in catalog.conditions.values():
        if wanted in (normalize(cond.id), normalize(cond.name)):
            return cond.id
    import difflib

    close = difflib.get_close_matches(wanted, [normalize(c) for c in catalog.conditions], n=3,
                                      cutoff=0.5)
    by_norm = {normalize(c): c for c in catalog.conditions}
    raise NotFound("condition", name, [by_norm[c] for c in close] or list(catalog.conditions)[:3])


class Step(NamedTuple):
    """One question of the interview: a numbered list, answered with numbers or "none"."""

    number: int  # this step, from 1
    of: int  # how many steps in all, said up front
    title: str
    lead: str  # what is asked about the list
    options: tuple[str, ...]
    one: bool = False  # pick exactly one (how long the pain has lasted); else any, or none
    tier: str = ""  # the red-flag tier this step asks about, if any
    local: tuple[bool, ...] = ()  # which options came from the reader's own content


NONE_WORDS = {"none", "no", "n", "nothing", "neither"}


def parse_picks(text: str, step: Step) -> tuple[int, ...]:
    """The options picked (0-based) from what the person typed: numbers such as "1 3" or
    "1,3", or "none". Nothing typed is not an answer: every step needs one, so holding
    Enter can never skip a red flag. A ValueError says, in plain words, what to type."""
    count = len(step.options)
    words = text.replace(",", " ").lower().split()
    hint = (f"type one number, 1 to {count}" if step.one
            else f"type the numbers that apply (1 to {count}), or none")
    if not words:
        raise ValueError(f"Please answer: {hint}.")
    if not step.one and len(words) == 1 and words[0] in NONE_WORDS:
        return ()
    picks: list[int] = []
    for word in words:
        if not word.isdigit() or not 1 <= int(word) <= count:
            raise ValueError(f"'{word}' is not one of the choices: {hint}.")
        picks.append(int(word) - 1)
    if step.one and len(set(picks)) != 1:
        raise ValueError(f"Please pick one: {hint}.")
    return tuple(dict.fromkeys(picks))


class Interview(NamedTuple):
    """What the plan still has to ask, decided before the first question so the person is
    told up front how many steps there are."""

    tiers: tuple[RedFlagTier, ...]  # red-flag tiers asked as checklists
    stage: bool
    conditions: bool

    @property
    def steps(self) -> int:
        return len(self.tiers) + self.stage + self.conditions


def plan_interview(catalog: Catalog, stage: str | None, conditions: tuple[str, ...] | None,
                   red_flags_answered: bool) -> Interview:
    # Routine signs are advice, not questions: they are shown, and asked about nowhere.
    tiers = () if red_flags_answered else tuple(
        t for t in catalog.redflags.tiers if t.id != "routine")
    return Interview(tiers, stage is None, conditions is None)


def interview(catalog: Catalog, ask: Callable[[Step], tuple[int, ...]],
              stage: str | None = None, conditions: tuple[str, ...] | None = None,
              red_flags_checked: bool = False, reported: tuple[RedFlag, ...] = (),
              show: Callable[[RedFlagTier], None] | None = None,
              local_signs: frozenset[str] = frozenset()) -> Answers | Emergency:
    """Each red-flag tier as one checklist, emergency first; any emergency sign ends the
    interview. Then the stage and the conditions (one checklist), unless given.

    `reported` are signs given on the command line (they answer the red flags); `show`
    is told the routine tier, which is shown but not asked about."""
    urgent: list[RedFlag] = []
    for sign in reported:
        tier = tier_of(catalog, sign.id)
        if tier.id == "emergency":
            emergency = tuple(s for s in reported if tier_of(catalog, s.id).id == "emergency")
            return Emergency(tier, emergency)
        if tier.id == "urgent":
            urgent.append(sign)
    plan = plan_interview(catalog, stage, conditions, red_flags_checked or bool(reported))
    number = 0
    for tier in plan.tiers:
        number += 1
        picked = ask(Step(number, plan.steps, tier.title,
                          "Do any of these apply to you now?",
                          tuple(s.text for s in tier.signs), tier=tier.id,
                          local=tuple(s.id in local_signs for s in tier.signs)))
        signs = tuple(tier.signs[i] for i in picked)
        if tier.id == "emergency" and signs:
            return Emergency(tier, signs)
        urgent.extend(signs)
    if plan.tiers and show is not None:
        for tier in catalog.redflags.tiers:
            if tier.id == "routine":
                show(tier)
    if stage is None:
        number += 1
        picked = ask(Step(number, plan.steps, "How long", "How long have you had this pain?",
                          (f"Less than {ACUTE_WEEKS} weeks", f"{ACUTE_WEEKS} weeks or more"),
                          one=True))
        stage = "acute" if picked == (0,) else "chronic"
    if conditions is None:
        number += 1
        known = tuple(catalog.conditions.values())
        picked = ask(Step(number, plan.steps, "Your health",
                          "Do any of these apply to you? They change what is safe for you.",
                          tuple(c.name for c in known)))
        conditions = tuple(known[i].id for i in picked)
    return Answers(stage, conditions, tuple(urgent))


def tier_of(catalog: Catalog, sign_id: str) -> RedFlagTier:
    return next(t for t in catalog.redflags.tiers if any(s.id == sign_id for s in t.signs))


def resolve_sign(catalog: Catalog, name: str) -> RedFlag:
    """A red-flag sign from its id, forgivingly; a miss suggests close ones."""
    signs = {normalize(s.id): s for t in catalog.redflags.tiers for s in t.signs}
    if normalize(name) in signs:
        return signs[normalize(name)]
    import difflib

    close = difflib.get_close_matches(normalize(name), list(signs), n=3, cutoff=0.5)
    raise NotFound("red-flag sign", name, [signs[c].id for c in close])


def build_plan(catalog: Catalog, stage: str, conditions: tuple[str, ...] = (),
               urgent: tuple[RedFlag, ...] = ()) -> Plan:
    """Self-care to start today and techniques to ask about, for this stage, each with the
    cautions for this reader: those tagged with the reader's conditions (marked as applying)
    and the general ones. Cautions tagged only with other conditions are left out."""

    def item(entry: Entry) -> PlanItem:
        found = []
        for caution in entry.cautions:
            applies = bool(set(caution.conditions) & set(conditions))
            if applies or not caution.conditions:
                found.append(FoundCaution(caution, applies))
        found.sort(key=lambda f: not f.applies)  # what applies to this reader first
        return PlanItem(entry, tuple(found))

    def chosen(kind: str) -> tuple[PlanItem, ...]:
        entries = [e for e in catalog.of_kind(kind) if stage in e.stages]
        # Strongest evidence first; the name breaks ties so the order is stable.
        entries.sort(key=lambda e: (tuple(-r for r in e.best_evidence.rank), e.name))
        return tuple(item(e) for e in entries)

    return Plan(stage, tuple(conditions), tuple(urgent), chosen("selfcare"), chosen("technique"))


def cited_keys(plan: Plan) -> list[str]:
    """The plan's sources, numbered in the order the plan cites them."""
    keys = [k for part in (plan.start_today, plan.ask_about) for item in part
            for found in item.cautions for k in found.caution.sources]
    keys += [k for sign in plan.urgent for k in sign.sources]
    return list(dict.fromkeys(keys))
