"""Which block of the older version goes with which of the newer, in the gaps between runs of equal
blocks: table rows row with row, blocks edited in place, the same text reformatted or moved, similar
blocks, then what is left of headings, code and cells (outside rows paired row by row) paired by position."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from ppgen.core.document import Block
from ppgen.redline.cache import PolicyCache
from ppgen.redline.kinship import COUNT_WORDS
from ppgen.redline.rows import pair_rows
from ppgen.redline.runs import word_diff
from ppgen.redline.similar import contained, family, increasing, overlap, similar
from ppgen.redline.words import Piece, split_words

_POSITIONAL = frozenset({"heading", "th", "td", "dt", "fence", "code_block", "hr"})
"""Kinds paired by position when a gap holds as many old as new blocks of them (a cell stays a cell)."""
_MOVE = 0.5
"""Least similarity for two blocks in different places to be one moved-and-changed block."""


class Pairing(NamedTuple):
    """The blocks of two versions paired, for `redline.align` to turn into ops."""

    by_region: list[list[tuple[int, int]]]
    """The (old index, new index) pairs kept in place in each segment, in order."""
    moves: dict[int, int]
    """Old index → new index of each moved block."""
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]]
    """The word diffs worked out while pairing, by (old index, new index)."""


def pair(
    a: Sequence[Block],
    b: Sequence[Block],
    segments: list[tuple[int, int, int, int, bool]],
    cache: PolicyCache,
) -> Pairing:
    """The blocks of `a` (older) and `b` (newer) paired across the gaps of `segments` (runs of equal
    blocks and the regions between them: (i0, i1, j0, j1, equal))."""
    region_of: dict[tuple[str, int], int] = {}
    for number, (i0, i1, j0, j1, equal) in enumerate(segments):
        if not equal:
            region_of.update({("a", i): number for i in range(i0, i1)})
            region_of.update({("b", j): number for j in range(j0, j1)})
    olds = [i for side, i in region_of if side == "a"]
    news = [j for side, j in region_of if side == "b"]

    # Table rows in a gap: paired row with row (cells one for one), never a cell with a cell of another row.
    candidates: list[tuple[float, int, int]] = []
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]] = {}
    taken_old, taken_new, moved_cells = pair_rows(a, b, segments, candidates, diffs, cache)
    in_rows = (taken_old, taken_new)
    olds = [i for i in olds if i not in in_rows[0]]
    news = [j for j in news if j not in in_rows[1]]

    # A gap with as many blocks on each side: try them one for one first (the usual edit), kept when alike.
    for i0, i1, j0, j1, equal in segments:
        if not equal and i1 - i0 == j1 - j0 and not any(i in in_rows[0] for i in range(i0, i1)):
            for i, j in zip(range(i0, i1), range(j0, j1), strict=True):
                # alike: sharing half their words, or one inside the other (a definition that took in a
                # passage moved from elsewhere is that definition, not the passage moved)
                if family(a[i]) == family(b[j]) is not None and (
                    overlap(a[i], b[j], cache) or contained(a[i], b[j], cache)
                ):
                    diffed = word_diff(a[i].inner, b[j].inner, cache)
                    _, added, removed = diffed
                    # half the words kept
                    if 2 * (cache.get(COUNT_WORDS, b[j].inner) - added) >= added + removed:
                        diffs[(i, j)] = diffed
                        candidates.append((1.5, i, j))
    zipped_old = {i for _, i, _ in candidates}
    zipped_new = {j for _, _, j in candidates}
    olds = [i for i in olds if i not in zipped_old]
    news = [j for j in news if j not in zipped_new]

    # Same text in both: a pair in place (formatting changed) when in one gap, else a move.
    wanted: dict[tuple[str, str], list[int]] = {}
    for j in reversed(news):
        wanted.setdefault((b[j].kind, b[j].inner), []).append(j)
    for i in olds:
        waiting = wanted.get((a[i].kind, a[i].inner))
        if waiting and (region_of[("a", i)] == region_of[("b", waiting[-1])] or _movable(a[i])):
            candidates.append((2.0, i, waiting.pop()))
    exact_old = {i for _, i, _ in candidates} | zipped_old
    exact_new = {j for _, _, j in candidates} | zipped_new
    taken: set[int] = set()
    for score, i, j in similar(
        a, b, [i for i in olds if i not in exact_old], [j for j in news if j not in exact_new], cache
    ):
        if j not in taken:
            taken.add(j)
            candidates.append((score, i, j))

    # of pairs that cross in one gap, those kept in place are the ones that could not be moves (Etsy's sentence
    # moved out of a section it deleted, past a paragraph it kept: the paragraph is in place, the sentence moved)
    could_move = {(i, j) for score, i, j in candidates if _could_move(a[i], b[j], score, cache)}
    in_place: dict[int, list[tuple[int, int]]] = {}
    for _score, i, j in candidates:
        if region_of[("a", i)] == region_of[("b", j)]:
            in_place.setdefault(region_of[("a", i)], []).append((i, j))
    paired: dict[int, int] = {}
    for pairs in in_place.values():
        pairs.sort()
        paired.update(increasing(pairs, could_move))
    moves: dict[int, int] = {}
    kept_new = set(paired.values())
    # a block in place is never also a move
    for _score, i, j in candidates:
        if i not in paired and j not in kept_new and (i, j) in could_move:
            moves[i] = j
    moves.update(moved_cells)  # table rows moved whole
    moved_to = set(moves.values())
    for i, j in sorted(moves.items()):  # a moved section takes its heading along, even a reworded one
        h, g = i - 1, j - 1
        if (
            h >= 0
            and g >= 0
            and h not in moves
            and g not in moved_to
            and h not in paired
            and g not in kept_new
            and a[h].kind == b[g].kind == "heading"
            and ("a", h) in region_of
            and ("b", g) in region_of
        ):
            moves[h] = g
            moved_to.add(g)

    by_region = _by_region(segments, paired)
    before = len(paired)
    for number, (i0, i1, j0, j1, equal) in enumerate(segments):
        if not equal:
            _pair_by_position(
                a, b, range(i0, i1), range(j0, j1), by_region[number], paired, moves, moved_to, in_rows
            )
    return Pairing(_by_region(segments, paired) if len(paired) > before else by_region, moves, diffs)


def _could_move(old: Block, new: Block, score: float, cache: PolicyCache) -> bool:
    """May the pair be a block moved, out of place? Only a block of the same kind moves: the same text (of a
    few words), alike enough, or the one inside the other."""
    return old.kind == new.kind and (
        score > 1
        and _movable(old)
        or score >= _MOVE
        and len(split_words(old.text)) >= 5
        or contained(old, new, cache)
    )


def _movable(block: Block) -> bool:
    return block.kind not in ("th", "td", "hr") and (
        block.kind == "heading" or len(split_words(block.text)) >= 3
    )


def _by_region(
    segments: list[tuple[int, int, int, int, bool]], paired: dict[int, int]
) -> list[list[tuple[int, int]]]:
    """The pairs of each segment, in order."""
    ordered = sorted(paired.items())
    starts = [i for i, _ in ordered]
    return [ordered[bisect_left(starts, i0) : bisect_left(starts, i1)] for i0, i1, _, _, _ in segments]


def _pair_by_position(
    a: Sequence[Block],
    b: Sequence[Block],
    olds: range,
    news: range,
    anchors: list[tuple[int, int]],
    paired: dict[int, int],
    moves: dict[int, int],
    moved_to: set[int],
    in_rows: tuple[set[int], set[int]],
) -> None:
    """Pair leftover cells, headings and code blocks that sit in the same gap, one for one (not the cells
    of rows `rows.pair_rows` paired or left alone: a row alike to none is inserted or deleted whole)."""
    i, j = olds.start, news.start
    for stop_i, stop_j in anchors + [(olds.stop, news.stop)]:
        left = [x for x in range(i, stop_i) if x not in moves and x not in in_rows[0]]
        right = [y for y in range(j, stop_j) if y not in moved_to and y not in in_rows[1]]
        if (
            left
            and len(left) == len(right)
            and all(
                a[x].kind == b[y].kind and a[x].kind in _POSITIONAL for x, y in zip(left, right, strict=True)
            )
        ):
            paired.update(zip(left, right, strict=True))
        i, j = stop_i + 1, stop_j + 1
