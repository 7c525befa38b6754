"""The command line: parse, ask the core, hand the result to a renderer.

The commands themselves live in sciatica_cli/commands/, one module per capability; this
file holds the root options and the table of commands. A run builds an app with only
the command it was asked for (every command for help, completion or a typo), because
importing and converting all of them would slow every command down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .commands.common import ColorOption, friendly
from .settings import Settings

# command name -> (module in sciatica_cli.commands, function, or a Typer sub-app)
COMMANDS = {
    "overview": ("guide", "overview"),
    "techniques": ("guide", "techniques"),
    "selfcare": ("guide", "selfcare"),
    "compare": ("guide", "compare"),
    "redflags": ("guide", "redflags"),
    "search": ("guide", "search_command"),
    "sources": ("sources", "sources"),
    "plan": ("plan", "plan"),
    "routine": ("routine", "routine"),
    "stretch": ("stretch", "stretch"),
    "handout": ("handout", "handout"),
    "diary": ("diary", "app"),
    "paths": ("content", "paths"),
    "validate": ("content", "validate"),
}
ROOT_OPTIONS_WITH_VALUES = {"--color", "--data-dir"}

def _version(value: bool) -> None:
    if value:
        typer.echo(f"sciatica {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    color: ColorOption = None,
    data_dir: Annotated[
        list[Path] | None,
        typer.Option("--data-dir", metavar="DIR",
                     help="A folder of your own entries, laid out like data/. "
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
    # Built once per command; a test (or a library user) may hand in its own.
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    ctx.obj = base.configured(color, list(data_dir or []))
    if ctx.invoked_subcommand is None:
        friendly(_intro)(ctx.obj)


def _intro(s: Settings) -> None:
    from .render.formats import present
    from .views.intro import intro_view

    present(intro_view(), s)


def make_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just `only` (which must be in COMMANDS)."""
    from importlib import import_module

    app = typer.Typer(
        name="sciatica",
        help="An offline, evidence-graded sciatica self-care guide. Not a diagnosis: see "
        "`sciatica redflags` for when to get help now.",
        invoke_without_command=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    for name, (module_name, attr) in COMMANDS.items():
        if only is None or name == only:
            target = getattr(import_module(f".commands.{module_name}", __package__), attr)
            if isinstance(target, typer.Typer):
                for sub in target.registered_commands:  # `sciatica diary --help` too
                    if sub.short_help is None and sub.callback is not None:
                        sub.short_help = first_paragraph(sub.callback.__doc__ or "")
                app.add_typer(target, name=name,
                              short_help=first_paragraph(target.info.help or ""))
            else:
                # The whole first paragraph in the command list: Click would cut it at 45
                # characters ("Show entries side by side: attributes, best evidence, main...").
                app.command(name, short_help=first_paragraph(target.__doc__ or ""))(
                    friendly(target))
    return app


def first_paragraph(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n")[0].split())


def requested_command(argv: list[str]) -> str | None:
    """The command named on the command line, if it is one we know and no help for the
    whole program was asked for first; None means "build every command"."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ROOT_OPTIONS_WITH_VALUES:
            skip = True
        elif arg in ("-h", "--help"):
            return None
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def __getattr__(name: str) -> typer.Typer:
    # `from sciatica_cli.cli import app` (tests, the Python API) gets every command.
    if name == "app":
        return make_app()
    raise AttributeError(name)


def main() -> None:
    import os
    import sys

    from . import streams

    streams.prepare()
    # Shell completion asks about every command; so does `sciatica --help`.
    completing = any(k.startswith("_SCIATICA_COMPLETE") for k in os.environ)
    try:
        make_app(None if completing else requested_command(sys.argv[1:]))()
        code: int | str | None = 0
    except SystemExit as done:
        code = done.code
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            code = 0  # Click's own answer to a broken pipe is 1; ours is 0 everywhere
    sys.exit(streams.finish(code))
