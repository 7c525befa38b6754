"""Lists for pipes and scripts: one item a line, tab-separated, written as they are.

No Rich here: `sciatica techniques | cut -f1` should start as fast as `--json`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..textclean import field

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..models import ListItem
    from ..search import Hit


def rows(lines: Iterable[tuple[str, ...]]) -> None:
    sys.stdout.write("".join("\t".join(field(v) for v in row) + "\n" for row in lines))
    sys.stdout.flush()


def entry_list(lines: list[ListItem]) -> None:
    rows((line.id, line.name, line.best_evidence.label, line.summary) for line in lines)


def hits(found: list[Hit]) -> None:
    rows((h.id, h.name, h.passage) for h in found)


def paths(catalog: Catalog) -> None:
    """Entries, then what else came from a user folder: `redflag:ID` (a sign added or
    changed), `redflag-tier:ID` (a tier's title or action) and `source:KEY`."""
    marks = catalog.redflag_marks
    rows([*((entry_id, "local" if entry_id in catalog.local_ids else "bundled", str(path))
            for entry_id, path in catalog.origins.items()),
          *((f"redflag-tier:{tier}", "local", path) for tier, path in marks.tiers.items()),
          *((f"redflag:{sign}", "local", path) for sign, path in marks.signs.items()),
          *((f"source:{key}", "local", path) for key, path in catalog.local_sources.items())])
