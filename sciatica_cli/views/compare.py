"""The view behind `sciatica compare`: entries side by side, and for a reader with
conditions whether each is for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..models import Entry, ListItem, attribute_keys

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..suitability import Decision, Verdict


class CompareColumn(NamedTuple):
    item: ListItem  # id, kind, name, summary, best evidence, local
    attributes: dict[str, str]  # only the compared keys this entry has
    cautions: tuple[str, ...]  # every caution, as the page lists them
    main_cautions: tuple[str, ...]  # the two shown: those tied to the reader's conditions first
    for_you: Verdict | None  # None when no condition was given


class CompareView(NamedTuple):
    attributes: list[str]  # the keys lined up, in order
    conditions: tuple[str, ...]
    checked: bool  # conditions were given, so each column says whether it is for the reader
    columns: tuple[CompareColumn, ...]


def compare(catalog: Catalog, entries: list[Entry], decision: Decision | None) -> CompareView:
    keys = attribute_keys(entries)

    def column(e: Entry) -> CompareColumn:
        mine = list(decision.entries[e.id].for_you) if decision else []
        main = [c.text for c in (mine + [c for c in e.cautions if c not in mine])[:2]]
        return CompareColumn(
            ListItem.of(e, e.id in catalog.local_ids),
            {k: e.attributes[k] for k in keys if k in e.attributes},
            tuple(c.text for c in e.cautions), tuple(main),
            decision.verdict(e.id) if decision else None)

    return CompareView(keys, tuple(decision.person.conditions) if decision else (),
                       decision is not None, tuple(column(e) for e in entries))
