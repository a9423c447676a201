"""How a redline's changes are numbered, beyond align's runs: one number per section added or deleted,
and one per separate edit inside a paragraph.

A run of inserted or deleted blocks is one change in `align`; `by_section` cuts it before each heading
it holds, so each section added or deleted (its heading and its body) has its own number, and its own
row in the change table named after it. A run without headings stays one change.

A changed paragraph (paired with a paragraph, alone in its change, not split or joined) whose word
diff holds separate runs of changes (`change_runs`) counts one numbered change per run:
its op's `change` is the first run's number and `runs` how many it holds; every later change moves up.
Runs are separate when the unchanged text between them holds at least `GAP` words, or ends a
sentence and holds at least `SENTENCE_GAP` words (edits close together stay one change). In Chinese and
Japanese, where each character is a word to the redline, `CJK_WORD` characters count as one word here,
and `。` ends a sentence with no space after it."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from ppgen.core.document import Document
from ppgen.redline.align import BlockOp
from ppgen.redline.boldnames import bold_name
from ppgen.redline.labels import unlabelled
from ppgen.redline.words import CJK, Piece, telling, unspaced

GAP = 8
"""Unchanged words that always keep two edits of one paragraph apart."""
SENTENCE_GAP = 1
"""Unchanged words that keep two edits apart when a sentence ends between them."""
ENDS = frozenset({".", "!", "?", ";", ":"})
"""What ends a sentence (or a clause that reads as one), before a space."""
FULL_ENDS = frozenset({"。", "！", "？", "；", "：", "．"})
"""What ends a sentence in Chinese and Japanese, where no space follows."""
CJK_WORD = 3
"""Characters of Chinese or Japanese that count as one word between two edits."""
_CJK_CHARACTER = re.compile(f"[{CJK}]")
_LABEL = re.compile(r"[0-9]{1,3}|[A-Za-z]")
"""A section's number, before a full stop that ends no sentence."""


def renumbered(ops: Sequence[BlockOp]) -> tuple[BlockOp, ...]:
    """The ops with each separate edit of a changed paragraph its own number (see the module's note)."""
    sizes = Counter(op.change for op in ops if op.change)
    out: list[BlockOp] = []
    shift = 0
    for op in ops:
        if not op.change:
            out.append(op)
            continue
        number = op.change + shift
        runs = max(1, len(piece_runs(op.pieces))) if sizes[op.change] == 1 and _splittable(op) else 1
        out.append(op._replace(change=number, runs=runs) if number != op.change or runs != 1 else op)
        shift += runs - 1
    return tuple(out)


def by_section(ops: Sequence[BlockOp], old: Document, new: Document) -> tuple[BlockOp, ...]:
    """The ops with each run of inserted or deleted blocks cut before every heading in it (see the module's
    note): a lawyer scanning the change table sees each new section by its name, not one row for three.
    A run that deletes one section and inserts one in its place keeps them as one change when it is a heading
    reworded past pairing (nothing else deleted or inserted: the text under it goes on) or a section
    replaced by one on its topic (the headings share a word that says something): the table files it under
    the newer heading, with the older name. Otherwise the new section is not the old one renamed ("P.
    Confidentiality" in place of "2. GitHub's Indemnification"); with more on either side, the last section
    deleted is the first inserted right after it renamed only when they are on one topic (Etsy's
    "Choice/Opt-out", after "Service-related Announcements" deleted, became "Choice & Control"), and
    otherwise which replaced which would be a guess: each is its own change.
    Text inserted right after a deleted section is a change of its own, in the section it is in."""
    everywhere = functools.cache(lambda: _everywhere(old) & _everywhere(new))
    """Words that tell no section from another, found when first needed."""
    cuts: set[int] = set()
    """Positions of the ops that start a change of their own."""
    k = 0
    while k < len(ops):
        stop = k + 1
        while stop < len(ops) and ops[stop].change and not ops[stop].first:
            stop += 1
        heads = [n for n in range(k + 1, stop) if _heading(ops[n])]
        if ops[k].change and heads:
            named = [n for n in (k, *heads) if _heading(ops[n])]
            renamed = {  # a section deleted, then (nothing but deletions between) the one that replaced it
                n
                for d, n in pairwise(named)
                if ops[d].kind == "delete"
                and ops[n].kind == "insert"
                and all(op.kind == "delete" for op in ops[d:n])
                and (  # a heading reworded past pairing over text that goes on, or one on its topic
                    stop - d == 2
                    and len(named) == 2
                    and all(op.kind == "delete" for op in ops[k:d])
                    or _akin(ops[d], ops[n], everywhere())
                )
            }
            cuts.update(n for n in heads if n not in renamed)
        if ops[k].change and any(op.kind == "delete" and _heading(op) for op in ops[k:stop]):
            # text inserted after a deleted section belongs to the section around it, not to the one deleted
            cuts.update(
                n
                for n in range(k + 1, stop)
                if ops[n].kind == "insert"
                and ops[n - 1].kind == "delete"
                and not _heading(ops[n])
                and any(op.kind == "delete" and _heading(op) for op in ops[k:n])
            )
        k = stop
    if not cuts:
        return tuple(ops)
    out: list[BlockOp] = []
    number = 0
    for n, op in enumerate(ops):
        if op.change:
            first = op.first or n in cuts
            number += first
            op = op._replace(first=first, change=number)
        out.append(op)
    return tuple(out)


def _akin(deleted: BlockOp, inserted: BlockOp, everywhere: frozenset[str]) -> bool:
    """Do a deleted and an inserted heading share a word that says something (`words.telling`), their labels
    left aside ("Section 19.", "Article IV", "第7条" say which section, not what it is about), and a word
    not `everywhere`?"""
    assert deleted.old is not None and inserted.new is not None
    return bool(telling(unlabelled(deleted.old.text)) & telling(unlabelled(inserted.new.text)) - everywhere)


def _everywhere(document: Document) -> frozenset[str]:
    """Words in half the document's sections or more, three at least: a company's name, "information" in a
    privacy policy. Found in both versions, such a word tells no section from another: Dropbox's "Dropbox »
    Privacy" and "Dropbox Terms of Service" shared only that, and the terms were said to be the privacy
    section renamed."""
    sections: list[set[str]] = [set()]
    for block in document.blocks:
        if block.kind == "heading":
            sections.append(set())
        sections[-1] |= telling(block.text)
    counts = Counter(word for section in sections for word in section)
    named = sum(1 for section in sections if section)
    return frozenset(word for word, n in counts.items() if n >= 3 and 2 * n >= named)


def _heading(op: BlockOp) -> bool:
    """Does the op insert or delete a heading, or a bold line that names a section (`boldnames`)?"""
    block = op.new if op.kind == "insert" else op.old if op.kind == "delete" else None
    return block is not None and (block.kind == "heading" or bool(bold_name(block)))


def _splittable(op: BlockOp) -> bool:
    return (
        op.kind == "change"
        and op.old is not None
        and op.new is not None
        and op.old.kind == op.new.kind == "paragraph"
        and bool(op.pieces)
        and not any(piece.op == "¶" for piece in op.pieces)
    )


def change_runs(pieces: Sequence[Piece], gap: int = 8, sentence_gap: int = 3) -> list[tuple[int, int]]:
    """The separate changes inside one block: (first, last + 1) piece ranges of changed pieces (`+`, `-`,
    `~`, `¶`) kept apart by at least `gap` unchanged words, or by `sentence_gap` when a sentence ends
    between them, in order (one paragraph with nine edits has nine)."""
    runs: list[tuple[int, int]] = []
    for k, piece in enumerate(pieces):
        if piece.op == "=":
            continue
        if runs and not _apart_by(pieces[runs[-1][1] : k], gap, sentence_gap, _last(pieces[runs[-1][1] - 1])):
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs


def _apart_by(between: Sequence[Piece], gap: int, sentence_gap: int, prior: str) -> bool:
    """Are two edits apart, with the pieces `between` them, the first edit ending with token `prior`?"""
    keys = [key for p in between for key in p.tokens.keys]
    words = sum(p.tokens.words() for p in between)
    if any(unspaced(key) for key in keys):
        # Chinese and Japanese: each character is a word to the redline, and a word as a reader reads it
        # (a phrase with its particle) is about `CJK_WORD` of them.
        cjk = sum(1 for key in keys if _CJK_CHARACTER.match(key))
        words += -cjk + (cjk + CJK_WORD - 1) // CJK_WORD
    if words >= gap:
        return True
    if words < sentence_gap:
        return False
    # A full stop after a section's number ends no sentence ("see 6. International Transfers, page 4").
    return any(
        key in ENDS
        and after[:1].isspace()
        and not (key == "." and _LABEL.fullmatch(before))
        or key in FULL_ENDS
        for before, key, after in zip([prior, *keys], keys, keys[1:], strict=False)
    )


def _last(piece: Piece) -> str:
    """The last token of a piece ("" when it has none)."""
    return piece.tokens.keys[-1] if piece.tokens.keys else ""


def piece_runs(pieces: Sequence[Piece]) -> list[tuple[int, int]]:
    """The (first, last + 1) piece ranges of a block's separate changes."""
    return change_runs(pieces, GAP, SENTENCE_GAP)


def last_change(op: BlockOp) -> int:
    """The number of the last change an op holds."""
    return op.change + op.runs - 1 if op.change else 0


def parts(op: BlockOp, tiled: bool = False) -> list[BlockOp]:
    """An op cut into one op per numbered change it holds (itself when it holds one): each part's pieces
    are its run with the unchanged text either side of it (`tiled`: with the text after it, up to the
    next run, so the parts written one after the other are the paragraph), its words added and removed
    those of its run."""
    if op.runs <= 1:
        return [op]
    ranges = piece_runs(op.pieces)
    out = []
    for r, (start, stop) in enumerate(ranges):
        before = 0 if not r else start if tiled else ranges[r - 1][1]
        after = ranges[r + 1][0] if r + 1 < len(ranges) else len(op.pieces)
        run = op.pieces[start:stop]
        added = sum(p.tokens.words() for p in run if p.op == "+")
        removed = sum(p.tokens.words() for p in run if p.op == "-")
        out.append(
            op._replace(
                pieces=op.pieces[before:after],
                change=op.change + r,
                first=op.first or r > 0,
                added=added,
                removed=removed,
                runs=1,
            )
        )
    return out
