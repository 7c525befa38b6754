"""A page as every format shows it: its sections, in one order, as plain data.

SECTIONS is the one list of what a page shows and in what order. The terminal page, the
HTML handout and the Markdown handout each walk it and draw the sections they have; a
format may leave a section out (a short handout has no body), but never moves one. So a
new section is added here once, and every format places it the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from ..models import Caution, Entry, Headline, Source, Stretch, claim_label
from ..page_references import Reference, for_entry


class Section(NamedTuple):
    id: str
    heading: str | None  # None: shown without a heading of its own


TITLE = Section("title", None)  # the name, the kind and the best evidence
SUMMARY = Section("summary", None)
BODY = Section("body", None)  # how it works, in plain paragraphs
CAUTIONS = Section("cautions", "Cautions: read these first")
EVIDENCE = Section("evidence", "What the evidence says")
STRETCHES = Section("stretches", "How to do them")
AT_A_GLANCE = Section("at-a-glance", "At a glance")
SEE_ALSO = Section("see-also", "See also")
SOURCES = Section("sources", "Sources")
REMINDER = Section("reminder", None)  # not a diagnosis; where the red flags are

# What a page shows, in order. Cautions come before the evidence: read them first.
SECTIONS: tuple[Section, ...] = (TITLE, SUMMARY, BODY, CAUTIONS, EVIDENCE, STRETCHES,
                                 AT_A_GLANCE, SEE_ALSO, SOURCES, REMINDER)

KIND_LABEL = {"technique": "massage technique", "selfcare": "self-care", "overview": "overview"}
NO_CLAIM = "no claim of benefit"


class Cited(NamedTuple):
    """A line of the page and the numbers of the references it cites."""

    text: str
    refs: tuple[int, ...]


class GradedClaim(NamedTuple):
    text: str
    grade: Headline  # the claim's own grade and population, for colour
    label: str  # the grade in words: "low", "moderate, from back pain"
    refs: tuple[int, ...]


class StretchLine(NamedTuple):
    stretch: Stretch  # the steps, the stop sign and the pose a drawing needs
    dose: str
    refs: tuple[int, ...]


class PageView(NamedTuple):
    id: str
    name: str
    kind: str
    kind_label: str
    summary: str
    best: Headline  # the headline grade
    best_label: str  # the headline grade in words, or NO_CLAIM
    graded: bool  # has claims to grade (the overview is not a treatment, so never)
    local: bool  # from the reader's own folder
    paragraphs: tuple[str, ...]
    cautions: tuple[Cited, ...]
    claims: tuple[GradedClaim, ...]
    stretches: tuple[StretchLine, ...]
    attributes: tuple[tuple[str, str], ...]
    see_also: tuple[str, ...]
    references: tuple[Reference, ...]  # empty where the sources are listed elsewhere
    local_sources: frozenset[str]  # reference keys from the reader's own folder


def dose_line(stretch: Stretch) -> str:
    """How long to hold, how many times, and the rest between: one sentence."""
    hold = (f"Hold {stretch.hold_seconds} seconds" if stretch.hold_seconds >= 5
            else "Move slowly, no hold")
    side = ", each side" if stretch.sides == "both" else ""
    return (f"{hold}. Do it {stretch.repetitions} times{side}. "
            f"Rest {stretch.rest_seconds} seconds between.")


def paragraphs(body: str) -> tuple[str, ...]:
    """The body's paragraphs (split at blank lines), each on one line."""
    return tuple(" ".join(p.split()) for p in body.strip().split("\n\n"))


def build(entry: Entry, sources: Mapping[str, Source], *, local: bool = False,
          local_sources: Collection[str] = (), number: Mapping[str, int] | None = None,
          cautions: Iterable[Caution] | None = None,
          stretches: Iterable[Stretch] | None = None) -> PageView:
    """The page's view. On its own, a page numbers its references in the order a reader
    meets them; inside a larger document (a handout) `number` gives the document's numbers
    and the page lists no sources of its own. `cautions` and `stretches` narrow the page
    to what applies to one reader."""
    references: tuple[Reference, ...] = ()
    if number is None:
        references = tuple(for_entry(entry, dict(sources)))
        number = {r.key: r.number for r in references}

    def refs(keys: Iterable[str]) -> tuple[int, ...]:
        return tuple(number[k] for k in keys if k in number)

    best = entry.best_evidence
    return PageView(
        id=entry.id, name=entry.name, kind=entry.kind, kind_label=KIND_LABEL[entry.kind],
        summary=entry.summary, best=best, best_label=best.label if best.grade else NO_CLAIM,
        graded=bool(entry.claims) and entry.kind != "overview", local=local,
        paragraphs=paragraphs(entry.body),
        cautions=tuple(Cited(c.text, refs(c.sources))
                       for c in (entry.cautions if cautions is None else cautions)),
        claims=tuple(GradedClaim(c.text, Headline(c.evidence, c.population), claim_label(c),
                                 refs(c.sources)) for c in entry.claims),
        stretches=tuple(StretchLine(s, dose_line(s), refs(s.sources))
                        for s in (entry.stretches if stretches is None else stretches)),
        attributes=tuple(entry.attributes.items()), see_also=tuple(entry.see_also),
        references=references,
        local_sources=frozenset(k for k in local_sources if k in number))
