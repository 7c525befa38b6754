"""The rules that need more than one file: source keys, see_also links, aliases, condition
tags, movements, and cautions that say "do not" but rule nothing out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from . import yamlio
from .lookup import normalize
from .errors import Problem
from .models import Condition, Entry, Movement, RedFlags, Source


def cross_check(entries: dict[str, Entry], sources: dict[str, Source],
                conditions: dict[str, Condition], redflags: RedFlags, redflags_path: Path,
                origins: dict[str, Path],
                movements: dict[str, Movement] | None = None) -> list[Problem]:
    """Rules that need more than one file: keys, see_also, aliases, condition tags,
    movements, and cautions that say "do not" but rule nothing out."""
    problems: list[Problem] = []
    names: dict[str, tuple[str, str]] = {}  # normalized name -> (entry id, as written)
    stretch_ids: dict[str, str] = {}
    for entry in entries.values():
        path = origins[entry.id]
        problems += entry_problems(entry, path, entries, sources, conditions, movements)
        for label, loc in [(entry.id, ("id",)), (entry.name, ("name",))] + [
            (alias, ("aliases", i)) for i, alias in enumerate(entry.aliases)
        ]:
            norm = normalize(label)
            owner = names.get(norm)
            if owner and owner[0] != entry.id:
                problems.append(Problem(path, yamlio.line_of(path, loc), "SCI006",
                                        f"'{label}' is already the id, name or alias of "
                                        f"'{owner[0]}'"))
            else:
                names[norm] = (entry.id, label)
        for i, stretch in enumerate(entry.stretches):
            if stretch.id in stretch_ids and stretch_ids[stretch.id] != entry.id:
                problems.append(Problem(path, yamlio.line_of(path, ("stretches", i, "id")),
                                        "SCI006", f"stretch id '{stretch.id}' is already used "
                                        f"in '{stretch_ids[stretch.id]}'"))
            stretch_ids[stretch.id] = entry.id
    for t, tier in enumerate(redflags.tiers):
        for i, sign in enumerate(tier.signs):
            for key in sign.sources:
                if key not in sources:
                    line = yamlio.line_of(redflags_path, ("tiers", t, "signs", i, "sources"))
                    problems.append(Problem(redflags_path, line, "SCI007",
                                            f"unknown source key '{key}' in red flag "
                                            f"'{sign.id}'{_did_you_mean(key, sources)}"))
    return problems


def entry_problems(entry: Entry, path: Path, known_ids: Collection[str],
                   sources: dict[str, Source], conditions: dict[str, Condition],
                   movements: dict[str, Movement] | None) -> list[Problem]:
    """The rules one entry must keep, given the rest of the catalog: the source keys, pages
    (`known_ids`), conditions and movements it names exist, and a caution that says "do
    not" rules something out. What needs every entry at once (names, stretch ids) is
    cross_check's."""
    from .suitability import effect_of, says_do_not

    problems: list[Problem] = []
    for field_name, keys in _source_refs(entry):
        for key in keys:
            if key not in sources:
                problems.append(Problem(path, yamlio.line_of(path, field_name), "SCI007",
                                        f"unknown source key '{key}' in "
                                        f"{'.'.join(map(str, field_name))}"
                                        f"{_did_you_mean(key, sources)}"))
    for i, target in enumerate(entry.see_also):
        if target not in known_ids:
            problems.append(Problem(path, yamlio.line_of(path, ("see_also", i)), "SCI008",
                                    f"see_also names '{target}', which does not exist"
                                    f"{_did_you_mean(target, known_ids)}"))
    for i, caution in enumerate(entry.cautions):
        for tag in caution.conditions:
            if tag not in conditions:
                problems.append(Problem(path, yamlio.line_of(path, ("cautions", i)),
                                        "SCI013", f"unknown condition '{tag}' in cautions.{i}"
                                        f"{_did_you_mean(tag, conditions)}"))
        if caution.conditions and effect_of(caution) == "note" and says_do_not(caution.text):
            problems.append(Problem(path, yamlio.line_of(path, ("cautions", i, "effect")),
                                    "SCI015", f"cautions.{i} says 'do not' or 'avoid' for "
                                    f"{', '.join(caution.conditions)} but its effect is "
                                    "'note', so it rules nothing out: make it 'out' or "
                                    "'adapted'"))
    for i, stretch in enumerate(entry.stretches):
        for j, move in enumerate(stretch.movements or ()):
            if movements is not None and move not in movements:
                problems.append(Problem(
                    path, yamlio.line_of(path, ("stretches", i, "movements", j)), "SCI016",
                    f"unknown movement '{move}' in stretch '{stretch.id}'"
                    f"{_did_you_mean(move, movements)}"))
    return problems


def _source_refs(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], Iterable[str]]]:
    for i, claim in enumerate(entry.claims):
        yield ("claims", i, "sources"), claim.sources
    for i, caution in enumerate(entry.cautions):
        yield ("cautions", i, "sources"), caution.sources
    for i, stretch in enumerate(entry.stretches):
        yield ("stretches", i, "sources"), stretch.sources
    yield ("background",), entry.background


def _did_you_mean(word: str, known: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def condition_problems(conditions: dict[str, Condition], movements: dict[str, Movement],
                       sources: dict[str, Source], redflags: RedFlags,
                       path_of: Callable[[str], Path]) -> list[Problem]:
    """A condition's rules: known movements, each with a known source, a known red flag."""
    problems: list[Problem] = []
    signs = {s.id for tier in redflags.tiers for s in tier.signs}
    for cond in conditions.values():
        path = path_of(cond.id)
        at = _index_in(path, cond.id)
        for j, rule in enumerate(cond.rules_out or ()):
            line = yamlio.line_of(path, ("conditions", at, "rules_out", j)) if at is not None \
                else None
            if rule.movement not in movements:
                problems.append(Problem(path, line, "SCI016", f"condition '{cond.id}' rules out "
                                        f"unknown movement '{rule.movement}'"
                                        f"{_did_you_mean(rule.movement, movements)}"))
            if not rule.sources:
                problems.append(Problem(path, line, "SCI019", f"condition '{cond.id}' rules out "
                                        f"'{rule.movement}' without a source"))
            for key in rule.sources:
                if key not in sources:
                    problems.append(Problem(path, line, "SCI007", f"unknown source key '{key}' "
                                            f"in condition '{cond.id}'"
                                            f"{_did_you_mean(key, sources)}"))
        if cond.red_flag is not None and cond.red_flag not in signs:
            line = yamlio.line_of(path, ("conditions", at, "red_flag")) if at is not None else None
            problems.append(Problem(path, line, "SCI016", f"condition '{cond.id}' names red-flag "
                                    f"sign '{cond.red_flag}', which does not exist"
                                    f"{_did_you_mean(cond.red_flag, signs)}"))
    return problems


def _index_in(path: Path, cond_id: str) -> int | None:
    """Where a condition sits in its file's list, for a line number."""
    try:
        data = yamlio.load(path)
        ids = [c.get("id") if isinstance(c, dict) else None for c in data.get("conditions", [])]
        return ids.index(cond_id)
    except Exception:  # noqa: BLE001 - a line number is a courtesy; the problem stands without it
        return None


def old_format_problems(entries: dict[str, Entry], origins: dict[str, Path],
                        conditions: dict[str, Condition],
                        path_of: Callable[[str], Path]) -> list[Problem]:
    """Warnings for files written before cautions, stretches and conditions said how they
    act: each still loads, read as suitability.py says, and the warning names the key."""
    from .suitability import effect_of

    problems: list[Problem] = []
    for entry in entries.values():
        path = origins[entry.id]
        for i, caution in enumerate(entry.cautions):
            if caution.conditions and caution.effect is None:
                problems.append(Problem(
                    path, yamlio.line_of(path, ("cautions", i)), "SCI017",
                    f"cautions.{i} has conditions but no 'effect' (out, adapted or note); "
                    f"read as '{effect_of(caution)}'", severity="warning"))
        for i, stretch in enumerate(entry.stretches):
            if stretch.movements is None:
                problems.append(Problem(
                    path, yamlio.line_of(path, ("stretches", i)), "SCI017",
                    f"stretch '{stretch.id}' has no 'movements'; it is left out for anyone "
                    "whose conditions rule a movement out", severity="warning"))
    for cond in conditions.values():
        if cond.rules_out is None:
            path = path_of(cond.id)
            at = _index_in(path, cond.id)
            problems.append(Problem(
                path, yamlio.line_of(path, ("conditions", at)) if at is not None else None,
                "SCI017", f"condition '{cond.id}' has no 'rules_out' (write [] if it rules "
                "nothing out)", severity="warning"))
    return problems
