"""One fixture per loading rule: each breaks the small test catalog in one way and checks
that the loader refuses it with the file, the line and the key, and the CLI with exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli import content_files
from sciatica_cli.catalog_loader import load_catalog
from sciatica_cli.cli import app
from sciatica_cli.errors import ContentError

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def problems_of(folder: Path) -> list:
    with pytest.raises(ContentError) as err:
        load_catalog(bundled=folder)
    return err.value.problems


def only_problem(folder: Path):
    problems = problems_of(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_fixture_itself_is_valid(mini: Path) -> None:
    catalog = load_catalog(bundled=mini)
    assert list(catalog.entries) == ["overview", "alpha", "beta"]


def test_unknown_key_names_file_line_and_key(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "summary:", "sumary: typo\nsummary:")
    problem = only_problem(mini)
    assert problem.path.name == "alpha.yaml"
    assert problem.line == 5
    assert problem.code == "SCI003"
    assert "unknown key 'sumary'" in problem.message


def test_unknown_key_in_a_nested_claim(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "    evidence: low", "    evidence: low\n    grade: A")
    problem = only_problem(mini)
    assert (problem.code, problem.line) == ("SCI003", 15)
    assert "claims.0.grade" in problem.message


def test_missing_field(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "summary: A test technique.\n", "")
    problem = only_problem(mini)
    assert problem.code == "SCI004"
    assert "missing field 'summary'" in problem.message
    assert problem.line == 1


def test_wrong_type(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "name: Alpha rub", "name: [Alpha, rub]")
    problem = only_problem(mini)
    assert (problem.code, problem.line) == ("SCI005", 3)
    assert problem.message.startswith("name:")


def test_wrong_evidence_grade_lists_the_choices(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "evidence: low", "evidence: strong")
    problem = only_problem(mini)
    assert problem.code == "SCI005"
    assert ("'high', 'moderate', 'low', 'very-low', 'guideline-advice', 'not-graded' or "
            "'no-good-evidence'") in problem.message
    assert "'strong'" in problem.message


def test_claim_without_sources(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "    sources: [src-one]\n", "")
    problem = only_problem(mini)
    assert problem.code == "SCI009"
    assert "claim claims.0 has no sources" in problem.message


def test_entry_without_cautions(mini: Path) -> None:
    replace(mini / "selfcare/beta.yaml", "cautions:\n  - text: Stop if it hurts.\n", "")
    problem = only_problem(mini)
    assert problem.code == "SCI012"
    assert problem.path.name == "beta.yaml"


def test_duplicate_alias(mini: Path) -> None:
    replace(mini / "selfcare/beta.yaml", "name: Beta stretch",
            "name: Beta stretch\naliases: [Alpha Massage]")
    problem = only_problem(mini)
    assert problem.code == "SCI006"
    assert problem.line == 4
    assert "'Alpha Massage' is already the id, name or alias of 'alpha'" in problem.message


def test_duplicate_id_across_kinds(mini: Path) -> None:
    copy = mini / "selfcare/alpha.yaml"
    shutil.copy(mini / "techniques/alpha.yaml", copy)
    replace(copy, "kind: technique", "kind: selfcare")
    problem = only_problem(mini)
    assert problem.code == "SCI006"
    assert "duplicate id 'alpha'" in problem.message


def test_unknown_source_key_suggests_the_right_one(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "sources: [src-one]", "sources: [src-on]")
    problem = only_problem(mini)
    assert (problem.code, problem.line) == ("SCI007", 17)
    assert "unknown source key 'src-on'" in problem.message
    assert "did you mean 'src-one'" in problem.message


def test_dangling_see_also(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "see_also: [beta]", "see_also: [gamma]")
    problem = only_problem(mini)
    assert (problem.code, problem.line) == ("SCI008", 24)
    assert "'gamma'" in problem.message


def test_unknown_condition_tag(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "conditions: [pregnancy]", "conditions: [pregnant]")
    problem = only_problem(mini)
    assert problem.code == "SCI013"
    assert "did you mean 'pregnancy'" in problem.message


def test_id_must_match_file_name(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "id: alpha", "id: alfa")
    problem = only_problem(mini)
    assert (problem.code, problem.line) == ("SCI014", 1)


def test_yaml_syntax_error_has_a_line(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "summary: A test technique.", "summary: [unclosed")
    problem = only_problem(mini)
    assert problem.code == "SCI001"
    assert problem.line is not None and problem.line >= 6


def test_python_tags_are_refused_not_run(mini: Path) -> None:
    replace(mini / "techniques/alpha.yaml", "summary: A test technique.",
            "summary: !!python/object/apply:os.system ['echo pwned']")
    problem = only_problem(mini)
    assert problem.code == "SCI001"
    assert problem.message == ("uses the tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
                               "only plain YAML is allowed")


def test_not_a_mapping(mini: Path) -> None:
    (mini / "techniques/alpha.yaml").write_text("- just\n- a list\n")
    problems = problems_of(mini)
    assert problems[0].code == "SCI002"
    assert "expected a mapping of keys, got a list" in problems[0].message


def test_bad_doi(mini: Path) -> None:
    replace(mini / "sources.yaml", "doi: 10.1234/test.one", "doi: doi:10.1234/test.one")
    problem = only_problem(mini)
    assert problem.code == "SCI010"
    assert problem.path.name == "sources.yaml"
    assert problem.line == 10


def test_cli_refuses_bad_content_with_exit_1_and_no_traceback(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace(mini / "techniques/alpha.yaml", "summary:", "sumary: typo\nsummary:")
    monkeypatch.setattr(content_files, "bundled_data_dir", lambda: mini)
    result = CliRunner().invoke(app, ["techniques"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{mini / 'techniques/alpha.yaml'}:5: SCI003 unknown key 'sumary'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "the content has 1 problem; nothing was shown" in result.stderr


PLAIN_AND_ODD_YAML = [
    "a: yes\nb: No\nc: ~\nd: 0x1f\ne: 1_000\nf: 1:30\ng: .inf\nh: -.NaN\ni: 2016-11-30\n",
    "j: '3'\nk: !!str 4\nl: !!float 3\nm: !!null x\nn: !!int '0o17'\n",
    "- &a [1, 2]\n- *a\n- {x: *a}\n",  # aliases give the same object, as PyYAML's do
    "<<: {a: 1}\nb: 2\n", "=: 3\n", "a: !!set {x, y}\n", "a: !!binary aGVsbG8=\n",
    "1: a\ntrue: b\nnull: c\n2.5: d\n", "a: b\na: c\n", "!!map {a: 1}\n", "", "# only\n",
    "- !!timestamp 2001-12-14\n", "? [1]\n: 2\n", "a: !!python/name:os.system x\n",
    "a: [b, {c: [d, e]}]\n", "a: |\n  two\n  lines\nb: >\n  folded\n  text\n",
]


@pytest.mark.parametrize("text", PLAIN_AND_ODD_YAML)
def test_reading_gives_what_pyyaml_safe_loader_gives(text: str) -> None:
    """yamlio turns plain nodes into values itself (it is faster); whatever it is given, the
    value, or the error, is the one PyYAML's own safe constructor gives."""
    import yaml

    from sciatica_cli import yamlio

    def outcome(parse):
        try:
            return "value", repr(parse(text))
        except Exception as err:  # noqa: BLE001 - the error itself is what is compared
            return "error", type(err).__name__, str(err)

    ours = outcome(yamlio._parse)
    theirs = outcome(lambda t: yaml.load(t, Loader=yamlio.content_loader()))  # noqa: S506
    assert ours == theirs


def test_every_shipped_file_reads_as_pyyaml_reads_it() -> None:
    import yaml

    from sciatica_cli import content_files, yamlio

    files = sorted(content_files.bundled_data_dir().rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlio._parse(text) == yaml.load(text, Loader=yamlio.content_loader()), path  # noqa: S506


@pytest.mark.parametrize("levels", [32, 33])
@pytest.mark.parametrize("leaf", ["text", "7", "{a: b}"])
def test_nesting_is_refused_past_the_same_depth_either_way(levels: int, leaf: str) -> None:
    import yaml

    from sciatica_cli import yamlio

    text = "[" * levels + leaf + "]" * levels
    if levels + (leaf.startswith("{")) <= yamlio.MAX_DEPTH:
        assert yamlio._parse(text) == yaml.load(text, Loader=yamlio.content_loader())  # noqa: S506
    else:
        with pytest.raises(yamlio.YamlError, match="nests too deeply"):
            yamlio._parse(text)


def test_a_file_system_that_returns_short_reads_still_gives_the_whole_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Network and FUSE file systems may return fewer bytes than asked for; a page must
    never be read as a part of itself."""
    import os

    from sciatica_cli import yamlio

    path = content_files.bundled_data_dir() / "techniques" / "swedish.yaml"
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real(fd, min(n, 7)))
    assert yamlio.read_regular_file(path) == path.read_bytes()
