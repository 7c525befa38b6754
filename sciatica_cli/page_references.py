"""Numbering a page's sources and a short plain citation for showing them on a page.

Styled exports (APA, Vancouver, BibTeX, RIS, CSL-JSON) live in reference_export.py and load their
libraries only when asked; a page needs just this light, dependency-free form.
"""

from __future__ import annotations

from typing import NamedTuple

from .models import Entry, Organisation, Source


class Reference(NamedTuple):
    number: int
    key: str
    source: Source


def numbered(keys: list[str], sources: dict[str, Source]) -> list[Reference]:
    return [Reference(i, key, sources[key])
            for i, key in enumerate(keys, start=1) if key in sources]


def for_entry(entry: Entry, sources: dict[str, Source]) -> list[Reference]:
    """The page's references, numbered in the order the page first cites them."""
    return numbered(entry.cited_keys(), sources)


def author_names(source: Source, limit: int = 3) -> str:
    names = [
        a.literal if isinstance(a, Organisation) else f"{a.family} {_initials(a.given)}".strip()
        for a in source.authors
    ]
    if len(names) > limit:
        names = [*names[:limit], "et al"]
    return ", ".join(names)


def _initials(given: str) -> str:
    parts = given.replace("-", " ").replace(".", " ").split()
    return "".join(p[0] for p in parts if p)


def year_of(source: Source) -> str | None:
    if source.year:
        return str(source.year)
    if source.issued:
        return source.issued[:4]
    return None


def short_citation(source: Source) -> str:
    """One line: authors. Title. Container. Year;vol(issue):pages. doi or address."""
    authors = author_names(source)
    parts = [authors + ".", source.title.rstrip(".") + "."]
    where = source.container or source.publisher
    if where and where not in authors:
        parts.append(where + ".")
    detail = year_of(source) or ""
    if source.type == "article":  # volume and pages mean nothing for a web page
        if source.volume:
            detail += f";{source.volume}"
            if source.issue:
                detail += f"({source.issue})"
        if source.pages:
            detail += f":{source.pages}"
        elif source.number:
            detail += f":{source.number}"
    if detail:
        parts.append(detail + ".")
    if source.doi:
        parts.append(f"doi:{source.doi}")
    elif source.url:
        parts.append(source.url)
    return " ".join(parts)
