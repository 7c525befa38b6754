"""stdin, stdout and stderr as they really are: closed (`>&-`), on a full disk
(/dev/full), read by a program that stops early (`| head`), or in an encoding that cannot
show every character (`PYTHONIOENCODING=latin-1`).

`prepare` runs before any command; `finish` runs after it. Between them every failure to
write the output is OutputFailed (exit 6, one clear line), a reader that stops early is
BrokenPipeError (exit 0 in every command), and nothing ends in a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from .errors import EXIT_OK, OutputFailed


class GuardedOutput:
    """stdout, with any failure to write it turned into OutputFailed: a full disk shows
    up on a write or a flush long after the command printed, and must not be a traceback."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputFailed(_reason(err)) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputFailed(_reason(err)) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class ClosedOutput:
    """What stdout is when it was closed before we started (`sciatica techniques >&-`)."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OutputFailed("cannot write the output: stdout is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "stdout is closed")


def _reason(err: OSError) -> str:
    return f"cannot write the output: {err.strerror or err}; what was shown may be cut short"


def prepare() -> None:
    """Make the standard streams safe to use for the whole run."""
    if sys.stdin is None:  # closed: reads as empty, like </dev/null, and is not a terminal
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stderr is None:  # closed: nowhere to say anything, so say nothing
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    else:
        _replace_what_cannot_be_shown(sys.stderr, "backslashreplace")
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
        return
    _replace_what_cannot_be_shown(sys.stdout, "replace")
    sys.stdout = GuardedOutput(sys.stdout)


def _replace_what_cannot_be_shown(stream: Any, errors: str) -> None:
    """A stream whose encoding is not UTF-8 shows `?` for what it cannot encode (a bullet,
    an accent) instead of ending the command in UnicodeEncodeError."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors=errors)


def finish(code: int | str | None) -> int | str | None:
    """Flush stdout before Python does it at exit (where a failure is only a warning and
    exit 120); returns the exit code the run ends with."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK if code in (None, 0) else code
    except OutputFailed as err:
        _discard_stdout()
        from .render.messages import fail

        return fail(err)
    return code


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit finds nothing to
    fail on (Python's advice for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
