"""Find, load, validate and cross-check the content; merge a user's own folders.

The flow is one way: YAML files -> typed models (models.py) -> one checked Catalog. Every
fault becomes a Problem naming the file, the line and the key, so nobody has to read a
traceback to fix a typo. The bundled content must be clean (any problem is fatal); a
user's folder may not take the guide down, so its bad entries are skipped with a warning.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from . import yamlio
from .errors import ContentError, NotFound, Problem
from .models import (FRIENDLY_PREDICATES, RETIRED_GRADE, RETIRED_GRADE_READ_AS, Condition,
                     Entry, ListItem, LocalRedFlagMarks, LocalRedFlags, Movement, RedFlags,
                     Source, Stretch, is_a_source_key)

KIND_FOLDERS = {"techniques": "technique", "selfcare": "selfcare"}
KIND_ORDER = {"overview": 0, "technique": 1, "selfcare": 2}

# Stable problem codes, documented in the README (tldr-lint style).
CODES = {
    "SCI001": "file cannot be read as YAML (syntax, encoding, size, unsafe tag, alias bomb, "
              "nesting, not a regular file)",
    "SCI002": "the file is not a mapping",
    "SCI003": "unknown key",
    "SCI004": "missing field",
    "SCI005": "wrong type or value",
    "SCI006": "duplicate id or alias",
    "SCI007": "unknown source key",
    "SCI008": "see_also names an entry that does not exist",
    "SCI009": "claim without a source or an evidence grade",
    "SCI010": "DOI or URL not well formed",
    "SCI011": "page prose above US grade 8 (warning)",
    "SCI012": "entry without cautions",
    "SCI013": "unknown condition tag",
    "SCI014": "id does not match the file name",
    "SCI015": "a caution says 'do not' or 'avoid' for a condition but rules nothing out",
    "SCI016": "unknown movement or red-flag sign (a stretch's movements, a condition's rules)",
    "SCI017": "a file older than the rules: no effect, movements or rules_out (warning)",
    "SCI018": "a local file drops a bundled rule; the bundled rule is kept (warning)",
    "SCI019": "a condition rules a movement out without a source",
    "SCI020": "claim without a population or an effect (warning)",
    "SCI021": "the retired grade 'not-established' (warning; read as 'not-graded')",
    "SCI022": "claim wording does not match its grade (GRADE plain language)",
    "SCI023": "a massage page without the blood clot caution (warning)",
    "SCI024": "a red-flag sign too long for a checklist line (warning)",
    "SCI025": "a local red-flag file rewords a bundled emergency sign, title or action",
    "SCI026": "a local red-flag file moves a bundled emergency sign down a tier",
    "SCI027": "replace_bundled: true on a red-flag file that is not a whole list",
    "SCI035": "more problems in one file than are listed",
    # A stretch's pose (pose.py): what its drawing needs.
    "SCI040": "a limb changes length between the start and end positions",
    "SCI041": "a near limb and its far twin differ in length",
    "SCI042": "the body floats above the floor",
    "SCI043": "the body goes through the floor",
    "SCI044": "unknown prop",
    "SCI045": "a knee bends the wrong way",
    "SCI046": "the start and end positions are the same",
    "SCI047": "the steps use a prop the pose lacks (warning)",
    "SCI048": "a stretch without a pose, so without a drawing (warning)",
    "SCI049": "unknown view, or an arrow on something that is not a joint",
    # Words that fit the routine (lint.py).
    "SCI060": "a stretch on both sides whose steps say to do the other side (warning)",
}
# A file with thousands of faults gets its first few listed and a count: the rest would
# only bury them (and every other file's problems) on the screen.
MAX_PROBLEMS_PER_FILE = 20


def bundled_data_dir() -> Path:
    """The shipped content: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "sources.yaml").is_file():
            return candidate
    raise ContentError([Problem(here / "data", None, "SCI001", "the bundled content is missing")])


def user_data_dirs(cli_dirs: Iterable[Path] = ()) -> list[Path]:
    """User folders in the order they override: SCIATICA_DATA first, then --data-dir."""
    dirs = [Path(p) for p in os.environ.get("SCIATICA_DATA", "").split(os.pathsep) if p]
    dirs.extend(Path(p) for p in cli_dirs)
    return dirs


def normalize(text: str) -> str:
    """The forgiving form of an id or name: case, spaces, dashes and punctuation ignored."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


class Deferred(NamedTuple):
    """A part of the catalog left in the cache until a command asks for it."""

    load: Callable[[], Any]


def _part(name: str, doc: str) -> Any:
    """A catalog attribute that may arrive Deferred and is loaded on first use."""
    return property(lambda self: self._loaded(name), doc=doc)


class Catalog:
    """The checked content: every entry, source, red flag and condition, and where each came from.

    From the cache (cache.StoredCatalog) entries and the bigger parts are read when first
    asked for, so that showing one page of a catalog of thousands reads one entry and what
    the page needs, and a list reads only its lines.
    """

    sources: dict[str, Source] = _part("sources", "Source key -> source.")
    redflags: RedFlags = _part("redflags", "The red flags, by urgency.")
    conditions: dict[str, Condition] = _part("conditions", "Condition tag -> condition.")
    movements: dict[str, Movement] = _part("movements", "Movement id -> what it asks.")
    local_ids: set[str] = _part("local_ids", "Entries from a user folder.")
    redflag_marks: LocalRedFlagMarks = _part(
        "redflag_marks", "Which red-flag signs, tiers and files came from a user folder.")
    local_sources: dict[str, str] = _part(
        "local_sources", "Source key -> the user file it came from (ours are not listed).")
    _names: dict[str, str] = _part("names", "Normalized id, alias or name -> id.")

    def __init__(self, entries: dict[str, Entry], sources: dict[str, Source],
                 redflags: RedFlags, conditions: dict[str, Condition],
                 origins: dict[str, Path], local_ids: set[str], folders: list[Path],
                 warnings: list[Problem], movements: dict[str, Movement] | None = None,
                 redflag_marks: LocalRedFlagMarks | None = None,
                 local_sources: dict[str, str] | None = None) -> None:
        ordered = sorted(entries.values(), key=lambda e: (KIND_ORDER[e.kind], e.id))
        self._entries = {e.id: e for e in ordered}
        self._kinds = {e.id: e.kind for e in ordered}  # every id, in display order
        self.folders = folders
        self.warnings = warnings
        names: dict[str, str] = {}
        for entry in ordered:
            for name in (entry.id, entry.name, *entry.aliases):
                names.setdefault(normalize(name), entry.id)
        self._parts: dict[str, Any] = {
            "sources": sources, "redflags": redflags, "conditions": conditions,
            "movements": movements or {},
            "redflag_marks": redflag_marks or LocalRedFlagMarks(),
            "local_sources": local_sources or {},
            "local_ids": local_ids, "names": names, "origins": origins,
            **{f"listing:{kind}": Deferred(functools.partial(self._listing_of, kind))
               for kind in KIND_ORDER},
        }
        # Set by cache.py: where the search index lives, and what it must match.
        self.index_path: Path | None = None
        self.index_stamp = ""

    def _loaded(self, name: str) -> Any:
        value = self._parts[name]
        if isinstance(value, Deferred):
            value = self._parts[name] = value.load()
        return value

    @property
    def origins(self) -> dict[str, Path]:
        """Entry id -> the file it came from (kept as text in the cache until asked for)."""
        origins = self._loaded("origins")
        if any(isinstance(v, str) for v in origins.values()):
            origins = self._parts["origins"] = {k: Path(v) for k, v in origins.items()}
        return origins

    @property
    def kinds(self) -> dict[str, str]:
        """Every id and its kind, in display order."""
        return self._kinds

    def listing(self, kind: str) -> list[ListItem]:
        """The lines of a list (`sciatica techniques`), without loading whole entries."""
        return self._loaded(f"listing:{kind}")

    def _listing_of(self, kind: str) -> list[ListItem]:
        local = self.local_ids
        return [ListItem.of(e, e.id in local) for e in self.of_kind(kind)]

    @property
    def entries(self) -> dict[str, Entry]:
        """Every entry by id, in display order (overview, techniques, self-care)."""
        return self._entries

    def get(self, entry_id: str) -> Entry:
        return self._entries[entry_id]

    def of_kind(self, kind: str) -> list[Entry]:
        return [self.get(i) for i, k in self._kinds.items() if k == kind]

    def resolve(self, query: str, kind: str | None = None) -> Entry:
        """Find an entry by id, alias or name, forgivingly; a miss suggests close matches."""
        # An exact id needs no name lookup, which is the biggest part of a large catalog.
        entry_id = query if query in self._kinds else self._names.get(normalize(query))
        if entry_id is not None and (kind is None or self._kinds[entry_id] == kind):
            return self.get(entry_id)
        what = {"technique": "technique", "selfcare": "self-care page"}.get(kind or "", "entry")
        raise NotFound(what, query, self.suggest(query, kind), self._elsewhere(query, entry_id))

    def _elsewhere(self, query: str, entry_id: str | None) -> str | None:
        """Where a lookup of the wrong kind really lives (`techniques heat-and-cold`)."""
        if entry_id is not None:
            kind = self._kinds[entry_id]
            command = {"technique": "techniques", "selfcare": "selfcare"}.get(kind, kind)
            label = {"technique": "a massage technique", "selfcare": "a self-care page"}.get(
                kind, "the overview")
            return f"'{entry_id}' is {label}: `sciatica {command}" + (
                f" {entry_id}`." if command != entry_id else "`.")
        if normalize(query) in ("redflags", "redflag"):
            return "For when to get help: `sciatica redflags`."
        return None

    def suggest(self, query: str, kind: str | None = None) -> list[str]:
        pool = {
            name: entry_id
            for name, entry_id in self._names.items()
            if kind is None or self._kinds[entry_id] == kind
        }
        import difflib  # only a miss needs it

        close = difflib.get_close_matches(normalize(query), list(pool), n=5, cutoff=0.5)
        ids = list(dict.fromkeys(pool[name] for name in close))
        # A query that is part of a name ("tissue") is a good hint too.
        needle = normalize(query)
        if needle:
            ids += [i for n, i in pool.items() if needle in n and i not in ids]
        return ids[:3]

    def folder_of(self, entry_id: str) -> Path:
        """The content folder (laid out like data/) an entry was read from."""
        path = self.origins[entry_id]
        return path.parent.parent if path.parent.name in KIND_FOLDERS else path.parent

    def stretch_index(self) -> dict[str, tuple[Entry, Stretch]]:
        """Every named stretch by id, with the page it belongs to."""
        return {s.id: (e, s) for e in self.entries.values() for s in e.stretches}


# ---------------------------------------------------------------------------- loading


def load_catalog(user_dirs: Iterable[Path] = (), bundled: Path | None = None) -> Catalog:
    """Load the bundled content (or `bundled`, for tests), then each user folder over it.

    Any problem in the bundled content is fatal. A problem in a user folder skips just
    the entry (or source, or red-flag file) at fault, with a warning, and anything that
    leaned on it; the rest of the guide still shows.
    """
    bundled = bundled or bundled_data_dir()
    base = _load_folder(bundled)
    if base.problems or base.redflags is None:
        raise ContentError(base.problems)
    entries, origins = dict(base.entries), dict(base.origins)
    sources, conditions = dict(base.sources), dict(base.conditions)
    movements = dict(base.movements)
    redflags, redflags_path = base.redflags, bundled / "redflags.yaml"
    marks = LocalRedFlagMarks()
    folders, warnings, local_ids = [bundled], [], set()
    local_sources: dict[str, str] = {}

    for folder in user_dirs:
        folders.append(folder)
        if not folder.is_dir():
            warnings.append(Problem(folder, None, "SCI001", "is not a folder"))
            continue
        extra = _load_folder(folder, optional=True)
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
            redflags, marks, flag_problems = _their_red_flags(
                redflags, marks, extra.redflags, folder / "redflags.yaml", sources)
            warnings.extend(flag_problems)

    # Drop failing local entries until the rest is consistent: removing one can leave
    # another local entry's see_also dangling.
    condition_path = _condition_path(folders)
    for problem in condition_problems(conditions, movements, sources, redflags,
                                      condition_path):
        if problem.severity == "error" and problem.path == bundled / "conditions.yaml":
            raise ContentError([problem])
        warnings.append(problem)
    # One full check, then what leaned on a dropped entry follows it through the see_also
    # links alone; a last full check confirms the rest (checking everything again after each
    # drop took minutes for a long chain of links with one broken).
    while problems := cross_check(entries, sources, conditions, redflags, redflags_path, origins,
                                  movements):
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
    warnings += old_format_problems(
        {k: e for k, e in entries.items() if k in local_ids}, origins,
        {k: c for k, c in conditions.items() if k not in base.conditions or
         conditions[k] is not base.conditions[k]}, condition_path)
    return Catalog(entries, sources, redflags, conditions, origins, local_ids & set(entries),
                   folders, warnings, movements, marks, local_sources)


def _their_red_flags(ours: RedFlags, marks: LocalRedFlagMarks, theirs: LocalRedFlags,
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
    flags = _validate(RedFlags, whole, path, (), problems)
    problems += cross_check({}, sources, {}, flags, path, {}) if flags else []
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


class LoadedFolder:
    """What one folder holds, before the folders are merged and cross-checked."""

    def __init__(self, local: bool = False) -> None:
        self.local = local  # a user's folder: its redflags.yaml merges with ours
        self.entries: dict[str, Entry] = {}
        self.origins: dict[str, Path] = {}
        self.sources: dict[str, Source] = {}
        self.conditions: dict[str, Condition] = {}
        self.movements: dict[str, Movement] = {}
        self.redflags: RedFlags | LocalRedFlags | None = None
        self.problems: list[Problem] = []


def entry_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Each entry file in a folder laid out like data/, with the kind its folder implies."""
    overview = folder / "overview.yaml"
    if overview.exists():
        yield overview, "overview"
    for sub, kind in KIND_FOLDERS.items():
        directory = folder / sub
        if directory.is_dir():
            for path in sorted(directory.glob("*.yaml")):
                yield path, kind


def _load_folder(folder: Path, optional: bool = False) -> LoadedFolder:
    """Parse every file of one folder; collect problems instead of stopping at the first."""
    out = LoadedFolder(local=optional)
    for name in ("sources.yaml", "conditions.yaml", "redflags.yaml"):
        path = folder / name
        if path.exists() or path.is_symlink():
            load_file(path, name.removesuffix(".yaml"), out)
        elif not optional and name != "conditions.yaml":
            out.problems.append(Problem(path, None, "SCI001", "file is missing"))
    from .fanout import load_entry_files  # a big folder is read on two cores

    load_entry_files(list(entry_files(folder)), out, load_file, _add_entry)
    return out


def role_of(path: Path) -> str | None:
    """What a content file holds, from its name and folder; None if it is not content."""
    if path.name in ("sources.yaml", "conditions.yaml", "redflags.yaml"):
        return path.name.removesuffix(".yaml")
    if path.name == "overview.yaml":
        return "overview"
    return KIND_FOLDERS.get(path.parent.name)


def load_file(path: Path, role: str, out: LoadedFolder) -> None:
    """Parse one content file into `out`; its problems go to out.problems, at most
    MAX_PROBLEMS_PER_FILE of them and then one SCI035 line with the count of the rest.

    `role` is sources, conditions, redflags, an entry kind, or "entry" for any kind.
    """
    start = len(out.problems)
    _load_file(path, role, out)
    extra = len(out.problems) - start - MAX_PROBLEMS_PER_FILE
    if extra > 0:
        del out.problems[start + MAX_PROBLEMS_PER_FILE:]
        out.problems.append(Problem(path, None, "SCI035", f"and {extra:,} more problem"
                                    f"{'s' if extra != 1 else ''} in this file, not listed; "
                                    "fix these first"))


def _load_file(path: Path, role: str, out: LoadedFolder) -> None:
    data = _read(path, out.problems)
    if data is None:
        return
    if role == "sources":
        for key, raw in data.items():
            if not is_a_source_key(str(key)):
                # The key is written into BibTeX (`@article{key,`) and RIS as it is.
                out.problems.append(Problem(path, yamlio.line_of(path, (key,), key_itself=True),
                                            "SCI005", f"source key {str(key)[:60]!r}: "
                                            f"{FRIENDLY_PREDICATES['is_a_source_key']}"))
                continue
            source = _validate(Source, raw, path, (key,), out.problems)
            if source is not None:
                out.sources[str(key)] = source
    elif role == "conditions":
        raw_list = data.get("conditions")
        if not isinstance(raw_list, list):
            out.problems.append(Problem(path, 1, "SCI004", "'conditions' must be a list"))
            return
        for i, raw in enumerate(raw_list):
            cond = _validate(Condition, raw, path, ("conditions", i), out.problems)
            if cond is not None:
                out.conditions[cond.id] = cond
        raw_moves = data.get("movements", [])
        if not isinstance(raw_moves, list):
            out.problems.append(Problem(path, yamlio.line_of(path, ("movements",)), "SCI005",
                                        "'movements' must be a list"))
            return
        for i, raw in enumerate(raw_moves):
            move = _validate(Movement, raw, path, ("movements", i), out.problems)
            if move is not None:
                out.movements[move.id] = move
    elif role == "redflags":
        model = LocalRedFlags if out.local else RedFlags
        out.redflags = _validate(model, data, path, (), out.problems)
    else:
        _load_entry(path, None if role == "entry" else role, data, out)


def _load_entry(path: Path, kind: str | None, data: dict[str, Any], out: LoadedFolder) -> None:
    notes = _read_retired_grades(path, data)
    entry = _validate(Entry, data, path, (), out.problems)
    if entry is None:
        return
    notes += _unlabelled_claims(path, entry)
    if entry.id != path.stem:
        out.problems.append(Problem(path, yamlio.line_of(path, ("id",)), "SCI014",
                                    f"id '{entry.id}' does not match the file name "
                                    f"'{path.stem}'"))
        return
    if kind is not None and entry.kind != kind:
        out.problems.append(Problem(path, yamlio.line_of(path, ("kind",)), "SCI005",
                                    f"kind '{entry.kind}' does not belong in "
                                    f"{path.parent.name}/ (expected '{kind}')"))
        return
    _add_entry(path, entry, out, notes)


def _add_entry(path: Path, entry: Entry, out: LoadedFolder,
               notes: list[Problem] | None = None) -> None:
    """Keep a checked entry, unless an earlier file of the folder has its id; `notes` are
    warnings that go with it (they are kept only if the entry is)."""
    if entry.id in out.origins:
        out.problems.append(Problem(path, yamlio.line_of(path, ("id",)), "SCI006",
                                    f"duplicate id '{entry.id}' (also in "
                                    f"{out.origins[entry.id]})"))
        return
    out.entries[entry.id] = entry
    out.origins[entry.id] = path
    out.problems.extend(notes or ())


def _read_retired_grades(path: Path, data: dict[str, Any]) -> list[Problem]:
    """Read the retired 'not-established' as 'not-graded' (a clinic's older files still load)
    and say so, once per claim: it hid whether a claim was advice, untested or ungraded."""
    notes = []
    claims = data.get("claims")
    for i, claim in enumerate(claims if isinstance(claims, list) else []):
        if isinstance(claim, dict) and claim.get("evidence") == RETIRED_GRADE:
            claim["evidence"] = RETIRED_GRADE_READ_AS
            notes.append(Problem(
                path, yamlio.line_of(path, ("claims", i, "evidence")), "SCI021",
                f"claims.{i}.evidence: '{RETIRED_GRADE}' is retired and read as "
                f"'{RETIRED_GRADE_READ_AS}'; say 'guideline-advice', 'not-graded' or "
                "'no-good-evidence'", severity="warning"))
    return notes


def _unlabelled_claims(path: Path, entry: Entry) -> list[Problem]:
    """A claim must say whom its evidence comes from and what it found, or it cannot set
    the page's headline grade (which comes from claims of benefit in sciatica)."""
    return [Problem(path, yamlio.line_of(path, ("claims", i)), "SCI020",
                    f"claims.{i} has no {' or '.join(missing)}; it does not count toward the "
                    "page's best evidence", severity="warning")
            for i, claim in enumerate(entry.claims)
            if (missing := [k for k in ("population", "effect") if getattr(claim, k) is None])]


def _read(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        data = yamlio.load(path)
    except yamlio.YamlError as err:
        problems.append(Problem(path, err.line, "SCI001", err.message))
        return None
    if not isinstance(data, dict):
        got = "an empty file" if data is None else yamlio.type_name(data)
        problems.append(Problem(path, 1, "SCI002", f"expected a mapping of keys, got {got}"))
        return None
    return data


@functools.cache
def _adapter(model: type) -> Any:
    # pydantic is imported only here: a warm start from the cache never needs it.
    from pydantic import TypeAdapter

    # Numbers are accepted where text is expected: a volume of 4 is "4".
    return TypeAdapter(model, config={"coerce_numbers_to_str": True})


def _validate(model, raw, path: Path, prefix: tuple, problems: list[Problem]):
    """Validate one object; turn pydantic's errors into located Problems."""
    from pydantic import ValidationError

    try:
        return _adapter(model).validate_python(raw)
    except ValidationError as err:
        for i, error in enumerate(err.errors(include_url=False, include_context=True)):
            loc = prefix + tuple(error["loc"])
            if i < MAX_PROBLEMS_PER_FILE:
                problems.append(_problem_from(error, loc, path))
            else:  # only counted by load_file: no need to find its line
                problems.append(Problem(path, None, "SCI005", "not listed"))
        return None


def _problem_from(error: dict, loc: tuple, path: Path) -> Problem:
    kind = error["type"]
    # Union members add their class names to loc; readers know keys and indexes only.
    loc = tuple(part for part in loc if not (isinstance(part, str) and part[:1].isupper()))
    key = ".".join(str(part) for part in loc) or "(top level)"
    unknown_key = kind in ("extra_forbidden", "unexpected_keyword_argument")
    line = yamlio.line_of(path, loc, key_itself=unknown_key)
    if unknown_key:
        return Problem(path, line, "SCI003", f"unknown key '{key}'")
    if kind == "missing":
        if len(loc) >= 3 and loc[-3] == "claims" and loc[-1] in ("sources", "evidence"):
            return Problem(path, line, "SCI009", f"claim {key.rsplit('.', 1)[0]} has no {loc[-1]}")
        if loc and loc[-1] == "cautions":
            return Problem(path, line, "SCI012", "entry has no cautions")
        return Problem(path, line, "SCI004", f"missing field '{key}'")
    if loc and loc[-1] == "cautions" and kind == "too_short":
        return Problem(path, line, "SCI012", "entry has no cautions")
    if len(loc) >= 3 and loc[-3] == "claims" and loc[-1] == "sources" and kind == "too_short":
        return Problem(path, line, "SCI009", f"claim {key.rsplit('.', 1)[0]} has no sources")
    if loc and loc[-1] in ("doi", "url"):  # pmid and one-line text stay SCI005
        return Problem(path, line, "SCI010", f"{key}: {_reason(error)}")
    return Problem(path, line, "SCI005", f"{key}: {_reason(error)}")


def _reason(error: dict) -> str:
    message = error["msg"]
    if error["type"] == "enum":
        message = "must be one of " + error.get("ctx", {}).get("expected", "")
    elif error["type"] == "literal_error":
        message = "must be " + error.get("ctx", {}).get("expected", "")
    elif error["type"] == "predicate_failed":
        name = message.removeprefix("Predicate ").removesuffix(" failed").strip("'")
        message = FRIENDLY_PREDICATES.get(name, message)
    elif message.startswith("Value error, "):
        message = message[len("Value error, "):]
    value = error.get("input")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        shown = repr(value if not isinstance(value, str) or len(value) < 60 else value[:57] + "...")
        message += f" (got {shown})"
    return message


# ---------------------------------------------------------------------------- cross-checks


def cross_check(entries: dict[str, Entry], sources: dict[str, Source],
                conditions: dict[str, Condition], redflags: RedFlags, redflags_path: Path,
                origins: dict[str, Path],
                movements: dict[str, Movement] | None = None) -> list[Problem]:
    """Rules that need more than one file: keys, see_also, aliases, condition tags,
    movements, and cautions that say "do not" but rule nothing out."""
    from .suitability import effect_of, says_do_not

    problems: list[Problem] = []
    names: dict[str, tuple[str, str]] = {}  # normalized name -> (entry id, as written)
    stretch_ids: dict[str, str] = {}
    for entry in entries.values():
        path = origins[entry.id]
        for field_name, keys in _source_refs(entry):
            for key in keys:
                if key not in sources:
                    problems.append(Problem(path, yamlio.line_of(path, field_name), "SCI007",
                                            f"unknown source key '{key}' in "
                                            f"{'.'.join(map(str, field_name))}"
                                            f"{_did_you_mean(key, sources)}"))
        for i, target in enumerate(entry.see_also):
            if target not in entries:
                problems.append(Problem(path, yamlio.line_of(path, ("see_also", i)), "SCI008",
                                        f"see_also names '{target}', which does not exist"
                                        f"{_did_you_mean(target, entries)}"))
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


def _source_refs(entry: Entry) -> Iterator[tuple[tuple, list[str]]]:
    for i, claim in enumerate(entry.claims):
        yield ("claims", i, "sources"), claim.sources
    for i, caution in enumerate(entry.cautions):
        yield ("cautions", i, "sources"), caution.sources
    for i, stretch in enumerate(entry.stretches):
        yield ("stretches", i, "sources"), stretch.sources
    yield ("background",), entry.background


def _did_you_mean(word: str, known: Iterable[str]) -> str:
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
    except Exception:  # a line number is a courtesy; the problem stands without it
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
