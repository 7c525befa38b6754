"""The content types and their rules.

Every file under data/ becomes one of these. They are named tuples: immutable, and cheap
to define, which matters because every command defines them before it can read the
cached catalog. The rules are written as annotations that pydantic enforces when the
catalog is built from the YAML files (see catalog.py): unknown keys and wrong types are
refused there. Lists are tuples, so nothing can change the catalog after it is checked.
Cross-file rules (does a source key exist? does a see_also id exist?) live in
catalog.py, because a single file cannot answer them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Annotated, Literal, NamedTuple

from annotated_types import Ge, Le, MaxLen, MinLen, Predicate  # constraints pydantic reads

from .textclean import URL_CHAR

# How strong the evidence for a claim is, as its source grades it: strongest first. The first
# four are GRADE's levels; the rest say why a claim has no graded level (README, "Evidence").
GRADED = ("high", "moderate", "low", "very-low")
EVIDENCE_GRADES = (*GRADED, "guideline-advice", "not-graded", "no-good-evidence")
Evidence = Literal["high", "moderate", "low", "very-low", "guideline-advice", "not-graded",
                   "no-good-evidence"]
# The one grade every claim once carried when it had no graded level. It still loads from a
# user's own files, read as "not-graded", with a warning (catalog.py, SCI021).
RETIRED_GRADE = "not-established"
RETIRED_GRADE_READ_AS = "not-graded"

# Whom the evidence behind a claim comes from, and what it found.
Population = Literal["sciatica", "back-pain-with-or-without-sciatica", "low-back-pain",
                     "other-condition"]
ClaimEffect = Literal["benefit", "no-difference", "harm"]
EVIDENCE_WORDS = {"guideline-advice": "guideline advice",
                  "not-graded": "not graded", "no-good-evidence": "no good evidence"}
POPULATION_WORDS = {"sciatica": "sciatica",
                    "back-pain-with-or-without-sciatica": "back pain",
                    "low-back-pain": "back pain", "other-condition": "another condition"}


def evidence_rank(grade: str) -> int:
    """Higher is stronger."""
    return len(EVIDENCE_GRADES) - EVIDENCE_GRADES.index(grade)


def evidence_words(grade: str) -> str:
    """A grade as a reader reads it: "very low", "guideline advice"."""
    return EVIDENCE_WORDS.get(grade, grade.replace("-", " "))


# Every pattern is matched against the whole value (fullmatch): `$` alone lets a final
# newline through, and a newline in an exported field forges a RIS record.
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Web addresses and DOIs hold only the characters that may stand in an address
# (textclean.URL_CHAR), so none can close a BibTeX brace, an autolink or an HTML attribute.
_DOI = re.compile(rf"10\.\d{{4,9}}/{URL_CHAR}+")
_URL = re.compile(rf"https?://(?:(?!/){URL_CHAR})+\.{URL_CHAR}+")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PMID = re.compile(r"[0-9]{1,9}")
_SOURCE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
# Line breaks of every kind (and other controls) in a one-line field.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# Predicates: their names are what a content author reads when one fails (catalog.py).
def is_an_id(value: str) -> bool:
    return bool(_ID.fullmatch(value))


def is_a_doi(value: str) -> bool:
    return bool(_DOI.fullmatch(value))


def is_a_web_address(value: str) -> bool:
    return bool(_URL.fullmatch(value))


def is_a_date(value: str) -> bool:
    return bool(_DATE.fullmatch(value))


def is_a_pmid(value: str) -> bool:
    return bool(_PMID.fullmatch(value))


def is_one_line(value: str) -> bool:
    return not _BREAKS.search(value)


def is_a_source_key(value: str) -> bool:
    return bool(_SOURCE_KEY.fullmatch(value))


FRIENDLY_PREDICATES = {
    "is_an_id": "must be lower-case words joined by dashes, like deep-tissue",
    "is_a_doi": "a DOI looks like 10.NNNN/suffix, with no 'doi:' or address in front",
    "is_a_web_address": "must be a full http(s) address with no spaces, quotes, <>, braces, "
    "backslash, ^, ` or | (write them %-encoded)",
    "is_a_date": "must be a date written YYYY, YYYY-MM or YYYY-MM-DD (in quotes)",
    "is_a_pmid": "a PubMed id is digits only, like \"17585160\"",
    "is_one_line": "must be one line, with no line breaks, tabs or control characters "
    "(use >- for a long value)",
    "is_a_source_key": "must be letters, digits and - _ . : (starting with a letter or digit)",
}

# A field that reference managers read line by line (RIS) or LaTeX reads as text.
OneLine = Annotated[str, Predicate(is_one_line)]



class Claim(NamedTuple):
    """What a source found, with the grade it gives, whom it studied and the sources behind it.

    `population` and `effect` are optional only so that a clinic's older files still load;
    `validate` warns when they are missing (SCI020), and such a claim never sets a
    page's headline grade.
    """

    text: Annotated[str, MinLen(1)]
    evidence: Evidence
    sources: Annotated[tuple[str, ...], MinLen(1)]
    population: Population | None = None
    effect: ClaimEffect | None = None


class Headline(NamedTuple):
    """A page's best evidence, as lists, compare and the plan show it.

    It comes from claims of benefit only. Graded evidence in sciatica comes first, then
    graded evidence from other people (labelled so: "low, from back pain"), then advice
    and results without a graded level. A page with no claim of benefit has none.
    """

    grade: str | None  # one of EVIDENCE_GRADES, or None: no claim of benefit
    population: str | None = None  # of the claim the grade comes from

    @classmethod
    def of(cls, claims: tuple[Claim, ...]) -> Headline:
        benefits = [c for c in claims if c.effect == "benefit" and c.population]
        if not benefits:
            return cls(None)
        best = max(benefits, key=lambda c: _headline_rank(c.evidence, c.population))
        return cls(best.evidence, best.population)

    @property
    def rank(self) -> tuple[int, int, int]:
        """Higher is stronger: for sorting a plan's sections."""
        if self.grade is None:
            return (0, 0, 0)
        return (1, *_headline_rank(self.grade, self.population))

    @property
    def from_sciatica(self) -> bool:
        return self.population == "sciatica"

    @property
    def label(self) -> str:
        """"moderate", "low, from back pain", "guideline advice", ..."""
        if self.grade is None:
            return "no evidence of benefit"
        words = evidence_words(self.grade)
        if self.population and not self.from_sciatica:
            words += f", from {POPULATION_WORDS[self.population]}"
        return words


def claim_label(claim: Claim) -> str:
    """One claim's grade as a page shows it: "low", "moderate, from back pain"."""
    return Headline(claim.evidence, claim.population).label


def _headline_rank(grade: str, population: str | None) -> tuple[int, int]:
    graded = grade in GRADED
    # Graded beats ungraded; within each, sciatica beats other people; then the grade.
    return (2 * graded + (population == "sciatica"), evidence_rank(grade))


# What a caution tied to conditions does for a person with one of them (suitability.py):
# out: not for them; adapted: allowed with the change the text says; note: worth knowing.
Effect = Literal["out", "adapted", "note"]


class Caution(NamedTuple):
    """Who should skip or ask first. `conditions` tags tie it to the plan's questions, and
    `effect` says what the caution does for them (None: a file older than `effect`)."""

    text: Annotated[str, MinLen(1)]
    sources: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    effect: Effect | None = None


# A joint's place in centimetres: [x, y] or [x, y, z]. x runs along the floor, y up from
# it, z toward whoever looks from the side (see pose.py). Bounded, so a typo such as 4500
# for 45 is refused with the key that holds it.
Coordinate = Annotated[float, Ge(-400), Le(400)]
Point = Annotated[tuple[Coordinate, ...], MinLen(2), MaxLen(3)]


class Figure(NamedTuple):
    """A simple human figure: where each joint is. `near_` limbs face the side view's eye."""

    head: Point  # the centre of the head
    nose: Point  # the tip of the nose: which way the face looks
    neck: Point  # the base of the neck, between the shoulders
    back: Point  # the middle of the back, so the spine can bend
    pelvis: Point  # between the hips
    near_elbow: Point
    near_hand: Point
    far_elbow: Point
    far_hand: Point
    near_knee: Point
    near_ankle: Point
    near_toe: Point
    far_knee: Point
    far_ankle: Point
    far_toe: Point


class Pose(NamedTuple):
    """How to draw a stretch: the figure at the start and at the end of the movement.

    View, props and arrows are checked by pose.py (codes SCI040-SCI049), not here, so a
    misspelt prop is named as one rather than as a wrong type.
    """

    start: Figure
    end: Figure
    view: str = "side"  # side | front | top | side-above | three-quarter
    props: tuple[str, ...] = ()  # floor, mat, chair, towel, cushion
    arrows: tuple[str, ...] = ()  # joints whose path is drawn; default: the one that moves most
    back_and_forth: bool = False  # a glide between the two positions, not a move and a hold


class Stretch(NamedTuple):
    """One named stretch or movement, with what a routine needs to guide it."""

    id: Annotated[str, Predicate(is_an_id)]
    name: Annotated[str, MinLen(1)]
    steps: Annotated[tuple[str, ...], MinLen(1)]
    hold_seconds: Annotated[int, Ge(0), Le(600)]
    repetitions: Annotated[int, Ge(1), Le(50)]
    stop_if: Annotated[str, MinLen(1)]
    aliases: tuple[str, ...] = ()
    rest_seconds: Annotated[int, Ge(0), Le(600)] = 10
    sides: Literal["both", "one"] = "one"
    sources: tuple[str, ...] = ()
    # What the stretch asks of the body (ids from conditions.yaml `movements`); a condition
    # rules movements out. None: a file older than `movements`.
    movements: tuple[Annotated[str, Predicate(is_an_id)], ...] | None = None
    pose: Pose | None = None  # optional: without one there is no drawing


Stage = Literal["acute", "chronic"]


class Entry(NamedTuple):
    """A page: a massage technique, a self-care strategy, or the overview."""

    id: Annotated[str, Predicate(is_an_id)]
    kind: Literal["technique", "selfcare", "overview"]
    name: Annotated[str, MinLen(1)]
    summary: Annotated[str, MinLen(1)]
    body: Annotated[str, MinLen(1)]
    cautions: Annotated[tuple[Caution, ...], MinLen(1)]
    aliases: tuple[str, ...] = ()
    attributes: Mapping[str, str] = {}  # read-only: the default is shared
    claims: tuple[Claim, ...] = ()
    # Sources for what the page describes (not for benefit), e.g. what a session is like.
    background: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()
    stretches: tuple[Stretch, ...] = ()
    see_also: tuple[str, ...] = ()
    # Where a personal plan puts it (NICE NG59 order); None: by kind (suitability.py).
    group: Literal["exercise", "self-care", "massage"] | None = None

    @property
    def best_evidence(self) -> Headline:
        """The headline grade: from claims of benefit in sciatica first (see Headline)."""
        return Headline.of(self.claims)

    def cited_keys(self) -> list[str]:
        """Every source key the page cites, in the order a reader meets them."""
        keys = [
            *(k for c in self.cautions for k in c.sources),
            *(k for c in self.claims for k in c.sources),
            *(k for s in self.stretches for k in s.sources),
            *self.background,
        ]
        return list(dict.fromkeys(keys))


def attribute_keys(entries: list[Entry]) -> list[str]:
    """What `compare` lines up: the entries' attribute keys, in the order they first appear."""
    return list(dict.fromkeys(k for e in entries for k in e.attributes))


class ListItem(NamedTuple):
    """One line of a list of entries: what a reader sees before opening a page."""

    id: str
    kind: str
    name: str
    summary: str
    best_evidence: Headline
    local: bool

    @classmethod
    def of(cls, entry: Entry, local: bool) -> ListItem:
        # Interned, so a pickled list of thousands holds each kind and grade once.
        best = entry.best_evidence
        def intern(value: str | None) -> str | None:
            return value if value is None else sys.intern(value)

        return cls(entry.id, sys.intern(entry.kind), entry.name, entry.summary,
                   Headline(intern(best.grade), intern(best.population)), local)


class Person(NamedTuple):
    family: Annotated[OneLine, MinLen(1)]
    given: OneLine = ""


class Organisation(NamedTuple):
    """An organisation as author: kept whole in every export, never split into names."""

    literal: Annotated[OneLine, MinLen(1)]


SourceType = Literal["article", "webpage", "guideline"]


class Source(NamedTuple):
    """One reference, cited by key from the entries."""

    type: SourceType
    title: Annotated[OneLine, MinLen(1)]
    authors: Annotated[tuple[Person | Organisation, ...], MinLen(1)]
    supports: Annotated[str, MinLen(1)]
    does_not_support: str | None = None
    year: Annotated[int, Ge(1900), Le(2100)] | None = None
    issued: Annotated[str, Predicate(is_a_date)] | None = None  # YYYY-MM-DD when known
    container: OneLine | None = None  # journal or website
    publisher: OneLine | None = None  # or the institution that issued a guideline
    volume: OneLine | None = None
    issue: OneLine | None = None
    pages: OneLine | None = None
    number: OneLine | None = None  # article number or report number
    doi: Annotated[str, Predicate(is_a_doi)] | None = None
    pmid: Annotated[str, Predicate(is_a_pmid)] | None = None
    url: Annotated[str, Predicate(is_a_web_address)] | None = None
    accessed: Annotated[str, Predicate(is_a_date)] | None = None


class RedFlag(NamedTuple):
    id: Annotated[str, Predicate(is_an_id)]
    text: Annotated[str, MinLen(1)]
    question: Annotated[str, MinLen(1)]  # asked by `sciatica plan`, answered yes or no
    sources: Annotated[tuple[str, ...], MinLen(1)]
    # Words that, in a diary note, suggest this sign (lower case; matched inside the note).
    keywords: tuple[str, ...] = ()


class RedFlagTier(NamedTuple):
    id: Literal["emergency", "urgent", "routine"]
    title: Annotated[str, MinLen(1)]
    action: Annotated[str, MinLen(1)]
    signs: Annotated[tuple[RedFlag, ...], MinLen(1)]


class RedFlags(NamedTuple):
    summary: Annotated[str, MinLen(1)]
    tiers: Annotated[tuple[RedFlagTier, ...], MinLen(1)]


class Movement(NamedTuple):
    """Something a stretch asks of the body, named so a reader understands why it is out."""

    id: Annotated[str, Predicate(is_an_id)]
    # Finishes "It asks you to ...", e.g. "bend your hip past 90 degrees".
    name: Annotated[str, MinLen(1)]


class RuleOut(NamedTuple):
    """A movement a condition rules out, with the source that says so."""

    movement: Annotated[str, Predicate(is_an_id)]
    sources: tuple[str, ...] = ()


class Condition(NamedTuple):
    """A health condition the plan asks about; cautions point at it by id."""

    id: Annotated[str, Predicate(is_an_id)]
    name: Annotated[str, MinLen(1)]
    question: Annotated[str, MinLen(1)]
    # Movements it rules out (None: a file older than `rules_out`).
    rules_out: tuple[RuleOut, ...] | None = None
    advice: str | None = None  # shown to a person with it, e.g. "ask your surgeon or physio"
    # A red-flag sign that a yes to this condition also answers yes (asked once, not twice).
    red_flag: Annotated[str, Predicate(is_an_id)] | None = None


class LocalRedFlagTier(NamedTuple):
    """A tier in a user folder's redflags.yaml: signs to add or change, by id."""

    id: Literal["emergency", "urgent", "routine"]
    title: str | None = None
    action: str | None = None
    signs: tuple[RedFlag, ...] = ()


class LocalRedFlags(NamedTuple):
    """A user folder's redflags.yaml. It merges with ours by sign id: it may add signs and
    change urgent and routine ones, but never drop, move down or reword an emergency sign,
    the emergency title or its action, unless `replace_bundled: true` says the file is a
    whole list that replaces ours (then every part of it must be there)."""

    summary: str | None = None
    tiers: tuple[LocalRedFlagTier, ...] = ()
    replace_bundled: bool = False


class LocalRedFlagMarks(NamedTuple):
    """Which parts of the red flags came from a user folder, so every view can say so."""

    signs: Mapping[str, str] = {}  # sign id added or changed locally -> the file it came from
    tiers: Mapping[str, str] = {}  # tier id whose title or action is local -> the file
    summary: bool = False
    files: tuple[str, ...] = ()  # the local redflags.yaml files that were used
    replaced_by: str | None = None  # the file that replaced ours whole (replace_bundled)
