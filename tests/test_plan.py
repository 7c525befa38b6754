"""`sciatica plan`: the interview, the refusal without a terminal, and a plan drawn from the
content's condition tags."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.settings import Settings, Terminals
from sciatica_cli.plan import Emergency, Step, build_plan, interview, parse_picks

CATALOG = load_catalog()
EMERGENCY = next(t for t in CATALOG.redflags.tiers if t.id == "emergency")
URGENT = next(t for t in CATALOG.redflags.tiers if t.id == "urgent")


def run(*args: str, input: str | None = None, obj: Settings | None = None):
    return CliRunner().invoke(app, ["plan", *args], input=input, obj=obj)


@pytest.fixture
def terminal() -> Settings:
    """stdin and stderr are the terminal, so the person's terminal is stderr; answers come
    from CliRunner's input, and stdout is a file."""
    return Settings(terminals=Terminals(stdin=True, stderr=True))


def scripted(answers: dict[str, tuple[int, ...]]):
    asked: list[Step] = []

    def ask(step: Step) -> tuple[int, ...]:
        asked.append(step)
        return answers.get(step.title, (1,) if step.one else ())

    return ask, asked


def test_the_interview_is_one_checklist_a_tier_then_stage_then_conditions() -> None:
    ask, asked = scripted({"How long": (0,), "Your health": (
        list(CATALOG.conditions).index("pregnancy"),)})
    answers = interview(CATALOG, ask)
    assert [s.title for s in asked] == [EMERGENCY.title, URGENT.title, "How long",
                                        "Your health"]
    assert [(s.number, s.of) for s in asked] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert asked[0].options == tuple(s.text for s in EMERGENCY.signs)
    assert asked[1].options == tuple(s.text for s in URGENT.signs)
    # The conditions come from the catalog, whatever it holds, except cancer: it was asked
    # with the red flags, and is not asked twice.
    assert asked[3].options == tuple(c.name for c in CATALOG.conditions.values()
                                     if c.id != "cancer")
    assert (answers.stage, answers.conditions, answers.urgent) == ("acute", ("pregnancy",), ())


def test_a_cancer_answer_is_asked_once_and_counts_as_the_condition() -> None:
    cancer = CATALOG.conditions["cancer"]
    sign = next(i for i, s in enumerate(URGENT.signs) if s.id == cancer.red_flag)
    ask, asked = scripted({URGENT.title: (sign,)})
    answers = interview(CATALOG, ask)
    assert cancer.name not in asked[-1].options
    assert "cancer" in answers.conditions
    assert [s.id for s in answers.urgent] == [cancer.red_flag]
    # Given as a flag after confirming no red flags, it still brings the sign to the plan.
    result = run("--no-red-flags", "--stage", "chronic", "--condition", "cancer")
    out = " ".join(result.stdout.split())
    assert URGENT.title in out and URGENT.signs[sign].text in out
    assert cancer.advice.split(".")[0] in out


def test_any_emergency_sign_stops_at_once() -> None:
    ask, asked = scripted({EMERGENCY.title: (1, 3)})
    result = interview(CATALOG, ask)
    assert isinstance(result, Emergency)
    assert result.signs == (EMERGENCY.signs[1], EMERGENCY.signs[3])
    assert len(asked) == 1


def test_flags_answer_their_steps() -> None:
    ask, asked = scripted({})
    interview(CATALOG, ask, stage="acute", red_flags_checked=True)
    assert [(s.title, s.number, s.of) for s in asked] == [("Your health", 1, 1)]
    urgent = interview(CATALOG, ask, stage="acute", conditions=(), reported=(URGENT.signs[2],))
    assert urgent.urgent == (URGENT.signs[2],) and len(asked) == 1
    found = interview(CATALOG, ask, reported=(URGENT.signs[0], EMERGENCY.signs[4]))
    assert isinstance(found, Emergency) and found.signs == (EMERGENCY.signs[4],)


@pytest.mark.parametrize("typed,picks", [
    ("none", ()), ("None ", ()), ("no", ()), ("2", (1,)), ("1 3", (0, 2)), ("3,1", (2, 0)),
    ("1, 1", (0,)),
])
def test_answers_are_numbers_or_none(typed: str, picks: tuple[int, ...]) -> None:
    step = Step(1, 4, "t", "lead", ("a", "b", "c"))
    assert parse_picks(typed, step) == picks


@pytest.mark.parametrize("typed,message", [
    ("", "Please answer"), ("   ", "Please answer"), ("4", "'4' is not one of the choices"),
    ("0", "'0' is not"), ("yes", "'yes' is not"), ("none 2", "'none' is not"),
])
def test_a_checklist_has_no_default_and_refuses_what_it_cannot_read(typed: str,
                                                                    message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_picks(typed, Step(1, 4, "t", "lead", ("a", "b", "c")))


def test_the_stage_takes_exactly_one() -> None:
    step = Step(3, 4, "How long", "lead", ("short", "long"), one=True)
    assert parse_picks("2", step) == (1,)
    for typed in ("none", "1 2", ""):
        with pytest.raises(ValueError):
            parse_picks(typed, step)


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
    # NICE NG59 order: exercise first, massage last as an optional extra.
    assert out.index("Stay active and exercise") < out.index("Other things you can do yourself") \
        < out.index("Optional extra, only alongside exercise: massage") \
        < out.index("Not for you, and why")
    # A caution that rules deep tissue out puts it under "Not for you", never above it.
    before, after = out.split("Not for you, and why")
    assert "Deep tissue massage" not in before
    assert "Deep tissue massage" in after
    assert "Do not have deep tissue massage if you take blood thinners" in after
    assert "Change it for you: If you take blood thinners or have a bleeding problem, tell" \
        in " ".join(before.split())
    assert "not a diagnosis" in out.split("\n\n")[-1] and "sciatica redflags" in out


def test_scripted_plan_as_json() -> None:
    data = json.loads(run("--no-red-flags", "--stage", "acute", "--condition", "pregnancy",
                          "--json").stdout)
    assert data["stage"] == "acute" and data["conditions"] == ["pregnancy"]
    assert data["urgent"] == []
    assert {i["id"] for i in data["start_today"]} == {
        e.id for e in CATALOG.of_kind("selfcare") if "acute" in e.stages}
    first = data["start_today"][0]
    assert set(first) == {"id", "kind", "name", "summary", "evidence", "evidence_population",
                          "evidence_label", "cautions", "verdict", "stretches_not_for_you"}
    assert set(first["cautions"][0]) == {"text", "sources", "references", "conditions",
                                         "applies", "effect"}
    assert [s["id"] for s in data["sections"]] == ["exercise", "self-care", "massage"]
    assert data["sections"][0]["items"] == ["gentle-exercise", "stretching"]
    assert {n["id"] for n in data["not_for_you"]} == {
        e.id for e in CATALOG.entries.values() if e.kind != "overview"
        and "acute" not in e.stages}
    numbers = [r["number"] for r in data["references"]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_an_unknown_condition_suggests() -> None:
    result = run("--no-red-flags", "--stage", "acute", "--condition", "pregnant")
    assert result.exit_code == 1
    assert "No condition called 'pregnant'. Did you mean: pregnancy" in result.stderr


def test_on_a_terminal_an_emergency_sign_shows_the_advice_and_exits_3(terminal) -> None:
    result = run(input="\n2\n", obj=terminal)  # Enter alone is not an answer; then sign 2
    assert result.exit_code == 3
    asked = result.stderr
    assert "Step 1 of 4" in asked and "Please answer" in asked
    after = asked.split("Type their numbers, or none:")[-1]
    assert EMERGENCY.title in after and "Call an ambulance" in after
    assert "Step 2" not in asked
    # stdout is a file here: it holds the advice in place of a plan, and no question.
    assert result.stdout.lstrip().startswith(EMERGENCY.title)
    assert "Call an ambulance" in result.stdout and "Step 1" not in result.stdout
    assert "Your plan" not in result.stdout


def test_on_a_terminal_a_full_interview_in_four_answers(terminal) -> None:
    pregnancy = list(CATALOG.conditions).index("pregnancy") + 1
    result = run(input=f"none\n1\n1\n{pregnancy}\n", obj=terminal)
    assert result.exit_code == 0, result.stderr
    prompts = ("Type their numbers, or none: ", "Type 1 to 2: ")
    assert sum(result.stderr.count(p) for p in prompts) == 4
    for sign in EMERGENCY.signs + URGENT.signs:
        assert " ".join(sign.text.split()) in " ".join(result.stderr.split())
    plan = result.stdout
    assert plan.startswith("Your plan")
    assert "(acute: under 6 weeks; you told us: pregnancy)" in plan
    assert URGENT.title in plan and URGENT.signs[0].text[:40] in " ".join(plan.split())
    assert "Step" not in plan and "Type " not in plan


def test_a_script_names_its_red_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    # cron: no terminal at all (conftest keeps /dev/tty out of reach too)
    urgent = run("--red-flag", URGENT.signs[1].id, "--stage", "chronic")
    assert urgent.exit_code == 0 and URGENT.title in urgent.stdout
    found = run("--red-flag", "Saddle Numbness", "--json")
    assert found.exit_code == 3
    assert json.loads(found.stdout) == {"emergency": json.loads(found.stdout)["emergency"],
                                        "reported": ["saddle-numbness"]}
    assert "Call an ambulance" in found.stderr  # the log gets the advice too
    text = run("--red-flag", "saddle-numbness")
    assert text.exit_code == 3 and "Call an ambulance" in text.stdout
    routine = run("--red-flag", "not-improving", "--stage", "acute")
    assert routine.exit_code == 2 and "routine sign" in routine.stderr
    both = run("--red-flag", "fever", "--no-red-flags", "--stage", "acute")
    assert both.exit_code == 2


def test_ctrl_d_stops_without_a_plan(terminal) -> None:
    result = run(input="none\n", obj=terminal)
    assert result.exit_code == 1
    assert "no plan was made" in result.stderr and result.stdout == ""
