"""How a run is set up, decided once per command (cli.root builds a Settings; Typer carries
it as ctx.obj): which streams are terminals, colour, widths, where the person's terminal
is, the folders, and the catalog when a command asks for it.

Colour is decided here and nowhere else (tealdeer's rule): `--color` wins, then NO_COLOR,
then whether the stream is a terminal. So is "is this a terminal?": Terminals.detect is
the one place that asks.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from .catalog import Catalog
    from .diary import Diary


class ColorChoice(str, Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@dataclass(frozen=True)
class Terminals:
    """Which standard streams are terminals: asked once per run (`detect`), so every "is
    this a terminal?" in the program reads the same answer, and a test simply states it."""

    stdin: bool = False
    stdout: bool = False
    stderr: bool = False

    @classmethod
    def detect(cls) -> Terminals:
        return cls(_isatty(sys.stdin), _isatty(sys.stdout), _isatty(sys.stderr))


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # closed, or not a file at all
        return False


@dataclass(frozen=True)
class Target:
    """One stream to draw on and how: colour, whether a person reads it on a terminal, its
    width, and whether a long page may go through the pager. Plain data, so a renderer
    needs no Rich to receive one and never asks the stream itself."""

    stream: TextIO
    color: bool
    terminal: bool
    width: int
    pager: bool = False


# Widths, decided here and nowhere else. A COLUMNS that is missing, not a number, zero or
# negative is ignored (the terminal's own width, or 80 off a terminal, is used instead);
# any width ends up between MIN_WIDTH and MAX_WIDTH, so a stray COLUMNS=0 cannot blank a
# page and COLUMNS=99999999 cannot make one take a minute.
MIN_WIDTH = 40
MAX_WIDTH = 200
TEXT_WIDTH = 100  # running text is easier to read on lines no longer than this
STACK_BELOW = 60  # below this, lists show each entry's fields on lines of their own
PIPE_WIDTH = 80


def columns(stream: object = None, terminal: bool = False) -> int:
    """How many columns to draw for on `stream` (a `terminal` or not), within 40-200."""
    raw = os.environ.get("COLUMNS", "").strip()
    width = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    if width <= 0:
        width = (_terminal_width(stream) if terminal else 0) or PIPE_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def _terminal_width(stream: object) -> int:
    """The width of the terminal `stream` is, or 0 when it cannot be told."""
    try:
        return os.get_terminal_size(stream.fileno()).columns  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return 0


@functools.cache
def controlling_terminal() -> TextIO | None:
    try:
        return open("/dev/tty", "w", encoding="utf-8", errors="replace")
    except OSError:  # no controlling terminal (or no such device, as on Windows)
        return None


def decide_color(choice: ColorChoice | None, on_terminal: bool) -> bool:
    """Colour for a stream that is (`on_terminal`) or is not a terminal."""
    if choice is ColorChoice.ALWAYS:
        return True
    if choice is ColorChoice.NEVER:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return on_terminal


_UNSET: Any = object()


class Settings:
    """Everything a command needs to know about how it runs, built once per command by the
    root callback (Typer's ctx.obj) and passed down: colour, which streams are terminals,
    widths, where questions and red flags go, the folders, and the catalog on demand.

    Tests build one directly (`Settings(terminals=Terminals(stdout=True))`) and hand it
    to `CliRunner.invoke(..., obj=...)`; nothing else needs patching."""

    def __init__(self, color_choice: ColorChoice | None = None,
                 data_dirs: list[Path] | None = None, terminals: Terminals | None = None,
                 person: TextIO | None = _UNSET) -> None:
        self.color_choice = color_choice
        self.data_dirs = data_dirs or []
        self.terminals = terminals if terminals is not None else Terminals.detect()
        self._person = person

    def configured(self, color_choice: ColorChoice | None,
                   data_dirs: list[Path] | None) -> Settings:
        """These settings with the root options given on the command line applied."""
        if color_choice is not None:
            self.color_choice = color_choice
        if data_dirs:
            self.data_dirs = list(data_dirs)
        return self

    def with_color(self, choice: ColorChoice | None) -> Settings:
        """A command's own --color overrides the one given before the command name."""
        return self.configured(choice, None)

    # ---- stdout

    @property
    def color(self) -> bool:
        """Colour on stdout."""
        return decide_color(self.color_choice, self.terminals.stdout)

    @property
    def piped(self) -> bool:
        """stdout goes to a file or a program: lists are plain lines (render/plain.py)."""
        return not self.terminals.stdout

    @property
    def interactive(self) -> bool:
        """Someone at a terminal both sees stdout and can type (the routine's keys, the
        check-in's questions)."""
        return self.terminals.stdin and self.terminals.stdout

    @property
    def out(self) -> Target:
        """stdout, as the renderers draw on it."""
        return Target(sys.stdout, self.color, self.terminals.stdout,
                      columns(sys.stdout, self.terminals.stdout),
                      pager=self.terminals.stdout and self.terminals.stdin)

    # ---- the person's terminal

    @property
    def person(self) -> TextIO | None:
        """The person's own terminal, where questions and emergency advice go whatever stdout
        is: stdout if it is a terminal, else stderr if it is one, else the controlling
        terminal (/dev/tty, as ssh and sudo ask for passwords). None when there is no
        terminal at all (cron, CI): then nobody can answer, and advice goes to stderr."""
        if self._person is _UNSET:
            if self.terminals.stdout:
                self._person = sys.stdout
            elif self.terminals.stderr:
                self._person = sys.stderr
            else:
                self._person = controlling_terminal()
        return self._person

    @property
    def can_ask(self) -> bool:
        """Questions can be asked: there is a terminal to show them and stdin to answer."""
        return self.terminals.stdin and self.person is not None

    @property
    def advice(self) -> Target:
        """Where red-flag advice goes: the person's terminal, or stderr when there is none."""
        person = self.person
        stream = person if person is not None else sys.stderr
        on_terminal = person is not None
        return Target(stream, decide_color(self.color_choice, on_terminal), on_terminal,
                      columns(stream, on_terminal))

    # ---- folders and content

    @property
    def content_dirs(self) -> list[Path]:
        """The user's own content folders, in the order they override ours: SCIATICA_DATA,
        then --data-dir."""
        from .content_files import user_data_dirs

        return user_data_dirs(self.data_dirs)

    @property
    def cache_dir(self) -> Path:
        """Where the catalog cache is asked to live (SCIATICA_CACHE_DIR, else the user's
        cache folder); cachedir.py decides whether it is safe to use."""
        from .cachedir import configured_folder

        return configured_folder()

    @property
    def diary_path(self) -> Path:
        from .diary import default_path

        return default_path()

    def diary(self) -> Diary:
        from .diary import Diary

        return Diary(self.diary_path)

    @cached_property
    def catalog(self) -> Catalog:
        from . import cache
        from .render.messages import report_loading

        catalog = cache.load(self.content_dirs, self.cache_dir)
        report_loading(catalog)
        return catalog
