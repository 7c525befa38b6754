"""The command line: parse, ask the core, hand the result to a renderer.

The commands themselves live in sciatica_cli/commands/, one module per capability; this
file holds the app, the options every command shares, and the registration list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .commands.common import ColorOption, friendly
from .settings import Settings

app = typer.Typer(
    name="sciatica",
    help="An offline, evidence-graded sciatica self-care guide. Not a diagnosis: see "
    "`sciatica redflags` for when to get help now.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def _version(value: bool) -> None:
    if value:
        typer.echo(f"sciatica {__version__}")
        raise typer.Exit()


@app.callback()
@friendly
def root(
    ctx: typer.Context,
    color: ColorOption = None,
    data_dir: Annotated[
        list[Path] | None,
        typer.Option("--data-dir", metavar="DIR", help="A folder of your own entries, laid out like data/. "
                     "Repeat for more; later folders win.", file_okay=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    """An offline, evidence-graded sciatica self-care guide.

    Plain-language pages on massage techniques and self-care for sciatica, how strong
    the evidence is, and the sources behind every claim. Not a diagnosis.

    Examples:

      sciatica techniques

      sciatica selfcare stretching

      sciatica compare swedish deep-tissue heat-and-cold

      sciatica redflags
    """
    ctx.obj = Settings(color, list(data_dir or []))
    if ctx.invoked_subcommand is None:
        from .render.terminal import intro, make_console

        s = ctx.obj
        intro(make_console(s.color), s.catalog)


def _register() -> None:
    from .commands import content, diary, guide, handout, plan, routine, sources

    app.command("overview")(friendly(guide.overview))
    app.command("techniques")(friendly(guide.techniques))
    app.command("selfcare")(friendly(guide.selfcare))
    app.command("compare")(friendly(guide.compare))
    app.command("redflags")(friendly(guide.redflags))
    app.command("search")(friendly(guide.search_command))
    app.command("sources")(friendly(sources.sources))
    app.command("plan")(friendly(plan.plan))
    app.command("routine")(friendly(routine.routine))
    app.command("handout")(friendly(handout.handout))
    app.add_typer(diary.app, name="diary")
    app.command("paths")(friendly(content.paths))
    app.command("validate")(friendly(content.validate))


_register()


def main() -> None:
    app()
