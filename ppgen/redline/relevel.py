"""An outline moved whole: every heading one level up (or down) alike, nothing else about it changed.

GitHub's terms went from `###` and `####` to `##` and `###` in 2021, word for word the same. Compared as
written, each of the 59 headings was a formatting change, and no unchanged section could fold: a reader
had 59 changes to look through for none. When every heading the two versions share word for word moved by
one amount, the older version is compared with its headings moved by it too (`outlined`), and the
redline says once that the outline moved (`Redline.outline`); a heading that moved otherwise is still a
change of its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from ppgen.core.document import Block, Document
from ppgen.redline.cache import Derived, PolicyCache

_LEAST = 3
"""Headings shared word for word that must all have moved alike: fewer say too little of an outline."""
_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def shift(old: Document, new: Document) -> int:
    """How many levels every heading moved alike from `old` to `new` (newer level − older; 0 when none did,
    or they did not move alike): each heading of `old` whose words a heading of `new` has (the first with
    them paired with the first, and so on) moved by it, at least `_LEAST` of them, and every heading of
    `old` is still a section's (level 2 to 6) when moved by it."""
    levels: dict[str, list[int]] = {}
    for heading in new.headings:
        levels.setdefault(heading.text, []).append(heading.level)
    seen: dict[str, int] = {}
    moves: set[int] = set()
    pairs = 0
    for heading in old.headings:
        index = seen[heading.text] = seen.get(heading.text, -1) + 1
        newer = levels.get(heading.text, [])
        if index < len(newer):
            moves.add(newer[index] - heading.level)
            pairs += 1
    if pairs < _LEAST or len(moves) != 1:
        return 0
    by = moves.pop()
    return by if by and all(2 <= heading.level + by <= 6 for heading in old.headings) else 0


class Outline(NamedTuple):
    """How the outline moved: the older and newer level of the older version's highest heading ((0, 0) when
    the headings did not move alike)."""

    older: int = 0
    newer: int = 0
    under: bool = False
    """True when the newer version added a heading above the moved ones: the outline is not the same. Etsy's
    2015 policy made its bold line "Privacy Policy" a heading over the sections after it."""


def outlined(old: Document, new: Document, cache: PolicyCache) -> tuple[Document, Outline]:
    """`old` with its headings moved as every heading moved in `new` (itself when they did not move alike),
    and how the outline moved."""
    by = shift(old, new)
    if not by:
        return old, Outline()
    top = min(heading.level for heading in old.headings)
    shared = {heading.text for heading in old.headings}
    under = any(heading.level < top + by and heading.text not in shared for heading in new.headings)
    return cache.of(_MOVED[by], old), Outline(top, top + by, under)


def _moved(doc: Document, by: int) -> Document:
    """`doc` with every heading `by` levels lower (a negative `by`: higher)."""
    blocks = tuple(_block(block, by) if block.kind == "heading" else block for block in doc.blocks)
    headings = tuple(replace(heading, level=heading.level + by) for heading in doc.headings)
    return replace(doc, blocks=blocks, headings=headings)


def _block(block: Block, by: int) -> Block:
    def tag(match: re.Match[str]) -> str:
        return f"<{match.group(1)}h{int(match.group(2)) + by}"

    return replace(block, open=_TAG.sub(tag, block.open), close=_TAG.sub(tag, block.close))


_MOVED = {by: Derived(f"headings moved {by} levels", partial(_moved, by=by)) for by in range(-4, 5) if by}
"""A document with its headings moved, made once per document and shift: the comparisons of a policy
whose outline moved once compare many older versions with the newer ones."""
