"""The view behind `sciatica paths`: every content folder read, and what came from where."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..catalog import Catalog


class Folder(NamedTuple):
    path: str
    bundled: bool
    exists: bool
    entries: tuple[str, ...]


class Origin(NamedTuple):
    name: str  # an entry id, a red-flag tier or sign id, or a source key
    path: str
    local: bool


class PathsView(NamedTuple):
    folders: tuple[Folder, ...]
    entries: tuple[Origin, ...]
    redflag_files: tuple[str, ...]
    redflags_replaced_by: str | None
    redflag_tiers: tuple[Origin, ...]
    redflag_signs: tuple[Origin, ...]
    sources: tuple[Origin, ...]


def paths(catalog: Catalog) -> PathsView:
    marks = catalog.redflag_marks
    in_folder: dict[object, list[str]] = {}
    for entry_id in catalog.origins:
        in_folder.setdefault(catalog.folder_of(entry_id), []).append(entry_id)
    return PathsView(
        tuple(Folder(str(f), i == 0, f.is_dir(), tuple(in_folder.get(f, ())))
              for i, f in enumerate(catalog.folders)),
        tuple(Origin(entry_id, str(path), entry_id in catalog.local_ids)
              for entry_id, path in catalog.origins.items()),
        tuple(marks.files), marks.replaced_by,
        tuple(Origin(k, v, True) for k, v in marks.tiers.items()),
        tuple(Origin(k, v, True) for k, v in marks.signs.items()),
        tuple(Origin(k, v, True) for k, v in catalog.local_sources.items()))
