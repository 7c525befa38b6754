"""`sciatica plan`: the interview, the refusal without a terminal, and a plan drawn from the
content's condition tags."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.plan import Emergency, build_plan, interview

CATALOG = load_catalog()
EMERGENCY = next(t for t in CATALOG.redflags.tiers if t.id == "emergency")
URGENT = next(t for t in CATALOG.redflags.tiers if t.id == "urgent")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["plan", *args], input=input)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin is a terminal; answers come from CliRunner's input."""
    from sciatica_cli import settings

    monkeypatch.setattr(settings, "stdin_is_terminal", lambda: True)


def scripted(answers: dict[str, bool]):
    asked: list[str] = []

    def ask(question: str) -> bool:
        asked.append(question)
        return answers.get(question, False)

    return ask, asked


def test_the_interview_asks_red_flags_first_then_stage_then_conditions() -> None:
    ask, asked = scripted({"Has this pain lasted less than 6 weeks?": True,
                           CATALOG.conditions["pregnancy"].question: True})
    answers = interview(CATALOG, ask)
    emergency_questions = [s.question for s in EMERGENCY.signs]
    assert asked[:len(emergency_questions)] == emergency_questions
    assert asked.index("Has this pain lasted less than 6 weeks?") > len(emergency_questions)
    assert asked[-len(CATALOG.conditions):] == [c.question for c in CATALOG.conditions.values()]
    assert (answers.stage, answers.conditions, answers.urgent) == ("acute", ("pregnancy",), ())


def test_any_emergency_yes_stops_at_once() -> None:
    second = EMERGENCY.signs[1]
    ask, asked = scripted({second.question: True})
    result = interview(CATALOG, ask)
    assert isinstance(result, Emergency) and result.signs == (second,)
    assert asked == [EMERGENCY.signs[0].question, second.question]


def test_plan_cautions_come_from_the_content_tags() -> None:
    plan = build_plan(CATALOG, "acute", ("pregnancy",))
    relievers = next(i for i in plan.start_today if i.entry.id == "pain-relievers")
    applying = [f.caution for f in relievers.cautions if f.applies]
    assert applying and all("pregnancy" in c.conditions for c in applying)
    shown = {f.caution for f in relievers.cautions}
    for caution in relievers.entry.cautions:
        if caution.conditions and "pregnancy" not in caution.conditions:
            assert caution not in shown  # other people's cautions are left out
        if not caution.conditions:
            assert caution in shown  # general cautions always show
    assert [f.applies for f in relievers.cautions] == sorted(
        (f.applies for f in relievers.cautions), reverse=True)


def test_stage_picks_the_pages() -> None:
    acute = build_plan(CATALOG, "acute")
    chronic = build_plan(CATALOG, "chronic")
    assert all("acute" in i.entry.stages for i in acute.start_today + acute.ask_about)
    assert {i.entry.id for i in chronic.ask_about} == {
        e.id for e in CATALOG.of_kind("technique") if "chronic" in e.stages}


def test_without_a_terminal_it_refuses_unless_red_flags_are_confirmed() -> None:
    result = run("--stage", "acute")
    assert result.exit_code == 2
    assert "--no-red-flags" in result.stderr and result.stdout == ""
    missing_stage = run("--no-red-flags")
    assert missing_stage.exit_code == 2 and "--stage" in missing_stage.stderr


def test_scripted_plan_as_text() -> None:
    result = run("--no-red-flags", "--stage", "chronic", "--condition", "Blood Thinners")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Your plan  (chronic: 6 weeks or more; you told us: blood thinners")
    assert "Start today" in out and "Ask a massage therapist about" in out
    assert "For you: Do not have deep tissue massage if you take blood thinners" in out
    assert "not a diagnosis" in out.split("\n\n")[-1] and "sciatica redflags" in out


def test_scripted_plan_as_json() -> None:
    data = json.loads(run("--no-red-flags", "--stage", "acute", "--condition", "pregnancy",
                          "--json").stdout)
    assert data["stage"] == "acute" and data["conditions"] == ["pregnancy"]
    assert data["urgent"] == []
    assert {i["id"] for i in data["start_today"]} == {
        e.id for e in CATALOG.of_kind("selfcare") if "acute" in e.stages}
    first = data["start_today"][0]
    assert set(first) == {"id", "kind", "name", "summary", "evidence", "cautions"}
    assert set(first["cautions"][0]) == {"text", "sources", "references", "conditions",
                                         "applies"}
    numbers = [r["number"] for r in data["references"]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_an_unknown_condition_suggests() -> None:
    result = run("--no-red-flags", "--stage", "acute", "--condition", "pregnant")
    assert result.exit_code == 1
    assert "No condition called 'pregnant'. Did you mean: pregnancy" in result.stderr


def test_on_a_terminal_an_emergency_yes_shows_the_advice_and_nothing_else(terminal) -> None:
    result = run(input="n\ny\n")  # no to the first emergency question, yes to the second
    assert result.exit_code == 0
    assert EMERGENCY.signs[0].question in result.stdout
    assert EMERGENCY.signs[1].question in result.stdout
    after = result.stdout.split(EMERGENCY.signs[1].question, 1)[1]
    assert EMERGENCY.title in after and "Call an ambulance" in after
    assert "Your plan" not in result.stdout and "Start today" not in result.stdout


def test_on_a_terminal_a_full_interview(terminal) -> None:
    n_red = len(EMERGENCY.signs) + len(URGENT.signs)
    answers = ["n"] * len(EMERGENCY.signs) + ["y"] + ["n"] * (len(URGENT.signs) - 1)
    answers += ["y"]  # under 6 weeks
    answers += ["y" if c == "pregnancy" else "n" for c in CATALOG.conditions]
    result = run(input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("[y/N]") == n_red + 1 + len(CATALOG.conditions)
    plan = result.stdout.split("Your plan", 1)[1]
    assert "(acute: under 6 weeks; you told us: pregnancy)" in plan
    assert URGENT.title in plan and URGENT.signs[0].text[:40] in " ".join(plan.split())
