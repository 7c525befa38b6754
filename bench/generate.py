"""Make N synthetic entries in a folder laid out like data/, for the benchmark.

    python bench/generate.py FOLDER N

The entries are valid content (they pass `sciatica validate` except for readability),
varied enough that search has real work to do. They are made up and say nothing true.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ("gentle slow firm light warm cool knee hip calf thigh buttock back nerve glide "
         "stretch walk rest hold breathe lie sit stand roll press ease tension muscle "
         "pressure heat cold pack towel wall floor chair morning evening daily week").split()


def sentence(rng: random.Random, n: int = 9) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def entry(i: int, rng: random.Random, total: int) -> tuple[str, str]:
    kind = "technique" if i % 2 else "selfcare"
    entry_id = f"synth-{i:05d}"
    other = f"synth-{(i + 1) % total:05d}"
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(3))
    text = f"""id: {entry_id}
kind: {kind}
name: Synthetic {rng.choice(WORDS)} {rng.choice(WORDS)} {i}
aliases: [synth alias {i}]
summary: {sentence(rng)}
body: |
{chr(10).join('  ' + line if line else '' for line in body.splitlines())}
attributes:
  pressure: {rng.choice(['light', 'firm', 'none'])}
claims:
  - text: {sentence(rng)}
    evidence: {rng.choice(['low', 'very-low', 'moderate'])}
    sources: [synth-source]
    population: {rng.choice(['sciatica', 'low-back-pain'])}
    effect: benefit
cautions:
  - text: {sentence(rng)}
    sources: [synth-source]
see_also: [{other}]
"""
    folder = "techniques" if kind == "technique" else "selfcare"
    return f"{folder}/{entry_id}.yaml", text


SOURCES = """synth-source:
  type: webpage
  title: A synthetic source for benchmarking
  authors:
    - literal: Benchmark Organisation
  url: https://example.org/benchmark
  supports: Nothing; it exists so synthetic claims have a source key.
"""


def generate(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for sub in ("techniques", "selfcare"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(SOURCES)
    for i in range(count):
        rel, text = entry(i, rng, count)
        (folder / rel).write_text(text)


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
