"""A cache of the checked catalog, its search index and its exports, in SQLite files.

Reading it cannot run code: it is SQLite holding JSON (datajson.py), never pickle, and
it is read only from a folder and a file nobody else can write (cachedir.py).

One key scheme covers every part. The key is the program's version, the Python and
SQLite versions, the identity of the modules that build the part and the versions of
the libraries whose output it keeps, and the content's identity. A file's identity is
its device, inode, size, modification time and change time: `cp -p`, tar or unzip can
put a modification time back, but not a change time, so an edit is never missed.

The key scheme asks that every cached part be keyed by everything it was built from, and
the search index and the name table are built from every file. A catalog of at most
CHECK_EVERY_FILE_UP_TO files (the shipped content has a dozen, a clinic's folder a few
dozen) is therefore checked whole at every start: it costs well under 10 ms, and no edit
anywhere is missed. Checking every file of a catalog of 100,000 entries costs half a
second, more than the rest of a command, so a bigger catalog is checked where a command
looks: the folders (a file added, removed or renamed changes its folder) and the shared
files (sources, conditions, red flags, overview) every time, one entry's own file before
its page is shown, and every file before a list, a search miss or anything else that
reads them all. There a file edited in place is seen by the first command that shows it
or reads them all; until then a search may rank or miss it as it was. Whatever is found
changed, damaged or foreign is rebuilt on the spot, quietly, and the command goes on
with the fresh catalog.

The first build of a big, clean user folder does not go through the in-memory catalog at
all: cache_build.py reads it on two cores straight into these files, and they are opened
like any other cache.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import __version__, cachedir, datajson
from . import content_files
from .catalog import KIND_FOLDERS, Catalog, Deferred
from .catalog_loader import load_catalog
from .errors import Problem
from .models import Entry, Headline, ListItem
from .yamlio import identity_of

if TYPE_CHECKING:
    import sqlite3

_T = TypeVar("_T")

try:  # hashlib's own import loads OpenSSL (3 ms, every command); blake2 alone is enough
    from _blake2 import blake2b
except ImportError:  # a Python without the module: the public door to the same hash
    from hashlib import blake2b

FORMAT = 6  # bump when the tables change
# Up to this many content files, every start checks them all (about 10 µs a file).
CHECK_EVERY_FILE_UP_TO = 500
# The modules that build the catalog and its index, and the libraries whose output it keeps.
CATALOG_CODE = ("models.py", "catalog.py", "catalog_loader.py", "content_files.py",
                "cross_checks.py", "lookup.py", "yamlio.py", "cache.py", "datajson.py",
                "search.py", "cache_build.py", "fanout.py")
CATALOG_LIBRARIES = ("pyyaml", "pydantic", "pydantic-core")
# The same for the exports (BibTeX, RIS, styled text...).
EXPORT_CODE = ("reference_export.py", "page_references.py", "styles/apa.csl",
               "styles/american-medical-association.csl")
EXPORT_LIBRARIES = ("citeproc-py", "bibtexparser", "pylatexenc", "rispy", "lxml")
SHARED_FILES = ("sources.yaml", "conditions.yaml", "redflags.yaml", "overview.yaml")

TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entries (ord INTEGER PRIMARY KEY, id TEXT UNIQUE, kind TEXT, name TEXT,
                      summary TEXT, evidence TEXT, evidence_from TEXT, local INTEGER,
                      origin TEXT, ident TEXT, data TEXT);
CREATE TABLE names (norm TEXT PRIMARY KEY, id TEXT) WITHOUT ROWID;
CREATE TABLE parts (name TEXT PRIMARY KEY, data TEXT);
CREATE TABLE exports (key TEXT PRIMARY KEY, text TEXT);
"""


# ---------------------------------------------------------------------------- the key


def identity(path: str | os.PathLike[str]) -> str:
    """What a file or folder is now; any write, rename or replacement changes it."""
    try:
        return identity_of(os.stat(path))
    except OSError:
        return "-"


def code_stamp(names: Iterable[str]) -> tuple[str, ...]:
    """The identity of each of these modules of ours."""
    here = os.path.dirname(__file__)
    return tuple(identity(os.path.join(here, name)) for name in names)


def _dist_name(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def library_versions(names: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The installed version of each library, as import would find it: the first
    `name-version.dist-info` along sys.path. Reading folder names is far cheaper than
    importing importlib.metadata, and it is what that module reads too."""
    wanted = {_dist_name(n) for n in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            stem, _, suffix = item.rpartition(".")
            if suffix not in ("dist-info", "egg-info"):
                continue
            dist, _, version = stem.partition("-")
            dist = _dist_name(dist)
            if dist in wanted and dist not in found:
                found[dist] = version
    return tuple(sorted(found.items()))


def structure(folders: list[Path]) -> tuple[str, ...]:
    """The content's identity that is cheap to take: each folder and kind folder (a file
    added, removed or renamed in it changes it) and each shared file."""
    out = []
    for folder in folders:
        out.append(str(folder))
        out.append(identity(folder))
        out.extend(identity(folder / sub) for sub in KIND_FOLDERS)
        out.extend(identity(folder / name) for name in SHARED_FILES)
    return tuple(out)


def catalog_key(folders: list[Path]) -> str:
    import sqlite3

    return blake2b(repr((
        FORMAT, __version__, sys.version_info[:2], sqlite3.sqlite_version,
        code_stamp(CATALOG_CODE), library_versions(CATALOG_LIBRARIES), structure(folders),
    )).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def export_key(catalog_stamp: str) -> str:
    return blake2b(repr((catalog_stamp, code_stamp(EXPORT_CODE),
                         library_versions(EXPORT_LIBRARIES))).encode(),
                   digest_size=20).hexdigest()


def content_paths(folders: list[Path]) -> Iterator[tuple[Path, str]]:
    """Each folder, and every content file in it as text, in the order scan digests them."""
    for folder in folders:
        yield folder, ""
        for name in SHARED_FILES:
            yield folder, str(folder / name)
        for sub in KIND_FOLDERS:
            directory = str(folder / sub)
            for name in content_files.yaml_names(directory):
                yield folder, os.path.join(directory, name)


def scan(folders: list[Path],
         known: Mapping[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """Every content file's identity, and a digest of them all: one stat per file, except
    for files in `known` (identities taken as the files were read)."""
    digest = blake2b(digest_size=20)
    idents: dict[str, str] = {}
    known = known or {}
    for folder, path in content_paths(folders):
        if not path:
            digest.update(b"\0" + os.fsencode(folder) + b"\0")
            continue
        ident = idents[path] = known.get(path) or identity(path)
        digest.update(f"{path}\0{ident}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), idents


# ---------------------------------------------------------------------------- loading


def load(user_dirs: Iterable[Path] = (), cache_dir: Path | None = None) -> Catalog:
    """The catalog from the cache when nothing it shows has changed, otherwise built.
    `cache_dir` is the folder asked for (Settings.cache_dir; by default the configured one).

    Nothing is printed: the content's problems come back in `warnings` and what there is
    to say about an unsafe cache folder in `notices`, for the command to show.
    """
    user_dirs = list(user_dirs)
    folders = [content_files.bundled_data_dir(), *user_dirs]
    folder, notice = cachedir.cache_folder(cache_dir)
    if folder is None:
        catalog = load_catalog(user_dirs)
    else:
        # One cache file per set of folders; a name clash only costs a rebuild (the key
        # differs).
        name = f"{zlib.crc32(repr([str(f) for f in folders]).encode()):08x}"
        path = folder / f"catalog-{name}.sqlite"
        key = catalog_key(folders)
        rebuild = functools.partial(build, folder, path, folders, user_dirs)
        catalog = _open(path, key, rebuild) or _first_build(folder, path, folders, user_dirs,
                                                             key, rebuild)
    if notice is not None:
        catalog.notices = (notice,)
    return catalog


def _first_build(folder: Path, path: Path, folders: list[Path], user_dirs: list[Path],
                 key: str, rebuild: _Build) -> Catalog:
    """Build the cache for this start. A big clean user folder is read on two cores straight
    into the cache, which is then opened like any other (cache_build.py); otherwise, or if
    that finds anything to report, the catalog is loaded the ordinary way and stored."""
    from . import cache_build

    remove_stale_builds(folder)
    if user_dirs and cache_build.build(folder, path, folders, user_dirs, key):
        opened = _open(path, key, rebuild)
        if opened is not None:
            return opened
    return rebuild(key)


def build(folder: Path, path: Path, folders: list[Path], user_dirs: list[Path],
          key: str | None = None) -> Catalog:
    """Load the catalog from its files and store it; it is used even if storing fails."""
    key = key or catalog_key(folders)  # taken before reading: a change meanwhile is seen later
    # The files' identities as they were read: a file written since differs from them, so
    # the next start sees it and builds again.
    catalog = load_catalog(user_dirs)
    files, idents = scan(folders, catalog.file_identities)
    try:
        index_stamp = _write(folder, path, key, files, idents, catalog)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not used
        return catalog
    catalog.cache_path = path
    catalog.index_path, catalog.index_stamp = index_path_of(path), index_stamp
    remove_quietly(folder / old for old in (  # what earlier versions kept
        f"{path.stem}.pickle", f"{path.stem}.search.sqlite", f"{path.stem}.exports.pickle"))
    return catalog


def index_path_of(path: Path) -> Path:
    """The search index's file, beside the catalog's (catalog-1234abcd.index.sqlite)."""
    return path.with_name(f"{path.stem}.index.sqlite")


def _write(folder: Path, path: Path, key: str, files: str, idents: dict[str, str],
           catalog: Catalog) -> str:
    """Write the catalog and its search index into new files and move them into place, so
    a reader sees old files or new ones, never half of one; return the index's stamp, which
    ties the two files of one build together. New files are the user's alone (mkstemp).

    A big catalog's index is built by a forked child while this process stores the
    entries: the two take about as long, and the machine has two cores.
    """
    import tempfile

    from . import fanout

    index_stamp = f"{key}:{os.urandom(8).hex()}"
    made = []
    child = None
    try:
        for _ in range(2):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
            os.close(fd)
            made.append(tmp)
        tmp, tmp_index = made
        if len(catalog.entries) >= fanout.FROM_FILES and fanout.cores() > 1:
            child = fanout.start(functools.partial(_write_index, tmp_index, index_stamp,
                                                   catalog))
        else:
            _write_index(tmp_index, index_stamp, catalog)
        _write_catalog(tmp, key, files, idents, index_stamp, catalog)
        if child is not None:
            pid, child = child, None
            if not fanout.finished(pid):
                raise OSError("the search index could not be built")
        os.replace(tmp_index, index_path_of(path))
        os.replace(tmp, path)
    except BaseException:
        if child is not None:
            fanout.finished(child)
        remove_quietly(made)
        raise
    return index_stamp


STALE_BUILD_SECONDS = 24 * 3600  # no build takes a day: older unfinished files are dead


def remove_stale_builds(folder: Path) -> None:
    """Remove a build's unfinished files left by a process that was killed (SIGKILL, power
    cut) more than a day ago; a build running now in another process is left alone."""
    import time

    try:
        with os.scandir(folder) as found:
            stale = [item.path for item in found
                     if item.name.startswith(".catalog-") and item.name.endswith(".tmp")
                     and item.is_file(follow_symlinks=False)
                     and time.time() - item.stat(follow_symlinks=False).st_mtime
                     > STALE_BUILD_SECONDS]
    except OSError:
        return
    remove_quietly(stale)


def remove_quietly(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Remove files a build made or an earlier version left; one already gone is fine."""
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


def stored_parts(catalog: Catalog) -> list[str]:
    """The catalog's parts kept whole as JSON (sources, red flags, conditions...): every
    part but those kept in tables of their own, so a part added to Catalog is kept too."""
    return [name for name in catalog._parts
            if name not in ("names", "local_ids", "origins") and not name.startswith("listing:")]


def _connect_new(tmp: str) -> sqlite3.Connection:
    import sqlite3

    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to roll back to
    db.execute("PRAGMA synchronous = OFF")
    return db


def _write_index(tmp: str, index_stamp: str, catalog: Catalog) -> None:
    from .search import fill_index

    db = _connect_new(tmp)
    try:
        fill_index(db, index_stamp, catalog)
        db.commit()
    finally:
        db.close()


def _write_catalog(tmp: str, key: str, files: str, idents: dict[str, str], index_stamp: str,
                   catalog: Catalog) -> None:
    db = _connect_new(tmp)
    try:
        db.executescript(TABLES)
        warnings = [[str(p.path), p.line, p.code, p.message, p.severity]
                    for p in catalog.warnings]
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("key", key), ("files", files), ("count", str(len(idents))),
            ("index", index_stamp),
            ("folders", json.dumps([str(f) for f in catalog.folders])),
            ("warnings", json.dumps(warnings)),
        ])
        local, origins = catalog.local_ids, catalog.origins
        db.executemany(INSERT_ENTRY, (
            entry_row(i, e, e.id in local, origin, idents.get(origin) or identity(origin))
            for i, e in enumerate(catalog.entries.values())
            for origin in (str(origins[e.id]),)))
        db.executemany("INSERT INTO names VALUES (?, ?)", catalog._names.items())
        store_parts(db, catalog, {k: str(v) for k, v in origins.items()})
        db.commit()
    finally:
        db.close()


INSERT_ENTRY = "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def entry_row(order: int, entry: Entry, local: bool, origin: str,
              ident: str) -> tuple[Any, ...]:
    """An entry as the entries table keeps it: `order` is its place in display order."""
    return (order, entry.id, entry.kind, entry.name, entry.summary, *entry.best_evidence,
            local, origin, ident, datajson.dumps(entry))


def store_parts(db: sqlite3.Connection, catalog: Catalog, origins: dict[str, str]) -> None:
    """The parts kept whole (sources, red flags...) and where each entry came from."""
    parts = stored_parts(catalog)
    db.execute("INSERT INTO meta VALUES ('parts', ?)", (json.dumps(parts),))
    db.executemany("INSERT INTO parts VALUES (?, ?)",
                   [(part, datajson.dumps(catalog._loaded(part))) for part in parts])
    db.execute("INSERT INTO parts VALUES ('origins', ?)", (json.dumps(origins),))


class _Build(Protocol):
    """Load the catalog from its files and store it (`build` with its folders given)."""

    def __call__(self, key: str | None = None) -> Catalog: ...


def _open(path: Path, key: str, rebuild: _Build) -> Catalog | None:
    """The stored catalog if it is ours, whole and built from the same content, else None."""
    if not cachedir.trusted(path):
        return None
    import sqlite3

    try:
        db = sqlite3.connect(path)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if meta.get("key") != key:
            raise ValueError("built from other files or by another version")
        stored = StoredCatalog(db, path, key, meta, rebuild)
        if int(meta["count"]) <= CHECK_EVERY_FILE_UP_TO:  # a small catalog: check it whole
            if scan(stored.folders)[0] != meta["files"]:
                raise ValueError("a file was changed in place")
            stored._all_checked = True
        return stored
    except Exception:  # noqa: BLE001 - empty, damaged, foreign or stale: rebuild
        db.close()
        return None


# ---------------------------------------------------------------------------- reading


class _Damaged(Exception):
    """The cache could not be read, or a file it was built from has changed."""


class StoredCatalog(Catalog):
    """The catalog read from the cache piece by piece: one page reads one entry.

    Anything found changed or damaged rebuilds the catalog in place; from then on this
    object is an ordinary in-memory Catalog (`stored` is False).
    """

    def __init__(self, db: sqlite3.Connection, path: Path, key: str, meta: dict[str, str],
                 rebuild: _Build) -> None:
        self._db, self._rebuild = db, rebuild
        self.stored, self.generation, self._all_checked = True, 0, False
        self._files = meta["files"]
        self._entries: dict[str, Entry] = {}
        self._kinds = _Kinds(self)
        self.folders = [Path(f) for f in json.loads(meta["folders"])]
        self.warnings = [Problem(Path(p), line, code, message, severity)
                         for p, line, code, message, severity in json.loads(meta["warnings"])]
        self._parts = {
            **{part: Deferred(functools.partial(self._part, part))
               for part in json.loads(meta["parts"])},
            "names": Deferred(lambda: _Names(self)),
            "local_ids": Deferred(lambda: _LocalIds(self)),
            "origins": Deferred(self._origins),
        }
        self.cache_path, self.index_path = path, index_path_of(path)
        self.index_stamp = meta["index"]

    # -- reading rows; any failure is damage

    def rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        import sqlite3

        try:
            found: list[tuple[Any, ...]] = self._db.execute(sql, args).fetchall()
            return found
        except sqlite3.Error as err:
            raise _Damaged(str(err)) from None

    def _decode(self, data: str) -> Any:
        try:
            return datajson.loads(data)
        except ValueError as err:
            raise _Damaged(str(err)) from None

    # -- freshness

    def _refresh(self) -> None:
        """Build the catalog again and become it; hand what new problems it found to
        `on_new_warnings` (set by the command that shows them)."""
        before = set(self.warnings)
        fresh = self._rebuild()
        self._db.close()
        self.__dict__.update(fresh.__dict__)
        self.stored, self.generation = False, self.generation + 1
        new = [w for w in self.warnings if w not in before]
        if new and self.on_new_warnings is not None:
            self.on_new_warnings(new)

    def rebuild(self) -> None:
        """Someone reading the cache file found it damaged: build the catalog again."""
        if self.stored:
            self._refresh()

    def all_fresh(self) -> bool:
        """Check every content file (once a command); rebuild and say False if any changed."""
        if not self.stored:
            return True
        if not self._all_checked:
            if scan(self.folders)[0] != self._files:
                self._refresh()
                return False
            self._all_checked = True
        return True

    def _guard(self, read: Callable[[], _T], fallback: Callable[[], _T],
               every_file: bool = False) -> _T:
        """`read` the cache; on damage or change, rebuild and answer with `fallback` instead."""
        if self.stored and (not every_file or self.all_fresh()):
            try:
                return read()
            except _Damaged:
                self._refresh()
        return fallback()

    # -- what commands ask

    def get(self, entry_id: str) -> Entry:
        if not self.stored or entry_id in self._entries:
            return super().get(entry_id)

        def read() -> Entry:
            found = self.rows("SELECT origin, ident, data FROM entries WHERE id = ?", entry_id)
            if not found:
                raise KeyError(entry_id)
            origin, ident, data = found[0]
            if self._all_checked or identity(origin) == ident:
                entry: Entry = self._decode(data)
                self._entries[entry_id] = entry
                return entry
            raise _Damaged(f"{origin} has changed")

        return self._guard(read, lambda: super(StoredCatalog, self).get(entry_id))

    def resolve(self, query: str, kind: str | None = None) -> Entry:
        from .errors import NotFound

        try:
            return super().resolve(query, kind)
        except (KeyError, _Damaged):  # the catalog changed under this lookup: ask the new one
            if self.stored:
                self._refresh()
        except NotFound:
            # A miss may be a name added inside a file that nothing has checked yet.
            if not self.stored or self.all_fresh():
                raise
        return super().resolve(query, kind)

    def suggest(self, query: str, kind: str | None = None) -> list[str]:
        return self._guard(lambda: super(StoredCatalog, self).suggest(query, kind),
                           lambda: super(StoredCatalog, self).suggest(query, kind))

    def listing(self, kind: str) -> list[ListItem]:
        def read() -> list[ListItem]:
            return [ListItem(i, k, n, s, Headline(ev, pop), bool(local))
                    for i, k, n, s, ev, pop, local in self.rows(
                        "SELECT id, kind, name, summary, evidence, evidence_from, local "
                        "FROM entries WHERE kind = ? ORDER BY ord", kind)]

        return self._guard(read, lambda: super(StoredCatalog, self).listing(kind),
                           every_file=True)

    def of_kind(self, kind: str) -> list[Entry]:
        def read() -> list[Entry]:
            rows = self.rows("SELECT id, data FROM entries WHERE kind = ? ORDER BY ord", kind)
            return [self._entries.setdefault(i, self._decode(data)) for i, data in rows]

        return self._guard(read, lambda: super(StoredCatalog, self).of_kind(kind),
                           every_file=True)

    @property
    def entries(self) -> dict[str, Entry]:
        def read() -> dict[str, Entry]:
            rows = self.rows("SELECT id, data FROM entries ORDER BY ord")
            self._entries = {i: self._entries.get(i) or self._decode(data) for i, data in rows}
            return self._entries

        return self._guard(read, lambda: Catalog.entries.fget(self),  # type: ignore[attr-defined]
                           every_file=True)

    def _part(self, name: str) -> object:
        def read() -> object:
            found = self.rows("SELECT data FROM parts WHERE name = ?", name)
            if not found:
                raise _Damaged(f"no {name}")
            return self._decode(found[0][0])

        return self._guard(read, lambda: self._loaded(name))

    def _origins(self) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            found = self.rows("SELECT data FROM parts WHERE name = 'origins'")
            try:
                origins: dict[str, Any] = json.loads(found[0][0])
                return origins
            except (IndexError, ValueError) as err:
                raise _Damaged(str(err)) from None

        return self._guard(read, lambda: self._loaded("origins"), every_file=True)


class _Kinds(Mapping[str, str]):
    """Entry id -> kind, in display order, asked of the cache one id at a time."""

    def __init__(self, catalog: StoredCatalog) -> None:
        self._catalog = catalog

    def __getitem__(self, entry_id: str) -> str:
        found = self._catalog.rows("SELECT kind FROM entries WHERE id = ?", entry_id)
        if not found:
            raise KeyError(entry_id)
        return str(found[0][0])

    def __iter__(self) -> Iterator[str]:
        return (i for (i,) in self._catalog.rows("SELECT id FROM entries ORDER BY ord"))

    def __len__(self) -> int:
        return int(self._catalog.rows("SELECT count(*) FROM entries")[0][0])


class _Names(Mapping[str, str]):
    """Normalized id, name or alias -> id, asked of the cache one name at a time."""

    def __init__(self, catalog: StoredCatalog) -> None:
        self._catalog = catalog

    def __getitem__(self, norm: str) -> str:
        found = self._catalog.rows("SELECT id FROM names WHERE norm = ?", norm)
        if not found:
            raise KeyError(norm)
        return str(found[0][0])

    def __iter__(self) -> Iterator[str]:
        return (n for (n,) in self._catalog.rows("SELECT norm FROM names"))

    def __len__(self) -> int:
        return int(self._catalog.rows("SELECT count(*) FROM names")[0][0])

    # One query, not one a name; a list of pairs serves every caller (executemany, dict()).
    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(str(n), str(i)) for n, i in self._catalog.rows("SELECT norm, id FROM names")]


class _LocalIds(Set[str]):
    """The ids of entries from a user folder, asked of the cache one id at a time."""

    def __init__(self, catalog: StoredCatalog) -> None:
        self._catalog = catalog

    def __contains__(self, entry_id: object) -> bool:
        found = self._catalog.rows("SELECT local FROM entries WHERE id = ?", entry_id)
        return bool(found and found[0][0])

    def __iter__(self) -> Iterator[str]:
        return (i for (i,) in self._catalog.rows("SELECT id FROM entries WHERE local ORDER BY ord"))

    def __len__(self) -> int:
        return int(self._catalog.rows("SELECT count(*) FROM entries WHERE local")[0][0])


# ---------------------------------------------------------------------------- exports


def exported(catalog: Catalog, key: tuple[Any, ...], build: Callable[[], str]) -> str:
    """An export (BibTeX, RIS, styled text...) from the cache, or built and kept there.

    The citation libraries cost more to import than the rest of a command; the result only
    changes with the content, our exporting code or those libraries, which its key holds.
    """
    path = catalog.cache_path
    if path is None:
        return build()
    import sqlite3

    stamp = export_key(catalog.index_stamp)
    row = f"{stamp}:{json.dumps(key)}"
    if cachedir.trusted(path):
        try:
            db = sqlite3.connect(path, timeout=1)
            try:
                found = db.execute("SELECT text FROM exports WHERE key = ?", (row,)).fetchone()
                if found is not None:
                    return str(found[0])
            finally:
                db.close()
        except sqlite3.Error:
            pass
    text = build()
    if cachedir.trusted(path):
        try:
            db = sqlite3.connect(path, timeout=1)
            try:
                with db:
                    db.execute("DELETE FROM exports WHERE key NOT LIKE ?", (f"{stamp}:%",))
                    db.execute("INSERT OR REPLACE INTO exports VALUES (?, ?)", (row, text))
            finally:
                db.close()
        except sqlite3.Error:  # busy, read-only or damaged: the text is right anyway
            pass
    return text
