"""The floor of a first run: PyYAML's C loader parsing every content file, nothing else.

    python bench/parse_only.py FOLDER [FOLDER...]

Each folder is laid out like data/ (the shared files, overview.yaml, techniques/ and
selfcare/). One process reads and parses every file in turn, as the guide's own first run
must at least do; checking, indexing and storing are the guide's to fit beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def content_files(folder: Path) -> list[Path]:
    shared = [folder / n for n in ("sources.yaml", "conditions.yaml", "redflags.yaml",
                                   "overview.yaml")]
    return [p for p in shared if p.is_file()] + sorted(
        p for sub in ("techniques", "selfcare") for p in (folder / sub).glob("*.yaml"))


def main() -> None:
    for folder in sys.argv[1:]:
        for path in content_files(Path(folder)):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


if __name__ == "__main__":
    main()
