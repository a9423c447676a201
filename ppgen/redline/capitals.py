"""Words that differ only by letter case (`UNDER NO CIRCUMSTANCES` → `Under no circumstances`).

Policies rewrite whole disclaimers from capitals into sentence case, and often change a few words on the
way. Compared letter for letter every word differs, so the word diff would strike the paragraph and
retype it, and the one real edit would be lost in it. The word diff therefore aligns words by their
case-folded spelling (`folded`), and marks which of the aligned tokens changed their capitals
(`recased`): those become `~` pieces (`Piece.recased`), which a page shows as a change of capitals,
the older spelling and the newer both kept (the text stays faithful to each version)."""

from __future__ import annotations

from collections.abc import Sequence

from ppgen.redline.words import WORD

GAP = 2
"""Unchanged words with letters (`USD`, `DMCA`) that may sit inside one run of recased words: a paragraph
in capitals reads as one change of capitals, not as one per acronym it holds."""


def folded(keys: Sequence[str]) -> list[str]:
    """Token keys as the word diff compares them: without letter case (`casefold`, so `STRASSE` is `straße`)."""
    return [key.casefold() for key in keys]


def recased(old: Sequence[str], new: Sequence[str], formats: Sequence[object]) -> list[bool]:
    """For tokens aligned one to one (`old[k]` and `new[k]` equal once folded), which are in a change of
    capitals: those spelt otherwise, and the few unchanged ones between two of them (spaces, punctuation,
    numbers, at most `GAP` words with letters) whose formatting (`formats`, one per token) is that of the
    token before them, so that a rewritten paragraph is one run and not one per space."""
    marks = [a != b for a, b in zip(old, new, strict=True)]
    last = -1
    """The last token spelt otherwise so far."""
    for k, changed in enumerate(marks):
        if not changed:
            continue
        if last >= 0 and k > last + 1:
            gap = range(last + 1, k)
            lettered = sum(any(c.isalpha() for c in old[g]) for g in gap if WORD.fullmatch(old[g]))
            if lettered <= GAP and all(formats[g] == formats[last] for g in gap):
                for g in gap:
                    marks[g] = True
        last = k
    return marks
