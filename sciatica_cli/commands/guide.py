"""The read-only guide: overview, techniques, self-care, compare, red flags, search.

Each command asks the catalog for its view (views/entries.py, compare.py, redflags.py,
search.py) and hands it to render/formats.py, which picks its renderer: JSON for `--json`
(never importing Rich), plain lines for a pipe, Rich on a terminal.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import NothingMatched, UsageError
from ..settings import Settings
from .common import ColorOption, JsonOption, settings


def _show_kind(s: Settings, kind: str, entry_id: str | None, as_json: bool) -> None:
    catalog = s.catalog
    if entry_id is None:
        from ..render.formats import present
        from ..views.entries import entry_list

        present(entry_list(catalog, kind), s, as_json)
        return
    _show_page(s, catalog.resolve(entry_id, kind), as_json)


def _show_page(s: Settings, entry, as_json: bool) -> None:
    from ..render.formats import present
    from ..views.entries import entry_page

    present(entry_page(s.catalog, entry), s, as_json)


EntryArg = Annotated[
    str | None,
    typer.Argument(metavar="ID", help="An id, alias or name; case, spaces and dashes don't matter.",
                   show_default=False),
]


def techniques(ctx: typer.Context, entry_id: EntryArg = None, as_json: JsonOption = False,
               color: ColorOption = None) -> None:
    """List the massage techniques, or show one page.

    Each claim carries the grade its source gives, strongest first: high, moderate, low,
    very-low; or, without a graded level, guideline-advice, not-graded (a study result its
    source did not grade) or no-good-evidence. A list shows each page's best grade among
    its claims of benefit in sciatica, or says "from back pain" when only back pain was
    studied.

    Examples:

      sciatica techniques

      sciatica techniques deep-tissue

      sciatica techniques "Deep Tissue" --json
    """
    _show_kind(settings(ctx, color), "technique", entry_id, as_json)


def selfcare(ctx: typer.Context, entry_id: EntryArg = None, as_json: JsonOption = False,
             color: ColorOption = None) -> None:
    """List the self-care strategies, or show one page.

    Each claim carries the grade its source gives, strongest first: high, moderate, low,
    very-low; or, without a graded level, guideline-advice, not-graded (a study result its
    source did not grade) or no-good-evidence. A list shows each page's best grade among
    its claims of benefit in sciatica, or says "from back pain" when only back pain was
    studied.

    Examples:

      sciatica selfcare

      sciatica selfcare stretching

      sciatica selfcare heat --json
    """
    _show_kind(settings(ctx, color), "selfcare", entry_id, as_json)


def overview(ctx: typer.Context, as_json: JsonOption = False, color: ColorOption = None) -> None:
    """What sciatica is, in plain words.

    Examples:

      sciatica overview

      sciatica overview --json
    """
    s = settings(ctx, color)
    _show_page(s, s.catalog.resolve("overview", "overview"), as_json)


def compare(
    ctx: typer.Context,
    entry_ids: Annotated[list[str], typer.Argument(
        help="Two or more ids, aliases or names; techniques and self-care may mix.",
        show_default=False)],
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar="NAME", show_default=False,
        help="A condition that applies to you (as in `sciatica plan`); repeat for more. An "
        "entry it rules out reads \"Not for you\", with the reason.")] = None,
    as_json: JsonOption = False,
    color: ColorOption = None,
) -> None:
    """Show entries side by side: attributes, best evidence, main cautions; with
    --condition, whether each is for you.

    Examples:

      sciatica compare swedish deep-tissue

      sciatica compare trigger-point myofascial-release stretching

      sciatica compare swedish heat-and-cold --json

      sciatica compare swedish deep-tissue --condition blood-thinners
    """
    if len(entry_ids) < 2:
        raise UsageError("compare needs at least two ids, e.g. "
                         "`sciatica compare swedish deep-tissue`.")
    s = settings(ctx, color)
    catalog = s.catalog
    entries = list({e.id: e for e in (catalog.resolve(i) for i in entry_ids)}.values())
    decision = None
    if condition:
        from ..plan import resolve_conditions
        from ..suitability import Person, decide

        decision = decide(catalog, Person(None, resolve_conditions(catalog, condition)),
                          entries)
    from ..render.formats import present
    from ..views.compare import compare as compare_view

    present(compare_view(catalog, entries, decision), s, as_json)


def redflags(ctx: typer.Context, as_json: JsonOption = False, color: ColorOption = None) -> None:
    """When to get help: call an ambulance now, see a doctor today, or book a visit.

    Examples:

      sciatica redflags

      sciatica redflags --json
    """
    from ..render.formats import present
    from ..views.redflags import redflags as redflags_view

    s = settings(ctx, color)
    present(redflags_view(s.catalog), s, as_json)


def search_command(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to look for.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000,
                                                help="Most results.")] = 10,
    as_json: JsonOption = False,
    color: ColorOption = None,
) -> None:
    """Search the pages, the red flags and the conditions; best matches first.

    Everyday words work: "pregnancy" also finds "pregnant", "pins and needles" finds
    "tingling", "bum" finds "buttock", "sleep" finds "night". A red-flag sign shows its
    tier (emergency, urgent or routine). Exits 1 when nothing matches.

    Examples:

      sciatica search nerve glide

      sciatica search "blood thinners"

      sciatica search bladder

      sciatica search heat --json
    """
    from ..search import search

    s = settings(ctx, color)
    text = " ".join(query)
    found = search(s.catalog, text, limit)
    if not found:
        raise NothingMatched(f"Nothing matched '{text}'. Try fewer or other words, or "
                             "`sciatica techniques` and `sciatica selfcare` for the full lists.")
    from ..render.formats import present
    from ..views.search import search_results

    present(search_results(s.catalog, text, found), s, as_json)
