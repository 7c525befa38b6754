"""The symptom diary's storage: one SQLite file in the user data folder.

Every write is one transaction in WAL mode with full sync, so a killed process never
leaves half an entry and every entry whose command finished is on disk. Two processes
writing at once both land (each waits up to BUSY_SECONDS for the other). The schema
carries its version in `PRAGMA user_version` and migrates forward, after copying the
file aside. A file that is not a diary, or is damaged, is reported and never written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from glob import escape as glob_escape
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from .errors import SciaticaError

PLACES = ("buttock", "hip", "thigh", "calf", "foot", "back")
SIDES = ("left", "right", "both")
BUSY_SECONDS = 30.0
FILE_NAME = "diary.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"

# Each step takes the schema from version i to i + 1. Never edit a step once released:
# add a new one, so every older diary can still climb to the newest version.
MIGRATIONS = (
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        places TEXT NOT NULL DEFAULT '[]',
        numbness INTEGER NOT NULL DEFAULT 0,
        did TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX entries_at ON entries (at);
    """,
    # Version 2: red-flag signs reported with an entry.
    "ALTER TABLE entries ADD COLUMN red_flags TEXT NOT NULL DEFAULT '[]';",
    # Version 3: leg pain and back pain apart, and the side. NULL in older entries, which
    # never asked: unknown, not zero.
    """
    ALTER TABLE entries ADD COLUMN leg_pain INTEGER CHECK (leg_pain BETWEEN 0 AND 10);
    ALTER TABLE entries ADD COLUMN back_pain INTEGER CHECK (back_pain BETWEEN 0 AND 10);
    ALTER TABLE entries ADD COLUMN side TEXT CHECK (side IN ('left', 'right', 'both'));
    """,
    # Version 4: the weekly check-in: the Sciatica Bothersomeness Index (four items, 0-6)
    # and, after the first, the Patient Global Impression of Change (1-7).
    """
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        sbi_leg_pain INTEGER NOT NULL CHECK (sbi_leg_pain BETWEEN 0 AND 6),
        sbi_numbness INTEGER NOT NULL CHECK (sbi_numbness BETWEEN 0 AND 6),
        sbi_weakness INTEGER NOT NULL CHECK (sbi_weakness BETWEEN 0 AND 6),
        sbi_sitting INTEGER NOT NULL CHECK (sbi_sitting BETWEEN 0 AND 6),
        pgic INTEGER CHECK (pgic BETWEEN 1 AND 7),
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX checkins_at ON checkins (at);
    """,
    # Version 5: the mark that says this file is a sciatica diary (SQLite's application
    # id, "SCIA"). Nothing is ever written to a database that has neither the mark nor an
    # older diary's tables (see _identify); an older diary gets the mark here.
    f"PRAGMA application_id = {0x53434941};",
)
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x53434941
MARKED_SINCE = 5  # diaries from version 5 on carry APPLICATION_ID
# What every diary before the mark has: how an unmarked older diary is told from another
# program's database.
OLD_DIARY_COLUMNS = {"id", "at", "pain", "places", "numbness", "did", "note"}


class DiaryError(SciaticaError):
    """The diary file cannot be used: reported with its path, exit 1, never overwritten."""


class DiaryEntry(NamedTuple):
    id: int
    at: str  # ISO 8601 with the UTC offset, to the minute
    pain: int
    places: tuple[str, ...]
    numbness: bool
    did: tuple[str, ...]
    note: str
    red_flags: tuple[str, ...]
    leg_pain: int | None = None  # 0-10; None in entries made before it was asked
    back_pain: int | None = None
    side: str | None = None  # left, right or both

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)


class CheckIn(NamedTuple):
    id: int
    at: str  # ISO 8601 with the UTC offset, to the minute
    sbi: tuple[int, int, int, int]  # leg pain, numbness, weakness, sitting: 0-6 each
    pgic: int | None  # 1 (very much improved) to 7 (very much worse); None at the first
    note: str

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)

    @property
    def sbi_total(self) -> int:
        return sum(self.sbi)


def home() -> Path:
    """Where the diary lives: SCIATICA_HOME, or the user data folder."""
    override = os.environ.get("SCIATICA_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("sciatica", appauthor=False))


def default_path() -> Path:
    return home() / FILE_NAME


def local_time(moment: datetime | None = None) -> str:
    """A moment as stored: local time with its UTC offset, to the minute."""
    moment = moment or datetime.now()
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="minutes")


def _use_wal(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode, which it then keeps.

    Two processes switching a new file at once: SQLite fails the loser at once with
    "database is locked", without waiting for the busy timeout, so wait here instead.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            (mode,) = db.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode.lower() == "wal":
                return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err):
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")
        time.sleep(0.01)


class Diary:
    def __init__(self, path: Path) -> None:
        self.path = path
        # Rows another program (or a damaged disk) left unreadable: (id, why). They stay in
        # the file untouched; readers are told and shown everything else.
        self.skipped: list[tuple[object, str]] = []

    @contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        if os.path.lexists(self.path):
            _identify(self.path)
            _keep_private(self.path)
        elif not write:
            yield _empty_connection()
            return
        else:
            _create_private(self.path)
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as err:
            raise DiaryError(f"{self.path} cannot be opened: {err}") from None
        try:
            _use_wal(db)
            db.execute("PRAGMA synchronous=FULL")
            self._migrate(db)
            yield db
        except sqlite3.OperationalError as err:  # locked past the busy timeout, disk full...
            raise DiaryError(f"{self.path}: {err}; nothing was changed") from None
        except sqlite3.DatabaseError as err:
            raise DiaryError(f"{self.path} is damaged or not a diary ({err}); "
                             "it was left as it is") from None
        finally:
            db.close()

    def owns(self, path: Path) -> bool:
        """Whether `path` is the diary or one of its files (-wal, -shm, journal, backups),
        by any name: through a link, a hard link or `..`."""
        here = Path(os.path.realpath(path))
        diary = Path(os.path.realpath(self.path))
        if here.parent == diary.parent and (here.name == diary.name or here.name.startswith(
                (f"{diary.name}-", f"{diary.name}."))):
            return True
        try:
            return os.path.samefile(here, diary)
        except OSError:
            return False

    def _migrate(self, db: sqlite3.Connection) -> None:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise DiaryError(f"{self.path} was written by a newer sciatica (diary version "
                             f"{version}); upgrade to read it")
        if version == SCHEMA_VERSION:
            return
        if version:  # an existing diary: keep a copy of it as it was, first
            self._copy_aside(db, version)
        db.execute("BEGIN IMMEDIATE")  # one migrator at a time; others wait, then re-check
        (version,) = db.execute("PRAGMA user_version").fetchone()
        try:
            for step in MIGRATIONS[version:]:
                for statement in filter(str.strip, step.split(";")):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _copy_aside(self, db: sqlite3.Connection, version: int) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.v{version}-{stamp}.bak")
        _create_private(backup)  # a copy of the diary is as private as the diary
        target = sqlite3.connect(backup)
        try:
            db.backup(target)
        finally:
            target.close()

    def add(self, pain: int, at: str, places: tuple[str, ...] = (), numbness: bool = False,
            did: tuple[str, ...] = (), note: str = "", red_flags: tuple[str, ...] = (),
            leg_pain: int | None = None, back_pain: int | None = None,
            side: str | None = None) -> int:
        """Save one entry in one transaction; returns its id once it is on disk."""
        for value in (pain, leg_pain, back_pain):
            if value is not None and not 0 <= value <= 10:
                raise ValueError("pain is 0 to 10")
        if side is not None and side not in SIDES:
            raise ValueError(f"side is one of {', '.join(SIDES)}")
        with self._connect(write=True) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                cursor = db.execute(
                    "INSERT INTO entries (at, pain, places, numbness, did, note, red_flags, "
                    "leg_pain, back_pain, side) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (at, pain, json.dumps(list(places)), int(numbness), json.dumps(list(did)),
                     note, json.dumps(list(red_flags)), leg_pain, back_pain, side),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return _new_id(cursor)

    def entries(self, days: int | None = None, now: datetime | None = None) -> list[DiaryEntry]:
        """Entries in time order; with `days`, only those of the last `days` days."""
        with self._connect(write=False) as db:
            rows = db.execute("SELECT id, at, pain, places, numbness, did, note, red_flags, "
                              "leg_pain, back_pain, side FROM entries ORDER BY at, id").fetchall()
        found = []
        for row in rows:
            try:
                found.append(_entry_from(row))
            except (ValueError, TypeError) as err:
                self.skipped.append((row[0], str(err)))
        return in_last_days(found, days, now)

    def add_checkin(self, at: str, sbi: tuple[int, ...], pgic: int | None = None,
                    note: str = "") -> int:
        """Save one weekly check-in in one transaction; returns its id once it is on disk."""
        if len(sbi) != 4 or any(not 0 <= v <= 6 for v in sbi):
            raise ValueError("the SBI is four items, 0 to 6 each")
        if pgic is not None and not 1 <= pgic <= 7:
            raise ValueError("the PGIC is 1 to 7")
        with self._connect(write=True) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                cursor = db.execute(
                    "INSERT INTO checkins (at, sbi_leg_pain, sbi_numbness, sbi_weakness, "
                    "sbi_sitting, pgic, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (at, *sbi, pgic, note))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return _new_id(cursor)

    def checkins(self) -> list[CheckIn]:
        """Every check-in in time order."""
        with self._connect(write=False) as db:
            rows = db.execute("SELECT id, at, sbi_leg_pain, sbi_numbness, sbi_weakness, "
                              "sbi_sitting, pgic, note FROM checkins ORDER BY at, id").fetchall()
        found = []
        for row in rows:
            try:
                found.append(_checkin_from(row))
            except (ValueError, TypeError) as err:
                self.skipped.append((f"check-in {row[0]}", str(err)))
        return found

    def delete(self, entry_id: int) -> bool:
        with self._connect(write=True) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                deleted = db.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return deleted == 1


def _new_id(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row just inserted (always there after an INSERT)."""
    if cursor.lastrowid is None:
        raise sqlite3.DatabaseError("the new row has no id")
    return cursor.lastrowid


def _entry_from(row: tuple[Any, ...]) -> DiaryEntry:
    """One stored row as an entry, or ValueError saying what in it is not an entry's."""
    entry_id, at, pain, places, numbness, did, note, red_flags, leg, back, side = row

    def text_list(name: str, raw: object) -> tuple[str, ...]:
        try:
            value = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            value = None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name} is not a list of words")
        return tuple(value)

    if not isinstance(entry_id, int):
        raise ValueError("its id is not a number")
    _moment(at)
    for name, value in (("pain", pain), ("leg pain", leg), ("back pain", back)):
        if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
            raise ValueError(f"its {name} is not 0 to 10")
    if pain is None:
        raise ValueError("it has no pain score")
    if not isinstance(note, str) or side not in (None, *SIDES):
        raise ValueError("its note or side is not text")
    return DiaryEntry(entry_id, at, pain, text_list("places", places), bool(numbness),
                      text_list("did", did), note, text_list("red flags", red_flags), leg,
                      back, side)


def _checkin_from(row: tuple[Any, ...]) -> CheckIn:
    """One stored check-in, or ValueError saying what in it is not a check-in's."""
    checkin_id, at, *sbi, pgic, note = row
    _moment(at)
    if not all(isinstance(v, int) and 0 <= v <= 6 for v in sbi):
        raise ValueError("its scores are not 0 to 6")
    if pgic is not None and not (isinstance(pgic, int) and 1 <= pgic <= 7):
        raise ValueError("its change score is not 1 to 7")
    if not isinstance(note, str):
        raise ValueError("its note is not text")
    return CheckIn(checkin_id, at, tuple(sbi), pgic, note)


def _moment(at: object) -> datetime:
    try:
        when = datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise ValueError("its time is not a date with a UTC offset")
    return when


def _identify(path: Path) -> None:
    """Refuse, before anything writes to it, a file that is not our diary: not a regular
    file, not SQLite, damaged, or another program's database (no mark, and not the tables
    of a diary from before the mark). Read-only: a refused file is left exactly as it was."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise DiaryError(f"{path} cannot be read: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise DiaryError(f"{path} is not a regular file, so not a diary; it was left as it is")
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as err:
        raise DiaryError(f"{path} cannot be read: {err.strerror}") from None
    if not header:
        return  # an empty file: made by us a moment before a crash, or by `touch`
    if header != SQLITE_HEADER:
        raise DiaryError(f"{path} is not a diary database; it was left as it is")
    try:
        db = sqlite3.connect(sqlite_uri(path, "ro"), uri=True, timeout=BUSY_SECONDS,
                             isolation_level=None)
        try:
            # One read transaction, so all four answers come from one moment: read one by
            # one, a diary another process was creating could show its tables but not yet
            # its mark, and be refused as another program's database.
            db.execute("BEGIN")
            (application_id,) = db.execute("PRAGMA application_id").fetchone()
            (version,) = db.execute("PRAGMA user_version").fetchone()
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            columns = {r[1] for r in db.execute("PRAGMA table_info(entries)")}
            db.execute("COMMIT")
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        raise DiaryError(f"{path} is damaged or not a diary ({err}); it was left as it is") \
            from None
    if application_id == APPLICATION_ID:
        return
    if application_id == 0 and version == 0 and not tables:
        return  # an empty database: nothing in it to harm
    if application_id == 0 and 0 < version < MARKED_SINCE and columns >= OLD_DIARY_COLUMNS:
        return  # a diary from before the mark: migrating adds it
    raise DiaryError(f"{path} is not a sciatica diary (another program's database?); it was "
                     "left as it is")


def sqlite_uri(path: Path, mode: str) -> str:
    """A file: URI for SQLite; the path is %-encoded so a `#` or `?` in a folder's name is
    part of the name, not the start of a fragment or of the options."""
    from urllib.parse import quote

    return f"file:{quote(str(path.absolute()))}?mode={mode}"


def _create_private(path: Path) -> None:
    """Make the (empty) file owner-only before SQLite opens it: SQLite gives its -wal and
    -shm files the same mode. A new folder is owner-only too."""
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            pass
        except OSError as err:
            raise DiaryError(f"cannot create {path.parent}: {err.strerror}") from None
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another command made it first; it is checked like any existing diary
    except OSError as err:
        raise DiaryError(f"cannot create {path}: {err.strerror}") from None


def _keep_private(path: Path) -> None:
    """A diary (its -wal and -shm, the copies saved before upgrades) made before diaries
    were private: owner-only now. So is the folder, when it is the guide's own (the user
    data folder, not one SCIATICA_HOME names, which may hold anything)."""
    if not os.environ.get("SCIATICA_HOME") and path.parent == default_path().parent:
        try:
            if path.parent.stat().st_mode & 0o077:
                os.chmod(path.parent, 0o700)
        except OSError:
            pass
    backups = path.parent.glob(f"{glob_escape(path.name)}.v*.bak")
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                 *backups):
        try:
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except OSError:
            pass  # not there, or not ours to change: reading it is still fine


def _empty_connection() -> sqlite3.Connection:
    """A diary with no file yet reads as empty, without creating the file."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    for step in MIGRATIONS:
        for statement in filter(str.strip, step.split(";")):
            db.execute(statement)
    return db


def in_last_days(entries: list[DiaryEntry], days: int | None,
                 now: datetime | None = None) -> list[DiaryEntry]:
    """The entries of the last `days` days (all of them when `days` is None)."""
    if days is None:
        return entries
    since = (now or datetime.now().astimezone()) - timedelta(days=days)
    return [e for e in entries if e.when >= since]


def weekly_averages(entries: list[DiaryEntry], now: datetime) -> tuple[float | None, float | None]:
    """Average pain over the last 7 days, and over the 7 days before them."""
    this_start, last_start = now - timedelta(days=7), now - timedelta(days=14)
    this = [e.pain for e in entries if this_start < e.when <= now]
    last = [e.pain for e in entries if last_start < e.when <= this_start]
    return (sum(this) / len(this) if this else None, sum(last) / len(last) if last else None)
