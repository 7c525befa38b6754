"""One question for many yes/no items: "Do any of these apply? Type their numbers, or none."
Asked on the terminal; the answer is the ids of the items chosen."""

from __future__ import annotations

from collections.abc import Sequence

from ..textclean import clean


def parse(answer: str, count: int) -> list[int] | None:
    """1-based numbers typed as "2 5" or "2, 5"; "none" is none; None if not valid."""
    words = answer.replace(",", " ").split()
    if not words:
        return None
    if [w.lower() for w in words] == ["none"]:
        return []
    if not all(w.isdigit() and 1 <= int(w) <= count for w in words):
        return None
    return sorted({int(w) for w in words})


def ask(title: str, items: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """Show the numbered items (id, text) and read which apply, until the answer is valid."""
    import typer

    typer.echo(clean(title))
    width = len(str(len(items)))
    for number, (_, text) in enumerate(items, start=1):
        typer.echo(f"  {number:>{width}}. {clean(text)}")
    while True:
        # No default: holding Enter must not answer "none" for someone it does not fit.
        answer = typer.prompt("Type their numbers (for example: 2 5), or none")
        chosen = parse(answer, len(items))
        if chosen is not None:
            return tuple(items[n - 1][0] for n in chosen)
        typer.echo(f"Please type numbers from 1 to {len(items)}, or none.")
