"""The plan's questions and the plan itself, for a person or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..references import numbered, short_citation
from ..textclean import clean

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..plan import Emergency, Plan, PlanItem


def ask_yes_no(question: str) -> bool:
    import typer

    return typer.confirm(clean(question), default=False)


def emergency(found: Emergency, color: bool, as_json: bool) -> None:
    if as_json:
        from .jsonout import emit, plain

        emit({"emergency": plain(found.tier), "reported": [s.id for s in found.signs]})
        return
    from rich.text import Text

    from .terminal import Hanging, make_console

    console = make_console(color)
    console.print()
    console.print(Text(f" {clean(found.tier.title)} ", style="bold white on red"))
    console.print(Text(clean(found.tier.action), style="bold"))
    for sign in found.tier.signs:
        console.print(Hanging("•", Text(clean(sign.text))))


def plan_dict(result: Plan, catalog: Catalog) -> dict[str, Any]:
    from ..plan import cited_keys

    number = {r.key: r.number for r in numbered(cited_keys(result), catalog.sources)}

    def item(part: PlanItem) -> dict[str, Any]:
        e = part.entry
        return {"id": e.id, "kind": e.kind, "name": e.name, "summary": e.summary,
                "evidence": e.best_evidence,
                "cautions": [{"text": f.caution.text, "sources": list(f.caution.sources),
                              "references": [number[k] for k in f.caution.sources if k in number],
                              "conditions": list(f.caution.conditions), "applies": f.applies}
                             for f in part.cautions]}

    return {
        "stage": result.stage,
        "conditions": list(result.conditions),
        "urgent": [{"id": s.id, "text": s.text} for s in result.urgent],
        "start_today": [item(p) for p in result.start_today],
        "ask_about": [item(p) for p in result.ask_about],
        "references": [{"number": r.number, "key": r.key, "citation": short_citation(r.source)}
                       for r in numbered(cited_keys(result), catalog.sources)],
    }


def plan(result: Plan, catalog: Catalog, color: bool, as_json: bool) -> None:
    if as_json:
        from .jsonout import emit

        emit(plan_dict(result, catalog))
        return
    from rich.text import Text

    from ..plan import cited_keys
    from .terminal import Hanging, heading, make_console, reference_lines, reminder_line

    console = make_console(color)
    refs = numbered(cited_keys(result), catalog.sources)
    number = {r.key: r.number for r in refs}
    names = [catalog.conditions[c].name.lower() for c in result.conditions]
    stage = ("acute: under 6 weeks" if result.stage == "acute" else "chronic: 6 weeks or more")
    title = Text("Your plan", style="bold") + Text(f"  ({stage}", style="dim")
    title.append(f"; you told us: {', '.join(names)})" if names else ")", style="dim")
    console.print(title)
    if result.urgent:
        tier = next(t for t in catalog.redflags.tiers if t.id == "urgent")
        console.print(Text(f" {clean(tier.title)} ", style="bold black on yellow"))
        console.print(Text(clean(tier.action), style="bold"))
        for sign in result.urgent:
            console.print(Hanging("•", Text(clean(sign.text))))
    for label, part, hint in (
        ("Start today", result.start_today, "selfcare"),
        ("Ask a massage therapist about", result.ask_about, "techniques"),
    ):
        console.print()
        console.print(heading(label))
        if not part:
            console.print(Text("Nothing for this stage.", style="dim"))
        for i, item in enumerate(part, start=1):
            entry = item.entry
            line = Text(f"{clean(entry.name)}", style="bold") + Text(
                f"  (best evidence: {entry.best_evidence.replace('-', ' ')}; "
                f"sciatica {hint} {entry.id})", style="dim")
            console.print(Hanging(f"{i}.", line))
            console.print(Hanging("", Text(clean(entry.summary)), indent=2))
            for found in item.cautions:
                cite = [str(number[k]) for k in found.caution.sources if k in number]
                body = Text(clean(found.caution.text))
                if cite:
                    body.append(f" [{', '.join(cite)}]", style="dim")
                if found.applies:
                    body = Text("For you: ", style="bold red") + body
                console.print(Hanging("!" if found.applies else "·", body,
                                      "bold red" if found.applies else "dim", indent=2))
    if refs:
        console.print()
        console.print(heading("Sources"))
        for line in reference_lines(refs):
            console.print(line)
    console.print()
    console.print(reminder_line())
