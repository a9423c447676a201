"""Heading levels in a redline's text that never skip one because of a deleted heading.

Each version's headings go down one level at a time, but the merged text holds both: where the newer
version dropped or re-levelled a section, a deleted `<h4>` can follow an `<h2>`, and a screen reader's list
of headings (axe's `heading-order`) then skips a level. A heading only the older version had (`data-old`) is
drawn at most one level below the heading before it; the newer version's own headings keep their levels.
The older column of side by side, shown beside the merged text, is not in the page's outline at all
(`unlisted`): its headings would interleave with the merged text's, at the older version's levels.

A fold of unchanged sections would take the headings above the next change with it (an `<h4>` after the
fold, its `<h2>` and `<h3>` folded away): those headings stay, each with a fold of its own text (`kept`), so
that a reader sees which section a change is in, and the outline skips no level.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.DOTALL)
_OPENING = re.compile(r"<(h[1-6])(?=[\s>])")


def unlisted(html: str) -> str:
    """`html` with its headings left out of the page's outline (`role="presentation"`): drawn as headings,
    read as text."""
    return _OPENING.sub(r'<\1 role="presentation"', html) if "<h" in html else html


def kept(levels: list[int], following: int) -> set[int]:
    """Which of a run of unchanged sections (their heading levels in order; 0: no heading) keep their
    heading when the run folds: the headings above the next one shown (at level `following`, 0: none),
    that is the nearest heading of a higher level, the nearest above that, and so on. Without them a change
    in "Complaints" under a folded "Data transfers" would read as part of the section shown before the fold."""
    keep: set[int] = set()
    level = following
    for index in range(len(levels) - 1, -1, -1):
        own = levels[index]
        if own and own < level:
            keep.add(index)
            level = own
    return keep


class Levels:
    """The headings written so far in one stream of a redline's markup (the merged text, or the older
    column of side by side), fed its pieces in reading order."""

    def __init__(self) -> None:
        self.last = 1
        """The level of the last heading written: the page's title (`h1`) before the first."""

    def clamp(self, html: str) -> str:
        """`html` with each older-only heading that would skip a level drawn one below the one before it."""
        if "<h" not in html:
            return html
        return _HEADING.sub(self._one, html)

    def _one(self, match: re.Match[str]) -> str:
        level, attributes = int(match.group(1)), match.group(2) or ""
        if level > self.last + 1 and " data-old" in attributes:
            level = self.last + 1
            self.last = level
            return f"<h{level}{attributes}>{match.group(3)}</h{level}>"
        self.last = level
        return match.group(0)
