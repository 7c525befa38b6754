"""`sciatica handout`: a printable handout for a client."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .common import settings


class HandoutFormat(str, Enum):
    HTML = "html"
    MD = "md"


SUFFIXES = {".html": HandoutFormat.HTML, ".htm": HandoutFormat.HTML, ".md": HandoutFormat.MD,
            ".markdown": HandoutFormat.MD}


def handout(
    ctx: typer.Context,
    entry_ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="The pages to include: ids, aliases or names.",
        show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
        help="The file to write (.html or .md); `-` prints it.")],
    fmt: Annotated[HandoutFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help="html or md; by default from the file's ending.")] = None,
) -> None:
    """A printable handout: the chosen pages in plain words, their stretches, the red flags
    and numbered sources.

    HTML is one self-contained file with a print style sheet; Markdown is ready for pandoc.

    Examples:

      sciatica handout stretching gentle-exercise -o handout.html

      sciatica handout swedish heat-and-cold -o handout.md

      sciatica handout stretching -o - --format md | pandoc -o handout.pdf
    """
    from ..handout import build
    from ..render import handout as render

    chosen = fmt or SUFFIXES.get(output.suffix.lower())
    if chosen is None:
        raise UsageError(f"cannot tell the format from '{output.name}': end the file name in "
                         ".html or .md, or give --format html|md.")
    document = build(settings(ctx).catalog, entry_ids)
    text = render.html(document) if chosen is HandoutFormat.HTML else render.markdown(document)
    if str(output) == "-":
        from ..render.sources import raw

        raw(text)
    else:
        from ..files import atomic_write

        atomic_write(output, text)
