"""Which stretches of a redline's steps are compared as running text (`redline.stretch`): deleted,
inserted and changed paragraphs, headings and raw-HTML blocks that share words; and the kept word diff
of two blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

from ppgen.core.document import Block
from ppgen.redline.cache import Kept, PolicyCache, Worked
from ppgen.redline.labels import renumbered_only
from ppgen.redline.stretch import OpKind, stretch
from ppgen.redline.worddiff import diff_tokens
from ppgen.redline.words import STOP, Piece, edits, retyped, split_words, tokenize

FLOWING = frozenset({"paragraph", "heading", "html_block"})
"""Blocks whose text may run on into the next one (cells, code and rules keep their shape)."""


class Plan(NamedTuple):
    """One step of the merged text before it is an op (`align.BlockOp`)."""

    kind: OpKind
    """`equal`, `change`, `insert`, `delete`, `move_from` or `move_to`."""
    old: int
    """Index of the older version's (first) block, -1 when none."""
    new: int
    """Index of the newer version's (first) block, -1 when none."""
    span: int
    """Blocks covered (more than one only for `equal`)."""


_WORDS: Kept[str, frozenset[str]] = Kept(
    "a block's distinct words, stop words aside", lambda text: frozenset(split_words(text.lower())) - STOP
)


def _word_diff(pair: tuple[str, str]) -> tuple[tuple[Piece, ...], int, int]:
    return counted(tuple(diff_tokens(tokenize(pair[0]), tokenize(pair[1]))))


_WORD_DIFF: Kept[tuple[str, str], tuple[tuple[Piece, ...], int, int]] = Kept(
    "two blocks' word diff", _word_diff, 4096, lasting=True
)


def word_diff(old: str, new: str, cache: PolicyCache) -> tuple[tuple[Piece, ...], int, int]:
    """The word diff of two blocks' inner HTML, with the words it adds and removes (kept: the same pair
    of block texts recurs in many pairs of versions)."""
    return cache.get(_WORD_DIFF, (old, new))


def counted(pieces: tuple[Piece, ...]) -> tuple[tuple[Piece, ...], int, int]:
    """The pieces with the words they add and remove: not the words of a run struck and retyped for its
    quotes, dashes or spaces alone (`"Website" and ("You"` → `“Website” and (“You”`, a punctuation change,
    counted 3 words removed and 3 added)."""
    same = {k for start, stop, was, now in edits(pieces) if retyped(was, now) for k in range(start, stop)}
    return (
        pieces,
        sum(p.tokens.words() for k, p in enumerate(pieces) if p.op == "+" and k not in same),
        sum(p.tokens.words() for k, p in enumerate(pieces) if p.op == "-" and k not in same),
    )


def runs(
    a: Sequence[Block],
    b: Sequence[Block],
    steps: list[Plan],
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]],
    cache: PolicyCache,
) -> tuple[list[Plan], set[int]]:
    """The steps with each stretch of deleted, inserted and changed running text (at least one block
    deleted or inserted) compared as running text (see `redline.stretch`); and the steps that continue a group."""
    out: list[Plan] = []
    glued: set[int] = set()
    k = 0

    def past(e: int) -> int:
        """The step after the blocks moved away from step `e` on, when it is text inserted and no older text
        runs on after it; else `e`. A stretch reads past them: Automattic's cookie policy split a paragraph
        where a heading after it moved away, and the paragraph's second part, placed after that heading's
        old place, read as struck and new. (GitHub's event code of conduct moved its heading up, and split
        the paragraph after it: that paragraph's first part is its own.)"""
        n = e
        while n < len(steps) and steps[n][0] == "move_from":
            n += 1
        m = n
        while (
            m < len(steps)
            and steps[m][0] == "insert"
            and _flowing(a, b, steps[m])
            and b[steps[m][2]].kind != "heading"
        ):
            m += 1
        runs_on = m < len(steps) and steps[m][1] >= 0 and _flowing(a, b, steps[m])
        return n if e < n < m and not runs_on else e

    def opens(e: int) -> bool:  # is a block deleted or inserted next to step e, in running text?
        n = past(e + 1)
        return n < len(steps) and steps[n][0] in ("delete", "insert") and _flowing(a, b, steps[n])

    while k < len(steps):
        # a stretch: deleted and inserted blocks, and the changed blocks right beside them (or changed
        # blocks only)
        end = k
        passed: list[Plan] = []  # blocks moved away that the stretch reads past, put after it
        while end < len(steps):
            if end > k and (after := past(end)) > end:
                passed += steps[end:after]
                end = after
            if not (
                _flowing(a, b, steps[end])
                and (steps[end][0] != "change" or end > k and steps[end - 1][0] != "change" or opens(end))
            ) or (passed and (steps[end][1] >= 0 or b[steps[end][2]].kind == "heading")):
                break  # past blocks moved away, only text inserted, up to a section
            end += 1
        if end == k:  # changed blocks only, up to one that opens a stretch of its own (Matrix's notice: a
            # heading recapitalised, then the paragraph the next one was joined to)
            while end < len(steps) and steps[end][0] == "change" and _flowing(a, b, steps[end]):
                if end > k and opens(end):
                    break
                end += 1
        run = [step for step in steps[k:end] if step not in passed]
        if (
            len(run) < 2
            or [s[0] for s in run] in (["delete", "insert"], ["insert", "delete"])
            or not (
                _spills(a, b, run, cache)
                if all(s[0] == "change" for s in run)
                else _related(a, b, run, cache)
            )
        ):
            out += steps[k:end] or [steps[k]]
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
        out += passed
        k = end
    return out, glued


def _related(a: Sequence[Block], b: Sequence[Block], run: list[Plan], cache: PolicyCache) -> bool:
    """Does a block deleted or inserted in the stretch share words with the other version's blocks in it
    (else the stretch is what it looks like: blocks deleted and inserted whole), or hold most of what the
    changed block beside it struck or inserted (`_carried`)?"""
    if _carried(a, b, run, cache):
        return True
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


def _carried(a: Sequence[Block], b: Sequence[Block], run: list[Plan], cache: PolicyCache) -> bool:
    """Does a block inserted (deleted) next to a changed one hold most of the words the change struck
    (inserted), five or more: a sentence split off into a paragraph of its own and added to? Basecamp's
    "If you have questions … contact us at privacy@basecamp.com" became a paragraph three times as long,
    and read as struck from its paragraph and a new paragraph inserted."""
    for first, second in pairwise(run):
        for (kind, i, j, _), (other, i2, j2, _) in ((first, second), (second, first)):
            if kind != "change" or other not in ("insert", "delete"):
                continue
            moved = _changed_words(a[i].inner, b[j].inner, "-" if other == "insert" else "+", cache)
            there = cache.get(_WORDS, b[j2].text if other == "insert" else a[i2].text)
            if len(moved & there) >= 5 and 2 * len(moved & there) >= len(moved):
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
    return cache.work(_CHANGED_WORDS, (old, new, op))


def _changed(key: tuple[str, str, str], cache: PolicyCache) -> frozenset[str]:
    old, new, op = key
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


_CHANGED_WORDS: Worked[tuple[str, str, str], frozenset[str]] = Worked(
    "the words a block's word diff strikes (-) or inserts (+)", _changed, 4096
)


def _flowing(a: Sequence[Block], b: Sequence[Block], step: Plan) -> bool:
    """May the step's text run on into its neighbours'? Not a block that only changed its number: the
    section before it was inserted or deleted, and its text is its own ("2. Accounts" deleted and
    "3. Payment" renumbered is not "2. Accounts" reworded)."""
    kind, i, j, _ = step
    return (
        kind in ("delete", "insert", "change")
        and (i < 0 or a[i].kind in FLOWING)
        and (j < 0 or b[j].kind in FLOWING)
        and not (kind == "change" and renumbered_only(a[i], b[j]))
    )
