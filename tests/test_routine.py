"""`sciatica routine`: steps chosen from the content, a timer driven by an injected clock,
and one session driven for real in a pseudo-terminal."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.routine import choose, run, stretch_seconds, steps, total_seconds


def ctrl_c_stops() -> None:
    """Run in the child before it starts: a person's terminal delivers Ctrl-C to a program
    whose SIGINT is the default. A test run started in the background (`cmd &` in a script)
    inherits SIGINT ignored, and the child would inherit that too and never see Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


CATALOG = load_catalog()
SHORT = Path(__file__).parent / "fixtures" / "short"


class FakeTime:
    """A clock that moves only when the routine waits for a key; keys come from a script
    keyed by the number of waits so far."""

    def __init__(self, keys: dict[int, str] | None = None, interrupt_at: int | None = None):
        self.now = 0.0
        self.waits = 0
        self.keys = keys or {}
        self.interrupt_at = interrupt_at
        self.frames = []

    def clock(self) -> float:
        return self.now

    def wait_key(self, timeout: float) -> str | None:
        self.waits += 1
        if self.waits == self.interrupt_at:
            raise KeyboardInterrupt
        self.now += timeout
        return self.keys.get(self.waits)

    def show(self, frame) -> None:
        self.frames.append(frame)


def test_minutes_choose_whole_stretches_that_fit() -> None:
    chosen = choose(CATALOG, 10, [])
    assert chosen and sum(stretch_seconds(s) for _, s in chosen) <= 600
    order = list(CATALOG.stretch_index())
    assert [s.id for _, s in chosen] == [i for i in order if i in {s.id for _, s in chosen}]


def test_a_short_session_takes_what_fits_not_the_first_stretch() -> None:
    chosen = choose(CATALOG, 2, [])
    assert chosen and sum(stretch_seconds(s) for _, s in chosen) <= 120
    # Less time than any whole stretch takes: the shortest one, not nothing.
    shortest = min((s for _, s in CATALOG.stretch_index().values()), key=stretch_seconds)
    assert stretch_seconds(shortest) > 60
    assert [s.id for _, s in choose(CATALOG, 1, [])] == [shortest.id]


def test_named_stretches_in_the_order_given_with_sides_and_reps() -> None:
    plan = steps(choose(CATALOG, None, ["knee to chest"]))
    stretch = CATALOG.stretch_index()["knee-to-chest"][1]
    assert len(plan) == stretch.repetitions * (2 if stretch.sides == "both" else 1)
    assert plan[0].label == f"Knee to chest, left side (1 of {stretch.repetitions})"


def test_a_full_run_counts_every_hold_and_rest() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest"]))
    fake = FakeTime()
    result = run(plan, fake.clock, fake.wait_key, fake.show)
    assert result.done == tuple(plan) and not result.skipped and not result.stopped
    assert result.seconds == pytest.approx(total_seconds(plan))
    assert fake.frames[0].phase == "hold"
    assert fake.frames[0].remaining == plan[0].stretch.hold_seconds
    assert {f.phase for f in fake.frames} == {"hold", "rest"}
    assert max(f.elapsed for f in fake.frames) <= total_seconds(plan)


def test_space_pauses_the_countdown() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest"]))[:1]
    fake = FakeTime(keys={1: " ", 6: " "})  # paused for waits 2 to 6
    result = run(plan, fake.clock, fake.wait_key, fake.show)
    assert any(f.paused for f in fake.frames)
    paused = [f.remaining for f in fake.frames if f.paused]
    assert len(set(paused)) == 1  # the count stands still while paused
    assert result.seconds > plan[0].stretch.hold_seconds


def test_s_skips_a_step() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest"]))[:2]
    fake = FakeTime(keys={2: "s"})
    result = run(plan, fake.clock, fake.wait_key, fake.show)
    assert result.skipped == (plan[0],) and result.done == (plan[1],)


def test_ctrl_c_stops_with_what_was_done() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest"]))
    hold_and_rest = plan[0].stretch.hold_seconds + plan[0].stretch.rest_seconds
    fake = FakeTime(interrupt_at=int(hold_and_rest / 0.2) + 5)
    result = run(plan, fake.clock, fake.wait_key, fake.show)
    assert result.stopped and result.done == (plan[0],)


def test_list_without_a_terminal() -> None:
    result = CliRunner().invoke(app, ["routine", "--stretch", "knee-to-chest"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Routine: 6 steps, about")
    assert "  1) Lie on your back with both knees bent and your feet flat." in lines
    assert "    1. Knee to chest, left side (1 of 3): hold 20 s, then rest 10 s" in lines
    assert "sciatica redflags" in lines[-1]


def test_json_list() -> None:
    data = json.loads(CliRunner().invoke(app, ["routine", "--stretch", "nerve glide",
                                               "--json"]).stdout)
    assert data[0]["stretch"].endswith("glide") and data[0]["steps"]


def test_unknown_stretch_suggests() -> None:
    result = CliRunner().invoke(app, ["routine", "--stretch", "knee"])
    assert result.exit_code == 1
    assert "No stretch called 'knee'. Did you mean: knee-to-chest" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_real_session_in_a_pseudo_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    assert script, "the sciatica script is installed beside this Python"
    env = {**os.environ, "SCIATICA_CACHE_DIR": str(tmp_path), "TERM": "xterm",
           "COLUMNS": "90", "LINES": "30", "SCIATICA_HOME": str(tmp_path / "home")}
    env.pop("NO_COLOR", None)
    # slow-reach holds 60 s: on a loaded machine a 3-second hold could end before the keys
    # below arrive, and the summary would then count a step done.
    child = pexpect.spawn(script, ["--data-dir", str(SHORT), "routine", "--stretch",
                                   "slow-reach", "--stretch", "quick-bend", "--get-ready", "0"],
                          env=env, encoding="utf-8", preexec_fn=ctrl_c_stops, timeout=15,
                          dimensions=(30, 90))
    # First the conditions, as one checklist that needs an answer.
    child.expect("Do any of these apply to you")
    child.expect("or none")
    child.sendline("")
    child.expect("or none")  # Enter alone is not an answer: asked again
    child.sendline("none")
    child.expect("Step 1 of 3")
    child.expect("space: pause")
    child.send(" ")
    child.expect("paused: press space to go on")
    child.send(" ")
    child.send("s")
    child.expect("Step 2 of 3")
    child.sendintr()
    child.expect("Stopped early. Done 0 steps, skipped 1")
    child.expect("sciatica redflags")
    child.expect("Log this session in your diary")
    child.sendline("")
    child.expect("Not logged.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")

    assert not (tmp_path / "home" / "diary.sqlite3").exists()  # "not logged" wrote nothing


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_the_session_is_logged_in_the_diary_when_asked(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from sciatica_cli.diary import Diary

    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    home = tmp_path / "home"
    env = {**os.environ, "SCIATICA_CACHE_DIR": str(tmp_path), "TERM": "xterm",
           "COLUMNS": "90", "LINES": "30", "SCIATICA_HOME": str(home)}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(script, ["--data-dir", str(SHORT), "routine", "--stretch",
                                   "quick-bend", "--stretch", "quick-reach", "--get-ready", "0",
                                   "--condition", "none"],  # answers the conditions checklist
                          env=env, encoding="utf-8", preexec_fn=ctrl_c_stops, timeout=30,
                          dimensions=(30, 90))
    child.expect("Step 1 of 3")  # quick-bend: done in full
    for step in ("Step 2 of 3", "Step 3 of 3"):  # both quick-reach steps: skipped
        child.expect(step)
        child.send("s")
    child.expect("Routine finished. Done 1 step, skipped 2")
    child.expect("Stretches done: ")
    child.expect("\\[y/N\\]: ")
    child.sendline("y")
    child.expect("Pain now, 0 \\(none\\) to 10 \\(worst\\): ")
    child.sendline("11")
    child.expect("Please give a whole number from 0 to 10.")
    child.sendline("3")
    child.expect("Saved entry 1: pain 3/10 at ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (entry,) = Diary(home / "diary.sqlite3").entries()
    assert entry.pain == 3
    assert entry.did == ("quick-bend",)
    assert entry.note == "Routine: 1 step done in about 1 min, 2 skipped."


def test_a_get_ready_countdown_comes_before_the_first_hold() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest"]))
    fake = FakeTime()
    heard: list[tuple[str, str]] = []
    run(plan, fake.clock, fake.wait_key, fake.show, get_ready=10,
        announce=lambda phase, line: heard.append((phase, line)))
    first = fake.frames[0]
    assert first.phase == "ready" and first.remaining == 10 and first.elapsed == 0
    assert first.cue == ("Get ready: Knee to chest. Left side. Lie on your back with both "
                         "knees bent and your feet flat.")
    ready = [f for f in fake.frames if f.phase == "ready"]
    assert sum(0.2 for _ in ready) == pytest.approx(10, abs=0.3)
    assert fake.frames[len(ready)].phase == "hold"
    # A cue at every change: the get-ready, each hold, each rest but the last, the end.
    assert [p for p, _ in heard] == (["ready"] + ["hold", "rest"] * (len(plan) - 1)
                                     + ["hold", "done"])


def test_s_during_the_get_ready_starts_at_once() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest"]))[:1]
    fake = FakeTime(keys={2: "s"})
    result = run(plan, fake.clock, fake.wait_key, fake.show, get_ready=10)
    assert result.done == (plan[0],) and not result.skipped
    assert len([f for f in fake.frames if f.phase == "ready"]) == 2


def test_the_cues_say_what_comes_next_side_by_side() -> None:
    plan = steps(choose(CATALOG, None, ["knee-to-chest", "pelvic-tilt"]))
    fake = FakeTime()
    heard: list[str] = []
    run(plan, fake.clock, fake.wait_key, fake.show, announce=lambda _p, line: heard.append(line))
    assert heard[:4] == ["Left side. Hold 20 seconds.", "Rest, then again.",
                         "Left side. Hold 20 seconds.", "Rest, then again."]
    assert "Rest, next, the right side." in heard
    assert "Rest, next, Pelvic tilt." in heard
    assert heard[-1] == "Routine finished. Well done."
    glide = steps(choose(CATALOG, None, ["seated-nerve-glide"]))
    fake = FakeTime()
    heard = []
    run(glide, fake.clock, fake.wait_key, fake.show, announce=lambda _p, line: heard.append(line))
    assert heard[0] == "Left side. Move slowly."


def test_no_step_tells_you_to_do_the_other_side_the_timer_already_does() -> None:
    """The routine runs each side as its own step; the shipped words must not add another."""
    listing = CliRunner().invoke(app, ["routine", "--minutes", "120"]).stdout
    both = [s for _, s in CATALOG.stretch_index().values() if s.sides == "both"]
    assert both and all(f"{s.name}, right side (1 of" in listing for s in both)
    assert "other side" not in listing
    lint = CliRunner().invoke(app, ["validate"])
    assert "SCI060" not in lint.stderr


def _session(tmp_path: Path, *args: str, path: str | None = None, timeout: int = 20):
    pexpect = pytest.importorskip("pexpect")
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    env = {**os.environ, "SCIATICA_CACHE_DIR": str(tmp_path), "TERM": "xterm",
           "COLUMNS": "90", "LINES": "30", "SCIATICA_HOME": str(tmp_path / "home")}
    env.pop("NO_COLOR", None)
    if path is not None:
        env["PATH"] = path
    return pexpect.spawn(script, ["--data-dir", str(SHORT), "routine", "--stretch",
                                  "quick-bend", "--condition", "none", *args],
                         env=env, encoding="utf-8", preexec_fn=ctrl_c_stops, timeout=timeout,
                         dimensions=(30, 90))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_real_session_gets_you_ready_and_rings_at_every_change(tmp_path: Path) -> None:
    import pexpect

    child = _session(tmp_path, "--get-ready", "3")
    child.expect("\a")  # the get-ready is heard as well as seen
    child.expect(r"Get ready. First: \S*Quick bend \(1 of 1\)")
    child.expect("Now: Get ready: Quick bend. Bend your knees.")
    child.expect("Starting in:    3 s")
    child.expect("Starting in:    1 s")
    child.expect("\a")
    child.expect(r"Step 1 of 1: \S*Quick bend \(1 of 1\)")
    child.expect("Now: Move slowly.")
    child.expect("\a")
    child.expect("Routine finished. Done 1 step")
    child.expect(r"\[y/N\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_bell_is_quiet(tmp_path: Path) -> None:
    import pexpect

    child = _session(tmp_path, "--get-ready", "1", "--no-bell")
    child.expect("Routine finished")
    seen = child.before
    child.expect(r"\[y/N\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    assert "Step 1 of 1" in seen and "\a" not in seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_spoken_cues_never_hold_up_the_timer(tmp_path: Path) -> None:
    """A stand-in espeak-ng that takes 30 s to speak: the 5-second session still ends on
    time, and every cue was handed to it in order."""
    import pexpect

    said = tmp_path / "said.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "espeak-ng"
    fake.write_text(f"#!/bin/sh\n[ \"$1\" = --stdin ] || exit 9\ncat >> {said}\nsleep 30\n")
    fake.chmod(0o755)
    child = _session(tmp_path, "--get-ready", "2", "--speak",
                     path=f"{bin_dir}:{os.environ['PATH']}", timeout=12)
    child.expect("Routine finished")
    child.expect(r"\[y/N\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    lines = said.read_text().splitlines()
    assert lines == ["Get ready: Quick bend. Bend your knees.", "Move slowly.",
                     "Routine finished. Well done."]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_speak_without_espeak_says_so_and_still_runs(tmp_path: Path) -> None:
    import pexpect

    child = _session(tmp_path, "--get-ready", "0", "--speak", path=str(tmp_path / "empty"))
    child.expect("espeak-ng is not installed, so the cues are the terminal bell only")
    child.expect("\a")
    child.expect("Routine finished")
    child.expect(r"\[y/N\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_conditions_checklist_leaves_out_what_they_rule_out(
        tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    env = {**os.environ, "SCIATICA_CACHE_DIR": str(tmp_path), "TERM": "xterm",
           "COLUMNS": "120", "LINES": "40", "SCIATICA_HOME": str(tmp_path / "home")}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(script, ["routine", "--minutes", "20", "--get-ready", "0"], env=env,
                          encoding="utf-8", preexec_fn=ctrl_c_stops, timeout=30,
                          dimensions=(40, 120))
    child.expect("Do any of these apply to you")
    number = list(CATALOG.conditions).index("osteoporosis") + 1
    child.expect("or none")
    child.sendline(str(number))
    child.expect("Not for you, and why")
    child.expect("Step 1 of")
    before = child.before
    for name in ("Knee to chest", "Cat-cow", "Child's pose"):
        assert name in before  # listed, with the reason, before the session starts
    child.expect("Figure-four")  # the first stretch run is one that is not ruled out
    child.sendintr()
    child.expect("\\[y/N\\]: ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert "Knee to chest (1 of" not in (child.before or "")
