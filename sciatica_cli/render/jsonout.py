"""The `--json` shapes, documented in the README. Stable: add keys, never rename them.

This module must not import Rich: `--json` is for scripts and should start fast.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ..models import Headline, ListItem
from ..page_references import short_citation

if TYPE_CHECKING:
    from ..diary import CheckIn, DiaryEntry
    from ..outcomes import DiaryView
    from ..plan import PlanItem
    from ..settings import Target
    from ..suitability import Verdict
    from ..views.compare import CompareView
    from ..views.diary import CheckInsView, DiaryEntriesView
    from ..views.entries import EntryListView, EntryPage
    from ..views.paths import PathsView
    from ..views.plan import EmergencyView, PlanView
    from ..views.redflags import RedFlagsView
    from ..views.routine import RefusedView, RoutineView
    from ..views.search import SearchView
    from ..views.stretch import StretchView


def plain(value: Any) -> Any:
    """Content (named tuples, tuples) as JSON-ready dicts and lists, all the way down."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def emit(data: Any, stream: TextIO | None = None) -> None:
    # Written as it is encoded: a list of thousands never sits in memory as one string.
    stream = stream or sys.stdout
    json.dump(data, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


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


def entry_list(view: EntryListView, target: Target) -> None:
    emit([list_item(line) for line in view.items], target.stream)


def page(view: EntryPage, target: Target) -> None:
    from ..suitability import effect_of, group_of

    entry, shown_page = view.entry, view.page
    data = plain(entry)
    # What each caution does, as the guide reads it (an old file's missing effect included).
    for caution, shown in zip(entry.cautions, data["cautions"]):
        shown["effect"] = effect_of(caution)
    for shown in data["stretches"]:
        shown["movements"] = shown["movements"] if shown["movements"] is not None else []
    data["group"] = group_of(entry)
    data.update(evidence_fields(entry.best_evidence))
    data["local"] = shown_page.local
    data["references"] = [
        {"number": ref.number, "key": ref.key, "citation": short_citation(ref.source),
         "doi": ref.source.doi, "url": ref.source.url,
         "local": ref.key in shown_page.local_sources}
        for ref in shown_page.references
    ]
    emit(data, target.stream)


def compare(view: CompareView, target: Target) -> None:
    def verdict(v: Verdict | None) -> dict[str, Any]:
        return {"status": v.status if v else "in",
                "reasons": [{"text": r.text, "condition": r.condition, "sources": list(r.sources)}
                            for r in (v.reasons if v else ())]}

    emit({
        "attributes": list(view.attributes),
        "conditions": list(view.conditions),
        "entries": [
            {**list_item(c.item),
             "attributes": {k: c.attributes.get(k) for k in view.attributes},
             "cautions": list(c.cautions),
             "for_you": verdict(c.for_you)}
            for c in view.columns
        ],
    }, target.stream)


def redflags(view: RedFlagsView, target: Target) -> None:
    """The red flags; `local` marks a tier (its title or action) or a sign from a user's
    own folder, and `replaced_by` names the file that replaced ours whole, if one did."""
    marks = view.marks
    data = plain(view.flags)
    for tier, shown in zip(view.flags.tiers, data["tiers"]):
        shown["local"] = tier.id in marks.tiers
        for sign in shown["signs"]:
            sign["local"] = sign["id"] in marks.signs
    data["replaced_by"] = marks.replaced_by
    emit(data, target.stream)


def hits(view: SearchView, target: Target) -> None:
    emit([{"id": h.id, "kind": h.kind, "name": h.name, "tier": h.tier,
           "score": float(f"{h.score:.3g}"), "field": h.field, "passage": h.passage}
          for h in view.hits], target.stream)


def paths(view: PathsView, target: Target) -> None:
    emit({
        "folders": [{"path": f.path, "bundled": f.bundled, "exists": f.exists,
                     "entries": list(f.entries)} for f in view.folders],
        "entries": [{"id": o.name, "path": o.path, "local": o.local} for o in view.entries],
        "redflags": {
            "files": list(view.redflag_files),
            "replaced_by": view.redflags_replaced_by,
            "tiers": [{"id": o.name, "path": o.path} for o in view.redflag_tiers],
            "signs": [{"id": o.name, "path": o.path} for o in view.redflag_signs],
        },
        "sources": [{"key": o.name, "path": o.path} for o in view.sources],
    }, target.stream)


def plan(view: PlanView, target: Target) -> None:
    from ..suitability import GROUP_TITLES

    result = view.plan

    def item(part: PlanItem) -> dict[str, Any]:
        e = part.entry
        return {"id": e.id, "kind": e.kind, "name": e.name, "summary": e.summary,
                **evidence_fields(e.best_evidence), "verdict": part.verdict.status,
                "stretches_not_for_you": list(part.stretches_out),
                "cautions": [{"text": f.caution.text, "sources": list(f.caution.sources),
                              "references": view.numbers(f.caution.sources),
                              "conditions": list(f.caution.conditions), "applies": f.applies,
                              "effect": f.effect}
                             for f in part.cautions]}

    emit({
        "stage": result.stage,
        "conditions": list(result.conditions),
        "urgent": [{"id": s.id, "text": s.text} for s in result.urgent],
        "start_today": [item(p) for p in result.start_today],
        "ask_about": [item(p) for p in result.ask_about],
        "sections": [{"id": group, "title": GROUP_TITLES[group],
                      "items": [p.entry.id for p in items]} for group, items in result.sections],
        "not_for_you": [{"id": n.id, "kind": n.kind, "name": n.name, "page": n.page,
                         "reasons": [{"text": r.text, "condition": r.condition,
                                      "sources": list(r.sources),
                                      "references": view.numbers(r.sources)}
                                     for r in n.verdict.reasons]}
                        for n in result.not_for_you],
        "advice": [{"condition": c.id, "text": c.advice} for c in result.advice],
        "references": [{"number": r.number, "key": r.key, "citation": short_citation(r.source)}
                       for r in view.references],
    }, target.stream)


def emergency(view: EmergencyView, target: Target) -> None:
    """In place of a plan: the emergency tier and the signs the reader reported."""
    emit({"emergency": plain(view.tier), "reported": [s.id for s in view.signs]}, target.stream)


def routine(view: RoutineView, target: Target) -> None:
    emit([{"stretch": s.stretch.id, "name": s.stretch.name, "page": s.entry.id,
           "side": s.side, "rep": s.rep, "reps": s.reps,
           "hold_seconds": s.stretch.hold_seconds, "rest_seconds": s.stretch.rest_seconds,
           "steps": list(s.stretch.steps), "stop_if": s.stretch.stop_if} for s in view.steps],
         target.stream)


def refused(view: RefusedView, target: Target) -> None:
    """Nothing was run: the reasons went to stderr, and the steps run are none."""
    emit([], target.stream)


def stretch(view: StretchView, target: Target) -> None:
    """The stretch as the page's JSON gives it, with its page and its drawing in words."""
    from ..pose import text_alternative

    data = plain(view.stretch)
    if data.get("movements", []) is None:  # as the page gives it: an old file's none is []
        data["movements"] = []
    data["page"] = view.page
    data["drawing"] = (text_alternative(view.stretch) if view.stretch.pose is not None
                       else None)
    emit(data, target.stream)


# ---------------------------------------------------------------------------- the diary


def entry_dict(entry: DiaryEntry) -> dict[str, Any]:
    return {"id": entry.id, "at": entry.at, "pain": entry.pain, "places": list(entry.places),
            "numbness": entry.numbness, "did": list(entry.did), "note": entry.note,
            "red_flags": list(entry.red_flags), "leg_pain": entry.leg_pain,
            "back_pain": entry.back_pain, "side": entry.side}


def view_dict(view: DiaryView) -> dict[str, Any]:
    from ..outcomes import pgic_label

    p = view.progress
    return {
        "days": [{"date": d.date, "average_pain": round(d.average_pain, 2), "did": list(d.did),
                  "red_flags": [sign.id for sign in d.red_flags]} for d in view.days],
        "weeks": {"this": view.this_week, "last": view.last_week},
        "changes": [{"measure": c.measure.key, "top": c.measure.top, "baseline": c.baseline,
                     "baseline_at": c.baseline_at, "latest": c.latest,
                     "latest_at": c.latest_at, "change": c.change,
                     "percent": None if c.percent is None else round(c.percent, 1),
                     "values": c.values, "verdict": c.verdict, "rule": c.rule}
                    for c in p.changes],
        "last_pgic": None if p.last_pgic is None else {"score": p.last_pgic,
                                                        "answer": pgic_label(p.last_pgic)},
        "advice": [{"text": a.text, "quote": a.quote, "source": a.source, "where": a.where}
                   for a in p.advice],
        "checkin_due": p.checkin_due,
    }


def checkin_dict(c: CheckIn) -> dict[str, Any]:
    from ..outcomes import SBI_ITEMS, pgic_label

    sbi: dict[str, int] = {item.key: value for item, value in zip(SBI_ITEMS, c.sbi)}
    sbi["total"] = c.sbi_total
    return {"id": c.id, "at": c.at, "sbi": sbi,
            "pgic": None if c.pgic is None else {"score": c.pgic, "answer": pgic_label(c.pgic)},
            "note": c.note}


def diary_entries(view: DiaryEntriesView, target: Target) -> None:
    emit([entry_dict(e) for e in view.entries], target.stream)


def diary(view: DiaryView, target: Target) -> None:
    emit(view_dict(view), target.stream)


def checkins(view: CheckInsView, target: Target) -> None:
    emit([checkin_dict(c) for c in view.checkins], target.stream)


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
