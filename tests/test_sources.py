"""`sciatica sources`: every format parsed back by an independent parser and compared with
the YAML, the tricky inputs one by one, and the command's options and failures."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.reference_export import EXPORTERS, Format, Style, bibtex, csl_json, export, ris
from sciatica_cli.cli import app
from sciatica_cli.models import Organisation, Person, Source
from sciatica_cli.page_references import numbered

CATALOG = load_catalog()
ALL = numbered(list(CATALOG.sources), CATALOG.sources)
SCHEMA = Path(__file__).parent / "fixtures" / "csl" / "csl-data.json"

TRICKY = {
    "org-author": Source(
        type="guideline", title="Low back pain and sciatica",
        authors=(Organisation("Agency for Health Care Policy and Research"),),
        publisher="Agency for Health Care Policy and Research", year=1994,
        url="https://example.org/guidance", supports="A test."),
    "non-ascii": Source(
        type="article", title="Rückenschmerz und Ischias", authors=(
            Person("Müller", "Jürgen"), Person("Ñúñez", "José"), Person("Ødegård", "Åse")),
        container="Zeitschrift für Tests", year=2020, volume="4", issue="3", pages="335-356",
        doi="10.1234/ümlaut", supports="A test."),
    "url-hash": Source(
        type="webpage", title="Sciatica", authors=(Organisation("ClinicalKey"),),
        url="https://www.clinicalkey.com/#!/content/clinical_overview/20538?a=b_c&d=%20e",
        accessed="2026-11-24", supports="A test."),
    "specials": Source(
        type="article", title="Heat & cold: 50% of $10 for #1 {braces} ~tilde^ back\\slash",
        authors=(Person("O'Brien", "A. B."),), container="Journal of A & B", year=2021,
        supports="A test."),
}
TRICKY_REFS = numbered(list(TRICKY), TRICKY)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_every_format_has_an_exporter() -> None:
    assert set(EXPORTERS) == set(Format)
    for fmt in Format:
        assert export(ALL, fmt, Style.APA).strip()


# ---------------------------------------------------------------------------- BibTeX


def parse_bibtex_with_pybtex(text: str):
    from pybtex.database import parse_string

    return parse_string(text, "bibtex")  # pybtex raises on syntax errors and duplicate keys


def plain(value: str) -> str:
    """A BibTeX value as a reader sees it: LaTeX decoded, braces gone."""
    from pylatexenc.latex2text import LatexNodes2Text

    # The decoder turns \textasciicircum into the modifier letter; LaTeX prints a caret.
    return LatexNodes2Text().latex_to_text(value).replace("\u02c6", "^")


def family(person) -> str:
    return plain(" ".join([*person.prelast_names, *person.last_names]))


@pytest.mark.parametrize("refs", [ALL, TRICKY_REFS], ids=["shipped", "tricky"])
def test_bibtex_parses_back_field_by_field_with_pybtex(refs) -> None:
    data = parse_bibtex_with_pybtex(bibtex(refs))
    assert list(data.entries) == [r.key for r in refs]
    for ref in refs:
        entry, source = data.entries[ref.key], ref.source
        assert entry.type == {"article": "article", "webpage": "misc",
                              "guideline": "techreport"}[source.type]
        assert plain(entry.fields["title"]) == source.title
        assert entry.fields.get("doi") == source.doi
        assert entry.fields.get("url") == source.url  # exactly, no backslashes
        assert entry.fields.get("urldate") == source.accessed
        people = entry.persons["author"]
        assert len(people) == len(source.authors)
        for person, author in zip(people, source.authors):
            if isinstance(author, Organisation):
                # One name, whole: pybtex sees a single braced last name.
                assert plain(" ".join(person.last_names)) == author.literal
                assert not person.first_names
            else:
                assert family(person) == author.family
        if source.container and source.type == "article":
            assert plain(entry.fields["journal"]) == source.container


def test_bibtex_parses_back_with_bibtexparser() -> None:
    import bibtexparser

    library = bibtexparser.parse_string(bibtex(ALL))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [r.key for r in ALL]
    clinicalkey = library.entries_dict["clinicalkey-sciatica"]
    assert clinicalkey["url"] == "https://www.clinicalkey.com/#!/content/clinical_overview/20538"


def test_bibtex_keeps_an_organisation_whole() -> None:
    text = bibtex(TRICKY_REFS[:1])
    assert "author = {{Agency for Health Care Policy and Research}}" in text
    assert "institution = {{Agency for Health Care Policy and Research}}" in text


def test_bibtex_non_ascii_names_survive() -> None:
    entry = parse_bibtex_with_pybtex(bibtex(TRICKY_REFS[1:2])).entries["non-ascii"]
    assert [family(p) for p in entry.persons["author"]] == [
        "Müller", "Ñúñez", "Ødegård"]
    assert plain(entry.fields["title"]) == "Rückenschmerz und Ischias"
    assert entry.fields["pages"] == "335--356"


def test_bibtex_url_with_hash_bang_and_underscore_is_raw() -> None:
    text = bibtex(TRICKY_REFS[2:3])
    assert ("url = {https://www.clinicalkey.com/#!/content/clinical_overview/20538"
            "?a=b_c&d=%20e}") in text
    assert "\\_" not in text and "\\#" not in text


def test_bibtex_escapes_latex_specials_in_text_fields() -> None:
    text = bibtex(TRICKY_REFS[3:4])
    title = re.search(r"title = \{(.*)\},?\n", text).group(1)
    for special in ("\\&", "\\%", "\\$", "\\#"):
        assert special in title
    assert plain(parse_bibtex_with_pybtex(text).entries["specials"].fields["title"]) == \
        TRICKY["specials"].title


needs_bibtex = pytest.mark.skipif(shutil.which("bibtex") is None,
                                  reason="the bibtex program is not installed")


@needs_bibtex
def test_the_bibtex_program_reads_it_without_warnings_we_could_avoid(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(ALL))
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n")
    subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, check=True)
    warnings = re.findall(r"^Warning--(.*)$", (tmp_path / "t.blg").read_text(), re.M)
    # The only warnings allowed: a source whose year is not known (we never invent one),
    # and a Cochrane issue, which has no volume (in a note instead, pandoc dropped it).
    undated = {k for k, s in CATALOG.sources.items() if not (s.year or s.issued)}
    unbound = {k for k, s in CATALOG.sources.items() if s.issue and not s.volume}
    for warning in warnings:
        match = re.fullmatch(r"empty year in (\S+)", warning)
        if match:
            assert match.group(1) in undated, warning
        else:
            match = re.fullmatch(r"there's a number but no volume in (\S+)", warning)
            assert match and match.group(1) in unbound, warning
    bbl = (tmp_path / "t.bbl").read_text()
    assert "Agency for Health Care Policy and Research" in bbl  # not split into two people


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_it(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(bibtex(ALL + TRICKY_REFS))
    result = subprocess.run(["biber", "--tool", "--validate-datamodel", bib.name],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    undated = {k for k, s in {**CATALOG.sources, **TRICKY}.items() if not (s.year or s.issued)}
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith(("WARN", "ERROR")):
            match = re.search(r"Entry '([^']+)'.*one of 'date, year' must be defined", line)
            assert match and match.group(1) in undated, line
    out = next(tmp_path.glob("*_bibertool.bib")).read_text()
    assert "https://www.clinicalkey.com/#!/content/clinical_overview/20538?a=b_c&d=%20e" in out


# ---------------------------------------------------------------------------- RIS


@pytest.mark.parametrize("refs", [ALL, TRICKY_REFS], ids=["shipped", "tricky"])
def test_ris_parses_back_field_by_field_with_rispy(refs) -> None:
    import rispy

    records = rispy.loads(ris(refs))
    assert [r["id"] for r in records] == [r.key for r in refs]
    for record, ref in zip(records, refs):
        source = ref.source
        assert record["type_of_reference"] == {"article": "JOUR", "webpage": "ELEC",
                                               "guideline": "RPRT"}[source.type]
        assert record["title"] == source.title
        assert record.get("doi") == source.doi
        assert record.get("urls", [None])[0] == source.url
        assert record["authors"] == [
            a.literal if isinstance(a, Organisation) else f"{a.family}, {a.given}"
            for a in source.authors]
        if source.type == "article" and source.container:
            assert record["secondary_title"] == source.container
        if source.pages:
            start, end = source.pages.split("-")
            assert (record["start_page"], record["end_page"]) == (start, end)


def test_ris_has_no_record_numbers() -> None:
    assert not re.search(r"^\d+\.$", ris(ALL), re.M)
    assert ris(ALL).startswith("TY  - ")


# ---------------------------------------------------------------------------- CSL-JSON


@pytest.mark.parametrize("refs", [ALL, TRICKY_REFS], ids=["shipped", "tricky"])
def test_csl_json_is_valid_against_the_official_schema(refs) -> None:
    import jsonschema

    items = json.loads(csl_json(refs))
    jsonschema.validate(items, json.loads(SCHEMA.read_text()),
                        cls=jsonschema.Draft7Validator)
    assert len({i["id"] for i in items}) == len(items)  # the schema does not check this
    for item, ref in zip(items, refs):
        source = ref.source
        # Codes like "NG59" are marked so title case leaves them alone; the words are the same.
        assert item["id"] == ref.key
        assert re.sub(r'<span class="nocase">(.*?)</span>', r"\1", item["title"]) == source.title
        assert item.get("DOI") == source.doi and item.get("URL") == source.url
        for name, author in zip(item["author"], source.authors):
            if isinstance(author, Organisation):
                assert name == {"literal": author.literal}
            else:
                assert name["family"] == author.family


needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc is not installed")


@needs_pandoc
@pytest.mark.parametrize("fmt", [Format.BIBTEX, Format.CSL_JSON])
def test_pandoc_citeproc_renders_every_entry(tmp_path: Path, fmt: Format) -> None:
    suffix = {Format.BIBTEX: "bib", Format.CSL_JSON: "json"}[fmt]
    refs = tmp_path / f"refs.{suffix}"
    refs.write_text(export(ALL + TRICKY_REFS, fmt))
    doc = tmp_path / "doc.md"
    doc.write_text('---\nnocite: "[@*]"\n---\n')
    result = subprocess.run(["pandoc", str(doc), "--citeproc", f"--bibliography={refs}",
                             "--fail-if-warnings", "-t", "plain", "--wrap=none"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "https://www.clinicalkey.com/#!/content/clinical_overview/20538?a=b_c&d=%20e" in out
    assert "Agency for Health Care Policy and Research" in out
    assert "Müller" in out and "Ñúñez" in out
    # pandoc title-cases CSL-JSON titles in its default style; BibTeX's braces keep them.
    assert "heat & cold: 50% of $10 for #1 {braces} ~tilde^ back\\slash" in out.lower()
    assert len(re.findall(r"^\S.*\d{4}|n\.d\.", out, re.M)) >= len(ALL)


# ---------------------------------------------------------------------------- styled text


def test_text_is_numbered_and_says_what_each_source_supports() -> None:
    result = run("sources", "--for", "deep-tissue")
    assert result.exit_code == 0
    blocks = result.stdout.strip().split("\n\n")
    page = CATALOG.resolve("deep-tissue")
    assert len(blocks) == len(page.cited_keys())
    first = CATALOG.sources[page.cited_keys()[0]]
    assert blocks[0].startswith("[1] National Center for Complementary and Integrative Health.")
    assert blocks[0].splitlines()[1] == f"    Key: {page.cited_keys()[0]}"
    assert f"    Supports: {first.supports}" in blocks[0]
    assert f"    Does not support: {first.does_not_support}" in blocks[0]


def test_apa_and_vancouver_styles() -> None:
    apa = run("sources", "--for", "overview", "--style", "apa").stdout
    vancouver = run("sources", "--for", "overview", "--style", "vancouver").stdout
    assert "Koes, B. W., van Tulder, M. W., & Peul, W. C. (2007)." in apa
    assert "Koes BW, van Tulder MW, Peul WC." in vancouver
    assert "2007;334(7607):1313-1317" in vancouver


def test_markdown_is_a_numbered_list_with_autolinks() -> None:
    out = run("sources", "--format", "markdown").stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("1. ") and lines[1].startswith("2. ")
    assert "<https://www.clinicalkey.com/#!/content/clinical_overview/20538>" in out


def test_the_original_articles_four_sources_are_exported() -> None:
    out = run("sources", "--format", "csl-json").stdout
    ids = {item["id"] for item in json.loads(out)}
    assert {"nccih-massage", "amta-sciatica", "clinicalkey-sciatica", "bronfort2004"} <= ids


# ---------------------------------------------------------------------------- the command


def test_for_limits_to_what_one_page_cites_numbered_like_the_page() -> None:
    data = json.loads(run("sources", "--for", "Deep Tissue", "--json").stdout)
    page = json.loads(run("techniques", "deep-tissue", "--json").stdout)
    assert [i["id"] for i in data] == [r["key"] for r in page["references"]]


def test_for_redflags() -> None:
    data = json.loads(run("sources", "--for", "redflags", "--json").stdout)
    assert "nhs-sciatica" in {i["id"] for i in data}


def test_unknown_for_id_suggests_and_exits_1() -> None:
    result = run("sources", "--for", "deep-tisue")
    assert result.exit_code == 1
    assert "Did you mean: deep-tissue" in result.stderr


@pytest.mark.parametrize("option,value,choices", [
    ("--format", "pdf", "'text', 'markdown', 'bibtex', 'ris', 'csl-json'"),
    ("--style", "harvard", "'apa', 'vancouver'"),
])
def test_unknown_format_or_style_is_a_usage_error(option: str, value: str, choices: str) -> None:
    result = run("sources", option, value)
    assert result.exit_code == 2
    assert choices in result.stderr


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    result = run("sources", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text() == run("sources", "--format", "bibtex").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_output_dash_is_stdout() -> None:
    assert run("sources", "-f", "ris", "-o", "-").stdout.startswith("TY  - ")


def test_unwritable_output_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    result = run("sources", "--format", "bibtex", "-o", str(tmp_path / "missing" / "refs.bib"))
    assert result.exit_code == 1
    assert result.stderr == (f"sciatica: cannot write {tmp_path / 'missing' / 'refs.bib'}: "
                             "No such file or directory\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("sources", "-f", "ris", "-o", str(locked / "refs.ris"))
        if os_allows_writing(locked):
            pytest.skip("running as a user who can write anywhere")
        assert result.exit_code == 1
        assert "Permission denied" in result.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def os_allows_writing(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def test_a_failure_while_writing_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old\n")
    import sciatica_cli.files as files

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    result = run("sources", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_every_key_is_shown_in_text_so_a_reader_can_cite_it() -> None:
    out = run("sources").stdout
    keys = [line.split("Key: ", 1)[1] for line in out.splitlines() if line.startswith("    Key: ")]
    assert keys == list(CATALOG.sources)


def test_sources_on_a_terminal_go_through_less(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    import os
    import shutil
    import sys

    if not shutil.which("less"):
        pytest.skip("less is not installed")
    script = shutil.which("sciatica", path=os.path.dirname(sys.executable))
    env = {k: v for k, v in os.environ.items() if k not in ("LESS", "PAGER", "NO_COLOR")}
    env.update(SCIATICA_CACHE_DIR=str(tmp_path), TERM="xterm", COLUMNS="80", LINES="20")
    child = pexpect.spawn(script, ["sources"], env=env, encoding="utf-8", timeout=20,
                          dimensions=(20, 80))
    child.expect([r"\n:", r"\x08:"])  # less waits for a key: the list is longer than the screen
    shown = child.before
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "[1]" in shown and "nccih-massage" in shown and "Key:" in shown
    assert "[9]" not in shown  # the rest waits in the pager, not scrolled past
    assert "ESC" not in shown  # colours shown as colours (less -R), not spelt out
