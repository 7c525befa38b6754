"""`sciatica diary report`: the clinician's one page, as a person prints it and reads it."""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import subprocess
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import app
from sciatica_cli.wording import NOT_A_DIAGNOSIS
from sciatica_cli.diary import Diary, local_time

from diary_cli import run  # and conftest's `home`


def sign_text(sign_id: str) -> str:
    """A sign in the guide's own words, as `sciatica redflags --json` gives them."""
    data = json.loads(CliRunner().invoke(app, ["redflags", "--json"]).stdout)
    return next(s["text"] for t in data["tiers"] for s in t["signs"] if s["id"] == sign_id)


def twelve_weeks(home: Path, worst: bool = False) -> datetime:
    """84 days of daily entries and 12 weekly check-ins, through the diary's own API: leg
    pain easing from about 8 to 3, back pain from 4 to 2, one red-flag entry 20 days ago.
    `worst` adds what makes the page longest: the same signs again and again, with long
    notes, and a last entry that is worse, so the see-a-doctor advice shows."""
    diary = Diary(home / "diary.sqlite3")
    rng = random.Random(17)
    now = datetime.now().astimezone().replace(hour=20, minute=0, second=0, microsecond=0)
    now -= timedelta(days=1)  # every entry is in the past, whatever the time of the run
    for i in range(83, -1, -1):
        leg = max(0, min(10, round(8 - 5 * (83 - i) / 83 + rng.uniform(-1, 1))))
        back = max(0, min(10, round(4 - 2 * (83 - i) / 83 + rng.uniform(-1, 1))))
        did = rng.choice([("stretching",), ("knee-to-chest", "heat-and-cold"),
                          ("gentle-exercise",), ()])
        note, flags = "", ()
        if i == 20:
            note, flags = "Numb in the saddle area for an hour <b>today</b>", ("saddle-numbness",)
        elif i % 9 == 0:
            note = "Routine: 6 steps done in about 10 min."
        diary.add(max(leg, back), local_time(now - timedelta(days=i)), ("buttock", "thigh"),
                  False, did, note, flags, leg_pain=leg, back_pain=back, side="left")
    for week in range(12, 0, -1):
        score = max(0, 6 - (12 - week) // 2)
        diary.add_checkin(local_time(now - timedelta(days=7 * week - 1)),
                          (score, max(0, score - 2), 1, max(0, score - 1)),
                          None if week == 12 else 2)
    if worst:
        for i in (30, 40, 50):
            diary.add(9, local_time(now - timedelta(days=i, hours=2)), ("back",), False, (),
                      "Could not pee this morning and my bottom was numb. " * 4,
                      ("bladder-trouble", "saddle-numbness"), leg_pain=9, back_pain=9)
        diary.add(9, local_time(now + timedelta(minutes=1)), (), False, (), "", (), leg_pain=9,
                  back_pain=9)
    return now


def _chromium(args: list[str], target: Path) -> None:
    profile = tempfile.mkdtemp()
    try:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        *args, target.as_uri()], capture_output=True, timeout=90)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _print(page: Path, paper: str, tmp_path: Path) -> tuple[str, str]:
    """Print the page as the person's print dialog would on `paper`; pdfinfo, pdftotext."""
    copy = tmp_path / f"report-{paper}.html"
    # The page asks for the printer's paper (`size: auto`); this picks that paper.
    copy.write_text(page.read_text().replace("</style>", f"@page {{ size: {paper}; }}</style>"))
    pdf = tmp_path / f"report-{paper}.pdf"
    _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}"], copy)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    return info, text


def _pages(info: str) -> int:
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdfinfo")),
                    reason="chromium or poppler-utils is not installed")
@pytest.mark.parametrize("worst", [False, True], ids=["twelve-weeks", "longest-page"])
def test_the_page_prints_on_one_sheet_of_a4_and_of_letter(home: Path, tmp_path: Path,
                                                          worst: bool) -> None:
    twelve_weeks(home, worst)
    page = tmp_path / "report.html"
    result = run("report", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    start = date.today() - timedelta(days=55)  # the first day of the last 8 weeks
    for paper, size in (("A4", "(A4)"), ("letter", "(letter)")):
        info, text = _print(page, paper, tmp_path)
        assert size in info
        assert _pages(info) == 1, f"{paper}: {_pages(info)} pages"
        flat = " ".join(text.split())
        # The red-flag entry comes first, before the chart.
        assert sign_text("saddle-numbness") in flat
        assert flat.index("Red-flag signs recorded") < flat.index("Leg and back pain, daily")
        if worst:
            assert sign_text("bladder-trouble") in flat and "Reported 4 times" in flat
            assert "See a doctor." in flat
        # The chart's labels: both axes, the first week's date, 0 and 10, the legend.
        assert "Pain 0-10" in flat and "Date (week starting)" in flat
        assert f"{start.day} {start.strftime('%b')}" in flat
        assert "Leg pain (solid line, open circles)" in flat
        assert "Back pain (dashed line, filled squares)" in flat
        assert "sciatica redflags" in flat and "not a diagnosis" in flat
        assert "Ostelo" in flat and "Farrar" in flat and "Grøvle" in flat


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_a_screenshot_is_drawn(home: Path, tmp_path: Path) -> None:
    twelve_weeks(home)
    page = tmp_path / "report.html"
    assert run("report", "-o", str(page)).exit_code == 0
    shot = tmp_path / "shot.png"
    _chromium([f"--screenshot={shot}", "--window-size=900,1300"], page)
    assert shot.exists() and shot.stat().st_size > 30_000  # a page was drawn, not a blank


def test_the_chart_is_svg_with_a_text_alternative_and_notes_stay_text(home: Path) -> None:
    twelve_weeks(home)
    html = run("report", "--format", "html", "-o", "-").stdout
    assert html.startswith("<!DOCTYPE html>")
    assert '<svg viewBox="0 0 700' in html and 'role="img"' in html
    assert '<title id="chart-title">Leg and back pain by day, 0 to 10' in html
    assert "<desc id=\"chart-desc\">Leg pain: " in html
    assert "@page { size: auto;" in html
    # A note is data: its markup is shown, never run.
    assert "&lt;b&gt;today&lt;/b&gt;" in html and "<b>today</b>" not in html


def test_markdown_reads_in_order_and_pandoc_reads_its_tables(home: Path, tmp_path: Path) -> None:
    twelve_weeks(home)
    target = tmp_path / "report.md"
    result = run("report", "-o", str(target))  # the format from the file's ending
    assert result.exit_code == 0, result.stderr
    text = target.read_text()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Sciatica diary: a summary for your clinician",
                        "## Red-flag signs recorded", "## Pain by week (average, 0 to 10)",
                        "## Sciatica Bothersomeness Index (0 to 24)",
                        "## Since the first value (the baseline)", "## What was done",
                        "## Where the thresholds come from"]
    assert f"**{NOT_A_DIAGNOSIS}**" in text  # the one wording, `sciatica redflags` as code
    if shutil.which("pandoc"):
        plain = subprocess.run(["pandoc", "-f", "markdown", "-t", "plain", "--columns=200",
                                str(target)], capture_output=True, text=True, check=True).stdout
        flat = " ".join(plain.split())
        assert "EMERGENCY: " + sign_text("saddle-numbness") in flat
        assert "Numb in the saddle area for an hour <b>today</b>" in flat  # shown as typed
        leg = next(c for c in json.loads(run("report", "--format", "json").stdout)["changes"]
                   if c["measure"] == "leg_pain")
        rows = [line.split() for line in plain.splitlines()]
        assert any(r[:3] == ["Leg", "pain", f"{leg['baseline']}/10"] for r in rows)
        assert any(r[:2] == ["Sciatica", "Bothersomeness"] and "better," in r for r in rows)
        assert "Guided stretching sessions (sciatica routine): 7" in flat


def test_json_gives_the_same_change_as_diary_show(home: Path) -> None:
    twelve_weeks(home)
    data = json.loads(run("report", "--format", "json").stdout)
    shown = json.loads(run("show", "--json").stdout)
    assert data["changes"] == [{**c, "name": data["changes"][i]["name"]}
                               for i, c in enumerate(shown["changes"])]
    # The last entry was yesterday: 55 of the 56 days have one.
    assert data["period"]["days"] == 56 and data["entries"] == 55
    assert [s["id"] for f in data["red_flags"] for s in f["signs"]] == ["saddle-numbness"]
    assert data["red_flags"][0]["signs"][0]["tier"] == "emergency"
    assert len(data["sbi"]) == 7 and data["sbi"][-1]["pgic"] == "much improved"
    assert data["sbi"][-1]["total"] == sum(data["sbi"][-1]["items"].values())
    assert data["routine_sessions"] == 7
    assert {d["id"] for d in data["done"]} == {"stretching", "knee-to-chest", "heat-and-cold",
                                              "gentle-exercise"}
    assert [s["key"] for s in data["sources"]] == ["ostelo2008mic", "farrar2001pain",
                                                   "grovle2008sbi", "grovle2010bothersomeness"]
    assert "sciatica redflags" in data["not_a_diagnosis"]


def test_since_changes_the_period(home: Path) -> None:
    now = twelve_weeks(home)
    start = (now - timedelta(days=83)).date()
    data = json.loads(run("report", "--format", "json", "--since", start.isoformat()).stdout)
    assert data["period"]["start"] == start.isoformat() and data["entries"] == 84
    assert len(data["sbi"]) == 12
    week = json.loads(run("report", "--format", "json", "--since", "6 days ago").stdout)
    assert week["entries"] in (6, 7) and week["red_flags"] == []


def test_an_empty_diary_still_makes_a_page(home: Path) -> None:
    result = run("report", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "None in this period." in result.stdout
    assert "No weekly check-in in this period." in result.stdout
    assert "Nothing recorded in this period." in result.stdout
    assert run("report", "--format", "html").exit_code == 0


def test_the_file_is_private_and_never_the_diary(home: Path, tmp_path: Path) -> None:
    twelve_weeks(home)
    target = tmp_path / "report.html"
    assert run("report", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    before = (home / "diary.sqlite3").read_bytes()
    refused = run("report", "-o", str(home / "diary.sqlite3"))
    assert refused.exit_code == 5 and "diary itself" in refused.stderr
    assert (home / "diary.sqlite3").read_bytes() == before


@pytest.mark.parametrize("since,words", [("next week", "is not a date"),
                                         ("2999-01-01", "after today")])
def test_a_bad_since_is_a_usage_error(home: Path, since: str, words: str) -> None:
    result = run("report", "--since", since)
    assert result.exit_code == 2 and words in result.stderr and result.stdout == ""


def test_the_default_period_is_eight_weeks_ending_today(home: Path) -> None:
    data = json.loads(run("report", "--format", "json").stdout)
    today = date.today()
    assert data["period"] == {"start": (today - timedelta(days=55)).isoformat(),
                              "end": today.isoformat(), "days": 56}
