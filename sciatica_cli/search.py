"""Ranked full-text search over the catalog, through SQLite's FTS5.

Each entry is indexed in weighted columns (a hit in the name counts more than one in
the body) with the Porter stemmer, so "stretches" finds "stretching". Every query word
must match, as a word or the start of one. The index is built once per catalog and kept
beside the catalog cache (cache.py); a catalog without a cache gets one in memory.
For each hit, the passage shown is the sentence that holds most of the query.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .models import Entry

if TYPE_CHECKING:
    import sqlite3

    from .catalog import Catalog

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and are as at be by for from i in is it of on or the to with my me do"
                  .split())

# Column weights: a reader cares most about names, then what a page is about.
COLUMNS = {"name": 8.0, "alias": 6.0, "summary": 4.0, "stretch": 4.0, "claim": 2.0,
           "caution": 2.0, "body": 1.0, "steps": 1.0}
SCHEMA = 1  # bump when the columns or the tokenizer change


class Hit(NamedTuple):
    entry: Entry
    score: float
    field: str  # where the passage came from
    passage: str


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


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


def search(catalog: Catalog, query: str, limit: int = 10) -> list[Hit]:
    wanted = list(dict.fromkeys(words(query)))
    if not wanted:
        return []
    # Every word, as a word or the start of one; quoting keeps FTS5 syntax out of it.
    match = " ".join(f'"{w}"*' for w in wanted)
    weights = ", ".join(str(w) for w in COLUMNS.values())
    with _open_index(catalog) as db:
        # One query reads each page once; the operating system caches the file anyway,
        # so SQLite's own 2 MiB cache would only add to peak memory.
        db.execute("PRAGMA cache_size = -512")
        rows = db.execute(
            f"SELECT id, -bm25(entries, 0, {weights}) AS score FROM entries "  # noqa: S608
            "WHERE entries MATCH ? ORDER BY score DESC, id LIMIT ?",
            (match, limit),
        ).fetchall()
    hits = []
    for entry_id, score in rows:
        entry = catalog.get(entry_id)
        field, text = best_field(entry, wanted)
        hits.append(Hit(entry, score, field, passage(text, wanted)))
    return hits


def _stems(word: str) -> tuple[str, ...]:
    # A rough match for choosing the passage; FTS5 already decided what matches.
    return (word, word[:-1], word[:-2], word[:-3]) if len(word) > 5 else (word,)


def _found(text: str, wanted: list[str]) -> int:
    tokens = words(text)
    return sum(1 for w in wanted if any(t.startswith(s) for s in _stems(w) for t in tokens))


def best_field(entry: Entry, wanted: list[str]) -> tuple[str, str]:
    """The field that holds most of the query, heavier fields first on a tie."""
    best = max(fields(entry), key=lambda f: (_found(f[1], wanted), COLUMNS[f[0]]))
    return best


def passage(text: str, wanted: list[str], width: int = 160) -> str:
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

        path: Path | None = getattr(self.catalog, "index_path", None)
        stamp = f"{SCHEMA}:{getattr(self.catalog, 'index_stamp', '')}"
        if path is not None:
            try:
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                (found,) = self.db.execute("SELECT stamp FROM meta").fetchone()
                if found == stamp:
                    return self.db
                self.db.close()
            except sqlite3.Error:
                pass
            try:
                _build_file(path, stamp, self.catalog.entries.values())
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                return self.db
            except (OSError, sqlite3.Error):
                pass  # a cache folder we cannot write: search in memory instead
        self.db = sqlite3.connect(":memory:")
        _fill(self.db, stamp, self.catalog.entries.values())
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def _fill(db: sqlite3.Connection, stamp: str, entries: Iterable[Entry]) -> None:
    columns = ", ".join(COLUMNS)
    db.execute("CREATE TABLE meta (stamp TEXT)")
    db.execute("INSERT INTO meta VALUES (?)", (stamp,))
    db.execute(f"CREATE VIRTUAL TABLE entries USING fts5(id UNINDEXED, {columns}, "
               "tokenize='porter unicode61')")
    rows = []
    for entry in entries:
        texts: dict[str, list[str]] = {c: [] for c in COLUMNS}
        for label, text in fields(entry):
            texts[label].append(text)
        rows.append((entry.id, *("\n".join(texts[c]) for c in COLUMNS)))
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    db.executemany(f"INSERT INTO entries VALUES ({marks})", rows)  # noqa: S608
    db.commit()


def _build_file(path: Path, stamp: str, entries: Iterable[Entry]) -> None:
    """Build into a temporary file and move it into place: readers never see half an index."""
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".search-", suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill(db, stamp, entries)
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
