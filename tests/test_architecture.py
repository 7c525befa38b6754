"""ARCHITECTURE.md stays true: every file and folder it names exists, and every command is
one hop from its name (cli.COMMANDS names a module and a function that are there)."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAP = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def named_paths() -> list[str]:
    """Every module it names (`render/terminal.py`, catalog.py in the flow) and every folder
    in backticks (`views/`, `data/`)."""
    modules = re.findall(r"(?<![\w.])([\w/]+\.py)\b", MAP)
    folders = re.findall(r"`([\w./-]+/)`", MAP)
    return sorted(set(modules) | set(folders))


@pytest.mark.parametrize("name", named_paths())
def test_every_file_and_folder_it_names_exists(name: str) -> None:
    bare = name.rstrip("/")
    places = [ROOT / bare, ROOT / "sciatica_cli" / bare, ROOT / "sciatica_cli" / "render" / bare,
              ROOT / "sciatica_cli" / "commands" / bare, ROOT / "sciatica_cli" / "views" / bare,
              ROOT / "tests" / bare]
    assert any(p.exists() for p in places), f"ARCHITECTURE.md names {name}, which is gone"


def test_it_names_what_it_must() -> None:
    for must in ("settings.py", "errors.py", "output.py", "commands/", "render/", "COMMANDS"):
        assert must in MAP


def test_every_command_is_one_hop_from_its_name() -> None:
    from sciatica_cli.cli import COMMANDS

    for name, (module, function) in COMMANDS.items():
        found = import_module(f"sciatica_cli.commands.{module}")
        assert hasattr(found, function), f"sciatica {name}: no {function} in commands/{module}.py"
