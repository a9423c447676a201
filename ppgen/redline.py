"""The redline between two versions of a policy: what changed, word by word, inside the document's structure.

`compare(old, new)` aligns the two documents' blocks (identical blocks by hash, changed ones by
similarity, moved ones by content), diffs words and punctuation inside changed blocks, and renders
the merged (inline) and side-by-side views. Pure: no I/O, no templates.

The oracle that tests hold it to: in `inline_html`, removing every `<ins>` and every `.rl-note`
element leaves the older version's text, and removing every `<del>` and `.rl-note` the newer's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppgen.document import Document
from ppgen.redline_align import BlockOp, align
from ppgen.redline_views import (
    fix_fragments,
    render_views,
    word_counts,
)
from ppgen.redline_words import Piece, Tokens, describe_format

__all__ = ["BlockOp", "Piece", "Redline", "Tokens", "align", "compare", "describe_format", "sections_touched"]


@dataclass(frozen=True)
class Redline:
    """A rendered comparison of two versions of a policy."""

    inline_html: str
    """The body of the element `id="redline"`: both versions merged, changes marked in place."""
    side_by_side_html: str
    """Rows of older (left) beside newer (right), same markers; ids prefixed `sbs-`."""
    words_added: int
    """Words only in the newer version (moves not counted)."""
    words_removed: int
    """Words only in the older version (moves not counted)."""
    sections: tuple[tuple[str, str], ...]
    """(heading id in the newer version, heading text) of every section touched, in reading order."""
    changes: int
    """How many changes there are: anchors `#change-1` … `#change-N` (and `#sbs-change-…`)."""

    @property
    def identical(self) -> bool:
        """True when a reader would see no difference between the two versions."""
        return self.changes == 0


def sections_touched(ops: tuple[BlockOp, ...], new: Document) -> tuple[tuple[str, str], ...]:
    """(id, text) of the newer version's sections that hold a change, in reading order."""
    titles = {h.id: h.text for h in new.headings}
    seen: dict[str, str] = {}
    for op in ops:
        if op.kind != "equal" and op.section in titles and op.section not in seen:
            seen[op.section] = titles[op.section]
    return tuple(seen.items())


def compare(old: Document, new: Document) -> Redline:
    """The redline from `old` to `new`."""
    ops = align(old, new)
    inline, side = render_views(ops, old, new)
    inline, side = fix_fragments(old, new, inline, side)
    added, removed = word_counts(ops)
    return Redline(
        inline_html=inline,
        side_by_side_html=side,
        words_added=added,
        words_removed=removed,
        sections=sections_touched(ops, new),
        changes=max((op.change for op in ops), default=0),
    )
