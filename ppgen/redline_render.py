"""A changed block's HTML in a redline: word pieces inside `<ins>`/`<del>`, whole blocks inserted or deleted, notes.

Text only in the older version is inside `<del>`, only in the newer inside `<ins>`; everything
that is not policy text (change markers, move links, notes, screen-reader words) has class `rl-note`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

from ppgen.document import Block
from ppgen.redline_align import BlockOp
from ppgen.redline_words import (
    Piece,
    PieceOp,
    Tokens,
    describe_format,
    needs_care,
    retag_ids,
    safe_tag,
    tag_name,
    tokenize,
    visible,
)

_KINDS = {"bullet_list": "bulleted list", "ordered_list": "numbered list", "blockquote": "quotation", "table": "table",
          "footnote_block": "footnotes"}
_BLOCK_NAMES = {"th": "table header cell", "td": "table cell", "code_block": "code", "fence": "code"}
_SR = {"+": "inserted: ", "-": "deleted: ", "move_to": "moved here: ", "move_from": "moved from here: "}
_ID_VALUE = re.compile(r'\sid="([^"]*)"')
_TAG_ANY = re.compile(r"<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")


def _sr(text: str) -> str:
    return f'<span class="rl-note rl-sr">{text}</span>'


def _opening(state: str, moved: bool = False) -> str:
    if state == "~":
        return '<span class="rl-format">'
    if moved:
        return f'<ins class="rl-moved">{_sr(_SR["move_to"])}' if state == "+" else f'<del class="rl-moved">{_sr(_SR["move_from"])}'
    return f"<ins>{_sr(_SR[state])}" if state == "+" else f"<del>{_sr(_SR[state])}"


def _closing(state: str) -> str:
    return "</span>" if state == "~" else "</ins>" if state == "+" else "</del>"


def render_pieces(pieces: Sequence[Piece], view: str, ids: str, notes: list[str], outer: str = "", plain_space: bool = False) -> str:
    """Tokens as HTML: formatting reopened around each `<ins>`/`<del>` run; view `inline`, `old` or `new`.

    With `ids="keep"`, ids of words only the older version had are renamed `rl-old-…`, or dropped at a
    move's new place (the old place shows them already). With `plain_space` (a whole block inserted or
    deleted), white space alone between its tags is not marked (nothing a reader sees)."""
    out: list[str] = []
    if outer:
        out.append(_opening("+" if outer == "move_to" else "-", moved=True))
    stack: tuple[str, ...] = ()
    state = ""
    removes = ids == "keep" and any(p.op == "-" and any(p.tokens.formats) for p in pieces)
    new_entries = {e for p in pieces if p.op != "-" for f in set(p.tokens.formats) for e in f} if removes else set()
    seen: set[str] = set()
    for piece in pieces:
        if (view == "old" and piece.op == "+") or (view == "new" and piece.op == "-"):
            continue
        if piece.op == "¶":  # a paragraph split or joined here: a note, in both views
            if state:
                out.append(_closing(state))
                state = ""
            out += piece.tokens.htmls
            continue
        tokens = piece.was if view == "old" and piece.was is not None else piece.tokens
        wanted = "" if piece.op == "=" else piece.op
        if piece.was is not None and view != "old":
            notes.append(f"“{_words(piece.tokens)}”: {describe_format(piece.was.formats[0], piece.tokens.formats[0])}")
        for format, group in groupby(zip(tokens.formats, tokens.htmls), key=itemgetter(0)):
            if format != stack:
                if state:
                    out.append(_closing(state))
                    state = ""
                common = 0
                while common < min(len(stack), len(format)) and stack[common] == format[common]:
                    common += 1
                out.extend(_close_tag(entry) for entry in reversed(stack[common:]))
                for entry in format[common:]:
                    mode = ("strip" if outer else "old") if ids == "keep" and piece.op == "-" and entry not in new_entries else ids
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
    if state:
        out.append(_closing(state))
    out.extend(_close_tag(entry) for entry in reversed(stack))
    if outer:
        out.append(_closing("+" if outer == "move_to" else "-"))
    return "".join(out)


@lru_cache(maxsize=4096)
def changed_inner(pieces: tuple[Piece, ...], view: str, ids: str, outer: str) -> tuple[str, tuple[str, ...]]:
    """`render_pieces` and its notes, kept: the same change of a block recurs in many pairs of versions."""
    notes: list[str] = []
    return render_pieces(pieces, view, ids, notes, outer), tuple(notes)


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
    return " ".join(tokens.text().split())[:60]


def whole(block: Block, kind: str, ids: str, op_quiet: bool = False) -> str:
    """The inner HTML of a block that is inserted, deleted or moved whole, inside one `<ins>`/`<del>`."""
    if op_quiet:  # nothing a reader sees: written as it is
        return block.inner
    state: PieceOp = "+" if kind in ("insert", "move_to") else "-"
    moved = kind in ("move_to", "move_from")
    if needs_care(block.inner) or (ids != "keep" and ' id="' in block.inner):
        pieces = (Piece("=" if moved else state, tokenize(block.inner)),)
        return render_pieces(pieces, "inline", ids, [], kind if moved else "", plain_space=True)
    return f"{_opening(state, moved)}{block.inner}{_closing(state)}"


def _describe(block: Block) -> str:
    if block.kind == "heading":
        what = f"heading level {block.open[2:3]}"
    else:
        what = _BLOCK_NAMES.get(block.kind) or block.kind.replace("_", " ")
    places = [_KINDS[c.kind] for c in block.containers if c.kind in _KINDS]
    return what + (f" in a {' in a '.join(reversed(places))}" if places else "")


def _without_id(tag: str) -> str:
    return _ID_VALUE.sub("", tag) if ' id="' in tag else tag


def block_notes(op: BlockOp) -> list[str]:
    """What changed in a changed block's kind or place, the same words on the page and in `ppgen diff`:
    `heading level 3 → 2`, `was a paragraph, now a paragraph in a numbered list`, `layout changed`."""
    if op.kind != "change" or op.old is None or op.new is None:
        return []
    was, now = _describe(op.old), _describe(op.new)
    if was != now and op.old.kind == op.new.kind == "heading" and [c.kind for c in op.old.containers] == [c.kind for c in op.new.containers]:
        return [f"heading level {op.old.open[2:3]} → {op.new.open[2:3]}"]
    if was != now:
        return [f"was a {was}, now a {now}"]
    if _without_id(op.old.open) != _without_id(op.new.open) or [c.open for c in op.old.containers] != [c.open for c in op.new.containers]:
        return ["layout changed"]
    return []
