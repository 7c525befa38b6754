"""Help that stands alone: someone who installed with pip has no README, so `-h` itself lists
the conditions, the evidence grades and the export formats."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.reference_export import Format
from sciatica_cli.cli import app
from sciatica_cli.models import EVIDENCE_GRADES


def help_of(monkeypatch: pytest.MonkeyPatch, *command: str) -> str:
    result = CliRunner().invoke(app, [*command, "-h"])
    assert result.exit_code == 0, result.output
    # Help wraps to the width, breaking lines after a dash too: join it back into one text.
    return re.sub(r"\n\s+", " ", re.sub(r"-\n\s+", "-", result.stdout))


def test_plan_help_lists_every_bundled_condition_and_not_the_readme(
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = help_of(monkeypatch, "plan")
    conditions = list(load_catalog().conditions)
    assert len(conditions) >= 10
    listed = out.split("A condition that applies to you (")[1].split(", or one from")[0]
    assert listed.split(", ") == conditions
    assert "README" not in out


@pytest.mark.parametrize("command", ["techniques", "selfcare"])
def test_list_help_names_every_evidence_grade(monkeypatch: pytest.MonkeyPatch,
                                              command: str) -> None:
    out = help_of(monkeypatch, command)
    for grade in EVIDENCE_GRADES:
        assert grade in out, grade


def test_sources_help_names_every_format_and_what_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = help_of(monkeypatch, "sources")
    description = out.split("Formats:")[1].split("Examples:")[0]
    for fmt in Format:
        assert fmt.value in description, fmt
    for reader in ("pandoc", "Zotero", "EndNote"):
        assert reader in description


def test_the_readme_lists_every_bundled_condition() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    line = " ".join(readme.split("Conditions (`--condition`, ids or names):")[1]
                    .split(". `sciatica plan -h`")[0].split())
    assert line.split(", ") == list(load_catalog().conditions)
