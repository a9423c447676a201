"""What `ppgen check` says of a text's outline, its headings' levels: level-1 headings used for sections
(moved one level down), and a heading that skips a level.

Both build: the words are all there. But a screen reader lists a page's headings by level, and one that
skips from `##` to `####` (a size picked for its looks) leaves a gap in that list (axe's heading-order)."""

from __future__ import annotations

from ppgen.core.document import Document
from ppgen.core.errors import Problem


def notes(doc: Document, path: str) -> list[Problem]:
    """The warnings on `doc`'s outline: level-1 headings used for sections, then each heading more than one
    level below the heading before it (the page's title, `<h1>`, before the first)."""
    found: list[Problem] = []
    if doc.sections_at is not None:
        message = "level-1 headings are used for sections: every heading of the text moves one level down"
        hint = "start sections at ## to keep the levels as written"
        found.append(Problem(message, path, doc.sections_at, hint, code="heading-level"))
    shift = 1 if doc.sections_at is not None else 0  # levels as written: a `#` section is level 2 on the page
    before = 1
    for heading in doc.headings:
        if heading.level > before + 1:
            shown = heading.text if len(heading.text) <= 40 else heading.text[:39] + "…"
            after = "the page's title" if before == 1 else f"a {'#' * (before - shift)} heading"
            message = f"heading “{shown}” is {'#' * (heading.level - shift)} after {after}: the outline skips a level"
            hint = f"make it {'#' * (before + 1 - shift)}, or add the level between: screen readers list headings"
            hint += " by level"
            found.append(Problem(message, path, heading.line, hint, code="heading-level"))
        before = heading.level
    return found
