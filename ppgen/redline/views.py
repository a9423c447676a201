"""A redline's two views in one markup, assembled from the aligned ops inside the document's own
structure: the merged (inline) text, whose changed rows also hold the older column of the side-by-side view.

Text only in the older version is inside `<del>`, only in the newer inside `<ins>`; everything
that is not policy text (change markers, move links, notes, screen-reader words) has class `rl-note`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from ppgen.core.document import Assembler, Block, Container, Document
from ppgen.redline.align import BlockOp
from ppgen.redline.cache import Derived, PolicyCache
from ppgen.redline.folds import (
    chunks,
    context,
    fold,
    folded_range,
    folds,
    headings_in,
    renumbered_only,
    say,
    split,
    spoken,
    unchanged_chunk,
)
from ppgen.redline.levels import Levels, kept, unlisted
from ppgen.redline.notes import Say, joined, of_links
from ppgen.redline.numbers import last_change, piece_runs
from ppgen.redline.render import CHANGED_INNER, block_notes, whole
from ppgen.redline.unchanged import dress, ended, ordinals, unchanged
from ppgen.redline.words import retag_ids

_INLINE_BLOCKS = frozenset({"paragraph", "th", "td", "dt"})
"""Blocks whose markers and notes go inside them (other blocks get theirs beside them)."""
_OLD_SIDE = frozenset({"delete", "move_from"})
_LABEL = {
    "change": "changed",
    "insert": "inserted",
    "delete": "deleted",
    "move_from": "moved-away",
    "move_to": "moved-here",
}
"""The theme's word (key `op-…`) for what an op did."""
_DELETED_LINK = re.compile(r"<a\b([^>]*)>((?:<del\b[^>]*>(?:(?!</del>).)*</del>)+)</a>", re.S)
"""A link whose text is all deleted: marked `data-old` like a deleted block, so that side by side, where
the merged text's deletions are hidden, no link is left without a name."""
_DELETED_ITEM = re.compile(r"<li\b([^>]*)>(\s*(?:<del\b[^>]*>(?:(?!</del>).)*</del>\s*)+</li>)", re.S)
_DELETED_LIST = re.compile(
    r"<(ul|ol)\b([^>]*)>((?:\s*<li\b[^>]*\sdata-old>(?:(?!</li>).)*</li>)+\s*</\1>)", re.S
)
"""A list item whose words are all deleted, and a list of such items alone, inside a changed block (a raw HTML
list in a table cell): marked `data-old` like a deleted block, so that side by side no empty bullet is left."""
_SIDE_OLDER = f'<span class="rl-note rl-side">{say("side-older")}</span>'
_SIDE_NEWER = f'<span class="rl-note rl-side">{say("side-newer")}</span>'
"""Each column's label in a changed row (shown when side by side stacks the columns on a narrow screen)."""
_SR_NOTE, _SR = '<span class="rl-note rl-sr">', '<span class="rl-sr">'
"""In the older column, itself a note, the screen-reader words need not be notes again."""
_OLD_MARK = re.compile(r"^(<[a-zA-Z][a-zA-Z0-9]*)")
"""The first tag name of a block or container only the older version had, where `data-old` goes."""


_WORDS_OF_THE_ENGINE = (
    ('<span class="rl-note rl-sr">inserted: </span>', "sr-inserted"),
    ('<span class="rl-note rl-sr">deleted: </span>', "sr-deleted"),
    ('<span class="rl-note rl-sr">moved here: </span>', "sr-moved-here"),
    ('<span class="rl-note rl-sr">moved from here: </span>', "sr-moved-from-here"),
    ('<span class="rl-note rl-sr">capitals before: </span>', "sr-case-before"),
    ('<span class="rl-note rl-sr">capitals now: </span>', "sr-case-now"),
    ('<span aria-hidden="true">¶ split</span>', "mark-split"),
    ('<span class="rl-sr"> (the paragraph is split here)</span>', "sr-split"),
    ('<span aria-hidden="true">¶ joined</span>', "mark-joined"),
    ('<span class="rl-sr"> (two paragraphs are joined here)</span>', "sr-joined"),
)
"""The words the engine (render, stretch) writes around marked text, each given to the theme."""


_ENGINE_WORDS = re.compile("|".join(re.escape(said) for said, _ in _WORDS_OF_THE_ENGINE))
_ENGINE_KEYS = {said: key for said, key in _WORDS_OF_THE_ENGINE}


def _theme_words(html: str) -> str:
    """A changed block's HTML with the engine's own words replaced by places for the theme's."""
    if "rl-sr" not in html:
        return html
    return _ENGINE_WORDS.sub(
        lambda m: f"{m.group(0)[: m.group(0).index('>') + 1]}{say(_ENGINE_KEYS[m.group(0)])}</span>", html
    )


def _block_html(block: Block, ids: str, inner: str, marker: str, note: str) -> str:
    """A block's HTML in a redline: its own tags around `inner`, with the change marker and formatting note."""
    opening, closing = retag_ids(block.open, ids), block.close
    if block.kind in _INLINE_BLOCKS:
        return f"{opening}{marker}{inner}{note}{closing}"
    before = f'<div class="rl-note rl-marker-block">{marker}</div>' if marker else ""
    after = f'<div class="rl-note rl-fmt-block">{note}</div>' if note else ""
    return f"{before}{opening}{inner}{closing}{after}"


class _Writer:
    """Renders ops for one view: `inline` (merged, also the newer column of side by side) or `old` (the
    older column of side by side: the older text with its deletions marked, no markers, no notes)."""

    def __init__(
        self,
        ops: Sequence[BlockOp],
        view: str,
        old: Document,
        new: Document,
        classes: dict[int, str],
        cache: PolicyCache,
    ) -> None:
        self.ops = ops
        self.classes = classes
        """Change number → its kind (kinds.KINDS)."""
        self.view = view
        self.total = next(
            (last_change(op) for op in reversed(ops) if op.change), 0
        )  # changes are numbered in reading order
        ids = "keep" if view == "inline" else "strip"
        self.unchanged = unchanged(old if view == "old" else new, ids, cache)
        self.cache = cache
        """Unchanged blocks come from the side this view shows them on (the newer version in the merged view)."""
        self.ordinals = (ordinals(old, cache), ordinals(new, cache))
        self.dressed: dict[tuple[bool, int], Container] = {}
        self._kinds: dict[int, set[str]] | None = None

    def kinds(self, change: int) -> set[str]:
        """The kinds of op that change number `change` is made of."""
        if self._kinds is None:
            self._kinds = {}
            for op in self.ops:
                if op.change:
                    self._kinds.setdefault(op.change, set()).add(op.kind)
        return self._kinds[change]

    def run(self, ops: Sequence[BlockOp]) -> str:
        """The HTML of a run of ops, inside their containers; each run of unchanged blocks is one slice."""
        out = Assembler()
        old_side = self.view == "old"
        unchanged = self.unchanged
        k = 0
        while k < len(ops):
            op = ops[k]
            if op.kind != "equal":
                out.add(
                    *self._changed(op, self.view == "old" or self.view == "inline" and op.kind in _OLD_SIDE)
                )
                k += 1
                continue
            first = op.old_index if old_side else op.new_index
            last = first + op.span - 1
            stop = k + 1
            while (
                stop < len(ops)
                and ops[stop].kind == "equal"
                and (ops[stop].old_index if old_side else ops[stop].new_index) == last + 1
            ):
                last += ops[stop].span
                stop += 1
            out.enter(unchanged.containers[first])
            out.splice(
                unchanged.html[unchanged.starts[first] : unchanged.ends[last]], unchanged.containers[last]
            )
            k = stop
        return out.html()

    def _changed(self, op: BlockOp, old_side: bool) -> tuple[tuple[Container, ...], str]:
        """A changed op's containers (dressed) and HTML."""
        source = op.old if old_side else op.new
        assert source is not None
        if self.view == "inline":
            containers = tuple(
                self._dress(c, c.older_only, "old" if c.older_only else "keep") for c in op.containers
            )  # a container only the older version had is marked: side by side hides it in the newer column
        else:
            containers = tuple(self._dress(c, old_side, "strip") for c in source.containers)
        return containers, ended(self._html(op, source, old_side))

    def _dress(self, container: Container, old: bool, ids: str) -> Container:
        key = (old, container.key)
        found = self.dressed.get(key)
        if found is None:
            found = dress(container, ids, self.ordinals[0 if old else 1].get(container.key))
            if old and self.view == "inline":
                found = replace(found, open=_OLD_MARK.sub(r"\1 data-old", found.open, 1))
            self.dressed[key] = found
        return found

    def _html(self, op: BlockOp, source: Block, old_side: bool) -> str:
        ids = "strip" if self.view != "inline" else "old" if op.kind in _OLD_SIDE else "keep"
        notes: list[Say] = []
        if op.pieces:
            view = "old" if old_side and self.view != "inline" else self.view
            marks: tuple[tuple[int, str], ...] = ()
            if op.runs > 1 and self._marks(
                op, old_side
            ):  # each separate edit of the paragraph: its own marker where it starts
                marks = tuple(
                    (start, self._marker(op, op.change + r, " rl-within"))
                    for r, (start, _) in enumerate(piece_runs(op.pieces))
                    if r
                )
            inner, said = self.cache.get(
                CHANGED_INNER, (op.pieces, view, ids, "move_to" if op.kind == "move_to" else "", marks)
            )
            notes += said
            if self.view != "old":
                notes += block_notes(op)
        else:
            inner = whole(source, op.kind, ids, op.change == 0)  # a quiet op (align.quiet): as it is
        marker = self._marker(op) if op.first and self._marks(op, old_side) else ""
        linked = bool(notes) and all(map(of_links, notes))  # "Link:", kept by the wording-only switch
        note = (
            f'<span class="rl-note rl-fmt-note{" rl-link-note" if linked else ""}">'
            f"{say('links' if linked else 'formatting')} {spoken(joined(notes))}</span>"
            if notes
            else ""
        )
        if self.view == "inline" and op.kind in _OLD_SIDE and source.kind not in ("td", "th"):
            # only the older version had it: side by side hides it at right (a cell stays: the table's shape)
            source = replace(source, open=_OLD_MARK.sub(r"\1 data-old", source.open, 1))
        inner = _theme_words(inner)
        if self.view == "inline" and "<del" in inner:
            if "<a " in inner:
                inner = _DELETED_LINK.sub(r"<a\1 data-old>\2</a>", inner)
            if "<li" in inner:
                inner = _DELETED_LIST.sub(
                    r"<\1\2 data-old>\3", _DELETED_ITEM.sub(r"<li\1 data-old>\2", inner)
                )
        return _block_html(source, ids, inner, marker, note)

    def _marks(self, op: BlockOp, old_side: bool) -> bool:
        """Does this view carry the op's change markers? (Only the merged text: written once, for both views.)"""
        return self.view == "inline"

    def _marker(self, op: BlockOp, number: int = 0, placed: str = "") -> str:
        """A change's marker: its number, what it did, its kind, and links to the previous and next change
        ("Previous change", "Next change", in words everyone reads: no hidden words to repeat on each)."""
        n = number or op.change
        links = []
        if n > 1:
            links.append(f'<a href="#change-{n - 1}" rel="prev">{say("previous-change")}</a>')
        what = _LABEL[op.kind]
        label = f"{say('change-n', n=n, t=self.total)}: {say('op-' + what)}"
        if op.kind in ("insert", "delete"):
            label = f"{say('change-n', n=n, t=self.total)}: " + say(
                "op-" + "-and-".join(sorted(_LABEL[k] for k in self.kinds(n)))
            )
        if op.partner >= 0:
            there = self.ops[op.partner].change
            where = "to" if op.kind == "move_from" else "from"
            label += f' <a href="#change-{there}" class="rl-move-link">{say("moved-" + where, n=there)}</a>'
        if n < self.total:
            links.append(f'<a href="#change-{n + 1}" rel="next">{say("next-change")}</a>')
        kind = self.classes.get(n, "wording")
        badge = f'<span class="rl-kind">{say("kind-" + kind)}</span>'
        return (
            f'<span class="rl-note rl-change rl-k-{kind}{placed}" id="change-{n}">'
            f'<span class="rl-label">{label} {badge}</span> {" ".join(links)}</span>'
        )


def render_views(
    ops: Sequence[BlockOp],
    old: Document,
    new: Document,
    classes: dict[int, str],
    cache: PolicyCache,
    linked: frozenset[str] = frozenset(),
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Both views of a redline in one markup, and the newer version's blocks each fold stands for, in
    reading order.

    The merged (inline) text, both versions in one text with changes marked where they are, is the
    page's text. Changed text comes in rows (`rl-row`), each the merged text of its blocks (`rl-new`)
    after the older version's text of the same blocks (`rl-old`, class `rl-note`: not the merged text,
    its deletions marked, no insertions, markers or notes). The inline view hides the older column; the
    side-by-side view shows it at left and hides the deletions at right (blocks and containers only the
    older version had are marked `data-old`). Unchanged text is written once, across both columns.

    Unchanged text is folded and left out of the page: a run of unchanged sections is one fold, the
    body of a lone unchanged section folds under its heading (and of a section whose heading was only
    renumbered, under the heading's change), and inside a changed section the
    unchanged blocks more than one away from a change fold. In place of each fold a link to that text
    in the newer version's page; the fold also answers for the headings folded away whose ids are in
    `linked` (sections the page links to)."""
    writer, left = (_Writer(ops, view, old, new, classes, cache) for view in ("inline", "old"))
    levels = Levels()  # headings never skip a level (`redline.levels`)
    # A row of deleted text alone is its own older column (`rl-gone`: side by side shows it at left, its
    # deletions kept); a row of inserted text alone has no older column.

    def row(part: Sequence[BlockOp]) -> str:
        merged = levels.clamp(writer.run(part))
        if unchanged_chunk(list(part)):
            return merged
        if all(op.kind in _OLD_SIDE for op in part):  # only deleted text: itself the older column
            return f'<div class="rl-row rl-gone"><div class="rl-new">{_SIDE_OLDER}{merged}</div></div>\n'
        news = f'<div class="rl-new">{_SIDE_NEWER}{merged}</div></div>\n'
        if all(op.kind in ("insert", "move_to") for op in part):  # only inserted text: no older column
            return f'<div class="rl-row">{news}'
        olds = left.run([op for op in part if op.kind not in ("insert", "move_to")]).replace(_SR_NOTE, _SR)
        return f'<div class="rl-row"><div class="rl-note rl-old">{_SIDE_OLDER}{unlisted(olds)}</div>{news}'

    out: list[str] = []
    made: list[tuple[int, int]] = []
    """The newer version's blocks of each fold so far, in reading order."""

    def folded(body: Sequence[BlockOp], key: str, count: int = 0) -> None:
        made.append(folded_range(body))
        answers = [ident for ident in headings_in(body, new) if ident in linked] if linked else []
        out.append(f"{fold(body, new, key, count, cache, answers)}\n")

    sections = chunks(ops, old, new, cache)
    k = 0
    while k < len(sections):
        chunk = sections[k]
        stop = k
        while stop < len(sections) and unchanged_chunk(sections[stop]):
            stop += 1
        if stop - k >= 2:  # a run of unchanged sections: one fold, but for the headings above the next change
            following = _level(sections[stop][0]) if stop < len(sections) else 0
            keep = kept([_level(c[0]) for c in sections[k:stop]], following)
            body: list[BlockOp] = []
            count = 0  # whole sections in `body` (after the text of a kept heading's own section, if any)
            for index, section in enumerate(sections[k:stop]):
                if index not in keep:
                    body += section
                    count += 1
                    continue
                if body:
                    folded(body, "fold-sections" if count else "fold-section", count)
                out.append(levels.clamp(writer.run(section[:1])))
                body, count = section[1:], 0
            if body:
                folded(body, "fold-sections" if count else "fold-section", count)
            k = stop
            continue
        if folds(chunk):
            out.append(levels.clamp(writer.run(chunk[:1])))
            folded(chunk[1:], "fold-section")
        elif renumbered_only(chunk, classes):
            out.append("".join(row(r) for r in _rows(chunk[:1], old, new, cache)))
            folded(chunk[1:], "fold-section")
        else:
            for hidden, part in context(chunk, old, new):
                if hidden:
                    folded(part, "fold-context")
                else:
                    out.append("".join(row(r) for r in _rows(part, old, new, cache)))
        k += 1
    return "".join(out), tuple(made)


def _level(op: BlockOp) -> int:
    """The heading level of an op's block (`Block.level`: 0 for any other block)."""
    block = op.new or op.old
    return block.level if block is not None else 0


def _rows(ops: Sequence[BlockOp], old: Document, new: Document, cache: PolicyCache) -> list[list[BlockOp]]:
    """Ops grouped into rows: cut only between top-level blocks; unchanged runs and each change kept together."""
    cuts = cache.of(_CUTS, new)
    units: list[list[BlockOp]] = []
    end: tuple[Container, ...] = ()
    """The containers of the last block so far."""
    for whole_op in ops:
        # A run of unchanged blocks: the blocks before its first place to cut may belong with the op
        # before it, those after its last with the op after it; all between is one unchanged unit.
        for op in _cut_ends(whole_op, cuts, old, new) if whole_op.span > 1 else (whole_op,):
            if units and not _may_cut(end, op.containers):
                units[-1].append(op)
            else:
                units.append([op])
            end = new.blocks[op.new_index + op.span - 1].containers if op.kind == "equal" else op.containers
    rows: list[list[BlockOp]] = []
    row_unchanged = False
    for unit in units:
        unchanged = all(o.kind == "equal" for o in unit)
        if rows and (unchanged and row_unchanged or unit[0].change and unit[0].change == rows[-1][-1].change):
            rows[-1].extend(unit)
            row_unchanged = row_unchanged and unchanged
        else:
            rows.append(unit)
            row_unchanged = unchanged
    return rows


def _cuts(doc: Document) -> list[int]:
    """Indices of the blocks a row may start at, after the block before them (worked out once per document)."""
    return [
        j
        for j, (before, block) in enumerate(pairwise(doc.blocks), 1)
        if _may_cut(before.containers, block.containers)
    ]


def _cut_ends(op: BlockOp, cuts: list[int], old: Document, new: Document) -> list[BlockOp]:
    """A run of unchanged blocks cut at its first and last places to cut: up to three runs."""
    first, last = bisect_right(cuts, op.new_index), bisect_left(cuts, op.new_index + op.span) - 1
    return split(op, (cuts[first], cuts[last]) if first <= last else (), old, new)


def _may_cut(before: tuple[Container, ...], after: tuple[Container, ...]) -> bool:
    """Rows are cut only between top-level blocks: a list or table stays whole in the merged text."""
    return not before or not after or before[0].key != after[0].key


_FOLD_LINK = re.compile(r'<p class="rl-note rl-fold">.*?</p>')


def with_folded_text(
    html: str, folds: Sequence[tuple[int, int]], new: Document, cache: PolicyCache | None = None
) -> str:
    """A view (`Redline.folds` its folds) with each fold's link replaced by the newer version's blocks it stands
    for, written as unchanged text: the whole comparison, to check a redline against its versions."""
    written = unchanged(new, "keep", PolicyCache() if cache is None else cache)
    links = list(_FOLD_LINK.finditer(html))
    assert len(links) == len(folds), f"{len(links)} fold links for {len(folds)} folds"
    starts = [0, *(link.end() for link in links)]
    texts = [written.html[written.starts[first] : written.ends[end - 1]] for first, end in folds]
    return (
        "".join(html[at : link.start()] + text for at, link, text in zip(starts, links, texts, strict=False))
        + html[starts[-1] :]
    )


def word_counts(ops: Iterable[BlockOp]) -> tuple[int, int]:
    """(words added, words removed) over the ops."""
    added = removed = 0
    for op in ops:
        added += op.added
        removed += op.removed
    return added, removed


_CUTS: Derived[list[int]] = Derived("where a side-by-side row may start", _cuts)
