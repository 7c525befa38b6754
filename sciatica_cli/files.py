"""Writing a file all at once or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputRefused, SciaticaError


def atomic_write(path: Path, data: str | bytes, private: bool = False,
                 protected: Callable[[Path], bool] | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename,
    so a reader (or a crash) never sees half a file. Failure leaves nothing behind and
    raises SciaticaError naming the path. A `private` file is readable by its owner only.

    What `-o` names is not always a plain file. A link is followed and its target
    replaced, so the link stays a link. A named pipe or a character device (/dev/stdout,
    /dev/null, a terminal) is written to as it is, like the shell's `>`, never replaced by
    a file. A socket or a block device, or a file `protected` says is off limits (by
    default the diary and its files), is refused with OutputRefused.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if protected is None:  # every -o, not only the diary's own export, spares the diary
        from .diary import Diary, default_path

        protected = Diary(default_path()).owns
    if protected(target):
        raise OutputRefused(f"{path} is the diary itself (or one of its files); nothing was "
                            "written. Choose another file.")
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None  # a new file
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        _write_stream(path, target, data)
        return
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise OutputRefused(f"{path} is a socket or a block device, not a file; nothing was "
                            "written")
    folder = target.parent if str(target.parent) else Path(".")
    path = target
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise SciaticaError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        if not private:
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            raise SciaticaError(f"cannot write {path}: {err.strerror or err}") from None
        raise


def _write_stream(path: Path, target: Path, data: str | bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as err:
        raise SciaticaError(f"cannot write {path}: {err.strerror or err}") from None


def _mode_for(path: Path) -> int:
    """Keep a replaced file's permissions; a new one gets what the umask allows (the
    temporary file was private while it was being written)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
