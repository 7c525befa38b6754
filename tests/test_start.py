"""The start screen and the help, as a new user meets them: the personal commands are listed,
and no description is cut short."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import COMMANDS, app, first_paragraph

PERSONAL = ("sciatica plan", "sciatica routine", "sciatica handout", "sciatica diary add")


def run(*args: str, columns: str = "80"):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": columns})


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("columns", ["80", "44"])
def test_the_start_screen_lists_the_personal_commands(columns: str) -> None:
    result = run("--color", "never", columns=columns)
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "For you" in lines
    personal = result.stdout.split("For you", 1)[1]
    for command in PERSONAL:
        assert command in personal
    for command in ("sciatica redflags", "sciatica techniques [ID]", "sciatica overview"):
        assert command in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)
    assert "`sciatica redflags`" in flat(result.stdout.split("For you", 1)[1])


def test_the_start_screen_reads_no_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """`sciatica` alone lists commands; it never waits for the catalog (a big folder's
    first build takes seconds)."""
    from sciatica_cli import cache

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the start screen loaded the catalog")

    monkeypatch.setattr(cache, "load", refuse)
    result = run("--color", "never")
    assert result.exit_code == 0, result.output
    assert "Start here" in result.stdout


def test_narrow_start_screen_keeps_each_command_whole_on_its_line() -> None:
    lines = [line.strip() for line in run("--color", "never", columns="44").stdout.splitlines()]
    assert "sciatica handout ID… -o FILE" in lines
    assert "sciatica techniques [ID]" in lines


def _commands_section(text: str) -> str:
    return text.split("Commands:", 1)[1]


def test_help_shows_every_description_whole() -> None:
    from importlib import import_module

    section = _commands_section(run("--help").stdout)
    assert "..." not in section
    for name, (module, attr) in COMMANDS.items():
        target = getattr(import_module(f"sciatica_cli.commands.{module}"), attr)
        doc = target.info.help if hasattr(target, "info") else target.__doc__
        assert flat(first_paragraph(doc)) in flat(section), name


def test_diary_help_shows_every_description_whole() -> None:
    from sciatica_cli.commands.diary import app as diary

    section = _commands_section(run("diary", "--help").stdout)
    assert "..." not in section
    for command in diary.registered_commands:
        assert flat(first_paragraph(command.callback.__doc__)) in flat(section)
