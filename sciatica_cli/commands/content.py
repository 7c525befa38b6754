"""Your own content: which folders are read (`paths`) and what is wrong in them (`validate`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ProblemsListed
from .common import ColorOption, JsonOption, settings


def paths(ctx: typer.Context, as_json: JsonOption = False, color: ColorOption = None) -> None:
    """Show every content folder read, and which entries came from where.

    Your own folders come from SCIATICA_DATA (a path list) and --data-dir; an entry in
    them with an id we ship replaces ours and is marked local.

    Examples:

      sciatica paths

      sciatica --data-dir ./clinic paths

      SCIATICA_DATA=~/sciatica-notes sciatica paths --json
    """
    from ..render.formats import present
    from ..views.paths import paths as paths_view

    s = settings(ctx, color)
    present(paths_view(s.catalog), s, as_json)


def validate(
    ctx: typer.Context,
    targets: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Folders laid out like data/, or single YAML files. "
        "Default: every folder in use.", show_default=False)] = None,
    ignore: Annotated[str | None, typer.Option(
        "--ignore", metavar="CODES", help="Comma-separated codes to skip, e.g. SCI011.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Check content files: one line per problem, `file:line: CODE message`, on stderr.

    Exits 1 if there is any error, 0 when clean (warnings alone do not fail). The codes
    are stable and listed in the README.

    Examples:

      sciatica validate

      sciatica validate ./clinic

      sciatica validate ./clinic/techniques/cupping.yaml --ignore SCI011

      sciatica validate --json
    """
    from ..lint import folders_in_use, parse_ignore, validate as run_checks

    s = settings(ctx)
    codes = parse_ignore(ignore)
    folders = list(targets) if targets else folders_in_use(s.content_dirs)
    report = run_checks(folders, codes)
    if as_json:
        from ..render import jsonout

        jsonout.emit(jsonout.lint_report(report))
    else:
        from ..render.messages import lint_report

        lint_report(report, folders)
    if report.errors:
        raise ProblemsListed()
