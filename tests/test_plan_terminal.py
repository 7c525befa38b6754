"""`sciatica plan` in a real pseudo-terminal, with stdout sent to a file: every question and
any emergency advice reach the person's screen, the file holds only the plan (or its JSON),
and the exit code says whether an emergency sign was reported."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from sciatica_cli.catalog_loader import load_catalog

pexpect = pytest.importorskip("pexpect")

CATALOG = load_catalog()
TIERS = {t.id: t for t in CATALOG.redflags.tiers}
CHECKLIST = "Type their numbers, or none: "
ONE_OF = r"Type 1 to \d+: "


@pytest.fixture
def sciatica(tmp_path: Path):
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    assert script, "the sciatica script is installed beside this Python"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "SCIATICA_DATA")}
    env.update(SCIATICA_CACHE_DIR=str(tmp_path / "cache"), SCIATICA_HOME=str(tmp_path / "home"),
               NO_COLOR="1", TERM="xterm")

    def spawn(args: str, redirect: str):
        """Run `sciatica ARGS REDIRECT` through a shell in a 100x70 terminal."""
        command = f"exec {shlex.quote(script)} {args} {redirect}"
        return pexpect.spawn("/bin/sh", ["-c", command], env=env, encoding="utf-8",
                             timeout=20, dimensions=(70, 100), cwd=str(tmp_path))

    return spawn


def flat(text: str) -> str:
    return " ".join(text.split())


def finish(child) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


def answer_none(child) -> tuple[str, int, int]:
    """Answer every step with "none" (or the first choice for how long): the person with no
    red flag. Returns what the screen showed, the number of answers and the exit code."""
    screen, answers = "", 0
    while True:
        found = child.expect([CHECKLIST, ONE_OF, pexpect.EOF])
        screen += child.before + (child.after if found < 2 else "")
        if found == 2:
            child.close()
            return screen, answers, child.exitstatus
        child.sendline("none" if found == 0 else "1")
        answers += 1


def test_a_plan_sent_to_a_file_asks_on_the_screen_in_four_answers(sciatica, tmp_path) -> None:
    child = sciatica("plan", "> plan.txt")
    screen, answers, code = answer_none(child)
    assert code == 0
    assert answers == 4  # emergency signs, urgent signs, how long, your health
    assert "A plan for you in 4 steps" in screen
    for tier in TIERS.values():  # every sign is shown, the routine ones too
        for sign in tier.signs:
            assert flat(sign.text) in flat(screen)
    for condition in CATALOG.conditions.values():
        if condition.red_flag:  # cancer: asked once, with the urgent signs
            sign = next(s for t in TIERS.values() for s in t.signs if s.id == condition.red_flag)
            assert flat(screen).count(flat(sign.text)) == 1
        else:
            assert condition.name in screen
    plan = (tmp_path / "plan.txt").read_text()
    assert plan.startswith("Your plan  (acute: under 6 weeks)")
    assert "Stay active and exercise" in plan
    assert "Step" not in plan and "Type" not in plan and "Emergency" not in plan
    assert "Your plan  (" not in screen and "Stay active and exercise" not in screen
    assert screen.rstrip().endswith("Your plan went where you sent the output.")


def test_an_emergency_sign_reaches_the_screen_and_exits_3(sciatica, tmp_path) -> None:
    child = sciatica("plan", "> plan.txt")
    child.expect(CHECKLIST)
    child.sendline("")  # Enter alone does not skip the emergency signs
    child.expect("Please answer")
    child.expect(CHECKLIST)
    child.sendline("1")
    screen, code = finish(child)
    assert code == 3
    emergency = TIERS["emergency"]
    assert emergency.title in screen and "Call an ambulance now" in screen
    assert flat(emergency.signs[0].text) in flat(screen)
    assert "Step 2" not in screen
    saved = (tmp_path / "plan.txt").read_text()
    assert "Call an ambulance now" in saved  # in place of a plan
    assert "Step" not in saved and "Type" not in saved and "Your plan" not in saved


def test_json_to_a_file_stays_json(sciatica, tmp_path) -> None:
    child = sciatica("plan --json", "> plan.json")
    _, answers, code = answer_none(child)
    assert (code, answers) == (0, 4)
    data = json.loads((tmp_path / "plan.json").read_text())
    assert data["stage"] == "acute" and data["urgent"] == []

    child = sciatica("plan --json", "> emergency.json")
    child.expect(CHECKLIST)
    child.sendline("2")
    screen, code = finish(child)
    assert code == 3 and "Call an ambulance now" in screen
    data = json.loads((tmp_path / "emergency.json").read_text())
    assert data["reported"] == [TIERS["emergency"].signs[1].id]
    assert data["emergency"]["id"] == "emergency"


def test_with_stdout_and_stderr_both_redirected_it_asks_on_the_terminal(sciatica,
                                                                         tmp_path) -> None:
    child = sciatica("plan --stage chronic", "> plan.txt 2> errors.txt")
    screen, answers, code = answer_none(child)
    assert (code, answers) == (0, 3)
    assert "A plan for you in 3 steps" in screen
    assert (tmp_path / "plan.txt").read_text().startswith("Your plan  (chronic")
    assert (tmp_path / "errors.txt").read_text() == ""


def test_script_mode_flags_still_work_and_an_emergency_flag_exits_3(sciatica,
                                                                    tmp_path) -> None:
    child = sciatica("plan --no-red-flags --stage acute --condition asthma", "> plan.txt")
    screen, code = finish(child)
    assert code == 0 and screen.strip() == ""  # nothing to ask: every step was a flag
    assert "you told us: asthma" in (tmp_path / "plan.txt").read_text()

    child = sciatica("plan --red-flag both-legs", "> plan.txt")
    screen, code = finish(child)
    assert code == 3 and "Call an ambulance now" in screen


def test_diary_alert_reaches_the_terminal_and_exits_3(sciatica, tmp_path) -> None:
    child = sciatica("diary add 7 --red-flag bladder-trouble", "> out.txt 2> err.txt")
    screen, code = finish(child)
    assert code == 3
    assert TIERS["emergency"].title in screen and "Call an ambulance now" in screen
    assert (tmp_path / "out.txt").read_text().startswith("Saved entry 1")
