"""`sciatica stretch`: one stretch, in words or as a drawing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ContentError, Problem, SciaticaError, UsageError
from .common import JsonOption, settings


def stretch(
    ctx: typer.Context,
    stretch_id: Annotated[str, typer.Argument(
        metavar="ID", help="A stretch id, name or alias (see `sciatica selfcare stretching`).",
        show_default=False)],
    figure: Annotated[bool, typer.Option(
        "--figure", help="Write the stretch's drawing (SVG) instead of its steps.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
        help="With --figure: the file to write; `-` or none prints it.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Show one stretch's steps, or write its drawing as an SVG file.

    The drawing shows where you start and where you end, with an arrow for the movement,
    and carries the steps as its text alternative for screen readers.

    Examples:

      sciatica stretch knee-to-chest

      sciatica stretch knee-to-chest --figure -o knee.svg

      sciatica stretch "figure 4 stretch" --figure > figure-four.svg

      sciatica stretch cat-cow --json
    """
    from ..routine import resolve_stretch

    if output is not None and not figure:
        raise UsageError("-o writes a drawing: add --figure")
    if figure and as_json:
        raise UsageError("--figure writes SVG, not JSON: use one or the other")
    s = settings(ctx)
    catalog = s.catalog
    entry, chosen = resolve_stretch(catalog, stretch_id)
    if not figure:
        from ..render.formats import present
        from ..views.stretch import StretchView

        present(StretchView(entry.id, chosen), s, as_json)
        return
    if chosen.pose is None:
        raise SciaticaError(f"stretch '{chosen.id}' has no pose, so it has no drawing; "
                            "add a pose to it (see the README)")
    from ..pose import check

    path = catalog.origins[entry.id]
    faults = [found for found in check(chosen) if found.severity == "error"]
    if faults:
        from .. import yamlio

        index = entry.stretches.index(chosen)
        raise ContentError([Problem(path, yamlio.line_of(path, ("stretches", index, *f.loc)),
                                    f.code, f"stretch '{chosen.id}': {f.message}")
                            for f in faults])
    from ..render.figure import stretch_svg

    from ..output import deliver

    deliver(stretch_svg(chosen), output)
