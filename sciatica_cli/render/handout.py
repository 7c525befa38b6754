"""The handout as one self-contained HTML page (with a print style sheet) or as Markdown
ready for pandoc. Every piece of data is escaped for the format it goes into."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..handout import Handout
from ..models import Entry, claim_label
from ..textclean import clean
from ..textclean import markdown as md
from .terminal import dose_line

TITLE = "Sciatica self-care: a handout"
NOTE = ("This handout is not a diagnosis. If something feels wrong, read \"When to get help\" "
        "at the end, and get help at once if an emergency sign applies.")

CSS = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.note { border: 2px solid #b00; padding: .5rem .8rem; font-weight: bold; }
.summary { font-style: italic; }
.grade { font: .8rem sans-serif; border: 1px solid #777; border-radius: 3px; padding: 0 .3rem; }
ul.cautions li::marker { content: "! "; color: #b00; font-weight: bold; }
.stop { color: #900; }
.tier { border-left: 6px solid #777; padding-left: .8rem; margin: 1rem 0; }
.tier.emergency { border-color: #b00; }
.local { color: #80c; font-style: italic; }
.tier.urgent { border-color: #d90; }
.refs li { font-size: .9rem; overflow-wrap: anywhere; }
sup { font-size: .7rem; }
footer { margin-top: 2rem; font-size: .85rem; color: #444; }
@page { margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  section.entry, section.redflags { break-before: auto; }
  li, .tier, .note { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
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


def _h(text: str) -> str:
    return escape(clean(text))


def html(handout: Handout) -> str:
    out = ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_h(TITLE)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           "<header>", f"<h1>{_h(TITLE)}</h1>",
           f"<p>Prepared {handout.prepared.strftime('%d %B %Y')} with sciatica, an "
           "evidence-graded self-care guide.</p>",
           f'<p class="note">{_h(NOTE)}</p>',
           "</header>"]
    for entry in handout.entries:
        out += _entry_html(handout, entry)
    out += ['<section class="redflags">', "<h2>When to get help</h2>",
            f"<p>{_h(handout.redflags.summary)}</p>"]
    for tier in handout.redflags.tiers:
        out += [f'<div class="tier {escape(tier.id)}">',
                f"<h3>{_h(tier.title)}{_local(tier.id in handout.local_tiers, True)}</h3>",
                f"<p><strong>{_h(tier.action)}</strong></p>", "<ul>"]
        out += [f"<li>{_h(s.text)}{_local(s.id in handout.local_signs, True)}"
                f"{_cite(handout, s.sources, True)}</li>" for s in tier.signs]
        out += ["</ul>", "</div>"]
    out += ["</section>", '<section class="refs">', "<h2>Sources</h2>", "<ol>"]
    for ref, citation in zip(handout.references, handout.citations):
        out.append(f'<li id="ref-{ref.number}">{_h(citation)}'
                   f'{_local(ref.key in handout.local_sources, True)}</li>')
    out += ["</ol>", "</section>",
            "<footer><p>General information, not medical advice. For medicines, follow the "
            "label; ask a pharmacist.</p></footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _entry_html(handout: Handout, entry: Entry) -> list[str]:
    out = [f'<section class="entry" id="{escape(entry.id)}">', f"<h2>{_h(entry.name)}</h2>",
           f'<p class="summary">{_h(entry.summary)}</p>']
    out += [f"<p>{_h(' '.join(p.split()))}</p>" for p in entry.body.strip().split("\n\n")]
    out += ["<h3>Cautions: read these first</h3>", '<ul class="cautions">']
    out += [f"<li>{_h(c.text)}{_cite(handout, c.sources, True)}</li>" for c in entry.cautions]
    out.append("</ul>")
    if entry.claims:
        out += ["<h3>What the evidence says</h3>", "<ul>"]
        out += [f'<li>{_h(c.text)} <span class="grade">{escape(claim_label(c))}'
                f"</span>{_cite(handout, c.sources, True)}</li>" for c in entry.claims]
        out.append("</ul>")
    if entry.stretches:
        out += ["<h3>How to do them</h3>", "<ol>"]
        for s in entry.stretches:
            out += [f"<li><strong>{_h(s.name)}</strong>{_cite(handout, s.sources, True)}", "<ol>"]
            out += [f"<li>{_h(step)}</li>" for step in s.steps]
            out += ["</ol>", f"<p>{_h(dose_line(s))}</p>",
                    f'<p class="stop"><strong>Stop if:</strong> {_h(s.stop_if)}</p>', "</li>"]
        out.append("</ol>")
    out.append("</section>")
    return out


def markdown(handout: Handout) -> str:
    out = [f"# {md(TITLE)}", "",
           f"Prepared {handout.prepared.strftime('%d %B %Y')} with sciatica, an "
           "evidence-graded self-care guide.", "",
           f"**{md(NOTE)}**", ""]
    for entry in handout.entries:
        out += [f"## {md(entry.name)}", "", f"*{md(entry.summary)}*", ""]
        for paragraph in entry.body.strip().split("\n\n"):
            out += [md(" ".join(paragraph.split())), ""]
        out += ["### Cautions: read these first", ""]
        out += [f"- {md(c.text)}{_cite(handout, c.sources, False)}" for c in entry.cautions]
        out.append("")
        if entry.claims:
            out += ["### What the evidence says", ""]
            out += [f"- {md(c.text)} (evidence: {claim_label(c)})"
                    f"{_cite(handout, c.sources, False)}" for c in entry.claims]
            out.append("")
        if entry.stretches:
            out += ["### How to do them", ""]
            for number, s in enumerate(entry.stretches, 1):
                out += [f"{number}. **{md(s.name)}**{_cite(handout, s.sources, False)}", ""]
                out += [f"    {i}. {md(step)}" for i, step in enumerate(s.steps, 1)]
                out += ["", f"    {md(dose_line(s))} **Stop if:** {md(s.stop_if)}", ""]
    out += ["## When to get help", "", md(handout.redflags.summary), ""]
    for tier in handout.redflags.tiers:
        out += [f"### {md(tier.title)}{_local(tier.id in handout.local_tiers, False)}", "",
                f"**{md(tier.action)}**", ""]
        out += [f"- {md(s.text)}{_local(s.id in handout.local_signs, False)}"
                f"{_cite(handout, s.sources, False)}" for s in tier.signs]
        out.append("")
    out += ["## Sources", ""]
    out += [f"{r.number}. {md(c)}{_local(r.key in handout.local_sources, False)}"
            for r, c in zip(handout.references, handout.citations)]
    out += ["", "General information, not medical advice. For medicines, follow the label; "
            "ask a pharmacist."]
    return "\n".join(out) + "\n"


def _local(local: bool, as_html: bool) -> str:
    """The mark on a red flag or source from the reader's own folder, not from the guide."""
    if not local:
        return ""
    return ' <span class="local">(local)</span>' if as_html else " (local)"
