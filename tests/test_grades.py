"""Honest grades: every claim says whom it studied and what it found, and a page's headline
grade comes from claims of benefit in sciatica, labelled when it comes from back pain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.models import Claim, Headline

CATALOG = load_catalog()
PAGES = list(CATALOG.entries.values())


def claim(evidence: str, population: str | None, effect: str | None) -> Claim:
    return Claim("A claim.", evidence, ("src",), population, effect)


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.id)
def test_every_shipped_claim_has_a_population_and_an_effect(entry) -> None:
    for c in entry.claims:
        assert c.population in ("sciatica", "back-pain-with-or-without-sciatica",
                                "low-back-pain", "other-condition"), c.text
        assert c.effect in ("benefit", "no-difference", "harm"), c.text
        assert c.evidence != "not-established", c.text


def test_the_headline_comes_from_sciatica_benefit_claims_only() -> None:
    claims = (claim("high", "sciatica", "no-difference"),      # not a benefit
              claim("high", "sciatica", "harm"),               # not a benefit
              claim("moderate", "low-back-pain", "benefit"),   # not sciatica
              claim("very-low", "sciatica", "benefit"))
    assert Headline.of(claims) == Headline("very-low", "sciatica")
    assert Headline.of(claims).label == "very low"


def test_back_pain_evidence_is_labelled_so_when_there_is_no_sciatica_grade() -> None:
    claims = (claim("low", "low-back-pain", "benefit"),
              claim("moderate", "back-pain-with-or-without-sciatica", "benefit"),
              claim("guideline-advice", "sciatica", "benefit"))
    best = Headline.of(claims)
    assert best.label == "moderate, from back pain"
    assert Headline.of((claim("guideline-advice", "sciatica", "benefit"),)).label == (
        "guideline advice")
    assert Headline.of((claim("high", "sciatica", "no-difference"),)).label == (
        "no evidence of benefit")
    # A claim that does not say whom it studied never sets the headline.
    assert Headline.of((claim("high", None, "benefit"),)).grade is None


def piped_list(command: str) -> dict[str, str]:
    out = CliRunner().invoke(app, [command]).stdout
    return {line.split("\t")[0]: line.split("\t")[2] for line in out.splitlines()}


def test_the_lists_show_sciatica_grades_and_say_where_back_pain_grades_come_from() -> None:
    selfcare = piped_list("selfcare")
    # The back-pain guideline's "moderate" no longer heads the pain relievers.
    assert selfcare["pain-relievers"] == "low"
    assert selfcare["heat-and-cold"] == "moderate, from back pain"
    assert selfcare["gentle-exercise"] == "low"
    techniques = piped_list("techniques")
    assert techniques["swedish"] == "low, from back pain"
    assert techniques["deep-tissue"] == "low, from back pain"


def test_compare_and_json_carry_the_same_headline() -> None:
    data = json.loads(CliRunner().invoke(
        app, ["compare", "swedish", "pain-relievers", "--json"]).stdout)
    assert [(e["id"], e["evidence"], e["evidence_population"], e["evidence_label"])
            for e in data["entries"]] == [
        ("swedish", "low", "low-back-pain", "low, from back pain"),
        ("pain-relievers", "low", "sciatica", "low")]
    out = CliRunner().invoke(app, ["compare", "swedish", "pain-relievers"],
                             env={"COLUMNS": "120"}).stdout
    assert "low," in out and "from back pain" in out


def test_the_plan_puts_sciatica_evidence_before_back_pain_evidence() -> None:
    result = CliRunner().invoke(app, ["plan", "--stage", "acute", "--no-red-flags", "--json"])
    order = [item["id"] for item in json.loads(result.stdout)["start_today"]]
    assert order.index("pain-relievers") < order.index("heat-and-cold")
    assert order.index("gentle-exercise") < order.index("heat-and-cold")


OLD = """\
id: cupping
kind: technique
name: Cupping
summary: Suction cups on the skin.
body: |
  Cups on the back.
claims:
  - text: A leaflet says it helps.
    evidence: not-established
    sources: [nice-ng59]
cautions:
  - text: Skip it on broken skin.
  - text: Not on a newly swollen leg, which could be a blood clot.
"""


def test_the_retired_grade_still_loads_from_a_users_file_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "techniques").mkdir()
    (tmp_path / "techniques" / "cupping.yaml").write_text(OLD)
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "techniques", "cupping"])
    assert result.exit_code == 0
    assert "A leaflet says it helps.  [not graded]" in result.stdout
    warning = next(line for line in result.stderr.splitlines() if "SCI021" in line)
    assert warning.startswith(
        f"sciatica: warning: {tmp_path / 'techniques' / 'cupping.yaml'}:9: SCI021")
    assert "'not-established' is retired" in warning and not warning.endswith("skipped")
    # Without a population the claim cannot head the page, and the guide says why.
    assert "SCI020" in result.stderr
    assert "no evidence of benefit" in result.stdout


def test_the_wording_check_passes_on_the_shipped_content() -> None:
    result = CliRunner().invoke(app, ["validate", "--json"])
    codes = {p["code"] for p in json.loads(result.stdout)["problems"]}
    assert not codes & {"SCI020", "SCI021", "SCI022", "SCI023", "SCI024"}, codes


def test_the_suitability_order_uses_the_same_headline() -> None:
    from sciatica_cli import suitability

    decision = suitability.decide(CATALOG, suitability.Person(None, ()))
    groups = suitability.in_order(decision.entries.values())
    massage = [d.entry.id for d in groups["massage"]]
    # Swedish and deep tissue (low, from back pain) before myofascial (very low, from back
    # pain), before trigger point (guideline advice only).
    assert massage == ["deep-tissue", "swedish", "myofascial-release", "trigger-point"]
