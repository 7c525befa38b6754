"""`sciatica stretch ID`: one stretch as plain lines, with what its drawing shows."""

from __future__ import annotations

import sys
from typing import Any

from ..models import Entry, Stretch
from ..textclean import clean
from ..views.page import dose_line
from ..wording import NOT_A_DIAGNOSIS


def steps(entry: Entry, stretch: Stretch) -> None:
    lines = [f"{clean(stretch.name)} ({clean(stretch.id)}), from `sciatica selfcare {entry.id}`"]
    lines += [f"  {i}) {clean(text)}" for i, text in enumerate(stretch.steps, 1)]
    lines.append(f"  {dose_line(stretch)}")
    lines.append(f"  Stop if: {clean(stretch.stop_if)}")
    if stretch.pose is not None:
        lines += ["", f"Drawing: `sciatica stretch {stretch.id} --figure -o {stretch.id}.svg`"]
    lines += ["", NOT_A_DIAGNOSIS]
    sys.stdout.write("\n".join(lines) + "\n")


def as_json(entry: Entry, stretch: Stretch) -> dict[str, Any]:
    """The stretch as the page's JSON gives it, with its page and its drawing in words."""
    from ..pose import text_alternative
    from .jsonout import plain

    data = plain(stretch)
    if data.get("movements", []) is None:  # as the page gives it: an old file's none is []
        data["movements"] = []
    data["page"] = entry.id
    data["drawing"] = text_alternative(stretch) if stretch.pose is not None else None
    return data
