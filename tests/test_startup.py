"""Start-up work kept off every command: `--json` never imports Rich, and a start from the
catalog cache neither parses YAML nor imports the validation library."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from sciatica_cli.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded_modules(*args: str, env: dict[str, str]) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=env, check=True)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SCIATICA_DATA"}
    env["SCIATICA_CACHE_DIR"] = str(tmp_path / "cache")
    return env


@pytest.mark.parametrize("args", [
    ["techniques", "--json"], ["techniques", "deep-tissue", "--json"],
    ["selfcare", "--json"], ["compare", "swedish", "stretching", "--json"],
    ["redflags", "--json"], ["search", "nerve", "--json"], ["overview", "--json"],
], ids=" ".join)
def test_json_does_not_import_rich(args: list[str], env: dict[str, str]) -> None:
    loaded_modules(*args, env=env)  # fill the cache
    assert "rich" not in loaded_modules(*args, env=env)


def test_a_warm_start_does_not_parse_or_validate(env: dict[str, str]) -> None:
    first = loaded_modules("techniques", "deep-tissue", env=env)
    assert {"yaml", "rich"} <= first
    warm = loaded_modules("techniques", "deep-tissue", env=env)
    assert "yaml" not in warm
    assert "sciatica_cli" in warm and "rich" in warm
