"""What every command needs to know about how to run: colour, user folders, the catalog.

Colour is decided here and nowhere else (tealdeer's rule): `--color` wins, then NO_COLOR,
then whether stdout is a terminal.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .catalog import Catalog


class ColorChoice(str, Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def stdin_is_terminal() -> bool:
    """Someone can answer questions (the plan's interview, the routine's keys)."""
    return sys.stdin.isatty()


# Widths, decided here and nowhere else. A COLUMNS that is missing, not a number, zero or
# negative is ignored (the terminal's own width, or 80 off a terminal, is used instead);
# any width ends up between MIN_WIDTH and MAX_WIDTH, so a stray COLUMNS=0 cannot blank a
# page and COLUMNS=99999999 cannot make one take a minute.
MIN_WIDTH = 40
MAX_WIDTH = 200
TEXT_WIDTH = 100  # running text is easier to read on lines no longer than this
STACK_BELOW = 60  # below this, lists show each entry's fields on lines of their own
PIPE_WIDTH = 80


def columns(stream: object = None) -> int:
    """How many columns to draw for on `stream` (default stdout), within 40-200."""
    raw = os.environ.get("COLUMNS", "").strip()
    width = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    if width <= 0:
        width = _terminal_width(stream if stream is not None else sys.stdout) or PIPE_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def _terminal_width(stream: object) -> int:
    """The width of the terminal `stream` is, or 0 when it is not one."""
    try:
        if not stream.isatty():  # type: ignore[attr-defined]
            return 0
        return os.get_terminal_size(stream.fileno()).columns  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return 0


def person_terminal() -> TextIO | None:
    """The person's own terminal, where questions and emergency advice go whatever stdout
    is: stdout if it is a terminal, else stderr if it is one, else the controlling terminal
    (/dev/tty, as ssh and sudo ask for passwords). None when there is no terminal at all
    (cron, CI): then nobody can answer, and emergency advice goes to stderr."""
    if stdout_is_terminal():
        return sys.stdout
    if sys.stderr.isatty():
        return sys.stderr
    return controlling_terminal()


@functools.cache
def controlling_terminal() -> TextIO | None:
    try:
        return open("/dev/tty", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError:  # no controlling terminal (or no such device, as on Windows)
        return None


def decide_color(choice: ColorChoice | None, on_terminal: bool | None = None) -> bool:
    """Colour for stdout, or for a stream that is (`on_terminal`) or is not a terminal."""
    if choice is ColorChoice.ALWAYS:
        return True
    if choice is ColorChoice.NEVER:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return stdout_is_terminal() if on_terminal is None else on_terminal


class Settings:
    def __init__(self, color_choice: ColorChoice | None = None,
                 data_dirs: list[Path] | None = None) -> None:
        self.color_choice = color_choice
        self.data_dirs = data_dirs or []

    def with_color(self, choice: ColorChoice | None) -> Settings:
        """A command's own --color overrides the one given before the command name."""
        if choice is None:
            return self
        return Settings(choice, self.data_dirs)

    @property
    def color(self) -> bool:
        return decide_color(self.color_choice)

    def color_on(self, stream: TextIO) -> bool:
        """Colour for another stream than stdout (the person's terminal, stderr)."""
        return decide_color(self.color_choice, stream.isatty())

    @cached_property
    def catalog(self) -> Catalog:
        from . import cache
        from .catalog import user_data_dirs
        from .render.messages import warning, warn_problems

        catalog = cache.load(user_data_dirs(self.data_dirs), warn=warning,
                             warn_problems=warn_problems)
        if catalog.warnings:
            warn_problems(catalog.warnings)
        return catalog
