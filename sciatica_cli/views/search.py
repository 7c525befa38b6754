"""The view behind `sciatica search`: the hits, best first, and which red-flag signs are
the reader's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..search import Hit


class SearchView(NamedTuple):
    query: str
    hits: list[Hit]
    local_signs: frozenset[str]  # red-flag signs from the reader's own folder


def search_results(catalog: Catalog, query: str, hits: list[Hit]) -> SearchView:
    return SearchView(query, hits, frozenset(catalog.redflag_marks.signs))
