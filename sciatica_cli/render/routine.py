"""The routine on screen: a list of steps, or a live session with a countdown, a progress
bar, and keys read from the terminal without waiting for Enter."""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..routine import Frame, Step, Summary, moves, total_seconds
from ..textclean import clean

if TYPE_CHECKING:
    import subprocess

    from ..models import Condition
    from ..settings import Target
    from ..views.routine import LeftOut, RefusedView, RoutineView


def _minutes(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


NOT_FOR_YOU = "Not for you, and why"


def not_for_you_lines(out: tuple[LeftOut, ...], advice: tuple[Condition, ...] = ()) -> list[str]:
    """The stretches left out for this person, each with its reasons and their sources,
    then any advice their conditions carry ("ask your surgeon or physio")."""
    if not out and not advice:
        return []
    from ..page_references import short_citation

    lines = ["", NOT_FOR_YOU] if out else [""]
    for left in out:
        lines.append(f"  x {clean(left.stretch.name)} (sciatica selfcare {left.entry.id})")
        lines += [f"    {clean(reason.text)}" for reason in left.verdict.reasons]
        lines += [f"    Source: {clean(short_citation(source))}" for source in left.sources]
    lines += [f"! {clean(c.name)}: {clean(c.advice or '')}" for c in advice]
    return lines


def print_not_for_you(view: RoutineView, target: Target) -> None:
    """Before a session: what was left out for this person, and why."""
    target.stream.write("\n".join(not_for_you_lines(view.left_out, view.advice)[1:]) + "\n\n")
    target.stream.flush()


def refused(view: RefusedView, target: Target) -> None:
    """Stretches asked for by name that are not for this person: not run, and why."""
    lines = not_for_you_lines(view.refused, view.advice)[1:]
    lines += ["", "Nothing was run. Ask a physio which stretches suit you, or run "
              "`sciatica routine` with your conditions to get the ones that do."]
    target.stream.write("\n".join(lines) + "\n")


def steps(view: RoutineView, target: Target) -> None:
    """The routine as numbered steps without timers: for reading, printing or a script;
    then what was left out for this person, and why."""
    plan = list(view.steps)
    lines = [f"Routine: {len(plan)} steps, about {_minutes(total_seconds(plan))}.", ""]
    last = None
    for number, step in enumerate(plan, start=1):
        if step.stretch.id != last:
            last = step.stretch.id
            lines.append(f"{clean(step.stretch.name)} (sciatica selfcare {step.entry.id})")
            lines += [f"  {i}) {clean(text)}" for i, text in enumerate(step.stretch.steps, 1)]
            lines.append(f"  Stop if: {clean(step.stretch.stop_if)}")
        hold = "move slowly" if moves(step.stretch) else f"hold {step.stretch.hold_seconds} s"
        lines.append(f"  {number:>3}. {clean(step.label)}: {hold}, "
                     f"then rest {step.stretch.rest_seconds} s")
    lines += not_for_you_lines(view.left_out, view.advice)
    from ..wording import NOT_A_DIAGNOSIS

    lines += ["", "Stop if pain spreads down your leg or your leg gets more numb or weak.",
              NOT_A_DIAGNOSIS]
    target.stream.write("\n".join(lines) + "\n")


# Signals whose default is to end the program. Python would end it at once, skipping every
# `finally`, and leave the terminal without echo and the cursor hidden; so each restores the
# terminal first, then ends the program by the same signal (the shell sees 128 + its number).
# Ctrl-C (SIGINT) is a KeyboardInterrupt and stops the session with a summary instead.
ENDING_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM")


@contextmanager
def keys(cursor: bool = True) -> Iterator[Any]:
    """Read single keys without Enter (cbreak mode), restoring the terminal afterwards,
    always: when the session ends, fails, or is ended by a signal (all but SIGKILL, which
    cannot be caught). Ctrl-C still interrupts. `cursor`: stdout is the terminal, whose
    cursor Rich's live view hides and we show again."""
    import signal
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)

    def restore() -> None:
        try:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        except (OSError, termios.error):  # the terminal is gone (a hang-up): nothing to fix
            pass
        try:
            if cursor:
                sys.stdout.write("\x1b[?25h")  # Rich's live view hides the cursor
                sys.stdout.flush()
        except (OSError, ValueError):
            pass

    def end_by(signum: int, _frame: object) -> None:
        restore()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    previous = {}
    for name in ENDING_SIGNALS:
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, end_by)
    try:
        tty.setcbreak(fd)

        def wait_key(timeout: float) -> str | None:
            ready, _, _ = select.select([fd], [], [], timeout)
            return os.read(fd, 1).decode(errors="ignore") if ready else None

        yield wait_key
    finally:
        restore()
        for number, handler in previous.items():
            signal.signal(number, handler)


def live(plan: list[Step], out: Target) -> Any:
    """A context manager giving `show(frame)` that redraws the session in place."""
    from rich.console import Group
    from rich.live import Live
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    from .terminal import make_console

    console = make_console(out)

    def render(frame: Frame) -> Group:
        step = frame.step
        head = Text(f"Step {frame.step_index + 1} of {frame.step_count}: ", style="bold")
        head.append(clean(step.label), style="bold cyan")
        if frame.phase == "ready":
            head = Text("Get ready. First: ", style="bold")
            head.append(clean(step.label), style="bold cyan")
            clock = Text(f"Starting in: {frame.remaining:4.0f} s", style="bold blue")
        elif frame.phase == "hold":
            verb = "Move slowly" if moves(step.stretch) else "Hold"
            clock = Text(f"{verb}: {frame.remaining:4.0f} s", style="bold green")
        else:
            clock = Text(f"Rest: {frame.remaining:4.0f} s", style="bold yellow")
        if frame.paused:
            clock.append("   paused: press space to go on", style="bold magenta")
        how = Text("\n".join(f"  {i}) {clean(t)}" for i, t in enumerate(step.stretch.steps, 1)))
        stop = Text("Stop if: ", style="bold red") + Text(clean(step.stretch.stop_if))
        bar = ProgressBar(total=frame.total, completed=frame.elapsed, width=40)
        done = Text(f" {_minutes(frame.elapsed)} of {_minutes(frame.total)}", style="dim")
        now = Text("Now: ", style="bold") + Text(clean(frame.cue))
        skip = "s: start now" if frame.phase == "ready" else "s: skip"
        help_line = Text(f"space: pause   {skip}   Ctrl-C: stop", style="dim")
        return Group(head, how, stop, Text(""), now, clock, Group(bar, done), help_line)

    class Screen:
        def __enter__(self) -> Any:
            self.live = Live(console=console, auto_refresh=False, transient=False)
            self.live.__enter__()
            return self

        def __call__(self, frame: Frame) -> None:
            self.live.update(render(frame), refresh=True)

        def __exit__(self, *exc: object) -> None:
            self.live.__exit__(None, None, None)

    return Screen()


class Cues:
    """Makes every change heard: the terminal bell, and with `speak` the cue read aloud by
    espeak-ng. Speech runs beside the timer and is never waited for; a new cue cuts off one
    still speaking, so cues never pile up behind the clock."""

    def __init__(self, bell: bool, speaker: str | None) -> None:
        self.bell = bell
        self.speaker = speaker
        self.speaking: list[subprocess.Popen[bytes]] = []

    def __call__(self, phase: str, line: str) -> None:  # every phase sounds the same
        if self.bell:  # past Rich's Live, which would strip the bell from sys.stdout
            out = sys.__stdout__ or sys.stdout
            out.write("\a")
            out.flush()
        if self.speaker:
            self._say(self.speaker, clean(line))

    def _say(self, speaker: str, text: str) -> None:
        import subprocess

        for old in self.speaking:
            if old.poll() is None:
                old.terminate()
        self.speaking = [p for p in self.speaking if p.poll() is None]
        try:  # the words go on stdin, so text that starts with '-' is never an option
            proc = subprocess.Popen(  # noqa: S603 - the speech program, fixed arguments
                [speaker, "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:  # speech failing must never stop the routine; the bell still sounds
            return
        self.speaking.append(proc)
        if proc.stdin is None:  # never: it was asked for with stdin=PIPE
            return
        try:  # one short line fits the pipe's buffer, so this write does not wait
            proc.stdin.write(text.encode("utf-8", "replace") + b"\n")
            proc.stdin.close()
        except OSError:
            pass


def speaker(asked: bool) -> str | None:
    """The espeak-ng program when spoken cues were asked for and it is installed."""
    if not asked:
        return None
    import shutil

    from .messages import warning

    found = shutil.which("espeak-ng")
    if found is None:
        warning("espeak-ng is not installed, so the cues are the terminal bell only "
                "(Debian: apt-get install espeak-ng).")
    return found


def summary(result: Summary, out: Target) -> None:
    from rich.text import Text

    from .terminal import make_console, reminder_line

    console = make_console(out)
    names = sorted({s.stretch.name for s in result.done})
    head = "Stopped early. " if result.stopped else "Routine finished. "
    console.print(Text(head, style="bold") + Text(
        f"Done {len(result.done)} step{'s' if len(result.done) != 1 else ''}"
        f"{', skipped ' + str(len(result.skipped)) if result.skipped else ''}, "
        f"in {_minutes(result.seconds)}."))
    if names:
        console.print(Text("Stretches done: " + ", ".join(clean(n) for n in names)))
    console.print(reminder_line())


def ask_to_log() -> int | None:
    """Offer to log the session; the pain now (0-10) if the person says yes, else None.
    Enter, "n", Ctrl-C or Ctrl-D at either question logs nothing."""
    out = sys.stdout
    try:
        out.write("Log this session in your diary (the stretches done and your pain now)? "
                  "[y/N]: ")
        out.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            out.write("Not logged.\n")
            return None
        while True:
            out.write("Pain now, 0 (none) to 10 (worst): ")
            out.flush()
            line = sys.stdin.readline()
            if not line:  # end of input
                out.write("\nNot logged.\n")
                return None
            answer = line.strip()
            if answer.isdigit() and 0 <= int(answer) <= 10:
                return int(answer)
            out.write("Please give a whole number from 0 to 10.\n")
    except KeyboardInterrupt:
        out.write("\nNot logged.\n")
        return None
