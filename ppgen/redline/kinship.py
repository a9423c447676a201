"""Which blocks of a stretch are one (`redline.stretch`): the words a diff of the stretch keeps link an older
block to a newer one when they are enough of its telling words, and linked blocks form groups (one block
reworded, split or joined)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ppgen.redline.cache import Kept, PolicyCache
from ppgen.redline.words import PARA, Piece, count_words, tells, words_of


class Block(Protocol):
    """What a stretch reads of a block (`core.document.Block` has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def inner(self) -> str: ...


BLOCK_WORDS: Kept[str, tuple[str, ...]] = Kept("a block's words", lambda inner: tuple(words_of(inner)))
COUNT_WORDS: Kept[str, int] = Kept("how many words a block holds", count_words)
"""`words.count_words`, kept: the versions of a policy share most of their blocks."""


def _telling(key: str) -> bool:
    """Is the token a word that tells one text from another: not a stop word, a number or punctuation?"""
    return (key[:1].isalnum() or key[:1] == "_") and tells(key.lower())


_TELLING: Kept[str, int] = Kept(
    "how many telling words a block holds", lambda inner: sum(map(_telling, words_of(inner)))
)


_EVERYWHERE = 3
"""Blocks of one side of a stretch a word must be in to tell no block from another (`_common`)."""


def links(
    pieces: Sequence[Piece], olds: Sequence[Block], news: Sequence[Block], cache: PolicyCache
) -> list[tuple[int, int, int]]:
    """(older, newer, words kept) of the block pairs that keep enough words in common, in order: words that
    say something (`_telling`), at least a quarter of the shorter block's (three or more) or half of them.
    Two unrelated clauses years apart still share "GitHub", "account" and "agree" here and there; they are
    not one clause reworded. A block with no such word (a row of figures, a date) keeps half its words, or
    three. An older heading links only to a newer heading: made the last line of the paragraph before it, it
    is a section gone, its heading deleted and its words inserted ("¶ joined" said nothing of the section,
    and read as punctuation). A newer heading may come from a line of an older paragraph: its note says
    "was a paragraph, now a heading"."""
    shared: dict[tuple[int, int], list[int]] = {}
    """(x, y) → [telling words, words, telling words not in `common`] both keep."""
    common = _common(olds, cache) & _common(news, cache)
    x = y = 0
    for piece in pieces:
        kept = piece.op in "=~"
        for key in piece.tokens.keys:
            if key == PARA:
                x += piece.op != "+"
                y += piece.op != "-"
            elif kept and (key[:1].isalnum() or key[:1] == "_"):
                counts = shared.setdefault((x, y), [0, 0, 0])
                telling = _telling(key)
                counts[0] += telling
                counts[1] += 1
                counts[2] += telling and key.lower() not in common
    links = sorted(
        (x, y, words)
        for (x, y), (telling, words, rare) in shared.items()
        if (olds[x].kind == "html_block") == (news[y].kind == "html_block")  # raw HTML only with raw HTML
        and (olds[x].kind != "heading" or news[y].kind == "heading")  # a section gone is no "¶ joined"
        and (  # words every other block has link only a block they are all or most of (or two headings)
            rare
            or not telling
            or olds[x].kind == news[y].kind == "heading"
            or telling >= min(cache.get(_TELLING, olds[x].inner), cache.get(_TELLING, news[y].inner))
            or 4 * telling >= 3 * max(cache.get(_TELLING, olds[x].inner), cache.get(_TELLING, news[y].inner))
        )
        and _enough(
            *(
                (telling, cache.get(_TELLING, olds[x].inner), cache.get(_TELLING, news[y].inner))
                if telling or (cache.get(_TELLING, olds[x].inner) and cache.get(_TELLING, news[y].inner))
                else (words, cache.get(COUNT_WORDS, olds[x].inner), cache.get(COUNT_WORDS, news[y].inner))
            ),
            titled="heading" in (olds[x].kind, news[y].kind),
        )
    )
    return _to_headings(links, olds, news, cache)


def _to_headings(
    links: list[tuple[int, int, int]], olds: Sequence[Block], news: Sequence[Block], cache: PolicyCache
) -> list[tuple[int, int, int]]:
    """The links with a newer heading linked to a line of older text moved to the older heading right before
    that line, when the heading is linked to nothing and shares a telling word with it: the heading renamed,
    the line deleted. DuckDuckGo's "Duck Duck Go Privacy Policy" over a line "_Privacy_" became "DuckDuckGo
    Privacy"; the word diff kept the line's "Privacy", and the section read as deleted and a new one begun."""
    linked = {x for x, _, _ in links}
    out = []
    for x, y, kept in links:
        if (
            news[y].kind == "heading"
            and olds[x].kind != "heading"
            and x > 0
            and olds[x - 1].kind == "heading"
            and x - 1 not in linked
            and _telling_set(olds[x - 1], cache) & _telling_set(news[y], cache)
        ):
            x -= 1
            linked.add(x)
        out.append((x, y, kept))
    return sorted(out)


def _telling_set(block: Block, cache: PolicyCache) -> set[str]:
    return {word.lower() for word in cache.get(BLOCK_WORDS, block.inner) if _telling(word)}


def _common(blocks: Sequence[Block], cache: PolicyCache) -> set[str]:
    """Words (lower case) in `_EVERYWHERE` blocks or more of one side of a stretch. Found on both sides, such a
    word tells no block from another: Matrix's notice ends its sections on third parties "Here is Stripe's
    Privacy Policy", "… see their Privacy Policy", and "Privacy Policy" paired the last line of a deleted
    section with a new sentence about another company. Two blocks that keep only such words are linked when
    they are all the telling words of one of them (a clause's title, "3.5.1 GitHub's Rights to Content",
    taken out of its paragraph) or three quarters of the longer's, or both are headings."""
    seen: dict[str, int] = {}
    for block in blocks:
        for word in {w.lower() for w in cache.get(BLOCK_WORDS, block.inner)}:
            seen[word] = seen.get(word, 0) + 1
    return {word for word, n in seen.items() if n >= _EVERYWHERE}


def _enough(count: int, old: int, new: int, titled: bool) -> bool:
    """Do two blocks that keep `count` of their words (`old` and `new` of them) keep enough to be one? A
    quarter of the shorter's, three or more; or half of them, but against a block over four times as long
    only all of them, or when one is a heading (a title taken out of its paragraph): Bitly's deleted
    152-word paragraph on gathering information kept "process" and "transactions" of a new bullet "process
    and complete any transactions", and read as condensed into it."""
    short, long = min(old, new), max(old, new)
    return bool(count) and (
        count >= 3
        and 4 * count >= short
        or 2 * count >= short
        and (count >= short or titled or long <= 4 * short)
    )


def groups(
    links: list[tuple[int, int, int]], olds: Sequence[Block], news: Sequence[Block], cache: PolicyCache
) -> list[tuple[int, int, int, int]]:
    """Linked blocks as groups (x0, x1, y0, y1), ranges end-exclusive, in order. A link that would take
    blocks not linked before it into a group is left out when they weigh as much as the words it keeps or
    more: a new paragraph that shares a few words with the first and the last of several deleted sections
    leaves those sections deleted as what they are; but not when it keeps three quarters of one of the two
    blocks or more (Automattic's cookie policy split a paragraph around a long new one, and its opt-out
    clause, kept with four small edits, read as struck and typed again). No heading is taken in, nor raw
    HTML into text (nor text into raw HTML). A short line inserted inside a paragraph split in three
    ("Other choices:" before its last part) is taken in, with the words the last part keeps."""
    groups: list[tuple[int, int, int, int]] = []
    for x, y, kept in links:
        if groups and (x < groups[-1][1] or y < groups[-1][3]):
            x0, x1, y0, y1 = groups[-1]
            between = (*olds[x1:x], *news[y1:y])  # blocks the link would take in, not linked before it
            whole = 4 * kept >= 3 * min(
                cache.get(COUNT_WORDS, olds[x].inner), cache.get(COUNT_WORDS, news[y].inner)
            )
            if between and (
                any(block.kind == "heading" for block in between)
                or any((block.kind == "html_block") != (olds[x].kind == "html_block") for block in between)
                or not whole
                and sum(cache.get(COUNT_WORDS, block.inner) for block in between) >= kept
            ):
                continue
            groups[-1] = (x0, max(x1, x + 1), y0, max(y1, y + 1))
        else:
            groups.append((x, x + 1, y, y + 1))
    return groups
