"""Hostile input: what someone careless or hostile could put in a content folder, a diary,
a command line, stdin or stdout. One test per class of attack, each asserting what a person
would see: one clear line on stderr, the documented exit code, no traceback, nothing lost
or changed, and the bundled guide still showing. Real consumers (bibtex, biber, pandoc,
rispy) read what we write; the stdin/stdout/signal cases run the program as a process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.citations import bibtex, markdown, ris
from sciatica_cli.cli import app
from sciatica_cli.models import Organisation, Person, Source
from sciatica_cli.references import numbered


def run(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


def assert_clean_failure(result, code: int, *words: str) -> None:
    """A refusal a person can act on: the exit code, one `sciatica:` line naming what was
    wrong, and no traceback."""
    out = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == code, out
    assert "Traceback" not in out and result.exception is None or \
        isinstance(result.exception, SystemExit), out
    for word in words:
        assert word in result.stderr, result.stderr


def guide_still_shows(*extra: str) -> None:
    result = run(*extra, "techniques")
    assert result.exit_code == 0, result.stderr
    assert "swedish" in result.stdout and "deep-tissue" in result.stdout


# ---------------------------------------------------------------------------- exports

EVIL_SOURCES = """\
good-one:
  type: webpage
  title: A fine leaflet
  authors: [{literal: Good Clinic}]
  url: https://clinic.example/leaflet
  supports: Something.
evil-pmid:
  type: article
  title: Braces
  authors: [{family: Doe}]
  pmid: "1}, @preamble{ \\"\\\\immediate\\\\write18{touch pwned}\\" }, @misc{x, title={"
  supports: Something.
evil-url:
  type: webpage
  title: Autolink
  authors: [{literal: Evil}]
  url: "https://evil.example/a><script>alert(1)</script>"
  supports: Something.
evil-title:
  type: article
  title: "Line one\\nER  - \\nTY  - JOUR\\nTI  - forged record"
  authors: [{family: Doe}]
  supports: Something.
"evil,key}":
  type: webpage
  title: Key
  authors: [{literal: Evil}]
  url: https://evil.example/key
  supports: Something.
"""


@pytest.fixture
def evil_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "sources.yaml").write_text(EVIL_SOURCES)
    return folder


def test_export_fields_are_checked_when_content_is_loaded(evil_folder: Path) -> None:
    """Each hostile value is named with its file and line and skipped; the rest exports."""
    result = run("--data-dir", str(evil_folder), "sources", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    path = evil_folder / "sources.yaml"
    stderr = result.stderr
    assert f"{path}:11: SCI005 evil-pmid.pmid: a PubMed id is digits only" in stderr
    assert f"{path}:17: SCI010 evil-url.url: must be a full http(s) address" in stderr
    assert f"{path}:21: SCI005 evil-title.title: must be one line" in stderr
    assert f"{path}:24: SCI005 source key 'evil,key}}'" in stderr
    assert "Traceback" not in stderr
    assert "@good-one" not in result.stdout and "{good-one," in result.stdout
    assert "preamble" not in result.stdout and "forged" not in result.stdout
    guide_still_shows("--data-dir", str(evil_folder))


# The writers escape on their own too, for a caller of the Python API who skips the loader.
RAW_EVIL = {
    "evil,key}": Source(
        type="article", title="Line one\nER  - \nTY  - JOUR\nTI  - forged record",
        authors=(Person("Doe}, @misc{y,", "\n\nA"), Organisation("Org}\n@preamble{z}")),
        container="J\rER  - ", year=2020, supports="x",
        pmid='1}, @preamble{ "\\immediate\\write18{touch pwned}" }, @misc{x, title={',
        doi="10.1000/a}\n@misc{d,", accessed="2020"),
    "evil-web": Source(type="webpage", title="Web", authors=(Organisation("Evil"),),
                       url="https://evil.example/a><script>alert(1)</script>}", supports="x"),
    "fine": Source(type="webpage", title="Fine", authors=(Organisation("Fine"),),
                   url="https://fine.example/a_b#c", supports="x"),
}
RAW_REFS = numbered(list(RAW_EVIL), RAW_EVIL)


def test_bibtex_writer_never_lets_a_value_close_its_field() -> None:
    import bibtexparser
    from pybtex.database import parse_string

    text = bibtex(RAW_REFS)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 3
    assert not library.preambles and not library.strings
    assert len(parse_string(text, "bibtex").entries) == 3
    fine = next(e for e in library.entries if e.key == "fine")
    assert fine.fields_dict["url"].value == "https://fine.example/a_b#c"


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
def test_bibtex_program_sees_three_entries_and_no_preamble(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(RAW_REFS))
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n")
    subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True)
    bbl = (tmp_path / "t.bbl").read_text()
    assert bbl.count("\\bibitem") == 3
    assert "write18" not in bbl.split("\\begin{thebibliography}")[0]  # nothing in a preamble
    assert not (tmp_path / "pwned").exists()


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_sees_three_entries(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(RAW_REFS))
    result = subprocess.run(["biber", "--tool", "refs.bib"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    out = (tmp_path / "refs_bibertool.bib").read_text()
    assert re.findall(r"^@(\w+)\{([^,]*),", out, re.M) == [
        ("ARTICLE", "evil-key-"), ("MISC", "evil-web"), ("MISC", "fine")]


def test_ris_writer_keeps_every_value_on_its_line() -> None:
    import rispy

    records = rispy.loads(ris(RAW_REFS))
    assert len(records) == 3
    assert records[0]["title"] == "Line one ER  -  TY  - JOUR TI  - forged record"


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_markdown_autolinks_run_nothing_once_pandoc_makes_html(evil_folder: Path,
                                                               tmp_path: Path) -> None:
    text = markdown(RAW_REFS)
    html = subprocess.run(["pandoc", "-f", "markdown", "-t", "html"], input=text,
                          capture_output=True, text=True, check=True).stdout
    assert "<script" not in html and "&lt;script&gt;" in html
    assert '<a href="https://fine.example/a_b#c"' in html
    # the same through the command, and through a handout in Markdown
    out = run("--data-dir", str(evil_folder), "sources", "--format", "markdown").stdout
    assert "<script" not in subprocess.run(["pandoc", "-t", "html"], input=out,
                                           capture_output=True, text=True).stdout


def test_csv_export_cells_never_start_a_formula(tmp_path: Path) -> None:
    import csv
    import io

    for note in ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
                 "\tx", "plain"):
        assert run("diary", "add", "3", "--note", note, "--at", "2026-01-02").exit_code == 0
    result = run("diary", "export", "--format", "csv")
    assert result.exit_code == 0
    notes = [row["note"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert notes == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+1", "'-2+3",
                     "'@SUM(A1)", "'\tx", "plain"]
    # JSON is not for spreadsheets: it keeps the note exactly as written
    import json

    assert json.loads(run("diary", "export", "--format", "json").stdout)[0]["note"] == \
        "=HYPERLINK(\"http://evil.example\",\"x\")"
