"""`sciatica sources`: the references behind the guide, for a reader or a reference manager."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..reference_export import Format, Style
from ..page_references import Reference, for_entry, numbered
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
    s = settings(ctx, color)
    catalog = s.catalog
    refs = _references(catalog, for_id)
    if as_json:
        fmt = Format.CSL_JSON
    from .. import cache

    text = cache.exported(catalog, (fmt.value, style.value, for_id and _key(catalog, for_id)),
                          lambda: _export(refs, fmt, style))
    from ..output import deliver, to_stdout

    if fmt is Format.TEXT and to_stdout(output):
        from ..render import sources as render

        render.reference_list(refs, text, s.out, s.catalog.local_sources)
    else:
        deliver(text, output)


def _export(refs: list[Reference], fmt: Format, style: Style) -> str:
    from ..reference_export import export

    return export(refs, fmt, style)


def _key(catalog, for_id: str) -> str:
    from ..lookup import normalize

    return "redflags" if normalize(for_id) == "redflags" else catalog.resolve(for_id).id


def _references(catalog, for_id: str | None) -> list[Reference]:
    if for_id is None:
        return numbered(list(catalog.sources), catalog.sources)
    from ..lookup import normalize

    if normalize(for_id) == "redflags":
        keys = [k for tier in catalog.redflags.tiers for sign in tier.signs for k in sign.sources]
        return numbered(list(dict.fromkeys(keys)), catalog.sources)
    return for_entry(catalog.resolve(for_id), catalog.sources)
