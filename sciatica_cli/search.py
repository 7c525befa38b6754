"""Ranked full-text search over the catalog, through SQLite's FTS5.

Each entry is indexed in weighted columns (a hit in the name counts more than one in
the body) with the Porter stemmer, so "stretches" finds "stretching". The red flags and the
conditions the plan asks about are indexed beside the pages, so "bladder" finds the warning
sign. Every query word must match, as a word or the start of one, or one of its everyday
synonyms (synonyms.py: "pregnancy" also looks for "pregnant"). The index is built once per
catalog and kept in the same file as the catalog cache (cache.py); a catalog without a cache
gets one in memory. For each hit, the passage shown is the sentence that holds most of the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .models import Entry
from .synonyms import group_at

if TYPE_CHECKING:
    import sqlite3

    from .catalog import Catalog

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and are as at be by for from i in is it of on or the to with my me do"
                  .split())

# Column weights: a reader cares most about names, then what a page is about.
COLUMNS = {"name": 8.0, "alias": 6.0, "summary": 4.0, "stretch": 4.0, "claim": 2.0,
           "caution": 2.0, "body": 1.0, "steps": 1.0}
SCHEMA = 2  # bump when the columns, the tokenizer or what is indexed change

# Rows that are not entries carry their kind in the indexed id: "redflag:bladder-trouble".
REDFLAG, REDFLAGS, CONDITION = "redflag", "redflags", "condition"


class Hit(NamedTuple):
    id: str
    kind: str  # technique, selfcare, overview; redflag (one sign), redflags, condition
    name: str
    score: float
    field: str  # where the passage came from
    passage: str
    tier: str | None = None  # a red flag's tier: emergency, urgent or routine


# A query term: its alternatives (a word or a synonym phrase), each as its words.
Term = tuple[tuple[str, ...], ...]


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def terms(query: str) -> list[Term]:
    """The query's words, each with its synonyms; a listed phrase ("pins and needles") is one."""
    tokens = _WORD.findall(query.lower())
    found: list[Term] = []
    i = 0
    while i < len(tokens):
        synonyms = group_at(tokens, i)
        if synonyms is not None:
            size, group = synonyms
            term = group if (tokens[i],) in group or size > 1 else ((tokens[i],), *group)
            i += size
        elif tokens[i] in _STOP:
            i += 1
            continue
        else:
            term = ((tokens[i],),)
            i += 1
        if term not in found:
            found.append(term)
    return found


def highlight_words(query: str) -> list[str]:
    """Every word a hit's passage may show for this query, synonyms included."""
    return list(dict.fromkeys(w for term in terms(query) for alt in term for w in alt
                              if w not in _STOP and len(w) > 1))


def fields(entry: Entry) -> Iterable[tuple[str, str]]:
    yield "name", entry.name
    yield "alias", entry.id.replace("-", " ")
    for alias in entry.aliases:
        yield "alias", alias
    yield "summary", entry.summary
    for paragraph in entry.body.split("\n\n"):
        yield "body", paragraph
    for claim in entry.claims:
        yield "claim", claim.text
    for caution in entry.cautions:
        yield "caution", caution.text
    for stretch in entry.stretches:
        yield "stretch", " ".join([stretch.name, *stretch.aliases])
        yield "steps", " ".join(stretch.steps)


def other_fields(catalog: Catalog) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The red flags and conditions as rows beside the pages: (indexed id, fields)."""
    flags = catalog.redflags
    yield f"{REDFLAGS}:", [
        ("name", "Red flags: when to get help"), ("alias", "red flags warning signs"),
        ("summary", flags.summary),
        *(("body", f"{tier.title}. {tier.action}") for tier in flags.tiers)]
    for tier in flags.tiers:
        for sign in tier.signs:
            yield f"{REDFLAG}:{sign.id}", [
                ("summary", sign.text), ("claim", sign.question),
                *(("alias", k) for k in sign.keywords)]
    for condition in catalog.conditions.values():
        yield f"{CONDITION}:{condition.id}", [
            ("name", condition.name), ("alias", condition.id.replace("-", " ")),
            ("claim", condition.question)]


def search(catalog: Catalog, query: str, limit: int = 10) -> list[Hit]:
    wanted = terms(query)
    if not wanted:
        return []
    match = " AND ".join(_match(term) for term in wanted)
    weights = ", ".join(str(w) for w in COLUMNS.values())
    # A hit whose file changed rebuilds a cached catalog (cache.py); then ask the new index.
    hits: list[Hit] = []
    for _ in range(2):
        generation = getattr(catalog, "generation", 0)
        try:
            rows = _ranked(catalog, match, weights, limit)
        except _damaged_index():
            if not getattr(catalog, "stored", False):
                raise
            catalog.rebuild()  # a damaged cache file: build it again, then ask that
            continue
        if not rows and getattr(catalog, "stored", False) and not catalog.all_fresh():
            continue  # a miss may be words added inside a file nothing has checked yet
        try:
            hits = [_hit(catalog, row_id, score, wanted) for row_id, score in rows]
        except KeyError:  # gone from the rebuilt catalog: ask its index
            continue
        if getattr(catalog, "generation", 0) == generation:
            break
    return hits


def _ranked(catalog: Catalog, match: str, weights: str, limit: int) -> list[tuple[str, float]]:
    """The best `limit` rows, best first; equal scores in id order."""
    score = f"bm25(search, 0, {weights})"  # lower is better
    with _open_index(catalog) as db:
        # One query reads each page once; the operating system caches the file anyway,
        # so SQLite's own 2 MiB cache would only add to peak memory.
        db.execute("PRAGMA cache_size = -512")
        # SQLite's own sorter keeps only the best rows as it goes, and reads a row's id
        # only for those: a third less work than FTS5's ORDER BY rank, which sorts every
        # match, when a query matches most of a big catalog. One row more than asked for
        # shows whether a tie runs across the edge.
        rows = db.execute(
            f"SELECT id, {score} AS s FROM search WHERE search MATCH ? "  # noqa: S608
            "ORDER BY s LIMIT ?", (match, limit + 1)).fetchall()
        if len(rows) > limit and rows[limit][1] == rows[limit - 1][1]:
            # A tie at the edge: which of the tied rows get in is decided by id. Sorting on
            # the id too reads every match's id, so it is done only here.
            rows = db.execute(
                f"SELECT id, {score} AS s FROM search WHERE search MATCH ? "  # noqa: S608
                "ORDER BY s, id LIMIT ?", (match, limit)).fetchall()
    return [(row_id, -s) for row_id, s in sorted(rows, key=lambda row: (row[1], row[0]))[:limit]]


def _damaged_index() -> type[Exception]:
    import sqlite3

    return sqlite3.DatabaseError


def _match(term: Term) -> str:
    """A term in FTS5's syntax, each part quoted so none of it is read as syntax.

    A word of the reader's own matches as a word or the start of one ("stretch" finds
    "stretches"). A listed synonym is a whole word, matched as one (through the stemmer), so
    "wee" does not find "weeks".
    """
    if len(term) == 1:
        return f'"{term[0][0]}"*' if len(term[0]) == 1 else f'"{" ".join(term[0])}"'
    return "(" + " OR ".join(f'"{" ".join(alt)}"' for alt in term) + ")"


def _hit(catalog: Catalog, row_id: str, score: float, wanted: list[Term]) -> Hit:
    kind, _, ident = row_id.rpartition(":")
    if not kind:
        entry = catalog.get(row_id)
        field, text = best_field(fields(entry), wanted)
        return Hit(entry.id, entry.kind, entry.name, score, field, passage(text, wanted))
    if kind == CONDITION:
        condition = catalog.conditions[ident]
        return Hit(ident, kind, condition.name, score, "condition", condition.question)
    flags = catalog.redflags
    if kind == REDFLAGS:
        field, text = best_field(dict(other_fields(catalog))[row_id], wanted)
        return Hit("redflags", kind, "Red flags: when to get help", score, field,
                   passage(text, wanted))
    tier, sign = next((t, s) for t in flags.tiers for s in t.signs if s.id == ident)
    return Hit(ident, kind, tier.title, score, "sign", sign.text, tier.id)


def _stems(word: str) -> tuple[str, ...]:
    # A rough match for choosing the passage; FTS5 already decided what matches.
    return (word, word[:-1], word[:-2], word[:-3]) if len(word) > 5 else (word,)


def _found(text: str, wanted: list[Term]) -> int:
    tokens = words(text)

    def starts(word: str) -> bool:
        return any(t.startswith(s) for s in _stems(word) for t in tokens)

    def has(word: str) -> bool:  # a whole word, as _match matches synonyms
        if len(word) > 5:
            return starts(word)
        return any(t in (word, word + "s", word + "es", word + "ing", word + "ed") for t in tokens)

    def found(term: Term) -> bool:
        if len(term) == 1 and len(term[0]) == 1:
            return starts(term[0][0])
        return any(all(has(w) for w in alt if w not in _STOP) for alt in term)

    return sum(1 for term in wanted if found(term))


def best_field(candidates: Iterable[tuple[str, str]], wanted: list[Term]) -> tuple[str, str]:
    """The field that holds most of the query, heavier fields first on a tie."""
    return max(candidates, key=lambda f: (_found(f[1], wanted), COLUMNS[f[0]]))


def passage(text: str, wanted: list[Term], width: int = 160) -> str:
    """The sentence that holds most of the query, trimmed to about `width` characters."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    scored = [(_found(s, wanted), -i, s) for i, s in enumerate(sentences)]
    _, _, sentence = max(scored)
    if len(sentence) <= width:
        return sentence
    return sentence[: width - 1].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------------------- the index


class _open_index:
    """The catalog's search index, built if missing or out of date, as a context manager."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __enter__(self) -> sqlite3.Connection:
        import sqlite3

        from .cachedir import trusted

        path: Path | None = getattr(self.catalog, "index_path", None)
        stamp = f"{SCHEMA}:{getattr(self.catalog, 'index_stamp', '')}"
        if path is not None and trusted(path):
            try:
                self.db = sqlite3.connect(path)
                (found,) = self.db.execute("SELECT stamp FROM search_meta").fetchone()
                if found == stamp:
                    return self.db
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = sqlite3.connect(":memory:")
        fill_index(self.db, getattr(self.catalog, "index_stamp", ""), self.catalog)
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def _rows(catalog: Catalog) -> Iterator[tuple[str, Iterable[tuple[str, str]]]]:
    """What the index holds: every entry, then the red flags and conditions."""
    for entry in catalog.entries.values():
        yield entry.id, fields(entry)
    yield from other_fields(catalog)


def fill_index(db: sqlite3.Connection, catalog_stamp: str, catalog: Catalog) -> None:
    """Add the index's tables to `db` (the cache file, or one in memory); the caller commits."""
    columns = ", ".join(COLUMNS)
    db.execute("CREATE TABLE search_meta (stamp TEXT)")
    db.execute("INSERT INTO search_meta VALUES (?)", (f"{SCHEMA}:{catalog_stamp}",))
    db.execute(f"CREATE VIRTUAL TABLE search USING fts5(id UNINDEXED, {columns}, "
               "tokenize='porter unicode61')")
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    db.executemany(f"INSERT INTO search VALUES ({marks})",  # noqa: S608
                   (index_row(row_id, labelled) for row_id, labelled in _rows(catalog)))


def index_row(row_id: str, labelled: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """One row of the index: the id, then each column's texts."""
    texts: dict[str, list[str]] = {c: [] for c in COLUMNS}
    for label, text in labelled:
        texts[label].append(text)
    return (row_id, *("\n".join(texts[c]) for c in COLUMNS))
