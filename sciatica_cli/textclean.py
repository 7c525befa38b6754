"""Text from the data is data: strip what could move or restyle a terminal.

Rich markup is never parsed from data (renderers build Text objects, not markup strings);
this turns raw control characters and escape sequences into visible text, keeping\nnewlines and tabs.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and C1 controls (including the 8-bit CSI, \x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Show each control character as a visible escape (`\\x1b`), so nothing is hidden."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_URL = re.compile(r"https?://\S+?(?=[.,;]?(\s|$))")


def markdown(text: str) -> str:
    """Text for Markdown: web addresses as autolinks, the characters Markdown would read as
    formatting escaped, so data never turns into links, emphasis or HTML."""
    parts, at = [], 0
    for match in _URL.finditer(text):
        parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", clean(text[at:match.start()])))
        parts.append(f"<{match.group()}>")
        at = match.end()
    parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", clean(text[at:])))
    return "".join(parts)
