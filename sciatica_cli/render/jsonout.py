"""The `--json` shapes, documented in the README. Stable: add keys, never rename them.

This module must not import Rich: `--json` is for scripts and should start fast.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from ..catalog import Catalog
from ..models import Entry, Headline, ListItem, LocalRedFlagMarks, RedFlags, attribute_keys
from ..page_references import for_entry, short_citation

if TYPE_CHECKING:
    from ..search import Hit
    from ..suitability import Decision


def plain(value: Any) -> Any:
    """Content (named tuples, tuples) as JSON-ready dicts and lists, all the way down."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def emit(data: Any) -> None:
    # Written as it is encoded: a list of thousands never sits in memory as one string.
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def evidence_fields(best: Headline) -> dict[str, Any]:
    """A headline grade as JSON: the grade, whom it comes from, and the words a reader sees."""
    return {"evidence": best.grade, "evidence_population": best.population,
            "evidence_label": best.label}


def list_item(line: ListItem) -> dict[str, Any]:
    return {
        "id": line.id,
        "kind": line.kind,
        "name": line.name,
        "summary": line.summary,
        **evidence_fields(line.best_evidence),
        "local": line.local,
    }


def page(entry: Entry, catalog: Catalog) -> dict[str, Any]:
    from ..suitability import effect_of, group_of

    data = plain(entry)
    # What each caution does, as the guide reads it (an old file's missing effect included).
    for caution, shown in zip(entry.cautions, data["cautions"]):
        shown["effect"] = effect_of(caution)
    for shown in data["stretches"]:
        shown["movements"] = shown["movements"] if shown["movements"] is not None else []
    data["group"] = group_of(entry)
    data.update(evidence_fields(entry.best_evidence))
    data["local"] = entry.id in catalog.local_ids
    data["references"] = [
        {"number": ref.number, "key": ref.key, "citation": short_citation(ref.source),
         "doi": ref.source.doi, "url": ref.source.url,
         "local": ref.key in catalog.local_sources}
        for ref in for_entry(entry, catalog.sources)
    ]
    return data


def compare(entries: list[Entry], catalog: Catalog,
            decision: Decision | None = None) -> dict[str, Any]:
    keys = attribute_keys(entries)

    def verdict(e: Entry) -> dict[str, Any]:
        v = decision.verdict(e.id) if decision else None
        return {"status": v.status if v else "in",
                "reasons": [{"text": r.text, "condition": r.condition, "sources": list(r.sources)}
                            for r in (v.reasons if v else ())]}

    return {
        "attributes": keys,
        "conditions": list(decision.person.conditions) if decision else [],
        "entries": [
            {**list_item(ListItem.of(e, e.id in catalog.local_ids)),
             "attributes": {k: e.attributes.get(k) for k in keys},
             "cautions": [c.text for c in e.cautions],
             "for_you": verdict(e)}
            for e in entries
        ],
    }


def redflags(flags: RedFlags, marks: LocalRedFlagMarks | None = None) -> dict[str, Any]:
    """The red flags; `local` marks a tier (its title or action) or a sign from a user's
    own folder, and `replaced_by` names the file that replaced ours whole, if one did."""
    marks = marks or LocalRedFlagMarks()
    data = plain(flags)
    for tier, shown in zip(flags.tiers, data["tiers"]):
        shown["local"] = tier.id in marks.tiers
        for sign in shown["signs"]:
            sign["local"] = sign["id"] in marks.signs
    data["replaced_by"] = marks.replaced_by
    return data


def hits(found: list[Hit]) -> list[dict[str, Any]]:
    return [
        {"id": h.id, "kind": h.kind, "name": h.name, "tier": h.tier,
         "score": float(f"{h.score:.3g}"), "field": h.field, "passage": h.passage}
        for h in found
    ]


def paths(catalog: Catalog) -> dict[str, Any]:
    return {
        "folders": [
            {"path": str(folder), "bundled": i == 0, "exists": folder.is_dir(),
             "entries": [k for k in catalog.origins if catalog.folder_of(k) == folder]}
            for i, folder in enumerate(catalog.folders)
        ],
        "entries": [
            {"id": entry_id, "path": str(path), "local": entry_id in catalog.local_ids}
            for entry_id, path in catalog.origins.items()
        ],
        "redflags": {
            "files": list(catalog.redflag_marks.files),
            "replaced_by": catalog.redflag_marks.replaced_by,
            "tiers": [{"id": k, "path": v} for k, v in catalog.redflag_marks.tiers.items()],
            "signs": [{"id": k, "path": v} for k, v in catalog.redflag_marks.signs.items()],
        },
        "sources": [{"key": k, "path": v} for k, v in catalog.local_sources.items()],
    }


def lint_report(report) -> dict[str, Any]:
    return {
        "errors": report.errors,
        "warnings": report.warnings,
        "problems": [
            {"path": str(p.path), "line": p.line, "code": p.code, "severity": p.severity,
             "message": p.message}
            for p in report.problems
        ],
    }
