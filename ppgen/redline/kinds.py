"""A change's kind, for a reader who triages (`redline.classes`): wording, link target, punctuation, paragraph
split or joined, numbering, formatting or moved; the most substantive of its ops' pieces."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ppgen.core.document import Block
from ppgen.redline.align import BlockOp
from ppgen.redline.boldnames import bold_name
from ppgen.redline.labels import references_follow, renumbered_name, renumbered_only, renumbered_target
from ppgen.redline.words import Piece, appearance, edits, image_text, retyped, tag_name

KINDS = ("wording", "link", "punctuation", "split", "numbering", "formatting", "moved")
"""Every kind of change, most substantive first (the order summaries list them in)."""
_WORD = re.compile(r"\w")
_HREF = re.compile(r'\shref="([^"]*)"')


def kind_of(ops: list[BlockOp], renumbered: dict[str, str]) -> str:
    """The most substantive kind among a change's ops. A passage moved is a move, unless its words or links
    were changed on the way: then it is that change, or the wording-only switch would hide it (Basecamp's
    "abuse of any Service customer, Company employee" lost "any Service customer" as the clause moved)."""
    moved = any(op.kind in ("move_from", "move_to") for op in ops)
    found: set[str] = set()
    for op in ops:
        if moved and not op.pieces:
            continue
        if op.kind in ("insert", "delete"):
            block = op.new if op.kind == "insert" else op.old
            assert block is not None
            found.add("wording" if _WORD.search(block.text) or "<img" in block.inner else "formatting")
        elif op.pieces:
            # A section or clause whose number alone changed, or cross-references following their sections
            # (labels.py): the struck and inserted words are numbering, whatever else (formatting) changed.
            relabelled = op.kind == "change" and (
                op.old
                and op.new
                and (
                    renumbered_only(op.old, op.new)
                    or (names := restyled_name(op)) is not None
                    and renumbered_name(*names)
                )
                or renumbered
                and references_follow(op.pieces, renumbered)
            )
            typographic = _typographic(op.pieces)
            block = op.new or op.old
            # Capitals changed in the text are wording: a capital calls up a defined term (`account` →
            # `Account`), capitals make a disclaimer conspicuous (`AS IS`). In a heading they are its style.
            in_text = block is not None and block.kind != "heading"
            if _images(op.pieces, "-") != _images(op.pieces, "+"):
                found.add("wording")  # an image added, removed or replaced: what the reader is shown changed
            split = any(piece.op == "¶" for piece in op.pieces)
            kinds = {
                "numbering"
                if relabelled and piece.op in ("+", "-")
                else "split"  # a line break where the paragraph is split, or where two were joined
                if split and k in typographic and not piece.tokens.text().strip()
                else "punctuation"
                if k in typographic
                else "wording"
                if piece.recased and in_text
                else _piece_kind(piece)
                for k, piece in enumerate(op.pieces)
                if piece.op != "="
            }
            if op.kind == "change" and is_heading(op.old) != is_heading(op.new):
                # a heading made a line of text, or a line made a heading: a section gone or new (`_heading`),
                # its full stop or number part of that, not a change of its own (but a section named in a bold
                # line, renumbered as its line became a heading, is renumbered: `_restyled_name`)
                kinds = {kind if kind in ("wording", "link", "numbering") else "formatting" for kind in kinds}
            found.update(kinds)
        else:
            found.add("formatting")
    if moved:
        return next((kind for kind in ("wording", "link") if kind in found), "moved")
    return next((kind for kind in KINDS if kind in found), "formatting")


def _typographic(pieces: Sequence[Piece]) -> set[int]:
    """The positions of the struck and inserted pieces of each run of them that changes only quotes,
    dashes, ellipses, a non-breaking space or a character's width for their typographic or plain forms, or
    the spaces between words (`unavailable.Without` → `unavailable. Without`: a space put back)."""
    return {
        k
        for start, stop, was, now in edits(pieces)
        if was != now and retyped(was, now)
        for k in range(start, stop)
    }


def _piece_kind(piece: Piece) -> str:
    if piece.op == "¶":  # a paragraph split or joined (redline.paramarks.mark)
        return "split"
    if piece.op in ("+", "-"):
        text = piece.tokens.text()
        if _WORD.search(text):
            return "wording"
        return "punctuation" if text.strip() else "formatting"  # an image: see `_kind`
    if piece.was is not None:
        was, now = link_targets(piece.was.formats[0]), link_targets(piece.tokens.formats[0])
        if was != now:
            # a link to a section renumbered, as the section's own id (a table of contents) is numbering
            followed = len(was) == len(now) and all(
                a == b or renumbered_target(a, b) for a, b in zip(was, now, strict=True)
            )
            return "numbering" if followed else "link"
    return "formatting"


def _images(pieces: Sequence[Piece], op: str) -> list[str]:
    """The images of the pieces struck (`op` "-") or inserted ("+"), as alt text and address (`image_text`):
    another title or width is formatting."""
    return sorted(
        image_text(key)
        for piece in pieces
        if piece.op == op
        for key in piece.tokens.keys
        if key[:4] == "<img"
    )


def link_targets(format: tuple[str, ...]) -> tuple[str, ...]:
    """The link targets of a format, outermost first (a link added or removed changes them too)."""
    return tuple(
        m.group(1) if (m := _HREF.search(tag)) else "" for tag in appearance(format) if tag_name(tag) == "a"
    )


def restyled_name(op: BlockOp) -> tuple[str, str] | None:
    """A section's older and newer names where `op` makes the bold line that named it (`boldnames.bold_name`) a
    heading, or its heading such a line; else None."""
    if op.kind != "change" or op.old is None or op.new is None or is_heading(op.old) == is_heading(op.new):
        return None
    was, now = (block.text if is_heading(block) else bold_name(block) for block in (op.old, op.new))
    return (was, now) if was and now else None


def is_heading(block: Block | None) -> bool:
    return block is not None and block.kind == "heading"
