"""What a policy's render work costs, worked out from its versions' bodies alone, and its redlines cut by
it into runs of about equal cost (`tasks.split` makes a task of each)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ppgen.site.plan import PairKey


def pair_cost(old: str, new: str) -> int:
    """About how much comparing two versions costs, from their bodies alone: the characters of the lines
    only the older has times those only the newer has (unmatched blocks are aligned with each other),
    plus a little for their length. On the shared corpus this follows the measured time of
    `redline.compare` (correlation 0.95); pairs years apart cost 30 × pairs a day apart."""
    return _cost((frozenset(old.splitlines()), len(old)), (frozenset(new.splitlines()), len(new)))


def _cost(old: tuple[frozenset[str], int], new: tuple[frozenset[str], int]) -> int:
    """`pair_cost` from each body's lines and length."""
    (lines, size), (others, other_size) = old, new
    gone, came = sum(map(len, lines - others)), sum(map(len, others - lines))
    return gone * came + 500 * (size + other_size) + 1


PAGE_COST = 1_000
"""About what rendering a policy's pages adds to a task per character of its versions' bodies, in
`pair_cost`'s units: measured so that the two tasks of the shared corpus's longest policy with `-j 2` end
together (0.80 s each; its pages alone take 0.20 s, and the first run's comparisons cost more than
`pair_cost` says by about what the rest of this share is)."""


def slices(
    keys: list[PairKey], by_day: Mapping[date, str], count: int, with_pages: bool = False
) -> list[list[PairKey]]:
    """A policy's redlines cut into `count` runs in plan order (a redline reuses its predecessor's word
    diffs) of about equal cost (`pair_cost` of their bodies, `by_day`), not equal length: comparisons are far
    heavier between versions years apart, and those come together in the plan; a pair whose texts an earlier
    pair has (a version that changed only its front matter) costs next to nothing. The same cut for the same
    texts.

    `with_pages`: the first run's task renders the policy's other pages too, so that run is smaller by
    their cost (`PAGE_COST`), and every task ends about together."""
    bodies = {day: (frozenset(body.splitlines()), len(body)) for day, body in by_day.items()}  # once each
    costs: list[int] = []
    seen: set[tuple[str, str]] = set()
    for _, old, new in keys:  # a pair of texts met before is not compared again in its run (`cached.compare`)
        texts = by_day[old], by_day[new]
        costs.append(1 if texts in seen else _cost(bodies[old], bodies[new]))
        seen.add(texts)
    pages = PAGE_COST * sum(len(body) for body in by_day.values()) if with_pages else 0
    total, done, cuts = sum(costs) + pages, pages, [0]
    for at, cost in enumerate(costs):
        # Cut before this pair when the runs so far have their share with half of it.
        if len(cuts) < count and done + cost / 2 >= total * len(cuts) / count and at > cuts[-1]:
            cuts.append(at)
        done += cost
    cuts += [len(keys)] * (count + 1 - len(cuts))
    return [keys[start:end] for start, end in zip(cuts, cuts[1:], strict=False)]
