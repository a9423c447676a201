"""Heading ids: a slug of the heading's text, the ids a page keeps for itself, and making ids unique.

Pure functions on strings (no Markdown here): `markdown` gives every heading its id with them,
and holds raw-HTML ids to the same reserved names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from ppgen.core.document import Document

_PAGE_IDS = re.compile(
    r"main|policy-title|policy-text|last-updated|inline|side-by-side|redline|redline-title"
    r"|compare-[\w.-]*|rl-[\w.-]*|(?:sbs-)?change-[0-9]+|fn[0-9]+|fnref[0-9]+(?::[0-9]+)?"
)
"""Ids the pages give elements of their own (the default theme, the redline, footnotes): no heading
(nor raw HTML) takes one."""

PAGE_IDS_HINT = (
    "main, inline, side-by-side, redline, last-updated, policy-…, rl-…, compare-…, change-N and fnN are taken"
)
"""The reserved ids in words, for hints."""

ESCAPE = "section-"
"""Put before a base id whose every numbered form is reserved; no reserved id starts with it."""


def is_page_id(ident: str) -> bool:
    """True when a page uses `ident` for an element of its own, so no heading or raw HTML may."""
    return _PAGE_IDS.fullmatch(ident) is not None


_LATIN_BLOCKS = (
    (0x0000, 0x036F),  # ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers, combining diacritics
    (0x1D00, 0x1DFF),  # phonetic extensions, combining diacritics supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x2BFF),  # punctuation, super/subscripts, letterlike symbols, number forms, symbols
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xAB30, 0xAB6F),  # Latin Extended-E
    (0xFB00, 0xFB06),  # Latin ligatures
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFF00, 0xFF60),  # full-width ASCII
    (0x10780, 0x107BF),  # Latin Extended-F
    (0x1D400, 0x1D7FF),  # mathematical letters and digits
    (0x1DF00, 0x1DFFF),  # Latin Extended-G
    (0xE0000, 0xE01EF),  # tags, variation selectors supplement
)
_SEPARATORS = re.compile(r"[\x00-/:-`{-\x7f]+")
"""Runs of ASCII characters that are neither letters nor digits (text is lower case by then)."""


def _latin(char: str) -> bool:
    """True for a character of the Latin script or of none (symbols, punctuation, marks of those blocks)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _LATIN_BLOCKS) or "LATIN" in unicodedata.name(char, "")


def slugify(text: str) -> str:
    """A heading id from its text, as GitHub makes them for every script, Latin ids as ppgen always made them.

    Latin text keeps its ids of old: accents dropped (`Données` → `donnees`), any other character that
    has no ASCII form dropped (`ß`, `—`), every other run of characters a hyphen. A letter or digit of
    another script is kept, lower case, with the marks that follow it (`## 個人情報の取り扱い` →
    `個人情報の取り扱い`, `## Политика` → `политика`), so that such ids are readable and stable too."""
    kept: list[str] = []
    keeping = False  # whether the last base character was kept, so that its combining marks are too
    for char in text:
        if char.isascii():
            kept.append(char)
            keeping = False
            continue
        category = unicodedata.category(char)
        if category.startswith("M"):
            if keeping:
                kept.append(char)
            continue
        folded = unicodedata.normalize("NFKD", char)
        ascii_part = folded.encode("ascii", "ignore").decode("ascii")
        keeping = not ascii_part and category[0] in "LN" and not _latin(char)
        kept.append(char if keeping else ascii_part)
    slug = _SEPARATORS.sub("-", "".join(kept).lower()).strip("-")
    return slug or "section"


class Ids:
    """The heading ids of one body so far, and how far each base id's numbering has gone (so that
    20,000 headings of the same text are numbered in one pass, not 20,000)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.last: dict[str, int] = {}

    def take(self, base: str, pinned: bool) -> str:
        """The id a heading gets, now taken: a pinned id as it is; else `base` or, when that is
        taken or the page's own, the first of `base-2`, `base-3`… that is neither."""
        ident = base
        if not pinned and (ident in self.taken or is_page_id(ident)):
            if is_page_id(f"{base}-2"):
                # Every numbered form is the page's too (`compare-…`, `rl-…`, `change`; for any other
                # base none is): number `section-<base>` instead, so that the search below ends.
                base = ident = ESCAPE + base
            # Numbering resumes where it stopped for this base: the numbers before stay taken.
            n = self.last.get(base, 1)
            while ident in self.taken or is_page_id(ident):
                n += 1
                ident = f"{base}-{n}"
            self.last[base] = n
        self.taken.add(ident)
        return ident


_NOT_GITHUB_ASCII = re.compile(r"[^a-z0-9_ -]+")


def github_slug(text: str) -> str:
    """The id GitHub (and the Markdown tools that copy it: github-slugger, VS Code, Docusaurus) gives a
    heading: lower case, every character but a letter, digit, mark, `_` or `-` dropped, each space a
    hyphen (`GitHub's U.S. Terms & Fees` → `githubs-us-terms--fees`)."""
    lower = text.lower()
    if lower.isascii():  # most headings: one pass of the regex engine, not a call per character
        return _NOT_GITHUB_ASCII.sub("", lower).replace(" ", "-")
    return "".join(char for char in lower if char in " -_" or char.isalnum() or _mark(char)).replace(" ", "-")


def _mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def aliases(headings: Iterable[tuple[str, str]], taken: Collection[str]) -> dict[str, str]:
    """Heading id → the id GitHub gives the same heading, where that differs, for (id, text) pairs in order.

    A policy written in git was read on GitHub before ppgen, and its links (`[see](#githubs-practices)`),
    like other sites' links to it, use GitHub's ids. A page answers them too, beside its own stable ids.
    GitHub numbers repeats (`faq`, `faq-1`); an alias that is any id in `taken` (the page's, the body's),
    or the page's own, is left out: an id names one element."""
    seen: dict[str, int] = {}
    found: dict[str, str] = {}
    used = set(taken)
    for ident, text in headings:
        slug = github_slug(text)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        alias = f"{slug}-{count}" if count else slug
        if alias and alias != ident and alias not in used and not is_page_id(alias):
            found[ident] = alias
            used.add(alias)
    return found


_ID = re.compile(r'\sid="([^"]*)"')


def document_aliases(doc: Document) -> dict[str, str]:
    """`aliases` of a parsed body's headings, clear of every id its HTML holds."""
    if not doc.headings:
        return {}
    return aliases(((heading.id, heading.text) for heading in doc.headings), _ID.findall(doc.html))
