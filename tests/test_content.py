"""The shipped content: complete, plain, honest about evidence, and safe.

These read the real data/ folder through the same loader the guide uses.
"""

from __future__ import annotations

import re
import sys

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.readability import TARGET_GRADE, grade, page_prose, redflags_prose

CATALOG = load_catalog()
PAGES = list(CATALOG.entries.values())


def test_the_promised_pages_exist() -> None:
    assert [e.id for e in CATALOG.of_kind("technique")] == [
        "deep-tissue", "myofascial-release", "swedish", "trigger-point"]
    assert [e.id for e in CATALOG.of_kind("selfcare")] == [
        "gentle-exercise", "heat-and-cold", "pain-relievers", "stretching"]
    assert CATALOG.resolve("overview").kind == "overview"


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.id)
def test_every_page_reads_at_grade_8_or_under(entry) -> None:
    score = grade(page_prose(entry))
    assert score <= TARGET_GRADE, f"{entry.id} reads at grade {score:.1f}"


def test_red_flags_read_at_grade_8_or_under() -> None:
    assert grade(redflags_prose(CATALOG.redflags)) <= TARGET_GRADE


def test_grading_works_where_setuptools_has_no_pkg_resources(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # On Python 3.12+ pip puts setuptools 81 or later beside textstat 0.7.4, and textstat
    # imports pkg_resources, which those versions dropped: `validate` used to crash there.
    text = page_prose(CATALOG.entries["stretching"])
    expected = grade(text)
    monkeypatch.setitem(sys.modules, "pkg_resources", None)  # importing it now fails
    for name in [m for m in sys.modules if m.split(".")[0] == "textstat"]:
        monkeypatch.delitem(sys.modules, name)
    assert grade(text) == expected
    assert "pkg_resources" not in sys.modules  # the stand-in was lent, not left behind


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.id)
def test_every_page_has_cautions_and_graded_sourced_claims(entry) -> None:
    assert entry.cautions
    for claim in entry.claims:
        assert claim.sources and claim.evidence


@pytest.mark.parametrize("kind", ["technique", "selfcare"])
def test_attributes_line_up_within_a_kind(kind: str) -> None:
    keys = {tuple(e.attributes) for e in CATALOG.of_kind(kind)}
    assert len(keys) == 1, keys
    assert len(next(iter(keys))) >= 3


def test_stretching_has_five_named_stretches_with_everything_a_routine_needs() -> None:
    stretching = CATALOG.resolve("stretching")
    assert len(stretching.stretches) >= 5
    names = " ".join(s.name.lower() for s in stretching.stretches)
    for expected in ("knee", "figure", "nerve"):
        assert expected in names
    for stretch in stretching.stretches:
        assert len(stretch.steps) >= 2 and stretch.stop_if and stretch.repetitions >= 1


def test_gentle_exercise_says_stay_active_not_bed_rest() -> None:
    page = page_prose(CATALOG.resolve("gentle-exercise")).lower()
    assert "bed rest" in page or "rest in bed" in page
    assert "active" in page


DOSE = re.compile(r"\b\d+(\.\d+)?\s*"
                  r"(mg|milligrams?|g|grams?|ml|tablets?|pills?|capsules?|times a day)\b"
                  r"|\bmaximum (daily )?dose\b|\bevery \d+ hours\b", re.I)


def test_pain_relievers_give_no_doses_and_send_readers_to_the_label_and_a_pharmacist() -> None:
    entry = CATALOG.resolve("pain-relievers")
    text = page_prose(entry)
    assert not DOSE.search(text), DOSE.search(text)
    lowered = text.lower()
    assert "label" in lowered and "pharmacist" in lowered
    for name in ("ibuprofen", "naproxen", "paracetamol"):
        assert name in lowered
    tagged = {tag for c in entry.cautions for tag in c.conditions}
    assert {"stomach-ulcer", "kidney-disease", "pregnancy"} <= tagged


def test_no_doses_anywhere() -> None:
    for entry in PAGES:
        assert not DOSE.search(page_prose(entry)), entry.id


def test_red_flags_put_cauda_equina_signs_first() -> None:
    tiers = CATALOG.redflags.tiers
    assert [t.id for t in tiers] == ["emergency", "urgent", "routine"]
    first = " ".join(s.text.lower() for s in tiers[0].signs[:5])
    for words in ("genital", "bladder|pee", "bowel|poo", "both legs"):
        assert re.search(words, first), words
    assert re.search("ambulance|999|911|emergency", tiers[0].action.lower())


def test_bronfort_is_never_cited_for_massage() -> None:
    for entry in CATALOG.of_kind("technique"):
        assert "bronfort2004" not in entry.cited_keys(), entry.id


def test_the_trade_association_is_never_evidence_of_benefit() -> None:
    for entry in PAGES:
        for claim in entry.claims:
            assert "amta-sciatica" not in claim.sources, entry.id


def test_the_original_articles_four_sources_are_there() -> None:
    sources = CATALOG.sources
    urls = {s.url for s in sources.values()}
    assert "https://www.nccih.nih.gov/health/massage-therapy-what-you-need-to-know" in urls
    assert "https://www.clinicalkey.com/#!/content/clinical_overview/20538" in urls
    assert any(s.url and "amtamassage.org" in s.url for s in sources.values())
    assert sources["bronfort2004"].doi == "10.1016/j.spinee.2003.06.002"
    assert "massage" in (sources["bronfort2004"].does_not_support or "").lower()
    assert not any("\\" in (s.url or "") for s in sources.values())


def test_every_cited_source_says_what_it_supports() -> None:
    cited = {k for e in PAGES for k in e.cited_keys()}
    for key in cited:
        assert CATALOG.sources[key].supports


@pytest.mark.parametrize("args", [["overview"]] + [["techniques", e.id] for e in
                         CATALOG.of_kind("technique")] + [["selfcare", e.id] for e in
                         CATALOG.of_kind("selfcare")], ids=lambda a: a[-1])
def test_every_page_ends_with_the_reminder(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    tail = " ".join(result.stdout.split()[-20:])
    assert "not a diagnosis" in tail and "sciatica redflags" in tail


def test_the_shipped_content_validates_cleanly() -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
