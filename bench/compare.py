"""Compare the warm ratios of two benchmark tables: is any command slower than before?

    python bench/compare.py OLD_RESULTS.md NEW_RESULTS.md

Each table is one `bench/run.py` made (bench/RESULTS.md). A row's ratio is its time over the
floor's, measured alternately in the same minutes, so ratios from runs made at different times
and loads can be compared where raw times cannot. Prints a Markdown table with each warm
command's ratio before and after and the change, and says which rose by more than 5%.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

LIMIT = 1.05  # "no command more than 5% slower than before"
SIZES = {"shipped", "+5,000"}  # where every command is run warm


def warm_ratios(text: str, sizes: set[str]) -> dict[tuple[str, str], float]:
    """(size, command) -> ratio to the floor, for the warm rows of the given sizes."""
    found = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and cells[0] in sizes and cells[1] == "warm":
            match = re.fullmatch(r"([0-9.]+)x", cells[5])
            if match:
                found[(cells[0], cells[2].strip("`"))] = float(match.group(1))
    return found


def compare(old: str, new: str, sizes: set[str]) -> list[str]:
    before, after = warm_ratios(old, sizes), warm_ratios(new, sizes)
    lines = ["| size | command | ratio before | ratio now | now / before |",
             "|---|---|---:|---:|---:|"]
    slower = []
    for key in before:
        if key not in after:
            continue
        change = after[key] / before[key]
        if change > LIMIT:
            slower.append(f"`{key[1]}` ({key[0]}) at {change:.2f}x")
        lines.append(f"| {key[0]} | `{key[1]}` | {before[key]:.2f}x | {after[key]:.2f}x | "
                     f"{change:.2f}x |")
    lines.append("")
    lines.append("More than 5% slower than before: " + (", ".join(slower) if slower else "none")
                 + ".")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args()
    print("\n".join(compare(args.old.read_text(), args.new.read_text(), SIZES)))


if __name__ == "__main__":
    main()
