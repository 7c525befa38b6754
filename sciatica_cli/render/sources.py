"""Printing references: exports as they are; the text list wrapped for a terminal."""

from __future__ import annotations

import sys

from ..references import Reference
from ..textclean import clean


def raw(text: str) -> None:
    sys.stdout.write(text)


def reference_list(refs: list[Reference], text: str, color: bool) -> None:
    """The numbered text list. On a terminal, wrapped with a hanging indent and coloured;
    piped, exactly the exported text, one reference a line."""
    from ..settings import stdout_is_terminal

    if not stdout_is_terminal():
        sys.stdout.write(text)
        return
    from rich.text import Text

    from .terminal import Hanging, make_console

    console = make_console(color)
    width = len(f"[{refs[-1].number}]") if refs else 0
    for block in text.strip("\n").split("\n\n"):
        first, *rest = block.split("\n")
        number, _, citation = first.partition(" ")
        console.print(Hanging(number, Text(clean(citation)), "bold", mark_width=width))
        for line in rest:
            label, _, value = line.strip().partition(": ")
            style = "green" if label == "Supports" else "red"
            body = Text(f"{label}: ", style=style) + Text(clean(value), style="dim")
            console.print(Hanging("", body, indent=width))
        console.print()
