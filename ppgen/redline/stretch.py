"""A stretch of N older blocks against M newer ones compared as running text: paragraphs split, joined or re-wrapped.

The blocks of each side are written end to end with a paragraph boundary token between them and
word-diffed once. Words kept link an older block to a newer one; blocks linked to each other form a
group. A group of one older and one newer block is an ordinary changed block; a larger group is
shown as its newer blocks, each holding its share of the running diff, with a "¶ split" mark where
only the newer text has a boundary and a "¶ joined" mark where only the older had one. A block that
keeps nothing is deleted or inserted whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from ppgen.redline.boldnames import bold_alone, same_name
from ppgen.redline.cache import Kept, PolicyCache, Worked
from ppgen.redline.kinship import BLOCK_WORDS, Block, groups, links
from ppgen.redline.paramarks import joins_placed, mark
from ppgen.redline.worddiff import diff_sequences, diff_tokens
from ppgen.redline.words import (
    PARA,
    Piece,
    PieceOp,
    Tokens,
    is_tag,
    tokenize,
    unspaced,
)
from ppgen.source.sanitize import text_of

_BOUNDARY = Tokens([PARA], [""], [()])


OpKind = Literal["equal", "change", "insert", "delete", "move_from", "move_to"]
"""What one step of a redline does with its block (a split or join is a `change` whose pieces hold a `¶`)."""


class Text(NamedTuple):
    """A block as a stretch reads it: its kind and inner HTML (a `Block`, and a key to keep a stretch by)."""

    kind: str
    inner: str


class Step(NamedTuple):
    """One step of a stretch: `delete` (older block only), `insert` (newer only) or `change` (a newer
    block with its share of the group's diff; `old` is the older block its first kept word comes from)."""

    kind: OpKind
    old: int
    """Index in the older stretch (-1 for `insert`)."""
    new: int
    """Index in the newer stretch (-1 for `delete`)."""
    pieces: tuple[Piece, ...] | None
    """The block's pieces in a group of more than two blocks; None for a one-for-one pair (the caller diffs it)."""
    glued: bool
    """True when the step continues the group of the step before it (one change)."""


_TOKENS: Kept[str, Tokens] = Kept("a block's tokens", tokenize)


def _running(blocks: Sequence[Block], cache: PolicyCache) -> Tokens:
    """The blocks' tokens end to end, a boundary token between two blocks."""
    keys: list[str] = []
    htmls: list[str] = []
    formats: list[tuple[str, ...]] = []
    for k, block in enumerate(blocks):
        if k:
            keys += _BOUNDARY.keys
            htmls += _BOUNDARY.htmls
            formats += _BOUNDARY.formats
        tokens = cache.get(_TOKENS, block.inner)
        keys += tokens.keys
        htmls += tokens.htmls
        formats += tokens.formats
    return Tokens(keys, htmls, formats)


_QUICK = 6000
"""Words of a stretch up to which its blocks are linked by one diff of their words alone."""


def _word_keys(blocks: Sequence[Block], cache: PolicyCache) -> list[str]:
    """The blocks' words end to end, a boundary token between two blocks."""
    keys: list[str] = []
    for k, block in enumerate(blocks):
        if k:
            keys.append(PARA)
        words: tuple[str, ...] = cache.get(BLOCK_WORDS, block.inner)
        keys += words
    return keys


def _word_runs(a: list[str], b: list[str]) -> list[tuple[PieceOp, list[str]]]:
    """diff_sequences of two word lists, as runs of the words themselves."""
    out: list[tuple[PieceOp, list[str]]] = []
    i = j = 0
    for op, count in diff_sequences(a, b):
        if op == "+":
            out.append((op, b[j : j + count]))
            j += count
        else:
            out.append((op, a[i : i + count]))
            i += count
            j += count if op == "=" else 0
    return out


def stretch(olds: Sequence[Block], news: Sequence[Block], cache: PolicyCache) -> tuple[Step, ...]:
    """The steps that show `olds` becoming `news`, read as running text, in reading order (kept: a
    version compared with its neighbour and with the current version often has the same stretch in both)."""
    key = (tuple(Text(b.kind, b.inner) for b in olds), tuple(Text(b.kind, b.inner) for b in news))
    return cache.work(_STRETCH, key)


def _stretch(key: tuple[tuple[Text, ...], tuple[Text, ...]], cache: PolicyCache) -> tuple[Step, ...]:
    olds, news = key
    anchors = _anchors(olds, news)
    if anchors:
        return _anchored(olds, news, anchors, cache)
    words_old, words_new = _word_keys(olds, cache), _word_keys(news, cache)
    if (
        len(words_old) + len(words_new) <= _QUICK
    ):  # the words alone, diffed once (no clean-up): where blocks meet
        pieces = [
            Piece(op, Tokens(keys, keys, [()] * len(keys))) for op, keys in _word_runs(words_old, words_new)
        ]
    else:  # long stretches: the windowed diff, whose time grows with the length
        pieces = diff_tokens(_running(olds, cache), _running(news, cache))
    linked = links(pieces, olds, news, cache)
    steps: list[Step] = []
    x = y = 0
    for x0, x1, y0, y1 in [*groups(linked, olds, news, cache), (len(olds), len(olds), len(news), len(news))]:
        steps += [Step("delete", k, -1, None, False) for k in range(x, x0)]
        steps += [Step("insert", -1, k, None, False) for k in range(y, y0)]
        if x1 - x0 == 1 and y1 - y0 == 1:
            steps.append(Step("change", x0, y0, None, False))
        elif x0 < x1:
            steps += _group(olds, news, x0, x1, y0, y1, cache) or [
                *(Step("delete", k, -1, None, False) for k in range(x0, x1)),
                *(Step("insert", -1, k, None, False) for k in range(y0, y1)),
            ]
        x, y = x1, y1
    return tuple(steps)


def _anchors(olds: Sequence[Text], news: Sequence[Text]) -> list[tuple[int, int]]:
    """The headings of the same words, one of them on each side, that keep their order: (older, newer), in
    order. Basecamp's "Changes & questions" went from level 3 to 2 as a long paragraph was inserted before
    it: the words of the stretch, diffed as one, paired the new paragraph with the section's old text, and the
    section read as deleted and a new one of its name added. A bold line that names a section is a heading
    here (Etsy's "**Information Sharing and Disclosure**" became "## Information Sharing & Disclosure")."""

    def headings(texts: Sequence[Text]) -> dict[str, int]:
        found: dict[str, list[int]] = {}
        for k, text in enumerate(texts):
            if name := _name(text):
                found.setdefault(name, []).append(k)
        return {name: at[0] for name, at in found.items() if len(at) == 1}

    older, newer = headings(olds), headings(news)
    pairs = sorted((older[name], newer[name]) for name in older.keys() & newer.keys())
    kept: list[tuple[int, int]] = []
    for x, y in pairs:  # in order on both sides: a heading moved against the others is no anchor
        if not kept or y > kept[-1][1]:
            kept.append((x, y))
    return kept


def _name(text: Text) -> str:
    """The name a heading, or a bold line that names a section, reads as (`boldnames.same_name`); "" for any
    other block."""
    if text.kind == "heading":
        return same_name(text_of(text.inner))
    return same_name(bold_alone(text.inner.strip())) if text.kind == "paragraph" else ""


def _anchored(
    olds: Sequence[Text], news: Sequence[Text], anchors: list[tuple[int, int]], cache: PolicyCache
) -> tuple[Step, ...]:
    """The steps of a stretch cut at its `anchors`: each anchor a heading changed (its level), each part
    between two its own stretch."""
    steps: list[Step] = []
    x = y = 0
    for ax, ay in [*anchors, (len(olds), len(news))]:
        if ax > x or ay > y:
            part: tuple[Step, ...] = cache.work(_STRETCH, (tuple(olds[x:ax]), tuple(news[y:ay])))
            steps += [
                step._replace(
                    old=step.old + x if step.old >= 0 else -1, new=step.new + y if step.new >= 0 else -1
                )
                for step in part
            ]
        if ax < len(olds):
            steps.append(Step("change", ax, ay, None, False))
        x, y = ax + 1, ay + 1
    return tuple(steps)


_STRETCH: Worked[tuple[tuple[Text, ...], tuple[Text, ...]], tuple[Step, ...]] = Worked(
    "a stretch's steps", _stretch, 256, lasting=True
)


def _apart(pieces: Sequence[Piece], only: int = -1) -> bool:
    """Does every boundary only one version has (or the one in piece `only`) fall where the other version
    has white space (or a boundary), or after a character of a script written without spaces?"""
    for n in range(len(pieces)) if only < 0 else range(only, min(only + 1, len(pieces))):
        piece = pieces[n]
        if piece.op not in "+-" or PARA not in piece.tokens.keys:
            continue
        other = "=~-" if piece.op == "+" else "=~+"  # the version without this boundary
        before, after = _nearest(pieces, n, other, -1), _nearest(pieces, n, other, 1)
        if not (
            before[:1].isspace()
            or after[:1].isspace()
            or PARA in (before, after)
            or unspaced(before)
            or unspaced(after)
        ):
            return False
    return True


def _nearest(pieces: Sequence[Piece], n: int, ops: str, step: int) -> str:
    """The first key that is not a tag, in a piece whose op is among `ops`, going from piece `n` by `step`
    (-1: before it, 1: after it); a space when there is none."""
    m = n + step
    while 0 <= m < len(pieces):
        if pieces[m].op in ops:
            keys = pieces[m].tokens.keys
            for key in reversed(keys) if step < 0 else keys:
                if not is_tag(key):
                    return key
        m += step
    return " "


def _shifted(pieces: list[Piece]) -> list[Piece]:
    """The pieces with each boundary only one version has moved past the kept characters that follow it up
    to white space (they are struck before it and retyped after it), so it does not fall inside a word
    of the other version (`Event,` does not become `Event ¶ ,`)."""
    out: list[Piece] = []
    for piece in pieces:  # each one-sided boundary a piece of its own
        if piece.op in "+-" and PARA in piece.tokens.keys and len(piece.tokens) > 1:
            start = 0
            for k, key in enumerate([*piece.tokens.keys, PARA]):
                if key == PARA or k == len(piece.tokens):
                    if k > start:
                        out.append(Piece(piece.op, piece.tokens.slice(start, k)))
                    if k < len(piece.tokens):
                        out.append(Piece(piece.op, piece.tokens.slice(k, k + 1)))
                    start = k + 1
        else:
            out.append(piece)
    n = 0
    while n < len(out):
        piece = out[n]
        if piece.op in "+-" and piece.tokens.keys == [PARA] and not _apart(out, n):
            m = n + 1
            while m < len(out) and out[m].op == piece.op:
                m += 1
            keys = out[m].tokens.keys if m < len(out) and out[m].op == "=" else []
            cut = next((k for k, key in enumerate(keys) if key[:1].isspace()), 0)
            if cut:
                head, rest = out[m].tokens.slice(0, cut), out[m].tokens.slice(cut, len(keys))
                other: PieceOp = "-" if piece.op == "+" else "+"
                out[m : m + 1] = [Piece(piece.op, head), *([Piece("=", rest)] if len(rest) else [])]
                out.insert(n, Piece(other, head))
                n += 1
        n += 1
    return out


def _beside_boundary(pieces: Sequence[Piece], n: int) -> bool:
    """Is there a boundary next to piece `n` (white space only), with only text of the other version between?"""
    other = "+" if pieces[n].op == "-" else "-"
    for step in (-1, 1):
        m = n + step
        while 0 <= m < len(pieces) and pieces[m].op == other and PARA not in pieces[m].tokens.keys:
            m += step
        if 0 <= m < len(pieces) and pieces[m].tokens.keys[-1 if step < 0 else 0 :][:1] == [PARA]:
            return True
    return False


def _group(
    olds: Sequence[Block], news: Sequence[Block], x0: int, x1: int, y0: int, y1: int, cache: PolicyCache
) -> list[Step]:
    """One group's steps: each newer block with its share of the group's diff (none when a boundary would
    fall inside a word of the version without it: the blocks are then deleted and inserted whole).
    Between raw-HTML blocks a boundary is only white space in the page (which the browser collapses), so
    a group of them is split or joined without a mark, and without a change where no word changed."""
    parts: list[list[Piece]] = [[]]
    starts: list[int] = [x0]
    """The older block each newer block's share starts in."""
    x = x0
    raw = all(block.kind == "html_block" for block in (*olds[x0:x1], *news[y0:y1]))
    pieces = _shifted(diff_tokens(_running(olds[x0:x1], cache), _running(news[y0:y1], cache)))
    if not _apart(pieces):
        return []
    for n, piece in enumerate(pieces):
        if (
            piece.op in "+-"
            and all(key[:1].isspace() for key in piece.tokens.keys)
            and _beside_boundary(pieces, n)
        ):
            continue  # the boundary keeps the words apart
        keys = piece.tokens.keys
        start = 0
        for k, key in enumerate(keys + [PARA]):
            if key != PARA:
                continue
            if k > start:
                parts[-1].append(
                    Piece(
                        piece.op,
                        piece.tokens.slice(start, k),
                        piece.was.slice(start, k) if piece.was else None,
                    )
                )
            start = k + 1
            if k == len(keys):
                break
            if piece.op == "-":
                if not raw:
                    ends = _nearest(pieces, n, "=~+", -1), _nearest(pieces, n, "=~+", 1)
                    parts[-1].append(mark("-", not any(map(unspaced, ends))))
                x += 1
                continue
            if piece.op == "+":
                if not raw:
                    parts[-1].append(mark("+"))
            else:
                x += 1
            parts.append([])
            starts.append(x)
    nothing = Piece("=", Tokens([], [], []))
    return [
        Step("change", starts[k], y0 + k, tuple(joins_placed(part) or [nothing]), k > 0 and not raw)
        for k, part in enumerate(parts)
    ]
