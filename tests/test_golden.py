"""What a reader sees, byte for byte, from the bundled content: pages, red flags, search,
compare, plan, handout and sources, plain and in colour, with the exit code and anything on
stderr. These files prove that a refactor changed nothing a person reads; a content edit
changes them too, on purpose, so the diff shows what a reader will now see.

Each case runs the program in its own process, as a person would: stdout either piped (what
`sciatica ... > file` writes) or a pseudo-terminal 80 columns wide (what a person at the
keyboard sees: tables and layout), plain (`--color never`) or in colour (`--color always`),
in UTC, with a fresh home and no controlling terminal. Nothing here reaches into the code,
so moving or renaming modules cannot break these tests, only changing what is printed.

Regenerate after a meant change, then review every line of the diff before committing:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
    git diff tests/golden
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

GOLDEN = Path(__file__).parent / "golden"


class Case(NamedTuple):
    golden: str  # the file under tests/golden/ that holds stdout
    args: tuple[str, ...]
    exit_code: int = 0
    terminal: bool = False  # stdout is a terminal, not a pipe


HANDOUT = ("handout", "swedish", "deep-tissue", "stretching", "--condition", "blood-thinners",
           "--client", "Sam", "--clinic", "Hill Clinic", "--note", "Twice a day, gently.",
           "-o", "-")
PLAN = ("plan", "--no-red-flags", "--stage", "chronic", "--condition", "blood-thinners")

CASES = [
    Case("technique-swedish.txt", ("techniques", "swedish")),
    Case("technique-swedish-terminal.txt", ("--color", "never", "techniques", "swedish"),
         terminal=True),
    Case("technique-swedish-color.ansi", ("--color", "always", "techniques", "swedish"),
         terminal=True),
    Case("technique-swedish.json", ("techniques", "swedish", "--json")),
    Case("selfcare-stretching.txt", ("selfcare", "stretching")),
    Case("selfcare-stretching-terminal.txt", ("--color", "never", "selfcare", "stretching"),
         terminal=True),
    Case("selfcare-stretching-color.ansi", ("--color", "always", "selfcare", "stretching"),
         terminal=True),
    Case("redflags.txt", ("redflags",)),
    Case("redflags-terminal.txt", ("--color", "never", "redflags"), terminal=True),
    Case("redflags-color.ansi", ("--color", "always", "redflags"), terminal=True),
    Case("redflags.json", ("redflags", "--json")),
    Case("search-nerve.txt", ("search", "nerve")),
    Case("search-nerve-terminal.txt", ("--color", "never", "search", "nerve"), terminal=True),
    Case("search-nerve-color.ansi", ("--color", "always", "search", "nerve"), terminal=True),
    Case("search-nerve.json", ("search", "nerve", "--json")),
    Case("compare-3.txt", ("compare", "swedish", "deep-tissue", "heat-and-cold")),
    Case("compare-3-terminal.txt", ("--color", "never", "compare", "swedish", "deep-tissue",
                                    "heat-and-cold"), terminal=True),
    Case("compare-3-color.ansi", ("--color", "always", "compare", "swedish", "deep-tissue",
                                  "heat-and-cold"), terminal=True),
    Case("compare-3-blood-thinners.json", ("compare", "swedish", "deep-tissue", "heat-and-cold",
                                           "--condition", "blood-thinners", "--json")),
    Case("plan-blood-thinners.txt", PLAN),
    Case("plan-blood-thinners-terminal.txt", (*PLAN, "--color", "never"), terminal=True),
    Case("plan-blood-thinners-color.ansi", (*PLAN, "--color", "always"), terminal=True),
    Case("plan-blood-thinners.json", (*PLAN, "--json")),
    Case("handout.md", (*HANDOUT, "--format", "md"), exit_code=4),
    Case("handout-full.md", (*HANDOUT, "--format", "md", "--full"), exit_code=4),
    Case("handout.html", (*HANDOUT, "--format", "html"), exit_code=4),
    Case("sources.bib", ("sources", "--format", "bibtex")),
    Case("sources-vancouver.txt", ("sources", "--style", "vancouver")),
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One catalog cache for every case: the first run fills it, the rest start warm."""
    return tmp_path_factory.mktemp("golden-cache")


def reader_environment(tmp_path: Path, cache_dir: Path) -> dict[str, str]:
    """A new user's shell: no colour or content settings, fixed width, clock zone and locale."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "SCIATICA_DATA", "PAGER", "TERM", "LESS")
           and not k.startswith(("LC_", "PYTEST"))}
    env.update(COLUMNS="80", LINES="24", TERM="xterm-256color", TZ="UTC", LANG="C.UTF-8",
               LC_ALL="C.UTF-8", HOME=str(tmp_path / "user"),
               SCIATICA_HOME=str(tmp_path / "home"), SCIATICA_CACHE_DIR=str(cache_dir),
               PYTHONIOENCODING="utf-8")
    return env


def run(case: Case, env: dict[str, str]) -> tuple[int, str, str]:
    """Run the program with stdin empty and no controlling terminal (a new session), so the
    plan's questions and any advice meant for the terminal land on stderr, where we see them.
    Returns the exit code, stdout and stderr."""
    command = [sys.executable, "-m", "sciatica_cli", *case.args]
    if not case.terminal:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                env=env, stdin=subprocess.DEVNULL, start_new_session=True,
                                timeout=60)
        return result.returncode, result.stdout, result.stderr
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # rows, columns
    with subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, env=env, start_new_session=True) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        stderr = process.stderr.read().decode() if process.stderr else ""
        code = process.wait(timeout=60)
    # The terminal turns each newline into CR LF on the way out; a reader sees lines.
    return code, b"".join(chunks).decode().replace("\r\n", "\n"), stderr


def without_today(text: str, days: set[date]) -> str:
    """The handout says the day it was prepared; the golden file says <today> instead.
    It is written with a leading zero ("05 December 2026"); both spellings are replaced."""
    for day in days:
        text = text.replace(f"{day:%d %B %Y}", "<today>")
        text = text.replace(f"{day.day} {day:%B %Y}", "<today>")
    return text


@pytest.mark.parametrize("case", CASES, ids=[case.golden for case in CASES])
def test_output_matches_the_golden_file(case: Case, tmp_path: Path, cache_dir: Path,
                                        golden: Callable[[str, str], None]) -> None:
    before = date.today()
    code, stdout, stderr = run(case, reader_environment(tmp_path, cache_dir))
    days = {before, date.today()}
    assert code == case.exit_code, stderr
    golden(case.golden, without_today(stdout, days))
    stem = case.golden.rsplit(".", 1)[0]
    if stderr or (GOLDEN / f"{stem}.stderr.txt").exists():
        golden(f"{stem}.stderr.txt", without_today(stderr, days))


def test_colour_cases_are_in_colour_and_plain_ones_are_not() -> None:
    """Guards the golden files themselves: a regeneration on a machine that lost colour (or
    gained it) would otherwise be accepted silently."""
    for case in CASES:
        text = (GOLDEN / case.golden).read_text()
        assert ("\x1b[" in text) == case.golden.endswith(".ansi"), case.golden
