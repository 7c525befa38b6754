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


def _positions(text: str, headings: list[str]) -> list[int]:
    return [text.index(h) for h in headings]


def test_the_handouts_show_a_page_in_the_same_order(tmp_path) -> None:
    """A format may leave sections out (the HTML handout draws stretches as cards after
    the pages), but what it shows comes in the one order."""
    runner = CliRunner()
    md_file, html_file = tmp_path / "h.md", tmp_path / "h.html"
    for target in (md_file, html_file):
        result = runner.invoke(app, ["handout", "stretching", "--full", "-o", str(target)])
        assert result.exit_code == 0, result.stderr
    markdown = md_file.read_text().split("## Stretches and nerve glides", 1)[1]
    order = ["Cautions: read these first", "What the evidence says", "How to do them"]
    assert [f"### {h}" in markdown for h in order] == [True, True, True]
    assert _positions(markdown, [f"### {h}" for h in order]) == sorted(
        _positions(markdown, [f"### {h}" for h in order]))
    page = html_file.read_text().split('<section class="page" id="page-stretching">', 1)[1]
    page = page.split("</section>", 1)[0]
    shown = [f"<h3>{h}</h3>" for h in order[:2]]
    assert _positions(page, shown) == sorted(_positions(page, shown))
    # The summary and the body come first, as on the terminal page.
    assert page.index('class="summary"') < page.index("<h3>Cautions: read these first</h3>")
