"""Which changed block of one version is most like which of the other: word-pair sketches, shared-word overlap
and the longest run of pairs in order (used by `pairing` to pair changed and moved blocks)."""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections.abc import Collection, Sequence
from itertools import pairwise

from ppgen.core.document import Block
from ppgen.redline.cache import Kept, PolicyCache
from ppgen.redline.labels import unlabelled
from ppgen.redline.words import CJK, split_words

_WORDS = re.compile(rf"[{CJK}]|[^\W{CJK}]+")
_FAMILY = {
    "heading": "text",
    "paragraph": "text",
    "th": "text",
    "td": "text",
    "dt": "text",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
}
"""Blocks of one family may pair with each other (a raw-HTML block only with another)."""
_SKETCH = 32
"""Features kept per block for similarity (the smallest hashes: a bottom-k sketch)."""
_COMMON = 8
"""A feature found in more blocks than this tells nothing about which block is which."""
_FEW = 2
"""Features below which a block pairs only with a block of its own kind (`similar`): one word has one; two
words have three (each word, and the pair)."""
_PAIR = 0.25
"""Least similarity for two blocks in the same place to be one changed block."""


def family(block: Block) -> str | None:
    """The family of blocks this one may pair with (None: it pairs only by position or not at all)."""
    return _FAMILY.get(block.kind)


def _features(text: str) -> list[int]:
    words = _WORDS.findall(unlabelled(text).lower())
    grams = set(map(" ".join, pairwise(words)))
    if len(words) < 8:
        grams.update(words)
    return sorted(map(zlib.crc32, map(str.encode, grams)))[:_SKETCH]


FEATURES: Kept[str, list[int]] = Kept("a block's sketch", _features)


def similar(
    a: Sequence[Block], b: Sequence[Block], olds: list[int], news: list[int], cache: PolicyCache
) -> list[tuple[float, int, int]]:
    """For each older block, its most similar newer block of the same family: (similarity, i, j), best first."""
    wanted: dict[str, set[int]] = {}
    """Family → the features of its older blocks (only they are looked up)."""
    for i in olds:
        family = _FAMILY.get(a[i].kind)
        if family:
            sketch: list[int] = cache.get(FEATURES, a[i].text)
            wanted.setdefault(family, set()).update(sketch)
    sketch_b: dict[int, list[int]] = {}
    index: dict[str, dict[int, list[int]]] = {}
    """Family → feature → the newer blocks that have it (the first `_COMMON` + 1: more tell nothing)."""
    for j in news:
        family = _FAMILY.get(b[j].kind)
        if family in wanted:
            features = wanted[family]
            sketch_b[j] = cache.get(FEATURES, b[j].text)
            postings = index.setdefault(family, {})
            for feature in sketch_b[j]:
                if feature in features:
                    posting = postings.setdefault(feature, [])
                    if len(posting) <= _COMMON:
                        posting.append(j)
    found: list[tuple[float, int, int]] = []
    for i in olds:
        family = _FAMILY.get(a[i].kind)
        if not family or family not in index:
            continue
        sketch = cache.get(FEATURES, a[i].text)
        postings = index[family]
        shared: dict[int, int] = {}
        for feature in sketch:
            having = postings.get(feature)
            if having is not None and len(having) <= _COMMON:
                for j in having:
                    shared[j] = shared.get(j, 0) + 1
        # a block of one word pairs only with its own kind (DuckDuckGo's line "_Privacy_" is not its heading
        # "Duck Duck Go Privacy Policy" renamed "DuckDuckGo Privacy")
        shared = {
            j: n
            for j, n in shared.items()
            if b[j].kind == a[i].kind or min(len(sketch), len(sketch_b[j])) >= _FEW
        }
        best = max(shared, key=lambda j: (2 * shared[j] / (len(sketch) + len(sketch_b[j])), -j), default=None)
        if best is not None:
            score = 2 * shared[best] / (len(sketch) + len(sketch_b[best]))
            if score >= _PAIR:
                found.append((score, i, best))
    found.sort(key=lambda t: (-t[0], t[1]))
    return found


def increasing(pairs: list[tuple[int, int]], spare: Collection[tuple[int, int]] = ()) -> set[tuple[int, int]]:
    """The longest run of pairs increasing in both indices (pairs sorted by the first); or one as long that keeps
    its other pairs and holds fewer in `spare` (pairs that stay paired out of the run, as moves)."""
    longest = _longest(pairs)
    spared = longest & set(spare)
    if spared:
        lightest = _lightest(pairs, spare)
        if (
            len(lightest) == len(longest)
            and longest - spared <= lightest
            and len(lightest & set(spare)) < len(spared)
        ):
            return lightest
    return longest


def _longest(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """A longest run of pairs increasing in both indices (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        back.append(tail_at[pos - 1] if pos else -1)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
    keep: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(pairs[k])
        k = back[k]
    return keep


def _lightest(pairs: list[tuple[int, int]], spare: Collection[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of the longest runs, one with the fewest pairs in `spare`: a heaviest run, each pair weighing more than
    all the spare pairs together, less one for a spare pair."""
    ranks = {j: rank for rank, j in enumerate(sorted({j for _, j in pairs}), 1)}
    best = [(0, -1)] * (len(ranks) + 1)
    """A Fenwick tree over the second index: (weight, pair) of the heaviest run ending at or below a rank."""
    ends: list[tuple[int, int]] = []
    """(weight of the heaviest run ending with pair k, the pair before it in that run)."""
    for k, (_, j) in enumerate(pairs):
        rank, below = ranks[j] - 1, (0, -1)
        while rank:
            below = max(below, best[rank], key=lambda found: found[0])
            rank -= rank & -rank
        ends.append((below[0] + len(pairs) + 1 - (pairs[k] in spare), below[1]))
        rank = ranks[j]
        while rank < len(best):
            if ends[k][0] > best[rank][0]:
                best[rank] = (ends[k][0], k)
            rank += rank & -rank
    keep: set[tuple[int, int]] = set()
    k = max(range(len(pairs)), key=lambda k: ends[k][0], default=-1)
    while k >= 0:
        keep.add(pairs[k])
        k = ends[k][1]
    return keep


def overlap(x: Block, y: Block, cache: PolicyCache) -> bool:
    """A cheap first look: do two blocks share half their distinct words (or are both without words)?"""
    words_x, words_y = cache.get(_WORD_SET, x.text), cache.get(_WORD_SET, y.text)
    return 2 * len(words_x & words_y) >= max(len(words_x), len(words_y)) or not (words_x or words_y)


_CONTAINED = 10
"""Distinct pairs of words a block needs for being inside another to make it that block (`contained`)."""


def contained(x: Block, y: Block, cache: PolicyCache) -> bool:
    """Is the shorter of two blocks, of `_CONTAINED` distinct pairs of words or more, nine tenths inside the
    other (its pairs of words, in order: a block of the same few words in another order is not): a paragraph
    that lost a sentence, or gained one, on its way elsewhere (npm's "Package names are considered squatted if
    the package has no genuine function.", moved under "Definitions" without the sentences that followed it:
    the sketches of a block and its first third share too little to be `_MOVE` alike)?"""
    pairs_x, pairs_y = cache.get(_PAIR_SET, x.text), cache.get(_PAIR_SET, y.text)
    shorter, longer = sorted((pairs_x, pairs_y), key=len)
    return len(shorter) >= _CONTAINED and 10 * len(shorter & longer) >= 9 * len(shorter)


def _pair_set(text: str) -> frozenset[tuple[str, str]]:
    return frozenset(pairwise(split_words(unlabelled(text).lower())))


_PAIR_SET: Kept[str, frozenset[tuple[str, str]]] = Kept("a block's distinct pairs of words", _pair_set)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(split_words(unlabelled(text).lower()))


_WORD_SET: Kept[str, frozenset[str]] = Kept("a block's distinct words", _word_set)
