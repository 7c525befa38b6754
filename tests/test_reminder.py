"""One "not a diagnosis" reminder (wording.NOT_A_DIAGNOSIS), in the same words wherever a
person reads advice, and a red-flag tier drawn one way on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.wording import NOT_A_DIAGNOSIS

CATALOG = load_catalog()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("args", [
    ["techniques", "swedish"], ["selfcare", "stretching"], ["compare", "swedish", "stretching"],
    ["redflags"], ["stretch", "knee-to-chest"], ["routine", "--list"], ["overview"], [],
], ids=lambda a: " ".join(a) or "no-arguments")
def test_every_terminal_view_ends_with_the_one_reminder(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert flat(result.stdout).endswith(flat(NOT_A_DIAGNOSIS))
    assert flat(result.stdout).count(flat(NOT_A_DIAGNOSIS)) == 1


def test_the_diary_chart_and_the_report_use_it_too(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCIATICA_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    assert runner.invoke(app, ["diary", "add", "4", "--note", "a walk"]).exit_code == 0
    shown = runner.invoke(app, ["diary", "show"])
    assert shown.exit_code == 0, shown.stderr
    assert flat(NOT_A_DIAGNOSIS) in flat(shown.stdout)
    report = runner.invoke(app, ["diary", "report", "--format", "markdown", "-o", "-"])
    assert report.exit_code == 0, report.stderr
    assert f"**{NOT_A_DIAGNOSIS}**" in report.stdout


def test_a_tier_is_a_badge_in_its_colour_on_the_red_flag_page() -> None:
    out = CliRunner().invoke(app, ["--color", "always", "redflags"]).stdout
    titles = {t.id: t.title for t in CATALOG.redflags.tiers}
    # white on red, black on yellow, black on cyan: as the plan draws them
    assert f"\x1b[1;37;41m {titles['emergency']} \x1b[0m" in out
    assert f"\x1b[1;30;43m {titles['urgent']} \x1b[0m" in out
    assert f"\x1b[1;30;46m {titles['routine']} \x1b[0m" in out
