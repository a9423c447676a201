"""Heading ids: a slug of the heading's text, the ids a page keeps for itself, and making ids unique.

Pure functions on strings (no Markdown here): `markdown` gives every heading its id with them,
and holds raw-HTML ids to the same reserved names.
"""

from __future__ import annotations

import re
import unicodedata

_PAGE_IDS = re.compile(
    r"main|policy-title|policy-text|last-updated|inline|side-by-side|redline|redline-title"
    r"|compare-[\w.-]*|rl-[\w.-]*|(?:sbs-)?change-[0-9]+|fn[0-9]+|fnref[0-9]+(?::[0-9]+)?"
)
"""Ids the pages give elements of their own (the default theme, the redline, footnotes): no heading
(nor raw HTML) takes one."""

PAGE_IDS_HINT = (
    "main, inline, side-by-side, redline, last-updated, policy-…, rl-…, compare-…, change-N and fnN"
    " are taken"
)
"""The reserved ids in words, for hints."""

ESCAPE = "section-"
"""Put before a base id whose every numbered form is reserved; no reserved id starts with it."""


def is_page_id(ident: str) -> bool:
    """True when a page uses `ident` for an element of its own, so no heading or raw HTML may."""
    return _PAGE_IDS.fullmatch(ident) is not None


def slugify(text: str) -> str:
    """A heading id from its text: lower case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
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
