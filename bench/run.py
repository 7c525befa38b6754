"""Time whole `sciatica` processes against the floor, as ratios, at several catalog sizes.

    python bench/run.py                 # the full matrix; writes bench/RESULTS.md
    python bench/run.py --quick         # fewer runs and sizes, for a look while working

The floor (bench/floor.py) is a Typer app that prints one line with Rich: no Typer +
Rich command can start faster. Each command and the floor are run alternately, after a
warm-up, so both see the same machine load; the report gives medians and the ratio.
Sizes add N synthetic entries in a user folder (SCIATICA_DATA). "warm" runs reuse the
catalog cache; "cold" runs delete it before every run. Peak memory is each process's
maximum resident set size, read from the kernel when the process ends.

A cold run has a second floor: PyYAML's C loader parsing the same files in one process
(bench/parse_only.py), run alternately with it. At the biggest size a cold run takes
tens of seconds, so only a page and a search are run cold there, without a warm-up.
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
TARGETS = {"shipped": 1.10, "page_search_warm": 1.5, "cold_5000_seconds": 2.0,
           "memory": 1.25, "memory_big": 2.0, "cold_to_parse": 1.0}
BIG = 100_000  # from this size, cold runs are only a page and a search
COLD_AT_BIG = [["techniques", "deep-tissue"], ["search", "nerve", "glide"]]


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int


def run_once(argv: list[str], env: dict[str, str]) -> Sample:
    # stderr to a file, not a pipe: a command with thousands of warnings would fill a pipe
    # that nobody reads until it ends, and never end.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
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
    parse_ms: float | None = None  # cold runs: the parse-only floor, measured alongside


def measure(command: list[str], env: dict[str, str], runs: int, cold_cache: Path | None,
            sciatica: str, floor: list[str], warmups: int = 2,
            parse_only: list[str] | None = None,
            ) -> tuple[list[Sample], list[Sample], list[Sample]]:
    ours, base, parse = [], [], []
    argv = [sciatica, *command]
    for _ in range(warmups):  # imports in the OS cache, the catalog cache filled
        run_once(argv, env)
        run_once(floor, env)
    for _ in range(runs):
        if cold_cache is not None:
            shutil.rmtree(cold_cache, ignore_errors=True)
        ours.append(run_once(argv, env))
        base.append(run_once(floor, env))
        if parse_only is not None:
            parse.append(run_once(parse_only, env))
    return ours, base, parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default=f"0,5000,{BIG}")
    parser.add_argument("--quick", action="store_true", help="3 runs; sizes 0 and 5000")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--note", default="", help="How the machine was used meanwhile.")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    runs = 3 if args.quick else args.runs
    sizes = [0, 5000] if args.quick else [int(s) for s in args.sizes.split(",")]

    bindir = Path(sys.executable).parent
    sciatica = shutil.which("sciatica", path=str(bindir)) or shutil.which("sciatica")
    if sciatica is None:
        raise SystemExit("install the guide first: pip install -e '.[test]'")
    floor = [sys.executable, str(HERE / "floor.py")]
    bundled = HERE.parent / "data"
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
            parse_only = [sys.executable, str(HERE / "parse_only.py"), str(bundled)]
            if size:
                folder = Path(tmp) / f"synthetic-{size}"
                generate(folder, size)
                env["SCIATICA_DATA"] = str(folder)
                parse_only.append(str(folder))
            shutil.rmtree(cache, ignore_errors=True)
            cold_first[size] = run_once([sciatica, "techniques", "deep-tissue"], env).seconds
            label = "shipped" if size == 0 else f"+{size:,}"
            for mode in ("warm", "cold"):
                big_cold = mode == "cold" and size >= BIG
                for command in COLD_AT_BIG if big_cold else COMMANDS:
                    ours, base, parse = measure(
                        command, env, runs, cache if mode == "cold" else None, sciatica, floor,
                        warmups=0 if big_cold else 2,
                        parse_only=parse_only if mode == "cold" else None)
                    ours_ms = statistics.median(s.seconds for s in ours) * 1000
                    base_ms = statistics.median(s.seconds for s in base) * 1000
                    parse_ms = statistics.median(s.seconds for s in parse) * 1000 if parse else None
                    rss = statistics.median(s.max_rss_kb for s in ours) / statistics.median(
                        s.max_rss_kb for s in base)
                    rows.append(Row(label, mode, " ".join(command), ours_ms, base_ms,
                                    ours_ms / base_ms, rss, parse_ms))
                    to_parse = f"  parse {ours_ms / parse_ms:4.2f}x" if parse_ms else ""
                    print(f"{label:>8} {mode} {' '.join(command):<55} {ours_ms:7.1f} ms "
                          f"{ours_ms / base_ms:5.2f}x  mem {rss:4.2f}x{to_parse}", file=sys.stderr)
    note = (f"Load average {load_before:.1f} when the run began and {os.getloadavg()[0]:.1f} "
            f"when it ended. {args.note}".strip())
    report = render(rows, cold_first, runs).replace("MACHINE_NOTE", note)
    args.out.write_text(report)
    print(report)


def render(rows: list[Row], cold_first: dict[int, float], runs: int) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Made by `python bench/run.py` on {time.strftime('%Y-%m-%d')}: {runs} runs a cell "
        "(after a warm-up, except cold runs at +100,000), medians, each command alternated with "
        "the floor (a Typer app printing one line with Rich). Cold runs alternate with a second "
        "floor too: PyYAML's C loader parsing the same files in one process "
        "(`bench/parse_only.py`).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, SQLite "
        f"{sqlite_version()}. MACHINE_NOTE",
        "",
        "| size | cache | command | median ms | floor ms | ratio | peak memory ratio | "
        "parse-only ms | ratio to parse-only |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        parse = (f"{r.parse_ms:.0f} | {r.median_ms / r.parse_ms:.2f}x" if r.parse_ms
                 else " | ")
        lines.append(f"| {r.size} | {r.mode} | `{r.command}` | {r.median_ms:.1f} | "
                     f"{r.floor_ms:.1f} | {r.ratio:.2f}x | {r.rss_ratio:.2f}x | {parse} |")
    lines += ["", "First run with an empty cache (`techniques deep-tissue`), once:", ""]
    lines += [f"- {'shipped' if s == 0 else f'+{s:,} entries'}: {t * 1000:.0f} ms"
              for s, t in cold_first.items()]
    lines += ["", "## Targets", ""]
    lines += check_targets(rows, cold_first)
    return "\n".join(lines) + "\n"


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


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
    for size in ("+5,000", f"+{BIG:,}"):
        big = [r for r in rows if r.size == size and r.mode == "warm"
               and (r.command.startswith("search") or r.command.startswith("techniques deep"))]
        if big:
            worst = max(big, key=lambda r: r.ratio)
            limit = TARGETS["page_search_warm"]
            out.append(f"- {size} entries, warm, search and a page within {limit:.1f}x: worst "
                       f"`{worst.command}` at {worst.ratio:.2f}x: {verdict(worst.ratio <= limit)}.")
    if 5000 in cold_first:
        out.append(f"- +5,000 entries, first cold run under {TARGETS['cold_5000_seconds']:.0f} s: "
                   f"{cold_first[5000]:.2f} s: "
                   f"{verdict(cold_first[5000] < TARGETS['cold_5000_seconds'])}.")
    small = [r for r in rows if r.mode == "warm" and r.size != f"+{BIG:,}"]
    if small:
        worst = max(small, key=lambda r: r.rss_ratio)
        out.append(f"- Peak memory within {TARGETS['memory']:.2f}x of the floor (warm, up to "
                   f"+5,000): worst `{worst.command}` ({worst.size}) at {worst.rss_ratio:.2f}x: "
                   f"{verdict(worst.rss_ratio <= TARGETS['memory'])}.")
    big = [r for r in rows if r.mode == "warm" and r.size == f"+{BIG:,}"
           and (r.command.startswith("search") or r.command.startswith("techniques deep"))]
    if big:
        worst = max(big, key=lambda r: r.rss_ratio)
        out.append(f"- +{BIG:,} entries, warm, a page's and a search's peak memory within "
                   f"{TARGETS['memory_big']:.0f}x of the floor's: worst `{worst.command}` at "
                   f"{worst.rss_ratio:.2f}x: {verdict(worst.rss_ratio <= TARGETS['memory_big'])}.")
    cold = [r for r in rows if r.mode == "cold" and r.size == f"+{BIG:,}" and r.parse_ms]
    if cold:
        worst = max(cold, key=lambda r: r.median_ms / r.parse_ms)
        ratio = worst.median_ms / worst.parse_ms
        out.append(f"- +{BIG:,} entries, cold (search index included) no slower than parsing "
                   f"the same files with PyYAML's C loader: worst `{worst.command}` at "
                   f"{ratio:.2f}x the parse-only time: "
                   f"{verdict(ratio <= TARGETS['cold_to_parse'])}.")
    return out


if __name__ == "__main__":
    main()
