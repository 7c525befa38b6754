"""The text list of references, wrapped for a terminal (exports go out as they are, by
output.deliver)."""

from __future__ import annotations

import sys
from collections.abc import Collection
from typing import TYPE_CHECKING

from ..page_references import Reference
from ..textclean import clean

if TYPE_CHECKING:
    from ..settings import Target


LABEL_STYLE = {"Key": "cyan", "Supports": "green", "Does not support": "red"}


def reference_list(refs: list[Reference], text: str, out: Target,
                   local: Collection[str] = ()) -> None:
    """The numbered text list. On a terminal, wrapped with a hanging indent, coloured, and
    paged like any long output; piped, exactly the exported text, one reference a line."""
    if not out.terminal:
        sys.stdout.write(text)
        return
    from rich.console import Group
    from rich.text import Text

    from .terminal import Hanging, local_mark, make_console, print_long

    console = make_console(out)
    width = len(f"[{refs[-1].number}]") if refs else 0
    key_of = {f"[{r.number}]": r.key for r in refs}
    parts = []
    for block in text.strip("\n").split("\n\n"):
        first, *rest = block.split("\n")
        number, _, citation = first.partition(" ")
        mark = local_mark(key_of.get(number) in local)
        parts.append(Hanging(number, Text(clean(citation)) + mark, "bold", mark_width=width))
        for line in rest:
            label, _, value = line.strip().partition(": ")
            value_style = "bold" if label == "Key" else "dim"
            body = Text(f"{label}: ", style=LABEL_STYLE.get(label, "")) + \
                Text(clean(value), style=value_style)
            parts.append(Hanging("", body, indent=width))
        parts.append(Text(""))
    print_long(console, Group(*parts), use_pager=True)
