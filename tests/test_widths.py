"""Widths as a reader meets them: any COLUMNS gives a readable page, running text stops at
100 columns, and a narrow terminal stacks a list instead of cutting its names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli import settings
from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.settings import Settings, Terminals

CATALOG = load_catalog()
SIGNS = [s for tier in CATALOG.redflags.tiers for s in tier.signs]


def run(*args: str, columns: str | None, obj: Settings | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": columns} if columns is not None else {"COLUMNS": ""}
    result = CliRunner().invoke(app, ["--color", "never", *args], env=env, obj=obj)
    return result.exit_code, result.stdout, result.stderr


def text_lines(out: str) -> list[str]:
    """Lines of running text: a web address longer than the line stays whole by design."""
    return [line for line in out.splitlines() if "://" not in line]


def flat(out: str) -> str:
    return " ".join(out.split())


@pytest.mark.parametrize("columns,width", [
    (None, 80), ("", 80), ("abc", 80), ("0", 80), ("-5", 80), ("12", 40), ("39", 40),
    ("120", 120), ("99999999", 200), ("1e9", 80),
])
def test_any_columns_value_gives_a_width_from_40_to_200(
        columns: str | None, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert settings.columns() == width


@pytest.mark.parametrize("columns", ["0", "abc", "-3", "", "7"])
def test_a_bad_columns_still_shows_every_red_flag(columns: str) -> None:
    code, out, err = run("redflags", columns=columns)
    assert code == 0 and "Traceback" not in err
    for sign in SIGNS:
        assert flat(sign.text) in flat(out)
    assert max(len(line) for line in text_lines(out)) <= 80


def test_a_huge_columns_is_quick_and_text_stops_at_100_columns(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "99999999", "SCIATICA_CACHE_DIR": str(tmp_path)}
    # A timeout, not a timing: before the clamp this took 45 seconds.
    result = subprocess.run([sys.executable, "-m", "sciatica_cli", "redflags"], env=env,
                            capture_output=True, text=True, timeout=20)
    assert result.returncode == 0
    lines = text_lines(result.stdout)
    assert max(len(line) for line in lines) <= 100
    assert max(len(line) for line in lines) > 90  # it does use the room it has


def test_running_text_stops_at_100_columns_on_a_wide_terminal() -> None:
    code, out, _ = run("techniques", "deep-tissue", columns="180")
    assert code == 0
    assert 90 < max(len(line) for line in text_lines(out)) <= 100


@pytest.fixture
def on_terminal() -> Settings:
    """Lists take their terminal form (a table), while CliRunner still captures them."""
    return Settings(terminals=Terminals(stdout=True))


@pytest.mark.parametrize("columns", ["40", "45", "59"])
def test_below_60_columns_a_list_stacks_each_entry_and_keeps_names_whole(
        columns: str, on_terminal: Settings) -> None:
    code, out, _ = run("techniques", columns=columns, obj=on_terminal)
    assert code == 0 and "…" not in out
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    lines = [line.strip() for line in out.splitlines()]
    for item in CATALOG.listing("technique"):
        assert item.name in lines  # the name whole, on a line of its own
        at = lines.index(item.name)
        assert lines[at + 1] == item.id
        # The label may fold at a narrow width, but reads whole after "evidence:".
        assert flat(" ".join(lines[at + 2:at + 4])).startswith(
            flat(f"evidence: {item.best_evidence.label}"))
        assert flat(item.summary) in flat(out)


def test_at_60_columns_a_list_is_a_table(on_terminal: Settings) -> None:
    code, out, _ = run("techniques", columns="60", obj=on_terminal)
    assert code == 0
    assert out.splitlines()[0].split() == ["id", "name", "evidence", "summary"]


def test_paths_stack_below_60_columns(on_terminal: Settings) -> None:
    code, out, _ = run("paths", columns="44", obj=on_terminal)
    assert code == 0
    for entry_id in CATALOG.origins:
        assert any(line.split() == [entry_id, "bundled"] for line in out.splitlines())


def test_a_narrow_real_terminal_without_columns_stacks_the_list(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    assert script, "the sciatica script is installed beside this Python"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(SCIATICA_CACHE_DIR=str(tmp_path), TERM="dumb")
    child = pexpect.spawn(script, ["--color", "never", "techniques"], env=env,
                          encoding="utf-8", timeout=15, dimensions=(50, 44))
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before.replace("\r\n", "\n")
    assert child.exitstatus == 0
    for item in CATALOG.listing("technique"):
        assert item.name in [line.strip() for line in shown.splitlines()]
    assert max(len(line) for line in shown.splitlines()) <= 44


ALL_ENTRIES = sorted(CATALOG.entries)


@pytest.mark.parametrize("columns", ["80", "120"])
def test_a_compare_too_wide_for_the_terminal_stacks_and_keeps_words_whole(
        columns: str, on_terminal: Settings) -> None:
    # Eight columns in 80 folded every word ("massag" / "e"); stacked, each summary and
    # name reads whole, and each entry's rows sit under its own name.
    code, out, _ = run("compare", *ALL_ENTRIES, columns=columns, obj=on_terminal)
    assert code == 0
    for entry_id in ALL_ENTRIES:
        entry = CATALOG.entries[entry_id]
        assert entry.name in out.splitlines()
        assert " ".join(entry.summary.split()) in flat(out)
    assert max(len(line) for line in out.splitlines()) <= int(columns)


def test_a_compare_that_fits_stays_side_by_side(on_terminal: Settings) -> None:
    code, out, _ = run("compare", "swedish", "deep-tissue", "heat-and-cold", columns="80",
                       obj=on_terminal)
    assert code == 0
    names = [CATALOG.entries[i].name for i in ("swedish", "deep-tissue", "heat-and-cold")]
    assert not any(line.strip() == name for name in names for line in out.splitlines())
    assert "┃" in out  # one table, the entries as its columns
