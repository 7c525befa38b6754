"""The weekly check-ins as FHIR R4 resources, the standard way health records exchange
questionnaire answers: one QuestionnaireResponse a check-in, gathered in a Bundle with the
Questionnaire they answer. Plain dicts, ready for json.dumps; nothing here prints.

The Questionnaire is ours, so its canonical address is under `.invalid`, a name reserved
never to resolve (RFC 2606): it says whose form this is without claiming a place in any
registry. QuestionnaireResponse is the same in R4 (4.0.1) and R4B (4.3.0) but for the
version of its status code list, whose codes did not change.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .outcomes import PGIC_ANSWERS, PGIC_QUESTION, SBI_ITEM_MAX, SBI_ITEMS, SBI_MAX, SBI_QUESTION

if TYPE_CHECKING:
    from .diary import CheckIn

BASE = "https://sciatica.invalid/fhir"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/sbi-checkin"
QUESTIONNAIRE_VERSION = "1"
PGIC_SYSTEM = f"{BASE}/CodeSystem/pgic"

# linkIds: stable, so a system that loaded last month's export matches this month's.
SBI_LINK = {item.key: "sbi-" + item.key.replace("_", "-") for item in SBI_ITEMS}
TOTAL_LINK, PGIC_LINK, NOTE_LINK = "sbi-total", "pgic", "note"


def fhir_datetime(at: str) -> str:
    """FHIR's dateTime needs seconds when it has a time: 2026-11-24T08:30:00+00:00."""
    return datetime.fromisoformat(at).isoformat(timespec="seconds")


def questionnaire() -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        {"linkId": SBI_LINK[item.key], "text": item.text, "type": "integer", "required": True,
         "prefix": str(number)}
        for number, item in enumerate(SBI_ITEMS, 1)]
    items.append({"linkId": TOTAL_LINK, "text": f"Sciatica Bothersomeness Index, total "
                  f"0 to {SBI_MAX} (the sum of the four answers)", "type": "integer",
                  "readOnly": True})
    items.append({"linkId": PGIC_LINK, "text": PGIC_QUESTION + " (asked from the second "
                  "check-in on)", "type": "choice", "answerOption": [
                      {"valueCoding": _pgic_coding(score)}
                      for score in range(1, len(PGIC_ANSWERS) + 1)]})
    items.append({"linkId": NOTE_LINK, "text": "Anything else, in your words", "type": "text"})
    return {
        "resourceType": "Questionnaire",
        "id": "sbi-checkin",
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "SciaticaWeeklyCheckIn",
        "title": "Sciatica weekly check-in: Sciatica Bothersomeness Index and change since "
                 "the first check-in",
        "status": "active",
        "publisher": "sciatica (an offline self-care guide)",
        "description": (
            f"{SBI_QUESTION} Each of the four answers is 0 to {SBI_ITEM_MAX}; the total is "
            f"0 to {SBI_MAX} (Grovle and others, Spine 2008 and European Spine Journal "
            "2010). The questions are in the guide's own words. The change question is the "
            "seven-point Patient Global Impression of Change (1 very much improved to 7 "
            "very much worse)."),
        "item": items,
    }


def _pgic_coding(score: int) -> dict[str, Any]:
    return {"system": PGIC_SYSTEM, "code": str(score), "display": PGIC_ANSWERS[score - 1]}


def response(c: CheckIn) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        {"linkId": SBI_LINK[item.key], "text": item.text,
         "answer": [{"valueInteger": value}]}
        for item, value in zip(SBI_ITEMS, c.sbi)]
    items.append({"linkId": TOTAL_LINK, "text": "Sciatica Bothersomeness Index, total",
                  "answer": [{"valueInteger": c.sbi_total}]})
    if c.pgic is not None:
        items.append({"linkId": PGIC_LINK, "text": PGIC_QUESTION,
                      "answer": [{"valueCoding": _pgic_coding(c.pgic)}]})
    if c.note.strip():
        items.append({"linkId": NOTE_LINK, "text": "Anything else, in your words",
                      "answer": [{"valueString": c.note}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"checkin-{c.id}",
        "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
        "status": "completed",
        "authored": fhir_datetime(c.at),
        "item": items,
    }


def _full_url(key: str) -> str:
    """A stable urn:uuid for each resource, so exporting twice gives the same ids."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{BASE}/{key}')}"


def bundle(checkins: list[CheckIn], now: datetime) -> dict[str, Any]:
    """A collection: the Questionnaire, then one QuestionnaireResponse a check-in, oldest
    first."""
    entries = [{"fullUrl": _full_url(f"Questionnaire/sbi-checkin/{QUESTIONNAIRE_VERSION}"),
                "resource": questionnaire()}]
    entries += [{"fullUrl": _full_url(f"QuestionnaireResponse/{c.id}/{c.at}"),
                 "resource": response(c)} for c in checkins]
    return {"resourceType": "Bundle", "type": "collection",
            "timestamp": now.isoformat(timespec="seconds"), "entry": entries}
