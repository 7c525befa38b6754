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
        metavar="ID...", help="What to include: pages, single stretches (as in `sciatica "
        "selfcare stretching`) and `redflags`; ids, aliases or names.",
        show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
        help="The file to write (.html or .md); `-` prints it.")],
    fmt: Annotated[HandoutFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help="html or md; by default from the file's ending (html for `-`).")] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="The whole page and every claim with its evidence grade, not the "
        "short form.")] = False,
    client: Annotated[str | None, typer.Option(
        "--client", metavar="NAME", show_default=False,
        help="Who it is for: shown in the title.")] = None,
    clinic: Annotated[str | None, typer.Option(
        "--clinic", metavar="NAME", show_default=False,
        help="Your clinic or practice: shown under the title.")] = None,
    note: Annotated[str | None, typer.Option(
        "--note", metavar="TEXT", show_default=False,
        help="A personal instruction, shown near the top.")] = None,
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar="NAME", show_default=False,
        help="A condition the reader has (as in `sciatica plan`); repeat for more. What it "
        "rules out is listed as not for them, with the reason.")] = None,
) -> None:
    """A printable handout: the signs to get help first, then the chosen pages in plain
    words (what it is, the cautions, what to do), their stretches with drawings, and
    numbered sources. Short by default; --full adds the whole page and the evidence.

    HTML is one self-contained file with a print style sheet; Markdown is ready for pandoc.

    Examples:

      sciatica handout swedish stretching heat-and-cold -o handout.html

      sciatica handout knee-to-chest pelvic-tilt --client "Sam" --clinic "Hill Clinic"
      --note "Twice a day, gently." -o sam.html

      sciatica handout redflags -o card.html

      sciatica handout swedish heat-and-cold -o handout.md

      sciatica handout stretching -o - --format md | pandoc -o handout.pdf

      sciatica handout stretching swedish --condition osteoporosis -o handout.html

    A page asked for that the reader's conditions rule out is written under "Not for you,
    and why" instead, and the exit code is 4.
    """
    from ..handout import build
    from ..output import deliver, to_stdout
    from ..render import handout as render

    chosen = fmt or (HandoutFormat.HTML if to_stdout(output)
                     else SUFFIXES.get(output.suffix.lower()))
    if chosen is None:
        raise UsageError(f"cannot tell the format from '{output.name}': end the file name in "
                         ".html or .md, or give --format html|md.")
    from ..plan import resolve_conditions

    catalog = settings(ctx).catalog
    document = build(catalog, entry_ids, conditions=resolve_conditions(catalog, condition or []),
                     full=full, client=client, clinic=clinic, note=note)
    text = render.html(document) if chosen is HandoutFormat.HTML else render.as_markdown(document)
    if deliver(text, output):
        from ..render.messages import info

        info(f"Wrote the handout ({chosen.value}) to {output}.")
    if document.asked_out:  # written, with the reason; the code says it is not what was asked
        from ..errors import NotForYou

        raise NotForYou([f"'{left.id}' is not for this reader; the handout lists it under "
                         f"\"Not for you, and why\": {left.verdict.reasons[0].text}"
                         for left in document.not_for_you if left.id in document.asked_out])
