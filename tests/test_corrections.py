"""Each fact the clinical read corrected or found missing is on its page, as a reader sees it,
with the source behind it: the sentence, then its numbers, then those numbers' citations."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import app


def page(*args: str) -> str:
    result = CliRunner().invoke(app, [*args], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())  # as read, not as wrapped


def cited(text: str, fact: str) -> list[str]:
    """The citations a reader finds for `fact`: the numbers after it, looked up in Sources."""
    at = text.rindex(fact) + len(fact)  # the claim or caution, after any mention in the body
    numbers = re.match(r"(?: \[[a-z ,]+\])? \[([\d, ]+)\]", text[at:])
    assert numbers, f"no source numbers after: {fact}"
    sources = text[text.rindex("Sources"):]
    found = []
    for n in numbers.group(1).split(", "):
        entry = re.search(rf"\[{n}\] (.*?)(?= \[\d+\] | ─)", sources)
        assert entry, n
        found.append(entry.group(1))
    return found


def assert_cited(text: str, fact: str, *authors: str) -> None:
    citations = " | ".join(cited(text, fact))
    for author in authors:
        assert author in citations, (fact, citations)


# (command, the fact as the reader reads it, who it is cited to)
FACTS = [
    # Medicines someone already takes: never stopped suddenly (NG59 2020, NG215).
    (("selfcare", "pain-relievers"),
     "If you take gabapentin, pregabalin, a benzodiazepine or an opioid, do not stop it "
     "suddenly. Ask your doctor how to come off it.",
     "Medicines associated with dependence"),
    # NSAIDs: other medicines, alcohol, heart and stroke for everyone, lowest dose.
    (("selfcare", "pain-relievers"),
     "blood pressure tablets (such as ACE inhibitors, ARBs or water tablets), steroid tablets, "
     "SSRI antidepressants (such as citalopram), lithium or methotrexate.",
     "NHS. Ibuprofen for adults", "MedlinePlus"),
    (("selfcare", "pain-relievers"),
     "Drinking alcohol while you take an NSAID raises the risk of bleeding in the stomach.",
     "FDA Adds New Label Warnings"),
    (("selfcare", "pain-relievers"),
     "This is true for everyone who takes them, not only people with heart disease. It can start "
     "in the first weeks. The risk grows the more you take and the longer you take them.",
     "US Food and Drug Administration"),
    (("selfcare", "pain-relievers"),
     "Use the lowest dose of an NSAID that works, for the shortest time.",
     "National Institute for Health and Care Excellence"),
    (("selfcare", "pain-relievers"),
     "You can become addicted to codeine. Ask a pharmacist if the pain goes on.",
     "NHS. Co-codamol for adults"),
    # Heat: no hot water bottle for anyone, nor heat on numb or tingly skin; a time limit per
    # session (HealthDay, passing on University of Missouri Health Care advice); a cloth, a medium
    # setting and a timer.
    (("selfcare", "heat-and-cold"),
     "Do not use a hot water bottle. Sciatica can numb your skin, and numb skin can scald "
     "without you feeling it. Do not put heat on skin that feels numb or tingly.",
     "NHS. Sciatica", "HealthDay. Health Tip: Prevent Burns From a Heating Pad"),
    (("selfcare", "heat-and-cold"),
     "Use heat for 15 to 20 minutes at most on one spot. Then let your skin cool back to normal "
     "before you use heat again.",
     "HealthDay. Health Tip: Prevent Burns From a Heating Pad",
     "Royal Australian College of General Practitioners"),
    (("selfcare", "heat-and-cold"),
     "Always put a cloth between the pack and your skin. Keep a heat pad on medium or lower, and "
     "use one with a timer, so it turns off if you fall asleep.",
     "HealthDay. Health Tip: Prevent Burns From a Heating Pad"),
    (("selfcare", "heat-and-cold"), "The NHS suggests heat packs for sciatica.", "NHS. Sciatica"),
    # A possible clot: a caution on every massage page.
    *[(("techniques", t),
       "Do not have massage on a leg that is newly swollen, warm and painful, often in the calf. "
       "It could be a blood clot. See a doctor the same day.", "NHS. DVT")
      for t in ("swedish", "deep-tissue", "trigger-point", "myofascial-release")],
    # The review that found no effect on pain, beside the favourable one.
    (("techniques", "myofascial-release"),
     "It made no clear difference to pain.", "Chen Z"),
    # How many still have trouble later, in the review's own numbers.
    (("overview",), "Most new sciatica gets better. But 20 to 30 in every 100 people still have "
     "problems after 1 to 2 years.", "Koes BW"),
    # What doctors can offer, when to go back, and the NHS sleeping tip.
    (("overview",), "a specialist may offer an injection near the nerve, or talk with you about "
     "an operation.", "South Tees Hospitals NHS Foundation Trust"),
    (("overview",), "may send you to a physio or for help coping with the pain.", "NHS. Sciatica"),
    (("overview",), "Go back to your doctor if new symptoms start or the pain gets worse, even "
     "after you have been seen.", "NHS. Sciatica", "National Institute for Health and Care"),
    (("overview",), "The NHS suggests a small, firm cushion between your knees when you sleep "
     "on your side, or firm pillows under your knees when you lie on your back.",
     "NHS. Sciatica"),
    (("overview",), "advises everyone with back pain or sciatica to keep up their normal "
     "activities. It also advises giving people the help they need to look after the pain "
     "themselves.", "National Institute for Health and Care Excellence"),
    (("overview",), "Pain that gets worse when you move, sneeze or cough is a usual sign of "
     "sciatica. On its own, it is not a reason to get help the same day.", "NHS. Sciatica"),
    # Red flags, as the NHS names them, and the new same-day and emergency signs.
    (("redflags",), "Numbness or odd feeling where a bike saddle would touch: around or under "
     "your genitals, around your anus (back passage), or your inner thighs. Wiping may feel "
     "different.", "NHS. Sciatica", "Chesterfield Royal Hospital"),
    (("redflags",), "A calf or leg that is newly swollen, warm and painful. It could be a blood "
     "clot.", "NHS. DVT"),
    (("redflags",), "Vomiting blood, or vomit that looks like coffee grounds.",
     "NHS. Vomiting blood"),
    # Night pain: the sign is pain nothing eases, not pain that is worse at night.
    (("redflags",), "Back pain that is there all the time. No rest or position eases it, and it "
     "is often worse at night.", "NHS. Back pain"),
]


@pytest.mark.parametrize("command, fact, authors", [(c, f, a) for c, f, *a in FACTS])
def test_each_corrected_fact_is_on_its_page_with_its_source(command, fact, authors) -> None:
    assert_cited(page(*command), fact, *authors)


def tier_of(text: str, words: str) -> str:
    tiers = re.split(r" (?=Emergency: get help now|Urgent: see a doctor today|Routine: )", text)
    return next(t.split(":")[0] for t in tiers if words in t)


def test_the_red_flags_sort_the_signs_the_issue_named() -> None:
    text = page("redflags")
    assert tier_of(text, "Vomiting blood") == "Emergency"
    assert tier_of(text, "newly swollen, warm and painful") == "Urgent"
    # Age alone is not a sign, and coughing or sneezing does not send readers to a doctor today.
    assert "over 50 or under 20" not in text
    assert not re.search(r"• [^•]*(sneeze|cough)", text)
    assert "cough or sneeze is common in sciatica, and on its own it is not a warning sign" in text
    # Each routine sign says who to ask, as its action does.
    assert "Each sign says who to ask." in text
    assert "See a GP." in text and "Ask a pharmacist first." in text
    # "Bottom" means the buttocks in UK English, where ordinary sciatica is felt.
    assert "genitals or bottom" not in text


def test_the_overstatements_are_gone() -> None:
    deep = page("techniques", "deep-tissue")
    assert "Firmer is not better" not in deep
    assert "The trial did not compare firm with gentle pressure" in deep
    for args in (("techniques", "swedish"), ("techniques", "trigger-point"),
                 ("techniques", "myofascial-release"), ("selfcare", "stretching")):
        text = page(*args)
        assert "No study we checked" not in text and "No trial has tested" not in text
        assert "We found no" in text, args
    assert "All the studies we found looked at low back pain" in page("techniques", "swedish")
    overview = page("overview")
    assert "What helps most" not in overview and "likely to get better soon" not in overview
    assert "Doctors advise everyone with sciatica to stay as active as they can." in overview
    assert "a set of symptoms, not a diagnosis" in overview
    # The review found 20 to 30 in 100 still have problems: not "a few".
    assert "A few people still have some trouble" not in overview
    assert "About 2 or 3 in every 10 people still have problems a year or two later." in overview


def test_medicine_words_are_explained_where_they_are_used() -> None:
    text = page("selfcare", "pain-relievers")
    assert "NICE writes health advice for the NHS" in text
    assert "benzodiazepines (calming drugs such as diazepam)" in text
    assert "opioids, strong painkillers such as codeine, tramadol or morphine" in text
    assert "GP (your family doctor)" in text
    assert "do not stop it suddenly" in text
    assert "platelets (the blood cells that help blood clot)" in page("techniques", "deep-tissue")


def test_the_stretch_steps_say_which_leg() -> None:
    text = page("selfcare", "stretching")
    assert "Hold the back of the thigh of the leg whose foot is still on the floor." in text
    assert "In the first weeks of sciatica, start with your pain-free leg." in text
    assert "Keep the knee a little bent." in text
