"""Find the content folders and read their files into typed entries, sources, conditions
and red flags, one folder at a time.

Every fault becomes a Problem naming the file, the line and the key, so nobody has to read a
traceback to fix a typo. Merging folders and checking across files happen later
(catalog_loader.py, cross_checks.py).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from . import yamlio
from .catalog import KIND_FOLDERS
from .errors import ContentError, Problem
from .models import (FRIENDLY_PREDICATES, RETIRED_GRADE, RETIRED_GRADE_READ_AS, Condition,
                     Entry, LocalRedFlags, Movement, RedFlags, Source, is_a_source_key)

# A file with thousands of faults gets its first few listed and a count: the rest would
# only bury them (and every other file's problems) on the screen.
MAX_PROBLEMS_PER_FILE = 20
_Model = TypeVar("_Model", bound=tuple[Any, ...])  # every content model is a NamedTuple


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
        # The identity of each file as it was read (the cache is keyed on them).
        self.identities: dict[str, str] = {}


def entry_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Each entry file in a folder laid out like data/, with the kind its folder implies."""
    overview = folder / "overview.yaml"
    if overview.exists():
        yield overview, "overview"
    for sub, kind in KIND_FOLDERS.items():
        directory = folder / sub
        for name in yaml_names(directory):
            yield directory / name, kind


def yaml_names(directory: Path | str) -> list[str]:
    """The names of a folder's .yaml files in order, as glob("*.yaml") finds them (hidden
    files left out); none if it is not a folder. The cache lists files with this too, so it
    watches exactly the files a catalog is built from."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(n for n in names if n.endswith(".yaml") and not n.startswith("."))


def load_folder(folder: Path, optional: bool = False, entries: bool = True) -> LoadedFolder:
    """Parse every file of one folder; collect problems instead of stopping at the first.

    With `entries` False only the shared files are read (sources, conditions, red flags):
    cache_build.py reads a big folder's entries on two cores itself."""
    out = LoadedFolder(local=optional)
    for name in ("sources.yaml", "conditions.yaml", "redflags.yaml"):
        path = folder / name
        if path.exists() or path.is_symlink():
            load_file(path, name.removesuffix(".yaml"), out)
        elif not optional and name != "conditions.yaml":
            out.problems.append(Problem(path, None, "SCI001", "file is missing"))
    from .fanout import load_entry_files  # a big folder is read on two cores

    if entries:
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
    data = _read(path, out.problems, out.identities)
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
            source = validate_model(Source, raw, path, (key,), out.problems)
            if source is not None:
                out.sources[str(key)] = source
    elif role == "conditions":
        raw_list = data.get("conditions")
        if not isinstance(raw_list, list):
            out.problems.append(Problem(path, 1, "SCI004", "'conditions' must be a list"))
            return
        for i, raw in enumerate(raw_list):
            cond = validate_model(Condition, raw, path, ("conditions", i), out.problems)
            if cond is not None:
                out.conditions[cond.id] = cond
        raw_moves = data.get("movements", [])
        if not isinstance(raw_moves, list):
            out.problems.append(Problem(path, yamlio.line_of(path, ("movements",)), "SCI005",
                                        "'movements' must be a list"))
            return
        for i, raw in enumerate(raw_moves):
            move = validate_model(Movement, raw, path, ("movements", i), out.problems)
            if move is not None:
                out.movements[move.id] = move
    elif role == "redflags":
        out.redflags = (validate_model(LocalRedFlags, data, path, (), out.problems) if out.local
                        else validate_model(RedFlags, data, path, (), out.problems))
    else:
        _load_entry(path, None if role == "entry" else role, data, out)


def _load_entry(path: Path, kind: str | None, data: dict[str, Any], out: LoadedFolder) -> None:
    notes = _read_retired_grades(path, data)
    entry = validate_model(Entry, data, path, (), out.problems)
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


def _read(path: Path, problems: list[Problem],
          identities: dict[str, str] | None = None) -> dict[str, Any] | None:
    try:
        data = yamlio.load(path, identities)
    except yamlio.YamlError as err:
        problems.append(Problem(path, err.line, "SCI001", err.message))
        return None
    if not isinstance(data, dict):
        got = "an empty file" if data is None else yamlio.type_name(data)
        problems.append(Problem(path, 1, "SCI002", f"expected a mapping of keys, got {got}"))
        return None
    return data


@functools.cache
def model_adapter(model: type) -> Any:
    # pydantic is imported only here: a warm start from the cache never needs it.
    from pydantic import TypeAdapter

    # Numbers are accepted where text is expected: a volume of 4 is "4".
    return TypeAdapter(model, config={"coerce_numbers_to_str": True})


def validate_model(model: type[_Model], raw: object, path: Path, prefix: tuple[Any, ...],
                   problems: list[Problem]) -> _Model | None:
    """Validate one object; turn pydantic's errors into located Problems."""
    from pydantic import ValidationError

    try:
        adapter: Any = model_adapter(model)
        valid: _Model = adapter.validate_python(raw)
        return valid
    except ValidationError as err:
        for i, error in enumerate(err.errors(include_url=False, include_context=True)):
            loc = prefix + tuple(error["loc"])
            if i < MAX_PROBLEMS_PER_FILE:
                problems.append(_problem_from(error, loc, path))
            else:  # only counted by load_file: no need to find its line
                problems.append(Problem(path, None, "SCI005", "not listed"))
        return None


def _problem_from(error: Mapping[str, Any], loc: tuple[Any, ...], path: Path) -> Problem:
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


def _reason(error: Mapping[str, Any]) -> str:
    message: str = error["msg"]
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
