"""Text from the data is data: strip what could move or restyle a terminal.

Rich markup is never parsed from data (renderers build Text objects, not markup strings);
this turns raw control characters and escape sequences into visible text, keeping
newlines and tabs.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and C1 controls (including the 8-bit CSI, \x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Show each control character as a visible escape (`\\x1b`), so nothing is hidden."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# What may stand in a web address or DOI as written (RFC 3986 leaves out spaces, controls,
# quotes, <>, braces, backslash, ^, ` and |): none of these can close a BibTeX brace, a
# Markdown autolink or an HTML attribute.
URL_CHAR = r"[^\x00-\x20\x7f-\x9f\s\"<>\\^`{|}]"
_NOT_URL_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\s\"<>\\^`{|}]")
_LINE_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def percent_encode(address: str) -> str:
    """An address with every character that may not stand in one %-encoded, so it can go
    verbatim into an autolink, a BibTeX `url` or an HTML attribute."""
    return _NOT_URL_CHAR.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), address)


def one_line(text: str) -> str:
    """Line breaks, tabs and other controls as single spaces: for formats read line by line
    (RIS, a piped list), where a newline in a value would forge a record."""
    return _LINE_BREAK.sub(" ", text)


def field(text: str) -> str:
    """One field of a tab-separated line: like clean(), and a tab or a newline in it shown
    as `\\t` or `\\n`, so a note can never add a field or a line to a piped list."""
    return clean(text).replace("\t", "\\t").replace("\n", "\\n")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# An autolink holds only address characters: pandoc ends it at the first `>` and reads
# what follows as HTML, so anything else is left outside, as escaped text.
_URL = re.compile(rf"https?://{URL_CHAR}+?(?=[.,;]?(?!{URL_CHAR}))")


class Markdown(str):
    """Text that is already Markdown (ours, or escaped once): put in as it is, never
    escaped twice."""


def escape_markdown(value: object) -> Markdown:
    """The one Markdown escaping filter, for every value that goes into Markdown: web
    addresses as autolinks, the characters Markdown reads as formatting escaped, control
    characters shown, so data never turns into links, emphasis or HTML."""
    if isinstance(value, Markdown):
        return value
    text = str(value)
    parts, at = [], 0
    for match in _URL.finditer(text):
        parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", clean(text[at:match.start()])))
        parts.append(f"<{match.group()}>")
        at = match.end()
    parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", clean(text[at:])))
    return Markdown("".join(parts))


def md(template: str, *values: object) -> Markdown:
    """A piece of Markdown: `template` is ours, written as Markdown with `{}` for each
    value; every value goes through escape_markdown, so none can add formatting."""
    return Markdown(template.format(*(escape_markdown(v) for v in values)))


def md_commands(sentence: str) -> Markdown:
    """Our own sentence with `commands` kept as code spans; the rest escaped."""
    parts = sentence.split("`")
    return Markdown("".join(escape_markdown(p) if i % 2 == 0 else f"`{p}`"
                            for i, p in enumerate(parts)))
