"""Each citation glitch a reader once saw, checked in the text a reader sees, as the real
consumer of each format renders it: citeproc-py for our text, pandoc --citeproc for CSL-JSON
and BibTeX, the bibtex program, and rispy for RIS. And the source records the issue named."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.reference_export import Format, Style, bibtex, export, ris, style_path
from sciatica_cli.models import Organisation, Source
from sciatica_cli.page_references import numbered

CATALOG = load_catalog()
ALL = numbered(list(CATALOG.sources), CATALOG.sources)
# A code in a title, as NICE writes its guideline numbers: the case that pandoc broke.
CODED = {"coded": Source(
    type="guideline", title="Low back pain and sciatica (NICE guideline NG59)",
    authors=(Organisation("National Institute for Health and Care Excellence"),), year=2020,
    supports="A test.")}

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc is not installed")


def apa_lines(style: Style = Style.APA) -> dict[str, str]:
    """Our text export, one citation per key."""
    out = export(ALL, Format.TEXT, style)
    blocks = [b.splitlines() for b in out.strip().split("\n\n")]
    return {b[1].split("Key: ")[1]: b[0].split("] ", 1)[1] for b in blocks}


def pandoc(tmp_path: Path, refs, fmt: Format, style: Style | None = Style.APA) -> dict[str, str]:
    """What pandoc --citeproc prints for every reference, one line per key."""
    suffix = {Format.BIBTEX: "bib", Format.CSL_JSON: "json"}[fmt]
    bib = tmp_path / f"refs.{suffix}"
    bib.write_text(export(refs, fmt))
    doc = tmp_path / "doc.md"
    keys = [r.key for r in refs]
    doc.write_text("".join(f"[@{k}]\n\n" for k in keys))
    args = ["pandoc", str(doc), "--citeproc", f"--bibliography={bib}", "-t", "plain",
            "--wrap=none"]
    if style is not None:
        args.append(f"--csl={style_path(style)}")
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    entries = result.stdout.split("\n\n")[len(keys):]
    assert len(entries) == len(keys), result.stdout
    found = {}
    for key, ref in zip(keys, refs):
        # Each entry by what only it holds: its DOI or address, else its author and title.
        s = ref.source
        first = s.authors[0]
        name = first.literal if isinstance(first, Organisation) else first.family
        marks = [s.doi] if s.doi else [s.url] if s.url else [name, s.title.split(" (")[0][:30]]
        (found[key],) = [e for e in entries if all(m.lower() in e.lower() for m in marks)]
    return found


# ---------------------------------------------------------------------------- our text (APA)


def test_apa_never_says_retrieved_without_a_date() -> None:
    for key, line in apa_lines().items():
        assert not re.search(r"Retrieved https?://", line), line
        if "Retrieved" in line:
            assert CATALOG.sources[key].accessed, line


def test_apa_has_no_capitalised_web_address_as_a_site_name() -> None:
    text = export(ALL, Format.TEXT, Style.APA)
    assert "Nccih.nih.gov" not in text and "Amtamassage.org" not in text
    assert "(news Report)" not in text and "(patient Information" not in text
    # Any site given by its address alone, now or later: never title-cased into a "name".
    for line in apa_lines().values():
        without_links = re.sub(r"https?://\S+", "", line)
        assert not re.search(r"\b[A-Z][a-z0-9-]*(\.[a-z0-9-]+)*\.(org|com|gov|uk|nz|net)\b",
                             without_links), line


def test_a_title_ending_in_a_question_mark_takes_no_full_stop() -> None:
    for style in Style:
        line = apa_lines(style)["murape2022neural"]
        assert "leg pain?" in line and "?." not in line


def test_nice_ng59_gives_its_number_once_and_the_date_of_the_version_cited() -> None:
    line = apa_lines()["nice-ng59"]
    assert line.count("NG59") == 1, line
    assert "(2020)" in line
    assert CATALOG.sources["nice-ng59"].issued == "2020-12-11"
    assert "30 November 2016" in CATALOG.sources["nice-ng59"].supports


def test_saragiotto_2016_has_its_six_authors() -> None:
    line = apa_lines()["saragiotto2016paracetamol"]
    assert line.startswith("Saragiotto, B. T., Machado, G. C., Ferreira, M. L., Pinheiro, M. B., "
                           "Abdel Shaheed, C., & Maher, C. G. (2016).")


def test_fda2009otc_cites_what_the_address_is() -> None:
    source = CATALOG.sources["fda2009otc"]
    assert "healthday.com" in (source.url or "")
    assert [a.literal for a in source.authors] == ["HealthDay"]
    assert source.title == "FDA Adds New Label Warnings to Over-the-Counter Painkillers"
    assert "74 FR 19385" in source.supports  # the rule itself, for a reader who wants it


def test_pages_read_only_through_copies_carry_no_access_date() -> None:
    copies = [key for key, source in CATALOG.sources.items()
              if re.search(r"seen (only )?(in|through) .*cop(y|ies)|copies of|reproduce it|"
                           r"quoting|archived", source.supports)]
    assert {"nccih-massage", "nhs-sciatica", "nhs-backpain", "nhs-ibuprofen",
            "nice-cks-sciatica"} <= set(copies)
    for key in copies:
        assert CATALOG.sources[key].accessed is None, key


def test_unconfirmed_or_off_topic_sources_are_listed_but_not_numbered_on_pages() -> None:
    record_only = {"amta-sciatica", "clinicalkey-sciatica", "bronfort2004"}
    for entry in CATALOG.entries.values():
        assert not record_only & set(entry.cited_keys()), entry.id
    text = export(ALL, Format.TEXT, Style.APA)
    for key in record_only:
        assert f"Key: {key}" in text
        assert "not cited as support on any page" in CATALOG.sources[key].supports
        assert CATALOG.sources[key].does_not_support
    assert "working form" not in CATALOG.sources["clinicalkey-sciatica"].supports


# ---------------------------------------------------------------------------- pandoc


@needs_pandoc
def test_pandoc_keeps_a_code_in_a_csl_json_title_as_written(tmp_path: Path) -> None:
    refs = numbered(list(CODED), CODED)
    # pandoc's default style title-cases titles; without protection "NG59" became "Ng59".
    shown = pandoc(tmp_path, refs, Format.CSL_JSON, style=None)["coded"]
    assert "NG59" in shown and "Ng59" not in shown
    assert "nocase" not in shown


@needs_pandoc
@pytest.mark.parametrize("fmt", [Format.CSL_JSON, Format.BIBTEX])
def test_pandoc_apa_shows_each_fixed_reference_as_it_should(tmp_path: Path, fmt: Format) -> None:
    shown = pandoc(tmp_path, ALL, fmt)
    for line in shown.values():
        assert not re.search(r"Retrieved https?://", line), line
        assert "Nccih" not in line and "?." not in line, line
        assert "Ng59" not in line
    assert shown["nice-ng59"].count("NG59") == 1, shown["nice-ng59"]
    # Every Cochrane issue reaches the reader: "Cochrane Database of Systematic Reviews, (9)".
    for key, source in CATALOG.sources.items():
        if source.container == "Cochrane Database of Systematic Reviews" and source.issue:
            assert f"Cochrane Database of Systematic Reviews, ({source.issue})" in shown[key], \
                shown[key]


# ---------------------------------------------------------------------------- bibtex, RIS


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
def test_the_bibtex_program_prints_the_cochrane_issue(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(ALL))
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n")
    subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, check=True)
    bbl = " ".join((tmp_path / "t.bbl").read_text().split())
    entry = bbl.split("\\bibitem{furlan2015massage}")[1].split("\\bibitem")[0]
    assert "(9)" in entry
    nice = bbl.split("\\bibitem{nice-ng59}")[1].split("\\bibitem")[0]
    assert nice.count("NG59") == 1, nice


def test_ris_keeps_a_report_number_out_of_the_start_page() -> None:
    import rispy

    records = {r["id"]: r for r in rispy.loads(ris(ALL))}
    nice = records["nice-ng59"]
    assert "start_page" not in nice
    assert nice["issn"] == "NG59"  # SN: where EndNote and Zotero read a report's number
    # An article number still stands where the pages would be.
    assert records["furlan2015massage"]["start_page"] == "CD001929"
    assert records["saragiotto2016paracetamol"]["authors"][-1] == "Maher, C. G."
    # The CSL-JSON says the same.
    item = next(i for i in json.loads(export(ALL, Format.CSL_JSON)) if i["id"] == "nice-ng59")
    assert item["number"] == "NG59" and "NG59" not in item["title"]
