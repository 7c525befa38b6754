"""`sciatica sources`: the references behind the guide, for a reader or a reference manager."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..reference_export import Format, Style
from .common import ColorOption, settings


def sources(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="text and markdown in a citation style; bibtex, ris or csl-json "
        "for a reference manager.", case_sensitive=False)] = Format.TEXT,
    style: Annotated[Style, typer.Option(
        "--style", help="Citation style for text and markdown: apa, or vancouver (numbered, "
        "AMA).", case_sensitive=False)] = Style.APA,
    for_id: Annotated[str | None, typer.Option(
        "--for", metavar="ID", help="Only what one page cites (or `redflags`), numbered as "
        "that page numbers them.", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (all at once, or not at all); "
        "`-` is stdout.", dir_okay=False, show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format csl-json.")] = False,
    color: ColorOption = None,
) -> None:
    """Every reference behind the guide, with what each does and does not support.

    Formats: text (the default: each reference in APA or Vancouver style, with its key for
    [@key] in pandoc and what it supports), markdown (a numbered list), bibtex (LaTeX, biber,
    pandoc), ris (EndNote, Zotero, Mendeley) and csl-json (Zotero, pandoc).

    Examples:

      sciatica sources

      sciatica sources --for deep-tissue --style vancouver

      sciatica sources --format bibtex -o sciatica.bib

      sciatica sources --format ris -o sciatica.ris

      sciatica sources --format csl-json | pandoc --citeproc ...
    """
    from ..output import deliver, to_stdout
    from ..render.formats import Output, choose, rendered, show
    from ..views.sources import build

    s = settings(ctx, color)
    if as_json:
        fmt = Format.CSL_JSON
    view = build(s.catalog, for_id, fmt, style)
    if to_stdout(output):
        show(view, choose(view, s.out, Output(fmt.value)), s.out)
    else:
        deliver(rendered(view, Output(fmt.value)), output)
