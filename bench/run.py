"""Time whole `sciatica` processes against the floor, as ratios, at several catalog sizes.

    python bench/run.py                 # the full matrix; writes bench/RESULTS.md
    python bench/run.py --quick         # fewer runs and sizes, for a look while working

The floor (bench/floor.py) is a Typer app that prints one line with Rich: no Typer +
Rich command can start faster. Each command and the floor are run alternately, after a
warm-up, so both see the same machine load; the report gives medians and the ratio.
Sizes add N synthetic entries in a user folder (SCIATICA_DATA). "warm" runs reuse the
catalog cache; "cold" runs delete it before every run. Peak memory is each process's
maximum resident set size, read from the kernel when the process ends.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

COMMANDS = [
    ["techniques"],
    ["techniques", "--json"],
    ["techniques", "deep-tissue"],
    ["techniques", "deep-tissue", "--json"],
    ["compare", "swedish", "deep-tissue", "heat-and-cold"],
    ["compare", "swedish", "deep-tissue", "heat-and-cold", "--json"],
    ["search", "nerve", "glide"],
    ["search", "nerve", "glide", "--json"],
    ["sources", "--format", "bibtex"],
    ["sources", "--format", "csl-json"],
    ["--help"],
]
TARGETS = {"shipped": 1.10, "page_search_5000_warm": 1.5, "cold_5000_seconds": 2.0,
           "memory": 1.25}


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int


def run_once(argv: list[str], env: dict[str, str]) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr}")
    return Sample(elapsed, usage.ru_maxrss)


@dataclass
class Row:
    size: str
    mode: str
    command: str
    median_ms: float
    floor_ms: float
    ratio: float
    rss_ratio: float


def measure(command: list[str], env: dict[str, str], runs: int, cold_cache: Path | None,
            sciatica: str, floor: list[str]) -> tuple[list[Sample], list[Sample]]:
    ours, base = [], []
    argv = [sciatica, *command]
    for _ in range(2):  # warm-up: imports in the OS cache, the catalog cache filled
        run_once(argv, env)
        run_once(floor, env)
    for _ in range(runs):
        if cold_cache is not None:
            shutil.rmtree(cold_cache, ignore_errors=True)
        ours.append(run_once(argv, env))
        base.append(run_once(floor, env))
    return ours, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default="0,50,500,5000")
    parser.add_argument("--quick", action="store_true", help="5 runs; sizes 0 and 5000")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    sizes = [0, 5000] if args.quick else [int(s) for s in args.sizes.split(",")]

    bindir = Path(sys.executable).parent
    sciatica = shutil.which("sciatica", path=str(bindir)) or shutil.which("sciatica")
    if sciatica is None:
        raise SystemExit("install the guide first: pip install -e '.[test]'")
    floor = [sys.executable, str(HERE / "floor.py")]
    rows: list[Row] = []
    cold_first: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="sciatica-bench-") as tmp:
        for size in sizes:
            # Bytecode as an installed user has it: the warm-up runs write it if it is missing.
            env = {k: v for k, v in os.environ.items()
                   if k not in ("SCIATICA_DATA", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")}
            # The cache goes where a user's would (the XDG cache folder), found the usual way.
            env.pop("SCIATICA_CACHE_DIR", None)
            env["XDG_CACHE_HOME"] = str(Path(tmp) / f"xdg-{size}")
            cache = Path(env["XDG_CACHE_HOME"]) / "sciatica"
            env["COLUMNS"] = "100"
            if size:
                folder = Path(tmp) / f"synthetic-{size}"
                generate(folder, size)
                env["SCIATICA_DATA"] = str(folder)
            shutil.rmtree(cache, ignore_errors=True)
            cold_first[size] = run_once([sciatica, "techniques", "deep-tissue"], env).seconds
            label = "shipped" if size == 0 else f"+{size:,}"
            for mode in ("warm", "cold"):
                for command in COMMANDS:
                    ours, base = measure(command, env, runs, cache if mode == "cold" else None,
                                         sciatica, floor)
                    ours_ms = statistics.median(s.seconds for s in ours) * 1000
                    base_ms = statistics.median(s.seconds for s in base) * 1000
                    rss = statistics.median(s.max_rss_kb for s in ours) / statistics.median(
                        s.max_rss_kb for s in base)
                    rows.append(Row(label, mode, " ".join(command), ours_ms, base_ms,
                                    ours_ms / base_ms, rss))
                    print(f"{label:>8} {mode} {' '.join(command):<55} {ours_ms:7.1f} ms "
                          f"{ours_ms / base_ms:5.2f}x  mem {rss:4.2f}x", file=sys.stderr)
    report = render(rows, cold_first, runs)
    args.out.write_text(report)
    print(report)


def render(rows: list[Row], cold_first: dict[int, float], runs: int) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Made by `python bench/run.py` on {time.strftime('%Y-%m-%d')}: {runs} runs a cell after "
        "a warm-up, medians, each command alternated with the floor (a Typer app printing one "
        "line with Rich).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}.",
        "",
        "| size | cache | command | median ms | floor ms | ratio | peak memory ratio |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r.size} | {r.mode} | `{r.command}` | {r.median_ms:.1f} | "
                     f"{r.floor_ms:.1f} | {r.ratio:.2f}x | {r.rss_ratio:.2f}x |")
    lines += ["", "First run with an empty cache (`techniques deep-tissue`):", ""]
    lines += [f"- {'shipped' if s == 0 else f'+{s:,} entries'}: {t * 1000:.0f} ms"
              for s, t in cold_first.items()]
    lines += ["", "## Targets", ""]
    lines += check_targets(rows, cold_first)
    return "\n".join(lines) + "\n"


def check_targets(rows: list[Row], cold_first: dict[int, float]) -> list[str]:
    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    out = []
    shipped = [r for r in rows if r.size == "shipped" and r.mode == "warm"]
    if shipped:
        worst = max(shipped, key=lambda r: r.ratio)
        out.append(f"- Shipped size, warm, every command within {TARGETS['shipped']:.2f}x of the "
                   f"floor: worst `{worst.command}` at {worst.ratio:.2f}x: "
                   f"{verdict(worst.ratio <= TARGETS['shipped'])}.")
    big = [r for r in rows if r.size == "+5,000" and r.mode == "warm"
           and (r.command.startswith("search") or r.command.startswith("techniques deep"))]
    if big:
        worst = max(big, key=lambda r: r.ratio)
        out.append(f"- +5,000 entries, warm, search and a page within "
                   f"{TARGETS['page_search_5000_warm']:.1f}x: worst `{worst.command}` at "
                   f"{worst.ratio:.2f}x: {verdict(worst.ratio <= TARGETS['page_search_5000_warm'])}.")
    if 5000 in cold_first:
        out.append(f"- +5,000 entries, first cold run under {TARGETS['cold_5000_seconds']:.0f} s: "
                   f"{cold_first[5000]:.2f} s: "
                   f"{verdict(cold_first[5000] < TARGETS['cold_5000_seconds'])}.")
    if rows:
        worst = max((r for r in rows if r.mode == "warm"), key=lambda r: r.rss_ratio)
        out.append(f"- Peak memory within {TARGETS['memory']:.2f}x of the floor (warm): worst "
                   f"`{worst.command}` ({worst.size}) at {worst.rss_ratio:.2f}x: "
                   f"{verdict(worst.rss_ratio <= TARGETS['memory'])}.")
    return out


if __name__ == "__main__":
    main()
