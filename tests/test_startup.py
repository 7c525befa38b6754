"""Start-up work kept off every command: `--json` never imports Rich, and a start from the
catalog cache neither parses YAML nor imports the validation library."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from sciatica_cli.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded_modules(*args: str, env: dict[str, str]) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=env, check=True)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SCIATICA_DATA"}
    env["SCIATICA_CACHE_DIR"] = str(tmp_path / "cache")
    return env


@pytest.mark.parametrize("args", [
    ["techniques", "--json"], ["techniques", "deep-tissue", "--json"],
    ["selfcare", "--json"], ["compare", "swedish", "stretching", "--json"],
    ["redflags", "--json"], ["search", "nerve", "--json"], ["overview", "--json"],
    ["sources", "--json"],
], ids=" ".join)
def test_json_does_not_import_rich(args: list[str], env: dict[str, str]) -> None:
    loaded_modules(*args, env=env)  # fill the cache
    assert "rich" not in loaded_modules(*args, env=env)


def test_a_warm_start_does_not_parse_or_validate(env: dict[str, str]) -> None:
    first = loaded_modules("techniques", "deep-tissue", env=env)
    assert {"yaml", "rich"} <= first
    warm = loaded_modules("techniques", "deep-tissue", env=env)
    assert "yaml" not in warm
    assert "sciatica_cli" in warm and "rich" in warm


@pytest.mark.parametrize("argv,expected", [
    (["techniques", "deep-tissue"], "techniques"),
    (["--color", "never", "--data-dir", "x", "search", "heat"], "search"),
    (["--color=never", "diary", "list"], "diary"),
    (["--help"], None), (["-h", "techniques"], None), ([], None), (["--version"], None),
    (["tehcniques"], None),  # a typo: every command, so the error can suggest the right one
])
def test_only_the_requested_command_is_built(argv: list[str], expected: str | None) -> None:
    from sciatica_cli.cli import requested_command

    assert requested_command(argv) == expected


def test_the_installed_command_lists_every_command_and_runs_one(env: dict[str, str]) -> None:
    from sciatica_cli.cli import COMMANDS

    run = [sys.executable, "-m", "sciatica_cli"]
    listing = subprocess.run([*run, "--help"], capture_output=True, text=True, env=env).stdout
    for name in COMMANDS:
        assert f"  {name} " in listing
    typo = subprocess.run([*run, "tehcniques"], capture_output=True, text=True, env=env)
    assert typo.returncode == 2 and "No such command 'tehcniques'" in typo.stderr
    page = subprocess.run([*run, "--color", "never", "techniques", "swedish"],
                          capture_output=True, text=True, env=env)
    assert page.returncode == 0 and page.stdout.startswith("Swedish massage")


FULL_PROBE = PROBE.replace("m.split('.')[0] for m in sys.modules", "m for m in sys.modules")
DRAWING = {"sciatica_cli.render.figure", "sciatica_cli.pose"}


def full_modules(*args: str, env: dict[str, str]) -> set[str]:
    result = subprocess.run([sys.executable, "-c", FULL_PROBE, *args], capture_output=True,
                            text=True, env=env, check=True)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["selfcare", "stretching"], ["selfcare", "stretching", "--json"],
                                  ["routine", "--list"], ["search", "knee"]], ids=" ".join)
def test_read_commands_do_not_load_the_drawing_code(args: list[str], env: dict[str, str]) -> None:
    assert not full_modules(*args, env=env) & DRAWING


def test_the_drawing_command_does(env: dict[str, str]) -> None:
    assert full_modules("stretch", "knee-to-chest", "--figure", env=env) >= DRAWING


READ_COMMANDS = [
    ["techniques"], ["techniques", "--json"], ["techniques", "swedish"],
    ["selfcare", "stretching"], ["selfcare", "stretching", "--json"],
    ["compare", "swedish", "stretching"], ["compare", "swedish", "deep-tissue", "stretching"],
    ["compare", "swedish", "stretching", "--json"],
    ["redflags"], ["redflags", "--json"], ["search", "heat"], ["search", "nerve", "--json"],
    ["sources"], ["sources", "--format", "markdown"], ["sources", "--format", "bibtex"],
    ["overview"], ["overview", "--json"], ["paths"],
    ["plan", "--no-red-flags", "--stage", "acute"],
    ["plan", "--no-red-flags", "--stage", "chronic", "--condition", "pregnancy", "--json"],
    ["routine", "--list"], ["stretch", "knee-to-chest"],
    ["diary", "list", "--json"], ["diary", "show"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=" ".join)
def test_read_commands_do_not_load_the_report_template_engine(args: list[str],
                                                              env: dict[str, str],
                                                              tmp_path) -> None:
    env = {**env, "SCIATICA_HOME": str(tmp_path / "home")}
    assert "jinja2" not in loaded_modules(*args, env=env)


def test_the_html_report_does(env: dict[str, str], tmp_path) -> None:
    env = {**env, "SCIATICA_HOME": str(tmp_path / "home")}
    assert "jinja2" in loaded_modules("diary", "report", "--format", "html", "-o",
                                      str(tmp_path / "r.html"), env=env)


def test_the_markdown_handout_imports_neither_rich_nor_the_template_engine(
        env: dict[str, str], tmp_path) -> None:
    loaded = loaded_modules("handout", "stretching", "swedish", "-o", str(tmp_path / "h.md"),
                            env=env)
    assert "sciatica_cli" in loaded and not {"rich", "jinja2"} & loaded


def test_the_html_handout_loads_the_template_engine(env: dict[str, str], tmp_path) -> None:
    assert "jinja2" in loaded_modules("handout", "stretching", "-o",
                                      str(tmp_path / "h.html"), env=env)
