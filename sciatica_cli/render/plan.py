"""The plan's questions and the plan itself, for a person or as JSON.

The questions and any emergency advice go to the person's terminal (Settings.advice);
the plan, or its JSON, goes to stdout alone.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from ..errors import Stopped
from ..page_references import numbered, short_citation
from ..suitability import GROUP_TITLES
from ..textclean import clean

NOT_FOR_YOU = "Not for you, and why"

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..models import RedFlagTier
    from ..plan import Emergency, Plan, PlanItem, Step
    from ..settings import Target


class Asker:
    """Asks the interview's steps on the person's terminal (`to`) and reads the answers
    from stdin, so a plan sent to a file or a pipe never holds a question."""

    def __init__(self, to: Target) -> None:
        from .terminal import make_console

        self.stream = to.stream
        self.console = make_console(to)
        self.asked = 0

    def __call__(self, step: Step) -> tuple[int, ...]:
        from rich.text import Text

        from ..plan import parse_picks
        from .terminal import TIER_STYLE, Hanging, local_mark

        console = self.console
        self.asked += 1
        if step.number == 1:
            console.print(Text(f"A plan for you in {step.of} step{'s' if step.of != 1 else ''}"
                               ", one answer each.", style="bold"))
            console.print(Text("Each step is a list. Type the numbers of the ones that "
                               "apply to you, like 1 3, or type none."))
        console.print()
        head = Text(f"Step {step.number} of {step.of}: ", style="bold")
        head.append(clean(step.title), style=TIER_STYLE.get(step.tier, "bold"))
        console.print(head)
        console.print(Text(clean(step.lead), style="bold"))
        mark = len(str(len(step.options))) + 1
        for i, option in enumerate(step.options, start=1):
            body = Text(clean(option))
            body.append_text(local_mark(step.local[i - 1:i] == (True,)))
            console.print(Hanging(f"{i}.", body, mark_width=mark))
        prompt = (f"Type 1 to {len(step.options)}: " if step.one
                  else "Type their numbers, or none: ")
        while True:
            answer = self._read(prompt)
            try:
                return parse_picks(answer, step)
            except ValueError as problem:
                console.print(Text(str(problem), style="bold yellow"))

    def _read(self, prompt: str) -> str:
        self.stream.write(prompt)
        self.stream.flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            line = ""
        if not line:  # Ctrl-D, Ctrl-C or the end of the input
            self.stream.write("\n")
            raise Stopped("stopped before every question was answered; no plan was made. "
                          "If you have any sign in `sciatica redflags`, get help now.")
        return line

    def show(self, tier: RedFlagTier) -> None:
        """A tier that is shown but not asked about (routine: book a visit)."""
        from rich.console import Group

        from .terminal import tier_block

        self.console.print()
        self.console.print(Group(*tier_block(tier, note="(nothing to answer here)",
                                      lead="Not urgent, but if any of these apply to you:")))

    def done(self) -> None:
        """Said when the plan goes somewhere other than this screen (a file, a pipe)."""
        from rich.text import Text

        self.console.print()
        self.console.print(Text("Thank you. Your plan went where you sent the output.",
                                style="bold"))


def emergency(found: Emergency, advice: Target, out: Target, as_json: bool,
              local: Collection[str] = ()) -> None:
    """The emergency advice on the person's terminal (stderr if there is none), and, in
    place of a plan, on stdout too: as JSON, or as text when stdout is not that terminal.
    `local` are sign ids from the reader's own folder, marked as such."""
    _advice(found, advice, local)
    if as_json:
        from .jsonout import emit, plain

        emit({"emergency": plain(found.tier), "reported": [s.id for s in found.signs]})
    elif advice.stream is not out.stream:
        _advice(found, out, local)


def _advice(found: Emergency, to: Target, local: Collection[str]) -> None:
    from rich.console import Group
    from rich.text import Text

    from .terminal import make_console, tier_block

    console = make_console(to)
    console.print()
    console.print(Group(*tier_block(found.tier, found.signs, local_signs=local,
                                    lead="You told us about:")))
    console.print(Text("No plan was made: get help first. See `sciatica redflags` for every "
                       "sign.", style="italic"))


def plan_dict(result: Plan, catalog: Catalog) -> dict[str, Any]:
    from ..plan import cited_keys
    from .jsonout import evidence_fields

    number = {r.key: r.number for r in numbered(cited_keys(result), catalog.sources)}

    def refs(keys) -> list[int]:
        return [number[k] for k in keys if k in number]

    def item(part: PlanItem) -> dict[str, Any]:
        e = part.entry
        return {"id": e.id, "kind": e.kind, "name": e.name, "summary": e.summary,
                **evidence_fields(e.best_evidence), "verdict": part.verdict.status,
                "stretches_not_for_you": list(part.stretches_out),
                "cautions": [{"text": f.caution.text, "sources": list(f.caution.sources),
                              "references": refs(f.caution.sources),
                              "conditions": list(f.caution.conditions), "applies": f.applies,
                              "effect": f.effect}
                             for f in part.cautions]}

    return {
        "stage": result.stage,
        "conditions": list(result.conditions),
        "urgent": [{"id": s.id, "text": s.text} for s in result.urgent],
        "start_today": [item(p) for p in result.start_today],
        "ask_about": [item(p) for p in result.ask_about],
        "sections": [{"id": group, "title": GROUP_TITLES[group],
                      "items": [p.entry.id for p in items]} for group, items in result.sections],
        "not_for_you": [{"id": n.id, "kind": n.kind, "name": n.name, "page": n.page,
                         "reasons": [{"text": r.text, "condition": r.condition,
                                      "sources": list(r.sources), "references": refs(r.sources)}
                                     for r in n.verdict.reasons]}
                        for n in result.not_for_you],
        "advice": [{"condition": c.id, "text": c.advice} for c in result.advice],
        "references": [{"number": r.number, "key": r.key, "citation": short_citation(r.source)}
                       for r in numbered(cited_keys(result), catalog.sources)],
    }


def plan(result: Plan, catalog: Catalog, out: Target, as_json: bool) -> None:
    if as_json:
        from .jsonout import emit

        emit(plan_dict(result, catalog))
        return
    from rich.console import Group
    from rich.text import Text

    from ..plan import cited_keys
    from .terminal import (Hanging, heading, make_console, reference_lines, reminder_line,
                           tier_block)

    console = make_console(out)
    refs = numbered(cited_keys(result), catalog.sources)
    number = {r.key: r.number for r in refs}

    def cited(body: Text, keys) -> Text:
        cite = [str(number[k]) for k in keys if k in number]
        if cite:
            body.append(f" [{', '.join(cite)}]", style="dim")
        return body

    names = [catalog.conditions[c].name.lower() for c in result.conditions]
    stage = ("acute: under 6 weeks" if result.stage == "acute" else "chronic: 6 weeks or more")
    title = Text("Your plan", style="bold") + Text(f"  ({stage}", style="dim")
    title.append(f"; you told us: {', '.join(names)})" if names else ")", style="dim")
    console.print(title)
    if result.urgent:
        tier = next(t for t in catalog.redflags.tiers if t.id == "urgent")
        console.print(Group(*tier_block(tier, result.urgent,
                                        local_signs=catalog.redflag_marks.signs)))
    for cond in result.advice:
        console.print(Hanging("!", Text(f"{clean(cond.name)}: ", style="bold red")
                              + Text(clean(cond.advice or "")), "bold red"))
    hints = {"technique": "techniques", "selfcare": "selfcare"}
    for group, part in result.sections:
        console.print()
        console.print(heading(GROUP_TITLES[group]))
        if group == "massage":
            console.print(Text("NICE says massage may be tried only as part of a plan that "
                               "includes exercise. Ask a massage therapist about:", style="dim"))
        if not part:
            console.print(Text("Nothing here for you at this stage.", style="dim"))
        for i, item in enumerate(part, start=1):
            entry = item.entry
            line = Text(f"{clean(entry.name)}", style="bold") + Text(
                f"  (best evidence: {entry.best_evidence.label}; "
                f"sciatica {hints.get(entry.kind, entry.kind)} {entry.id})", style="dim")
            console.print(Hanging(f"{i}.", line))
            console.print(Hanging("", Text(clean(entry.summary)), indent=2))
            if item.stretches_out:
                console.print(Hanging("!", Text("Some of its stretches are not for you: see "
                                                "\"Not for you, and why\" below.",
                                                style="bold"), "bold red", indent=2))
            for found in item.cautions:
                body = cited(Text(clean(found.caution.text)), found.caution.sources)
                if found.applies:
                    label = "Change it for you: " if found.effect == "adapted" else "For you: "
                    body = Text(label, style="bold red") + body
                console.print(Hanging("!" if found.applies else "·", body,
                                      "bold red" if found.applies else "dim", indent=2))
    if result.not_for_you:
        console.print()
        console.print(heading(NOT_FOR_YOU))
        for out in result.not_for_you:
            what = "a stretch on" if out.kind == "stretch" else "see"
            console.print(Hanging("×", Text(clean(out.name), style="bold") + Text(
                f"  ({what} sciatica selfcare {out.page})" if out.kind != "technique"
                else f"  (sciatica techniques {out.page})", style="dim"), "bold red"))
            for reason in out.verdict.reasons:
                console.print(Hanging("", cited(Text(clean(reason.text)), reason.sources),
                                      indent=2))
    if refs:
        console.print()
        console.print(heading("Sources"))
        for line in reference_lines(refs, catalog.local_sources):
            console.print(line)
    console.print()
    console.print(reminder_line())
