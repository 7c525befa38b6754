"""How much disk a fresh install of the guide takes: what a user pays for `pip install .`.

    python bench/footprint.py               # build a fresh venv, install, report the size
    python bench/footprint.py --limit 60    # also exit 1 if it is 60 MB or more

It makes a new virtual environment in a temporary folder, installs this checkout into it
(not editable, no test extra) the way the README says, and adds up the files in its
site-packages, leaving out pip and setuptools (a venv brings them whatever we depend on).
MB here is 1,000,000 bytes of file content.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a venv brings with it, not what we ask for: pip and setuptools, with their parts.
NOT_OURS = ("pip", "setuptools", "pkg_resources", "_distutils_hack", "distutils-precedence.pth")


def _top_name(path: Path, site: Path) -> str:
    top = path.relative_to(site).parts[0]
    if top.endswith(".dist-info"):
        return top.split("-")[0].lower().replace("_", "-")
    return top.removesuffix(".py").lower().replace("_", "-")


def measure(site: Path) -> dict[str, int]:
    """Bytes per top-level package in site-packages, without pip and setuptools."""
    excluded = {name.replace("_", "-") for name in NOT_OURS}
    sizes: dict[str, int] = {}
    for path in site.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        name = _top_name(path, site)
        if name in excluded:
            continue
        sizes[name] = sizes.get(name, 0) + path.stat().st_size
    return sizes


def fresh_install(where: Path) -> Path:
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)], check=True)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(python), "-c", purelib],
                          check=True, capture_output=True, text=True).stdout.strip()
    return Path(site)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, help="exit 1 unless the total is under this many MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sciatica-footprint-") as tmp:
        sizes = measure(fresh_install(Path(tmp) / "venv"))
    total = sum(sizes.values())
    for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:12]:
        print(f"{size / 1e6:8.1f} MB  {name}")
    print(f"{total / 1e6:8.1f} MB  site-packages of a fresh install, less pip and setuptools "
          f"(Python {sys.version_info.major}.{sys.version_info.minor})")
    if args.limit is not None and total >= args.limit * 1e6:
        print(f"over the limit of {args.limit:g} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
