"""A drawing of every stretch: poses that check clean, SVG that parses and carries its text
alternative, the `stretch` command, and a browser that draws it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.pose import check, text_alternative
from sciatica_cli.render.figure import stretch_svg

SVG = "{http://www.w3.org/2000/svg}"
CATALOG = load_catalog()
SHIPPED = [stretch for _, stretch in CATALOG.stretch_index().values()]
MINI_BETA = Path(__file__).parent / "fixtures" / "mini" / "selfcare" / "beta.yaml"


def test_the_seven_stretches_are_all_shipped() -> None:
    assert {s.id for s in SHIPPED} >= {"knee-to-chest", "figure-four", "seated-nerve-glide",
                                       "lying-hamstring-stretch", "pelvic-tilt", "cat-cow",
                                       "childs-pose"}


@pytest.mark.parametrize("stretch", SHIPPED, ids=lambda s: s.id)
def test_every_shipped_stretch_has_a_pose_that_checks_clean(stretch) -> None:
    assert stretch.pose is not None
    assert check(stretch) == []


@pytest.mark.parametrize("stretch", SHIPPED, ids=lambda s: s.id)
def test_the_drawing_is_well_formed_svg_with_its_text_alternative(stretch) -> None:
    root = ET.fromstring(stretch_svg(stretch))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    found = {el.get("id"): el for el in root.iter() if el.get("id") in labelled}
    assert [found[i].tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
    assert found[labelled[0]].text == stretch.name
    desc = found[labelled[1]].text
    assert desc == text_alternative(stretch)
    for step in stretch.steps:
        assert step in desc
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels in (["1  Start", "2  End"], ["Position 1", "Position 2"])
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    assert arrows, "the movement has no arrow"
    assert int(root.get("width")) > 300 and int(root.get("height")) > 100


def test_the_text_alternative_says_what_the_picture_shows() -> None:
    glide = CATALOG.stretch_index()["seated-nerve-glide"][1]
    text = text_alternative(glide)
    assert text.startswith("Seated nerve glide: a drawing seen from the side, with a chair.")
    assert "back and forth" in text
    four = CATALOG.stretch_index()["figure-four"][1]
    assert "seen from one side, a little above and toward the head" in text_alternative(four)


def test_text_from_the_data_is_escaped() -> None:
    knee = CATALOG.stretch_index()["knee-to-chest"][1]
    hostile = knee._replace(name='Knee <b>"&</b>\x1b[31m',
                            steps=("Lie down ]]> <!-- & -->", *knee.steps[1:]))
    root = ET.fromstring(stretch_svg(hostile))
    assert root.find(f"{SVG}title").text == 'Knee <b>"&</b>\\x1b[31m'
    assert "Lie down ]]> <!-- & -->" in root.find(f"{SVG}desc").text


def test_the_page_shows_each_stretch_id() -> None:
    result = CliRunner().invoke(app, ["selfcare", "stretching"])
    for stretch in SHIPPED:  # the name, its source numbers if any, then the id
        assert re.search(rf"{re.escape(stretch.name)}( \[\d+\])?  id: {stretch.id}\n",
                         result.stdout), stretch.id


def test_stretch_figure_writes_one_drawing(tmp_path: Path) -> None:
    target = tmp_path / "knee.svg"
    result = CliRunner().invoke(app, ["stretch", "knee-to-chest", "--figure", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert ET.parse(target).getroot().find(f"{SVG}title").text == "Knee to chest"
    printed = CliRunner().invoke(app, ["stretch", "figure 4 stretch", "--figure"])
    assert printed.exit_code == 0 and printed.stdout.startswith("<svg ")


def test_stretch_without_figure_prints_the_steps() -> None:
    result = CliRunner().invoke(app, ["stretch", "cat and cow"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Cat-cow (cat-cow), from `sciatica selfcare stretching`\n"
                                    "  1) Get on your hands and knees.")
    assert "sciatica stretch cat-cow --figure -o cat-cow.svg" in result.stdout
    assert "sciatica redflags" in result.stdout


def test_stretch_command_errors() -> None:
    runner = CliRunner()
    usage = runner.invoke(app, ["stretch", "knee-to-chest", "-o", "x.svg"])
    assert usage.exit_code == 2 and "add --figure" in usage.stderr
    missing = runner.invoke(app, ["stretch", "knee-to-chset", "--figure"])
    assert missing.exit_code == 1 and "Did you mean: knee-to-chest?" in missing.stderr


def _own_stretch(tmp_path: Path, pose_edit=None) -> Path:
    """A clinic folder holding the fixture's beta page, as a user's own stretch."""
    folder = tmp_path / "clinic"
    (folder / "selfcare").mkdir(parents=True)
    text = MINI_BETA.read_text().replace("see_also: [alpha]", "see_also: [stretching]")
    text = text.replace("beta-one", "clinic-roll").replace("Beta one", "Clinic roll")
    text = text.replace("[src-one]", "[nhs-sciatica]")
    if pose_edit:
        text = pose_edit(text)
    (folder / "selfcare" / "beta.yaml").write_text(text)
    return folder


def test_a_users_own_stretch_gets_its_drawing(tmp_path: Path) -> None:
    folder = _own_stretch(tmp_path)
    result = CliRunner().invoke(app, ["--data-dir", str(folder), "stretch", "clinic-roll",
                                      "--figure"])
    assert result.exit_code == 0, result.stderr
    assert ET.fromstring(result.stdout).find(f"{SVG}title").text == "Clinic roll"


def test_a_users_stretch_without_a_pose_has_no_drawing_and_validate_warns(tmp_path: Path) -> None:
    def no_pose(text: str) -> str:
        return text[:text.index("    pose:")] + text[text.index("see_also:"):]

    folder = _own_stretch(tmp_path, no_pose)
    result = CliRunner().invoke(app, ["--data-dir", str(folder), "stretch", "clinic-roll",
                                      "--figure"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("sciatica: stretch 'clinic-roll' has no pose, so it has no drawing;"
                             " add a pose to it (see the README)\n")
    lint = CliRunner().invoke(app, ["validate", str(folder)])
    assert lint.exit_code == 0
    assert "SCI048 (warning) stretch 'clinic-roll': has no pose" in lint.stderr


def test_a_users_broken_pose_is_named_not_drawn(tmp_path: Path) -> None:
    folder = _own_stretch(tmp_path, lambda t: t.replace("pelvis: [0, 11]", "pelvis: [0, 31]", 1))
    result = CliRunner().invoke(app, ["--data-dir", str(folder), "stretch", "clinic-roll",
                                      "--figure", "-o", str(tmp_path / "roll.svg")])
    assert result.exit_code == 1 and not (tmp_path / "roll.svg").exists()
    assert f"{folder / 'selfcare' / 'beta.yaml'}:" in result.stderr
    assert "SCI040 stretch 'clinic-roll': the lower trunk is" in result.stderr


@pytest.mark.skipif(shutil.which("chromium") is None or shutil.which("pdftotext") is None,
                    reason="chromium or pdftotext is not installed")
def test_chromium_draws_every_figure(tmp_path: Path) -> None:
    page = tmp_path / "figures.html"
    page.write_text("<!DOCTYPE html><html><body>"
                    + "".join(f"<div>{stretch_svg(s)}</div>" for s in SHIPPED) + "</body></html>")
    pdf = tmp_path / "figures.pdf"
    profile = tempfile.mkdtemp()
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=60)
    shutil.rmtree(profile, ignore_errors=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    one_way = sum(not s.pose.back_and_forth for s in SHIPPED)
    assert text.count("Start") == one_way and text.count("End") == one_way
    assert text.count("Position 2") == len(SHIPPED) - one_way


def test_stretch_json_gives_the_stretch_its_page_and_its_drawing_in_words() -> None:
    result = CliRunner().invoke(app, ["stretch", "pelvic tilts", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    tilt = CATALOG.stretch_index()["pelvic-tilt"][1]
    assert data["id"] == "pelvic-tilt" and data["page"] == "stretching"
    assert data["steps"] == list(tilt.steps)
    assert data["drawing"] == text_alternative(tilt)
    assert data["pose"]["view"] == "side" and data["pose"]["arrows"] == ["back"]
    assert data["pose"]["start"]["pelvis"] == list(tilt.pose.start.pelvis)
    both = CliRunner().invoke(app, ["stretch", "pelvic-tilt", "--json", "--figure"])
    assert both.exit_code == 2 and "use one or the other" in both.stderr
