"""A printable handout a therapist chooses: pages, single stretches and the red flags, for
one reader (their name, the clinic, a note, their conditions), short or with the full
evidence. Plain data for the renderers; what is in or out is asked of suitability.decide,
the one rule, never worked out here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from . import lookup
from .catalog import Catalog
from .lookup import normalize
from .errors import NotFound
from .models import Caution, Condition, Entry, RedFlags, Stretch
from .page_references import Reference, numbered
from .suitability import Person, Verdict, decide
from .views import page as page_view
from .views.page import PageView

REDFLAGS = "redflags"  # the id that asks for the red-flag card on its own


class Left(NamedTuple):
    """A page, or a stretch on a page, that is not for this reader, and why."""

    id: str
    name: str
    page: str  # the page it is on (itself for a page)
    verdict: Verdict


class Page(NamedTuple):
    """A chosen page as this reader gets it: the stretches that are for them, and the
    cautions that apply (all of them when we do not know the reader's conditions)."""

    entry: Entry
    cautions: tuple[Caution, ...]
    stretches: tuple[Stretch, ...]


class Loose(NamedTuple):
    """A stretch chosen on its own, with the page it comes from."""

    stretch: Stretch
    page: Entry


class Handout(NamedTuple):
    pages: tuple[Page, ...]
    stretches: tuple[Loose, ...]  # chosen one by one, not already on a chosen page
    redflags: RedFlags
    references: tuple[Reference, ...]
    citations: tuple[str, ...]  # each reference in APA, in the same order
    prepared: date
    full: bool = False  # the whole page and every claim with its grade, not the short form
    client: str | None = None
    clinic: str | None = None
    note: str | None = None
    conditions: tuple[Condition, ...] = ()  # the reader's, when the handout is for one person
    not_for_you: tuple[Left, ...] = ()
    asked_out: tuple[str, ...] = ()  # ids asked for by name that are not for this reader
    # What came from the reader's own folder, marked "(local)" in the handout.
    local_signs: frozenset[str] = frozenset()
    local_tiers: frozenset[str] = frozenset()
    local_sources: frozenset[str] = frozenset()
    views: tuple[PageView, ...] = ()  # each page's sections, numbered as the handout numbers

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(p.entry for p in self.pages)

    @property
    def only_redflags(self) -> bool:
        return not self.pages and not self.stretches

    def numbers(self, keys: Iterable[str]) -> tuple[int, ...]:
        """The handout's reference numbers for these source keys."""
        number = {r.key: r.number for r in self.references}
        return tuple(number[k] for k in keys if k in number)

    def drawn(self) -> tuple[Stretch, ...]:
        """Every stretch the handout shows, in order (each drawn once)."""
        return tuple(s for p in self.pages for s in p.stretches) + tuple(
            s.stretch for s in self.stretches)


def _find(catalog: Catalog, query: str) -> Entry | Loose | str:
    """A page, a stretch (with its page) or the red flags, by forgiving id or name."""
    if normalize(query) in (REDFLAGS, "redflag"):
        return REDFLAGS
    try:
        return catalog.resolve(query)
    except NotFound as page_miss:
        index = catalog.stretch_index()
        found = lookup.find(query, catalog.stretch_names())
        if found is not None:
            entry, stretch = index[found]
            return Loose(stretch, entry)
        # After the pages' own suggestions, at most two stretch ids, and only closer ones
        # (0.6): the pages come first in a handout.
        close = lookup.suggest(query, lookup.names_of((i, i) for i in index), most=2,
                               cutoff=0.6)
        suggestions = list(dict.fromkeys([*page_miss.suggestions, *close]))
        raise NotFound("page or stretch", query, suggestions) from None


def build(catalog: Catalog, ids: list[str], today: date | None = None,
          conditions: tuple[str, ...] = (), *, full: bool = False, client: str | None = None,
          clinic: str | None = None, note: str | None = None) -> Handout:
    """What was asked for (forgiving ids, duplicates dropped), decided for the reader.

    A page, or a stretch, that suitability.decide rules out for their conditions is taken
    out and listed, with the reason, as not for them. A stretch asked for on its own whose
    page is also chosen is shown once, with its page."""
    from .reference_export import Style, styled

    found = [_find(catalog, i) for i in ids]
    asked_pages = list({f.id: f for f in found if isinstance(f, Entry)}.values())
    asked_stretches = [(x.page, x.stretch) for x in
                       {f.stretch.id: f for f in found if isinstance(f, Loose)}.values()]
    pages_of_loose = [e for e, _ in asked_stretches if e.id not in {p.id for p in asked_pages}]
    person = Person(None, conditions)
    # With no conditions nothing is out, so the rule has nothing to decide.
    decision = decide(catalog, person, list(
        {e.id: e for e in [*asked_pages, *pages_of_loose]}.values())) if conditions else None
    pages, left = [], []
    for entry in asked_pages:
        if decision is None:
            pages.append(Page(entry, entry.cautions, entry.stretches))
            continue
        d = decision.entries[entry.id]
        if d.verdict.out:
            left.append(Left(entry.id, entry.name, entry.id, d.verdict))
            continue
        kept = tuple(s for s, v in d.stretches if not v.out)
        left += [Left(s.id, s.name, entry.id, v) for s, v in d.stretches if v.out]
        cautions = entry.cautions if not conditions else tuple(
            c for c in entry.cautions if not c.conditions or set(c.conditions) & set(conditions))
        pages.append(Page(entry, cautions, kept))
    loose = []
    for entry, stretch in asked_stretches:
        if entry.id in {p.entry.id for p in pages} or any(
                x.id == entry.id for x in left):
            continue  # shown with its page, or its page is not for them (and says why)
        verdict = decision.stretch(stretch.id) if decision is not None else None
        if verdict is not None and verdict.out:
            left.append(Left(stretch.id, stretch.name, entry.id, verdict))
        else:
            loose.append(Loose(stretch, entry))
    keys = [k for p in pages for k in _cited(p, full)]
    keys += [k for x in loose for k in x.stretch.sources]
    keys += [k for out in left for r in out.verdict.reasons for k in r.sources]
    keys += [k for tier in catalog.redflags.tiers for sign in tier.signs for k in sign.sources]
    refs = tuple(numbered(list(dict.fromkeys(keys)), catalog.sources))
    asked_ids = {f.id for f in asked_pages} | {s.id for _, s in asked_stretches}
    marks = catalog.redflag_marks
    number = {r.key: r.number for r in refs}
    views = tuple(page_view.build(p.entry, catalog.sources, number=number, cautions=p.cautions,
                                  stretches=p.stretches) for p in pages)
    return Handout(tuple(pages), tuple(loose), catalog.redflags, refs,
                   tuple(styled(list(refs), Style.APA)), today or date.today(), full,
                   client or None, clinic or None, note or None,
                   tuple(catalog.conditions[c] for c in conditions), tuple(left),
                   tuple(o.id for o in left if o.id in asked_ids),
                   frozenset(marks.signs), frozenset(marks.tiers),
                   frozenset(catalog.local_sources), views)


def _cited(page: Page, full: bool) -> list[str]:
    """The sources a page cites as the handout shows it: the short form leaves out the
    claims (and their sources), so its numbers stay few."""
    keys = [k for c in page.cautions for k in c.sources]
    if full:
        keys += [k for c in page.entry.claims for k in c.sources] + list(page.entry.background)
    keys += [k for s in page.stretches for k in s.sources]
    return keys
