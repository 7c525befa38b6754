"""Is a new build slower than an old one? Time both, and the floor, in turns.

    python bench/versions.py OLD/bin/sciatica NEW/bin/sciatica --runs 15 --out bench/VERSIONS.md

bench/run.py answers "how far above the Typer+Rich floor is each command"; its ratios swing
by tens of percent between runs made an hour apart on a shared machine, which cannot settle a
5% question. Here every round runs the old build, the new build and the floor one after the
other, warm, with the same commands bench/run.py times, so all three see the same load. The
answer is the median of the per-round new/old ratios (and each build's ratio to the floor).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import COMMANDS, run_once  # noqa: E402

LIMIT = 1.05  # issue 13: no command more than 5% slower than before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the old build's sciatica script")
    parser.add_argument("new", help="the new build's sciatica script")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--extra", type=int, default=0, help="synthetic entries to add")
    parser.add_argument("--out", type=Path, default=HERE / "VERSIONS.md")
    parser.add_argument("--note", default="", help="How the machine was used meanwhile.")
    args = parser.parse_args()

    floor = [sys.executable, str(HERE / "floor.py")]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
        env.pop("SCIATICA_DATA", None)
        if args.extra:
            generate(Path(tmp) / "extra", args.extra)
            env["SCIATICA_DATA"] = str(Path(tmp) / "extra")
        # Each build keeps its own cache: their cache formats differ.
        envs = {name: {**env, "SCIATICA_CACHE_DIR": str(Path(tmp) / f"cache-{name}")}
                for name in ("old", "new")}
        load = os.getloadavg()[0]
        rows = []
        for command in COMMANDS:
            times: dict[str, list[float]] = {"old": [], "new": [], "floor": []}
            for name in ("old", "new"):  # warm-up: caches filled, files in the OS cache
                for _ in range(2):
                    run_once([getattr(args, name), *command], envs[name])
            for _ in range(args.runs):
                for name in ("old", "new"):
                    times[name].append(run_once([getattr(args, name), *command],
                                                envs[name]).seconds)
                times["floor"].append(run_once(floor, env).seconds)
            per_round = [n / o for n, o in zip(times["new"], times["old"], strict=True)]
            rows.append((" ".join(command), statistics.median(times["old"]) * 1000,
                         statistics.median(times["new"]) * 1000,
                         statistics.median(times["floor"]) * 1000,
                         statistics.median(per_round)))
            print(f"{rows[-1][0]:50} new/old {rows[-1][4]:.3f}", file=sys.stderr)
        load_end = os.getloadavg()[0]

    size = f"+{args.extra:,}" if args.extra else "shipped"
    lines = [
        "# Old build against new build",
        "",
        f"Made by `python bench/versions.py OLD NEW --runs {args.runs}"
        f"{f' --extra {args.extra}' if args.extra else ''}`: catalog {size}, warm caches, "
        f"{args.runs} rounds a command, each round running the old build, the new build "
        "and the floor in turn. \"new/old\" is the median of the per-round ratios.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}. Load average "
        f"{load:.1f} when the run began and {load_end:.1f} when it ended. {args.note}",
        "",
        "| command | old ms | new ms | floor ms | new/old |",
        "|---|---:|---:|---:|---:|",
    ]
    for command, old, new, base, ratio in rows:
        mark = " **slower**" if ratio > LIMIT else ""
        lines.append(f"| `{command}` | {old:.1f} | {new:.1f} | {base:.1f} | "
                     f"{ratio:.3f}{mark} |")
    worst = max(rows, key=lambda row: row[4])
    verdict = "met" if worst[4] <= LIMIT else "**not met**"
    lines += ["", f"No command more than 5% slower: worst `{worst[0]}` at "
                  f"{worst[4]:.3f}x the old build: {verdict}."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
