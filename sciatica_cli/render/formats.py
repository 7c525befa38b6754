"""The one table from a view and an output format to its renderer, and the one place a
format is chosen.

A renderer is `function(view, target)`: it lays the view out on `target` (a
settings.Target: the stream, colour, terminal or not, width, pager). The table names each
renderer as "module:function" in render/ and imports only the one asked for, so `--json`
never loads Rich and a pipe never loads what only a terminal needs. Add a format by adding
its rows here (tests/test_formats.py checks
every row resolves and every view has JSON and a terminal form).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..settings import Settings, Target


class Output(str, Enum):
    TERMINAL = "terminal"  # for a person: Rich, wrapped, coloured when asked
    PLAIN = "plain"        # for a pipe: one item a line, tab-separated
    JSON = "json"          # for a script: the stable shapes in render/jsonout.py
    TEXT = "text"          # sources: a citation style, as plain text
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"


# (view class name, format) -> "module:function" in sciatica_cli.render
RENDERERS: dict[tuple[str, Output], str] = {
    ("IntroView", Output.TERMINAL): "terminal:intro",  # a person's screen: no JSON form
    ("EntryPage", Output.TERMINAL): "terminal:page",
    ("EntryPage", Output.JSON): "jsonout:page",
    ("EntryListView", Output.TERMINAL): "terminal:entry_list",
    ("EntryListView", Output.PLAIN): "plain:entry_list",
    ("EntryListView", Output.JSON): "jsonout:entry_list",
    ("CompareView", Output.TERMINAL): "terminal:compare",
    ("CompareView", Output.JSON): "jsonout:compare",
    ("RedFlagsView", Output.TERMINAL): "terminal:redflags",
    ("RedFlagsView", Output.JSON): "jsonout:redflags",
    ("SearchView", Output.TERMINAL): "terminal:hits",
    ("SearchView", Output.PLAIN): "plain:hits",
    ("SearchView", Output.JSON): "jsonout:hits",
    ("PathsView", Output.TERMINAL): "terminal:paths",
    ("PathsView", Output.PLAIN): "plain:paths",
    ("PathsView", Output.JSON): "jsonout:paths",
    ("PlanView", Output.TERMINAL): "plan:plan",
    ("PlanView", Output.JSON): "jsonout:plan",
    ("EmergencyView", Output.TERMINAL): "plan:advice",
    ("EmergencyView", Output.JSON): "jsonout:emergency",
    ("RoutineView", Output.PLAIN): "routine:steps",
    ("RoutineView", Output.JSON): "jsonout:routine",
    ("RefusedView", Output.PLAIN): "routine:refused",
    ("RefusedView", Output.JSON): "jsonout:refused",
    ("StretchView", Output.PLAIN): "stretch:steps",
    ("StretchView", Output.JSON): "jsonout:stretch",
    ("DiaryEntriesView", Output.TERMINAL): "diary:table",
    ("DiaryEntriesView", Output.PLAIN): "diary:plain_list",
    ("DiaryEntriesView", Output.JSON): "jsonout:diary_entries",
    ("DiaryView", Output.TERMINAL): "diary:chart",
    ("DiaryView", Output.JSON): "jsonout:diary",
    ("CheckInsView", Output.PLAIN): "diary:checkin_lines",
    ("CheckInsView", Output.JSON): "jsonout:checkins",
    ("SourcesView", Output.TERMINAL): "sources:terminal",
    ("SourcesView", Output.TEXT): "sources:text",
    ("SourcesView", Output.MARKDOWN): "sources:markdown",
    ("SourcesView", Output.BIBTEX): "sources:document",
    ("SourcesView", Output.RIS): "sources:document",
    ("SourcesView", Output.CSL_JSON): "sources:document",
}


def formats_of(view_name: str) -> set[Output]:
    return {fmt for name, fmt in RENDERERS if name == view_name}


def choose(view: object, target: Target, asked: Output | None = None,
           as_json: bool = False) -> Output:
    """The format for `view` on `target`: JSON for --json; else what was asked for, except
    that a view with a terminal form gets it on a terminal when nothing or only the default
    text form was asked for; off a terminal, a view with a plain form gets it when nothing
    was asked for."""
    if as_json:
        return Output.JSON
    known = formats_of(type(view).__name__)
    if asked in (None, Output.TEXT) and target.terminal and Output.TERMINAL in known:
        return Output.TERMINAL
    if asked is None:
        return Output.PLAIN if Output.PLAIN in known else Output.TERMINAL
    return asked


def renderer(view: object, fmt: Output) -> Callable[[Any, Target], None]:
    name = type(view).__name__
    try:
        module, function = RENDERERS[(name, fmt)].split(":")
    except KeyError:
        raise LookupError(f"no {fmt.value} renderer for {name}") from None
    return getattr(import_module(f".{module}", __package__), function)


def show(view: object, fmt: Output, target: Target) -> None:
    """Lay `view` out in `fmt` on `target`."""
    renderer(view, fmt)(view, target)


def present(view: object, settings: Settings, as_json: bool = False,
            asked: Output | None = None) -> None:
    """A command's last step: `view` on stdout, in the format chosen for it."""
    target = settings.out
    show(view, choose(view, target, asked, as_json), target)


def rendered(view: object, fmt: Output) -> str:
    """`view` in `fmt` as text, for a file (-o): no terminal, no colour."""
    from io import StringIO

    from ..settings import PIPE_WIDTH, Target

    buffer = StringIO()
    show(view, fmt, Target(buffer, color=False, terminal=False, width=PIPE_WIDTH))
    return buffer.getvalue()
