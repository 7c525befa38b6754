"""`sciatica validate`: every problem in a content folder or file, with a stable code.

It runs the loader's own rules (so validate and the guide never disagree), the
cross-file checks against the bundled content, and the plain-language check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from . import content_files, yamlio
from .catalog_loader import (dropped_rule_problems, keep_rules_of_condition, keep_rules_of_entry,
                             merge_local_red_flags)
from .content_files import LoadedFolder, load_file, load_folder, role_of
from .cross_checks import condition_problems, cross_check, old_format_problems
from .lint_codes import CODES
from .certainty import wording_problem
from .errors import Problem, UsageError
from .models import (Entry, LocalRedFlagMarks, LocalRedFlags, LocalRedFlagTier, RedFlags,
                     RedFlagTier)
from .readability import TARGET_GRADE, grade, page_prose, redflags_prose


@dataclass(frozen=True)
class Report:
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def parse_ignore(text: str | None) -> set[str]:
    codes = {c.strip().upper() for c in (text or "").split(",") if c.strip()}
    unknown = sorted(codes - set(CODES))
    if unknown:
        raise UsageError(f"unknown code{'s' if len(unknown) > 1 else ''} in --ignore: "
                         f"{', '.join(unknown)} (codes are {min(CODES)} to {max(CODES)})")
    return codes


def validate(paths: Iterable[Path], ignore: AbstractSet[str] = frozenset()) -> Report:
    """Check each path (a folder laid out like data/, or one content file)."""
    bundled_dir = content_files.bundled_data_dir()
    bundled = load_folder(bundled_dir)
    problems: list[Problem] = []
    for path in paths:
        if path.resolve() == bundled_dir.resolve():
            problems += _check(bundled, bundled, bundled_dir, only=None)
        elif path.is_dir() and not path.name.endswith(".yaml"):
            problems += _check(bundled, load_folder(path, optional=True), path, only=None)
        elif path.exists() or path.is_symlink():
            out = LoadedFolder(local=path.parent.resolve() != bundled_dir.resolve())
            load_file(path, role_of(path) or "entry", out)
            problems += _check(bundled, out, path.parent, only=path)
        else:
            problems.append(Problem(path, None, "SCI001", "does not exist"))
    kept = [p for p in problems if p.code not in ignore]
    return Report(list(dict.fromkeys(kept)))


def _check(bundled: LoadedFolder, loaded: LoadedFolder, folder: Path,
           only: Path | None) -> list[Problem]:
    """The folder's own problems, then cross-checks over the bundled content plus it."""
    problems = list(loaded.problems)
    entries = {**bundled.entries, **loaded.entries}
    origins = {**bundled.origins, **loaded.origins}
    sources = {**bundled.sources, **loaded.sources}
    conditions = {**bundled.conditions, **loaded.conditions}
    movements = {**bundled.movements, **loaded.movements}
    bundled_flags = bundled.redflags if isinstance(bundled.redflags, RedFlags) else None
    whole = loaded.redflags if isinstance(loaded.redflags, RedFlags) else None
    redflags, prose_flags = whole or bundled_flags, whole
    flags_path = folder / "redflags.yaml"
    if isinstance(loaded.redflags, LocalRedFlags) and bundled_flags is not None:
        # Merged with ours as the guide will merge it; what it may not change is an error.
        redflags, marks, merge_problems = merge_local_red_flags(
            bundled_flags, LocalRedFlagMarks(), loaded.redflags, flags_path, sources)
        problems += merge_problems
        prose_flags = _local_part(redflags, marks)
    conditions_path = folder / "conditions.yaml"
    if redflags is not None:
        ours = set(loaded.origins.values()) | ({flags_path} if loaded.redflags else set())
        problems += [p for p in cross_check(entries, sources, conditions, redflags, flags_path,
                                            origins, movements) if p.path in ours]
        problems += condition_problems(loaded.conditions, movements, sources, redflags,
                                       lambda _id: conditions_path)
    problems += old_format_problems(loaded.entries, loaded.origins, loaded.conditions,
                                    lambda _id: conditions_path)
    if loaded is not bundled:  # a local file may add rules, never drop ours
        for entry_id, entry in loaded.entries.items():
            _, kept = keep_rules_of_entry(bundled.entries.get(entry_id), entry)
            problems += dropped_rule_problems(loaded.origins[entry_id], entry_id, kept)
        for cond_id, cond in loaded.conditions.items():
            _, kept = keep_rules_of_condition(bundled.conditions.get(cond_id), cond)
            problems += dropped_rule_problems(conditions_path, cond_id, kept)
    for entry_id, path in loaded.origins.items():
        problems += _pose_problems(loaded.entries[entry_id].stretches, path)
        problems += _content_problems(loaded.entries[entry_id], path)
        problems += _side_problems(loaded.entries[entry_id].stretches, path)
        score = grade(page_prose(loaded.entries[entry_id]))
        if score > TARGET_GRADE:
            problems.append(Problem(path, 1, "SCI011", f"page prose reads at US grade "
                                    f"{score:.1f}; aim for {TARGET_GRADE:g} or under: shorter "
                                    "sentences, plainer words", severity="warning"))
    if loaded.redflags is not None:
        problems += _long_signs(loaded.redflags, flags_path)
    if prose_flags is not None and prose_flags.tiers:
        score = grade(redflags_prose(prose_flags))
        if score > TARGET_GRADE:
            problems.append(Problem(flags_path, 1, "SCI011", f"red flags read at US grade "
                                    f"{score:.1f}; aim for {TARGET_GRADE:g} or under",
                                    severity="warning"))
    if only is not None:
        problems = [p for p in problems if p.path == only]
    return problems


def _pose_problems(stretches, path: Path) -> list[Problem]:
    """Each stretch's pose, checked as a drawing needs it (SCI040-SCI049)."""
    from .pose import check

    return [Problem(path, yamlio.line_of(path, ("stretches", i, *found.loc)), found.code,
                    f"stretch '{stretch.id}': {found.message}", severity=found.severity)
            for i, stretch in enumerate(stretches) for found in check(stretch)]


# Red-flag signs are checklist lines in a plan: one glance each.
SIGN_WORDS = 30
CLOT = re.compile(r"\bclot", re.I)
SWOLLEN = re.compile(r"\bswollen|\bswelling", re.I)


def _content_problems(entry: Entry, path: Path) -> list[Problem]:
    """What a page says, beyond its shape: wording by certainty, and the clot caution."""
    problems = []
    for i, claim in enumerate(entry.claims):
        why = wording_problem(claim)
        if why:
            problems.append(Problem(path, yamlio.line_of(path, ("claims", i, "text")), "SCI022",
                                    f"claims.{i} {why}"))
    if entry.kind == "technique" and not any(
            CLOT.search(c.text) and SWOLLEN.search(c.text) for c in entry.cautions):
        problems.append(Problem(path, yamlio.line_of(path, ("cautions",)), "SCI023",
                                "no caution about a possible blood clot: say not to have "
                                "massage on a leg that is newly swollen, warm and painful",
                                severity="warning"))
    return problems


def _long_signs(flags: RedFlags | LocalRedFlags, path: Path) -> list[Problem]:
    tiers: tuple[RedFlagTier | LocalRedFlagTier, ...] = flags.tiers
    return [Problem(path, yamlio.line_of(path, ("tiers", t, "signs", i, "text")), "SCI024",
                    f"red flag '{sign.id}' is {words} words; keep a sign to {SIGN_WORDS} or "
                    "fewer so it reads at a glance", severity="warning")
            for t, tier in enumerate(tiers) for i, sign in enumerate(tier.signs)
            if (words := len(sign.text.split())) > SIGN_WORDS]


_OTHER_SIDE = re.compile(r"\b(other|opposite) (side|leg)\b", re.I)


def _side_problems(stretches, path: Path) -> list[Problem]:
    """A stretch done on both sides whose steps say "then do the other side" (SCI060): the
    routine runs each side as its own timed step, and pages and handouts say "each side",
    so the words would tell someone to do the other side twice."""
    return [Problem(path, yamlio.line_of(path, ("stretches", i, "steps", j)), "SCI060",
                    f"stretch '{stretch.id}': step {j + 1} says to do the other side, but "
                    "`sides: both` already runs each side as its own step; leave it out",
                    severity="warning")
            for i, stretch in enumerate(stretches) if stretch.sides == "both"
            for j, step in enumerate(stretch.steps) if _OTHER_SIDE.search(step)]


def _local_part(flags: RedFlags, marks: LocalRedFlagMarks) -> RedFlags:
    """Only what a user file added or changed, for the plain-language check."""
    tiers = []
    for tier in flags.tiers:
        signs = tuple(s for s in tier.signs if s.id in marks.signs)
        if signs or tier.id in marks.tiers:
            tiers.append(tier._replace(signs=signs))
    return RedFlags(flags.summary if marks.summary else "", tuple(tiers))


def folders_in_use(user_dirs: list[Path]) -> list[Path]:
    return [content_files.bundled_data_dir(), *user_dirs]

