"""Where a redline folds: the ops cut into sections, runs of unchanged sections folded into one, and
inside a changed section the unchanged blocks more than one away from a change. Folded text is not
on the redline page: a fold is a link to it in the newer version's page.

Also `say`, the place a redline leaves for the theme's words (the theme fills it in, see `redline.said`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from itertools import accumulate, pairwise

from ppgen.core.document import Document
from ppgen.redline.align import BlockOp
from ppgen.redline.cache import Derived, PolicyCache
from ppgen.redline.notes import Say
from ppgen.redline.words import split_words

NEWER = "data-rl-newer "
"""Written before `href="#id"` in a link to the newer version's page (`#id` on it): `redline.with_newer`
gives it the page's address. (A policy's own HTML keeps no data attributes, so no policy link has it.)"""
_FOLD_AT = 2
"""Fewest unchanged blocks worth a fold of their own inside a changed section."""


WORD_KEYS = frozenset(
    {
        "change-n",
        "title-changed",
        "op-changed",
        "op-inserted",
        "op-deleted",
        "op-deleted-and-inserted",
        "op-moved-away",
        "op-moved-here",
        "moved-to",
        "moved-from",
        "previous-change",
        "next-change",
        "kind-wording",
        "kind-link",
        "kind-punctuation",
        "kind-numbering",
        "kind-formatting",
        "kind-moved",
        "kind-split",
        "formatting",
        "links",
        "fold-section",
        "fold-sections",
        "fold-context",
        "sr-inserted",
        "sr-deleted",
        "sr-moved-here",
        "sr-moved-from-here",
        "sr-case-before",
        "sr-case-now",
        "mark-split",
        "sr-split",
        "mark-joined",
        "sr-joined",
        "section-deleted",
        "section-added",
        "section-renamed",
        "outline-moved",
        "outline-moved-under",
        "fmt-on",
        "fmt-and",
        "fmt-added",
        "fmt-removed",
        "fmt-changed",
        "fmt-link-added",
        "fmt-link-target",
        "fmt-any",
        "fmt-case",
        "fmt-nowhere",
        "fmt-bold",
        "fmt-italic",
        "fmt-code",
        "fmt-strike-through",
        "fmt-underline",
        "fmt-link",
        "fmt-superscript",
        "fmt-subscript",
        "fmt-highlight",
        "fmt-small-print",
        "fmt-keyboard",
        "block-heading-level",
        "block-was-now",
        "block-layout",
        "block-in",
        "block-heading",
        "block-other",
        "block-paragraph",
        "block-th",
        "block-td",
        "block-code",
        "block-html",
        "block-rule",
        "place-bulleted-list",
        "place-numbered-list",
        "place-quotation",
        "place-table",
        "place-footnotes",
        "side-older",
        "side-newer",
    }
)
"""Every key the redline asks the theme's word table for (`redline_words` in redline_words.html;
`templates.Theme.checked` finds a theme that lacks one)."""


# a table for about one policy's worth: a worker renders many, and must not hold the site's (issue 16)
@lru_cache(maxsize=1024)
def say(key: str, **values: int) -> str:
    """Where the theme's words for `key` go (filled in by `redline.said`, from the theme's word table)."""
    assert key in WORD_KEYS, f"redline word `{key}` is not in WORD_KEYS"
    extra = "".join(f' {name}="{value}"' for name, value in values.items())
    return f'<rl-say k="{key}"{extra}></rl-say>'


@lru_cache(maxsize=4096)
def spoken(words: Say) -> str:
    """`say` for words with fields of any value: a policy's own text is written `=text`, other words of
    the theme as their own `<rl-say>`, escaped inside the attribute."""
    assert words.key in WORD_KEYS, f"redline word `{words.key}` is not in WORD_KEYS"
    extra = "".join(f' {name}="{escape(_value(value), quote=True)}"' for name, value in words.values)
    return f'<rl-say k="{words.key}"{extra}></rl-say>'


def _value(value: int | str | Say) -> str:
    return str(value) if isinstance(value, int) else "=" + value if isinstance(value, str) else spoken(value)


def chunks(ops: Sequence[BlockOp], old: Document, new: Document, cache: PolicyCache) -> list[list[BlockOp]]:
    """The ops cut before each top-level heading: sections that can fold on their own (a heading
    inside a run of unchanged blocks is cut out of it, as an op of its own)."""
    tops = cache.of(_TOP_HEADINGS, new)
    chunks: list[list[BlockOp]] = [[]]
    for whole_op in ops:
        for op in _cut(whole_op, tops, old, new) if whole_op.span > 1 else (whole_op,):
            block = op.new or op.old
            assert block is not None
            if block.kind == "heading" and not op.containers and chunks[-1]:
                chunks.append([])
            chunks[-1].append(op)
    return [c for c in chunks if c]


def _top_headings(doc: Document) -> list[int]:
    """Indices of the document's top-level headings (worked out once per document)."""
    return [j for j, block in enumerate(doc.blocks) if block.kind == "heading" and not block.containers]


_TOP_HEADINGS: Derived[list[int]] = Derived("a document's top-level headings", _top_headings)


def _cut(op: BlockOp, at: list[int], old: Document, new: Document) -> list[BlockOp]:
    """A run of unchanged blocks cut into runs, each block whose newer index is in `at` (sorted) alone."""
    inside = at[bisect_left(at, op.new_index) : bisect_left(at, op.new_index + op.span)]
    return split(op, [edge for j in inside for edge in (j, j + 1)], old, new)


def split(op: BlockOp, starts: Iterable[int], old: Document, new: Document) -> list[BlockOp]:
    """A run of unchanged blocks cut before each newer index in `starts` that falls inside it."""
    start, end = op.new_index, op.new_index + op.span
    edges = sorted({start, end, *(j for j in starts if start < j < end)})
    return [op] if len(edges) == 2 else [_part(op, j, k - j, old, new) for j, k in pairwise(edges)]


def _part(op: BlockOp, j: int, span: int, old: Document, new: Document) -> BlockOp:
    """The part of a run of unchanged blocks that starts at newer index `j`."""
    i = op.old_index + j - op.new_index
    block = new.blocks[j]
    return BlockOp(
        "equal", old.blocks[i], block, i, j, block.containers, (), -1, 0, False, block.section, 0, 0, span
    )


def unchanged_chunk(chunk: list[BlockOp]) -> bool:
    return all(op.kind == "equal" for op in chunk)


def folds(chunk: list[BlockOp]) -> bool:
    first = chunk[0].new
    return len(chunk) > 1 and first is not None and first.kind == "heading" and unchanged_chunk(chunk)


def renumbered_only(chunk: list[BlockOp], classes: dict[int, str]) -> bool:
    """Is `chunk` a section whose heading's number alone changed ("2. Sharing" → "3. Sharing", a section
    inserted before it), nothing under it? Its body folds as an unchanged section's does: the number is the
    change, and a numbered agreement with a clause inserted near its top would otherwise show every clause
    after it whole."""
    first = chunk[0]
    return (
        len(chunk) > 1
        and first.kind == "change"
        and first.new is not None
        and first.new.kind == "heading"
        and first.runs == 1
        and classes.get(first.change) == "numbering"
        and unchanged_chunk(chunk[1:])
    )


def fold(
    body: Sequence[BlockOp],
    new: Document,
    key: str,
    sections: int,
    cache: PolicyCache,
    answers: Iterable[str] = (),
) -> str:
    """In place of unchanged text, in both views: a link to it in the newer version's page (the text
    is not on the redline page; `key` names the theme's words for the link). The link's address is
    the newer version's (`redline.with_newer`), its fragment the heading of the section the text is in.
    `answers`: ids of headings folded away that the page still links to (the change table names the
    section of a change beside it): the fold answers for them."""
    first = body[0].new
    target = first.section if first is not None and first.section else "policy-text"
    here = "".join(f'<span id="{escape(ident, quote=True)}"></span>' for ident in answers)
    return (
        f'<p class="rl-note rl-fold">{here}<a {NEWER}href="#{escape(target, quote=True)}">'
        f"{_said(body, new, key, sections, cache)}</a></p>"
    )


def headings_in(body: Sequence[BlockOp], new: Document) -> list[str]:
    """Ids of the newer version's headings among the blocks of `body` (unchanged text), in order."""
    return [
        block.section
        for op in body
        for block in new.blocks[op.new_index : op.new_index + op.span]
        if block.kind == "heading" and block.section
    ]


def folded_range(body: Sequence[BlockOp]) -> tuple[int, int]:
    """The newer version's blocks a fold stands for: (first index, last index + 1)."""
    return body[0].new_index, max(op.new_index + op.span for op in body)


def _said(body: Sequence[BlockOp], new: Document, key: str, sections: int, cache: PolicyCache) -> str:
    words = cache.of(_WORDS_BEFORE, new)
    count = sum(words[op.new_index + op.span] - words[op.new_index] for op in body if op.new_index >= 0)
    return say(key, w=count, s=sections) if sections else say(key, w=count)


def _words_before(doc: Document) -> list[int]:
    """How many words the document's blocks before each index hold (worked out once per document)."""
    return [0, *accumulate(len(split_words(block.text)) for block in doc.blocks)]


_WORDS_BEFORE: Derived[list[int]] = Derived("words before each block of a document", _words_before)


def context(chunk: list[BlockOp], old: Document, new: Document) -> list[tuple[bool, list[BlockOp]]]:
    """A changed section cut into parts, each (folded?, ops): unchanged blocks more than one away
    from a change fold (a fold starts and ends at a top-level block, so it never cuts a list or table)."""
    blocks = new.blocks
    parts: list[tuple[bool, list[BlockOp]]] = []
    for k, op in enumerate(chunk):
        start, stop = op.new_index, op.new_index + op.span
        if op.kind != "equal" or op.span < _FOLD_AT:
            _add(parts, False, op)
            continue
        low = start + (1 if k > 0 and chunk[k - 1].kind != "equal" else 0)
        high = stop - (1 if k + 1 < len(chunk) and chunk[k + 1].kind != "equal" else 0)
        while low < high and blocks[low].containers:
            low += 1
        while high > low and blocks[high - 1].containers:
            high -= 1
        if high - low < _FOLD_AT:
            _add(parts, False, op)
            continue
        for piece in split(op, (low, high), old, new):
            _add(parts, piece.new_index == low, piece)
    return parts


def _add(parts: list[tuple[bool, list[BlockOp]]], folded: bool, op: BlockOp) -> None:
    if parts and not folded and not parts[-1][0]:
        parts[-1][1].append(op)
    else:
        parts.append((folded, [op]))
