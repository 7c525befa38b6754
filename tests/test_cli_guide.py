"""The read-only guide as a reader meets it, on the small fixture catalog: what is printed,
on which stream, and the exit code. Golden renders are at 80 columns, with and without
colour; regenerate them with `pytest tests/test_cli_guide.py --update-golden` and review
the diff like any other change."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli import __version__
from sciatica_cli.cli import app
from sciatica_cli.settings import Settings, Terminals

ESC = "\x1b["
Golden = Callable[[str, str], None]


@pytest.fixture
def on_terminal() -> Settings:
    """Render as if stdout were a terminal (layout, colour), while CliRunner captures it."""
    return Settings(terminals=Terminals(stdout=True))


pytestmark = pytest.mark.usefixtures("mini_catalog")


def run(runner: CliRunner, *args: str, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


def test_no_arguments_shows_what_this_is_and_the_red_flag_pointer(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0
    assert "sciatica — an evidence-graded self-care guide, offline." in result.stdout
    for command in ("sciatica techniques [ID]", "sciatica selfcare [ID]", "sciatica compare",
                    "sciatica redflags", "sciatica search"):
        assert command in result.stdout
    assert result.stdout.rstrip().endswith("to see when to get help now.")
    assert "sciatica redflags" in result.stdout.splitlines()[-2]


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert (result.exit_code, result.stdout) == (0, f"sciatica {__version__}\n")


def test_piped_list_is_plain_one_entry_a_line(runner: CliRunner) -> None:
    result = run(runner, "techniques")
    assert result.exit_code == 0
    assert result.stdout == "alpha\tAlpha rub\tlow\tA test technique.\n"
    assert ESC not in result.stdout


def test_list_on_a_terminal_is_a_table(runner: CliRunner, on_terminal: Settings,
                                       golden: Golden) -> None:
    result = run(runner, "selfcare", "--color", "never", obj=on_terminal)
    assert result.exit_code == 0
    golden("selfcare-list.txt", result.stdout)


def test_page_golden_without_colour(runner: CliRunner, golden: Golden) -> None:
    result = run(runner, "techniques", "alpha")
    assert result.exit_code == 0
    assert ESC not in result.stdout
    golden("alpha-page.txt", result.stdout)


def test_page_golden_with_colour(runner: CliRunner, golden: Golden) -> None:
    result = run(runner, "selfcare", "beta", "--color", "always")
    assert result.exit_code == 0
    assert ESC in result.stdout
    golden("beta-page-color.txt", result.stdout)


def test_global_color_option_before_the_command(runner: CliRunner) -> None:
    result = run(runner, "--color", "always", "techniques", "alpha")
    assert ESC in result.stdout


def test_no_color_is_honoured_on_a_terminal(runner: CliRunner, on_terminal: Settings,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    result = run(runner, "techniques", "alpha", obj=on_terminal)
    assert ESC not in result.stdout
    assert "Alpha rub" in result.stdout


def test_auto_colour_when_stdout_is_a_terminal(runner: CliRunner,
                                              on_terminal: Settings) -> None:
    result = run(runner, "techniques", "alpha", obj=on_terminal)
    assert ESC in result.stdout


def test_page_parts_in_reading_order(runner: CliRunner) -> None:
    out = run(runner, "techniques", "alpha").stdout
    order = ["Alpha rub  (massage technique · best evidence: low)", "A test technique.",
             "First paragraph.", "Cautions: read these first", "! Skip it in tests. [1]",
             "What the evidence says", "• May help in tests.  [low] [2]", "At a glance",
             "See also: beta", "Sources",
             "[1] Test Organisation. A test page. https://example.org/page",
             "[2] Tester A. A test article. Journal of Tests. 2020. doi:10.1234/test.one",
             "This guide is not a diagnosis."]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)
    assert "sciatica redflags" in out.splitlines()[-2]


def test_stretches_show_steps_hold_and_when_to_stop(runner: CliRunner) -> None:
    out = run(runner, "selfcare", "beta").stdout
    assert "1. Beta one" in out
    assert "1) Lie down." in out and "2) Stand up." in out
    assert "Hold 20 seconds. Do it 2 times. Rest 10 seconds between." in out
    assert "Stop if: It hurts." in out


@pytest.mark.parametrize("query", ["alpha", "ALPHA", "Alpha Rub", "alpha-massage", "Alpha Massage",
                                   "alpha_rub"])
def test_ids_are_forgiving(runner: CliRunner, query: str) -> None:
    result = run(runner, "techniques", query, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "alpha"


def test_a_miss_suggests_and_exits_1(runner: CliRunner) -> None:
    result = run(runner, "techniques", "alfa")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "sciatica: No technique called 'alfa'. Did you mean: alpha?\n"


def test_a_miss_suggests_each_page_once(runner: CliRunner) -> None:
    # "a" is close to no name, but it is part of all three of alpha's (its id, name and
    # alias): alpha is offered once, where it used to be "alpha, alpha, alpha".
    result = run(runner, "techniques", "a")
    assert result.exit_code == 1
    assert result.stderr == "sciatica: No technique called 'a'. Did you mean: alpha?\n"


def test_a_selfcare_id_is_not_a_technique(runner: CliRunner) -> None:
    result = run(runner, "techniques", "beta")
    assert result.exit_code == 1
    assert "No technique called 'beta'" in result.stderr


def test_usage_error_exits_2(runner: CliRunner) -> None:
    result = run(runner, "techniques", "--colour", "never")
    assert result.exit_code == 2
    assert "No such option: --colour" in result.stderr
    result = run(runner, "techniques", "--color", "purple")
    assert result.exit_code == 2
    assert "'auto', 'always', 'never'" in result.stderr


def test_list_json_shape(runner: CliRunner) -> None:
    result = run(runner, "selfcare", "--json")
    assert json.loads(result.stdout) == [{
        "id": "beta", "kind": "selfcare", "name": "Beta stretch",
        "summary": "A test self-care page.", "evidence": "moderate",
        "evidence_population": "low-back-pain", "evidence_label": "moderate, from back pain",
        "local": False}]


def test_page_json_shape(runner: CliRunner) -> None:
    data = json.loads(run(runner, "techniques", "alpha", "--json").stdout)
    assert {"id", "kind", "name", "summary", "body", "claims", "cautions", "references",
            "evidence", "see_also", "attributes"} <= set(data)
    assert data["claims"] == [{"text": "May help in tests.", "evidence": "low",
                               "sources": ["src-one"], "population": "sciatica",
                               "effect": "benefit"}]
    assert (data["evidence"], data["evidence_population"], data["evidence_label"]) == (
        "low", "sciatica", "low")
    assert data["cautions"][0] == {"text": "Skip it in tests.", "sources": ["src-two"],
                                   "conditions": ["pregnancy"], "effect": "adapted"}
    assert [(r["number"], r["key"]) for r in data["references"]] == [(1, "src-two"), (2, "src-one")]
    assert data["references"][1]["doi"] == "10.1234/test.one"


def test_overview(runner: CliRunner) -> None:
    result = run(runner, "overview")
    assert result.exit_code == 0
    assert "Overview  (overview)" in result.stdout
    assert json.loads(run(runner, "overview", "--json").stdout)["id"] == "overview"


def test_compare_mixes_kinds(runner: CliRunner, golden: Golden) -> None:
    result = run(runner, "compare", "alpha", "Beta Stretch")
    assert result.exit_code == 0
    golden("compare-alpha-beta.txt", result.stdout)
    data = json.loads(run(runner, "compare", "alpha", "beta", "--json").stdout)
    assert data["attributes"] == ["pressure"]
    assert [(e["id"], e["evidence"], e["attributes"]["pressure"]) for e in data["entries"]] == [
        ("alpha", "low", "light"), ("beta", "moderate", "none")]


def test_compare_needs_two(runner: CliRunner) -> None:
    result = run(runner, "compare", "alpha")
    assert result.exit_code == 2
    assert "compare needs at least two ids" in result.stderr


def test_compare_unknown_id(runner: CliRunner) -> None:
    result = run(runner, "compare", "alpha", "betta")
    assert result.exit_code == 1
    assert "No entry called 'betta'. Did you mean: beta?" in result.stderr


def test_redflags(runner: CliRunner) -> None:
    result = run(runner, "redflags")
    assert result.exit_code == 0
    assert "Emergency" in result.stdout and "A test sign. [1]" in result.stdout
    data = json.loads(run(runner, "redflags", "--json").stdout)
    assert data["tiers"][0]["id"] == "emergency"
    assert data["tiers"][0]["signs"][0]["question"] == "Do you have the test sign?"


def test_search_ranks_and_shows_the_passage(runner: CliRunner) -> None:
    result = run(runner, "search", "stand")
    assert result.exit_code == 0
    assert result.stdout == "beta\tBeta stretch\tStand up.\n"
    data = json.loads(run(runner, "search", "test", "--json").stdout)
    assert data[0]["id"] in {"alpha", "beta", "overview"}
    assert all(set(h) == {"id", "kind", "name", "tier", "score", "field", "passage"} for h in data)
    assert [h["score"] for h in data] == sorted((h["score"] for h in data), reverse=True)


def test_search_name_outranks_body(runner: CliRunner) -> None:
    data = json.loads(run(runner, "search", "alpha", "--json").stdout)
    assert data[0]["id"] == "alpha" and data[0]["field"] == "name"


def test_search_nothing_matched_exits_1(runner: CliRunner) -> None:
    result = run(runner, "search", "zebra")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Nothing matched 'zebra'" in result.stderr


@pytest.mark.parametrize("command", ["overview", "techniques", "selfcare", "compare",
                                     "redflags", "search"])
def test_every_command_has_help_with_examples(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"sciatica {command}" in result.stdout


def test_shell_completion_is_offered(runner: CliRunner) -> None:
    assert "--install-completion" in run(runner, "--help").stdout


def test_a_long_page_on_a_terminal_goes_through_less_with_its_colours(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    import shutil
    import sys

    if not shutil.which("less"):
        pytest.skip("less is not installed")
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    assert script, "the sciatica script is installed beside this Python"
    env = {k: v for k, v in os.environ.items() if k not in ("LESS", "PAGER", "NO_COLOR")}
    env.update(SCIATICA_CACHE_DIR=str(tmp_path), TERM="xterm", COLUMNS="80", LINES="20")
    child = pexpect.spawn(script, ["techniques", "deep-tissue"], env=env, encoding="utf-8",
                          timeout=15, dimensions=(20, 80))
    child.expect(r"\n:")  # less waits for a key: the page is longer than the screen
    shown = child.before
    assert "Deep tissue massage" in shown
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # Without less -R the reader sees each colour code spelt out, as a reversed "ESC".
    assert "ESC" not in shown
    assert "\x1b[1mDeep tissue massage" in shown  # the title in bold, as it should be
