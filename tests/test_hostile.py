"""Hostile input: what someone careless or hostile could put in a content folder, a diary,
a command line, stdin or stdout. One test per class of attack, each asserting what a person
would see: one clear line on stderr, the documented exit code, no traceback, nothing lost
or changed, and the bundled guide still showing. Real consumers (bibtex, biber, pandoc,
rispy) read what we write; the stdin/stdout/signal cases run the program as a process.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat as stat_module
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli.reference_export import bibtex, markdown_list, ris
from sciatica_cli.cli import app
from sciatica_cli.diary import APPLICATION_ID
from sciatica_cli.models import Organisation, Person, Source
from sciatica_cli.page_references import numbered


def run(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


def no_traceback(result) -> bool:
    """Nothing escaped the command but its exit: no exception, no traceback printed."""
    return (result.exception is None or isinstance(result.exception, SystemExit)) and \
        "Traceback" not in result.stdout + result.stderr


def assert_clean_failure(result, code: int, *words: str) -> None:
    """A refusal a person can act on: the exit code, a `sciatica:` line naming what was
    wrong, and no traceback."""
    assert result.exit_code == code, result.stdout + result.stderr
    assert no_traceback(result), result.stderr
    assert result.stderr.startswith("sciatica: "), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def guide_still_shows(*extra: str) -> None:
    result = run(*extra, "techniques")
    assert result.exit_code == 0, result.stderr
    assert "swedish" in result.stdout and "deep-tissue" in result.stdout


# ---------------------------------------------------------------------------- exports

EVIL_SOURCES = """\
good-one:
  type: webpage
  title: A fine leaflet
  authors: [{literal: Good Clinic}]
  url: https://clinic.example/leaflet
  supports: Something.
evil-pmid:
  type: article
  title: Braces
  authors: [{family: Doe}]
  pmid: "1}, @preamble{ \\"\\\\immediate\\\\write18{touch pwned}\\" }, @misc{x, title={"
  supports: Something.
evil-url:
  type: webpage
  title: Autolink
  authors: [{literal: Evil}]
  url: "https://evil.example/a><script>alert(1)</script>"
  supports: Something.
evil-title:
  type: article
  title: "Line one\\nER  - \\nTY  - JOUR\\nTI  - forged record"
  authors: [{family: Doe}]
  supports: Something.
"evil,key}":
  type: webpage
  title: Key
  authors: [{literal: Evil}]
  url: https://evil.example/key
  supports: Something.
"""


@pytest.fixture
def evil_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "sources.yaml").write_text(EVIL_SOURCES)
    return folder


def test_export_fields_are_checked_when_content_is_loaded(evil_folder: Path) -> None:
    """Each hostile value is named with its file and line and skipped; the rest exports."""
    result = run("--data-dir", str(evil_folder), "sources", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    path = evil_folder / "sources.yaml"
    stderr = result.stderr
    assert f"{path}:11: SCI005 evil-pmid.pmid: a PubMed id is digits only" in stderr
    assert f"{path}:17: SCI010 evil-url.url: must be a full http(s) address" in stderr
    assert f"{path}:21: SCI005 evil-title.title: must be one line" in stderr
    assert f"{path}:24: SCI005 source key 'evil,key}}'" in stderr
    assert "Traceback" not in stderr
    assert "@good-one" not in result.stdout and "{good-one," in result.stdout
    assert "preamble" not in result.stdout and "forged" not in result.stdout
    guide_still_shows("--data-dir", str(evil_folder))


# The writers escape on their own too, for a caller of the Python API who skips the loader.
RAW_EVIL = {
    "evil,key}": Source(
        type="article", title="Line one\nER  - \nTY  - JOUR\nTI  - forged record",
        authors=(Person("Doe}, @misc{y,", "\n\nA"), Organisation("Org}\n@preamble{z}")),
        container="J\rER  - ", year=2020, supports="x",
        pmid='1}, @preamble{ "\\immediate\\write18{touch pwned}" }, @misc{x, title={',
        doi="10.1000/a}\n@misc{d,", accessed="2020"),
    "evil-web": Source(type="webpage", title="Web", authors=(Organisation("Evil"),),
                       url="https://evil.example/a><script>alert(1)</script>}", supports="x"),
    "fine": Source(type="webpage", title="Fine", authors=(Organisation("Fine"),),
                   url="https://fine.example/a_b#c", supports="x"),
}
RAW_REFS = numbered(list(RAW_EVIL), RAW_EVIL)


def test_bibtex_writer_never_lets_a_value_close_its_field() -> None:
    import bibtexparser
    from pybtex.database import parse_string

    text = bibtex(RAW_REFS)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 3
    assert not library.preambles and not library.strings
    assert len(parse_string(text, "bibtex").entries) == 3
    fine = next(e for e in library.entries if e.key == "fine")
    assert fine.fields_dict["url"].value == "https://fine.example/a_b#c"


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
def test_bibtex_program_sees_three_entries_and_no_preamble(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(RAW_REFS))
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n")
    subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True)
    bbl = (tmp_path / "t.bbl").read_text()
    assert bbl.count("\\bibitem") == 3
    assert "write18" not in bbl.split("\\begin{thebibliography}")[0]  # nothing in a preamble
    assert not (tmp_path / "pwned").exists()


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_sees_three_entries(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(RAW_REFS))
    result = subprocess.run(["biber", "--tool", "refs.bib"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    out = (tmp_path / "refs_bibertool.bib").read_text()
    assert re.findall(r"^@(\w+)\{([^,]*),", out, re.M) == [
        ("ARTICLE", "evil-key-"), ("MISC", "evil-web"), ("MISC", "fine")]


def test_ris_writer_keeps_every_value_on_its_line() -> None:
    import rispy

    records = rispy.loads(ris(RAW_REFS))
    assert len(records) == 3
    assert records[0]["title"] == "Line one ER  -  TY  - JOUR TI  - forged record"


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_markdown_autolinks_run_nothing_once_pandoc_makes_html(evil_folder: Path,
                                                               tmp_path: Path) -> None:
    text = markdown_list(RAW_REFS)
    html = subprocess.run(["pandoc", "-f", "markdown", "-t", "html"], input=text,
                          capture_output=True, text=True, check=True).stdout
    assert "<script" not in html and "&lt;script&gt;" in html
    assert '<a href="https://fine.example/a_b#c"' in html
    # the same through the command, and through a handout in Markdown
    out = run("--data-dir", str(evil_folder), "sources", "--format", "markdown").stdout
    assert "<script" not in subprocess.run(["pandoc", "-t", "html"], input=out,
                                           capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_a_handout_in_markdown_runs_nothing_once_pandoc_makes_html(tmp_path: Path) -> None:
    """Page text is free text, not checked like a source's address: an address in it is
    an autolink holding only address characters, and the rest is escaped."""
    folder = tmp_path / "clinic"
    (folder / "techniques").mkdir(parents=True)
    (folder / "techniques" / "evil.yaml").write_text(
        "id: evil\nkind: technique\nname: Evil\nsummary: See https://evil.example/a>"
        "<img src=x onerror=alert(1)> now.\nbody: |\n  Read https://evil.example/b\"><script>"
        "alert(2)</script> and <b>this</b>.\ncautions:\n  - text: Ask first.\n")
    out = tmp_path / "handout.md"
    # --full: the short handout leaves the page's body out, and the body is tested too.
    result = run("--data-dir", str(folder), "handout", "evil", "--full", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    html = subprocess.run(["pandoc", "-f", "markdown", "-t", "html", str(out)],
                          capture_output=True, text=True, check=True).stdout
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert '<a href="https://evil.example/a"' in html and "&lt;script&gt;" in html


def test_python_and_yaml_limits_in_a_source_are_one_sci001_line(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    head = "s1:\n  type: article\n  title: T\n  authors: [{family: D}]\n  supports: x\n"
    for body, message in ((f"  year: {'9' * 5000}\n", "has a number longer than Python reads"),
                          ("  ? [a, b]\n  : x\n", "is not valid YAML: found unhashable key")):
        (folder / "sources.yaml").write_text(head + body)
        result = run("--data-dir", str(folder), "sources")
        assert result.exit_code == 0 and no_traceback(result), result.stderr
        assert f"{folder / 'sources.yaml'}" in result.stderr and "SCI001 " + message in \
            result.stderr
        assert "Sciatica" in result.stdout or "sciatica" in result.stdout


def test_csv_export_cells_never_start_a_formula(tmp_path: Path) -> None:
    import csv
    import io

    for note in ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
                 "\tx", "plain"):
        assert run("diary", "add", "3", "--note", note, "--at", "2026-01-02").exit_code == 0
    result = run("diary", "export", "--format", "csv")
    assert result.exit_code == 0
    notes = [row["note"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert notes == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+1", "'-2+3",
                     "'@SUM(A1)", "'\tx", "plain"]
    # JSON is not for spreadsheets: it keeps the note exactly as written
    import json

    assert json.loads(run("diary", "export", "--format", "json").stdout)[0]["note"] == \
        "=HYPERLINK(\"http://evil.example\",\"x\")"


# ---------------------------------------------------------------------------- special files

ENTRY = "id: {id}\nkind: technique\nname: {id}\nsummary: x\nbody: x\ncautions:\n  - text: x\n"


def sciatica(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The program as a person runs it: a real process, its own stdin, stdout and stderr."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "sciatica_cli", *args], timeout=timeout,
                          **kwargs)


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    (folder / "techniques").mkdir(parents=True)
    (folder / "techniques" / "fine.yaml").write_text(ENTRY.format(id="fine"))
    return folder


def test_only_regular_files_are_read_fifo_device_and_socket(clinic: Path) -> None:
    """A FIFO used to hang every command, validate included; a link to /dev/zero grew
    memory without end. Each is one SCI001 line now, read without opening it."""
    import socket

    techniques = clinic / "techniques"
    os.mkfifo(techniques / "pipe.yaml")
    (techniques / "zero.yaml").symlink_to("/dev/zero")
    (techniques / "tty.yaml").symlink_to("/dev/tty")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(techniques / "sock.yaml"))
    try:
        for command in (["techniques"], ["validate", str(clinic)],
                        ["validate", str(techniques / "pipe.yaml")]):
            args = command if command[0] == "validate" else ["--data-dir", str(clinic), *command]
            result = sciatica(*args, timeout=30)
            err = result.stderr.decode()
            assert "Traceback" not in err
            assert f"{techniques / 'pipe.yaml'}: SCI001 is a named pipe (FIFO), not a regular " \
                   "file" in err
            if command == ["techniques"]:
                assert result.returncode == 0
                assert b"fine" in result.stdout and b"swedish" in result.stdout
                assert f"{techniques / 'zero.yaml'}: SCI001 is a device, not a regular" in err
                assert f"{techniques / 'sock.yaml'}: SCI001 is a socket, not a regular" in err
            else:
                assert result.returncode == 1
    finally:
        sock.close()


@pytest.mark.parametrize("levels", [40, 900, 10_000])
def test_deep_nesting_is_one_sci001_line(clinic: Path, levels: int) -> None:
    (clinic / "techniques" / "deep.yaml").write_text(
        ENTRY.format(id="deep") + "attributes: " + "[" * levels + "]" * levels + "\n")
    result = run("--data-dir", str(clinic), "techniques")
    assert result.exit_code == 0 and no_traceback(result)
    deep = clinic / "techniques" / "deep.yaml"
    lines = [line for line in result.stderr.splitlines() if str(deep) in line]
    assert len(lines) == 1 and ": SCI001 " in lines[0], result.stderr
    assert "nest" in lines[0] or "not valid YAML" in lines[0]
    assert "fine" in result.stdout and "swedish" in result.stdout
    validated = run("validate", str(clinic))
    assert validated.exit_code == 1 and no_traceback(validated)
    assert re.search(rf"^{re.escape(str(deep))}(:\d+)?: SCI001 ", validated.stderr, re.M)


def test_many_unknown_keys_are_capped_and_the_file_composed_once(clinic: Path,
                                                                 monkeypatch) -> None:
    import yaml

    path = clinic / "techniques" / "many.yaml"
    path.write_text(ENTRY.format(id="many") + "".join(f"junk{i}: {i}\n" for i in range(30_000)))
    calls = []
    real = yaml.compose
    # Count this file's maps only: the clinic's other page may be mapped for its own warnings.
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: (
        calls.append(1) if "junk0" in str(a[0]) else None) or real(*a, **k))
    result = run("validate", str(clinic))
    assert result.exit_code == 1 and no_traceback(result)
    lines = [line for line in result.stderr.splitlines() if str(path) in line]
    assert lines[0] == f"{path}:8: SCI003 unknown key 'junk0'"
    assert len(lines) == 21
    assert lines[-1] == f"{path}: SCI035 and 29,980 more problems in this file, not listed; " \
        "fix these first"
    assert len(calls) == 1  # every line found from one map of the file
    guide_still_shows("--data-dir", str(clinic))


# ---------------------------------------------------------------------------- the diary's privacy

FIXTURES = Path(__file__).parent / "fixtures"


def mode(path: Path) -> int:
    return stat_module.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "a#b?c%20" / "home"  # a `#` or `?` is part of a folder's name
    monkeypatch.setenv("SCIATICA_HOME", str(folder))
    return folder


def test_the_diary_its_backups_and_exports_are_its_owners_only(home: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    old = os.umask(0o022)
    try:
        assert run("diary", "add", "4", "--at", "2026-01-02").exit_code == 0
        assert mode(home) == 0o700 and mode(home / "diary.sqlite3") == 0o600
        export = tmp_path / "diary.csv"
        assert run("diary", "export", "-o", str(export)).exit_code == 0
        assert mode(export) == 0o600 and "2026-01-02" in export.read_text()
        # a diary from an older version, readable by all: the upgrade's copy is private,
        # and the diary itself is made private when next opened
        (home / "diary.sqlite3").unlink()
        db = sqlite3.connect(home / "diary.sqlite3")
        db.executescript((FIXTURES / "diary-v2.sql").read_text(encoding="utf-8"))
        db.close()
        os.chmod(home / "diary.sqlite3", 0o644)
        assert run("diary", "list").exit_code == 0
        (backup,) = home.glob("diary.sqlite3.v2-*.bak")
        assert mode(backup) == 0o600 and mode(home / "diary.sqlite3") == 0o600
        os.chmod(backup, 0o644)  # a copy saved by an older version
        assert run("diary", "list").exit_code == 0 and mode(backup) == 0o600
    finally:
        os.umask(old)


def test_the_diary_carries_its_mark_and_an_old_diary_gains_it(home: Path) -> None:
    home.mkdir(parents=True)
    db = sqlite3.connect(home / "diary.sqlite3")
    db.executescript((FIXTURES / "diary-v2.sql").read_text(encoding="utf-8"))
    before = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0
    db.close()
    result = run("diary", "list", "--json")
    assert result.exit_code == 0, result.stderr
    import json

    assert len(json.loads(result.stdout)) == before  # nothing lost
    db = sqlite3.connect(home / "diary.sqlite3")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x53434941
    db.close()


def test_the_guides_own_folder_is_made_private_when_it_was_not(tmp_path: Path,
                                                               monkeypatch) -> None:
    """Without SCIATICA_HOME the diary lives in the user data folder, which is the guide's
    alone: a folder an older version left open to all is closed. A folder SCIATICA_HOME
    names may hold other things, and is left as it is."""
    monkeypatch.delenv("SCIATICA_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from sciatica_cli.diary import default_path

    folder = default_path().parent
    assert folder == tmp_path / "data" / "sciatica"
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    assert run("diary", "add", "2", "--at", "2026-01-02").exit_code == 0
    assert run("diary", "list").exit_code == 0
    assert mode(folder) == 0o700 and mode(folder / "diary.sqlite3") == 0o600
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o755)
    os.chmod(mine, 0o755)
    monkeypatch.setenv("SCIATICA_HOME", str(mine))
    assert run("diary", "add", "2", "--at", "2026-01-02").exit_code == 0
    assert run("diary", "list").exit_code == 0
    assert mode(mine) == 0o755 and mode(mine / "diary.sqlite3") == 0o600


@pytest.mark.parametrize("version", [0, 2, 99])
def test_another_programs_database_is_never_written(home: Path, version: int) -> None:
    home.mkdir(parents=True)
    path = home / "diary.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                     "INSERT INTO notes (body) VALUES ('someone else''s data');"
                     f"PRAGMA user_version = {version};")
    db.close()
    before = path.read_bytes()
    for args in (["list"], ["show"], ["export"], ["add", "3"], ["delete", "1"]):
        result = run("diary", *args)
        assert_clean_failure(result, 1, f"{path} is not a sciatica diary", "left as it is")
    assert path.read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["diary.sqlite3"]  # no -wal, no backup
    guide_still_shows()


def test_o_refuses_the_diary_itself_by_any_name(home: Path) -> None:
    assert run("diary", "add", "5", "--note", "keep me", "--at", "2026-01-02").exit_code == 0
    diary = home / "diary.sqlite3"
    before = diary.read_bytes()
    link = home.parent / "link.csv"
    link.symlink_to(diary)
    for target in (diary, link, home / ".." / "home" / "diary.sqlite3",
                   home / "diary.sqlite3-wal"):
        result = run("diary", "export", "--format", "json", "-o", str(target))
        assert_clean_failure(result, 5, str(target), "is the diary itself", "nothing was written")
    for command in (["sources", "-f", "bibtex"], ["handout", "swedish", "--format", "md"]):
        result = run(*command, "-o", str(diary))
        assert_clean_failure(result, 5, "is the diary itself")
    assert diary.read_bytes() == before and link.is_symlink()
    assert "keep me" in run("diary", "list").stdout


def test_o_to_a_link_a_fifo_a_device_or_a_socket(tmp_path: Path) -> None:
    import socket
    import threading

    real = tmp_path / "real.bib"
    real.write_text("old\n")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    assert run("sources", "-f", "bibtex", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("@")  # the link stays a link

    null = tmp_path / "null.bib"
    null.symlink_to("/dev/null")
    assert run("sources", "-f", "ris", "-o", str(null)).exit_code == 0
    assert Path("/dev/null").is_char_device() and null.is_symlink()

    fifo = tmp_path / "pipe.ris"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    assert run("sources", "-f", "ris", "-o", str(fifo)).exit_code == 0
    reader.join(10)
    assert stat_module.S_ISFIFO(fifo.stat().st_mode) and got[0].startswith("TY  - ")

    sock_path = tmp_path / "sock.bib"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        result = run("sources", "-f", "bibtex", "-o", str(sock_path))
        assert_clean_failure(result, 5, str(sock_path), "socket")
        assert stat_module.S_ISSOCK(sock_path.stat().st_mode)
    finally:
        sock.close()


# ---------------------------------------------------------------------------- stdin and stdout

COMMANDS = [["techniques"], ["techniques", "swedish"], ["redflags"], ["sources"],
            ["sources", "-f", "bibtex"], ["search", "stretch"], ["compare", "swedish", "heat"],
            ["overview"], ["--help"], ["techniques", "--json"], ["routine", "--list"]]


def test_a_reader_that_stops_early_is_exit_0_for_every_command() -> None:
    """`sciatica X | head`: the reader goes away; some commands said 1 and some 0."""
    for command in COMMANDS:
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            result = sciatica(*command, stdout=write_end)
        finally:
            os.close(write_end)
        assert (result.returncode, result.stderr) == (0, b""), (command, result.stderr)


@pytest.mark.parametrize("command", [["techniques"], ["techniques", "swedish"], ["redflags"],
                                     ["sources", "-f", "ris"]])
def test_stdout_closed_or_full_is_exit_6_with_one_line(command: list[str]) -> None:
    closed = subprocess.run([sys.executable, "-c", "import os, subprocess, sys; os.close(1); "
                             "sys.exit(subprocess.run(sys.argv[1:]).returncode)",
                             sys.executable, "-m", "sciatica_cli", *command],
                            capture_output=False, stderr=subprocess.PIPE, timeout=60)
    assert closed.returncode == 6
    assert closed.stderr == b"sciatica: cannot write the output: stdout is closed\n"
    with open("/dev/full", "w") as full:
        result = sciatica(*command, stdout=full)
    assert result.returncode == 6
    assert result.stderr.decode().startswith("sciatica: cannot write the output: No space "
                                             "left on device")
    assert b"Traceback" not in result.stderr


def test_closed_stdin_is_like_no_terminal() -> None:
    def without_stdin(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "import os, subprocess, sys; os.close(0); "
                               "sys.exit(subprocess.run(sys.argv[1:]).returncode)",
                               sys.executable, "-m", "sciatica_cli", *args],
                              capture_output=True, timeout=60)

    plan = without_stdin("plan")
    assert plan.returncode == 2 and b"--no-red-flags" in plan.stderr
    assert b"Traceback" not in plan.stderr
    routine = without_stdin("routine", "--minutes", "1")
    assert routine.returncode == 0 and routine.stdout.startswith(b"Routine: ")
    added = without_stdin("diary", "add", "3", "--at", "2026-01-02")
    assert added.returncode == 0 and added.stdout.startswith(b"Saved entry 1")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stdout_that_is_not_utf8_gets_replacement_characters(encoding: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for command in (["redflags", "--color", "always"], ["techniques", "swedish"],
                    ["sources", "-f", "bibtex"], ["search", "müller"]):
        result = sciatica(*command, env=env)
        assert result.returncode in (0, 1), (command, result.stderr)  # 1: nothing matched
        assert b"Traceback" not in result.stderr, result.stderr
    page = sciatica("techniques", "swedish", env=env).stdout.decode(encoding)
    assert "Swedish massage" in page and "?" in page  # the bullet or dash as `?`


# ---------------------------------------------------------------------------- command-line values


def test_invalid_utf8_in_a_note_or_a_search_is_refused_by_name(home: Path) -> None:
    result = sciatica("diary", "add", "3", "--note", os.fsdecode(b"bad \xff byte"))
    assert result.returncode == 2
    assert result.stderr == b"sciatica: --note is not valid UTF-8 text: bad \\xff byte; " \
                            b"nothing was done\n"
    assert not (home / "diary.sqlite3").exists()
    found = sciatica("search", os.fsdecode(b"\xfe"))
    assert found.returncode == 2 and found.stderr.startswith(b"sciatica: QUERY is not valid")


@pytest.mark.parametrize("args, name", [
    (["diary", "list", "--days", "99999999999999999999"], "--days"),
    (["diary", "show", "--days", "99999999999999999999"], "--days"),
    (["diary", "delete", "99999999999999999999999"], "ENTRY_ID"),
    (["search", "stretch", "--limit", "999999999999999999999999"], "--limit"),
    (["diary", "add", "3", "--at", "0001-01-01"], "--at"),
    (["diary", "add", "3", "--at", "9999-12-31"], "--at"),
    (["diary", "add", "3", "--at", "1800-06-01 10:00"], "--at"),
])
def test_values_out_of_reach_are_usage_errors(home: Path, args: list[str], name: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert no_traceback(result) and name in result.stderr
    assert not (home / "diary.sqlite3").exists()  # nothing written


def test_a_date_more_than_a_day_ahead_is_refused(home: Path) -> None:
    from datetime import datetime, timedelta

    soon = (datetime.now() + timedelta(hours=20)).strftime("%Y-%m-%d %H:%M")
    later = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d")
    refused = run("diary", "add", "3", "--at", later)
    assert refused.exit_code == 2 and "more than a day ahead" in refused.stderr
    assert run("diary", "add", "3", "--at", soon).exit_code == 0  # another time zone, say
    assert len(run("diary", "list").stdout.splitlines()) == 1


def test_a_tab_or_newline_in_a_note_keeps_the_piped_list_one_line_an_entry(home: Path) -> None:
    assert run("diary", "add", "3", "--note", "line one\nline\ttwo", "--at",
               "2026-01-02").exit_code == 0
    assert run("diary", "add", "4", "--at", "2026-01-03").exit_code == 0
    lines = run("diary", "list").stdout.splitlines()
    assert len(lines) == 2 and len({line.count("\t") for line in lines}) == 1
    assert "line one\\nline\\ttwo" in lines[0]
    import json

    assert json.loads(run("diary", "list", "--json").stdout)[0]["note"] == "line one\nline\ttwo"


def test_one_bad_row_does_not_break_list_show_or_export(home: Path) -> None:
    assert run("diary", "add", "3", "--note", "good", "--at", "2026-01-02").exit_code == 0
    db = sqlite3.connect(home / "diary.sqlite3")
    db.execute("INSERT INTO entries (at, pain, places) VALUES ('yesterday-ish', 4, '[]')")
    db.execute("INSERT INTO entries (at, pain, places) VALUES ('2026-01-03T10:00+00:00', 5, "
               "'not json')")
    db.commit()
    db.close()
    before = (home / "diary.sqlite3").read_bytes()
    for args in (["list"], ["list", "--json"], ["show"], ["export"], ["export", "-f", "json"]):
        result = run("diary", *args)
        assert result.exit_code == 0 and no_traceback(result), (args, result.stderr)
        assert result.stderr.splitlines() == [  # in the diary's order, by time
            f"sciatica: warning: diary entry 3 in {home / 'diary.sqlite3'} cannot be read "
            "(places is not a list of words); it was left in the diary and is not shown",
            f"sciatica: warning: diary entry 2 in {home / 'diary.sqlite3'} cannot be read (its "
            "time is not a date with a UTC offset); it was left in the diary and is not shown"]
    assert "good" in run("diary", "list").stdout
    assert (home / "diary.sqlite3").read_bytes() == before


def test_one_bad_check_in_does_not_break_the_others(home: Path) -> None:
    assert run("diary", "checkin", "--leg-pain", "3", "--numbness", "2", "--weakness", "1",
               "--sitting", "4", "--at", "2026-01-02").exit_code == 0
    db = sqlite3.connect(home / "diary.sqlite3")
    db.execute("INSERT INTO checkins (at, sbi_leg_pain, sbi_numbness, sbi_weakness, "
               "sbi_sitting) VALUES ('last tuesday', 1, 1, 1, 1)")
    db.commit()
    db.close()
    result = run("diary", "checkins")
    assert result.exit_code == 0 and no_traceback(result), result.stderr
    assert result.stderr == (f"sciatica: warning: diary check-in 2 in {home / 'diary.sqlite3'} "
                             "cannot be read (its time is not a date with a UTC offset); it was "
                             "left in the "
                             "diary and is not shown\n")
    assert len(result.stdout.splitlines()) == 1


# ---------------------------------------------------------------------------- signals


def _child_of(parent: int, timeout: float = 10) -> int:
    """The pid of the one process whose parent is `parent` (read from /proc)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == parent:
                    return int(entry.name)
        time.sleep(0.05)
    raise AssertionError(f"no child of {parent}")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the process")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1"])
def test_every_signal_that_ends_routine_gives_the_terminal_back(tmp_path: Path,
                                                                signame: str) -> None:
    """Run by a shell on a real pseudo-terminal: after the signal the shell's terminal
    echoes and reads lines again, and the shell sees the signal as the cause (128 + N)."""
    import signal

    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm", "PS1": "$ "}
    script = (f"{sys.executable} -m sciatica_cli routine --minutes 1 --condition none; "
              "echo EXIT=$?; "
              "stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\?echo' -e '-\\?icanon' | tr '\\n' ' '; "
              "echo; echo DONE")
    child = pexpect.spawn("bash", ["--norc", "-c", script], env=env, encoding="utf-8",
                          timeout=30, dimensions=(30, 90))
    child.expect("Ctrl-C: stop")  # the first frame: keys are read one by one from here
    number = getattr(signal, signame)
    os.kill(_child_of(child.pid), number)
    child.expect(r"EXIT=(\d+)")
    assert int(child.match.group(1)) == 128 + number
    child.expect("DONE")
    modes = child.before.split()
    assert "echo" in modes and "icanon" in modes, modes  # not -echo, -icanon
    assert "Traceback" not in child.before
    child.expect(pexpect.EOF)
