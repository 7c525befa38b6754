"""The views behind `techniques`, `selfcare` and `overview`: a list of entries, and one
page (its sections, views/page.py, with the entry whole for JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..models import Entry, ListItem

if TYPE_CHECKING:
    from ..catalog import Catalog
    from .page import PageView


class EntryListView(NamedTuple):
    command: str  # the command that opens one of them: techniques or selfcare
    items: list[ListItem]


def entry_list(catalog: Catalog, kind: str) -> EntryListView:
    return EntryListView("techniques" if kind == "technique" else kind, catalog.listing(kind))


class EntryPage(NamedTuple):
    """One page as `techniques ID`, `selfcare ID` and `overview` show it: the page's
    sections (views/page.py) for people, and the entry whole for JSON."""

    entry: Entry
    page: PageView


def entry_page(catalog: Catalog, entry: Entry) -> EntryPage:
    from .page import build

    return EntryPage(entry, build(entry, catalog.sources, local=entry.id in catalog.local_ids,
                                  local_sources=catalog.local_sources))
