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
from itertools import pairwise
from typing import Literal, NamedTuple

from ppgen.core.document import Block
from ppgen.redline.cache import Kept, PolicyCache
from ppgen.redline.words import (
    PARA,
    STOP,
    Piece,
    PieceOp,
    Tokens,
    count_words,
    diff_sequences,
    diff_tokens,
    tokenize,
    words_of,
)

FLOWING = frozenset({"paragraph", "heading", "html_block"})
"""Blocks whose text may run on into the next one (cells, code and rules keep their shape)."""
_SPLIT = (
    '<span class="rl-note rl-para rl-split"><span aria-hidden="true">¶ split</span>'
    '<span class="rl-sr"> (the paragraph is split here)</span></span>'
)
_JOINED = (
    '<span class="rl-note rl-para rl-joined"><span aria-hidden="true">¶ joined</span>'
    '<span class="rl-sr"> (two paragraphs are joined here)</span></span>'
)
_BOUNDARY = Tokens([PARA], [""], [()])


OpKind = Literal["equal", "change", "insert", "delete", "move_from", "move_to"]
"""What one step of a redline does with its block (a split or join is a `change` whose pieces hold a `¶`)."""


class Plan(NamedTuple):
    """One step of the merged text before it is an op (`redline_align.BlockOp`)."""

    kind: OpKind
    """`equal`, `change`, `insert`, `delete`, `move_from` or `move_to`."""
    old: int
    """Index of the older version's (first) block, -1 when none."""
    new: int
    """Index of the newer version's (first) block, -1 when none."""
    span: int
    """Blocks covered (more than one only for `equal`)."""


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


def mark(op: str) -> Piece:
    """A "¶ split" (`+`: only the newer text has the boundary) or "¶ joined" (`-`) mark: a note, no text."""
    return Piece(
        "¶", Tokens([PARA], [_SPLIT if op == "+" else _JOINED + " "], [()])
    )  # joined: the words stay apart


_TOKENS: Kept[str, Tokens] = Kept("a block's tokens", tokenize)
_BLOCK_WORDS: Kept[str, tuple[str, ...]] = Kept("a block's words", lambda inner: tuple(words_of(inner)))
_WORDS: Kept[str, frozenset[str]] = Kept(
    "a block's distinct words, stop words aside", lambda text: frozenset(text.lower().split()) - STOP
)
COUNT_WORDS: Kept[str, int] = Kept("how many words a block holds", count_words)
"""`redline_words.count_words`, kept: the versions of a policy share most of their blocks."""


def _word_diff(pair: tuple[str, str]) -> tuple[tuple[Piece, ...], int, int]:
    return counted(tuple(diff_tokens(tokenize(pair[0]), tokenize(pair[1]))))


_WORD_DIFF: Kept[tuple[str, str], tuple[tuple[Piece, ...], int, int]] = Kept(
    "two blocks' word diff", _word_diff, 4096
)


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


def _is_word(key: str) -> bool:
    return key[:1].isalnum() or key[:1] == "_"


_QUICK = 6000
"""Words of a stretch up to which its blocks are linked by one diff of their words alone."""


def _word_keys(blocks: Sequence[Block], cache: PolicyCache) -> list[str]:
    """The blocks' words end to end, a boundary token between two blocks."""
    keys: list[str] = []
    for k, block in enumerate(blocks):
        if k:
            keys.append(PARA)
        words: tuple[str, ...] = cache.get(_BLOCK_WORDS, block.inner)
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


def _links(
    pieces: Sequence[Piece], olds: Sequence[Block], news: Sequence[Block], cache: PolicyCache
) -> list[tuple[int, int]]:
    """(older, newer) block pairs that keep enough words in common, in order."""
    shared: dict[tuple[int, int], int] = {}
    x = y = 0
    for piece in pieces:
        keys = piece.tokens.keys
        if PARA not in keys:
            if piece.op in "=~":
                shared[(x, y)] = shared.get((x, y), 0) + piece.tokens.words()
            continue
        for key in keys:
            if key == PARA:
                x += piece.op != "+"
                y += piece.op != "-"
            elif piece.op in "=~" and _is_word(key):
                shared[(x, y)] = shared.get((x, y), 0) + 1
    words_old = [max(1, cache.get(COUNT_WORDS, b.inner)) for b in olds]
    words_new = [max(1, cache.get(COUNT_WORDS, b.inner)) for b in news]
    raw_old = [b.kind == "html_block" for b in olds]
    raw_new = [b.kind == "html_block" for b in news]
    return sorted(
        (x, y)
        for (x, y), count in shared.items()
        if raw_old[x] == raw_new[y]
        and (count >= 3 or 2 * count >= min(words_old[x], words_new[y]))  # raw HTML pairs only with raw HTML
    )


def _groups(links: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Linked blocks as groups (x0, x1, y0, y1), ranges end-exclusive, in order."""
    groups: list[tuple[int, int, int, int]] = []
    for x, y in links:
        if groups and (x < groups[-1][1] or y < groups[-1][3]):
            x0, x1, y0, y1 = groups[-1]
            groups[-1] = (x0, max(x1, x + 1), y0, max(y1, y + 1))
        else:
            groups.append((x, x + 1, y, y + 1))
    return groups


def stretch(olds: Sequence[Block], news: Sequence[Block], cache: PolicyCache) -> list[Step]:
    """The steps that show `olds` becoming `news`, read as running text, in reading order."""
    words_old, words_new = _word_keys(olds, cache), _word_keys(news, cache)
    if (
        len(words_old) + len(words_new) <= _QUICK
    ):  # the words alone, diffed once (no clean-up): where blocks meet
        pieces = [
            Piece(op, Tokens(keys, keys, [()] * len(keys))) for op, keys in _word_runs(words_old, words_new)
        ]
    else:  # long stretches: the windowed diff, whose time grows with the length
        pieces = diff_tokens(_running(olds, cache), _running(news, cache))
    links = _links(pieces, olds, news, cache)
    steps: list[Step] = []
    x = y = 0
    for x0, x1, y0, y1 in [*_groups(links), (len(olds), len(olds), len(news), len(news))]:
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
    return steps


def _apart(pieces: Sequence[Piece], only: int = -1) -> bool:
    """Does every boundary only one version has (or the one in piece `only`) fall where the other version
    has white space (or a boundary)?"""
    flat = [(n, piece.op, key) for n, piece in enumerate(pieces) for key in piece.tokens.keys]
    for k, (n, op, key) in enumerate(flat):
        if key != PARA or op not in "+-" or only >= 0 and n != only:
            continue
        other = "=~-" if op == "+" else "=~+"  # the version without this boundary
        before = next((key for _, o, key in reversed(flat[:k]) if o in other and key[:1] != "<"), " ")
        after = next((key for _, o, key in flat[k + 1 :] if o in other and key[:1] != "<"), " ")
        if not (before[:1].isspace() or after[:1].isspace() or PARA in (before, after)):
            return False
    return True


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
                    parts[-1].append(mark("-"))
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
        Step("change", starts[k], y0 + k, tuple(part or [nothing]), k > 0 and not raw)
        for k, part in enumerate(parts)
    ]


def word_diff(old: str, new: str, cache: PolicyCache) -> tuple[tuple[Piece, ...], int, int]:
    """The word diff of two blocks' inner HTML, with the words it adds and removes (kept: the same pair
    of block texts recurs in many pairs of versions)."""
    return cache.get(_WORD_DIFF, (old, new))


def counted(pieces: tuple[Piece, ...]) -> tuple[tuple[Piece, ...], int, int]:
    """The pieces with the words they add and remove."""
    return (
        pieces,
        sum(p.tokens.words() for p in pieces if p.op == "+"),
        sum(p.tokens.words() for p in pieces if p.op == "-"),
    )


def runs(
    a: Sequence[Block],
    b: Sequence[Block],
    steps: list[Plan],
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]],
    cache: PolicyCache,
) -> tuple[list[Plan], set[int]]:
    """The steps with each stretch of deleted, inserted and changed running text (at least one block
    deleted or inserted) compared as running text (see `redline_runs`); and the steps that continue a group."""
    out: list[Plan] = []
    glued: set[int] = set()
    k = 0
    while k < len(steps):
        end = k  # a stretch: deleted and inserted blocks, and the changed blocks right beside them (or changed blocks only)
        while (
            end < len(steps)
            and _flowing(a, b, steps[end])
            and (
                steps[end][0] != "change"
                or end > k
                and steps[end - 1][0] != "change"
                or end + 1 < len(steps)
                and steps[end + 1][0] in ("delete", "insert")
                and _flowing(a, b, steps[end + 1])
            )
        ):
            end += 1
        if end == k:
            while end < len(steps) and steps[end][0] == "change" and _flowing(a, b, steps[end]):
                end += 1
        run = steps[k:end]
        if (
            len(run) < 2
            or [s[0] for s in run] in (["delete", "insert"], ["insert", "delete"])
            or not (
                _spills(a, b, run, cache)
                if all(s[0] == "change" for s in run)
                else _related(a, b, run, cache)
            )
        ):
            out += run or [steps[k]]
            k = max(end, k + 1)
            continue
        olds = [s[1] for s in run if s[1] >= 0]
        news = [s[2] for s in run if s[2] >= 0]
        for step in stretch([a[i] for i in olds], [b[j] for j in news], cache):
            i, j = olds[step.old] if step.old >= 0 else -1, news[step.new] if step.new >= 0 else -1
            if step.glued:
                glued.add(len(out))
            if step.pieces is not None:
                diffs[(i, j)] = counted(step.pieces)
            out.append(Plan(step.kind, i, j, 1))
        k = end
    return out, glued


def _related(a: Sequence[Block], b: Sequence[Block], run: list[Plan], cache: PolicyCache) -> bool:
    """Does a block deleted or inserted in the stretch share words with the other version's blocks in it
    (else the stretch is what it looks like: blocks deleted and inserted whole)?"""
    olds = frozenset().union(*(cache.get(_WORDS, a[i].text) for _, i, _, _ in run if i >= 0))
    news = frozenset().union(*(cache.get(_WORDS, b[j].text) for _, _, j, _ in run if j >= 0))
    for kind, i, j, _ in run:
        mine, other = (
            (cache.get(_WORDS, a[i].text), news)
            if kind == "delete"
            else (cache.get(_WORDS, b[j].text), olds)
            if kind == "insert"
            else (None, None)
        )
        if (
            mine is not None
            and other is not None
            and 3 * len(mine & other) >= len(mine) > 0
            and (len(mine & other) >= 3 or 2 * len(mine & other) >= len(mine))
        ):
            return True
    return False


def _spills(a: Sequence[Block], b: Sequence[Block], run: list[Plan], cache: PolicyCache) -> bool:
    """Do words struck from one changed block come back in the next (a sentence carried over a paragraph boundary)?"""
    for (_, i, j, _), (_, i2, j2, _) in pairwise(run):
        for first, second in (((i, j), (i2, j2)), ((i2, j2), (i, j))):
            gone = _changed_words(a[first[0]].inner, b[first[1]].inner, "-", cache)
            came = _changed_words(a[second[0]].inner, b[second[1]].inner, "+", cache)
            if len(gone & came) >= 5 and 2 * len(gone & came) >= min(len(gone), len(came)):
                return True
    return False


def _changed_words(old: str, new: str, op: str, cache: PolicyCache) -> frozenset[str]:
    return (
        frozenset(
            w.lower()
            for p in word_diff(old, new, cache)[0]
            if p.op == op
            for w in p.tokens.keys
            if w[:1].isalnum()
        )
        - STOP
    )


def _flowing(a: Sequence[Block], b: Sequence[Block], step: Plan) -> bool:
    kind, i, j, _ = step
    return (
        kind in ("delete", "insert", "change")
        and (i < 0 or a[i].kind in FLOWING)
        and (j < 0 or b[j].kind in FLOWING)
    )
