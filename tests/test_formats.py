"""The one format table (render/formats.py) and the views renderers take instead of the
catalog: every row leads to a renderer, a format is chosen the same way for every view,
and a view built by hand, with no catalog at all, renders as a reader sees it."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest

from sciatica_cli.models import Organisation, Source
from sciatica_cli.page_references import Reference
from sciatica_cli.reference_export import Style
from sciatica_cli.render import formats
from sciatica_cli.render.formats import RENDERERS, Output, choose, show
from sciatica_cli.settings import Target
from sciatica_cli.views.sources import SourcesView

RENDER = Path(formats.__file__).parent


def pipe() -> Target:
    return Target(io.StringIO(), color=False, terminal=False, width=80)


def screen() -> Target:
    return Target(io.StringIO(), color=False, terminal=True, width=80)


@pytest.mark.parametrize("row", sorted(RENDERERS, key=str), ids=lambda r: f"{r[0]}-{r[1].value}")
def test_every_row_leads_to_a_renderer_taking_a_view_and_a_target(row) -> None:
    module, function = RENDERERS[row].split(":")
    assert (RENDER / f"{module}.py").is_file()
    tree = ast.parse((RENDER / f"{module}.py").read_text())
    found = [node for node in tree.body
             if isinstance(node, ast.FunctionDef) and node.name == function]
    assert found, RENDERERS[row]
    assert [a.arg for a in found[0].args.args] == ["view", "target"]


def test_no_renderer_in_the_table_sees_the_catalog() -> None:
    """A renderer lays out a view: no renderer the table names takes, reads or imports the
    catalog (the query work is done by the view builders in views/)."""
    for value in set(RENDERERS.values()):
        module, function = value.split(":")
        text = (RENDER / f"{module}.py").read_text()
        node = next(n for n in ast.parse(text).body
                    if isinstance(n, ast.FunctionDef) and n.name == function)
        assert "catalog" not in (ast.get_source_segment(text, node) or "").lower(), value


SOURCE = Source(type="webpage", title="Sciatica: a test page", authors=(Organisation("NHS"),),
                url="https://example.org/s", supports="What: it says.",
                does_not_support="Anything else.")
VIEW = SourcesView((Reference(1, "nhs-test", SOURCE),), frozenset({"nhs-test"}), Style.APA,
                   citations=("NHS. Sciatica: a test page. https://example.org/s",))


def test_the_format_is_chosen_in_one_place_for_a_terminal_and_a_pipe() -> None:
    assert choose(VIEW, screen(), Output.TEXT) is Output.TERMINAL
    assert choose(VIEW, pipe(), Output.TEXT) is Output.TEXT
    assert choose(VIEW, screen(), Output.BIBTEX) is Output.BIBTEX  # asked for: kept
    assert choose(VIEW, screen(), Output.MARKDOWN) is Output.MARKDOWN
    assert choose(VIEW, screen(), as_json=True) is Output.JSON


def test_a_view_built_by_hand_renders_for_a_pipe_and_a_terminal() -> None:
    piped = pipe()
    show(VIEW, Output.TEXT, piped)
    assert piped.stream.getvalue() == (
        "[1] NHS. Sciatica: a test page. https://example.org/s\n"
        "    Key: nhs-test\n"
        "    Supports: What: it says.\n"
        "    Does not support: Anything else.\n")
    shown = screen()
    show(VIEW, Output.TERMINAL, shown)
    assert [line.rstrip() for line in shown.stream.getvalue().splitlines()] == [
        " [1] NHS. Sciatica: a test page. https://example.org/s (local)",
        "     Key: nhs-test",
        "     Supports: What: it says.",  # a colon in the text stays in the text
        "     Does not support: Anything else.",
        "",
    ]
    markdown = pipe()
    show(VIEW, Output.MARKDOWN, markdown)
    assert markdown.stream.getvalue() == "1. NHS. Sciatica: a test page. <https://example.org/s>\n"


def test_an_unknown_pairing_is_refused_by_name() -> None:
    with pytest.raises(LookupError, match="no json renderer for SourcesView"):
        show(VIEW, Output.JSON, pipe())


def test_the_plan_cites_the_same_numbers_in_json_and_on_paper() -> None:
    """The plan's references are numbered once (views/plan.py): a caution's numbers in the
    JSON are the numbers printed after it, and the Sources list has them."""
    import json

    from typer.testing import CliRunner

    from sciatica_cli.cli import app

    args = ["plan", "--no-red-flags", "--stage", "chronic", "--condition", "blood-thinners"]
    data = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    text = " ".join(CliRunner().invoke(app, args).stdout.split())
    cited = [(c["text"], c["references"]) for part in ("start_today", "ask_about")
             for item in data[part] for c in item["cautions"] if c["references"]]
    assert cited
    for caution, numbers in cited:
        assert f"{' '.join(caution.split())} [{', '.join(map(str, numbers))}]" in text
    sources = text.split("Sources", 1)[1]
    for ref in data["references"]:
        assert f"[{ref['number']}] " in sources


def test_every_view_in_the_table_is_a_view_and_has_json() -> None:
    """Each view the table names is plain data defined with the views, and scripts can
    have every one as JSON (sources as CSL-JSON), except the start screen, which lists
    commands for a person to read."""
    from importlib import import_module

    from sciatica_cli.outcomes import DiaryView

    known: dict[str, type] = {"DiaryView": DiaryView}
    for module in ("compare", "diary", "entries", "intro", "paths", "plan", "redflags",
                   "routine", "search", "sources", "stretch"):
        mod = import_module(f"sciatica_cli.views.{module}")
        known.update({name: value for name, value in vars(mod).items()
                      if isinstance(value, type) and value.__module__ == mod.__name__})
    for name in {name for name, _ in RENDERERS}:
        view = known[name]
        assert hasattr(view, "_fields"), name  # a NamedTuple: plain, typed, cheap to define
        if name != "IntroView":  # the start screen lists commands for a person to read
            assert {Output.JSON, Output.CSL_JSON} & formats.formats_of(name), name
