"""The view behind `sciatica sources`: the references, numbered once, for one scope."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

from ..page_references import Reference, for_entry, numbered
from ..reference_export import Format, Style

if TYPE_CHECKING:
    from ..catalog import Catalog

# The formats a reference manager reads, written by their libraries (citations.py).
DOCUMENT_FORMATS = (Format.BIBTEX, Format.RIS, Format.CSL_JSON)


class SourcesView(NamedTuple):
    """References numbered as the page (or the red flags, or the whole guide) numbers them.

    `citations` holds each reference in `style` (text and markdown); `document` the whole
    export in a reference manager's format (bibtex, ris, csl-json). Both are costly to make
    (citeproc-py, bibtexparser, rispy), so the builder takes them from the cache."""

    references: tuple[Reference, ...]
    local: frozenset[str]  # keys from a user's own sources.yaml
    style: Style
    citations: tuple[str, ...] = ()
    document: str = ""


def scope_of(catalog: Catalog, for_id: str | None) -> str | None:
    """What --for names: None (every reference), "redflags", or an entry id."""
    if for_id is None:
        return None
    from ..lookup import normalize

    return "redflags" if normalize(for_id) == "redflags" else catalog.resolve(for_id).id


def references(catalog: Catalog, scope: str | None) -> list[Reference]:
    if scope is None:
        return numbered(list(catalog.sources), catalog.sources)
    if scope == "redflags":
        from .redflags import redflag_keys

        return numbered(redflag_keys(catalog.redflags), catalog.sources)
    return for_entry(catalog.resolve(scope), catalog.sources)


def build(catalog: Catalog, for_id: str | None, fmt: Format, style: Style) -> SourcesView:
    from .. import cache

    scope = scope_of(catalog, for_id)
    refs = references(catalog, scope)
    view = SourcesView(tuple(refs), frozenset(catalog.local_sources), style)
    if fmt in DOCUMENT_FORMATS:
        from ..reference_export import export

        document = cache.exported(catalog, (fmt.value, style.value, scope),
                                  lambda: export(refs, fmt, style))
        return SourcesView(view.references, view.local, style, document=document)

    def styled() -> str:
        from ..reference_export import styled

        return json.dumps(styled(refs, style))

    citations = json.loads(cache.exported(catalog, ("styled", style.value, scope), styled))
    return SourcesView(view.references, view.local, style, citations=tuple(citations))
