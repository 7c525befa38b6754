"""The handout as one self-contained HTML page (with a print style sheet, made from a
Jinja2 template with autoescape) or as Markdown ready for pandoc. Every piece of data is
escaped for the format it goes into."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from ..handout import Handout
from ..models import Entry, Stretch, claim_label
from ..textclean import clean
from ..textclean import markdown as md
from ..views.page import dose_line

TITLE = "Sciatica self-care: a handout"
NOT_FOR_YOU = "Not for you, and why"
NOTE = ("This handout is not a diagnosis. If something feels wrong, read \"When to get help\" "
        "at the end, and get help at once if an emergency sign applies.")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ALARM = ("emergency", "urgent")  # the tiers in the box on page one

# One sheet for screen and print. Print is sized to fit a short handout of three pages and
# their stretches on two sides of A4 or Letter: small but clear type, the stretches as
# cards two across, the lists in two columns.
CSS = """
:root { --red: #a4001d; --amber: #7a4100; }
body { font: 10.5pt/1.4 'DejaVu Sans', Arial, Helvetica, sans-serif; color: #111;
       max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 .15rem; }
h2 { font-size: 1.12rem; border-bottom: 1px solid #888; margin: 1rem 0 .3rem; }
h3 { font-size: .98rem; margin: .45rem 0 .1rem; }
.card h3 { font-size: .92rem; margin: 0 0 .15rem; }
p { margin: .15rem 0; }
ul, ol { margin: .1rem 0; padding-left: 1.1rem; }
.meta { color: #333; }
.personal { border: 1px solid #555; background: #f4f4f4; padding: .25rem .5rem; }
.alarm { border: 3px solid var(--red); padding: .25rem .6rem .35rem; margin: .4rem 0; }
.alarm h2 { border: 0; margin: 0; color: var(--red); }
.tier ul, ul.cautions, .refs ol { columns: 2; column-gap: 1.3rem; }
.tier h3 { margin: .3rem 0 0; }
.tier.emergency h3 { color: var(--red); }
.tier.urgent h3 { color: var(--amber); }
.action { font-weight: bold; }
.summary { font-style: italic; }
.evidence, .grade { font-style: normal; color: #333; }
.grade { border: 1px solid #777; border-radius: 3px; padding: 0 .25rem; }
li { break-inside: avoid; }
/* Four across, and the heading kept with the first row, so it never ends a page alone. */
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: .4rem .5rem;
         margin-bottom: .4rem; }
.keep { break-inside: avoid; }
@media screen and (max-width: 40rem) { .cards { grid-template-columns: 1fr; } }
.card { border: 1px solid #999; border-radius: 4px; padding: .25rem .4rem; break-inside: avoid; }
.card figure { margin: 0 0 .1rem; }
.card svg { display: block; width: 100%; height: auto; }
ol.steps { list-style: none; padding: 0; counter-reset: step; }
ol.steps li { display: inline; counter-increment: step; }
ol.steps li::before { content: counter(step) ". "; font-weight: bold; }
.dose { font-weight: bold; }
.stop { color: var(--red); }
.local { color: #707; font-style: italic; }
.refs li { font-size: .82rem; overflow-wrap: anywhere; }
sup { font-size: .68rem; line-height: 0; }
a { color: #0645ad; }
code { font-size: .92em; }
footer { margin-top: .6rem; font-size: .85rem; color: #333; border-top: 1px solid #888; }
@page { margin: 8mm 9mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 7.9pt; line-height: 1.17; }
  h1 { font-size: 13pt; }
  h2 { font-size: 10.5pt; margin: .3rem 0 .15rem; }
  h3 { margin: .25rem 0 .05rem; }
  h3 { font-size: 9pt; }
  .card { font-size: 7.3pt; }
  .card h3 { font-size: 8.4pt; margin: 0 0 .1rem; }
  .card, .tier, .personal, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .refs ol { columns: 3; column-gap: .8rem; font-size: 6.2pt; padding-left: 1rem; }
  .refs li { font-size: 6.2pt; }
  .alarm ul { columns: 3; column-gap: 1rem; }
  .alarm { font-size: 7.6pt; }
  .later ul, ul.cautions { columns: 3; column-gap: 1rem; }
  .card svg { max-height: 11.5mm; margin: 0 auto; }
  .cards { gap: .3rem .4rem; margin-bottom: .3rem; }
  footer { font-size: 7pt; margin-top: .3rem; }
  /* Raised numbers ran into the line above at this spacing: print them on the line. */
  sup { vertical-align: baseline; font-size: .85em; }
}
"""


def _cite(handout: Handout, keys: Iterable[str], html: bool) -> str:
    nums = [str(n) for n in (handout.number(k) for k in keys) if n]
    if not nums:
        return ""
    if html:
        links = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in nums)
        return f" <sup>[{links}]</sup>"
    return f" \\[{', '.join(nums)}\\]"


def _template() -> Any:
    """The page template, with every value escaped (autoescape) and cleaned of control
    characters; only what we build as markup (citation links, drawings) is marked safe."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if isinstance(value, str) and not isinstance(value, Markup):
            return clean(value)
        return value

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=finalize,
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("handout.html.j2")


def _title(handout: Handout) -> str:
    if handout.only_redflags:
        return "Sciatica: when to get help"
    return f"Sciatica self-care for {handout.client}" if handout.client else TITLE


def html(handout: Handout) -> str:
    from markupsafe import Markup

    from .figure import stretch_svg

    def card(stretch: Stretch) -> Markup:
        figure = (f"<figure>{stretch_svg(stretch)}</figure>" if stretch.pose is not None
                  else "")
        steps = " ".join(f"<li>{_h(step)}</li>" for step in stretch.steps)
        return Markup(
            f'<article class="card" id="stretch-{escape(stretch.id)}">'
            f"<h3>{_h(stretch.name)}{_cite(handout, stretch.sources, True)}</h3>{figure}"
            f'<ol class="steps">{steps}</ol><p><span class="dose">{_h(dose_line(stretch))}'
            f'</span> <span class="stop"><strong>Stop if:</strong> {_h(stretch.stop_if)}'
            "</span></p></article>")

    tiers = handout.redflags.tiers
    return _template().render(
        h=handout, title=_title(handout), css=Markup(CSS),
        prepared=handout.prepared.strftime("%d %B %Y"),
        alarm=[t for t in tiers if t.id in ALARM], later=[t for t in tiers if t.id not in ALARM],
        refs=list(zip(handout.references, handout.citations)),
        condition_names=_names(handout),
        cite=lambda keys: Markup(_cite(handout, keys, True)), card=card,
        local=lambda is_local: Markup(_local(is_local, True)),
        paragraphs=_paragraphs, grade=claim_label,
        best=lambda e: e.best_evidence.label if e.best_evidence.grade else "no claim of benefit",
    )


def _paragraphs(entry: Entry) -> list[str]:
    return [" ".join(p.split()) for p in entry.body.strip().split("\n\n")]


def _h(text: str) -> str:
    return escape(clean(text))


def _names(handout: Handout) -> str:
    return ", ".join(c.name.lower() for c in handout.conditions)


def markdown(handout: Handout) -> str:
    """The same handout in the same order, for pandoc: the signs to get help first."""
    cite = lambda keys: _cite(handout, keys, False)  # noqa: E731
    out = [f"# {md(_title(handout))}", ""]
    meta = (f"From {md(handout.clinic)}. " if handout.clinic else "") + (
        f"Prepared {handout.prepared.strftime('%d %B %Y')} with sciatica, an "
        "evidence-graded self-care guide.")
    out += [meta, ""]
    if handout.note:
        out += [f"**A note for you:** {md(handout.note)}", ""]
    out += ["## Get help first if you have any of these signs", "",
            "**This handout is not a diagnosis.** Check these signs before you start, and again "
            "if anything changes. In the terminal: `sciatica redflags`.", ""]
    tiers = handout.redflags.tiers
    later = [t for t in tiers if t.id not in ALARM]
    for tier in [t for t in tiers if t.id in ALARM]:
        out += _tier_md(tier, cite, handout)
    if handout.conditions:
        out += [f"For someone with: {md(_names(handout))}.", ""]
        out += [f"**{md(c.name)}:** {md(c.advice)}\n" for c in handout.conditions if c.advice]
    for page in handout.pages:
        entry = page.entry
        out += [f"## {md(entry.name)}", "", f"*{md(entry.summary)}*", ""]
        if handout.full:
            out += [line for para in _paragraphs(entry) for line in (md(para), "")]
            if entry.claims:
                out += ["### What the evidence says", ""]
                out += [f"- {md(c.text)} (evidence: {claim_label(c)}){cite(c.sources)}"
                        for c in entry.claims]
                out.append("")
        else:
            grade = entry.best_evidence.label if entry.best_evidence.grade else (
                "no claim of benefit")
            out += [f"Evidence: {md(grade)}.", ""]
        out += ["### Cautions: read these first", ""]
        out += [f"- {md(c.text)}{cite(c.sources)}" for c in page.cautions]
        out.append("")
        if page.stretches:
            out += ["### What to do", ""]
            out += _stretches_md(page.stretches, cite)
    if handout.stretches:
        out += ["## Your stretches", ""]
        out += _stretches_md([x.stretch for x in handout.stretches], cite)
    if handout.not_for_you:
        out += [f"## {md(NOT_FOR_YOU)}", ""]
        for left in handout.not_for_you:
            where = "" if left.id == left.page else f" (a stretch from {md(left.page)})"
            out.append(f"- **{md(left.name)}**{where}")
            out += [f"    - {md(r.text)}{cite(r.sources)}" for r in left.verdict.reasons]
        out.append("")
    full = handout.only_redflags or handout.full
    out += [f"## {'When to get help' if full else 'Book a visit'}", ""]
    if full:
        out += [md(handout.redflags.summary), ""]
    for tier in later:
        out += _tier_md(tier, cite, handout)
    out += ["## Sources", ""]
    out += [f"{r.number}. {md(c)}{_local(r.key in handout.local_sources, False)}"
            for r, c in zip(handout.references, handout.citations)]
    out += ["", "General information, not medical advice, and not a diagnosis. If something "
            "feels wrong, see the signs at the top, or run `sciatica redflags`. For medicines, "
            "follow the label; ask a pharmacist."]
    return "\n".join(out) + "\n"


def _tier_md(tier: Any, cite: Any, handout: Handout) -> list[str]:
    return [f"### {md(tier.title)}{_local(tier.id in handout.local_tiers, False)}", "",
            f"**{md(tier.action)}**", "",
            *(f"- {md(s.text)}{_local(s.id in handout.local_signs, False)}{cite(s.sources)}"
              for s in tier.signs), ""]


def _local(local: bool, as_html: bool) -> str:
    """The mark on a red flag or source from the reader's own folder, not from the guide."""
    if not local:
        return ""
    return ' <span class="local">(local)</span>' if as_html else " (local)"


def _stretches_md(stretches: Iterable[Stretch], cite: Any) -> list[str]:
    out = []
    for number, s in enumerate(stretches, 1):
        out += [f"{number}. **{md(s.name)}**{cite(s.sources)}", ""]
        out += [f"    {i}. {md(step)}" for i, step in enumerate(s.steps, 1)]
        out += ["", f"    {md(dose_line(s))} **Stop if:** {md(s.stop_if)}", ""]
    return out
