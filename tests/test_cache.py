"""The catalog cache: a warm start shows exactly what a cold one showed, an edited file is
seen at once, and a damaged cache is ignored and rebuilt, never shown and never fatal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciatica_cli import catalog as catalog_module
from sciatica_cli.cli import app

COMMANDS = [
    ["techniques"], ["techniques", "--json"], ["selfcare", "--json"],
    ["techniques", "alpha"], ["techniques", "Gamma Press", "--json"],
    ["compare", "alpha", "beta", "gamma"], ["search", "locally"],
    ["redflags", "--json"], ["paths"], ["sources", "--format", "bibtex"],
]

pytestmark = pytest.mark.usefixtures("mini_catalog")


@pytest.fixture
def clinic(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCIATICA_DATA", str(user_dir))
    return user_dir


def show(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--color", "never", *args])
    return result.exit_code, result.stdout


def cache_file() -> Path:
    (found,) = Path(os.environ["SCIATICA_CACHE_DIR"]).glob("catalog-????????.pickle")
    return found


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a command that parses the YAML again fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the catalog was loaded from YAML, not from the cache")

    monkeypatch.setattr(catalog_module, "load_catalog", refuse)
    from sciatica_cli import cache

    monkeypatch.setattr(cache, "load_catalog", refuse)


def test_a_warm_start_shows_what_a_cold_start_showed(clinic: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cold = [show(*argv) for argv in COMMANDS]
    assert all(code == 0 for code, _ in cold), cold
    listing = {item["id"]: item["local"] for item in json.loads(cold[1][1])}
    assert listing == {"alpha": False, "gamma": True}
    no_loading(monkeypatch)
    assert [show(*argv) for argv in COMMANDS] == cold


def test_an_edited_file_is_seen_at_once(clinic: Path) -> None:
    assert "Gamma press" in show("techniques")[1]
    entry = clinic / "techniques" / "gamma.yaml"
    entry.write_text(entry.read_text().replace("Gamma press", "Gamma squeeze"))
    # Same size and the same second would be missed by a coarse clock; nanoseconds are not.
    os.utime(entry, ns=(entry.stat().st_atime_ns, entry.stat().st_mtime_ns + 1))
    listing = show("techniques")[1]
    assert "Gamma squeeze" in listing and "Gamma press" not in listing


def test_an_edited_catalog_module_rebuilds_the_cache(clinic: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from sciatica_cli import cache

    show("techniques")
    builds: list[int] = []
    real_load = cache.load_catalog
    monkeypatch.setattr(cache, "load_catalog",
                        lambda *a, **k: builds.append(1) or real_load(*a, **k))
    show("techniques")
    assert builds == []  # warm
    real_stamp = cache.code_stamp
    monkeypatch.setattr(cache, "code_stamp", lambda names: tuple(t + 1 for t in real_stamp(names)))
    show("techniques")
    assert builds == [1]  # the loader changed, so its old output is not trusted


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: data[: len(data) // 2], id="cut-in-half"),
    pytest.param(lambda data: data[:-1], id="one-byte-short"),
    pytest.param(lambda data: data + b"tail", id="grown"),
    pytest.param(lambda data: b"\xff" * len(data), id="garbage"),
    pytest.param(lambda data: (10**12).to_bytes(8, "little") + data[8:], id="huge-head-length"),
])
def test_a_damaged_cache_is_ignored_and_rebuilt(clinic: Path, damage) -> None:
    expected = [show(*argv) for argv in COMMANDS]
    path = cache_file()
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert [show(*argv) for argv in COMMANDS] == expected
    assert cache_file().read_bytes() == good  # rebuilt, the same as before


def test_a_cache_damaged_inside_is_reported_removed_and_rebuilt(clinic: Path) -> None:
    expected = show("selfcare", "--json")
    path = cache_file()
    path.write_bytes(path.read_bytes()[:-8] + b"\xff" * 8)  # the same size, a bad last piece
    result = CliRunner().invoke(app, ["selfcare", "--json"])
    assert result.exit_code == 1
    assert result.stderr == (f"sciatica: the catalog cache {path} was damaged, so it was "
                             "removed; run the command again to rebuild it\n")
    assert not path.exists()
    assert show("selfcare", "--json") == expected


def test_an_unwritable_cache_folder_still_shows_everything(
        clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [show(*argv) for argv in COMMANDS]
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("SCIATICA_CACHE_DIR", str(not_a_folder / "cache"))
    assert [show(*argv) for argv in COMMANDS] == expected
