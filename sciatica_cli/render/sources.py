"""References (a SourcesView): the text list for a person on a terminal; the text and
Markdown lists and the reference managers' formats exactly as they are made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..textclean import clean

if TYPE_CHECKING:
    from ..settings import Target
    from ..views.sources import SourcesView


def text(view: SourcesView, target: Target) -> None:
    from ..reference_export import numbered_text

    target.stream.write(numbered_text(view.references, view.citations))


def markdown(view: SourcesView, target: Target) -> None:
    from ..reference_export import numbered_markdown

    target.stream.write(numbered_markdown(view.references, view.citations))


def document(view: SourcesView, target: Target) -> None:
    """BibTeX, RIS or CSL-JSON, made by its library when the view was built."""
    target.stream.write(view.document)


LABEL_STYLE = {"Key": "cyan", "Supports": "green", "Does not support": "red"}


def terminal(view: SourcesView, target: Target) -> None:
    """The numbered text list, wrapped with a hanging indent, coloured, and paged like any
    long output."""
    from rich.console import Group, RenderableType
    from rich.text import Text

    from ..textclean import one_line
    from .terminal import Hanging, local_mark, make_console, print_long

    console = make_console(target)
    refs = view.references
    width = len(f"[{refs[-1].number}]") if refs else 0
    parts: list[RenderableType] = []
    for ref, citation in zip(refs, view.citations):
        mark = local_mark(ref.key in view.local)
        parts.append(Hanging(f"[{ref.number}]", Text(clean(one_line(citation))) + mark, "bold",
                             mark_width=width))
        labelled = [("Key", ref.key), ("Supports", ref.source.supports)]
        if ref.source.does_not_support:
            labelled.append(("Does not support", ref.source.does_not_support))
        for label, value in labelled:
            body = Text(f"{label}: ", style=LABEL_STYLE.get(label, "")) + \
                Text(clean(one_line(value)), style="bold" if label == "Key" else "dim")
            parts.append(Hanging("", body, indent=width))
        parts.append(Text(""))
    print_long(console, Group(*parts), use_pager=True)
