"""Ids that raw HTML gives elements of a text, made to name one element each.

A page's ids must be unique (a link to `#x` lands on one place, and validators count a repeat as an
error). A heading's id is the section's stable address, so it wins: an HTML id that a heading has, or
that HTML before it in the text has, is dropped. The common case says nothing: an old anchor for the heading
it stands beside (`<a name="fees"></a>` then `## Fees`, or inside the heading) led to the same place. Any
other repeat is a warning at its line, since a link meant for that element now lands elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ppgen.core.document import Block
from ppgen.core.errors import Problem

_ID = re.compile(r'\sid="([^"]*)"')


def unique(blocks: Sequence[Block], path: str) -> tuple[list[Block], list[Problem]] | None:
    """The blocks with every repeated HTML id dropped, and a warning for each that is no heading's own
    anchor; None when no HTML id repeats (the usual case: the blocks stand as they are)."""
    if not any(' id="' in block.inner for block in blocks):
        return None
    headings = {block.section: block for block in blocks if block.kind == "heading" and block.section}
    seen: set[str] = set()
    fixed = list(blocks)
    changed = False
    warnings: list[Problem] = []
    for index, block in enumerate(blocks):
        if ' id="' not in block.inner:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None

        def drop(match: re.Match[str], block: Block = block, following: Block | None = following) -> str:
            ident = match.group(1)
            heading = headings.get(ident)
            if heading is None and ident not in seen:
                seen.add(ident)
                return match.group(0)
            anchor = heading is not None and (
                heading is block or (heading is following and not block.text.strip())
            )
            if not anchor:
                line = block.line + block.inner.count("\n", 0, match.start())
                warnings.append(_repeated(ident, heading, path, line))
            return ""

        inner = _ID.sub(drop, block.inner)
        if inner != block.inner:
            fixed[index] = replace(block, inner=inner)
            changed = True
    return (fixed, warnings) if changed else None


def _repeated(ident: str, heading: Block | None, path: str, line: int) -> Problem:
    owner = f"the heading “{heading.text}” (line {heading.line})" if heading else "an element before it"
    return Problem(
        f"HTML id `{ident}` is also the id of {owner}, so it is dropped here: links to #{ident} land there",
        path,
        line,
        "give this element another id, or remove it",
        code="duplicate-id",
    )
