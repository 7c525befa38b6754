"""A guided stretching routine: which stretches, in what order, for how long, and the
timer that runs them.

The runner takes its clock and its key reader as arguments, so tests run a whole session
in no time; render/routine.py gives it the real terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from . import lookup
from .catalog import Catalog
from .errors import NotFound
from .models import Entry, Stretch

if TYPE_CHECKING:
    from .suitability import Decision, Verdict

DEFAULT_MINUTES = 10
DEFAULT_GET_READY = 10  # seconds to put the keyboard down and lie down before the first hold
TICK = 0.2  # seconds between screen updates


class Step(NamedTuple):
    stretch: Stretch
    entry: Entry  # the page the stretch belongs to
    side: str | None  # "left", "right", or None for a stretch done once
    rep: int  # 1-based repetition
    reps: int

    @property
    def label(self) -> str:
        side = f", {self.side} side" if self.side else ""
        return f"{self.stretch.name}{side} ({self.rep} of {self.reps})"


def stretch_seconds(stretch: Stretch) -> int:
    sides = 2 if stretch.sides == "both" else 1
    return stretch.repetitions * sides * (max(stretch.hold_seconds, 1) + stretch.rest_seconds)


def resolve_stretch(catalog: Catalog, name: str) -> tuple[Entry, Stretch]:
    index = catalog.stretch_index()
    found = lookup.find(name, catalog.stretch_names())
    if found is not None:
        return index[found]
    # Ids are suggested (what a person types next); with none close, the first few.
    close = lookup.suggest(name, lookup.names_of((k, k) for k in index))
    raise NotFound("stretch", name, close or list(index)[:3])


def refused(catalog: Catalog, names: list[str],
            decision: Decision) -> list[tuple[Entry, Stretch, Verdict]]:
    """The stretches asked for by name that are not for this person, with the verdict."""
    out = []
    for name in names:
        entry, stretch = resolve_stretch(catalog, name)
        verdict = decision.stretch(stretch.id)
        if verdict.out:
            out.append((entry, stretch, verdict))
    return list({s.id: (e, s, v) for e, s, v in out}.values())


def ruled_out(catalog: Catalog, decision: Decision) -> list[tuple[Entry, Stretch, Verdict]]:
    """Every stretch in the guide that is not for this person."""
    return [(e, s, decision.stretch(s.id)) for e, s in catalog.stretch_index().values()
            if decision.stretch(s.id).out]


def choose(catalog: Catalog, minutes: int | None, names: list[str],
           decision: Decision | None = None) -> list[tuple[Entry, Stretch]]:
    """The stretches named, in that order; or as many of the guide's as fit the minutes,
    leaving out any that the person's conditions rule out (suitability.decide)."""
    if names:
        chosen = [resolve_stretch(catalog, n) for n in names]
        if decision is not None:  # never run one that is out; the command says why
            chosen = [(e, s) for e, s in chosen if not decision.stretch(s.id).out]
        return chosen
    budget = (minutes or DEFAULT_MINUTES) * 60
    every = [(e, s) for e, s in catalog.stretch_index().values()
             if decision is None or not decision.stretch(s.id).out]
    chosen, used = [], 0
    for entry, stretch in every:
        if used + stretch_seconds(stretch) <= budget:
            chosen.append((entry, stretch))
            used += stretch_seconds(stretch)
    if not chosen and every:  # too little time for any whole stretch: the shortest one
        chosen = [min(every, key=lambda pair: stretch_seconds(pair[1]))]
    return chosen


def steps(chosen: list[tuple[Entry, Stretch]]) -> list[Step]:
    out = []
    for entry, stretch in chosen:
        sides = ("left", "right") if stretch.sides == "both" else (None,)
        for side in sides:
            for rep in range(1, stretch.repetitions + 1):
                out.append(Step(stretch, entry, side, rep, stretch.repetitions))
    return out


def total_seconds(plan: list[Step]) -> int:
    """The whole session: every hold and every rest but the last."""
    whole = sum(max(s.stretch.hold_seconds, 1) + s.stretch.rest_seconds for s in plan)
    return whole - plan[-1].stretch.rest_seconds if plan else 0


def moves(stretch: Stretch) -> bool:
    """A glide done as slow movement rather than held still (under 5 s a time)."""
    return stretch.hold_seconds < 5


def cue(plan: list[Step], index: int, phase: str) -> str:
    """What to do now, in one short line: shown on screen and said aloud, so someone lying
    on the floor knows the step changed without looking. `phase` is ready, hold, rest or
    done."""
    if phase == "done":
        return "Routine finished. Well done."
    step = plan[index]
    side = f"{step.side.capitalize()} side. " if step.side else ""
    if phase == "ready":
        first = step.stretch.steps[0] if step.stretch.steps else ""
        return f"Get ready: {step.stretch.name}. {side}{first}".rstrip()
    if phase == "hold":
        what = ("Move slowly." if moves(step.stretch)
                else f"Hold {step.stretch.hold_seconds} seconds.")
        return f"{side}{what}"
    following = plan[index + 1] if index + 1 < len(plan) else None
    if following is None:
        return "Rest."
    if following.stretch.id != step.stretch.id:
        nxt = f"next, {following.stretch.name}"
        if following.side:
            nxt += f", {following.side} side"
    elif following.side != step.side:
        nxt = f"next, the {following.side} side"
    else:
        nxt = "then again"
    return f"Rest, {nxt}."


class Frame(NamedTuple):
    """What the screen shows at one moment."""

    step: Step
    # Not `index` and `count`, which would hide the tuple's own methods.
    step_index: int  # 0-based
    step_count: int
    phase: str  # "ready", "hold" or "rest"
    remaining: float
    paused: bool
    elapsed: float  # seconds of the session done, for the progress bar
    total: float
    cue: str = ""  # what to do now, in one line


class Summary(NamedTuple):
    done: tuple[Step, ...]
    skipped: tuple[Step, ...]
    stopped: bool  # Ctrl-C before the end
    seconds: float


def run(plan: list[Step], clock: Callable[[], float], wait_key: Callable[[float], str | None],
        show: Callable[[Frame], None], get_ready: float = 0.0,
        announce: Callable[[str, str], None] | None = None) -> Summary:
    """Run the routine: a get-ready countdown before the first hold, then each step's hold,
    then its rest. Space pauses and resumes, `s` skips (the get-ready: starts now; a hold:
    the whole step; a rest: the rest), Ctrl-C (KeyboardInterrupt) stops and still returns
    what was done. `announce(phase, cue)` is called at every change, and once at the end."""
    total = float(total_seconds(plan))
    done: list[Step] = []
    skipped: list[Step] = []
    started = clock()
    progress = 0.0

    def countdown(step: Step, index: int, phase: str, seconds: float) -> bool:
        """Count `seconds` down, not while paused; False if the reader skipped."""
        remaining, paused, last = seconds, False, clock()
        line = cue(plan, index, phase)
        if announce is not None:
            announce(phase, line)
        while remaining > 0.001:  # not 0: float steps can leave a sliver that never ends
            into = 0.0 if phase == "ready" else seconds - remaining
            show(Frame(step, index, len(plan), phase, remaining, paused,
                       progress + into, total, line))
            key = wait_key(min(TICK, remaining))
            now = clock()
            if not paused:
                remaining -= now - last
            last = now
            if key == " ":
                paused = not paused
            elif key in ("s", "S"):
                return False
        return True

    try:
        if plan and get_ready > 0:
            countdown(plan[0], 0, "ready", float(get_ready))
        for index, step in enumerate(plan):
            hold = float(max(step.stretch.hold_seconds, 1))
            rest = float(step.stretch.rest_seconds) if index < len(plan) - 1 else 0.0
            if countdown(step, index, "hold", hold):
                done.append(step)
                progress += hold
                if rest:
                    countdown(step, index, "rest", rest)
                progress += rest
            else:
                skipped.append(step)
                progress += hold + rest
        if plan and announce is not None:
            announce("done", cue(plan, len(plan) - 1, "done"))
    except KeyboardInterrupt:
        return Summary(tuple(done), tuple(skipped), True, clock() - started)
    return Summary(tuple(done), tuple(skipped), False, clock() - started)


def session_note(result: Summary) -> str:
    """How the session went, for the diary entry that logs it."""
    minutes = max(1, round(result.seconds / 60))
    note = (f"Routine: {len(result.done)} step{'s' if len(result.done) != 1 else ''} done "
            f"in about {minutes} min")
    if result.skipped:
        note += f", {len(result.skipped)} skipped"
    return note + (", stopped early." if result.stopped else ".")
