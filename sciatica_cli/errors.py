"""Expected failures, each with the exit code the README documents.

Commands raise these and never exit themselves: one place (`commands.common.friendly`,
through `render.messages.fail`) prints each as `sciatica: ...` lines on stderr and ends
the command with its code. Anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from typing import NamedTuple
from pathlib import Path

EXIT_OK = 0
EXIT_NOT_FOUND = 1  # also: nothing matched, unwritable output
EXIT_INVALID = 1  # the content has errors (validate, or the guide cannot load it): 1, as ever
EXIT_USAGE = 2
EXIT_EMERGENCY = 3  # an emergency red flag was reported: the advice was shown, no plan made
EXIT_NOT_FOR_YOU = 4  # what was asked for by name is ruled out for this person
EXIT_OUTPUT_REFUSED = 5  # an -o target we will not write: the diary itself, a socket...
EXIT_OUTPUT_FAILED = 6  # stdout could not be written: closed, or the disk is full


class Problem(NamedTuple):
    """One thing wrong with a content file, in tldr-lint's `file:line: CODE message` shape."""

    path: Path
    line: int | None
    code: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.code} {self.message}"


class SciaticaError(Exception):
    exit_code = EXIT_NOT_FOUND

    @property
    def lines(self) -> list[str]:
        """What to say on stderr, a `sciatica:` line each; none when it was shown already."""
        return [str(self)] if str(self) else []


class ContentError(SciaticaError):
    """The bundled content (or a file the user asked to check) is invalid."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFound(SciaticaError):
    """An id, alias or name that matches nothing; carries close matches for 'did you mean'."""

    def __init__(self, what: str, query: str, suggestions: list[str],
                 hint: str | None = None) -> None:
        self.what = what
        self.query = query
        self.suggestions = suggestions
        message = f"No {what} called '{query}'."
        if hint:  # where the thing really is, which beats any guess
            message += " " + hint
        elif suggestions:
            message += " Did you mean: " + ", ".join(suggestions) + "?"
        super().__init__(message)


class NothingMatched(SciaticaError):
    """A search or filter that found nothing: exit 1, like grep."""


class UsageError(SciaticaError):
    exit_code = EXIT_USAGE


class Stopped(SciaticaError):
    """The person left the questions (Ctrl-D or Ctrl-C) before answering them."""


class EmergencyReported(SciaticaError):
    """An emergency sign was reported. Its advice is already on the person's terminal, so
    there is nothing more to say; the exit code tells a script that help is needed now."""

    exit_code = EXIT_EMERGENCY

    def __init__(self) -> None:
        super().__init__("")


class NotForYou(SciaticaError):
    """What was asked for by name is ruled out for this person. The reasons are shown with
    the output, and again here, a line each, when the output went to a file."""

    exit_code = EXIT_NOT_FOR_YOU

    def __init__(self, reasons: list[str] | None = None) -> None:
        self.reasons = list(reasons or [])
        super().__init__("\n".join(self.reasons))

    @property
    def lines(self) -> list[str]:
        return self.reasons


class ProblemsListed(SciaticaError):
    """`sciatica validate` found errors and has listed them, with their count."""

    exit_code = EXIT_INVALID

    def __init__(self) -> None:
        super().__init__("")


class OutputRefused(SciaticaError):
    """An `-o` target that must not be written: the diary or its files, a socket, a block
    device. Nothing was written."""

    exit_code = EXIT_OUTPUT_REFUSED


class OutputFailed(SciaticaError):
    """stdout could not take the output: it is closed, or the disk behind it is full."""

    exit_code = EXIT_OUTPUT_FAILED
