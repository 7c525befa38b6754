"""A cache of the checked catalog, so a command does not parse and validate every file.

The key is every content file's path, size and modification time, plus the program's
version: change any file, add or remove one, or upgrade, and the catalog is rebuilt.
A damaged or unreadable cache is ignored and rebuilt; the cache is never needed for
correctness. It lives in the user cache folder (SCIATICA_CACHE_DIR overrides it), which
only this user writes, so loading it with pickle trusts nothing the content files don't.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from . import catalog as catalog_module
from .catalog import Catalog, content_files, load_catalog

FORMAT = 2  # bump when the pickled classes change shape


def cache_dir() -> Path:
    override = os.environ.get("SCIATICA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sciatica", appauthor=False))


def fingerprint(folders: list[Path]) -> tuple:
    """What the catalog was built from: every file's path, size and mtime."""
    stamp: list[tuple] = [(FORMAT, __version__, sys.version_info[:2])]
    for folder in folders:
        stamp.append(("folder", str(folder)))
        for path in content_files(folder):
            try:
                st = path.stat()
                stamp.append((str(path), st.st_size, st.st_mtime_ns))
            except OSError:  # a broken link: its warning comes from the loader
                stamp.append((str(path), -1, -1))
    return tuple(stamp)


def load(user_dirs: Iterable[Path] = ()) -> Catalog:
    """The catalog from the cache when nothing changed, otherwise built and cached."""
    user_dirs = list(user_dirs)
    folders = [catalog_module.bundled_data_dir(), *user_dirs]
    key = fingerprint(folders)
    # One cache file per set of folders; a name clash only costs a rebuild (the key differs).
    name = f"{zlib.crc32(repr([str(f) for f in folders]).encode()):08x}"
    path = cache_dir() / f"catalog-{name}.pickle"
    cached = _read(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    catalog = load_catalog(user_dirs)
    _write(path, (key, catalog))
    return catalog


def _read(path: Path) -> tuple | None:
    try:
        with path.open("rb") as f:
            data = pickle.load(f)  # noqa: S301 - our own file in the user's cache folder
    except FileNotFoundError:
        return None
    except Exception:  # damaged, truncated, or from another version: rebuild
        return None
    return data if isinstance(data, tuple) and len(data) == 2 else None


def _write(path: Path, data: tuple) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
