"""What every command shares: the --color and --json options, settings, error handling."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from ..errors import SciaticaError, UsageError
from ..settings import ColorChoice, Settings

ColorOption = Annotated[
    ColorChoice | None,
    typer.Option("--color", help="Colour: auto (only on a terminal, honours NO_COLOR), "
                 "always or never.", case_sensitive=False, show_default=False),
]
JsonOption = Annotated[bool, typer.Option(
    "--json", help="Print JSON instead (stable: keys may be added, never renamed).")]

F = TypeVar("F", bound=Callable[..., Any])


def begin_command() -> None:
    """Start-up is over: keep what it made out of every collection from now on, and turn
    the collector back on if __main__ paused it (a test or a library user never does)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def friendly(func: F) -> F:
    """Turn expected failures into one stderr line and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        begin_command()
        try:
            _refuse_undecodable(kwargs)
            return func(*args, **kwargs)
        except SciaticaError as err:  # every expected failure, whichever command raised it
            from ..render.messages import fail

            raise typer.Exit(fail(err)) from None
        except BrokenPipeError:  # `sciatica techniques | head` is not an error
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def _refuse_undecodable(kwargs: dict[str, Any]) -> None:
    """Text given on the command line that is not UTF-8 reaches Python as lone surrogates,
    which SQLite, JSON and every writer refuse deep inside: refuse it here, by name.
    (Paths are left alone: a file name may be any bytes.)"""
    for name, value in kwargs.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for text in values:
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raw = text.encode("utf-8", "surrogateescape").decode("utf-8",
                                                                         "backslashreplace")
                    raise UsageError(f"{_option_name(name)} is not valid UTF-8 text: {raw}; "
                                     "nothing was done") from None


def _option_name(name: str) -> str:
    """How the person typed it: `--note` for an option, `WORDS` for an argument."""
    from importlib import import_module

    context = None
    for module in ("click.globals", "typer._click.globals"):  # Typer vendors Click lately
        try:
            context = import_module(module).get_current_context(silent=True)
            break
        except ImportError:
            continue
    for param in getattr(getattr(context, "command", None), "params", ()):
        if param.name == name and param.param_type_name == "option":
            return param.opts[0]
    return name.upper()


def settings(ctx: typer.Context, color: ColorChoice | None = None) -> Settings:
    root = ctx.find_root().obj
    if not isinstance(root, Settings):
        root = Settings()
    return root.with_color(color)


