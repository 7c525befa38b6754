"""The content types and their rules.

Every file under data/ is parsed into one of these models. They refuse unknown keys and
wrong types, so a typo in the content is caught when the catalog loads, not when a reader
meets it. Cross-file rules (does a source key exist? does a see_also id exist?) live in
catalog.py, because a single file cannot answer them.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Ids are file names: lower case words joined by dashes.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Evidence(str, Enum):
    """How strong the evidence for a claim is, as its source grades it."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"
    NOT_ESTABLISHED = "not-established"

    @property
    def rank(self) -> int:
        """Higher is stronger; used to pick an entry's best evidence."""
        return _EVIDENCE_RANK[self]

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


_EVIDENCE_RANK = {
    Evidence.HIGH: 4,
    Evidence.MODERATE: 3,
    Evidence.LOW: 2,
    Evidence.VERY_LOW: 1,
    Evidence.NOT_ESTABLISHED: 0,
}


class Strict(BaseModel):
    """Base for every content model: unknown keys are an error, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Claim(Strict):
    """A claim of benefit, with the grade its source gives it and the sources behind it."""

    text: str = Field(min_length=1)
    # Not strict: the grade arrives from YAML as text and is checked against the enum.
    evidence: Evidence = Field(strict=False)
    sources: list[str] = Field(min_length=1)


class Caution(Strict):
    """Who should skip or ask first. `conditions` tags tie it to the plan's questions."""

    text: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)


class Stretch(Strict):
    """One named stretch or movement, with what a routine needs to guide it."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    steps: list[str] = Field(min_length=1)
    hold_seconds: int = Field(ge=0, le=600)
    repetitions: int = Field(ge=1, le=50)
    rest_seconds: int = Field(default=10, ge=0, le=600)
    sides: Literal["both", "one"] = "one"
    stop_if: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)


Stage = Literal["acute", "chronic"]


class Entry(Strict):
    """A page: a massage technique, a self-care strategy, or the overview."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["technique", "selfcare", "overview"]
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    summary: str = Field(min_length=1)
    body: str = Field(min_length=1)
    attributes: dict[str, str] = Field(default_factory=dict)
    claims: list[Claim] = Field(default_factory=list)
    cautions: list[Caution] = Field(min_length=1)
    # Sources for what the page describes (not for benefit), e.g. what a session is like.
    background: list[str] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    stretches: list[Stretch] = Field(default_factory=list)
    see_also: list[str] = Field(default_factory=list)

    @property
    def best_evidence(self) -> Evidence:
        if not self.claims:
            return Evidence.NOT_ESTABLISHED
        return max((c.evidence for c in self.claims), key=lambda e: e.rank)

    def cited_keys(self) -> list[str]:
        """Every source key the page cites, in the order a reader meets them."""
        keys: list[str] = []
        for key in (
            *(k for c in self.claims for k in c.sources),
            *(k for c in self.cautions for k in c.sources),
            *(k for s in self.stretches for k in s.sources),
            *self.background,
        ):
            if key not in keys:
                keys.append(key)
        return keys


class Person(Strict):
    family: str = Field(min_length=1)
    given: str = ""


class Organisation(Strict):
    """An organisation as author: kept whole in every export, never split into names."""

    literal: str = Field(min_length=1)


SourceType = Literal["article", "webpage", "guideline"]
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class Source(Strict):
    """One reference, cited by key from the entries."""

    type: SourceType
    title: str = Field(min_length=1)
    authors: list[Person | Organisation] = Field(min_length=1)
    year: int | None = Field(default=None, ge=1900, le=2100)
    issued: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    container: str | None = None  # journal or website
    publisher: str | None = None  # or the institution that issued a guideline
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    number: str | None = None  # article number or report number
    doi: str | None = None
    pmid: str | None = Field(default=None, pattern=r"^\d+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    accessed: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    supports: str = Field(min_length=1)
    does_not_support: str | None = None

    @field_validator("issued", "accessed", "volume", "issue", "pages", "number", "pmid", mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        # YAML reads 2016-11-30 as a date and 4 as a number; both are meant as text here.
        if isinstance(value, (int, date)) and not isinstance(value, bool):
            return str(value) if not isinstance(value, date) else value.isoformat()
        return value

    @field_validator("doi")
    @classmethod
    def _doi_well_formed(cls, value: str | None) -> str | None:
        if value is not None and not _DOI.match(value):
            raise ValueError("a DOI looks like 10.NNNN/suffix, with no 'doi:' or address in front")
        return value


class RedFlag(Strict):
    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1)
    question: str = Field(min_length=1)  # asked by `sciatica plan`, answered yes or no
    sources: list[str] = Field(min_length=1)


class RedFlagTier(Strict):
    id: Literal["emergency", "urgent", "routine"]
    title: str = Field(min_length=1)
    action: str = Field(min_length=1)
    signs: list[RedFlag] = Field(min_length=1)


class RedFlags(Strict):
    summary: str = Field(min_length=1)
    tiers: list[RedFlagTier] = Field(min_length=1)


class Condition(Strict):
    """A health condition the plan asks about; cautions point at it by id."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    question: str = Field(min_length=1)
