"""Running `sciatica diary ...` in-process, for the diary's tests (with conftest's `home`)."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from sciatica_cli.cli import app


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["diary", *args])
