"""Where a command's result goes: stdout, or the file `-o` names.

A file is written all at once or not at all, and never over the diary, a link's hidden
target that is off limits, a socket or a block device (files.atomic_write: exit 5).
stdout that is closed or full ends the command with exit 6 (streams.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def to_stdout(output: Path | None) -> bool:
    """No file was named, or `-` was: the result goes to stdout."""
    return output is None or str(output) == "-"


def deliver(text: str, output: Path | None, *, private: bool = False,
            protected: Callable[[Path], bool] | None = None) -> bool:
    """Write `text` to the file `output`, or to stdout (see to_stdout). A `private` file
    is readable by its owner only; `protected` says which files must never be written (by
    default the diary's). True when a file was written."""
    if to_stdout(output):
        sys.stdout.write(text)
        return False
    from .files import atomic_write

    if output is None:  # never: to_stdout(None) is True
        raise ValueError("no file to write")
    atomic_write(output, text, private=private, protected=protected)
    return True
