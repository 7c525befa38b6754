"""Lists for pipes and scripts: one item a line, tab-separated, written as they are.

No Rich here: `sciatica techniques | cut -f1` should start as fast as `--json`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from ..textclean import field

if TYPE_CHECKING:
    from ..settings import Target
    from ..views.entries import EntryListView
    from ..views.paths import PathsView
    from ..views.search import SearchView


def rows(lines: Iterable[tuple[str, ...]], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write("".join("\t".join(field(v) for v in row) + "\n" for row in lines))
    stream.flush()


def entry_list(view: EntryListView, target: Target) -> None:
    rows(((line.id, line.name, line.best_evidence.label, line.summary) for line in view.items),
         target.stream)


def hits(view: SearchView, target: Target) -> None:
    rows(((h.id, h.name, h.passage) for h in view.hits), target.stream)


def paths(view: PathsView, target: Target) -> None:
    """Entries, then what else came from a user folder: `redflag:ID` (a sign added or
    changed), `redflag-tier:ID` (a tier's title or action) and `source:KEY`."""
    rows([*((o.name, "local" if o.local else "bundled", o.path) for o in view.entries),
          *((f"redflag-tier:{o.name}", "local", o.path) for o in view.redflag_tiers),
          *((f"redflag:{o.name}", "local", o.path) for o in view.redflag_signs),
          *((f"source:{o.name}", "local", o.path) for o in view.sources)], target.stream)
