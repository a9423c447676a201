"""The history page's change timeline: how many words each version changed, from the texts alone."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ppgen.core.model import Version
from ppgen.redline.words import CJK


@dataclass(frozen=True)
class Change:
    """A mark of the history page's change timeline: one version and how many words it changed."""

    version: Version
    added: int
    removed: int
    first: bool
    """The first version: nothing before it to compare with (`added` is then its length in words)."""
    height: int
    """The bar's height in the timeline's units (0 to TIMELINE_HEIGHT), on a square-root scale: in a long
    history one rewrite of 5,000 words drew every edit of a sentence or two at the least height alike."""

    @property
    def changed(self) -> int:
        """Words added plus words removed."""
        return self.added + self.removed


TIMELINE_HEIGHT = 100
_WORD = re.compile(rf"[{CJK}]|[^\W{CJK}]+(?:['’][^\W{CJK}]+)*")
"""A word, as the redline counts them: each character of Chinese and Japanese is one (`redline.words.CJK`)."""


def _changed(before: Counter[str], after: Counter[str]) -> tuple[int, int]:
    return sum((after - before).values()), sum((before - after).values())


def word_changes(old: str, new: str) -> tuple[int, int]:
    """(words added, words removed) from `old` to `new`, as bags of words: cheap, from the texts alone, so the
    same whichever redlines `diff_pairs` publishes (a word moved elsewhere counts as no change)."""
    return _changed(Counter(_WORD.findall(old)), Counter(_WORD.findall(new)))


def _height(changed: int, most: int) -> int:
    """A bar's height for `changed` words, the largest change `most` drawn full height (`Change.height`)."""
    return max(1, round(TIMELINE_HEIGHT * math.sqrt(changed / most))) if changed else 0


def timeline(versions: tuple[Version, ...], texts: list[str]) -> tuple[Change, ...]:
    """The change timeline of a policy's versions (oldest first) from their plain texts (each read once)."""
    bags: list[Counter[str]] = []
    # a text the same as the one before (only its front matter changed) shares its bag: no change
    for n, text in enumerate(texts):
        bags.append(bags[-1] if n and text == texts[n - 1] else Counter(_WORD.findall(text)))
    counts = [(bags[0].total(), 0)] + [
        (0, 0) if a is b else _changed(a, b) for a, b in zip(bags, bags[1:], strict=False)
    ]
    most = max((a + r for a, r in counts[1:]), default=0)
    return tuple(
        Change(
            v,
            a,
            r,
            i == 0,
            0 if i == 0 else _height(a + r, most),
        )
        for i, (v, (a, r)) in enumerate(zip(versions, counts, strict=True))
    )
