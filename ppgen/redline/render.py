"""A changed block's HTML in a redline: word pieces inside `<ins>`/`<del>`, whole blocks inserted or deleted, notes.

Text only in the older version is inside `<del>`, only in the newer inside `<ins>`; everything
that is not policy text (change markers, move links, notes, screen-reader words) has class `rl-note`.
Words whose capitals alone changed are both: the older spelling in `<del class="rl-case">`, the newer in
`<ins class="rl-case">` (drawn quietly, explained by a formatting note), so each version's text is whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from ppgen.core.document import Block
from ppgen.redline.align import BlockOp, same_layout
from ppgen.redline.cache import Kept
from ppgen.redline.notes import Say, describe_change, joined, split_notes
from ppgen.redline.words import (
    Piece,
    PieceOp,
    Tokens,
    needs_care,
    retag_ids,
    safe_tag,
    tag_name,
    tokenize,
    visible,
)

_PLACES = {
    "bullet_list": "place-bulleted-list",
    "ordered_list": "place-numbered-list",
    "blockquote": "place-quotation",
    "table": "place-table",
    "footnote_block": "place-footnotes",
}
"""Containers a block's description names, as the theme's word keys."""
_BLOCK_NAMES = {
    "paragraph": "block-paragraph",
    "th": "block-th",
    "td": "block-td",
    "code_block": "block-code",
    "fence": "block-code",
    "html_block": "block-html",
    "hr": "block-rule",
}
_SR = {
    "+": "inserted: ",
    "-": "deleted: ",
    "move_to": "moved here: ",
    "move_from": "moved from here: ",
    "^-": "capitals before: ",
    "^+": "capitals now: ",
}
_ID_VALUE = re.compile(r'\sid="([^"]*)"')
_TAG_ANY = re.compile(r"<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")


def _sr(text: str) -> str:
    return f'<span class="rl-note rl-sr">{text}</span>'


def _opening(state: str, moved: bool = False) -> str:
    if state == "~":
        return '<span class="rl-format">'
    if state in ("^-", "^+"):  # a change of capitals: the older spelling, then the newer
        tag = "del" if state == "^-" else "ins"
        return f'<{tag} class="rl-case">{_sr(_SR[state])}'
    if moved:
        return (
            f'<ins class="rl-moved">{_sr(_SR["move_to"])}'
            if state == "+"
            else f'<del class="rl-moved">{_sr(_SR["move_from"])}'
        )
    return f"<ins>{_sr(_SR[state])}" if state == "+" else f"<del>{_sr(_SR[state])}"


def _closing(state: str) -> str:
    return "</span>" if state == "~" else "</ins>" if state in ("+", "^+") else "</del>"


class _Ids(NamedTuple):
    """How `render_pieces` writes the ids of a piece's tags."""

    mode: str
    """`keep`, `old` or `strip` (`words.retag_ids`)."""
    outer: str
    """The move being drawn (`move_to`, `move_from`), or ""."""
    new_entries: set[str]
    """The format entries of words the newer version has (ids only the older had are renamed)."""
    seen: set[str]
    """The ids written so far (each is written once)."""


def _shown(piece: Piece, view: str) -> list[tuple[str, Tokens]]:
    """What a view writes of a piece, as (state, tokens) runs: a recased piece is its older spelling
    (`^-`, but in the newer view) then its newer (`^+`, but in the older view); any other its one run."""
    if piece.recased and piece.was is not None:
        both = [("^-", piece.was), ("^+", piece.tokens)]
        return both[:1] if view == "old" else both[1:] if view == "new" else both
    tokens = piece.was if view == "old" and piece.was is not None else piece.tokens
    return [("" if piece.op == "=" else piece.op, tokens)]


def render_pieces(
    pieces: Sequence[Piece],
    view: str,
    ids: str,
    notes: list[Say],
    outer: str = "",
    plain_space: bool = False,
    marks: Mapping[int, str] | None = None,
) -> str:
    """Tokens as HTML: formatting reopened around each `<ins>`/`<del>` run; view `inline`, `old` or `new`.

    With `ids="keep"`, ids of words only the older version had are renamed `rl-old-…`, or dropped at a
    move's new place (the old place shows them already). With `plain_space` (a whole block inserted or
    deleted), white space alone between its tags is not marked (nothing a reader sees). `marks`: HTML
    (a change marker) to write before the piece of that index, outside any formatting of the text."""
    out: list[str] = []
    if outer:
        out.append(_opening("+" if outer == "move_to" else "-", moved=True))
    stack: tuple[str, ...] = ()
    state = ""
    removes = ids == "keep" and any(
        any(p.tokens.formats) if p.op == "-" else p.was is not None and p.recased and any(p.was.formats)
        for p in pieces
    )
    new_entries = (
        {e for p in pieces if p.op != "-" for f in set(p.tokens.formats) for e in f} if removes else set()
    )
    seen: set[str] = set()
    run: tuple[str, tuple[Say, ...]] | None = None
    """The first words and the changes of the last formatting note, while only rewritten words follow it: a
    paragraph made bold as it was rewritten has one note (“(i) … .”: bold added), not one per kept comma;
    and words formatted otherwise right beside each other share one (“(i) … .”: bold added; capitalisation
    changed, where the label and the full stop were made bold and the words between also lost their capitals)."""
    touching = False
    """Was the piece before a `~` piece?"""
    for index, piece in enumerate(pieces):
        if (
            marks and index in marks
        ):  # outside the text's own tags (a marker's links may not sit inside a link)
            if state:
                out.append(_closing(state))
                state = ""
            out.extend(_close_tag(entry) for entry in reversed(stack))
            stack = ()
            out.append(marks[index])
        if (view == "old" and piece.op == "+") or (view == "new" and piece.op == "-"):
            continue
        if piece.op == "¶":  # a paragraph split or joined here: a note, in both views
            if state:
                out.append(_closing(state))
                state = ""
            out += piece.tokens.htmls
            continue
        if piece.op == "=" and not piece.tokens.text().isspace():
            run = None  # words unchanged in between: the next formatting note is a note of its own
        if piece.was is not None and view != "old":
            change = split_notes(
                describe_change(piece.was.formats[0], piece.tokens.formats[0], piece.recased)
            )
            words = _words(piece.tokens)
            if run is not None and (run[1] == change or touching):
                changes = (*run[1], *(one for one in change if one not in run[1]))
                notes[-1] = Say("fmt-on", (("q", f"{run[0]} … {words}"), ("d", joined(changes))))
                run = (run[0], changes)
            else:
                notes.append(Say("fmt-on", (("q", words), ("d", joined(change)))))
                run = (words, change)
        touching = piece.op == "~"
        for wanted, tokens in _shown(piece, view):
            state, stack = _write(
                tokens, wanted, out, state, stack, _Ids(ids, outer, new_entries, seen), plain_space
            )
    if state:
        out.append(_closing(state))
    out.extend(_close_tag(entry) for entry in reversed(stack))
    if outer:
        out.append(_closing("+" if outer == "move_to" else "-"))
    return "".join(out)


def _write(
    tokens: Tokens,
    wanted: str,
    out: list[str],
    state: str,
    stack: tuple[str, ...],
    where: _Ids,
    plain_space: bool,
) -> tuple[str, tuple[str, ...]]:
    """Write one run of tokens marked `wanted` (`render_pieces`: `state` the mark open, `stack` the
    formatting open), reopening formatting as it changes; returns the mark and formatting open after it."""
    ids, outer, new_entries, seen = where
    for format, group in groupby(zip(tokens.formats, tokens.htmls, strict=True), key=itemgetter(0)):
        if format != stack:
            if state:
                out.append(_closing(state))
                state = ""
            common = 0
            while common < min(len(stack), len(format)) and stack[common] == format[common]:
                common += 1
            out.extend(_close_tag(entry) for entry in reversed(stack[common:]))
            for entry in format[common:]:
                mode = (
                    ("strip" if outer else "old")
                    if ids == "keep" and wanted in ("-", "^-") and entry not in new_entries
                    else ids
                )
                out.append(_open_tag(entry, mode, seen))
            stack = format
        html = "".join(map(itemgetter(1), group))
        want = "" if plain_space and html.isspace() else wanted
        if state != want:
            if state:
                out.append(_closing(state))
            if want:
                out.append(_opening(want))
            state = want
        if "<" in html:  # an empty element (text is always escaped)
            html = "".join(_TAG_ANY.sub(lambda m: _open_tag(m.group(0), ids, seen), html))
        out.append(html)
    return state, stack


def changed_inner(
    pieces: tuple[Piece, ...], view: str, ids: str, outer: str, marks: tuple[tuple[int, str], ...] = ()
) -> tuple[str, tuple[Say, ...]]:
    """`render_pieces` and its notes (kept as `CHANGED_INNER`)."""
    notes: list[Say] = []
    return render_pieces(pieces, view, ids, notes, outer, marks=dict(marks)), tuple(notes)


CHANGED_INNER: Kept[
    tuple[tuple[Piece, ...], str, str, str, tuple[tuple[int, str], ...]], tuple[str, tuple[Say, ...]]
] = Kept("a change's rendering", lambda key: changed_inner(*key), 4096)
"""`changed_inner`, kept: the same change of a block recurs in many pairs of versions."""


@lru_cache(maxsize=4096)
def _close_tag(entry: str) -> str:
    return f"</{tag_name(safe_tag(entry))}>"


@lru_cache(maxsize=4096)
def _tag(entry: str, ids: str) -> str:
    return retag_ids(safe_tag(visible((entry,))[0]), ids)


def _open_tag(entry: str, ids: str, seen: set[str]) -> str:
    tag = _tag(entry, ids)
    match = _ID_VALUE.search(tag) if ' id="' in tag else None
    if match:
        if match.group(1) in seen:
            return tag[: match.start()] + tag[match.end() :]
        seen.add(match.group(1))
    return tag


def _words(tokens: Tokens) -> str:
    return clipped(unquoted(" ".join(tokens.text().split())))


def clipped(words: str, most: int = 60) -> str:
    """`words` cut to at most `most` characters, at a space where one is near, an ellipsis saying so (a note
    quoted "…about your comput”, cut inside a word)."""
    if len(words) <= most:
        return words
    cut = words[: most - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > most // 2 else cut).rstrip() + "…"


_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“", "‚": "‘"}


def unquoted(words: str) -> str:
    """`words` without the quotation marks around them, if the text has its own (a defined term written
    **“Affiliate”**): a note quotes them itself, and “““Affiliate””” would show two pairs."""
    if len(words) > 2 and _QUOTES.get(words[0]) == words[-1]:
        return words[1:-1]
    return words


def whole(block: Block, kind: str, ids: str, op_quiet: bool = False) -> str:
    """The inner HTML of a block that is inserted, deleted or moved whole, inside one `<ins>`/`<del>`."""
    if op_quiet:  # nothing a reader sees: written as it is, its ids as the view keeps them (an anchor's)
        return retag_ids(block.inner, ids)
    state: PieceOp = "+" if kind in ("insert", "move_to") else "-"
    moved = kind in ("move_to", "move_from")
    if needs_care(block.inner) or (ids != "keep" and ' id="' in block.inner):
        pieces = (Piece("=" if moved else state, tokenize(block.inner)),)
        return render_pieces(pieces, "inline", ids, [], kind if moved else "", plain_space=True)
    return f"{_opening(state, moved)}{block.inner}{_closing(state)}"


def _describe(block: Block) -> Say:
    what = (
        Say("block-heading", (("l", int(block.open[2:3] or 0)),))
        if block.kind == "heading"
        else Say(_BLOCK_NAMES[block.kind])
        if block.kind in _BLOCK_NAMES
        else Say("block-other", (("x", block.kind.replace("_", " ")),))
    )
    for place in reversed([_PLACES[c.kind] for c in block.containers if c.kind in _PLACES]):
        what = Say("block-in", (("a", what), ("b", Say(place))))
    return what


def block_notes(op: BlockOp) -> list[Say]:
    """What changed in a changed block's kind or place, the same words on the page and in `ppgen diff`:
    `heading level 3 → 2`, `was a paragraph, now a paragraph in a numbered list`, `layout changed`."""
    if op.kind != "change" or op.old is None or op.new is None:
        return []
    was, now = _describe(op.old), _describe(op.new)
    if (
        was != now
        and op.old.kind == op.new.kind == "heading"
        and [c.kind for c in op.old.containers] == [c.kind for c in op.new.containers]
    ):
        return [
            Say("block-heading-level", (("a", int(op.old.open[2:3] or 0)), ("b", int(op.new.open[2:3] or 0))))
        ]
    if was != now:
        return [Say("block-was-now", (("a", was), ("b", now)))]
    if not same_layout(op.old, op.new):
        return [Say("block-layout")]
    return []
