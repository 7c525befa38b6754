"""The view behind `sciatica redflags`: every tier and sign, what came from the reader's
own folder, and the references, numbered once."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..models import LocalRedFlagMarks, RedFlags
from ..page_references import Reference, numbered

if TYPE_CHECKING:
    from ..catalog import Catalog


class RedFlagsView(NamedTuple):
    flags: RedFlags
    marks: LocalRedFlagMarks  # what came from the reader's own folder
    references: tuple[Reference, ...]  # numbered in the order the signs first cite them
    local_sources: frozenset[str]


def redflag_keys(flags: RedFlags) -> list[str]:
    """The sources the signs cite, once each, in the order they are first cited: the
    numbering of `sciatica redflags` and of `sciatica sources --for redflags`."""
    return list(dict.fromkeys(k for tier in flags.tiers for s in tier.signs for k in s.sources))


def redflags(catalog: Catalog) -> RedFlagsView:
    flags = catalog.redflags
    return RedFlagsView(flags, catalog.redflag_marks,
                        tuple(numbered(redflag_keys(flags), catalog.sources)),
                        frozenset(catalog.local_sources))
