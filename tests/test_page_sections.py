"""One list of page sections (views.page.SECTIONS): the terminal page, the HTML handout
and the Markdown handout show a page's parts in that one order, as a reader sees them."""

from __future__ import annotations

from typer.testing import CliRunner

from sciatica_cli.cli import app
from sciatica_cli.views.page import SECTIONS

HEADINGS = [s.heading for s in SECTIONS if s.heading]


def in_order(text: str, headings: list[str]) -> list[str]:
    """The headings found in `text`, in the order they appear there."""
    found = [(text.find(h), h) for h in headings if h in text]
    return [h for _, h in sorted(found)]


def test_the_terminal_page_shows_every_section_in_the_one_order() -> None:
    result = CliRunner().invoke(app, ["selfcare", "stretching"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    shown = in_order(out, HEADINGS)
    # The stretching page has cautions, evidence, stretches and sources.
    assert {"Cautions: read these first", "What the evidence says", "How to do them",
            "Sources"} <= set(shown)
    assert shown == [h for h in HEADINGS if h in shown]
    # The summary comes before the first heading, the reminder after the sources.
    assert out.index("Cautions: read these first") > out.index(out.splitlines()[1])
    assert out.rindex("not a diagnosis") > out.index("Sources")
