"""A personal plan, drawn from the content: the red-flag questions, the stage, the reader's
conditions, and for each suggested page the cautions that apply to this reader.

Nothing here prints or reads a terminal: the interview takes an `ask(step) -> picks`
function, so a test (or a script) can answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from . import lookup
from .catalog import Catalog
from .lookup import normalize
from .errors import NotFound
from .models import Caution, Condition, Entry, RedFlag, RedFlagTier
from .suitability import GROUPS, Decided, Person, Verdict, decide, effect_of, in_order

ACUTE_WEEKS = 6


class FoundCaution(NamedTuple):
    caution: Caution
    applies: bool  # tagged with one of the reader's conditions

    @property
    def effect(self) -> str:
        return effect_of(self.caution)


class PlanItem(NamedTuple):
    entry: Entry
    cautions: tuple[FoundCaution, ...]
    verdict: Verdict  # in or adapted (what is out is in Plan.not_for_you)
    stretches_out: tuple[str, ...] = ()  # names of this page's stretches that are not for them


class NotForYou(NamedTuple):
    """An entry or a stretch that is out for this reader, and why."""

    id: str
    name: str
    kind: str  # technique | selfcare | stretch
    page: str  # the page it is on (itself for an entry)
    verdict: Verdict


class Plan(NamedTuple):
    stage: str  # acute | chronic
    conditions: tuple[str, ...]
    urgent: tuple[RedFlag, ...]  # urgent signs the reader said yes to, or that a condition implies
    start_today: tuple[PlanItem, ...]  # self-care that is not out, exercise first
    ask_about: tuple[PlanItem, ...]  # techniques that are not out
    # NICE NG59 order: (group, items) for exercise, other self-care, massage.
    sections: tuple[tuple[str, tuple[PlanItem, ...]], ...] = ()
    not_for_you: tuple[NotForYou, ...] = ()
    advice: tuple[Condition, ...] = ()  # the reader's conditions that carry advice


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
    found = lookup.find(name, lookup.names_of((n, c.id) for c in catalog.conditions.values()
                                              for n in (c.id, c.name)))
    if found is not None:
        return found
    # Ids are suggested (what a person types next); with none close, the first few.
    close = lookup.suggest(name, lookup.names_of((c, c) for c in catalog.conditions))
    raise NotFound("condition", name, close or list(catalog.conditions)[:3])


NONE = "none"  # `--condition none`: the person says no condition applies


def resolve_conditions(catalog: Catalog, names: list[str]) -> tuple[str, ...]:
    """Condition ids from ids or names, in the order given; "none" alone means none apply."""
    return tuple(dict.fromkeys(resolve_condition(catalog, n) for n in names
                               if normalize(n) != NONE))


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
    # A condition that is also a red-flag sign (cancer) is asked once, with the red flags.
    asked_signs: set[str] = {s.id for s in reported}
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
        asked_signs.update(s.id for s in tier.signs)
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
        known = tuple(c for c in catalog.conditions.values() if c.red_flag not in asked_signs)
        picked = ask(Step(number, plan.steps, "Your health",
                          "Do any of these apply to you? They change what is safe for you.",
                          tuple(c.name for c in known)))
        conditions = answered_by_red_flags(catalog, asked_signs, urgent) + tuple(
            known[i].id for i in picked)
    return Answers(stage, conditions, tuple(urgent))


def answered_by_red_flags(catalog: Catalog, asked: set[str],
                          picked: list[RedFlag]) -> tuple[str, ...]:
    """The conditions a red-flag answer already gave (a yes to the cancer sign is the cancer
    condition), so nobody is asked about them twice."""
    yes = {s.id for s in picked}
    return tuple(c.id for c in catalog.conditions.values()
                 if c.red_flag in asked and c.red_flag in yes)


def tier_of(catalog: Catalog, sign_id: str) -> RedFlagTier:
    return next(t for t in catalog.redflags.tiers if any(s.id == sign_id for s in t.signs))


def resolve_sign(catalog: Catalog, name: str) -> RedFlag:
    """A red-flag sign from its id, forgivingly; a miss suggests close ones."""
    signs = {s.id: s for t in catalog.redflags.tiers for s in t.signs}
    ids = lookup.names_of((i, i) for i in signs)
    found = lookup.find(name, ids)
    if found is not None:
        return signs[found]
    raise NotFound("red-flag sign", name, lookup.suggest(name, ids))


def implied_red_flags(catalog: Catalog, conditions: tuple[str, ...],
                      urgent: tuple[RedFlag, ...]) -> tuple[RedFlag, ...]:
    """The urgent signs, plus any a condition implies (a cancer answer is the cancer sign)."""
    signs = {s.id: s for tier in catalog.redflags.tiers if tier.id != "emergency"
             for s in tier.signs}
    out = list(urgent)
    for cond_id in conditions:
        cond = catalog.conditions.get(cond_id)
        sign = signs.get(cond.red_flag) if cond is not None and cond.red_flag else None
        if sign is not None and sign not in out:
            out.append(sign)
    return tuple(out)


def build_plan(catalog: Catalog, stage: str, conditions: tuple[str, ...] = (),
               urgent: tuple[RedFlag, ...] = ()) -> Plan:
    """What suitability.decide leaves in for this reader, in NICE NG59 order (exercise, other
    self-care, massage as an optional extra), each with the cautions for this reader: those
    tagged with the reader's conditions (marked as applying; rules before notes) and the
    general ones. What is out, for their stage or their conditions, is in `not_for_you`."""
    decision = decide(catalog, Person(stage, tuple(conditions)))

    def item(d: Decided) -> PlanItem:
        found = [FoundCaution(c, True) for c in d.for_you]
        found += [FoundCaution(c, False) for c in d.entry.cautions if not c.conditions]
        out = tuple(s.name for s, v in d.stretches if v.out)
        return PlanItem(d.entry, tuple(found), d.verdict, out)

    groups = in_order(decision.entries.values())
    sections = tuple((g, tuple(item(d) for d in groups[g])) for g in GROUPS)
    by_group = dict(sections)
    not_for_you = tuple(
        NotForYou(d.entry.id, d.entry.name, d.entry.kind, d.entry.id, d.verdict)
        for d in decision.entries.values() if d.verdict.out) + tuple(
        NotForYou(s.id, s.name, "stretch", d.entry.id, v)
        for d in decision.entries.values() if not d.verdict.out for s, v in d.stretches
        if v.out)
    return Plan(stage, tuple(conditions), implied_red_flags(catalog, tuple(conditions), urgent),
                by_group["exercise"] + by_group["self-care"], by_group["massage"], sections,
                not_for_you, decision.advice)


def cited_keys(plan: Plan) -> list[str]:
    """The plan's sources, numbered in the order the plan cites them."""
    keys = [k for part in (plan.start_today, plan.ask_about) for item in part
            for found in item.cautions for k in found.caution.sources]
    keys += [k for out in plan.not_for_you for reason in out.verdict.reasons
             for k in reason.sources]
    keys += [k for sign in plan.urgent for k in sign.sources]
    return list(dict.fromkeys(keys))
