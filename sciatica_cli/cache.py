"""A cache of the checked catalog, so a command does not parse and validate every file.

The key is every content file's path, size and modification time, plus the program's
version: change any file, add or remove one, or upgrade, and the catalog is rebuilt.
A damaged or unreadable cache is ignored and rebuilt; the cache is never needed for
correctness. It lives in the user cache folder (SCIATICA_CACHE_DIR overrides it), which
only this user writes, so loading it with pickle trusts nothing the content files don't.

The file is a small head (the key, names, sources, red flags...) followed by each entry
pickled on its own, so showing one page unpickles the head and one entry.
"""

from __future__ import annotations

import mmap
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from . import __version__
from . import catalog as catalog_module
from .catalog import KIND_FOLDERS, Catalog, load_catalog

FORMAT = 3  # bump when the pickled classes or the layout change


def cache_dir() -> Path:
    override = os.environ.get("SCIATICA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sciatica", appauthor=False))


def fingerprint(folders: list[Path]) -> tuple:
    """What the catalog was built from: every content file's name, size and mtime."""
    stamp: list[tuple] = [(FORMAT, __version__, sys.version_info[:2])]
    for folder in folders:
        stamp.append((str(folder),))
        for sub in ("", *KIND_FOLDERS):
            try:
                with os.scandir(folder / sub if sub else folder) as it:
                    found = sorted(e.name for e in it if e.name.endswith(".yaml"))
            except OSError:
                continue
            for name in found:
                try:
                    st = os.stat(os.path.join(folder, sub, name))
                    stamp.append((sub, name, st.st_size, st.st_mtime_ns))
                except OSError:  # a broken link: its warning comes from the loader
                    stamp.append((sub, name, -1, -1))
    return tuple(stamp)


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
    catalog.index_stamp = f"{zlib.crc32(repr(key).encode()):08x}-{len(repr(key))}"
    return catalog


def _read(path: Path, key: tuple) -> Catalog | None:
    try:
        with path.open("rb") as f:
            # Mapped, not read: only the head and the entries asked for are paged in.
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        head = pickle.load(data)  # noqa: S301 - our own file in the user's cache folder
        if not isinstance(head, dict) or head.get("key") != key:
            return None
        base = data.tell()
        offsets = head.pop("offsets")
    except Exception:  # missing, empty, damaged, truncated, or from another version: rebuild
        return None

    def fetch(entry_id: str):  # noqa: ANN202
        start, length = offsets[entry_id]
        return pickle.loads(data[base + start: base + start + length])  # noqa: S301

    del head["key"]
    head["folders"] = [Path(f) for f in head["folders"]]
    return Catalog.lazy(fetch=fetch, **head)


def _write(path: Path, key: tuple, catalog: Catalog) -> None:
    blobs, offsets, at = [], {}, 0
    for entry_id, entry in catalog.entries.items():
        blob = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        offsets[entry_id] = (at, len(blob))
        blobs.append(blob)
        at += len(blob)
    kinds, names = catalog.index()
    head = {
        "key": key, "offsets": offsets, "kinds": kinds, "names": names,
        "sources": catalog.sources, "redflags": catalog.redflags,
        "conditions": catalog.conditions, "local_ids": catalog.local_ids,
        # Paths as text: unpickling thousands of Path objects is slow.
        "origins": {k: str(v) for k, v in catalog.origins.items()},
        "folders": [str(f) for f in catalog.folders], "warnings": catalog.warnings,
    }
    _write_quietly(path, pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL) + b"".join(blobs))

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
    code = Path(__file__).with_name("citations.py").stat().st_mtime_ns
    stamp = (catalog.index_stamp, FORMAT, code)
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
    from .errors import SciaticaError
    from .files import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, private=True)
    except (OSError, SciaticaError):
        pass
