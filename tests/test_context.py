"""The plumbing every command shares: one Settings built per command (terminals decided
once), one place that turns failures into exit codes, one helper for `-o`."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import app
from sciatica_cli.settings import ColorChoice, Settings, Terminals

PACKAGE = Path(__file__).resolve().parent.parent / "sciatica_cli"


@pytest.mark.parametrize("terminals, person", [
    (Terminals(stdin=True, stdout=True, stderr=True), "stdout"),
    (Terminals(stdin=True, stdout=False, stderr=True), "stderr"),  # sciatica plan > plan.txt
    (Terminals(stdin=False, stdout=False, stderr=False), None),  # cron: no terminal at all
], ids=["terminal", "stdout-to-a-file", "cron"])
def test_questions_and_red_flags_go_to_the_persons_terminal(terminals: Terminals,
                                                          person: str | None) -> None:
    s = Settings(terminals=terminals)
    assert s.person is (getattr(sys, person) if person else None)
    assert s.can_ask is (person is not None)
    # Advice always goes somewhere: the person's terminal, or stderr for the log.
    assert s.advice.stream is (getattr(sys, person) if person else sys.stderr)
    assert s.advice.color is (person is not None)
    assert s.piped is not terminals.stdout and s.color is terminals.stdout


def test_colour_is_decided_once_for_stdout_and_the_persons_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    on_terminal = Terminals(stdin=True, stdout=True, stderr=True)
    assert Settings(ColorChoice.NEVER, terminals=on_terminal).out.color is False
    assert Settings(ColorChoice.ALWAYS, terminals=Terminals()).out.color is True
    monkeypatch.setenv("NO_COLOR", "1")
    s = Settings(terminals=on_terminal)
    assert (s.out.color, s.advice.color) == (False, False)
    assert s.out.terminal and s.out.pager


def test_a_settings_handed_in_is_the_one_the_command_uses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    piped = CliRunner().invoke(app, ["techniques"])
    table = CliRunner().invoke(app, ["techniques"], obj=Settings(
        ColorChoice.NEVER, terminals=Terminals(stdout=True)))
    assert "\t" in piped.stdout.splitlines()[0]  # one entry a line, tab-separated
    assert table.stdout.splitlines()[0].split() == ["id", "name", "evidence", "summary"]
    # Options on the command line still apply to a Settings handed in.
    coloured = CliRunner().invoke(app, ["--color", "always", "redflags"],
                                  obj=Settings(terminals=Terminals()))
    assert "\x1b[" in coloured.stdout


def test_the_settings_carry_the_cache_folder_the_catalog_is_kept_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(tmp_path / "cache"))
    settings = Settings(terminals=Terminals())
    assert settings.cache_dir == tmp_path / "cache"
    settings.catalog.all_fresh()
    assert settings.catalog.cache_path is not None
    assert settings.catalog.cache_path.parent == tmp_path / "cache"


def _calls(name: str) -> list[str]:
    """Where sciatica_cli calls `name` (a function or attribute name), as file:line."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_only_one_place_ends_a_command_with_an_exit_code() -> None:
    # Commands raise an error (errors.py) and commands.common.friendly turns it into its
    # line and code; `--version` is Click's own early exit.
    places = {p.split(":")[0] for p in _calls("Exit")}
    assert places == {"commands/common.py", "cli.py"}, places
    assert len(_calls("isatty")) == 1, _calls("isatty")  # Terminals.detect


def test_only_the_output_helper_writes_a_named_file() -> None:
    assert [p.split(":")[0] for p in _calls("atomic_write")] == ["output.py"]


def test_the_failure_lines_come_from_one_function(capsys: pytest.CaptureFixture[str]) -> None:
    from sciatica_cli.errors import (EXIT_EMERGENCY, EXIT_NOT_FOR_YOU, EmergencyReported,
                                     NotForYou, UsageError)
    from sciatica_cli.render.messages import fail

    assert fail(EmergencyReported()) == EXIT_EMERGENCY
    assert capsys.readouterr().err == ""  # the advice was shown already
    assert fail(NotForYou(["'a' is not for this reader", "'b' is not for this reader"])) \
        == EXIT_NOT_FOR_YOU
    assert capsys.readouterr().err == ("sciatica: 'a' is not for this reader\n"
                                       "sciatica: 'b' is not for this reader\n")
    assert fail(UsageError("give --stage\x1b[31m")) == 2
    assert capsys.readouterr().err == "sciatica: give --stage\\x1b[31m\n"
