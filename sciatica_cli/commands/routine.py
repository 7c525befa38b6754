"""`sciatica routine`: a guided session of stretches and gentle movements."""

from __future__ import annotations

from typing import Annotated

import typer

from ..routine import DEFAULT_GET_READY
from ..settings import Settings
from .common import ColorOption, JsonOption, settings


def routine(
    ctx: typer.Context,
    minutes: Annotated[int | None, typer.Option(
        "--minutes", "-m", min=1, max=120, metavar="N", show_default=False,
        help="About how long (default 10). Stretches are taken in the guide's order.")] = None,
    stretch: Annotated[list[str] | None, typer.Option(
        "--stretch", metavar="ID", show_default=False,
        help="A stretch to do (see `sciatica selfcare stretching`); repeat for more.")] = None,
    get_ready: Annotated[int, typer.Option(
        "--get-ready", min=0, max=120, metavar="SECONDS",
        help="A countdown before the first hold, to put the keyboard down and get into "
        "position; 0 starts at once.")] = DEFAULT_GET_READY,
    bell: Annotated[bool, typer.Option(
        "--bell/--no-bell", help="Ring the terminal bell at every change.")] = True,
    speak: Annotated[bool, typer.Option(
        "--speak", help="Also say each change aloud with espeak-ng, if it is installed.")]
    = False,
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar="NAME", show_default=False,
        help="A condition that applies to you (as in `sciatica plan`), or none; repeat for "
        "more. Stretches it rules out are left out. On a terminal you are asked if not "
        "given.")] = None,
    as_list: Annotated[bool, typer.Option(
        "--list", help="Print the steps without timers (what runs without a terminal).")]
    = False,
    as_json: JsonOption = False,
    color: ColorOption = None,
) -> None:
    """A guided stretching session with a countdown for each hold and rest.

    On a terminal it counts down 10 seconds first, so you can get into position, and marks
    every change with the terminal bell (and with --speak, a spoken cue), so you can follow
    it lying down. Space pauses, s skips, Ctrl-C stops with a summary; at the end it offers
    to log the session (the stretches done and your pain now) in your diary. Stop any stretch
    that makes your leg pain, numbness or weakness worse.

    Stretches your conditions rule out are left out and listed as not for you. A stretch
    asked for by name that is not for you is not run: the reason is shown and the exit
    code is 4.

    Examples:

      sciatica routine

      sciatica routine --minutes 5

      sciatica routine --stretch knee-to-chest --stretch nerve-glide

      sciatica routine --list

      sciatica routine --speak --get-ready 20

      sciatica routine --condition osteoporosis --condition none
    """
    import time

    from ..errors import NotForYou
    from ..plan import resolve_conditions
    from ..render import routine as render
    from ..render.formats import Output, present
    from ..routine import choose, refused, ruled_out, run, steps
    from ..suitability import Person, decide
    from ..views.routine import routine_view

    s = settings(ctx, color)
    catalog = s.catalog
    names = list(stretch or ())
    interactive = s.interactive
    if condition:
        conditions = resolve_conditions(catalog, condition)
    elif interactive:
        from ..render.checklist import ask

        conditions = ask("Do any of these apply to you? Stretches they rule out are left out.",
                         [(c.id, c.name) for c in catalog.conditions.values()])
    else:
        conditions = ()
    decision = decide(catalog, Person(None, conditions),
                      [e for e in catalog.entries.values() if e.stretches])
    asked_but_out = refused(catalog, names, decision)
    if asked_but_out:  # never run what is not for them; say why, with a code of its own
        from ..render.messages import error
        from ..textclean import clean
        from ..views.routine import refused_view

        for _, out_stretch, verdict in asked_but_out:
            error(f"'{out_stretch.id}' is not for you, so it was not run: "
                  f"{clean(verdict.reasons[0].text)}")
        present(refused_view(catalog, asked_but_out, decision.advice), s, as_json,
                Output.PLAIN)
        raise NotForYou()
    plan = steps(choose(catalog, minutes, names, decision))
    view = routine_view(catalog, plan, [] if names else ruled_out(catalog, decision),
                        decision.advice)
    if as_json or as_list or not interactive:
        present(view, s, as_json, Output.PLAIN)
    else:
        if view.left_out or view.advice:
            render.print_not_for_you(view, s.out)
        cues = render.Cues(bell, render.speaker(speak))
        with render.keys(cursor=s.terminals.stdout) as wait_key, render.live(plan, s.out) as show:
            result = run(plan, time.monotonic, wait_key, show, get_ready, cues)
        render.summary(result, s.out)
        _offer_to_log(result, s)


def _offer_to_log(result, s: Settings) -> None:  # result: a routine.Summary
    """End the session by offering to put it in the diary: the stretches done, pain now."""
    from ..diary import local_time
    from ..render import diary as diary_render
    from ..render import routine as render
    from ..routine import session_note

    pain = render.ask_to_log()
    if pain is None:
        return
    done = tuple(dict.fromkeys(step.stretch.id for step in result.done))
    stamp = local_time()
    entry_id = s.diary().add(pain, stamp, did=done, note=session_note(result))
    diary_render.saved(entry_id, pain, stamp)
