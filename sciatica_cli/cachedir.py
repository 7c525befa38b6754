"""Where the caches live, and whether a cache file there can be trusted.

A cache is only as trustworthy as the folder it sits in: anyone who can write there can
put words in the guide's mouth. So the folder must belong to this user, be a real folder
(not a link), and be writable by nobody else; a new one is made 0700. A file in it is
read only if it too is a regular file of ours that nobody else can write. When the
configured folder (SCIATICA_CACHE_DIR, or the user cache folder, which XDG_CACHE_HOME
moves) fails that, the guide says so once and uses a private folder of this user's
instead. A folder that cannot be made at all (a read-only disk) just means no cache.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

NOBODY_ELSE_WRITES = stat.S_IWGRP | stat.S_IWOTH


def configured_folder() -> Path:
    override = os.environ.get("SCIATICA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sciatica", appauthor=False))


def private_fallback() -> Path:
    """This user's own cache folder in their home, whatever XDG_CACHE_HOME says."""
    return Path.home() / ".cache" / "sciatica"


def why_unsafe(st: os.stat_result) -> str | None:
    """Why a file or folder with this status could have been written by someone else."""
    if stat.S_ISLNK(st.st_mode):
        return "is a link"
    if st.st_uid != os.geteuid():
        return "belongs to another user"
    if st.st_mode & NOBODY_ELSE_WRITES:
        return "can be written by other users"
    return None


class Unusable(Exception):
    """The folder cannot be made or read: run without a cache, quietly."""


def _check_folder(folder: Path) -> str | None:
    """Make the folder (0700) if it is missing; say why it is unsafe, or None if it is fine."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(folder, 0o700)
            st = os.lstat(folder)
        except OSError as err:
            raise Unusable(str(err)) from None
    except OSError as err:
        raise Unusable(str(err)) from None
    reason = why_unsafe(st)
    if reason is None and not stat.S_ISDIR(st.st_mode):
        raise Unusable("not a folder")
    return reason


def cache_folder(configured: Path | None = None) -> tuple[Path | None, str | None]:
    """The folder to keep caches in (None to keep none), and what to tell the person about
    an unsafe one (None when there is nothing to say). `configured` is the folder asked
    for, the configured one by default."""
    configured = configured or configured_folder()
    try:
        reason = _check_folder(configured)
    except Unusable:
        return None, None
    if reason is None:
        return configured, None
    fallback = private_fallback()
    try:
        fallback_reason = None if fallback == configured else _check_folder(fallback)
    except Unusable:
        fallback_reason = "cannot be made"
    if fallback == configured or fallback_reason is not None:
        return None, (f"the cache folder {configured} {reason}, so it is not used; "
                      "the guide runs without a cache")
    # Say it once: a marker in the private folder remembers that this folder was reported.
    marker = fallback / f"unsafe-{zlib.crc32(os.fsencode(configured)):08x}-reported"
    if marker.exists():
        return fallback, None
    try:
        marker.touch(mode=0o600)
    except OSError:
        pass
    return fallback, (f"the cache folder {configured} {reason}, so it is not used; "
                      f"using {fallback} instead")


def trusted(path: Path) -> bool:
    """A cache file we may read: a regular file of ours that nobody else can write.

    Anything else found under a cache file's name is removed (the folder is ours), so it
    is rebuilt; a missing file is simply not trusted.
    """
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISREG(st.st_mode) and why_unsafe(st) is None:
        return True
    try:
        os.unlink(path)
    except OSError:
        pass
    return False
