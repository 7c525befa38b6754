"""A printable handout: chosen pages, their stretches, the red flags, numbered sources."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .catalog import Catalog
from .models import Entry, RedFlags
from .references import Reference, numbered


class Handout(NamedTuple):
    entries: tuple[Entry, ...]
    redflags: RedFlags
    references: tuple[Reference, ...]
    citations: tuple[str, ...]  # each reference in APA, in the same order
    prepared: date
    # What came from the reader's own folder, marked "(local)" in the handout.
    local_signs: frozenset[str] = frozenset()
    local_tiers: frozenset[str] = frozenset()
    local_sources: frozenset[str] = frozenset()

    def number(self, key: str) -> int | None:
        return next((r.number for r in self.references if r.key == key), None)


def build(catalog: Catalog, ids: list[str], today: date | None = None) -> Handout:
    """The pages asked for (forgiving ids, duplicates dropped), numbered as they appear."""
    from .citations import Style, styled

    entries = tuple({e.id: e for e in (catalog.resolve(i) for i in ids)}.values())
    keys = [k for e in entries for k in e.cited_keys()]
    keys += [k for tier in catalog.redflags.tiers for sign in tier.signs for k in sign.sources]
    refs = tuple(numbered(list(dict.fromkeys(keys)), catalog.sources))
    marks = catalog.redflag_marks
    return Handout(entries, catalog.redflags, refs, tuple(styled(list(refs), Style.APA)),
                   today or date.today(), frozenset(marks.signs), frozenset(marks.tiers),
                   frozenset(catalog.local_sources))
