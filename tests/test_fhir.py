"""`sciatica diary export --format fhir`: the check-ins as FHIR R4 QuestionnaireResponses
that a health record can load, checked against FHIR's own models (fhir.resources)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from diary_cli import run  # and conftest's `home`

pytest.importorskip("fhir.resources")
# R4B (4.3.0): fhir.resources has no R4 package any more; QuestionnaireResponse and Bundle
# did not change between R4 and R4B but for the version of the status code list.
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

URL = "https://sciatica.invalid/fhir/Questionnaire/sbi-checkin"


def checkins() -> None:
    assert run("checkin", "--leg-pain", "5", "--numbness", "3", "--weakness", "1",
               "--sitting", "4", "--at", "2026-11-02 09:15").exit_code == 0
    assert run("checkin", "--leg-pain", "3", "--numbness", "2", "--weakness", "0",
               "--sitting", "2", "--change", "much improved", "--note", "Walking <more> & better",
               "--at", "2026-11-09 09:30").exit_code == 0


def test_the_export_is_a_bundle_fhir_validates(home: Path, tmp_path: Path) -> None:
    checkins()
    target = tmp_path / "checkins.fhir.json"
    result = run("export", "--format", "fhir", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600  # as private as the diary
    data = json.loads(target.read_text())
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection" and len(bundle.entry) == 3
    form = Questionnaire.model_validate(data["entry"][0]["resource"])
    assert form.url == URL and form.status == "active"
    links = [i.linkId for i in form.item]
    assert links == ["sbi-leg-pain", "sbi-numbness", "sbi-weakness", "sbi-sitting",
                     "sbi-total", "pgic", "note"]
    first, second = (QuestionnaireResponse.model_validate(e["resource"])
                     for e in data["entry"][1:])
    for response in (first, second):
        assert response.status == "completed" and response.questionnaire == URL + "|1"
        assert {i.linkId for i in response.item} <= set(links)
    assert data["entry"][1]["resource"]["authored"].startswith("2026-11-02T09:15:00")
    assert first.authored.hour == 9 and first.authored.tzinfo is not None
    answers = {i.linkId: i.answer[0] for i in second.item}
    assert [answers[k].valueInteger for k in ("sbi-leg-pain", "sbi-numbness", "sbi-weakness",
                                                "sbi-sitting", "sbi-total")] == [3, 2, 0, 2, 7]
    coding = answers["pgic"].valueCoding
    assert (coding.code, coding.display) == ("2", "much improved")
    assert coding.system == "https://sciatica.invalid/fhir/CodeSystem/pgic"
    assert answers["note"].valueString == "Walking <more> & better"
    # The first check-in has no change to rate, so no pgic item at all.
    assert "pgic" not in {i.linkId for i in first.item}
    # Every code the PGIC answer can take is listed in the Questionnaire.
    options = next(i for i in form.item if i.linkId == "pgic").answerOption
    assert [o.valueCoding.code for o in options] == [str(n) for n in range(1, 8)]


def test_exporting_twice_gives_the_same_ids(home: Path) -> None:
    checkins()
    one = json.loads(run("export", "--format", "fhir").stdout)
    two = json.loads(run("export", "--format", "fhir").stdout)
    assert [e["fullUrl"] for e in one["entry"]] == [e["fullUrl"] for e in two["entry"]]
    assert all(e["fullUrl"].startswith("urn:uuid:") for e in one["entry"])


def test_an_empty_diary_exports_just_the_questionnaire(home: Path) -> None:
    data = json.loads(run("export", "--format", "fhir").stdout)
    Bundle.model_validate(data)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == ["Questionnaire"]


def test_the_models_refuse_a_broken_response() -> None:
    """The validator does reject a broken response, so passing it means something."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        QuestionnaireResponse.model_validate({"resourceType": "QuestionnaireResponse",
                                              "item": [{"linkId": "x"}]})  # no status
    with pytest.raises(ValidationError):
        QuestionnaireResponse.model_validate({
            "resourceType": "QuestionnaireResponse", "status": "completed",
            "item": [{"linkId": "x", "answer": [{"valueInteger": "five"}]}]})
