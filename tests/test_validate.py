"""`sciatica validate`: one passing and one failing fixture per code, the output format,
--ignore, --json, and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.lint_codes import CODES
from sciatica_cli.cli import app

pytestmark = pytest.mark.usefixtures("mini_catalog")
MINI = Path(__file__).parent / "fixtures" / "mini"
ALPHA = "techniques/alpha.yaml"
HARD_BODY = ("body: |\n  Notwithstanding considerable methodological heterogeneity, "
             "contemporaneous investigations substantiated physiological ameliorations "
             "attributable to manipulative interventions administered intermittently.\n")

BETA = "selfcare/beta.yaml"
_BETA_TEXT = (MINI / BETA).read_text()
START = _BETA_TEXT[_BETA_TEXT.index("      start:\n"):_BETA_TEXT.index("      end:\n")]
END = _BETA_TEXT[_BETA_TEXT.index("      end:\n"):_BETA_TEXT.index("see_also:")]
POSE = _BETA_TEXT[_BETA_TEXT.index("    pose:\n"):_BETA_TEXT.index("see_also:")]


def lifted(block: str, cm: int) -> str:
    """The figure moved up (or down) by `cm`, every joint alike."""
    return re.sub(r"\[(-?\d+), (-?\d+)\]", lambda m: f"[{m[1]}, {int(m[2]) + cm}]", block)


# code -> (file, text to replace, failing text, passing near-miss text)
CASES: dict[str, tuple[str, str, str, str]] = {
    "SCI001": (ALPHA, "summary: A test technique.", "summary: [unclosed",
               "summary: '[closed]'"),
    "SCI002": (ALPHA, None, "- a\n- list\n", None),
    "SCI003": (ALPHA, "see_also: [beta]", "see_also: [beta]\nseealso: [beta]",
               "see_also: [beta]\nbackground: [src-two]"),
    "SCI004": (ALPHA, "name: Alpha rub\n", "", "name: Alpha\n"),
    "SCI005": (ALPHA, "evidence: low", "evidence: weak", "evidence: guideline-advice"),
    "SCI006": ("selfcare/beta.yaml", "name: Beta stretch",
               "name: Beta stretch\naliases: [alpha rub]",
               "name: Beta stretch\naliases: [alpha rubs]"),
    "SCI007": (ALPHA, "sources: [src-one]", "sources: [src-three]", "sources: [src-two]"),
    "SCI008": (ALPHA, "see_also: [beta]", "see_also: [betta]", "see_also: [overview]"),
    "SCI009": (ALPHA, "    sources: [src-one]", "    sources: []",
               "    sources: [src-one, src-two]"),
    "SCI010": ("sources.yaml", "doi: 10.1234/test.one", "doi: https://doi.org/10.1234/test.one",
               "doi: 10.1002/14651858.CD001929.pub3"),
    "SCI011": (ALPHA, "body: |\n  First paragraph.\n", HARD_BODY,
               "body: |\n  This is short. It is easy to read.\n"),
    "SCI012": (ALPHA, "cautions:\n  - text: Skip it in tests.\n    sources: [src-two]\n    "
               "conditions: [pregnancy]\n    effect: adapted\n", "",
               "cautions:\n  - text: Skip it.\n    conditions: [pregnancy]\n    effect: adapted\n"),
    "SCI013": (ALPHA, "conditions: [pregnancy]", "conditions: [pregnant]",
               "conditions: [pregnancy]"),
    "SCI014": (ALPHA, "id: alpha", "id: alfa", "id: alpha"),
    # A caution that says "skip" for a condition but only notes it; "ask first" may be a note.
    "SCI015": (ALPHA, "effect: adapted", "effect: note", "effect: out"),
    "SCI016": ("selfcare/beta.yaml", "movements: [kneeling]", "movements: [kneeing]",
               "movements: [kneeling]"),
    # An old file: a caution tied to a condition without an effect still loads, with a warning.
    "SCI017": (ALPHA, "    effect: adapted\n", "", "    effect: out\n"),
    # A local copy of a bundled page that softens its rule (the mini catalog is bundled here).
    "SCI018": (ALPHA, "text: Skip it in tests.\n    sources: [src-two]\n    conditions: "
               "[pregnancy]\n    effect: adapted", "text: Ask first in tests.\n    sources: "
               "[src-two]\n    conditions: [pregnancy]\n    effect: note",
               "text: Skip it in tests.\n    sources: [src-two]\n    conditions: "
               "[pregnancy]\n    effect: out"),
    "SCI019": ("conditions.yaml", "sources: [src-two]", "sources: []", "sources: [src-one]"),
    "SCI020": (ALPHA, "    population: sciatica\n", "", "    population: low-back-pain\n"),
    "SCI021": (ALPHA, "evidence: low", "evidence: not-established", "evidence: not-graded"),
    "SCI022": (ALPHA, "text: May help in tests.", "text: Helps in tests.",
               "text: It may help in tests."),
    "SCI023": (ALPHA, "  - text: Skip it on a newly swollen leg, which could be a clot.\n", "",
               "  - text: Skip it if the leg is swollen and warm, which could be a blood clot.\n"),
    # A new sign (rewording the bundled emergency sign would be SCI025 in a user's folder).
    "SCI024": ("redflags.yaml", "    signs:\n",
               "    signs:\n      - id: long-sign\n        text: " + " ".join(["word"] * 31)
               + ".\n        question: Long?\n        sources: [src-two]\n",
               "    signs:\n      - id: long-sign\n        text: " + " ".join(["word"] * 29)
               + ".\n        question: Long?\n        sources: [src-two]\n"),
    # A local red-flag file (the folder checked is a user's) may not soften an emergency sign.
    "SCI025": ("redflags.yaml", "text: A test sign.", "text: A milder test sign.",
               "text: A test sign.\n        keywords: [test sign]"),
    "SCI026": ("redflags.yaml", "  - id: emergency\n    title: Emergency\n    action: Get help "
               "now.\n", "  - id: urgent\n    title: Urgent\n    action: See a doctor.\n",
               "  - id: emergency\n    title: Emergency\n    action: Get help now.\n"),
    "SCI027": ("redflags.yaml", "summary: Test red flags.\n", "replace_bundled: true\n",
               "summary: Test red flags.\nreplace_bundled: true\n"),
    "SCI035": (ALPHA, "see_also: [beta]",
               "see_also: [beta]\n" + "".join(f"extra{i}: x\n" for i in range(21)),
               "see_also: [beta]"),
    # Poses (the first match is in the start position).
    "SCI040": (BETA, "near_ankle: [44, 7]", "near_ankle: [54, 7]", "near_ankle: [45, 7]"),
    "SCI041": (BETA, END + "see", END.replace("far_ankle: [44, 7]", "far_ankle: [36, 16]")
               .replace("far_toe: [62, 4]", "far_toe: [54, 13]") + "see", END + "see"),
    "SCI042": (BETA, START, lifted(START, 10), lifted(START, 2)),
    "SCI043": (BETA, START, lifted(START, -10), lifted(START, -2)),
    "SCI044": (BETA, "props: [mat]", "props: [matt]", "props: [floor, mat]"),
    "SCI045": (BETA, "far_toe: [62, 4]", "far_toe: [26, 4]", "far_toe: [61, 4]"),
    "SCI046": (BETA, END, START.replace("start:", "end:"), END),
    "SCI047": (BETA, "steps: [Lie down., Stand up.]", "steps: [Lie down on a towel.]",
               "steps: [Lie down., Stand up slowly.]"),
    "SCI048": (BETA, POSE, "", POSE),
    "SCI049": (BETA, "view: side", "view: sideways", "view: side-above"),
    # Done on both sides: the routine times each side, so a step must not send you across.
    "SCI060": (BETA, "steps: [Lie down., Stand up.]\n",
               "steps: [Lie down., 'Stand up, then do the other side.']\n    sides: both\n",
               "steps: [Lie down., Stand up on the other side of the mat.]\n"),
}
WARNINGS = {"SCI011", "SCI017", "SCI018", "SCI020", "SCI021", "SCI023", "SCI024", "SCI047",
            "SCI048", "SCI060"}


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CODES)


def make(tmp_path: Path, code: str, failing: bool) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    rel, old, bad, good = CASES[code]
    path = folder / rel
    new = bad if failing else good
    if old is None:
        if failing:
            path.write_text(new)
    else:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
    return folder


def validate(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


@pytest.mark.parametrize("code", sorted(CASES))
def test_failing_fixture_reports_the_code(tmp_path: Path, code: str) -> None:
    folder = make(tmp_path, code, failing=True)
    result = validate(str(folder))
    lines = [line for line in result.stderr.splitlines() if f": {code} " in line]
    assert lines, result.stderr
    rel = CASES[code][0]
    assert lines[0].startswith(f"{folder / rel}:")
    assert result.exit_code == (0 if code in WARNINGS else 1)


@pytest.mark.parametrize("code", sorted(CASES))
def test_passing_fixture_does_not(tmp_path: Path, code: str) -> None:
    folder = make(tmp_path, code, failing=False)
    result = validate(str(folder))
    assert f": {code} " not in result.stderr
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"sciatica: no problems in {folder}\n"


def test_line_format_is_file_line_code_message(tmp_path: Path) -> None:
    folder = make(tmp_path, "SCI008", failing=True)
    result = validate(str(folder))
    assert result.stderr.splitlines() == [
        f"{folder / ALPHA}:24: SCI008 see_also names 'betta', which does not exist "
        "(did you mean 'beta'?)",
        f"sciatica: 1 error(s), 0 warning(s) in {folder}",
    ]
    assert result.stdout == ""


def test_a_single_file_can_be_checked(tmp_path: Path) -> None:
    folder = make(tmp_path, "SCI007", failing=True)
    result = validate(str(folder / ALPHA))
    assert result.exit_code == 1
    assert f"{folder / ALPHA}:17: SCI007 unknown source key 'src-three'" in result.stderr


def test_ignore_skips_codes(tmp_path: Path) -> None:
    folder = make(tmp_path, "SCI011", failing=True)
    assert "SCI011" in validate(str(folder)).stderr
    result = validate(str(folder), "--ignore", "sci011")
    assert "SCI011" not in result.stderr and result.exit_code == 0


def test_ignore_rejects_unknown_codes() -> None:
    result = validate("--ignore", "SCI999")
    assert result.exit_code == 2
    assert "unknown code in --ignore: SCI999" in result.stderr


def test_json_for_editors(tmp_path: Path) -> None:
    folder = make(tmp_path, "SCI005", failing=True)
    result = validate(str(folder), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["warnings"] == 0
    (problem,) = data["problems"]
    assert problem == {"path": str(folder / ALPHA), "line": 14, "code": "SCI005",
                       "severity": "error", "message": problem["message"]}
    assert "'weak'" in problem["message"]


def test_default_checks_every_folder_in_use(tmp_path: Path, mini_catalog: Path) -> None:
    result = validate()
    assert result.exit_code == 0
    assert result.stderr == f"sciatica: no problems in {mini_catalog}\n"
    broken = make(tmp_path, "SCI003", failing=True)
    result = CliRunner().invoke(app, ["--data-dir", str(broken), "validate"])
    assert result.exit_code == 1
    assert "SCI003 unknown key 'seealso'" in result.stderr


def test_a_missing_path(tmp_path: Path) -> None:
    result = validate(str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere'}: SCI001 does not exist" in result.stderr
