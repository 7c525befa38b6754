"""A big catalog's first build on two cores, written straight into the cache.

A first run over a big user folder (100,000 entries) is mostly reading YAML, and what is
done after the reading runs on one core while the other waits. So here two processes each
read a share of the user's entry files and, as each entry is read, check it against what
is already known (every folder's shared files and the bundled content) and write its row,
names and search-index text into the new cache files, a batch at a time; SQLite's locks
take the two writers in turn. Unique keys refuse an id, name or stretch id used twice.
An entry is in memory only while it is written, so memory stays flat however big the
folder, and nothing is left to do at the end but the small parts.

This path builds only a catalog with nothing to report. At the first problem or warning of
any kind it stops, and the ordinary build (catalog_loader.py) runs instead and says what
is wrong, as always. The rules are not repeated here: the same functions are asked whether
anything is wrong, and a test compares what both builds store.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from . import cache, content_files, cross_checks, fanout, search
from .catalog import KIND_FOLDERS, KIND_ORDER, Catalog
from .catalog_loader import load_catalog
from .lookup import normalize
from .models import Entry

# The share of the files the child reads. Measured at 100,000 entries (bench/RESULTS.md):
# with this both processes finish together.
CHILD_SHARE = 0.5
BATCH = 1000  # entries written at a time; the other process may write between batches
# While it builds, each process keeps its share of the new files' pages in memory: names
# and index terms arrive in no order, and with SQLite's usual 2 MiB each insert read pages
# back from the file (at 100,000 entries that doubled the time).
CACHE_KIB = 131072
# Tables for the build alone, dropped after: a stretch id may be used by one entry only
# (the key checks it), and each file's identity as it was read (the cache's key).
BUILD_TABLES = """
CREATE TABLE build_stretches (id TEXT PRIMARY KEY, entry TEXT) WITHOUT ROWID;
CREATE TABLE build_files (path TEXT, ident TEXT);
"""


class _Known(NamedTuple):
    """What every entry is checked against, read before the entries."""

    skeleton: Catalog  # the bundled entries and every folder's shared files
    ids: frozenset[str]  # every entry id there will be if every file reads cleanly


class _Work(NamedTuple):
    path: str
    kind: str
    order: int  # the entry's place in display order, known from its kind and file name


def build(folder: Path, path: Path, folders: list[Path], user_dirs: list[Path],
          key: str) -> bool:
    """Write the cache files for `path` if there is a big user folder, two cores to read it
    on and nothing to report; False otherwise (or on any failure), leaving nothing behind."""
    if not hasattr(os, "fork") or fanout.cores() < 2:
        return False
    found = _entry_files(user_dirs)
    if len(found) < fanout.FROM_FILES:
        return False
    skeleton = load_catalog(user_dirs, local_entries=False)
    if skeleton.warnings:
        return False
    places = _places(skeleton, found)
    work = [_Work(p, kind, places[kind][stem]) for p, stem, kind in found]
    known = _Known(skeleton, frozenset(skeleton.entries) | {stem for _, stem, _ in found})
    made: list[str] = []
    child: int | None = None
    try:
        tmp, tmp_index = _new_file(folder, made), _new_file(folder, made)
        index_stamp = f"{key}:{os.urandom(8).hex()}"
        _start(tmp, tmp_index, index_stamp, skeleton, places)
        cut = len(work) - int(len(work) * CHILD_SHARE)
        child = fanout.start(functools.partial(_child, work[cut:], known, tmp, tmp_index))
        pid = child
        with _Sink(tmp, tmp_index) as sink:
            if not _read(work[:cut], known, sink, lambda: not fanout.failed_already(pid)):
                raise _Problem  # leaves the sink without writing what is left
        child = None
        if not fanout.finished(pid):
            return False
        origins = {**{k: str(v) for k, v in skeleton.origins.items()},
                   **{stem: p for p, stem, _ in found}}
        if not _finish(tmp, tmp_index, key, index_stamp, skeleton, folders, origins):
            return False
        os.replace(tmp_index, cache.index_path_of(path))
        os.replace(tmp, path)
        return True
    except Exception:  # noqa: BLE001 - a clash (IntegrityError) or a cache that cannot be
        return False  # written: the ordinary build runs, and says what is wrong if anything
    finally:
        if child is not None:
            fanout.stop(child)
        cache.remove_quietly(made)


def _entry_files(user_dirs: list[Path]) -> list[tuple[str, str, str]]:
    """(path, file name without .yaml, kind) of every user entry file, in the order
    content_files.entry_files gives them; text, not Path, which costs more to make than
    a file costs to list."""
    found = []
    for user_dir in user_dirs:
        overview = user_dir / "overview.yaml"
        if overview.exists():
            found.append((str(overview), "overview", "overview"))
        for sub, kind in KIND_FOLDERS.items():
            directory = str(user_dir / sub)
            found.extend((os.path.join(directory, name), name[:-5], kind)
                         for name in content_files.yaml_names(directory))
    return found


def _places(skeleton: Catalog,
            found: list[tuple[str, str, str]]) -> dict[str, dict[str, int]]:
    """Each entry's place in display order (kind, then id) by kind and id, known before
    anything is read: an entry's id must be its file's name and its kind its folder's, or
    it is a problem (and an id used twice shares a place, which the table refuses)."""
    ids: dict[str, set[str]] = {kind: set() for kind in KIND_ORDER}
    for entry in skeleton.entries.values():
        ids[entry.kind].add(entry.id)
    for _, stem, kind in found:
        ids[kind].add(stem)
    places: dict[str, dict[str, int]] = {}
    start = 0
    for kind in sorted(KIND_ORDER, key=KIND_ORDER.__getitem__):
        places[kind] = {entry_id: start + i for i, entry_id in enumerate(sorted(ids[kind]))}
        start += len(places[kind])
    return places


def _new_file(folder: Path, made: list[str]) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
    os.close(fd)
    made.append(tmp)
    return tmp


def _connect(path: str) -> sqlite3.Connection:
    """A connection for building: no waiting for the disk, and a long wait for the other
    writer (it holds the lock for one batch)."""
    db = sqlite3.connect(path, timeout=120)
    db.execute("PRAGMA journal_mode = MEMORY")  # a new file: a crash leaves it unused
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def _start(tmp: str, tmp_index: str, index_stamp: str, skeleton: Catalog,
           places: dict[str, dict[str, int]]) -> None:
    """The tables, with the bundled entries in their places and the red flags and
    conditions in the index. Closed before the child starts: a connection must not cross
    a fork."""
    index = _connect(tmp_index)
    try:
        search.fill_index(index, index_stamp, skeleton)
        index.commit()
    finally:
        index.close()
    db = _connect(tmp)
    try:
        db.executescript(cache.TABLES + BUILD_TABLES)
    finally:
        db.close()
    with _Sink(tmp, tmp_index) as sink:
        for entry in skeleton.entries.values():
            origin = str(skeleton.origins[entry.id])
            sink.add(places[entry.kind][entry.id], entry, False, origin,
                     skeleton.file_identities.get(origin) or cache.identity(origin),
                     indexed=True)


def _read(work: list[_Work], known: _Known, sink: _Sink,
          other_is_well: Callable[[], bool] = lambda: True) -> bool:
    """Read, check and write each file; False at the first problem or warning (here, or in
    the other process, asked every so often)."""
    skeleton = known.skeleton
    sources, conditions, movements = skeleton.sources, skeleton.conditions, skeleton.movements
    for done, item in enumerate(work):
        if done % 500 == 499 and not other_is_well():
            return False
        path = Path(item.path)
        one = content_files.LoadedFolder(local=True)
        content_files.load_file(path, item.kind, one)
        if one.problems or len(one.entries) != 1:
            return False
        entry = next(iter(one.entries.values()))
        ident = one.identities.get(item.path)
        if ident is None or cross_checks.entry_problems(
                entry, path, known.ids, sources, conditions, movements) or \
                cross_checks.old_format_problems({entry.id: entry}, {entry.id: path}, {},
                                                 _no_conditions):
            return False
        sink.add(item.order, entry, True, item.path, ident)
    return True


def _no_conditions(cond_id: str) -> Path:  # old_format_problems is given none to look up
    raise KeyError(cond_id)


class _Sink:
    """Where a process writes what it reads, a batch at a time, each batch one transaction
    (the other process writes between them)."""

    def __init__(self, tmp: str, tmp_index: str) -> None:
        self.db, self.index = _connect(tmp), _connect(tmp_index)
        self.marks = ", ".join("?" * (len(search.COLUMNS) + 1))
        self.entries: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, str]] = []
        self.stretches: list[tuple[str, str]] = []
        self.files: list[tuple[str, str]] = []
        self.rows: list[tuple[str, ...]] = []

    def __enter__(self) -> _Sink:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        try:
            if kind is None:
                self.flush()
        finally:
            self.db.close()
            self.index.close()

    def add(self, order: int, entry: Entry, local: bool, origin: str, ident: str,
            indexed: bool = False) -> None:
        self.entries.append(cache.entry_row(order, entry, local, origin, ident))
        self.names.extend((norm, entry.id) for norm in dict.fromkeys(
            normalize(label) for label in (entry.id, entry.name, *entry.aliases)))
        self.stretches.extend((s, entry.id) for s in dict.fromkeys(s.id for s in entry.stretches))
        if not indexed:
            self.rows.append(search.index_row(entry.id, search.fields(entry)))
        self.files.append((origin, ident))
        if len(self.entries) >= BATCH:
            self.flush()

    def flush(self) -> None:
        with self.db:
            self.db.executemany(cache.INSERT_ENTRY, self.entries)
            self.db.executemany("INSERT INTO names VALUES (?, ?)", self.names)
            self.db.executemany("INSERT INTO build_stretches VALUES (?, ?)", self.stretches)
            self.db.executemany("INSERT INTO build_files VALUES (?, ?)", self.files)
        with self.index:
            self.index.executemany(f"INSERT INTO search VALUES ({self.marks})",  # noqa: S608
                                   self.rows)
        self.entries, self.names, self.stretches, self.files, self.rows = [], [], [], [], []


def _child(work: list[_Work], known: _Known, tmp: str, tmp_index: str) -> None:
    """Read a share of the files into the new files; fail (exit non-zero) at the first
    problem. Runs in the forked child, with connections of its own."""
    with _Sink(tmp, tmp_index) as sink:
        if not _read(work, known, sink):
            raise _Problem


class _Problem(Exception):
    """Something to report: the ordinary build will."""


def _finish(tmp: str, tmp_index: str, key: str, index_stamp: str, skeleton: Catalog,
            folders: list[Path], origins: dict[str, str]) -> bool:
    """What needs every entry written: the key of every file read, and the parts. False if
    a row is missing: two writers to one file rely on the file system's locks, which a
    network folder may not keep."""
    index = _connect(tmp_index)
    try:
        (indexed,) = index.execute("SELECT count(*) FROM search_docsize").fetchone()
    finally:
        index.close()
    expected = len(origins) + sum(1 for _ in search.other_fields(skeleton))  # and red flags...
    db = _connect(tmp)
    try:
        (stored,) = db.execute("SELECT count(*) FROM entries").fetchone()
        if stored != len(origins) or indexed != expected:
            return False
        identities = {**skeleton.file_identities,
                      **dict(db.execute("SELECT path, ident FROM build_files"))}
        db.execute("DROP TABLE build_stretches")
        db.execute("DROP TABLE build_files")
        files, idents = cache.scan(folders, identities)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("key", key), ("files", files), ("count", str(len(idents))),
            ("index", index_stamp), ("folders", json.dumps([str(f) for f in folders])),
            ("warnings", "[]")])
        cache.store_parts(db, skeleton, origins)
        db.commit()
        return True
    finally:
        db.close()
