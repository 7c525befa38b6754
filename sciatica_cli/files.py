"""Writing a file all at once or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import SciaticaError


def atomic_write(path: Path, data: str | bytes, private: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename,
    so a reader (or a crash) never sees half a file. Failure leaves nothing behind and
    raises SciaticaError naming the path. A `private` file is readable by its owner only."""
    folder = path.parent if str(path.parent) else Path(".")
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


def _mode_for(path: Path) -> int:
    """Keep a replaced file's permissions; a new one gets what the umask allows (the
    temporary file was private while it was being written)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
