"""Sections named in bold lines: a paragraph of bold text alone, of a few words, is how a text converted from
Word or a web page names its sections ("**2. License Grant.**", "**Information We Collect**"). The redline
names a change after the bold line it sits under, and a bold line deleted is a section deleted."""

from __future__ import annotations

import html
import re

from ppgen.core.document import Block, Document

_BOLD_LINE = re.compile(r"<strong>([^<]+)</strong>:?")
_BOLD_LEAD = re.compile(r"<strong>([^<]+)</strong>:?\s*<br\s*/?>\s*\S")
"""A bold line that opens a paragraph, a line break after it."""
_BOLD_WORDS = 12
"""Most words a bold line has (a bold sentence longer than that is a notice, not a name)."""
_DATED = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|(?<!\d)(?:1[89]|20)\d\d(?!\d)")
"""A date in a line (`1/1/2015`, `2015-01-01`, `January 1, 2015`: a year): a date stamp, not a name."""


def bold_lines(document: Document) -> tuple[str, ...]:
    """For each block, the bold line it sits under since its section's heading ("" when none): a paragraph of
    bold text alone, of a few words, is how a text converted from Word or a web page names its sections
    ("**2. License Grant.**", "**Information We Collect**", Pinterest's "**How and when do we share
    information?**"). A bold sentence ending in "!" or ";", or in a full stop after more than six words, is
    a notice, not a name; one that holds a date ("**Effective: 1/1/2015**") is a stamp."""
    names: list[str] = []
    name = ""
    for block in document.blocks:
        name = "" if block.kind == "heading" else bold_name(block) or name
        names.append(name)
    return tuple(names)


def bold_name(block: Block | None) -> str:
    """The section name a bold line is (`bold_lines`), alone or as the first line of its paragraph (Bitly's
    policy of 2019: "**When You Create a Bitly Link**", a line break, its text); "" for any other block."""
    if block is None or block.kind != "paragraph" or block.containers:
        return ""
    inner = block.inner.strip()
    lead = _BOLD_LEAD.match(inner)
    words = bold_alone(inner) or (html.unescape(lead[1]) if lead else "")
    text = " ".join(words.split()).rstrip(":")
    count = len(text.split())
    if not text or count > _BOLD_WORDS or text[-1] in "!;," or (text[-1] == "." and count > 6):
        return ""
    return "" if _DATED.search(text) else text


def bold_alone(inner: str) -> str:
    """The words of a block's inner HTML that is one bold line and nothing else ("" when it is not)."""
    found = _BOLD_LINE.fullmatch(inner)
    return html.unescape(found[1]) if found else ""


def same_name(text: str) -> str:
    """A section's name as it reads: "&" as "and", case, spacing and a last full stop or colon aside
    ("Information Sharing & Disclosure" and "**Information Sharing and Disclosure**" are one name)."""
    return " ".join(text.replace("&", " and ").split()).casefold().rstrip(".:")
