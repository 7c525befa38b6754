"""Shared test set-up: a clean environment, a CliRunner, the small fixture catalog, and the
golden-file check (`pytest --update-golden` rewrites the files instead of comparing)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli import content_files

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from what the program prints now, instead "
                          "of comparing; review `git diff tests/golden` before committing.")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare a render with tests/golden/NAME; on a difference, fail with a unified diff in
    which escape codes are spelled out, so a colour change is as readable as a text one."""
    update = request.config.getoption("--update-golden") or bool(os.environ.get("UPDATE_GOLDEN"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(actual)
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}: run `pytest --update-golden` and review it")
        expected = path.read_text()
        if actual != expected:
            def visible(text: str) -> list[str]:
                return text.replace("\x1b", "\\x1b").splitlines(keepends=True)

            diff = "".join(difflib.unified_diff(visible(expected), visible(actual),
                                                f"{path} (expected)", "printed now", n=2))
            pytest.fail(f"render differs from {path}; if the change is meant, run "
                        f"`pytest --update-golden` and review `git diff tests/golden`:\n{diff}",
                        pytrace=False)

    return check


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    """Tests see what a new user sees: no colour settings, no user folders, 80 columns."""
    for name in ("NO_COLOR", "FORCE_COLOR", "SCIATICA_DATA", "PAGER", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SCIATICA_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # Where the guide falls back to when a cache folder is unsafe: never the real home.
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("user")))
    # In-process runs never reach for the terminal pytest was started from (/dev/tty);
    # the pexpect tests give the program a real one.
    from sciatica_cli import settings

    monkeypatch.setattr(settings, "controlling_terminal", lambda: None)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The diary's folder (SCIATICA_HOME) for this test, where the test can look inside."""
    monkeypatch.setenv("SCIATICA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def mini_catalog(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the bundled content at the small, stable fixture catalog."""
    folder = FIXTURES / "mini"
    monkeypatch.setattr(content_files, "bundled_data_dir", lambda: folder)
    return folder


GAMMA = """\
id: gamma
kind: technique
name: Gamma press
summary: A local technique.
body: |
  Local body.
claims:
  - text: Helps locally.
    evidence: very-low
    population: sciatica
    effect: benefit
    sources: [src-local]
cautions:
  - text: Ask first.
see_also: [alpha]
"""
LOCAL_SOURCES = """\
src-local:
  type: webpage
  title: Our clinic leaflet
  authors:
    - literal: Our Clinic
  url: https://clinic.example/leaflet
  supports: What our clinic does.
"""


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    """A clinic's own folder: one new technique and the source it cites."""
    folder = tmp_path / "clinic"
    (folder / "techniques").mkdir(parents=True)
    (folder / "techniques" / "gamma.yaml").write_text(GAMMA)
    (folder / "sources.yaml").write_text(LOCAL_SOURCES)
    return folder


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI every tool the tests read our output with is installed, so a skip for a missing
    tool means the set-up broke: count it as a failure there instead of hiding it."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and "not installed" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"CI installs every tool the tests use, but: {report.longrepr}"
