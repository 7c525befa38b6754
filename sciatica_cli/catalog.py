"""The checked catalog: every entry, source, red flag and condition, and where each came from.

Nothing here reads a file: content_files.py reads them, cross_checks.py checks what needs
more than one, and catalog_loader.py merges a user's folders over ours into a Catalog.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import lookup
from .errors import NotFound, Problem
from .lookup import normalize
from .models import (Condition, Entry, ListItem, LocalRedFlagMarks, Movement, RedFlags, Source,
                     Stretch)

KIND_FOLDERS = {"techniques": "technique", "selfcare": "selfcare"}
KIND_ORDER = {"overview": 0, "technique": 1, "selfcare": 2}



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
    # What loading found to tell the person, as data: loading never prints. The command
    # shows `warnings` (the content's problems) and `notices` (about the cache folder),
    # and sets `on_new_warnings` to hear of problems a rebuild finds in mid-command.
    notices: tuple[str, ...] = ()
    on_new_warnings: Callable[[list[Problem]], None] | None = None

    def __init__(self, entries: dict[str, Entry], sources: dict[str, Source],
                 redflags: RedFlags, conditions: dict[str, Condition],
                 origins: dict[str, Path], local_ids: set[str], folders: list[Path],
                 warnings: list[Problem], movements: dict[str, Movement] | None = None,
                 redflag_marks: LocalRedFlagMarks | None = None,
                 local_sources: dict[str, str] | None = None) -> None:
        ordered = sorted(entries.values(), key=lambda e: (KIND_ORDER[e.kind], e.id))
        self._entries = {e.id: e for e in ordered}
        # Every id, in display order.
        self._kinds: Mapping[str, str] = {e.id: e.kind for e in ordered}
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
        # Set by the loader: each file's identity as it was read (the cache keeps them).
        self.file_identities: dict[str, str] = {}
        # Set by cache.py: the cache file, where the search index lives, what it must match.
        self.cache_path: Path | None = None
        self.index_path: Path | None = None
        self.index_stamp = ""

    # A catalog read from the cache (cache.StoredCatalog) can find itself stale and be built
    # again; one built from the files is fresh by definition.
    stored = False
    generation = 0  # how many times it was built again

    def rebuild(self) -> None:
        """Build again from the files; only a catalog read from the cache needs to."""

    def all_fresh(self) -> bool:
        return True

    def _loaded(self, name: str) -> Any:
        value = self._parts[name]
        if isinstance(value, Deferred):
            value = self._parts[name] = value.load()
        return value

    @property
    def origins(self) -> dict[str, Path]:
        """Entry id -> the file it came from (kept as text in the cache until asked for)."""
        origins: dict[str, Path] = self._loaded("origins")
        if any(isinstance(v, str) for v in origins.values()):
            origins = self._parts["origins"] = {k: Path(v) for k, v in origins.items()}
        return origins

    @property
    def kinds(self) -> Mapping[str, str]:
        """Every id and its kind, in display order."""
        return self._kinds

    def listing(self, kind: str) -> list[ListItem]:
        """The lines of a list (`sciatica techniques`), without loading whole entries."""
        listing: list[ListItem] = self._loaded(f"listing:{kind}")
        return listing

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
        entry_id = query if query in self._kinds else lookup.find(query, self._names)
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
        """Close pages (of `kind`), each once. A page has several names (id, name, aliases),
        so five close names are weighed for three pages; a query that is part of a name
        ("tissue") is a good hint too."""
        pool = [(name, entry_id) for name, entry_id in self._names.items()
                if kind is None or self._kinds[entry_id] == kind]
        return lookup.suggest(query, pool, considered=5, containing=True)

    def folder_of(self, entry_id: str) -> Path:
        """The content folder (laid out like data/) an entry was read from."""
        path = self.origins[entry_id]
        return path.parent.parent if path.parent.name in KIND_FOLDERS else path.parent

    def stretch_index(self) -> dict[str, tuple[Entry, Stretch]]:
        """Every named stretch by id, with the page it belongs to."""
        return {s.id: (e, s) for e in self.entries.values() for s in e.stretches}

    def stretch_names(self) -> dict[str, str]:
        """Normalized stretch id, name or alias -> stretch id (the first stretch to use a
        name keeps it), for lookup.find."""
        return lookup.names_of((name, s.id) for e in self.entries.values()
                               for s in e.stretches for name in (s.id, s.name, *s.aliases))
