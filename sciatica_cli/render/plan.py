"""The plan's questions, the emergency advice, and the plan itself, for a person.

The questions and any emergency advice go to the person's terminal (Settings.advice);
the plan, or its JSON (render/jsonout.py), goes to stdout alone.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..errors import Stopped
from ..suitability import GROUP_TITLES
from ..textclean import clean

NOT_FOR_YOU = "Not for you, and why"

if TYPE_CHECKING:
    from ..models import RedFlagTier
    from ..plan import Step
    from ..settings import Target
    from ..views.plan import EmergencyView, PlanView


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


def advice(view: EmergencyView, target: Target) -> None:
    """The emergency advice given in place of a plan."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import make_console, tier_block

    console = make_console(target)
    console.print()
    console.print(Group(*tier_block(view.tier, view.signs, local_signs=view.local_signs,
                                    lead="You told us about:")))
    console.print(Text("No plan was made: get help first. See `sciatica redflags` for every "
                       "sign.", style="italic"))


def plan(view: PlanView, target: Target) -> None:
    from rich.console import Group
    from rich.text import Text

    from .terminal import (
        Hanging,
        heading,
        make_console,
        reference_lines,
        reminder_line,
        tier_block,
    )

    console = make_console(target)
    result = view.plan

    def cited(body: Text, keys) -> Text:
        cite = [str(n) for n in view.numbers(keys)]
        if cite:
            body.append(f" [{', '.join(cite)}]", style="dim")
        return body

    names = [name.lower() for name in view.condition_names]
    stage = ("acute: under 6 weeks" if result.stage == "acute" else "chronic: 6 weeks or more")
    title = Text("Your plan", style="bold") + Text(f"  ({stage}", style="dim")
    title.append(f"; you told us: {', '.join(names)})" if names else ")", style="dim")
    console.print(title)
    if view.urgent_tier is not None:
        console.print(Group(*tier_block(view.urgent_tier, result.urgent,
                                        local_signs=view.local_signs)))
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
        for ruled_out in result.not_for_you:
            what = "a stretch on" if ruled_out.kind == "stretch" else "see"
            console.print(Hanging("×", Text(clean(ruled_out.name), style="bold") + Text(
                f"  ({what} sciatica selfcare {ruled_out.page})"
                if ruled_out.kind != "technique"
                else f"  (sciatica techniques {ruled_out.page})", style="dim"), "bold red"))
            for reason in ruled_out.verdict.reasons:
                console.print(Hanging("", cited(Text(clean(reason.text)), reason.sources),
                                      indent=2))
    if view.references:
        console.print()
        console.print(heading("Sources"))
        for reference in reference_lines(list(view.references), view.local_sources):
            console.print(reference)
    console.print()
    console.print(reminder_line())
