"""The one rule that decides, for a person, what is in, adapted or out, and why.

A person is a stage (or none known) and a set of conditions. A caution tied to one of
their conditions acts by its `effect`: `out` takes the page out, `adapted` keeps it with
the change the caution says, `note` is shown. A stretch is out when a condition rules
out a movement it asks of the body. Every personal command (plan, routine, handout,
compare) asks `decide` and shows what is out only as "not for you, and why".

Nothing here prints; the answer is plain data for the renderers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, NamedTuple

from .models import Caution, Condition, Entry, Stretch

if TYPE_CHECKING:
    from .catalog import Catalog

Status = Literal["in", "adapted", "out"]

# Words that make a caution a rule rather than a note (SCI015; and how an old file's
# caution without `effect` is read).
_DO_NOT = re.compile(r"\b(do not|don't|avoid|never|skip|should not|must not|not for)\b", re.I)

# NICE NG59: staying active and exercise first; other self-care; massage only as an
# optional extra alongside exercise.
GROUPS = ("exercise", "self-care", "massage")
GROUP_TITLES = {
    "exercise": "Stay active and exercise",
    "self-care": "Other things you can do yourself",
    "massage": "Optional extra, only alongside exercise: massage",
}
STAGE_WORDS = {"acute": "pain that started less than 6 weeks ago",
               "chronic": "pain that has lasted 6 weeks or more"}


def says_do_not(text: str) -> bool:
    return bool(_DO_NOT.search(text))


def effect_of(caution: Caution) -> str:
    """What a caution does. A file written before `effect` existed: a caution tied to a
    condition that says "do not" or "avoid" is read as `out`, anything else as `note`."""
    if caution.effect is not None:
        return caution.effect
    if caution.conditions and says_do_not(caution.text):
        return "out"
    return "note"


def group_of(entry: Entry) -> str:
    if entry.group is not None:
        return entry.group
    return "massage" if entry.kind == "technique" else "self-care"


class Person(NamedTuple):
    stage: str | None = None  # acute | chronic | None when not asked
    conditions: tuple[str, ...] = ()


class Reason(NamedTuple):
    """Why something is out or adapted for this person, with the sources that say so."""

    text: str
    condition: str | None  # the condition id behind it; None for the stage
    sources: tuple[str, ...] = ()


class Verdict(NamedTuple):
    status: Status
    reasons: tuple[Reason, ...]  # for out: why; for adapted: the change to make

    @property
    def out(self) -> bool:
        return self.status == "out"


IN = Verdict("in", ())


def for_you(entry: Entry, person: Person) -> tuple[Caution, ...]:
    """The cautions tied to this person's conditions, rules (out, adapted) before notes."""
    mine = [c for c in entry.cautions if set(c.conditions) & set(person.conditions)]
    order = {"out": 0, "adapted": 1, "note": 2}
    return tuple(sorted(mine, key=lambda c: order[effect_of(c)]))


def entry_verdict(entry: Entry, person: Person) -> Verdict:
    """Out for this stage, or out or adapted by a caution tied to one of the conditions."""
    outs: list[Reason] = []
    adapted: list[Reason] = []
    if person.stage and entry.stages and person.stage not in entry.stages:
        wanted = " or ".join(STAGE_WORDS[s] for s in entry.stages)
        outs.append(Reason(f"It is suggested only for {wanted}.", None))
    for caution in for_you(entry, person):
        condition = next(c for c in caution.conditions if c in person.conditions)
        reason = Reason(caution.text, condition, caution.sources)
        effect = effect_of(caution)
        if effect == "out":
            outs.append(reason)
        elif effect == "adapted":
            adapted.append(reason)
    if outs:
        return Verdict("out", tuple(outs))
    if adapted:
        return Verdict("adapted", tuple(adapted))
    return IN


def stretch_verdict(stretch: Stretch, entry_out: Verdict, person: Person,
                    conditions: dict[str, Condition], movements: dict[str, str]) -> Verdict:
    """A stretch is out with its page, or when a condition rules out a movement it asks for.
    A stretch whose file does not say its movements is out for anyone whose conditions rule
    any movement out: we cannot tell it is safe."""
    if entry_out.out:
        return entry_out
    reasons: list[Reason] = []
    for cond_id in person.conditions:
        cond = conditions.get(cond_id)
        if cond is None or not cond.rules_out:
            continue
        if stretch.movements is None:
            reasons.append(Reason(
                f"Its file does not say what it asks of the body, so we cannot tell if it is "
                f"safe with {cond.name.lower()}.", cond_id))
            continue
        for rule in cond.rules_out:
            if rule.movement in stretch.movements:
                what = movements.get(rule.movement, rule.movement.replace("-", " "))
                reasons.append(Reason(f"It asks you to {what}, which is ruled out for "
                                      f"{cond.name.lower()}.", cond_id, rule.sources))
    return Verdict("out", tuple(reasons)) if reasons else IN


class Decided(NamedTuple):
    entry: Entry
    verdict: Verdict
    for_you: tuple[Caution, ...]  # every caution tied to this person's conditions
    stretches: tuple[tuple[Stretch, Verdict], ...]


class Decision(NamedTuple):
    """Everything the catalog offers, decided for one person."""

    person: Person
    entries: dict[str, Decided]
    advice: tuple[Condition, ...]  # the person's conditions that carry advice of their own

    def verdict(self, entry_id: str) -> Verdict:
        return self.entries[entry_id].verdict

    def stretch(self, stretch_id: str) -> Verdict:
        for decided in self.entries.values():
            for stretch, verdict in decided.stretches:
                if stretch.id == stretch_id:
                    return verdict
        raise KeyError(stretch_id)

    def not_for_you(self) -> list[tuple[str, str, Verdict]]:
        """(id, name, verdict) of every entry and stretch that is out, pages first."""
        out = [(d.entry.id, d.entry.name, d.verdict) for d in self.entries.values()
               if d.verdict.out]
        out += [(s.id, s.name, v) for d in self.entries.values() if not d.verdict.out
                for s, v in d.stretches if v.out]
        return out


def decide(catalog: Catalog, person: Person, entries: Iterable[Entry] | None = None) -> Decision:
    """Decide every entry (or the ones given) and each of their stretches for this person."""
    conditions = catalog.conditions
    movements = {m.id: m.name for m in catalog.movements.values()}
    chosen = list(entries) if entries is not None else [
        e for e in catalog.entries.values() if e.kind != "overview"]
    decided = {}
    for entry in chosen:
        verdict = entry_verdict(entry, person)
        stretches = tuple((s, stretch_verdict(s, verdict, person, conditions, movements))
                          for s in entry.stretches)
        decided[entry.id] = Decided(entry, verdict, for_you(entry, person), stretches)
    advice = tuple(conditions[c] for c in person.conditions
                   if c in conditions and conditions[c].advice)
    return Decision(person, decided, advice)


def in_order(decided: Iterable[Decided]) -> dict[str, list[Decided]]:
    """What is not out, by NICE NG59 group (exercise, self-care, massage), each group
    strongest evidence first (the entry's headline grade: sciatica benefit claims first, see
    models.Headline), then by name."""
    groups: dict[str, list[Decided]] = {g: [] for g in GROUPS}
    for d in decided:
        if not d.verdict.out:
            groups[group_of(d.entry)].append(d)
    for items in groups.values():
        items.sort(key=lambda d: (tuple(-r for r in d.entry.best_evidence.rank), d.entry.name))
    return groups
