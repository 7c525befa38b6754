"""Search in a reader's own words, on the bundled content: the red flags and conditions are
found too, everyday synonyms join what the stemmer cannot, and a lookup of the wrong kind
says where the page really is."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import app
from sciatica_cli.settings import Settings, Terminals
from sciatica_cli.search import terms
from sciatica_cli.synonyms import GROUPS


def search(runner: CliRunner, *words: str) -> list[dict]:
    result = runner.invoke(app, ["search", *words, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def plain(runner: CliRunner, *words: str) -> list[list[str]]:
    result = runner.invoke(app, ["search", *words])
    assert result.exit_code == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


@pytest.mark.parametrize("words, sign, tier", [
    (["bladder"], "bladder-trouble", "emergency"),
    (["can't", "pee"], "bladder-trouble", "emergency"),
    (["numb", "bum"], "saddle-numbness", "emergency"),
    (["worse", "at", "night"], "night-pain", "urgent"),
])
def test_red_flag_signs_are_found_with_their_tier(runner: CliRunner, words, sign, tier) -> None:
    hits = search(runner, *words)
    flag = next(h for h in hits if h["id"] == sign)
    assert flag["kind"] == "redflag" and flag["tier"] == tier
    # Plain output names the tier in the name column, and the sign's own words.
    row = next(r for r in plain(runner, *words) if r[0] == sign)
    assert row[1].lower().startswith(tier)


def test_bladder_puts_the_emergency_sign_first(runner: CliRunner) -> None:
    row = plain(runner, "bladder")[0]
    assert row[:2] == ["bladder-trouble", "Emergency: get help now"]
    assert row[2].startswith("New trouble peeing")


def test_cauda_equina_finds_the_red_flags(runner: CliRunner) -> None:
    hits = search(runner, "cauda", "equina")
    assert hits[0]["id"] == "redflags" and hits[0]["kind"] == "redflags"
    assert "cauda equina" in hits[0]["passage"]


def test_conditions_are_found(runner: CliRunner) -> None:
    hits = search(runner, "osteoporosis")
    condition = next(h for h in hits if h["kind"] == "condition")
    assert condition["id"] == "osteoporosis"
    assert condition["tier"] is None


def test_pregnancy_and_pregnant_find_the_same_pages(runner: CliRunner) -> None:
    by_noun = {h["id"] for h in search(runner, "pregnancy")}
    by_adjective = {h["id"] for h in search(runner, "pregnant", "-n", "20")}
    assert by_noun == by_adjective
    # The pages only ever say "pregnant"; the condition is named "Pregnancy".
    assert {"deep-tissue", "pain-relievers", "pregnancy"} <= by_noun


def test_pins_and_needles_finds_tingling(runner: CliRunner) -> None:
    rows = plain(runner, "pins", "and", "needles")
    assert rows and all("tingl" in passage for _, _, passage in rows)
    assert "stretching" in [r[0] for r in rows]


def test_sleep_finds_night_and_asleep(runner: CliRunner) -> None:
    rows = {r[0]: r[2] for r in plain(runner, "sleep")}
    assert "night" in rows["night-pain"]
    assert "asleep" in rows["heat-and-cold"]


def test_bum_finds_buttock(runner: CliRunner) -> None:
    rows = {r[0]: r[2] for r in plain(runner, "bum")}
    assert "buttock" in rows["trigger-point"]


def test_a_synonym_is_a_whole_word_not_a_prefix(runner: CliRunner) -> None:
    # "wee" means pee; it must not find "weeks" (the overview says "4 to 6 weeks").
    for _, _, passage in plain(runner, "wee"):
        assert "week" not in passage.lower()


def test_every_synonym_is_a_phrase_of_words_a_query_reads() -> None:
    for group in GROUPS:
        for phrase in group:
            term = terms(phrase)
            assert len(term) == 1, phrase  # read as one term, not split up
            assert {tuple(p.split()) for p in group} <= set(term[0]), phrase


def test_a_miss_still_says_nothing_matched(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "zebra"])
    assert result.exit_code == 1 and "Nothing matched 'zebra'" in result.stderr


def test_terminal_shows_the_tier_and_where_to_read_more(runner: CliRunner) -> None:
    on_terminal = Settings(terminals=Terminals(stdout=True))
    result = runner.invoke(app, ["search", "bladder", "--color", "never"], obj=on_terminal)
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith("bladder-trouble  Emergency: get help now")
    assert first.endswith("(red flag: `sciatica redflags`)")
    assert second.strip().startswith("New trouble peeing")
    result = runner.invoke(app, ["search", "osteoporosis", "--color", "never"],
                           obj=Settings(terminals=Terminals(stdout=True)))
    assert "`sciatica plan --condition osteoporosis`" in result.stdout


@pytest.mark.parametrize("command, wrong, right", [
    ("techniques", "heat-and-cold", "sciatica selfcare heat-and-cold"),
    ("techniques", "Heat and cold packs", "sciatica selfcare heat-and-cold"),
    ("selfcare", "swedish", "sciatica techniques swedish"),
    ("techniques", "redflags", "sciatica redflags"),
])
def test_a_wrong_kind_lookup_points_to_the_right_command(
        runner: CliRunner, command: str, wrong: str, right: str) -> None:
    result = runner.invoke(app, [command, wrong])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"`{right}`" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


TIED = """\
id: {id}
kind: {kind}
name: Zebra page {letter}
summary: A page about zebra.
body: |
  Zebra zebra.
claims:
  - text: Helps locally.
    evidence: very-low
    population: sciatica
    effect: benefit
    sources: [src-local]
cautions:
  - text: Ask first.
"""


def test_equal_scores_at_the_edge_are_cut_in_id_order(
        runner: CliRunner, mini_catalog, user_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    # Five pages that score the same for "zebra". The index holds techniques before
    # self-care, so the self-care pages (first by id) come last in it: which two of the
    # five tied pages are shown must still go by id, not by where they sit in the index.
    for letter, kind in zip("cdeab", ["technique"] * 3 + ["selfcare"] * 2):
        folder = user_dir / ("techniques" if kind == "technique" else "selfcare")
        folder.mkdir(exist_ok=True)
        (folder / f"tie-{letter}.yaml").write_text(
            TIED.format(id=f"tie-{letter}", kind=kind, letter=letter))
    monkeypatch.setenv("SCIATICA_DATA", str(user_dir))
    every = search(runner, "zebra")
    assert [h["id"] for h in every] == ["tie-a", "tie-b", "tie-c", "tie-d", "tie-e"]
    assert len({h["score"] for h in every}) == 1  # truly tied
    assert [r[0] for r in plain(runner, "zebra", "-n", "2")] == ["tie-a", "tie-b"]
    assert [h["id"] for h in search(runner, "zebra", "-n", "3")] == ["tie-a", "tie-b", "tie-c"]
