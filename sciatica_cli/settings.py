"""What every command needs to know about how to run: colour, user folders, the catalog.

Colour is decided here and nowhere else (tealdeer's rule): `--color` wins, then NO_COLOR,
then whether stdout is a terminal.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

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


def decide_color(choice: ColorChoice | None) -> bool:
    if choice is ColorChoice.ALWAYS:
        return True
    if choice is ColorChoice.NEVER:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return stdout_is_terminal()


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

    @cached_property
    def catalog(self) -> Catalog:
        from . import cache
        from .catalog import user_data_dirs

        catalog = cache.load(user_data_dirs(self.data_dirs))
        if catalog.warnings:
            from .render.messages import warn_problems

            warn_problems(catalog.warnings)
        return catalog
