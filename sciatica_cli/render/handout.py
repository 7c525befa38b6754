"""The handout as one self-contained HTML page (with a print style sheet, made from a
Jinja2 template with autoescape) or as Markdown ready for pandoc, every value through the
one Markdown escaping filter. Both lay out a chosen page's sections in the one order
(views.page.SECTIONS) from the handout's plain data; neither imports Rich."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..handout import Handout
from ..models import RedFlagTier, Stretch
from ..textclean import Markdown, clean, md, md_commands
from ..views import page as sections
from ..views.page import PageView, Section, StretchLine, dose_line
from ..wording import MEDICINES, NOT_A_DIAGNOSIS

TITLE = "Sciatica self-care: a handout"
NOT_FOR_YOU = "Not for you, and why"
GET_HELP_FIRST = "Get help first if you have any of these signs"
CHECK_FIRST = "Check these signs before you start, and again if anything changes."
ON_PAPER = "On paper: see \"Get help first\" on page one."
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


def _template() -> Any:
    """The page template, with every value escaped (autoescape) and cleaned of control
    characters; only what the template builds as markup, and the drawings, are safe."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if isinstance(value, str) and not isinstance(value, Markup):
            return clean(value)
        return value

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=finalize,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["commands"] = _commands
    return env.get_template("handout.html.j2")


def _commands(sentence: str) -> Any:
    """Our own sentence with `commands` shown as code; everything else escaped."""
    from markupsafe import Markup, escape

    return Markup("").join(escape(p) if i % 2 == 0 else Markup("<code>%s</code>") % p
                           for i, p in enumerate(sentence.split("`")))


def _title(handout: Handout) -> str:
    if handout.only_redflags:
        return "Sciatica: when to get help"
    return f"Sciatica self-care for {handout.client}" if handout.client else TITLE


def _names(handout: Handout) -> str:
    return ", ".join(c.name.lower() for c in handout.conditions)


def _loose(handout: Handout) -> list[StretchLine]:
    """The stretches chosen one by one (not on a chosen page)."""
    return [StretchLine(x.stretch, dose_line(x.stretch), handout.numbers(x.stretch.sources))
            for x in handout.stretches]


def _cards(handout: Handout) -> list[StretchLine]:
    """Every stretch the handout shows, each once, as a card: the pages' first."""
    return [*(line for view in handout.views for line in view.stretches), *_loose(handout)]


def html(handout: Handout) -> str:
    from markupsafe import Markup

    from .figure import stretch_svg

    tiers = handout.redflags.tiers
    return _template().render(
        # Our own CSS, and the SVG the drawing code writes with every value escaped.
        h=handout, title=_title(handout), css=Markup(CSS),  # noqa: S704
        sections=sections.SECTIONS,
        prepared=handout.prepared.strftime("%d %B %Y"), get_help_first=GET_HELP_FIRST,
        reminder=NOT_A_DIAGNOSIS, check_first=CHECK_FIRST, on_paper=ON_PAPER,
        medicines=MEDICINES, not_for_you=NOT_FOR_YOU,
        alarm=[t for t in tiers if t.id in ALARM], later=[t for t in tiers if t.id not in ALARM],
        refs=list(zip(handout.references, handout.citations)),
        condition_names=_names(handout), cards=_cards(handout),
        numbers=handout.numbers, drawing=lambda s: Markup(stretch_svg(s)),  # noqa: S704
    )


# --- Markdown ---------------------------------------------------------------------------


def _cite(numbers: Iterable[int]) -> Markdown:
    nums = [str(n) for n in numbers]
    return Markdown(f" \\[{', '.join(nums)}\\]" if nums else "")


def _local(local: bool) -> Markdown:
    """The mark on a red flag or source from the reader's own folder, not from the guide."""
    return Markdown(" (local)" if local else "")


def _md_title(view: PageView, section: Section, handout: Handout) -> list[str]:
    return [md("## {}", view.name), ""]


def _md_summary(view: PageView, section: Section, handout: Handout) -> list[str]:
    out = [md("*{}*", view.summary), ""]
    if not handout.full:  # the short form gives the best grade instead of every claim
        out += [md("Evidence: {}.", view.best_label), ""]
    return out


def _md_body(view: PageView, section: Section, handout: Handout) -> list[str]:
    if not handout.full:
        return []
    return [line for paragraph in view.paragraphs for line in (md("{}", paragraph), "")]


def _md_cautions(view: PageView, section: Section, handout: Handout) -> list[str]:
    return [md("### {}", section.heading), "",
            *(md("- {}", c.text) + _cite(c.refs) for c in view.cautions), ""]


def _md_evidence(view: PageView, section: Section, handout: Handout) -> list[str]:
    if not handout.full or not view.claims:
        return []
    return [md("### {}", section.heading), "",
            *(md("- {} (evidence: {})", c.text, c.label) + _cite(c.refs) for c in view.claims),
            ""]


def _md_stretches(view: PageView, section: Section, handout: Handout) -> list[str]:
    if not view.stretches:
        return []
    return [md("### {}", section.heading), "", *_stretches_md(view.stretches)]


# The sections of views.page.SECTIONS a handout page shows in Markdown. The page's own
# sources, facts at a glance and reminder are left out: the handout gives them once.
_MD_SECTIONS: dict[str, Callable[[PageView, Section, Handout], list[str]]] = {
    sections.TITLE.id: _md_title, sections.SUMMARY.id: _md_summary,
    sections.BODY.id: _md_body, sections.CAUTIONS.id: _md_cautions,
    sections.EVIDENCE.id: _md_evidence, sections.STRETCHES.id: _md_stretches}


def as_markdown(handout: Handout) -> str:
    """The same handout in the same order, for pandoc: the signs to get help first."""
    out = [md("# {}", _title(handout)), ""]
    meta = (md("From {}. ", handout.clinic) if handout.clinic else "") + md(
        "Prepared {} with sciatica, an evidence-graded self-care guide.",
        handout.prepared.strftime("%d %B %Y"))
    out += [meta, ""]
    if handout.note:
        out += [md("**A note for you:** {}", handout.note), ""]
    out += [md("## {}", GET_HELP_FIRST), "",
            md("**{}** {}", md_commands(NOT_A_DIAGNOSIS), CHECK_FIRST), ""]
    tiers = handout.redflags.tiers
    for tier in [t for t in tiers if t.id in ALARM]:
        out += _tier_md(tier, handout)
    if handout.conditions:
        out += [md("For someone with: {}.", _names(handout)), ""]
        out += [md("**{}:** {}\n", c.name, c.advice) for c in handout.conditions if c.advice]
    for view in handout.views:
        for section in sections.SECTIONS:
            if section.id in _MD_SECTIONS:
                out += _MD_SECTIONS[section.id](view, section, handout)
    if handout.stretches:
        out += ["## Your stretches", ""]
        out += _stretches_md(_loose(handout))
    if handout.not_for_you:
        out += [md("## {}", NOT_FOR_YOU), ""]
        for left in handout.not_for_you:
            where = "" if left.id == left.page else md(" (a stretch from {})", left.page)
            out.append(md("- **{}**", left.name) + where)
            out += [md("    - {}", r.text) + _cite(handout.numbers(r.sources))
                    for r in left.verdict.reasons]
        out.append("")
    full = handout.only_redflags or handout.full
    out += [md("## {}", "When to get help" if full else "Book a visit"), ""]
    if full:
        out += [md("{}", handout.redflags.summary), ""]
    for tier in [t for t in tiers if t.id not in ALARM]:
        out += _tier_md(tier, handout)
    out += ["## Sources", ""]
    out += [md("{}. {}", r.number, c) + _local(r.key in handout.local_sources)
            for r, c in zip(handout.references, handout.citations)]
    out += ["", md("General information, not medical advice. {} {} {}",
                   md_commands(NOT_A_DIAGNOSIS), ON_PAPER, MEDICINES)]
    return "\n".join(out) + "\n"


def _tier_md(tier: RedFlagTier, handout: Handout) -> list[str]:
    """A red-flag tier, drawn the one way Markdown draws it."""
    return [md("### {}", tier.title) + _local(tier.id in handout.local_tiers), "",
            md("**{}**", tier.action), "",
            *(md("- {}", s.text) + _local(s.id in handout.local_signs)
              + _cite(handout.numbers(s.sources)) for s in tier.signs), ""]


def _stretches_md(lines: Iterable[StretchLine]) -> list[str]:
    out = []
    for number, line in enumerate(lines, 1):
        s: Stretch = line.stretch
        out += [md("{}. **{}**", number, s.name) + _cite(line.refs), ""]
        out += [md("    {}. {}", i, step) for i, step in enumerate(s.steps, 1)]
        out += ["", md("    {} **Stop if:** {}", line.dose, s.stop_if), ""]
    return out
