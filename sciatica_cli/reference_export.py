"""References in the formats reference managers and papers read, each through a library
made for it: citeproc-py with real CSL styles for text, bibtexparser (with pylatexenc for
LaTeX specials in text fields) for BibTeX, rispy for RIS, and plain JSON for CSL-JSON.

Each library is imported inside the one format that needs it: together they would cost
every command about a tenth of a second.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from enum import Enum

from .models import Organisation, Source
from .page_references import Reference


class Format(str, Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"


class Style(str, Enum):
    APA = "apa"
    VANCOUVER = "vancouver"


# The CSL repository has no vancouver.csl. Its NLM style (the Vancouver standard) comes out
# of citeproc-py with words run together ("2016Nov"); AMA is a Vancouver-family numeric
# style that renders cleanly. Both files ship in styles/ (CC BY-SA 3.0; see its README).
CSL_STYLE = {Style.APA: "apa", Style.VANCOUVER: "american-medical-association"}


def style_path(style: Style) -> str:
    """The bundled CSL file for a style: the only two we use, not a whole collection."""
    from importlib.resources import files

    return str(files(__package__).joinpath("styles").joinpath(CSL_STYLE[style] + ".csl"))

CSL_TYPE = {"article": "article-journal", "webpage": "webpage", "guideline": "report"}


# ---------------------------------------------------------------------------- CSL-JSON


def _date(text: str | None, year: int | None = None) -> dict | None:
    if text:
        return {"date-parts": [[int(part) for part in text.split("-")]]}
    if year:
        return {"date-parts": [[year]]}
    return None


# A word with two capitals, or a capital and a digit ("NG59", "NSAIDs"): a code or an acronym.
_CODE_WORD = re.compile(r"(?<![\w<])(?=\w*[A-Z]\w*[A-Z0-9])\w+")


def protect_case(text: str) -> str:
    """Mark codes and acronyms so a style's title case leaves them alone.

    A style that title-cases (pandoc's default Chicago does) rewrites "NG59" as "Ng59";
    CSL-JSON's rich-text `<span class="nocase">` tells pandoc, Zotero and citeproc-js to
    keep the word as written.
    """
    return _CODE_WORD.sub(lambda m: f'<span class="nocase">{m.group(0)}</span>', text)


def _is_a_domain(name: str | None) -> bool:
    """A site given only as its address ("leedsth.nhs.uk"): not a site name. The styles
    title-case a site name ("Leedsth.nhs.uk"), and the address is in the URL anyway."""
    return bool(name) and re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", name or "") is not None


def csl_item(key: str, source: Source, rich_text: bool = False) -> dict:
    """One reference as CSL-JSON; an organisation stays whole as a literal name.

    `rich_text` marks codes in the title and container for programs that read CSL-JSON's
    markup (the export); citeproc-py, which renders our text, prints markup as it is."""
    mark = protect_case if rich_text else (lambda text: text)
    item: dict = {
        "id": key,
        "type": CSL_TYPE[source.type],
        "title": mark(source.title),
        "author": [{"literal": a.literal} if isinstance(a, Organisation)
                   else {"family": a.family, **({"given": a.given} if a.given else {})}
                   for a in source.authors],
    }
    optional = {
        "container-title": None if _is_a_domain(source.container) else
        source.container and mark(source.container),
        "publisher": source.publisher,
        "volume": source.volume, "issue": source.issue, "page": source.pages,
        "number": source.number, "DOI": source.doi, "PMID": source.pmid, "URL": source.url,
        "issued": _date(source.issued, source.year), "accessed": _date(source.accessed),
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def csl_json(refs: list[Reference], style: Style = Style.APA) -> str:
    return json.dumps([csl_item(r.key, r.source, rich_text=True) for r in refs], indent=2,
                      ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------- styled text


def styled(refs: list[Reference], style: Style) -> list[str]:
    """Each reference in a real citation style, as plain text, without its number."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc import formatter
    from citeproc.source.json import CiteProcJSON

    if not refs:
        return []
    with warnings.catch_warnings():  # citeproc-py warns about CSL features it skips
        warnings.simplefilter("ignore")
        style_file = CitationStylesStyle(style_path(style), validate=False)
        source = CiteProcJSON([csl_item(r.key, r.source) for r in refs])
        bibliography = CitationStylesBibliography(style_file, source, formatter.plain)
        for ref in refs:
            bibliography.register(Citation([CitationItem(ref.key)]))
        rendered = [str(item) for item in bibliography.bibliography()]
    # Numeric styles print their own "1." (with no space after it): we number ourselves.
    # citeproc-py adds a style's full stop after a title that ends in "?" or "!" ("leg
    # pain?."), which CSL processors are meant to absorb, as pandoc's does.
    return [re.sub(r"([?!])\.(?=\s|$)", r"\1", re.sub(r"^\[?\d+[.\]]\s*", "", text))
            for text in rendered]


def text(refs: list[Reference], style: Style = Style.APA) -> str:
    """Numbered references, each with its key (for `[@key]` in pandoc or `\\cite{key}`) and
    what it supports and does not support."""
    return numbered_text(refs, styled(refs, style))


def numbered_text(refs: Sequence[Reference], citations: Sequence[str]) -> str:
    """The text list from references and their styled citations (see `styled`)."""
    from .textclean import one_line

    lines = []
    for ref, citation in zip(refs, citations):
        lines.append(f"[{ref.number}] {one_line(citation)}")
        lines.append(f"    Key: {one_line(ref.key)}")
        lines.append(f"    Supports: {one_line(ref.source.supports)}")
        if ref.source.does_not_support:
            lines.append(f"    Does not support: {one_line(ref.source.does_not_support)}")
        lines.append("")
    return "\n".join(lines)


def markdown_list(refs: list[Reference], style: Style = Style.APA) -> str:
    """A numbered Markdown list; web addresses as autolinks, everything else escaped."""
    return numbered_markdown(refs, styled(refs, style))


def numbered_markdown(refs: Sequence[Reference], citations: Sequence[str]) -> str:
    """The Markdown list from references and their styled citations (see `styled`)."""
    from .textclean import md, one_line

    lines = [md("{}. {}", ref.number, one_line(citation))
             for ref, citation in zip(refs, citations)]
    return "\n".join(lines) + "\n" if lines else ""


# ---------------------------------------------------------------------------- BibTeX


BIBTEX_TYPE = {"article": "article", "webpage": "misc", "guideline": "techreport"}


def bibtex(refs: list[Reference], style: Style = Style.APA) -> str:
    """BibTeX that bibtex, biber and pandoc all read the same way.

    Text fields have their LaTeX specials and accents encoded by pylatexenc (a brace in
    them is `\\}`, so it cannot close the field); `url`, `doi` and the other verbatim
    fields are written as they are (an escaped `\\_` or `\\#` would break them), with any
    character an address may not hold %-encoded, so they cannot close it either. The
    loader refuses such values; this keeps the writer safe for any caller.
    An organisation is braced so it is never split into a family and a given name.
    """
    import bibtexparser
    from bibtexparser.model import Entry, Field
    from pylatexenc.latexencode import unicode_to_latex

    from .textclean import one_line, percent_encode

    def tex(value: str) -> str:
        latex = unicode_to_latex(one_line(value), non_ascii_only=False,
                                 unknown_char_policy="keep")
        if _braces_balance(value):
            return latex
        # BibTeX counts braces before LaTeX sees a backslash: an unmatched \} would still
        # close the field, so unmatched braces from the data become commands instead.
        return latex.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")

    def name(value: str) -> str:
        # biber decodes \textbraceright before it splits names, so an unmatched brace
        # cannot stand in a name at all; no real name has one.
        if not _braces_balance(value):
            value = value.replace("{", "(").replace("}", ")")
        # A comma separates a name's parts (biber counts it even inside braces), and "and"
        # separates people: neither may come from inside one part.
        latex = tex(value.replace(",", " "))
        return "{" + latex + "}" if re.search(r"\band\b", value, re.I) else latex

    def verbatim(value: str | None) -> str | None:
        return percent_encode(value) if value else None

    def whole(value: str) -> str:
        # institution, organization and publisher are lists in biblatex: braces stop
        # "Agency for Health Care Policy and Research" being read as two names.
        return "{" + tex(value) + "}"

    library = bibtexparser.Library()
    for ref in refs:
        s = ref.source
        authors = " and ".join(
            "{" + tex(a.literal) + "}" if isinstance(a, Organisation)
            else f"{name(a.family)}, {name(a.given)}" if a.given else name(a.family)
            for a in s.authors
        )
        article, web, report = (s.type == t for t in ("article", "webpage", "guideline"))
        fields: dict[str, str | None] = {
            "author": authors,
            # Double braces keep the title's capitals as written.
            "title": "{" + tex(s.title) + "}",
            "journal": tex(s.container) if article and s.container else None,
            "howpublished": tex(s.container) if web and s.container else None,
            "institution": whole(s.publisher or s.container or "") if report else None,
            "organization": whole(s.publisher) if web and s.publisher else None,
            "publisher": whole(s.publisher) if article and s.publisher else None,
            "year": str(s.year or (s.issued or "")[:4]) or None,
            "volume": tex(s.volume) if s.volume else None,
            # BibTeX's "number" is an article's issue, or a report's number; the article
            # number goes in eid. A Cochrane issue has no volume: it still goes in number,
            # where pandoc and biber read it (in a note, pandoc's styles dropped it), though
            # the bibtex program's plain style warns that there is no volume.
            "number": tex(s.issue) if article and s.issue
            else tex(s.number) if report and s.number else None,
            "eid": tex(s.number) if article and s.number else None,
            "pages": tex(s.pages).replace("-", "--") if s.pages else None,
            "doi": verbatim(s.doi),
            "url": verbatim(s.url),
            "urldate": verbatim(s.accessed),
            "eprint": verbatim(s.pmid),
            "eprinttype": "pubmed" if s.pmid else None,
        }
        library.add(Entry(BIBTEX_TYPE[s.type], bibtex_key(ref.key),
                          [Field(k, v) for k, v in fields.items() if v]))
    return bibtexparser.write_string(library)


def _braces_balance(value: str) -> bool:
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_key(key: str) -> str:
    """A citation key BibTeX reads as one key: anything but letters, digits and - _ . :
    (a comma, a brace, a space) would end the key and start a field or an entry."""
    return re.sub(r"[^A-Za-z0-9_.:-]", "-", key) or "-"


# ---------------------------------------------------------------------------- RIS


RIS_TYPE = {"article": "JOUR", "webpage": "ELEC", "guideline": "RPRT"}


def ris(refs: list[Reference], style: Style = Style.APA) -> str:
    """RIS for EndNote, Zotero and Mendeley. RIS cannot mark an organisation as an author;
    it is written as one name with no comma, which those programs keep whole.

    RIS is read line by line, `TAG  - value`: every value is made one line, so a line
    break in it can never start a tag or a record of its own."""
    import rispy

    from .textclean import one_line

    class Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # rispy numbers records ("1."); RIS readers expect only tags

    records = []
    for ref in refs:
        s = ref.source
        record: dict = {
            "type_of_reference": RIS_TYPE[s.type],
            "id": ref.key,
            "title": s.title,
            "authors": [a.literal if isinstance(a, Organisation)
                        else (f"{a.family}, {a.given}" if a.given else a.family)
                        for a in s.authors],
        }
        start, _, end = (s.pages or "").partition("-")
        optional = {
            "secondary_title": s.container if s.type == "article" else None,
            "journal_name": s.container if s.type == "article" else None,
            "publisher": s.publisher or (s.container if s.type != "article" else None),
            "year": str(s.year or (s.issued or "")[:4]) or None,
            "date": s.issued.replace("-", "/") if s.issued else None,
            # An article number stands in for pages (as PubMed and AMA write it); a report's
            # number is not a page: SN is where EndNote and Zotero keep a report number.
            "volume": s.volume, "number": s.issue,
            "start_page": start or (s.number if s.type == "article" else None),
            "issn": s.number if s.type == "guideline" else None,
            "end_page": end or None, "doi": s.doi, "urls": [s.url] if s.url else None,
            "access_date": s.accessed.replace("-", "/") if s.accessed else None,
            "accession_number": s.pmid,
        }
        record.update({k: v for k, v in optional.items() if v})
        records.append({k: [one_line(x) for x in v] if isinstance(v, list) else one_line(v)
                        for k, v in record.items()})
    return rispy.dumps(records, implementation=Writer)


EXPORTERS: dict[Format, Callable[[list[Reference], Style], str]] = {
    Format.TEXT: text,
    Format.MARKDOWN: markdown_list,
    Format.BIBTEX: bibtex,
    Format.RIS: ris,
    Format.CSL_JSON: csl_json,
}


def export(refs: list[Reference], fmt: Format, style: Style = Style.APA) -> str:
    return EXPORTERS[fmt](refs, style)
