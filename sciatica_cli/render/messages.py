"""Errors and warnings on stderr: plain lines, no Rich, so they cost nothing to import.

Every message starts with the program name so it reads well in a script's log.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem, SciaticaError
from ..textclean import clean

if TYPE_CHECKING:
    from ..catalog import Catalog


def error(message: str) -> None:
    sys.stderr.write(f"sciatica: {clean(message)}\n")


def info(message: str) -> None:
    """What a command did (a file written), on stderr so stdout stays the data."""
    sys.stderr.write(f"sciatica: {clean(message)}\n")


def warning(message: str) -> None:
    sys.stderr.write(f"sciatica: warning: {clean(message)}\n")


def warn(message: str) -> None:
    sys.stderr.write(f"sciatica: warning: {clean(message)}\n")


def fail(err: SciaticaError) -> int:
    """The one place an expected failure is told: its lines on stderr; returns its exit
    code (the README's table)."""
    report(err)
    return err.exit_code


def report(err: SciaticaError) -> None:
    if isinstance(err, ContentError):
        for problem in err.problems:
            sys.stderr.write(clean(str(problem)) + "\n")
        count = len(err.problems)
        error(f"the content has {count} problem{'s' if count != 1 else ''}; nothing was shown")
    else:
        for line in err.lines:
            error(line)


def warn_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        # A warning-only problem (an old grade, a claim without a population) keeps its entry.
        kept = problem.severity == "warning"
        sys.stderr.write(f"sciatica: warning: {clean(str(problem))}"
                         f"{'' if kept else '; skipped'}\n")


def report_loading(catalog: Catalog) -> None:
    """Show what loading the catalog found (loading itself never prints): a word about an
    unsafe cache folder, the content's problems, and from now on any problems a rebuild
    finds in mid-command, as it finds them."""
    for notice in catalog.notices:
        warning(notice)
    if catalog.warnings:
        warn_problems(catalog.warnings)
    catalog.on_new_warnings = warn_problems


def lint_report(report, checked) -> None:
    """`sciatica validate`: each problem as `file:line: CODE message`, then a count."""
    for problem in report.problems:
        label = "" if problem.severity == "error" else "(warning) "
        where = f"{problem.path}:{problem.line}" if problem.line else f"{problem.path}"
        sys.stderr.write(clean(f"{where}: {problem.code} {label}{problem.message}") + "\n")
    folders = ", ".join(str(p) for p in checked)
    if report.problems:
        error(f"{report.errors} error(s), {report.warnings} warning(s) in {folders}")
    else:
        sys.stderr.write(f"sciatica: no problems in {clean(folders)}\n")
