"""Your own entries: a folder of them is added to the guide, overrides are marked local, and
a bad or hostile file never takes the guide down (it is skipped with one warning line)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.cli import app

pytestmark = pytest.mark.usefixtures("mini_catalog")

def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def ids_of(result) -> list[str]:
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def test_a_new_entry_is_added_and_marked_local(user_dir: Path) -> None:
    result = run("--data-dir", str(user_dir), "techniques")
    assert result.exit_code == 0, result.stderr
    assert ids_of(result) == ["alpha", "gamma"]
    assert result.stderr == ""
    page = run("--data-dir", str(user_dir), "techniques", "gamma")
    assert "Gamma press" in page.stdout and "local" in page.stdout.splitlines()[0]
    assert "[1] Our Clinic. Our clinic leaflet." in page.stdout
    data = json.loads(run("--data-dir", str(user_dir), "techniques", "--json").stdout)
    assert [(e["id"], e["local"]) for e in data] == [("alpha", False), ("gamma", True)]


def test_sciatica_data_path_list_works_too(user_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "empty"
    other.mkdir()
    result = run("techniques", env={"SCIATICA_DATA": os.pathsep.join([str(other), str(user_dir)])})
    assert ids_of(result) == ["alpha", "gamma"]


def test_an_entry_with_our_id_replaces_ours(user_dir: Path) -> None:
    gamma = (user_dir / "techniques" / "gamma.yaml").read_text()
    (user_dir / "techniques" / "alpha.yaml").write_text(
        gamma.replace("id: gamma", "id: alpha").replace("Gamma press", "Alpha, our way")
        .replace("see_also: [alpha]", "see_also: []"))
    data = json.loads(run("--data-dir", str(user_dir), "techniques", "alpha", "--json").stdout)
    assert (data["name"], data["local"]) == ("Alpha, our way", True)
    listing = run("--data-dir", str(user_dir), "compare", "alpha", "beta", "--json")
    assert json.loads(listing.stdout)["entries"][0]["local"] is True


def test_paths_shows_every_folder_and_where_each_entry_came_from(user_dir: Path,
                                                                  mini_catalog: Path) -> None:
    result = run("--data-dir", str(user_dir), "paths")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["gamma", "local", str(user_dir / "techniques" / "gamma.yaml")] in rows
    assert ["alpha", "bundled", str(mini_catalog / "techniques" / "alpha.yaml")] in rows
    data = json.loads(run("--data-dir", str(user_dir), "paths", "--json").stdout)
    assert [(f["path"], f["bundled"], f["entries"]) for f in data["folders"]] == [
        (str(mini_catalog), True, ["overview", "alpha", "beta"]),
        (str(user_dir), False, ["gamma"]),
    ]


def test_a_bad_user_file_is_skipped_with_one_warning(user_dir: Path) -> None:
    (user_dir / "techniques" / "broken.yaml").write_text("id: broken\nkind: technique\nnme: x\n")
    result = run("--data-dir", str(user_dir), "techniques")
    assert result.exit_code == 0
    assert ids_of(result) == ["alpha", "gamma"]
    warnings = result.stderr.splitlines()
    broken = user_dir / "techniques" / "broken.yaml"
    assert f"sciatica: warning: {broken}:3: SCI003 unknown key 'nme'; skipped" in warnings


def test_a_failed_override_keeps_our_entry(user_dir: Path) -> None:
    gamma = (user_dir / "techniques" / "gamma.yaml").read_text()
    (user_dir / "techniques" / "alpha.yaml").write_text(
        gamma.replace("id: gamma", "id: alpha").replace("see_also: [alpha]", "see_also: [nowhere]"))
    result = run("--data-dir", str(user_dir), "techniques", "alpha", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "Alpha rub"
    assert "SCI008 see_also names 'nowhere'" in result.stderr


def test_an_entry_leaning_on_a_skipped_one_is_skipped_too(user_dir: Path) -> None:
    (user_dir / "techniques" / "delta.yaml").write_text(
        (user_dir / "techniques" / "gamma.yaml").read_text()
        .replace("id: gamma", "id: delta").replace("Gamma press", "Delta")
        .replace("[src-local]", "[src-one]").replace("see_also: [alpha]", "see_also: [gamma]"))
    (user_dir / "sources.yaml").unlink()  # gamma now cites an unknown source
    result = run("--data-dir", str(user_dir), "techniques")
    assert ids_of(result) == ["alpha"]
    assert "SCI007 unknown source key 'src-local'" in result.stderr
    assert "SCI008 see_also names 'gamma'" in result.stderr


def test_a_long_chain_of_links_with_one_broken_is_checked_in_one_pass(
        user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gamma = (user_dir / "techniques" / "gamma.yaml").read_text()
    count = 300  # link-0 -> link-1 -> ... -> link-299 -> nowhere
    for i in range(count):
        target = f"link-{i + 1}" if i + 1 < count else "nowhere"
        (user_dir / "techniques" / f"link-{i}.yaml").write_text(
            gamma.replace("id: gamma", f"id: link-{i}").replace("Gamma press", f"Link {i}")
            .replace("see_also: [alpha]", f"see_also: [{target}]"))
    from sciatica_cli import cross_checks

    checks: list[int] = []
    real = cross_checks.cross_check
    monkeypatch.setattr(cross_checks, "cross_check", lambda *a: checks.append(1) or real(*a))
    result = run("--data-dir", str(user_dir), "techniques")
    assert result.exit_code == 0 and ids_of(result) == ["alpha", "gamma"]
    warnings = result.stderr.splitlines()
    assert len(warnings) == count
    assert "SCI008 see_also names 'nowhere', which does not exist" in warnings[0]
    assert warnings[1].endswith("link-298.yaml:15: SCI008 see_also names 'link-299', which was "
                                "skipped for a problem of its own; skipped")
    assert len(checks) <= 3  # one pass, one to confirm (and one for the red flags)


def test_a_big_folder_read_on_two_cores_shows_what_one_core_shows(
        user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sciatica_cli import fanout

    gamma = (user_dir / "techniques" / "gamma.yaml").read_text()
    for i in range(12):
        (user_dir / "techniques" / f"extra-{i:02}.yaml").write_text(
            gamma.replace("id: gamma", f"id: extra-{i:02}").replace("Gamma press", f"Extra {i}"))
    (user_dir / "techniques" / "extra-03.yaml").write_text("id: [broken\n")
    (user_dir / "techniques" / "extra-09.yaml").write_text(gamma.replace("nme", "name")
                                                          .replace("name:", "nme:"))
    (user_dir / "selfcare").mkdir()
    (user_dir / "selfcare" / "extra-11.yaml").write_text(  # the same id as a technique
        gamma.replace("id: gamma", "id: extra-11").replace("kind: technique", "kind: selfcare"))
    argv = ["--data-dir", str(user_dir), "--color", "never"]
    commands = (["techniques"], ["selfcare", "--json"], ["search", "extra"])
    one_core = [run(*argv, *cmd) for cmd in commands]
    assert "SCI006 duplicate id 'extra-11'" in one_core[0].stderr
    monkeypatch.setattr(fanout, "FROM_FILES", 2)
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(tmp_path / "empty-cache"))
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    two_cores = [run(*argv, *cmd) for cmd in commands]
    if fanout.cores() > 1:
        assert forks
    assert [(r.exit_code, r.stdout, r.stderr) for r in two_cores] == [
        (r.exit_code, r.stdout, r.stderr) for r in one_core]


def test_a_missing_user_folder_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path / "nope"), "techniques")
    assert result.exit_code == 0
    assert "is not a folder" in result.stderr


# ---------------------------------------------------------------------------- hostile files

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n" for i in range(8)
)


def hostile_cases(folder: Path, marker: Path) -> dict[str, tuple[Path, str]]:
    """Each hostile file, and the fault its warning must name."""
    tech = folder / "techniques"
    cases = {
        "python tag": ("pytag.yaml",
                       f"id: pytag\nname: !!python/object/apply:os.system ['touch {marker}']\n",
                       "SCI001 uses"),
        "alias bomb": ("bomb.yaml", BOMB, "SCI001 expands to more than"),
        "invalid utf-8": ("badutf.yaml", b"id: badutf\nname: caf\xe9\n",
                          "SCI001 is not valid UTF-8"),
        "huge file": ("huge.yaml", "id: huge\nbody: |\n" + ("  word word word word\n" * 60000),
                      "SCI001 is 1,"),
        "a bad true/false": ("badbool.yaml", "id: badbool\nname: x\nshown: !!bool maybe\n",
                             "SCI001 has 'maybe' where true or false was meant"),
        "a list inside itself": ("selfref.yaml", "id: selfref\nname: &a [*a]\n",
                                 "SCI001 nests too deeply"),
        "a list": ("alist.yaml", "- one\n- two\n", "SCI002 expected a mapping of keys, got a list"),
        "a scalar": ("scalar.yaml", "just text\n", "SCI002 expected a mapping of keys, got text"),
    }
    out = {}
    for label, (name, content, fault) in cases.items():
        path = tech / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        out[label] = (path, fault)
    loop_a, loop_b = tech / "loop-a.yaml", tech / "loop-b.yaml"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    out["symlink loop a"] = (loop_a, "SCI001 is a broken link or a link loop")
    out["symlink loop b"] = (loop_b, "SCI001 is a broken link or a link loop")
    (tech / "folder.yaml").mkdir()
    out["folder named like yaml"] = (tech / "folder.yaml", "SCI001 is a folder, not a file")
    return out


def test_hostile_files_are_skipped_with_a_clear_line_each(user_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cases = hostile_cases(user_dir, marker)
    started = time.monotonic()
    result = run("--data-dir", str(user_dir), "techniques")
    elapsed = time.monotonic() - started
    assert result.exit_code == 0
    assert ids_of(result) == ["alpha", "gamma"]  # the guide still shows
    warnings = result.stderr.splitlines()
    for label, (path, fault) in cases.items():
        matching = [w for w in warnings if w.startswith(f"sciatica: warning: {path}")]
        assert len(matching) == 1, (label, warnings)
        assert fault in matching[0], (label, matching[0])
    assert len(warnings) == len(cases)
    assert not marker.exists()  # the Python tag was never run
    assert elapsed < 10  # bounded: the bomb and the huge file are refused early


def test_markup_and_escape_sequences_in_data_print_literally(user_dir: Path) -> None:
    entry = user_dir / "techniques" / "gamma.yaml"
    # YAML escapes: \e is ESC, \a is BEL.
    entry.write_text(entry.read_text().replace(
        "A local technique.", '"[bold red]Loud[/] \\e[2J\\e[31mred\\a"'))
    for color in ("never", "always"):
        out = run("--data-dir", str(user_dir), "techniques", "gamma", "--color", color).stdout
        assert "[bold red]Loud[/]" in out
        assert "\\x1b[2J\\x1b[31mred\\x07" in out
        assert "\x07" not in out and "\x1b[2J" not in out and "\x1b[31mred" not in out
    listing = run("--data-dir", str(user_dir), "techniques").stdout
    assert "[bold red]Loud[/] \\x1b[2J" in listing


def test_a_web_address_longer_than_the_line_prints_whole(user_dir: Path) -> None:
    address = "https://clinic.example/leaflets/" + "sciatica_" * 8 + "#!/section_2"
    sources = user_dir / "sources.yaml"
    sources.write_text(sources.read_text().replace("https://clinic.example/leaflet", address))
    for color in ("never", "always"):
        out = run("--data-dir", str(user_dir), "techniques", "gamma", "--color", color).stdout
        (line,) = [line for line in out.splitlines() if "clinic.example" in line]
        assert address in line  # one line, not folded at the edge
    # Only the address is wider than the 80 columns; everything else still wraps.
    plain = run("--data-dir", str(user_dir), "techniques", "gamma", "--color", "never").stdout
    assert [line.strip() for line in plain.splitlines() if len(line) > 80] == [address]
    listing = run("--data-dir", str(user_dir), "sources", "--format", "text").stdout
    assert address in listing
