"""`sciatica handout`: a well-formed, self-contained HTML page and pandoc-ready Markdown
holding every chosen entry, the red flags and the references."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog import load_catalog
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

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
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
    assert "## When to get help" in text and "## Sources" in text
    assert "not a diagnosis" in text
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    html = subprocess.run(["pandoc", str(target), "-t", "html"], capture_output=True,
                          text=True, check=True).stdout
    assert "<h2 id=\"when-to-get-help\">When to get help</h2>" in html
    assert "<h2 id=\"swedish-massage\">Swedish massage</h2>" in html


def test_format_comes_from_the_ending_or_the_option(tmp_path: Path) -> None:
    result, _ = make(tmp_path, "handout.txt", "stretching")
    assert result.exit_code == 2
    assert "end the file name in .html or .md, or give --format html|md" in result.stderr
    out = CliRunner().invoke(app, ["handout", "stretching", "-o", "-", "--format", "md"])
    assert out.exit_code == 0 and out.stdout.startswith("# Sciatica self-care")


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
