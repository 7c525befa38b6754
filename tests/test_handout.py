"""`sciatica handout`: a well-formed, self-contained HTML page and pandoc-ready Markdown
holding every chosen entry, the red flags and the references."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app

CATALOG = load_catalog()
VOID = {"meta", "br", "img", "link", "hr", "input"}


class Balanced(HTMLParser):
    """Checks that every tag closes, in order, and collects text and outside links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def make(tmp_path: Path, name: str, *ids: str):
    target = tmp_path / name
    return CliRunner().invoke(app, ["handout", *ids, "-o", str(target)]), target


def test_html_is_well_formed_self_contained_and_complete(tmp_path: Path) -> None:
    result, target = make(tmp_path, "handout.html", "stretching", "Deep Tissue")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    page = target.read_text()
    parser = Balanced()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    assert parser.external == []  # nothing fetched from elsewhere when printed offline
    assert "@media print" in page
    text = " ".join(" ".join(parser.text).split())
    for entry_id in ("stretching", "deep-tissue"):
        entry = CATALOG.resolve(entry_id)
        assert entry.name in text and entry.cautions[0].text in text
    for stretch in CATALOG.resolve("stretching").stretches:
        assert stretch.name in text and stretch.steps[0] in text
    for tier in CATALOG.redflags.tiers:
        assert tier.title in text
        for sign in tier.signs:
            assert " ".join(sign.text.split()) in text
    assert "Sources" in text and 'id="ref-1"' in page
    assert "not a diagnosis" in text


def test_html_escapes_data(tmp_path: Path) -> None:
    folder = tmp_path / "mine" / "techniques"
    folder.mkdir(parents=True)
    (folder / "odd.yaml").write_text(
        "id: odd\nkind: technique\nname: <script>alert(1)</script> & co\nsummary: x\n"
        "body: y\ncautions:\n  - text: '<b>bold</b>'\n")
    target = tmp_path / "odd.html"
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "mine"), "handout", "odd",
                                      "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    page = target.read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_markdown_has_everything_and_pandoc_reads_it(tmp_path: Path) -> None:
    result, target = make(tmp_path, "handout.md", "swedish", "heat")
    assert result.exit_code == 0
    text = target.read_text()
    assert text.startswith("# Sciatica self-care: a handout")
    assert "## Swedish massage" in text and "## Heat and cold packs" in text
    assert text.index("## Get help first") < text.index("## Swedish massage")
    assert "### Emergency: get help now" in text and "## Sources" in text
    assert "not a diagnosis" in text
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    html = subprocess.run(["pandoc", str(target), "-t", "html"], capture_output=True,
                          text=True, check=True).stdout
    assert "<h3 id=\"emergency-get-help-now\">Emergency: get help now</h3>" in html
    assert "<h2 id=\"swedish-massage\">Swedish massage</h2>" in html


def test_format_comes_from_the_ending_or_the_option(tmp_path: Path) -> None:
    result, _ = make(tmp_path, "handout.txt", "stretching")
    assert result.exit_code == 2
    assert "end the file name in .html or .md, or give --format html|md" in result.stderr
    out = CliRunner().invoke(app, ["handout", "stretching", "-o", "-", "--format", "md"])
    assert out.exit_code == 0 and out.stdout.startswith("# Sciatica self-care")
    # `-o -` alone is HTML on stdout, and says nothing else; a file written says where.
    out = CliRunner().invoke(app, ["handout", "stretching", "-o", "-"])
    assert out.exit_code == 0 and out.stdout.startswith("<!DOCTYPE html>")
    assert out.stderr == ""
    result, target = make(tmp_path, "h.md", "stretching")
    assert result.stderr == f"sciatica: Wrote the handout (md) to {target}.\n"


def test_a_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    _, target = make(tmp_path, "handout.html", "stretching")
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_unknown_id_and_unwritable_file(tmp_path: Path) -> None:
    result, target = make(tmp_path, "h.html", "stretchin")
    assert result.exit_code == 1 and "Did you mean: stretching" in result.stderr
    assert not target.exists()
    result, _ = make(tmp_path / "missing", "h.html", "stretching")
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_chromium_renders_it(tmp_path: Path) -> None:
    _, target = make(tmp_path, "handout.html", "stretching", "swedish")
    shot = tmp_path / "shot.png"
    profile = tempfile.mkdtemp()
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                    f"--screenshot={shot}", "--window-size=1000,1400", target.as_uri()],
                   capture_output=True, timeout=60)
    shutil.rmtree(profile, ignore_errors=True)
    assert shot.exists() and shot.stat().st_size > 20_000  # a page was drawn, not a blank


# -- A handout a therapist chooses -------------------------------------------------------

def _text(page: str) -> str:
    parser = Balanced()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return " ".join(" ".join(parser.text).split())


def test_single_stretches_and_a_red_flags_card(tmp_path: Path) -> None:
    result, target = make(tmp_path, "h.html", "knee to chest", "pelvic-tilt")
    assert result.exit_code == 0, result.stderr
    page = target.read_text()
    text = _text(page)
    assert 'id="stretch-knee-to-chest"' in page and 'id="stretch-pelvic-tilt"' in page
    assert "Cat-cow" not in text and 'id="page-stretching"' not in page
    assert "Get help first" in text and "Emergency: get help now" in text
    result, target = make(tmp_path, "card.html", "redflags")
    assert result.exit_code == 0, result.stderr
    text = _text(target.read_text())
    assert text.startswith("Sciatica: when to get help")
    for tier in CATALOG.redflags.tiers:
        assert tier.title in text and tier.action in text
        assert all(" ".join(s.text.split()) in text for s in tier.signs)
    assert "What to do" not in text
    result, _ = make(tmp_path, "x.html", "knee-to-chst")
    assert result.exit_code == 1 and "No page or stretch called 'knee-to-chst'" in result.stderr
    assert "knee-to-chest" in result.stderr


def test_a_stretch_on_a_chosen_page_is_drawn_once(tmp_path: Path) -> None:
    _, target = make(tmp_path, "h.html", "stretching", "knee-to-chest")
    page = target.read_text()
    assert page.count('id="stretch-knee-to-chest"') == 1
    assert page.count('id="figure-knee-to-chest-title"') == 1


def test_client_clinic_and_note_are_shown_and_escaped(tmp_path: Path) -> None:
    args = ["handout", "pelvic-tilt", "--client", "Sam <script>x</script>", "--clinic",
            "Hill & Dale", "--note", "Twice a day. *Stop* if <b>it</b> hurts."]
    target = tmp_path / "h.html"
    result = CliRunner().invoke(app, [*args, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    page = target.read_text()
    assert "<script>x" not in page and "<b>it" not in page
    text = _text(page)
    assert text.startswith("Sciatica self-care for Sam <script>x</script>")
    assert "From Hill & Dale." in text
    assert "A note for you: Twice a day. *Stop* if <b>it</b> hurts." in text
    md = tmp_path / "h.md"
    assert CliRunner().invoke(app, [*args, "-o", str(md)]).exit_code == 0
    markdown = md.read_text()
    assert "<script>" not in markdown and "<b>" not in markdown
    assert r"\*Stop\*" in markdown and "Hill & Dale" in markdown


def test_short_by_default_and_the_evidence_with_full(tmp_path: Path) -> None:
    swedish = CATALOG.resolve("swedish")
    body_start = " ".join(swedish.body.split())[:60]
    _, short = make(tmp_path, "short.html", "swedish")
    text = _text(short.read_text())
    assert swedish.summary in text and "Evidence: " in text
    assert all(" ".join(c.text.split()) in text for c in swedish.cautions)
    assert body_start not in text and "What the evidence says" not in text
    full = tmp_path / "full.html"
    CliRunner().invoke(app, ["handout", "swedish", "--full", "-o", str(full)])
    text = _text(full.read_text())
    assert body_start in text and "What the evidence says" in text
    assert all(" ".join(c.text.split()) in text for c in swedish.claims)


def test_what_a_condition_rules_out_shows_only_under_not_for_you() -> None:
    """The handout asks suitability.decide (the one rule); nothing is decided here."""
    from sciatica_cli.handout import build
    from sciatica_cli.render.handout import html
    from sciatica_cli.suitability import Person, decide

    decision = decide(CATALOG, Person(None, ("osteoporosis",)))
    out = {s.id for _, s in CATALOG.stretch_index().values() if decision.stretch(s.id).out}
    assert "knee-to-chest" in out and "pelvic-tilt" not in out
    handout = build(CATALOG, ["stretching", "deep-tissue", "pelvic-tilt"],
                    conditions=("osteoporosis",))
    assert {s.id for s in handout.drawn()} == {
        s.id for s in CATALOG.resolve("stretching").stretches} - out
    assert {x.id for x in handout.not_for_you} == out | {"deep-tissue"}
    assert handout.asked_out == ("deep-tissue",)
    page = html(handout)
    text = _text(page)
    mine = text[text.index("Not for you, and why"):]
    for stretch_id in out:
        name = CATALOG.stretch_index()[stretch_id][1].name
        assert f'id="stretch-{stretch_id}"' not in page
        assert text.count(name) == mine.count(name) == 1
    assert "Deep tissue massage" in mine and 'id="page-deep-tissue"' not in page


# -- Printed: Chromium to PDF, read back with poppler; axe-core over the page --------------

def _print(html_file: Path, size: str, out: Path) -> Path:
    """Print a handout as Chromium does, on paper of `size` (the printer's choice, set
    here as a style the page does not set itself)."""
    sized = out.with_suffix(".html")
    sized.write_text(html_file.read_text().replace(
        "</head>", f"<style>@page {{ size: {size}; }}</style></head>", 1))
    profile = tempfile.mkdtemp()
    try:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={out}", sized.as_uri()],
                       capture_output=True, timeout=90, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out


def _pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return " ".join(text.replace("-\n", "-").split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    for tool in ("chromium", "pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    folder = tmp_path_factory.mktemp("printed")
    target = folder / "handout.html"
    result = CliRunner().invoke(app, ["handout", "swedish", "stretching", "heat-and-cold",
                                      "--client", "Sam", "--clinic", "Hill Clinic", "--note",
                                      "Twice a day, gently.", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return {"html": target, "A4": _print(target, "A4", folder / "a4.pdf"),
            "Letter": _print(target, "letter", folder / "letter.pdf")}


@pytest.mark.parametrize("paper,points", [("A4", "594.96 x 841.92"), ("Letter", "612 x 792")])
def test_three_pages_print_on_two_sheets(printed: dict[str, Path], paper: str,
                                         points: str) -> None:
    info = subprocess.run(["pdfinfo", str(printed[paper])], capture_output=True, text=True,
                          check=True).stdout
    assert f"Page size:       {points} pts" in info
    assert "Pages:           2\n" in info


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_heat_caution_prints_whole_with_its_sources(printed: dict[str, Path],
                                                          paper: str) -> None:
    # Fitting two sheets must not cost safety text: each caution, then its source numbers,
    # and those numbers name the sources the page cites.
    whole = _pdf_text(printed[paper])
    sources = whole[whole.rindex("Sources"):]
    for caution in CATALOG.resolve("heat-and-cold").cautions:
        text = " ".join(caution.text.split())
        assert text in whole, text
        if not caution.sources:
            continue
        numbers = re.match(r" \[([\d, ]+)\]", whole[whole.index(text) + len(text):])
        assert numbers, text
        named = [re.search(rf"\b{n}\. (.*?)(?= \d+\. |$)", sources).group(1)
                 for n in numbers.group(1).split(", ")]
        for key in caution.sources:
            assert any(CATALOG.sources[key].title in entry for entry in named), (key, named)
    assert "15 to 20 minutes at most on one spot" in whole


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_emergency_and_same_day_signs_are_on_page_one(printed: dict[str, Path],
                                                          paper: str) -> None:
    first = _pdf_text(printed[paper], 1)
    assert first.startswith("Sciatica self-care for Sam")
    assert "Get help first if you have any of these signs" in first
    assert "not a diagnosis" in first
    for tier in CATALOG.redflags.tiers[:2]:
        assert tier.title in first and " ".join(tier.action.split()) in first
        for sign in tier.signs:
            assert " ".join(sign.text.split()) in first, sign.id


def test_every_drawing_is_printed_with_its_steps(printed: dict[str, Path]) -> None:
    from sciatica_cli.pose import text_alternative

    page = printed["html"].read_text()
    whole = _pdf_text(printed["A4"])
    for entry, stretch in CATALOG.stretch_index().values():
        if entry.id != "stretching":
            continue
        assert f'<desc id="figure-{stretch.id}-desc">' in page
        desc = page.split(f'<desc id="figure-{stretch.id}-desc">', 1)[1].split("</desc>")[0]
        from html import unescape

        assert unescape(desc) == text_alternative(stretch)
        assert stretch.name.split(" (")[0] in whole and stretch.stop_if.split(",")[0] in whole


A11Y = Path(__file__).parent / "a11y"


def test_the_handout_passes_an_offline_accessibility_check(printed: dict[str, Path]) -> None:
    """axe-core, run by puppeteer-core in Debian's chromium with every request off the page
    refused: no serious or critical violation, and every drawing named by its title and its
    text alternative, and drawn at a size."""
    import json

    from sciatica_cli.pose import text_alternative

    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (A11Y / "node_modules" / "axe-core").is_dir() or not (
            A11Y / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("axe-core and puppeteer-core are not installed (npm ci --prefix tests/a11y)")
    run = subprocess.run(["node", str(A11Y / "check.mjs"), str(printed["html"]),
                          shutil.which("chromium")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["fetched"] == []
    serious = [v for v in report["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    stretches = CATALOG.resolve("stretching").stretches
    assert [d["card"] for d in report["drawings"]] == [f"stretch-{s.id}" for s in stretches]
    for drawing, stretch in zip(report["drawings"], stretches):
        assert drawing["labelledby"] == [stretch.name, text_alternative(stretch)]
        assert drawing["width"] > 100 and drawing["height"] > 20
