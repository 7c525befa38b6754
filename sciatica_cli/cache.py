"""A cache of the checked catalog, so a command does not parse and validate every file.

The key is every content file's path, size and modification time, plus the program's
version: change any file, add or remove one, or upgrade, and the catalog is rebuilt.
A damaged or unreadable cache is ignored and rebuilt; the cache is never needed for
correctness. It lives in the user cache folder (SCIATICA_CACHE_DIR overrides it), which
only this user writes, so loading it with pickle trusts nothing the content files don't.

The file is a small head (the key, each entry's kind and place in the file) followed by
each entry and each bigger part of the catalog (names, sources, lists...) pickled on its
own, so showing one page unpickles the head, one entry and the parts the page uses.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from . import __version__
from . import catalog as catalog_module
from .catalog import KIND_FOLDERS, Catalog, Deferred, load_catalog
from .errors import SciaticaError

try:  # hashlib's own import loads OpenSSL (3 ms, every command); blake2 alone is enough
    from _blake2 import blake2b
except ImportError:  # a Python without the module: the public door to the same hash
    from hashlib import blake2b

FORMAT = 4  # bump when the pickled classes or the layout change
CATALOG_CODE = ("models.py", "catalog.py", "yamlio.py", "cache.py")
HEAD_LENGTH_BYTES = 8  # the file starts with the head's length, then the head, then the pieces


def cache_dir() -> Path:
    override = os.environ.get("SCIATICA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sciatica", appauthor=False))


def code_stamp(names: Iterable[str]) -> tuple[int, ...]:
    """When each of these modules of ours last changed (-1 where there is no source file)."""
    here, stamps = os.path.dirname(__file__), []
    for name in names:
        try:
            stamps.append(os.stat(os.path.join(here, name)).st_mtime_ns)
        except OSError:
            stamps.append(-1)
    return tuple(stamps)


def fingerprint(folders: list[Path]) -> bytes:
    """What the catalog was built from, hashed: every content file's name, size and mtime.

    A digest, not the list itself: at thousands of files the list costs more memory
    than everything else a command keeps.
    """
    # The code that builds the catalog is part of the key too, so an edited checkout (or
    # an upgrade that kept the version number) never shows a stale catalog or warning.
    stamp = blake2b(repr((FORMAT, __version__, sys.version_info[:2],
                          code_stamp(CATALOG_CODE))).encode(), digest_size=20)
    for folder in folders:
        stamp.update(b"\0" + os.fsencode(folder) + b"\0")
        for sub in ("", *KIND_FOLDERS):
            try:
                with os.scandir(folder / sub if sub else folder) as it:
                    found = sorted(e.name for e in it if e.name.endswith(".yaml"))
            except OSError:
                continue
            for name in found:
                try:
                    st = os.stat(os.path.join(folder, sub, name))
                    size, mtime = st.st_size, st.st_mtime_ns
                except OSError:  # a broken link: its warning comes from the loader
                    size = mtime = -1
                stamp.update(f"{sub}/{name}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return stamp.digest()


def load(user_dirs: Iterable[Path] = ()) -> Catalog:
    """The catalog from the cache when nothing changed, otherwise built and cached."""
    user_dirs = list(user_dirs)
    folders = [catalog_module.bundled_data_dir(), *user_dirs]
    key = fingerprint(folders)
    # One cache file per set of folders; a name clash only costs a rebuild (the key differs).
    name = f"{zlib.crc32(repr([str(f) for f in folders]).encode()):08x}"
    path = cache_dir() / f"catalog-{name}.pickle"
    catalog = _read(path, key)
    if catalog is None:
        catalog = load_catalog(user_dirs)
        _write(path, key, catalog)
    catalog.index_path = path.with_suffix(".search.sqlite")
    catalog.index_stamp = key.hex()
    return catalog


def _read(path: Path, key: bytes) -> Catalog | None:
    try:
        # Read, not mapped: a mapping may bring whole 2 MiB pages of the file into memory
        # for one entry, and a command needs only the head and a few pieces.
        file = path.open("rb")
    except OSError:
        return None
    try:
        file_size = os.fstat(file.fileno()).st_size
        head_length = int.from_bytes(file.read(HEAD_LENGTH_BYTES), "little")
        base = HEAD_LENGTH_BYTES + head_length
        if base > file_size:
            raise ValueError("cut short, or not a cache file")
        head = pickle.loads(file.read(head_length))  # noqa: S301 - our own file, user's cache
        if head["key"] != key or base + head["size"] != file_size:
            raise ValueError("from other files or another version, or cut short")
        offsets, part_offsets = head["offsets"], head["parts"]
    except Exception:  # empty, damaged, truncated, or from another version: rebuild
        file.close()
        return None

    def unpickle(start: int, length: int):  # noqa: ANN202
        # The file stays open for the life of the command; replacing it (os.replace) leaves
        # this copy readable, so a rebuild by another process cannot tear a read.
        try:
            return pickle.loads(os.pread(file.fileno(), length, base + start))  # noqa: S301
        except Exception:  # damaged inside, where only reading the piece can tell
            try:
                path.unlink()
            except OSError:
                pass
            raise SciaticaError(f"the catalog cache {path} was damaged, so it was removed; "
                                "run the command again to rebuild it") from None

    return Catalog.lazy(
        kinds=head["kinds"], fetch=lambda entry_id: unpickle(*offsets[entry_id]),
        folders=[Path(f) for f in head["folders"]], warnings=head["warnings"],
        parts={name: Deferred(functools.partial(unpickle, *at))
               for name, at in part_offsets.items()})


def _write(path: Path, key: bytes, catalog: Catalog) -> None:
    blobs: list[bytes] = []
    size = 0

    def add(value: object) -> tuple[int, int]:
        nonlocal size
        blobs.append(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        size += len(blobs[-1])
        return size - len(blobs[-1]), len(blobs[-1])

    offsets = {entry_id: add(entry) for entry_id, entry in catalog.entries.items()}
    parts = catalog.parts()
    # Paths as text: unpickling thousands of Path objects is slow.
    parts["origins"] = {k: str(v) for k, v in parts["origins"].items()}
    head = pickle.dumps({
        "key": key, "offsets": offsets, "kinds": catalog.kinds,
        "parts": {name: add(value) for name, value in parts.items()},
        "folders": [str(f) for f in catalog.folders], "warnings": catalog.warnings,
        "size": size,
    }, protocol=pickle.HIGHEST_PROTOCOL)
    _write_quietly(path, b"".join([len(head).to_bytes(HEAD_LENGTH_BYTES, "little"), head,
                                    *blobs]))


def exported(catalog: Catalog, key: tuple, build: Callable[[], str]) -> str:
    """An export (BibTeX, RIS, styled text...) from the cache, or built and cached.

    The citation libraries cost more to import than the rest of a command; the result
    only changes when the content does, so it is kept beside the catalog.
    """
    if catalog.index_path is None:
        return build()
    path = catalog.index_path.with_name(catalog.index_path.name.replace(".search.sqlite",
                                                                          ".exports.pickle"))
    # The exporting code is part of the key too, so an edited checkout never shows stale output.
    stamp = (catalog.index_stamp, FORMAT, code_stamp(
        ["citations.py", "styles/apa.csl", "styles/american-medical-association.csl"]))
    texts: dict = {}
    try:
        saved = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
        if saved.get("stamp") == stamp:
            texts = saved["texts"]
    except Exception:  # missing or damaged: rebuild
        pass
    if key not in texts:
        texts[key] = build()
        _write_quietly(path, pickle.dumps({"stamp": stamp, "texts": texts}))
    return texts[key]


def _write_quietly(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is simply not used."""
    from .files import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, private=True)
    except (OSError, SciaticaError):
        pass
