"""What a version page's table of contents lists (the theme's `contents` and `contents_below`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ppgen.core.document import Heading
from ppgen.redline.labels import labelled


@dataclass(frozen=True)
class Sublist:
    """Headings a table of contents lists together: its entries, or those under one of them."""

    headings: tuple[Heading, ...]
    labelled: bool
    """One of them starts with its own number: the list then shows none of its own."""


_FEW = 3
"""A table of contents with fewer entries than this lists the sections under them too."""
_WRAPPERS = 5
"""A table of contents with no more entries than this, and four times as many headings under them, lists
those too: a few headings around the text's sections ("The gist", "Terms of Service" around 19 numbered
clauses, as WordPress.com's terms have them)."""


def listed(headings: Sequence[Heading]) -> tuple[Sublist, dict[str, Sublist]]:
    """What a page's table of contents lists: the headings of the text's top level (## usually; ### in a text
    whose sections start there, whose contents were an empty box); and when those are fewer than `_FEW`, or
    a few around many (`_WRAPPERS`), the headings of the next level under each, by its id. A text that opens
    with one heading around everything ("Privacy Notice", "I. Datenschutzinformation") listed that one
    heading and none of its sections."""
    top = min((heading.level for heading in headings), default=0)
    entries = [heading for heading in headings if heading.level == top]
    below: dict[str, Sublist] = {}
    under_top = len(headings) - len(entries)
    if len(entries) < _FEW or len(entries) <= _WRAPPERS and under_top >= 4 * len(entries):
        owner: Heading | None = None
        under: dict[str, list[Heading]] = {}
        for heading in headings:
            if heading.level == top:
                owner = heading
            elif owner is not None:
                under.setdefault(owner.id, []).append(heading)
        for ident, inside in under.items():
            level = min(heading.level for heading in inside)
            sub = [heading for heading in inside if heading.level == level]
            below[ident] = _sublist(sub)
    return _sublist(entries), below


def _sublist(headings: Sequence[Heading]) -> Sublist:
    return Sublist(tuple(headings), any(labelled(heading.text) for heading in headings))
