"""Load the bundled content, then each user folder over it, into one checked Catalog.

The flow is one way: YAML files -> typed models (models.py) -> one checked Catalog. The
bundled content must be clean (any problem is fatal); a user's folder may not take the
guide down, so its bad entries are skipped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from . import content_files, cross_checks, yamlio
from .catalog import Catalog
from .content_files import LoadedFolder
from .errors import ContentError, Problem
from .models import Condition, Entry, LocalRedFlagMarks, LocalRedFlags, RedFlags, Source


def load_catalog(user_dirs: Iterable[Path] = (), bundled: Path | None = None,
                 local_entries: bool = True) -> Catalog:
    """Load the bundled content (or `bundled`, for tests), then each user folder over it.

    Any problem in the bundled content is fatal. A problem in a user folder skips just
    the entry (or source, or red-flag file) at fault, with a warning, and anything that
    leaned on it; the rest of the guide still shows.

    The catalog also records the identity of every file it read. Without `local_entries`
    the user folders add only their shared files (cache_build.py reads a big folder's
    entries itself, on two cores).
    """
    bundled = bundled or content_files.bundled_data_dir()
    base = content_files.load_folder(bundled)
    if base.problems or not isinstance(base.redflags, RedFlags):
        raise ContentError(base.problems)
    entries, origins = dict(base.entries), dict(base.origins)
    sources, conditions = dict(base.sources), dict(base.conditions)
    movements = dict(base.movements)
    redflags, redflags_path = base.redflags, bundled / "redflags.yaml"
    marks = LocalRedFlagMarks()
    folders, warnings = [bundled], []
    local_ids: set[str] = set()
    local_sources: dict[str, str] = {}
    identities = dict(base.identities)

    for folder in user_dirs:
        folders.append(folder)
        if not folder.is_dir():
            warnings.append(Problem(folder, None, "SCI001", "is not a folder"))
            continue
        extra = content_files.load_folder(folder, optional=True, entries=local_entries)
        identities.update(extra.identities)
        warnings.extend(extra.problems)
        sources.update(extra.sources)
        local_sources.update({key: str(folder / "sources.yaml") for key in extra.sources})
        movements.update(extra.movements)
        for cond in extra.conditions.values():  # a local condition may add rules, not drop ours
            cond, dropped = keep_rules_of_condition(base.conditions.get(cond.id), cond)
            warnings.extend(dropped_rule_problems(folder / "conditions.yaml", cond.id, dropped))
            conditions[cond.id] = cond
        for entry_id, entry in extra.entries.items():  # so may a local entry
            entry, dropped = keep_rules_of_entry(base.entries.get(entry_id), entry)
            warnings.extend(dropped_rule_problems(extra.origins[entry_id], entry_id, dropped))
            extra.entries[entry_id] = entry
        entries.update(extra.entries)
        origins.update(extra.origins)
        local_ids.update(extra.entries)
        if isinstance(extra.redflags, LocalRedFlags):
            redflags, marks, flag_problems = merge_local_red_flags(
                redflags, marks, extra.redflags, folder / "redflags.yaml", sources)
            warnings.extend(flag_problems)

    # Drop failing local entries until the rest is consistent: removing one can leave
    # another local entry's see_also dangling.
    condition_path = _condition_path(folders)
    for problem in cross_checks.condition_problems(conditions, movements, sources, redflags,
                                      condition_path):
        if problem.severity == "error" and problem.path == bundled / "conditions.yaml":
            raise ContentError([problem])
        warnings.append(problem)
    # One full check, then what leaned on a dropped entry follows it through the see_also
    # links alone; a last full check confirms the rest (checking everything again after each
    # drop took minutes for a long chain of links with one broken).
    while problems := cross_checks.cross_check(entries, sources, conditions, redflags,
                                               redflags_path, origins, movements):
        by_path = {path: entry_id for entry_id, path in origins.items()}
        fatal = [p for p in problems if by_path.get(p.path) not in local_ids]
        if fatal:
            raise ContentError(fatal)
        dropped = []
        for problem in problems:
            warnings.append(problem)
            bad = by_path[problem.path]
            if bad in base.entries:  # a failed local replacement: keep ours instead
                entries[bad], origins[bad] = base.entries[bad], base.origins[bad]
                local_ids.discard(bad)
            elif entries.pop(bad, None) is not None:
                dropped.append(bad)
        warnings += _drop_what_leans_on(dropped, entries, origins, local_ids, base)
    origins = {k: v for k, v in origins.items() if k in entries}
    warnings += cross_checks.old_format_problems(
        {k: e for k, e in entries.items() if k in local_ids}, origins,
        {k: c for k, c in conditions.items() if k not in base.conditions or
         conditions[k] is not base.conditions[k]}, condition_path)
    catalog = Catalog(entries, sources, redflags, conditions, origins,
                      local_ids & set(entries), folders, warnings, movements, marks,
                      local_sources)
    catalog.file_identities = identities
    return catalog


def merge_local_red_flags(ours: RedFlags, marks: LocalRedFlagMarks, theirs: LocalRedFlags,
                     path: Path, sources: dict[str, Source]
                     ) -> tuple[RedFlags, LocalRedFlagMarks, list[Problem]]:
    """A user folder's red flags over ours: merged by sign id, or, with the named opt-in,
    in place of ours (only when the file is whole and every source it cites exists)."""
    from . import redflag_merge

    if not theirs.replace_bundled:
        return redflag_merge.merge(ours, marks, theirs, path, sources)
    whole = redflag_merge.as_whole(theirs)
    if whole is None:
        return ours, marks, [Problem(path, yamlio.line_of(path, ("replace_bundled",)), "SCI027",
                                     "replace_bundled: true needs the whole list (a summary, "
                                     "and each tier's title, action and signs); ours is kept")]
    problems: list[Problem] = []
    flags = content_files.validate_model(RedFlags, whole, path, (), problems)
    problems += cross_checks.cross_check({}, sources, {}, flags, path, {}) if flags else []
    if flags is None or problems:  # never show a broken list: keep ours
        return ours, marks, problems
    return flags, redflag_merge.replaced(flags, marks, path), []


def _drop_what_leans_on(dropped: list[str], entries: dict[str, Entry],
                        origins: dict[str, Path], local_ids: set[str],
                        base: LoadedFolder) -> list[Problem]:
    """Skip each local entry whose see_also names a dropped one, and so on down the links."""
    leaning: dict[str, list[tuple[str, int]]] = {}
    for entry_id in local_ids:
        for i, target in enumerate(entries[entry_id].see_also if entry_id in entries else ()):
            leaning.setdefault(target, []).append((entry_id, i))
    problems = []
    while dropped:
        gone = dropped.pop()
        for entry_id, i in leaning.get(gone, ()):
            if entry_id not in local_ids or entry_id not in entries:
                continue  # already skipped, or ours is back in its place
            path = origins[entry_id]
            problems.append(Problem(path, yamlio.line_of(path, ("see_also", i)), "SCI008",
                                    f"see_also names '{gone}', which was skipped for a "
                                    "problem of its own"))
            if entry_id in base.entries:
                entries[entry_id], origins[entry_id] = (base.entries[entry_id],
                                                        base.origins[entry_id])
                local_ids.discard(entry_id)
            else:
                del entries[entry_id]
                dropped.append(entry_id)
    return problems


def _condition_path(folders: list[Path]) -> Callable[[str], Path]:
    """The conditions.yaml a condition id was last defined in (for a warning's file name)."""
    def path_of(cond_id: str) -> Path:
        for folder in reversed(folders):
            path = folder / "conditions.yaml"
            if path.is_file() and re.search(rf"id:\s*{re.escape(cond_id)}\s*$",
                                            path.read_text(errors="replace"), re.M):
                return path
        return folders[0] / "conditions.yaml"
    return path_of


def keep_rules_of_entry(ours: Entry | None, theirs: Entry) -> tuple[Entry, list[str]]:
    """A local entry replacing ours keeps every rule ours makes: a caution of ours that
    takes the page out or adapts it, for a condition the local page no longer rules on as
    strongly, is added back; so are the movements of a stretch of ours. Returns the entry
    and what was added back, in words, for the warning."""
    from .suitability import effect_of

    if ours is None:
        return theirs, []
    strength = {"out": 2, "adapted": 1, "note": 0}
    kept: list[str] = []
    cautions = list(theirs.cautions)
    for caution in ours.cautions:
        effect = effect_of(caution)
        if effect == "note":
            continue
        for cond in caution.conditions:
            covered = any(cond in c.conditions and strength[effect_of(c)] >= strength[effect]
                          for c in cautions)
            if not covered:
                cautions.append(caution)
                kept.append(f"the '{effect}' caution for {cond}")
                break
    ours_moves = {s.id: s.movements or () for s in ours.stretches}
    stretches = []
    for stretch in theirs.stretches:
        wanted = ours_moves.get(stretch.id, ())
        missing = [m for m in wanted if m not in (stretch.movements or ())]
        if missing:
            kept.append(f"movements {', '.join(missing)} of stretch {stretch.id}")
            stretch = stretch._replace(movements=(*(stretch.movements or ()), *missing))
        stretches.append(stretch)
    if not kept:
        return theirs, []
    return theirs._replace(cautions=tuple(cautions), stretches=tuple(stretches)), kept


def keep_rules_of_condition(ours: Condition | None,
                            theirs: Condition) -> tuple[Condition, list[str]]:
    """A local condition replacing ours keeps every movement ours rules out, its advice
    and its red-flag link."""
    if ours is None:
        return theirs, []
    kept: list[str] = []
    rules = list(theirs.rules_out or ())
    for rule in ours.rules_out or ():
        if all(r.movement != rule.movement for r in rules):
            rules.append(rule)
            kept.append(f"the rule-out of {rule.movement}")
    advice, red_flag = theirs.advice, theirs.red_flag
    if ours.advice and not advice:
        advice = ours.advice
        kept.append("its advice")
    if ours.red_flag and not red_flag:
        red_flag = ours.red_flag
        kept.append(f"its red flag {ours.red_flag}")
    if not kept:
        return theirs, []
    return theirs._replace(rules_out=tuple(rules), advice=advice, red_flag=red_flag), kept


def dropped_rule_problems(path: Path, what: str, kept: list[str]) -> list[Problem]:
    return [Problem(path, None, "SCI018", f"'{what}' leaves out a bundled rule ({item}); "
                    "the bundled rule is kept", severity="warning") for item in kept]
