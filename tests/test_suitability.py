"""The one rule (suitability.decide): which pages and stretches each condition rules out, with
its source, and a clinic's own folder may add rules but never silently drop ours."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.suitability import Person, decide, effect_of

from ruled_out import CATALOG, PAGES_OUT, STRETCHES_OUT

STRETCHES = {"knee-to-chest", "figure-four", "seated-nerve-glide", "lying-hamstring-stretch",
             "pelvic-tilt", "cat-cow", "childs-pose"}


def out_ids(conditions: tuple[str, ...], stage: str | None = None) -> tuple[set, set]:
    decision = decide(CATALOG, Person(stage, conditions))
    pages = {d.entry.id for d in decision.entries.values() if d.verdict.out}
    stretches = {s.id for d in decision.entries.values() for s, v in d.stretches if v.out}
    return pages, stretches


def test_the_bundled_content_loads_without_a_warning() -> None:
    assert CATALOG.warnings == []
    assert set(CATALOG.stretch_index()) == STRETCHES


@pytest.mark.parametrize("condition", sorted(CATALOG.conditions))
def test_each_condition_rules_out_exactly_these_stretches_and_pages(condition: str) -> None:
    pages, stretches = out_ids((condition,))
    assert stretches == STRETCHES_OUT.get(condition, set())
    assert pages == PAGES_OUT.get(condition, set())


def test_every_stretch_rule_out_names_a_source_a_reader_can_look_up() -> None:
    for condition in STRETCHES_OUT:
        decision = decide(CATALOG, Person(None, (condition,)))
        for d in decision.entries.values():
            for _stretch, verdict in d.stretches:
                for reason in verdict.reasons:
                    assert reason.sources and all(k in CATALOG.sources for k in reason.sources)
                    assert reason.text.startswith("It asks you to ")


def test_combinations_rule_out_the_union() -> None:
    for a, b in itertools.combinations(sorted(CATALOG.conditions), 2):
        pages, stretches = out_ids((a, b))
        assert stretches == STRETCHES_OUT.get(a, set()) | STRETCHES_OUT.get(b, set())
        assert pages == PAGES_OUT.get(a, set()) | PAGES_OUT.get(b, set())


def test_the_stage_takes_out_pages_for_the_other_stage() -> None:
    pages, _ = out_ids((), "acute")
    assert pages == {e.id for e in CATALOG.entries.values()
                     if e.kind != "overview" and "acute" not in e.stages}
    decision = decide(CATALOG, Person("acute"))
    assert "6 weeks or more" in decision.verdict("deep-tissue").reasons[0].text


def test_adapted_keeps_the_page_with_the_change_to_make() -> None:
    verdict = decide(CATALOG, Person(None, ("blood-thinners",))).verdict("swedish")
    assert verdict.status == "adapted"
    assert "light pressure" in verdict.reasons[0].text


def test_every_caution_tied_to_a_condition_says_what_it_does() -> None:
    for entry in CATALOG.entries.values():
        for caution in entry.cautions:
            if caution.conditions:
                assert caution.effect in ("out", "adapted", "note"), (entry.id, caution.text)


def test_a_cancer_answer_is_the_red_flag_sign_too() -> None:
    cancer = CATALOG.conditions["cancer"]
    signs = {s.id: s for tier in CATALOG.redflags.tiers for s in tier.signs}
    assert cancer.question == signs[cancer.red_flag].question


def test_the_surgery_conditions_say_ask_your_surgeon_or_physio() -> None:
    for cond in ("hip-replacement", "recent-surgery"):
        assert "Ask your surgeon or physio" in CATALOG.conditions[cond].advice


# --------------------------------------------------------------- a clinic's own folder

STRETCHING = Path(__file__).parents[1] / "data" / "selfcare" / "stretching.yaml"
DEEP = Path(__file__).parents[1] / "data" / "techniques" / "deep-tissue.yaml"


def clinic(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / "clinic" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "clinic"


def test_a_local_page_cannot_drop_our_rule_out(tmp_path: Path) -> None:
    softer = DEEP.read_text().replace("    effect: out\n", "    effect: note\n", 1)
    softer = softer.replace("Do not have deep tissue massage if", "Tell the therapist if")
    folder = clinic(tmp_path, {"techniques/deep-tissue.yaml": softer})
    catalog = load_catalog([folder])
    assert [p.code for p in catalog.warnings] == ["SCI018"]
    assert "blood-thinners" in catalog.warnings[0].message
    assert decide(catalog, Person(None, ("blood-thinners",))).verdict("deep-tissue").out


def test_a_local_stretch_cannot_drop_a_movement(tmp_path: Path) -> None:
    text = STRETCHING.read_text().replace(
        "movements: [kneeling, deep-spinal-flexion, hip-flexion-past-90]", "movements: []")
    catalog = load_catalog([clinic(tmp_path, {"selfcare/stretching.yaml": text})])
    assert [p.code for p in catalog.warnings] == ["SCI018"]
    assert decide(catalog, Person(None, ("osteoporosis",))).stretch("childs-pose").out


def test_a_local_condition_may_rule_more_out_but_not_less(tmp_path: Path) -> None:
    conditions = """\
conditions:
  - id: osteoporosis
    name: Weak bones
    question: Weak bones?
    rules_out:
      - movement: nerve-tension
        sources: [nhs-sciatica]
"""
    catalog = load_catalog([clinic(tmp_path, {"conditions.yaml": conditions})])
    assert {p.code for p in catalog.warnings} == {"SCI018"}
    decision = decide(catalog, Person(None, ("osteoporosis",)))
    stretches = {s.id for d in decision.entries.values() for s, v in d.stretches if v.out}
    assert stretches == STRETCHES_OUT["osteoporosis"] | {"seated-nerve-glide",
                                                              "lying-hamstring-stretch"}


def test_an_old_file_without_the_new_keys_loads_with_a_warning(tmp_path: Path) -> None:
    old = """\
id: old-stretches
kind: selfcare
name: Old stretches
summary: Our old page.
body: |
  Plain words.
claims:
  - text: It may help.
    evidence: low
    sources: [nhs-sciatica]
cautions:
  - text: Do not do these if you have weak bones.
    conditions: [osteoporosis]
stages: [chronic]
stretches:
  - id: old-twist
    name: Old twist
    steps: [Lie down and twist.]
    hold_seconds: 10
    repetitions: 2
    stop_if: It hurts.
"""
    conditions = "conditions:\n  - id: gout\n    name: Gout\n    question: Do you have gout?\n"
    catalog = load_catalog([clinic(tmp_path, {"selfcare/old-stretches.yaml": old,
                                              "conditions.yaml": conditions})])
    messages = [f"{p.path.name}: {p.code} {p.message}" for p in catalog.warnings]
    assert messages == [
        # Older than issue 11 too: its claim says neither whom it studied nor what it found.
        "old-stretches.yaml: SCI020 claims.0 has no population or effect; it does not count "
        "toward the page's best evidence",
        "old-stretches.yaml: SCI017 cautions.0 has conditions but no 'effect' (out, adapted or "
        "note); read as 'out'",
        "old-stretches.yaml: SCI017 stretch 'old-twist' has no 'movements'; it is left out for "
        "anyone whose conditions rule a movement out",
        "conditions.yaml: SCI017 condition 'gout' has no 'rules_out' (write [] if it rules "
        "nothing out)"]
    entry = catalog.get("old-stretches")
    assert effect_of(entry.cautions[0]) == "out"
    assert decide(catalog, Person(None, ("osteoporosis",))).verdict("old-stretches").out
    # Unknown movements: out for anyone whose conditions rule movements out, in otherwise.
    assert decide(catalog, Person(None, ("hip-replacement",))).stretch("old-twist").out
    assert not decide(catalog, Person(None, ("gout",))).stretch("old-twist").out
