"""`sciatica stretch ID`: one stretch as plain lines, with what its drawing shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..textclean import clean
from ..views.page import dose_line
from ..wording import NOT_A_DIAGNOSIS

if TYPE_CHECKING:
    from ..settings import Target
    from ..views.stretch import StretchView


def steps(view: StretchView, target: Target) -> None:
    stretch = view.stretch
    lines = [f"{clean(stretch.name)} ({clean(stretch.id)}), from `sciatica selfcare {view.page}`"]
    lines += [f"  {i}) {clean(text)}" for i, text in enumerate(stretch.steps, 1)]
    lines.append(f"  {dose_line(stretch)}")
    lines.append(f"  Stop if: {clean(stretch.stop_if)}")
    if stretch.pose is not None:
        lines += ["", f"Drawing: `sciatica stretch {stretch.id} --figure -o {stretch.id}.svg`"]
    lines += ["", NOT_A_DIAGNOSIS]
    target.stream.write("\n".join(lines) + "\n")
