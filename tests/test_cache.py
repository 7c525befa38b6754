"""The catalog cache: a warm start shows exactly what a cold one showed, an edit is seen at
once (even one that puts the modification time back), a damaged, planted or foreign cache
is never shown, never runs code and never stops the guide, and an upgrade of the code or
of a library whose output is kept rebuilds what it made."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli import cache, catalog_loader
from sciatica_cli.cli import app

COMMANDS = [
    ["techniques"], ["techniques", "--json"], ["selfcare", "--json"],
    ["techniques", "alpha"], ["techniques", "Gamma Press", "--json"],
    ["compare", "alpha", "beta", "gamma"], ["search", "locally"],
    ["redflags", "--json"], ["paths"], ["sources", "--format", "bibtex"],
]

pytestmark = pytest.mark.usefixtures("mini_catalog")

needs_root = pytest.mark.skipif(os.geteuid() != 0,
                                reason="giving a file to another user needs root (CI is root)")


@pytest.fixture
def clinic(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCIATICA_DATA", str(user_dir))
    return user_dir


def show(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--color", "never", *args])
    return result.exit_code, result.stdout


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--color", "never", *args])
    return result.exit_code, result.stdout, result.stderr


def cache_folder() -> Path:
    return Path(os.environ["SCIATICA_CACHE_DIR"])


def cache_file(folder: Path | None = None) -> Path:
    (found,) = (folder or cache_folder()).glob("catalog-????????.sqlite")
    return found


def plant(path: Path, old: str, new: str) -> None:
    """Change what the cache says, as someone who can write the file could."""
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE entries SET name = replace(name, ?, ?), data = replace(data, ?, ?)",
                   (old, new, old, new))
    db.close()


def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the catalog builds from here on."""
    count: list[int] = []
    real = cache.load_catalog
    monkeypatch.setattr(cache, "load_catalog", lambda *a, **k: count.append(1) or real(*a, **k))
    return count


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a command that parses the YAML again fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the catalog was loaded from YAML, not from the cache")

    monkeypatch.setattr(catalog_loader, "load_catalog", refuse)
    monkeypatch.setattr(cache, "load_catalog", refuse)


def test_a_warm_start_shows_what_a_cold_start_showed(clinic: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cold = [show(*argv) for argv in COMMANDS]
    assert all(code == 0 for code, _ in cold), cold
    listing = {item["id"]: item["local"] for item in json.loads(cold[1][1])}
    assert listing == {"alpha": False, "gamma": True}
    no_loading(monkeypatch)
    assert [show(*argv) for argv in COMMANDS] == cold


def test_every_part_of_the_catalog_comes_back_from_the_cache(clinic: Path) -> None:
    from sciatica_cli.catalog_loader import load_catalog
    from sciatica_cli.content_files import user_data_dirs

    built = load_catalog(user_data_dirs())
    cache.load(user_data_dirs())  # builds and stores
    stored = cache.load(user_data_dirs())
    assert isinstance(stored, cache.StoredCatalog) and stored.stored
    for part in cache.stored_parts(built):
        assert stored._loaded(part) == built._loaded(part), part
    assert stored.entries == built.entries and stored.origins == built.origins
    assert set(stored.local_ids) == built.local_ids and stored.warnings == built.warnings


def test_the_cache_is_sqlite_and_json_not_pickle(clinic: Path) -> None:
    show("techniques")
    assert cache_file().read_bytes().startswith(b"SQLite format 3\0")
    assert not list(cache_folder().glob("*.pickle"))
    assert oct(cache_file().stat().st_mode & 0o777) == "0o600"


def test_an_edited_file_is_seen_at_once(clinic: Path) -> None:
    assert "Gamma press" in show("techniques")[1]
    entry = clinic / "techniques" / "gamma.yaml"
    entry.write_text(entry.read_text().replace("Gamma press", "Gamma squeeze"))
    # Same size and the same second would be missed by a coarse clock; nanoseconds are not.
    os.utime(entry, ns=(entry.stat().st_atime_ns, entry.stat().st_mtime_ns + 1))
    listing = show("techniques")[1]
    assert "Gamma squeeze" in listing and "Gamma press" not in listing


@pytest.mark.parametrize("first", [["techniques", "gamma"], ["techniques"], ["search", "gamma"]],
                         ids=" ".join)
def test_a_same_size_edit_with_its_time_put_back_shows_the_new_text(clinic: Path,
                                                                     first: list[str]) -> None:
    assert "Gamma press" in show(*first)[1]
    entry = clinic / "techniques" / "gamma.yaml"
    before = entry.stat()
    text = entry.read_text().replace("Local body.", "Fresh body.")
    assert len(text) == len(entry.read_text())
    with entry.open("r+") as f:  # in place, as `cp -p` or an unzip over the folder writes
        f.write(text)
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the time put back
    after = entry.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    code, page = show("techniques", "gamma")
    assert code == 0 and "Fresh body." in page and "Local body." not in page
    assert "Fresh body" in show("techniques", "gamma", "--json")[1]


def test_a_search_finds_words_added_in_place(clinic: Path) -> None:
    assert show("search", "gamma")[0] == 0
    entry = clinic / "techniques" / "gamma.yaml"
    before = entry.stat()
    with entry.open("r+") as f:
        f.write(entry.read_text().replace("Local body.", "Fresh body."))
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, out = show("search", "fresh")
    assert code == 0 and out.startswith("gamma\tGamma press\tFresh body.")


def test_an_edit_in_place_to_a_page_a_search_did_not_show_is_seen(clinic: Path) -> None:
    # The search index is built from every file, so a small catalog checks every file at
    # each start: gamma, not among the hits before, is found once it says the word.
    def found(out: str) -> list[str]:
        return sorted(line.split("\t")[0] for line in out.splitlines())

    assert found(show("search", "paragraph")[1]) == ["alpha"]
    entry = clinic / "techniques" / "gamma.yaml"
    before = entry.stat()
    text = entry.read_text().replace("Local body.", "Paragraph 1")
    assert len(text) == before.st_size
    with entry.open("r+") as f:
        f.write(text)
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, out = show("search", "paragraph")
    assert code == 0 and found(out) == ["alpha", "gamma"]


def test_loading_prints_nothing_and_hands_back_what_it_found(
        clinic: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Loading never prints: an unsafe cache folder, a broken local file and a file found
    broken in mid-command come back as data, for the command to show."""
    from sciatica_cli.content_files import user_data_dirs

    (clinic / "techniques" / "broken.yaml").write_text("id: [broken\n")
    os.chmod(cache_folder(), 0o777)
    catalog = cache.load(user_data_dirs())
    private = Path.home() / ".cache" / "sciatica"
    assert catalog.notices == (f"the cache folder {cache_folder()} can be written by other "
                               f"users, so it is not used; using {private} instead",)
    assert [(p.path.name, p.code) for p in catalog.warnings] == [("broken.yaml", "SCI001")]

    warm = cache.load(user_data_dirs())
    assert warm.stored and warm.notices == ()  # said once
    heard: list[list] = []
    warm.on_new_warnings = heard.append
    entry = clinic / "techniques" / "gamma.yaml"
    entry.write_text(entry.read_text().replace("evidence: very-low", "evidence: very-lo!"))
    warm.rebuild()  # as a reader that found the cache damaged does
    assert not warm.stored and "gamma" not in warm.entries
    assert [[(p.path.name, p.code) for p in new] for new in heard] == [[("gamma.yaml", "SCI005")]]
    assert capfd.readouterr() == ("", "")


def test_a_file_broken_in_place_is_reported_when_its_page_is_asked_for(clinic: Path) -> None:
    assert show("techniques", "gamma")[0] == 0
    entry = clinic / "techniques" / "gamma.yaml"
    before = entry.stat()
    text = entry.read_text().replace("evidence: very-low", "evidence: very-lo!")
    with entry.open("r+") as f:
        f.write(text)
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, out, err = run("techniques", "gamma")
    assert code == 1 and "Gamma press" not in out
    assert "gamma.yaml" in err and "SCI005" in err and "No technique called 'gamma'" in err


def test_an_edited_catalog_module_rebuilds_the_cache(clinic: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    show("techniques")
    count = builds(monkeypatch)
    show("techniques")
    assert count == []  # warm
    real_stamp = cache.code_stamp
    monkeypatch.setattr(cache, "code_stamp", lambda names: (*real_stamp(names), "edited"))
    show("techniques")
    assert count == [1]  # the loader changed, so its old output is not trusted


def test_a_library_upgrade_rebuilds_the_exports(clinic: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from sciatica_cli import reference_export

    made: list[str] = []
    real_export = reference_export.export
    monkeypatch.setattr(reference_export, "export",
                        lambda refs, fmt, style:
                        made.append(fmt.value) or real_export(refs, fmt, style))
    code, first = show("sources", "--format", "ris")
    assert code == 0 and made == ["ris"]
    assert show("sources", "--format", "ris") == (0, first) and made == ["ris"]  # kept
    # rispy is upgraded: a newer version is found first on the import path.
    site = tmp_path / "site"
    (site / "rispy-99.0.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    assert show("sources", "--format", "ris") == (0, first)
    assert made == ["ris", "ris"]  # made again with the new library, not taken from the cache
    assert show("sources", "--format", "ris") == (0, first) and made == ["ris", "ris"]


def test_library_versions_are_read_as_import_finds_them(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import rispy  # noqa: F401 - the installed one

    installed = dict(cache.library_versions(["rispy"]))["rispy"]
    assert installed[0].isdigit()
    (tmp_path / "rispy-99.0.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert cache.library_versions(["rispy", "PyYAML"])[1] == ("rispy", "99.0.0")


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: data[: len(data) // 2], id="cut-in-half"),
    pytest.param(lambda data: data[:-1], id="one-byte-short"),
    pytest.param(lambda data: data + b"tail", id="grown"),
    pytest.param(lambda data: b"\xff" * len(data), id="garbage"),
    pytest.param(lambda data: data[:100] + b"\0" * (len(data) - 100), id="zeroed"),
])
def test_a_damaged_cache_is_ignored_and_rebuilt(clinic: Path, damage) -> None:
    expected = [run(*argv) for argv in COMMANDS]
    path = cache_file()
    path.write_bytes(damage(path.read_bytes()))
    assert [run(*argv) for argv in COMMANDS] == expected


def test_a_cache_damaged_inside_is_rebuilt_quietly(clinic: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    expected = run("techniques", "gamma", "--json")
    db = sqlite3.connect(cache_file())
    with db:
        db.execute("UPDATE entries SET data = 'not json' WHERE id = 'gamma'")
        db.execute("UPDATE parts SET data = '{\"@\": \"os.system\"}' WHERE name = 'sources'")
    db.close()
    count = builds(monkeypatch)
    assert run("techniques", "gamma", "--json") == expected
    assert count == [1]
    assert run("sources", "--format", "bibtex")[0] == 0 and count == [1]  # rebuilt once


class RunsCode:
    """What a planted pickle does when it is loaded: run a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_runs_nothing_and_the_guide_shows(tmp_path: Path) -> None:
    marker = tmp_path / "it-ran"
    payload = pickle.dumps(RunsCode(marker))
    assert pickle.loads(payload) == 0 and marker.exists()  # it would have run
    marker.unlink()
    folder = tmp_path / "cache"
    env = {**os.environ, "SCIATICA_CACHE_DIR": str(folder)}
    env.pop("SCIATICA_DATA", None)
    argv = [sys.executable, "-m", "sciatica_cli", "--color", "never", "techniques", "swedish"]
    good = subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout
    names = [p.name for p in folder.iterdir()]
    # Every name a cache file has, or had in earlier versions, now holds the payload.
    for name in names + [n.replace(".sqlite", suffix) for n in names if n.endswith(".sqlite")
                         for suffix in (".pickle", ".exports.pickle", ".search.sqlite")]:
        (folder / name).write_bytes(payload)
    for args in (["techniques", "swedish"], ["search", "nerve"], ["sources", "-f", "ris"]):
        result = subprocess.run([*argv[:5], *args], capture_output=True, text=True, env=env)
        assert result.returncode == 0 and result.stderr == ""
        assert not marker.exists()
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert (result.returncode, result.stdout) == (0, good)


def planted_and_warm(clinic: Path) -> Path:
    """A warm cache whose copy of gamma says PLANTED; shown, if the cache is trusted."""
    assert "Gamma press" in show("techniques")[1]
    path = cache_file()
    plant(path, "Gamma press", "PLANTED")
    return path


def test_the_planted_text_shows_when_the_cache_is_trusted(clinic: Path) -> None:
    # The control for the tests below: the plant works, so not seeing it means not reading it.
    planted_and_warm(clinic)
    assert "PLANTED" in show("techniques", "gamma")[1]


@pytest.mark.parametrize("make_unsafe,reason", [
    pytest.param(lambda folder: os.chmod(folder, 0o777), "can be written by other users",
                 id="others-can-write"),
    pytest.param(lambda folder: os.chmod(folder, 0o720), "can be written by other users",
                 id="group-can-write"),
    pytest.param(lambda folder: os.chown(folder, 65534, 65534), "belongs to another user",
                 id="another-owner", marks=needs_root),
])
def test_a_cache_folder_others_can_write_is_not_read(clinic: Path, make_unsafe,
                                                     reason: str) -> None:
    folder = cache_folder()
    planted_and_warm(clinic)
    make_unsafe(folder)
    code, out, err = run("techniques", "gamma")
    assert code == 0 and "Gamma press" in out and "PLANTED" not in out
    private = Path.home() / ".cache" / "sciatica"
    assert err == (f"sciatica: warning: the cache folder {folder} {reason}, so it is not "
                   f"used; using {private} instead\n")
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    assert cache_file(private)  # the private folder holds the cache now
    # The warning is given once; later commands use the private folder quietly.
    assert run("techniques", "gamma") == (0, out, "")


def test_a_cache_folder_that_is_a_link_is_not_followed(clinic: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    planted_and_warm(clinic)
    link = tmp_path / "cache-link"
    link.symlink_to(cache_folder())
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(link))
    code, out, err = run("techniques", "gamma")
    assert code == 0 and "Gamma press" in out and "PLANTED" not in out
    assert err.startswith(f"sciatica: warning: the cache folder {link} is a link, so it is "
                          "not used; using ")


@needs_root
def test_a_cache_file_of_another_user_is_not_read(clinic: Path) -> None:
    path = planted_and_warm(clinic)
    os.chown(path, 65534, 65534)
    code, out, err = run("techniques", "gamma")
    assert (code, err) == (0, "") and "Gamma press" in out and "PLANTED" not in out
    assert path.stat().st_uid == os.geteuid()  # replaced by one of ours


def test_a_cache_file_others_can_write_is_not_read(clinic: Path) -> None:
    path = planted_and_warm(clinic)
    os.chmod(path, 0o666)
    code, out, err = run("techniques", "gamma")
    assert (code, err) == (0, "") and "Gamma press" in out and "PLANTED" not in out


def test_a_new_cache_folder_is_private(clinic: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "deep" / "cache"
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(folder))
    assert show("techniques")[0] == 0
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(cache_file(folder).stat().st_mode & 0o777) == "0o600"


def test_an_unwritable_cache_folder_still_shows_everything(
        clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [show(*argv) for argv in COMMANDS]
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(not_a_folder / "cache"))
    assert [show(*argv) for argv in COMMANDS] == expected


def test_a_build_killed_long_ago_leaves_nothing_behind_for_good(clinic: Path) -> None:
    """A build writes new files and moves them into place; one killed outright (SIGKILL)
    leaves them. The next build removes those more than a day old, not a running one's."""
    folder = cache_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    old, fresh = folder / ".catalog-dead.tmp", folder / ".catalog-running.tmp"
    old.write_bytes(b"x" * 4096)
    fresh.write_bytes(b"y")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert show("techniques")[0] == 0
    assert not old.exists() and fresh.exists()


# ---------------------------------------------------------------------------- a big folder


def big_clinic(folder: Path, count: int) -> None:
    """`count` more entries in a clinic's folder: both kinds, aliases, stretches and a chain
    of see_also links, with names that sort differently from their file names."""
    (folder / "selfcare").mkdir(exist_ok=True)
    gamma = (folder / "techniques" / "gamma.yaml").read_text()
    for i in range(count):
        kind = "technique" if i % 2 else "selfcare"
        sub = "techniques" if i % 2 else "selfcare"
        stretch = (f"stretches:\n  - id: reach-{i}\n    name: Reach number {i}\n"
                   f"    steps: [Sit tall., Reach.]\n    hold_seconds: 10\n"
                   f"    repetitions: 2\n    stop_if: It hurts.\n    movements: []\n"
                   f"    sources: [src-local]\n") if i % 3 == 0 else ""
        (folder / sub / f"big-{i:03}{'-x' if i % 5 == 0 else ''}.yaml").write_text(
            gamma.replace("id: gamma", f"id: big-{i:03}{'-x' if i % 5 == 0 else ''}")
            .replace("kind: technique", f"kind: {kind}")
            .replace("Gamma press", f"Big page {i}")
            .replace("see_also: [alpha]", f"aliases: [big alias {i}]\nsee_also: [alpha]\n"
                                          + stretch))


def stored_rows(cache_dir: Path) -> dict[str, object]:
    """Everything a cache holds, with the random stamp that ties its two files taken out."""
    main = cache_file(cache_dir)
    db, index = sqlite3.connect(main), sqlite3.connect(cache.index_path_of(main))
    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        stamp = meta.pop("index")
        (indexed,) = index.execute("SELECT stamp FROM search_meta").fetchone()
        assert indexed.endswith(stamp)
        return {
            "meta": meta,
            "tables": sorted(db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")),
            "entries": db.execute("SELECT * FROM entries ORDER BY ord").fetchall(),
            "names": db.execute("SELECT * FROM names ORDER BY norm").fetchall(),
            "parts": {name: json.loads(data) for name, data in db.execute("SELECT * FROM parts")},
            "index": sorted(index.execute("SELECT * FROM search").fetchall()),
        }
    finally:
        db.close()
        index.close()


class BigBuilds:
    """Commands over a big clinic folder whose cache is built on two cores (cache_build.py),
    or the ordinary way, each into a cache folder of its own; `tried` is what each call of
    cache_build.build answered."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from sciatica_cli import cache_build, fanout

        self.tmp_path, self.monkeypatch, self.fanout = tmp_path, monkeypatch, fanout
        self.tried: list[bool] = []
        real = cache_build.build
        monkeypatch.setattr(cache_build, "build",
                            lambda *a: self.tried.append(real(*a)) or self.tried[-1])
        monkeypatch.setattr(fanout, "cores", lambda: 2)  # the path is tried on any machine

    def run(self, way: str, *commands: list[str]) -> list[tuple[int, str, str]]:
        self.monkeypatch.setattr(self.fanout, "FROM_FILES", 20 if way == "two-cores" else 4000)
        self.monkeypatch.setenv("SCIATICA_CACHE_DIR", str(self.tmp_path / way))
        return [run(*argv) for argv in commands]


@pytest.fixture
def big(clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BigBuilds:
    big_clinic(clinic, 40)
    return BigBuilds(tmp_path, monkeypatch)


BIG_COMMANDS = [*COMMANDS, ["techniques", "big alias 7"], ["search", "reach"], ["selfcare"]]


def test_a_big_folder_built_on_two_cores_stores_what_the_ordinary_build_stores(
        big: BigBuilds, tmp_path: Path) -> None:
    two_cores = big.run("two-cores", *BIG_COMMANDS)
    assert big.tried == [True]
    ordinary = big.run("ordinary", *BIG_COMMANDS)
    assert big.tried == [True, False]
    assert two_cores == ordinary
    assert all(code == 0 and not err for code, _, err in ordinary), ordinary
    assert "Big page 7" in ordinary[-3][1] and "Reach number 9" in ordinary[-2][1]
    assert stored_rows(tmp_path / "two-cores") == stored_rows(tmp_path / "ordinary")


@pytest.mark.parametrize("fault", [
    ("big-007.yaml", "see_also: [alpha]", "see_also: [nowhere]", "SCI008"),
    ("big-008.yaml", "name: Big page 8", "name: Big page 9", "SCI006"),  # a name used twice
    ("big-009.yaml", "id: reach-9", "id: reach-3", "SCI006"),  # a stretch id used twice
    ("big-011.yaml", "sources: [src-local]", "sources: [src-nowhere]", "SCI007"),
    ("big-013.yaml", "    population: sciatica\n", "", "SCI020"),  # only a warning
    ("big-014.yaml", "kind: selfcare", "kind: technique", "SCI005"),
    ("big-016.yaml", "id: big-016", "id: alpha", "SCI014"),  # an id not its file's name
    ("gamma.yaml", "id: gamma", "id: alpha", "SCI014"),
])
def test_a_big_folder_with_anything_to_report_is_built_the_ordinary_way(
        big: BigBuilds, clinic: Path, tmp_path: Path, fault: tuple[str, str, str, str]) -> None:
    name, old, new, code = fault
    path = next(clinic.rglob(name))
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    two_cores = big.run("two-cores", ["techniques"])
    assert big.tried == [False]
    assert code in two_cores[0][2]
    assert not list((tmp_path / "two-cores").glob(".catalog-*"))  # nothing left behind
    assert big.run("ordinary", ["techniques"]) == two_cores


def test_a_big_folder_that_replaces_one_of_our_pages_is_built_the_ordinary_way(
        big: BigBuilds, clinic: Path) -> None:
    """Replacing a bundled page keeps our rules on it (catalog_loader.keep_rules_of_entry);
    the two-core build leaves that to the ordinary one."""
    gamma = (clinic / "techniques" / "gamma.yaml").read_text()
    (clinic / "techniques" / "alpha.yaml").write_text(
        gamma.replace("id: gamma", "id: alpha").replace("Gamma press", "Our alpha"))
    two_cores = big.run("two-cores", ["techniques", "alpha"], ["techniques", "--json"])
    assert big.tried == [False]
    assert "Our alpha" in two_cores[0][1]
    assert big.run("ordinary", ["techniques", "alpha"], ["techniques", "--json"]) == two_cores
