"""A clinic's own redflags.yaml merges with ours by sign id: it may add signs and change the
urgent and routine ones, never drop, move down or reword an emergency sign or the emergency
advice (unless it says `replace_bundled: true`), and whatever it adds is marked local
wherever it is shown: redflags, plan, handout, diary, paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.content_files import bundled_data_dir
from sciatica_cli.cli import app
from sciatica_cli.settings import Settings, Terminals

BUNDLED = load_catalog()
TIERS = {t.id: t for t in BUNDLED.redflags.tiers}
EMERGENCY, URGENT = TIERS["emergency"], TIERS["urgent"]

ADDED = """\
tiers:
  - id: emergency
    signs:
      - id: clinic-new-numbness
        text: New numbness that spreads up from both feet in a day.
        question: Is numbness spreading up from both feet?
        sources: [clinic-leaflet]
  - id: urgent
    action: See a doctor today, or call our clinic on 555 0100.
    signs:
      - id: clinic-night-sweats
        text: Night sweats with your back pain.
        question: Do you have night sweats?
        sources: [clinic-leaflet]
"""
CLINIC_SOURCES = """\
clinic-leaflet:
  type: webpage
  title: Our clinic's red flag leaflet
  authors:
    - literal: Our Clinic
  url: https://clinic.example/red-flags
  supports: The clinic's own advice.
"""


def run(*args: str, folder: Path | None = None, input: str | None = None,
        terminals: Terminals | None = None):
    data = ["--data-dir", str(folder)] if folder else []
    obj = Settings(terminals=terminals) if terminals else None
    return CliRunner().invoke(app, [*data, "--color", "never", *args], input=input,
                              env={"COLUMNS": "100"}, obj=obj)


def flat(text: str) -> str:
    return " ".join(text.split())


def clinic(tmp_path: Path, redflags: str, sources: str = CLINIC_SOURCES) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "redflags.yaml").write_text(redflags)
    (folder / "sources.yaml").write_text(sources)
    return folder


def old_full_copy() -> str:
    """A clinic's full copy of an older red-flag list: it rewords the emergency action and
    one emergency sign, moves another down to routine, and leaves the rest out."""
    ours = yaml.safe_load((bundled_data_dir() / "redflags.yaml").read_text())
    emergency, urgent, routine = ours["tiers"]
    emergency["action"] = "Phone the clinic."
    emergency["signs"][0]["text"] = "Some numbness down below."
    moved = emergency["signs"].pop(1)
    emergency["signs"] = emergency["signs"][:1]
    routine["signs"].append(moved)
    urgent["signs"][1]["text"] = "Back pain with a fever (ask us about it)."
    return yaml.safe_dump(ours, sort_keys=False)


def test_a_local_file_adds_signs_and_they_are_marked(tmp_path: Path) -> None:
    folder = clinic(tmp_path, ADDED)
    result = run("redflags", folder=folder)
    assert result.exit_code == 0 and result.stderr == ""
    out = flat(result.stdout)
    for tier in BUNDLED.redflags.tiers:  # ours all still there, unmarked
        for sign in tier.signs:
            assert flat(sign.text) + " [" in out
    assert "New numbness that spreads up from both feet in a day. (local)" in out
    assert "Night sweats with your back pain. (local)" in out
    assert "Our clinic's red flag leaflet" in out and "red-flags (local)" in out
    assert flat(EMERGENCY.action) in out  # the emergency advice is ours

    data = json.loads(run("redflags", "--json", folder=folder).stdout)
    tiers = {t["id"]: t for t in data["tiers"]}
    assert [s["id"] for s in tiers["emergency"]["signs"]] == [
        *(s.id for s in EMERGENCY.signs), "clinic-new-numbness"]
    assert [s["local"] for s in tiers["emergency"]["signs"]] == [False] * len(
        EMERGENCY.signs) + [True]
    assert tiers["urgent"]["local"] and tiers["urgent"]["action"].endswith("555 0100.")
    assert not tiers["emergency"]["local"] and data["replaced_by"] is None


def test_paths_lists_local_red_flags_and_sources(tmp_path: Path) -> None:
    folder = clinic(tmp_path, ADDED)
    flags = folder / "redflags.yaml"
    piped = run("paths", folder=folder).stdout.splitlines()
    assert f"redflag:clinic-new-numbness\tlocal\t{flags}" in piped
    assert f"redflag:clinic-night-sweats\tlocal\t{flags}" in piped
    assert f"redflag-tier:urgent\tlocal\t{flags}" in piped
    assert f"source:clinic-leaflet\tlocal\t{folder / 'sources.yaml'}" in piped
    data = json.loads(run("paths", "--json", folder=folder).stdout)
    assert data["redflags"]["files"] == [str(flags)]
    assert {"id": "clinic-new-numbness", "path": str(flags)} in data["redflags"]["signs"]
    assert data["sources"] == [{"key": "clinic-leaflet", "path": str(folder / "sources.yaml")}]


def test_paths_on_a_terminal_names_them(tmp_path: Path) -> None:
    out = run("paths", folder=clinic(tmp_path, ADDED), terminals=Terminals(stdout=True)).stdout
    assert "Your red flags" in out and "Your sources" in out
    assert any(line.split()[:2] == ["clinic-new-numbness", "local"]
               for line in out.splitlines())
    assert str(tmp_path / "clinic" / "redflags.yaml") in "".join(out.split())


def test_an_old_copy_cannot_soften_the_emergency_advice(tmp_path: Path) -> None:
    folder = clinic(tmp_path, old_full_copy())
    flags = folder / "redflags.yaml"
    result = run("redflags", "--json", folder=folder)
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert any(w.startswith(f"sciatica: warning: {flags}:") and " SCI025 " in w
               and "emergency action" in w for w in warnings)
    assert any(" SCI025 " in w and f"'{EMERGENCY.signs[0].id}'" in w for w in warnings)
    assert any(" SCI026 " in w and f"'{EMERGENCY.signs[1].id}'" in w for w in warnings)
    data = json.loads(result.stdout)
    tiers = {t["id"]: t for t in data["tiers"]}
    assert tiers["emergency"]["action"] == EMERGENCY.action
    assert [(s["id"], s["text"]) for s in tiers["emergency"]["signs"]] == [
        (s.id, s.text) for s in EMERGENCY.signs]
    # What it may change, it did: an urgent sign's words, marked local.
    fever = next(s for s in tiers["urgent"]["signs"] if s["id"] == URGENT.signs[1].id)
    assert fever["text"].startswith("Back pain with a fever") and fever["local"]


def test_validate_calls_the_same_changes_errors(tmp_path: Path) -> None:
    folder = clinic(tmp_path, old_full_copy())
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert result.stderr.count(" SCI025 ") == 2 and result.stderr.count(" SCI026 ") == 1


def test_plan_handout_and_diary_keep_our_emergency_signs_and_mark_local_ones(
        tmp_path: Path) -> None:
    both = yaml.safe_load(old_full_copy())
    both["tiers"] += yaml.safe_load(ADDED)["tiers"]  # a tier may come twice: both count
    folder = clinic(tmp_path, yaml.safe_dump(both, sort_keys=False))
    # stdin and stderr are the terminal (stdout is a file): the questions go to stderr.
    # The checklist shows every one of our emergency signs and the clinic's, marked.
    shown = run("plan", folder=folder, input=f"{len(EMERGENCY.signs) + 1}\n",
                terminals=Terminals(stdin=True, stderr=True))
    assert shown.exit_code == 3
    checklist = flat(shown.stderr.split("Type their numbers")[0])
    for sign in EMERGENCY.signs:
        assert flat(sign.text) in checklist
    assert "New numbness that spreads up from both feet in a day. (local)" in checklist
    assert "Call an ambulance now" in shown.stderr
    assert "New numbness that spreads up from both feet in a day. (local)" in flat(shown.stdout)

    md = run("handout", "swedish", "-o", "-", "--format", "md", folder=folder).stdout
    assert f"**{flat(EMERGENCY.action)}" in flat(md)
    assert "- New numbness that spreads up from both feet in a day. (local)" in md

    diary = run("diary", "add", "6", "--red-flag", "clinic-new-numbness", folder=folder)
    assert diary.exit_code == 3
    assert "Call an ambulance now" in diary.stderr
    assert "New numbness that spreads up from both feet in a day. (local)" in flat(diary.stderr)


def test_replacing_ours_whole_takes_the_named_opt_in_and_says_so(tmp_path: Path) -> None:
    whole = yaml.safe_load((bundled_data_dir() / "redflags.yaml").read_text())
    whole["tiers"][0]["action"] = "Phone 112 now."
    whole["replace_bundled"] = True
    folder = clinic(tmp_path, yaml.safe_dump(whole, sort_keys=False))
    result = run("redflags", folder=folder)
    assert result.exit_code == 0 and result.stderr == ""
    assert "Phone 112 now." in result.stdout
    assert flat(f"These red flags are your own: {folder / 'redflags.yaml'} replaces the "
                "guide's") in flat(result.stdout)
    paths = json.loads(run("paths", "--json", folder=folder).stdout)
    assert paths["redflags"]["replaced_by"] == str(folder / "redflags.yaml")

    (tmp_path / "b").mkdir()
    partial = clinic(tmp_path / "b", "replace_bundled: true\n" + ADDED)
    kept = run("redflags", "--json", folder=partial)
    assert " SCI027 " in kept.stderr
    assert json.loads(kept.stdout)["tiers"][0]["action"] == EMERGENCY.action


def test_marks_survive_the_cache(tmp_path: Path) -> None:
    folder = clinic(tmp_path, ADDED)
    first = run("redflags", "--json", folder=folder).stdout
    warm = run("redflags", "--json", folder=folder).stdout  # read back from the cache
    assert warm == first
    assert "(local)" in run("redflags", folder=folder).stdout


@pytest.mark.parametrize("sign", [EMERGENCY.signs[0].id, "clinic-new-numbness"])
def test_a_local_sign_citing_a_missing_source_is_left_out(tmp_path: Path, sign: str) -> None:
    folder = clinic(tmp_path, ADDED, sources="{}\n")
    result = run("redflags", "--json", folder=folder)
    ids = [s["id"] for t in json.loads(result.stdout)["tiers"] for s in t["signs"]]
    assert "clinic-new-numbness" not in ids and EMERGENCY.signs[0].id in ids
    assert " SCI007 " in result.stderr


def test_search_marks_a_local_sign(tmp_path: Path) -> None:
    out = run("search", "night sweats", folder=clinic(tmp_path, ADDED),
              terminals=Terminals(stdout=True)).stdout
    head = next(line for line in out.splitlines() if line.startswith("clinic-night-sweats"))
    assert f"{URGENT.title} (local)" in head
