"""`sciatica stretch ID`: one stretch as plain lines, with what its drawing shows."""

from __future__ import annotations

import sys

from ..models import Entry, Stretch
from ..textclean import clean


def steps(entry: Entry, stretch: Stretch) -> None:
    lines = [f"{clean(stretch.name)} ({clean(stretch.id)}), from `sciatica selfcare {entry.id}`"]
    lines += [f"  {i}) {clean(text)}" for i, text in enumerate(stretch.steps, 1)]
    lines.append(f"  {dose(stretch)}")
    lines.append(f"  Stop if: {clean(stretch.stop_if)}")
    if stretch.pose is not None:
        lines += ["", f"Drawing: `sciatica stretch {stretch.id} --figure -o {stretch.id}.svg`"]
    lines += ["", "This guide is not a diagnosis. If something feels wrong, run "
              "`sciatica redflags` to see when to get help now."]
    sys.stdout.write("\n".join(lines) + "\n")


def dose(stretch: Stretch) -> str:
    hold = (f"Hold {stretch.hold_seconds} seconds" if stretch.hold_seconds >= 5
            else "Move slowly, no hold")
    side = ", each side" if stretch.sides == "both" else ""
    return (f"{hold}. Do it {stretch.repetitions} times{side}. "
            f"Rest {stretch.rest_seconds} seconds between.")
