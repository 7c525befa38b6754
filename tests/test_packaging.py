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
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
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
        [str(python), "-c", "from sciatica_cli.catalog import bundled_data_dir; print(bundled_data_dir())"],
        cwd=outside, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where
