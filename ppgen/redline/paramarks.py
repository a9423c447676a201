"""The "¶ split" and "¶ joined" marks of a stretch (`redline.stretch`): what they hold, and where a join
stands among the words inserted beside it."""

from __future__ import annotations

import re

from ppgen.redline.words import PARA, Piece, Tokens

_SPLIT = (
    '<span class="rl-note rl-para rl-split"><span aria-hidden="true">¶ split</span>'
    '<span class="rl-sr"> (the paragraph is split here)</span></span>'
)
_JOINED = (
    '<span class="rl-note rl-para rl-joined"><span aria-hidden="true">¶ joined</span>'
    '<span class="rl-sr"> (two paragraphs are joined here)</span></span>'
)


def mark(op: str, spaced: bool = True) -> Piece:
    """A "¶ split" (`+`: only the newer text has the boundary) or "¶ joined" (`-`) mark: a note, no text
    (joined, a space after it keeps the words apart, unless they are of a script written without spaces)."""
    return Piece("¶", Tokens([PARA], [_SPLIT if op == "+" else _JOINED + " " * spaced], [()]))


_SENTENCE_END = re.compile(r"[.!?;:。！？；：][\"'”’)\]）」』]*\s*$")


def joins_placed(part: list[Piece]) -> list[Piece]:
    """`part` (a block's pieces in a stretch) with each "¶ joined" mark that stands before a sentence's
    inserted end put after it: Matrix joined two bullets, "…contact you on Matrix;" and "We may also send…",
    and ended the first "…on Matrix if you enable the option.": the join is after "option.", not inside
    the clause."""
    for n in range(len(part) - 2):
        note, ending, after = part[n : n + 3]
        if (
            note.op == "¶"
            and note.tokens.htmls[0].startswith(_JOINED)
            and ending.op == "+"
            and _SENTENCE_END.search(ending.tokens.text())
            and after.op == "="
        ):
            part[n : n + 2] = [ending, note]
    return part
