"""A personal plan, drawn from the content: the red-flag questions, the stage, the reader's
conditions, and for each suggested page the cautions that apply to this reader.

Nothing here prints or reads a terminal: the interview takes an `ask(question) -> bool`
function, so a test (or a script) can answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .catalog import Catalog, normalize
from .errors import NotFound
from .models import Caution, Entry, RedFlag, RedFlagTier, evidence_rank

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


def interview(catalog: Catalog, ask: Callable[[str], bool], stage: str | None = None,
              conditions: tuple[str, ...] | None = None,
              red_flags_checked: bool = False) -> Answers | Emergency:
    """Ask the red-flag questions first, emergency signs before urgent ones; any yes to an
    emergency sign ends the interview. Then the stage and the conditions, unless given."""
    urgent: list[RedFlag] = []
    if not red_flags_checked:
        for tier in catalog.redflags.tiers:
            if tier.id == "routine":
                continue  # routine signs are advice on the plan, not questions
            for sign in tier.signs:
                if ask(sign.question):
                    if tier.id == "emergency":
                        return Emergency(tier, (sign,))
                    urgent.append(sign)
    if stage is None:
        stage = "acute" if ask(f"Has this pain lasted less than {ACUTE_WEEKS} weeks?") \
            else "chronic"
    if conditions is None:
        conditions = tuple(c.id for c in catalog.conditions.values() if ask(c.question))
    return Answers(stage, conditions, tuple(urgent))


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
        entries.sort(key=lambda e: (-evidence_rank(e.best_evidence), e.name))
        return tuple(item(e) for e in entries)

    return Plan(stage, tuple(conditions), tuple(urgent), chosen("selfcare"), chosen("technique"))


def cited_keys(plan: Plan) -> list[str]:
    """The plan's sources, numbered in the order the plan cites them."""
    keys = [k for part in (plan.start_today, plan.ask_about) for item in part
            for found in item.cautions for k in found.caution.sources]
    keys += [k for sign in plan.urgent for k in sign.sources]
    return list(dict.fromkeys(keys))
