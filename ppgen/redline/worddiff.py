"""The word diff between two blocks' tokens: diff-match-patch on one character per distinct token, in
windows of sentences for long blocks, its pieces then made readable (filler between two changes struck
and retyped with them). Tokens are compared without letter case (`redline.capitals`): words whose
capitals alone changed are aligned, and shown as such (`~` pieces), not struck and retyped."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterator, Sequence
from itertools import chain, pairwise
from typing import Literal

import fast_diff_match_patch as dmp

from ppgen.redline.capitals import folded, recased
from ppgen.redline.words import PARA, STOP, WORD, Piece, PieceOp, Tokens, appearance, is_tag, structure

_WINDOW = 2500
"""Tokens of a long block's changed stretch diffed at once (diff-match-patch is quadratic in the worst case)."""
_ENDS = frozenset({".", "!", "?", ";", ":"})
_BESIDE = 2
"""Most words whose capitals changed right beside a change that are struck and retyped with it (`readable`)."""


def _chars() -> Iterator[str]:
    return map(chr, chain(range(0x100, 0xD800), range(0xE000, 0x110000)))


def diff_tokens(old: Tokens, new: Tokens) -> list[Piece]:
    """The word diff of two token lists (diff-match-patch on one character per distinct token).

    Long blocks are first aligned sentence by sentence; changed stretches longer than `_WINDOW`
    tokens are then diffed a window of sentences at a time, so a block rewritten from end to end
    costs time in proportion to its length, not to its length squared.

    When words struck and inserted differ only by letter case, the blocks are diffed again without
    case (`redline.capitals`), and that diff is kept unless it strikes and inserts more words: aligning
    `the` with `The` can lead diff-match-patch to a coarser diff of a rewritten sentence."""
    exact = _diff_tokens(old, new, False)
    if not _recasable(exact):
        return exact
    aligned = _diff_tokens(old, new, True)
    return aligned if _marked(aligned) <= _marked(exact) else exact


def _recasable(pieces: list[Piece]) -> bool:
    """Do the pieces strike a word and insert it spelt with other capitals?"""
    struck = {key for p in pieces if p.op == "-" for key in p.tokens.keys if key[:1].isalnum()}
    inserted = {key for p in pieces if p.op == "+" for key in p.tokens.keys if key[:1].isalnum()}
    folded_in = {key.casefold() for key in inserted}
    return any(key not in inserted and key.casefold() in folded_in for key in struck)


def _marked(pieces: list[Piece]) -> int:
    return sum(p.tokens.words() for p in pieces if p.op in "+-")


def _diff_tokens(old: Tokens, new: Tokens, fold: bool) -> list[Piece]:
    """`diff_tokens`, comparing tokens without letter case or (`fold` false) letter for letter."""
    pieces: list[Piece] = []
    if len(old) + len(new) <= 2 * _WINDOW:
        _diff(old, new, 0, len(old), 0, len(new), pieces, fold)
        return readable(pieces)
    spans_a, spans_b = _sentences(old), _sentences(new)
    keys_a = ["".join(old.keys[s:e]) for s, e in spans_a]
    keys_b = ["".join(new.keys[s:e]) for s, e in spans_b]
    if fold:
        keys_a, keys_b = folded(keys_a), folded(keys_b)
    i = j = 0
    for op, length in diff_sequences(keys_a, keys_b):
        if op == "=":
            start, stop = spans_a[i][0], spans_a[i + length - 1][1]
            _equal(old, new, start, spans_b[j][0], stop - start, pieces)
            i += length
            j += length
        elif op == "-":
            pieces.append(Piece("-", old.slice(spans_a[i][0], spans_a[i + length - 1][1])))
            i += length
        else:
            pieces.append(Piece("+", new.slice(spans_b[j][0], spans_b[j + length - 1][1])))
            j += length
    return readable(_rediff(old, new, pieces, spans_a, spans_b, fold))


def readable(pieces: list[Piece]) -> list[Piece]:
    """Pieces a reader can follow. Filler kept between two changes (stop words, punctuation, spaces)
    is struck and retyped with them, so a rewritten sentence reads as the old words struck and the new
    ones inserted rather than salad; a change of white space alone that leaves the words apart is no change;
    struck and inserted pieces that take turns (words whose blocks changed, `_equal`) are one of each.
    Words whose capitals alone changed (`Piece.recased`) are struck and retyped too when they are filler
    between two changes or at most `_BESIDE` words right beside one (`you` → `You` where a sentence now
    starts): there the capital belongs to the rewrite, and a note on it would only distract."""
    out: list[Piece] = []
    pieces = list(pieces)
    changed = any(one.op == "+" and other.op == "-" for one, other in pairwise(pieces))
    for k, piece in enumerate(pieces):
        if piece.op in "+-" and _blank(piece.tokens):
            if _apart(out, pieces, k):
                if piece.op == "+":
                    out.append(Piece("=", piece.tokens))
                changed = True
                continue
            after = pieces[k + 1] if k + 1 < len(pieces) and pieces[k + 1].op == "=" else None
            cut = (
                next((n for n, key in enumerate(after.tokens.keys) if key[:1].isspace()), len(after.tokens))
                if after
                else 0
            )
            if (
                after and cut and not _near_boundary(pieces, k)
            ):  # a space that joins or parts two words: the word it touches is struck and retyped with it
                word, rest = after.tokens.slice(0, cut), after.tokens.slice(cut, len(after.tokens))
                both = _joined([piece.tokens, word])
                out += [
                    Piece("-", both if piece.op == "-" else word),
                    Piece("+", word if piece.op == "-" else both),
                ]
                pieces[k + 1] = Piece("=", rest)
                changed = True
                continue
        after_change = bool(out) and out[-1].op in "+-"
        before_change = k + 1 < len(pieces) and pieces[k + 1].op in "+-"
        if (piece.op == "=" or piece.recased) and after_change and before_change and _filler(piece.tokens):
            out += [Piece("-", piece.was or piece.tokens), Piece("+", piece.tokens)]
            changed = True
            continue
        if piece.recased and piece.was is not None and piece.tokens.words() <= _BESIDE:
            space = out[-1] if len(out) > 1 and out[-1].op == "=" and _blank(out[-1].tokens) else None
            if after_change or space and out[-2].op in "+-" or before_change or _space_then_change(pieces, k):
                if space and out[-2].op in "+-":  # the space before it goes with it (one run, `_regrouped`)
                    out.pop()
                    out += [
                        Piece("-", _joined([space.tokens, piece.was])),
                        Piece("+", _joined([space.tokens, piece.tokens])),
                    ]
                else:
                    out += [Piece("-", piece.was), Piece("+", piece.tokens)]
                changed = True
                continue
        if piece.tokens.keys:
            out.append(piece)
    return _regrouped(out) if changed else out


def _space_then_change(pieces: list[Piece], k: int) -> bool:
    """Is piece `k` followed by white space alone, then a change?"""
    return (
        k + 2 < len(pieces)
        and pieces[k + 1].op == "="
        and _blank(pieces[k + 1].tokens)
        and pieces[k + 2].op in "+-"
    )


def _near_boundary(pieces: list[Piece], k: int) -> bool:
    """Is there a paragraph boundary among the changed pieces around piece `k` (it keeps words apart)?"""
    for step in (-1, 1):
        m = k + step
        while 0 <= m < len(pieces) and pieces[m].op != "=":
            if PARA in pieces[m].tokens.keys:
                return True
            m += step
    return False


def _blank(tokens: Tokens) -> bool:
    return all(key[:1].isspace() for key in tokens.keys)


def _apart(done: list[Piece], pieces: list[Piece], k: int) -> bool:
    """Does the older text keep its words apart whether or not it has piece `k` (white space only)? What
    comes before it is read from the pieces `done` so far (a space before it may have been struck and
    retyped with the word after it, or left out), what comes after from `pieces`."""
    before = next(
        (piece.tokens.keys[-1] for piece in reversed(done) if piece.op in "=~-" and piece.tokens.keys),
        " ",
    )
    after = next(
        (
            pieces[m].tokens.keys[0]
            for m in range(k + 1, len(pieces))
            if pieces[m].op in "=~-" and pieces[m].tokens.keys
        ),
        " ",
    )
    return before[:1].isspace() or after[:1].isspace()


def _filler(tokens: Tokens) -> bool:
    """Only stop words (at most two), punctuation and spaces, and no paragraph boundary."""
    if len(tokens) > 12 or PARA in tokens.keys:
        return False
    found = WORD.findall(" ".join(key for key in tokens.keys if not is_tag(key)))
    return len(found) <= 2 and all(word.lower() in STOP for word in found)


def _regrouped(pieces: list[Piece]) -> list[Piece]:
    """Each run of struck and inserted pieces as one struck piece, then one inserted piece."""
    out: list[Piece] = []
    run: list[Piece] = []
    for piece in [*pieces, Piece("=", Tokens([], [], []))]:
        if piece.op in "+-" and PARA not in piece.tokens.keys:  # a paragraph boundary stays where it is
            run.append(piece)
            continue
        ops: tuple[PieceOp, PieceOp] = ("-", "+")
        for op in ops:
            parts = [p.tokens for p in run if p.op == op]
            if parts:
                out.append(Piece(op, parts[0] if len(parts) == 1 else _joined(parts)))
        run = []
        if piece.tokens.keys:
            out.append(piece)
    return out


def _joined(parts: list[Tokens]) -> Tokens:
    return Tokens(
        [k for t in parts for k in t.keys],
        [h for t in parts for h in t.htmls],
        [f for t in parts for f in t.formats],
    )


def _rediff(
    old: Tokens,
    new: Tokens,
    coarse: list[Piece],
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    fold: bool,
) -> list[Piece]:
    """Word-diff each run of deleted sentences against the inserted sentences beside it, a window at a time
    (windows on the two sides advance in proportion, so evenly rewritten text stays aligned)."""
    ends_a, ends_b = [e for _, e in spans_a], [e for _, e in spans_b]
    pieces: list[Piece] = []
    i = j = k = 0  # token positions in old and new; index in coarse
    while k < len(coarse):
        if coarse[k].op in "=~":
            pieces.append(coarse[k])
            i += len(coarse[k].tokens)
            j += len(coarse[k].tokens)
            k += 1
            continue
        i1, j1 = i, j
        while k < len(coarse) and coarse[k].op in "+-":
            if coarse[k].op == "-":
                i1 += len(coarse[k].tokens)
            else:
                j1 += len(coarse[k].tokens)
            k += 1
        while i < i1 or j < j1:
            stop_a = _cut(ends_a, i, i1, i + _WINDOW)
            stop_b = _cut(ends_b, j, j1, j + (j1 - j) * (stop_a - i) // (i1 - i) if i < i1 else j1)
            _diff(old, new, i, stop_a, j, stop_b, pieces, fold)
            i, j = stop_a, stop_b
    return pieces


def _cut(ends: list[int], start: int, stop: int, want: int) -> int:
    """Where a window from `start` should end: the sentence end at or before `want`, else the one just
    after it when the window stays within `_WINDOW` tokens, else `want` itself (mid-sentence)."""
    want = min(max(want, start + 1), stop)
    k = bisect_right(ends, want)
    if k and ends[k - 1] > start:
        return ends[k - 1]
    if k < len(ends) and ends[k] <= stop and ends[k] - start <= _WINDOW:
        return ends[k]
    return want


def _sentences(tokens: Tokens) -> list[tuple[int, int]]:
    """Token ranges of sentences (ending after `.`, `!`, `?`, `;` or `:` and a space)."""
    spans = []
    start = 0
    keys = tokens.keys
    for k in range(1, len(keys)):
        if keys[k - 1] in _ENDS and keys[k][:1].isspace():
            spans.append((start, k + 1))
            start = k + 1
    if start < len(keys):
        spans.append((start, len(keys)))
    return spans


def diff_sequences(
    a: Sequence[Hashable], b: Sequence[Hashable], cleanup: str = "No"
) -> list[tuple[Literal["=", "-", "+"], int]]:
    """diff-match-patch over any two sequences, one character per distinct item: (`=`|`-`|`+`, count) runs."""
    if (a == b) if type(a) is type(b) else list(a) == list(b):
        return [("=", len(a))] if a else []
    table = dict(zip(dict.fromkeys(chain(a, b)), _chars(), strict=False))  # _chars() is endless
    ops: list[tuple[Literal["=", "-", "+"], int]] = dmp.diff(
        "".join(map(table.__getitem__, a)),
        "".join(map(table.__getitem__, b)),
        timelimit=0,
        checklines=False,
        cleanup=cleanup,
        counts_only=True,
    )
    return ops


def _diff(
    old: Tokens, new: Tokens, i0: int, i1: int, j0: int, j1: int, pieces: list[Piece], fold: bool
) -> None:
    """Append the word diff of old[i0:i1] against new[j0:j1] (`fold`: without letter case)."""
    if i0 == i1 or j0 == j1:
        if i0 < i1:
            pieces.append(Piece("-", old.slice(i0, i1)))
        if j0 < j1:
            pieces.append(Piece("+", new.slice(j0, j1)))
        return
    i, j = i0, j0
    a, b = old.keys[i0:i1], new.keys[j0:j1]
    for op, length in diff_sequences(folded(a) if fold else a, folded(b) if fold else b, "Semantic"):
        if op == "=":
            _equal(old, new, i, j, length, pieces)
            i += length
            j += length
        elif op == "-":
            pieces.append(Piece("-", old.slice(i, i + length)))
            i += length
        else:
            pieces.append(Piece("+", new.slice(j, j + length)))
            j += length


def _equal(old: Tokens, new: Tokens, i: int, j: int, length: int, out: list[Piece]) -> None:
    """Words equal once case-folded, split where their formatting or their capitals changed (one `~` piece
    per kind of change; a run of recased words is one piece, `capitals.recased`). Words whose blocks
    changed (list items inside a cell that became a line of bold text) are struck as the older version had
    them and inserted as the newer has them: a `~` piece is drawn in the newer version's blocks only, and
    the older text would lose its own."""
    keys_a, keys_b = old.keys[i : i + length], new.keys[j : j + length]
    if keys_a == keys_b and old.formats[i : i + length] == new.formats[j : j + length]:
        out.append(Piece("=", new.slice(j, j + length)))
        return
    cased = recased(keys_a, keys_b, new.formats[j : j + length]) if keys_a != keys_b else [False] * length
    start = 0
    change: _Change | None = None
    for k in range(length + 1):
        now: _Change | None = None
        if k < length and old.formats[i + k] != new.formats[j + k]:
            was, becomes = appearance(old.formats[i + k]), appearance(new.formats[j + k])
            if structure(old.formats[i + k]) != structure(new.formats[j + k]):
                now = _RESTRUCTURED
            elif keys_b[k].isspace():  # a space alone shows no change (into or out of a link): it goes
                now = change  # with the words before it
            elif was != becomes:
                now = (was, becomes, cased[k])
        if now is None and k < length and cased[k]:
            now = ((), (), True)
        if (now != change or k == length) and k > start:
            words = new.slice(j + start, j + k)
            if change is _RESTRUCTURED:
                out += [Piece("-", old.slice(i + start, i + k)), Piece("+", words)]
            else:
                out.append(Piece("~", words, old.slice(i + start, i + k)) if change else Piece("=", words))
            start = k
        change = now


_Change = tuple[tuple[str, ...], tuple[str, ...], bool]
"""What changed about equal words (`_equal`): their formatting as the older and the newer version show it
(both empty when it did not change), and whether their capitals changed."""
_RESTRUCTURED: _Change = (("",), ("",), False)
"""The change of a word whose blocks changed (`_equal`)."""
