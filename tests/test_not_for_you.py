"""Every personal command obeys the one rule, as a reader sees it: for every condition, alone
and with others, nothing ruled out appears in plan, routine, handout or compare except under
"Not for you, and why" (in compare: a column that reads "Not for you" and nothing else)."""

from __future__ import annotations

import html
import itertools
import json
import re

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import app

from ruled_out import CATALOG, PAGES_OUT, STRETCHES_OUT

CONDITIONS = sorted(CATALOG.conditions)
PAGES = [e.id for e in CATALOG.entries.values() if e.kind != "overview"]
STRETCH_NAMES = {s.id: s.name for _, s in CATALOG.stretch_index().values()}
HEADING = "Not for you, and why"

RULING = sorted(set(STRETCHES_OUT) | set(PAGES_OUT))
# Every condition alone; every pair of conditions that rule something out; each of those
# with one that rules nothing out; all at once.
OTHERS = [c for c in CONDITIONS if c not in RULING]
SETS = [(c,) for c in CONDITIONS] + list(itertools.combinations(RULING, 2)) + [
    (c, OTHERS[i % len(OTHERS)]) for i, c in enumerate(RULING)] + [tuple(CONDITIONS)]


def expected(conditions: tuple[str, ...], stage: str | None = None) -> tuple[set, set]:
    pages = set().union(*(PAGES_OUT.get(c, set()) for c in conditions))
    if stage:
        pages |= {e.id for e in CATALOG.entries.values()
                  if e.kind != "overview" and stage not in e.stages}
    stretches = set().union(*(STRETCHES_OUT.get(c, set()) for c in conditions))
    if pages & {"stretching"}:
        stretches = set(STRETCH_NAMES)
    return pages, stretches


def flags(conditions: tuple[str, ...]) -> list[str]:
    return [arg for c in conditions for arg in ("--condition", c)]


def names(pages: set, stretches: set) -> list[str]:
    return [CATALOG.get(p).name for p in pages] + [STRETCH_NAMES[s] for s in stretches]


def one_line(text: str) -> str:
    """Text as read: wrapping and markup do not split a name."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\\", "")
    return " ".join(text.split())


def assert_only_under_the_heading(out: str, pages: set, stretches: set, end: str) -> None:
    read = one_line(out)
    if not pages and not stretches:
        assert HEADING not in read
        return
    before, after = read.split(HEADING, 1)
    section = after.split(end, 1)[0]
    for name in names(pages, stretches):
        assert name.lower() not in before.lower(), f"{name!r} shown outside {HEADING!r}"
        assert name in section, f"{name!r} missing from {HEADING!r}"


def run(*args: str, columns: str = "100"):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": columns})


@pytest.mark.parametrize("conditions", SETS, ids="+".join)
def test_plan(conditions: tuple[str, ...]) -> None:
    one_stage = ("acute", "chronic")[len(conditions) % 2]
    for stage in ((one_stage,) if len(conditions) == 2 else ("acute", "chronic")):
        pages, stretches = expected(conditions, stage)
        result = run("plan", "--no-red-flags", "--stage", stage, *flags(conditions))
        assert result.exit_code == 0, result.stderr
        assert_only_under_the_heading(result.stdout, pages, stretches, "Sources")
        data = json.loads(run("plan", "--no-red-flags", "--stage", stage, *flags(conditions),
                              "--json").stdout)
        offered = {i["id"] for i in data["start_today"] + data["ask_about"]}
        assert offered == set(PAGES) - pages
        assert {n["id"] for n in data["not_for_you"]} == pages | stretches
        assert all(n["reasons"] for n in data["not_for_you"])


@pytest.mark.parametrize("conditions", SETS, ids="+".join)
def test_routine(conditions: tuple[str, ...]) -> None:
    _, stretches = expected(conditions)
    result = run("routine", "--minutes", "60", "--list", *flags(conditions))
    assert result.exit_code == 0, result.stderr
    assert_only_under_the_heading(result.stdout, set(), stretches, "This guide is not")
    steps = json.loads(run("routine", "--minutes", "60", "--json", *flags(conditions)).stdout)
    assert {s["stretch"] for s in steps} == set(STRETCH_NAMES) - stretches
    for stretch in sorted(stretches)[:1]:  # asked for by name: not run, exit 4, with why
        asked = run("routine", "--stretch", stretch, *flags(conditions))
        assert asked.exit_code == 4
        assert "not for you, so it was not run" in asked.stderr
        assert "Nothing was run" in asked.stdout and "Routine:" not in asked.stdout
        assert one_line(asked.stdout).startswith(f"{HEADING} x {STRETCH_NAMES[stretch]}")


HANDOUT_SETS = [(c,) for c in CONDITIONS] + list(itertools.combinations(RULING, 2)) + [
    tuple(CONDITIONS)]


@pytest.mark.parametrize("conditions", HANDOUT_SETS, ids="+".join)
def test_handout(conditions: tuple[str, ...]) -> None:
    pages, stretches = expected(conditions)
    formats = ("md", "html") if len(conditions) > 2 else ("md",)
    for fmt in formats:
        result = run("handout", *PAGES, "-o", "-", "--format", fmt, *flags(conditions))
        assert result.exit_code == (4 if pages else 0), result.stderr
        assert_only_under_the_heading(result.stdout, pages, stretches, "When to get help")
        for page in pages:
            assert f"'{page}' is not for this reader" in result.stderr


def columns_of(table: str) -> list[str]:
    """Each column of a Rich table as one line of text, as a reader reads down it."""
    cols: dict[int, list[str]] = {}
    for line in table.splitlines():
        if line.startswith(("│", "┃")):
            for i, cell in enumerate(line.strip("│┃").split("│" if line[0] == "│" else "┃")):
                cols.setdefault(i, []).append(cell.strip())
    return [" ".join(" ".join(c).split()) for _, c in sorted(cols.items())]


@pytest.mark.parametrize("conditions", SETS, ids="+".join)
def test_compare(conditions: tuple[str, ...]) -> None:
    pages, _ = expected(conditions)
    result = run("compare", *PAGES, *flags(conditions), columns="200")
    assert result.exit_code == 0, result.stderr
    cols = columns_of(result.stdout)[1:]
    assert len(cols) == len(PAGES)
    for page, col in zip(PAGES, cols):
        entry = CATALOG.get(page)
        if page in pages:
            assert "Not for you:" in col, col
            # Nothing but the name, the kind and the reason: no summary, grade or attributes.
            assert one_line(entry.summary)[:30] not in col
            tail = col.split("Not for you:", 1)[1]
            assert re.fullmatch(r".+?[.!?)]( —)+", tail), tail
        else:
            assert "Not for you" not in col
    data = json.loads(run("compare", *PAGES, *flags(conditions), "--json").stdout)
    assert {e["id"] for e in data["entries"] if e["for_you"]["status"] == "out"} == pages
