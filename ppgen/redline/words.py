"""Words of one block and the word diff between two: tokens keep the inline formatting around them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from html import escape, unescape
from itertools import chain
from typing import Literal

import fast_diff_match_patch as dmp

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")
_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*|\s+|[^\w\s]")
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
_SPACES = re.compile(r"\s\s+|[^\S ]")
"""White space that is not a single plain space."""
_ID = re.compile(r"(\sid=\")([^\"]*)(\")")
_CLASS = re.compile(r"(\sclass=\")([^\"]*)(\")")
_VOID = frozenset(
    {
        "br",
        "img",
        "hr",
        "wbr",
        "col",
        "area",
        "embed",
        "source",
        "track",
        "input",
        "meta",
        "link",
        "base",
        "param",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "colgroup",
    }
)
_WINDOW = 2500
"""Tokens of a long block's changed stretch diffed at once (diff-match-patch is quadratic in the worst case)."""
_ENDS = frozenset({".", "!", "?", ";", ":"})
_SEP = "\x00"
"""Separates a block-level tag from its occurrence number in a format entry (never in HTML)."""
PARA = "\x01"
"""The key of a paragraph boundary token, when the blocks of a stretch are compared as running text (never in HTML)."""
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "may",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "such",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
    ]
)
"""Words so common that keeping them alone does not make a rewritten sentence an edit of the old one."""


class Tokens:
    """Words, runs of spaces, punctuation marks and empty elements (`<br>`, `<img>`) of a block, with their formatting."""

    __slots__ = ("formats", "htmls", "keys")

    def __init__(self, keys: list[str], htmls: list[str], formats: list[tuple[str, ...]]) -> None:
        self.keys = keys
        """What the diff compares: the text (unescaped) or, for an empty element, its tag."""
        self.htmls = htmls
        """How each is written in HTML."""
        self.formats = formats
        """The opening tags around each, outermost first (block-level tags carry `\\x00n`)."""

    def __len__(self) -> int:
        return len(self.keys)

    def slice(self, start: int, stop: int) -> Tokens:
        """The tokens from `start` to `stop`."""
        return Tokens(self.keys[start:stop], self.htmls[start:stop], self.formats[start:stop])

    def words(self) -> int:
        """How many words (not spaces, punctuation or empty elements) there are."""
        return len(_WORD.findall(_TAG.sub("\x00", "\x00".join(self.keys))))

    def text(self) -> str:
        """The plain text."""
        return "".join(key for key in self.keys if not key.startswith("<"))


PieceOp = Literal["=", "-", "+", "~", "¶"]
"""What a piece of a word diff is (see `Piece`)."""


@dataclass(frozen=True, eq=False)
class Piece:
    """A run of tokens with one fate: `=` in both, `-` only older, `+` only newer, `~` same words,
    formatting changed, `¶` a paragraph boundary only one version has (a "¶ split" or "¶ joined" mark,
    `redline_runs.mark`; its tokens are the mark, no text).

    Made by `redline_runs.word_diff` (one block against another) and `redline_runs.stretch` (a stretch
    of blocks compared as running text).

    Compared and hashed as itself, like its Tokens: a block pair's pieces are made once and kept
    (see `redline_runs.word_diff`), and their rendering is kept by them (`changed_inner`)."""

    op: PieceOp
    tokens: Tokens
    """The tokens as written (for `=` and `~`, the newer version's)."""
    was: Tokens | None = None
    """For `~`: the same words as the older version formatted them."""


def safe_tag(tag: str) -> str:
    """A policy's own tag made safe inside a redline: its `<ins>`/`<del>` become `<u>`/`<s>`, its `rl-` classes renamed."""
    name = tag_name(tag)
    if name in ("del", "ins"):
        slash = "/" if tag[1] == "/" else ""
        tag = f"<{slash}{'s' if name == 'del' else 'u'}{tag[len(slash) + 4 :]}"
    if "rl-" in tag:
        tag = _CLASS.sub(lambda m: m.group(1) + m.group(2).replace("rl-", "rl_") + m.group(3), tag)
    return tag


def needs_care(html: str) -> bool:
    """True when a policy's HTML holds tags that `safe_tag` would change."""
    return "<del" in html or "<ins" in html or "<DEL" in html or "<INS" in html or "rl-" in html


def retag_ids(tag: str, mode: str) -> str:
    """A tag with its id kept (`keep`), prefixed with `rl-old-` (`old`) or removed (`strip`)."""
    if mode == "keep" or ' id="' not in tag:
        return tag
    if mode == "old":
        return _ID.sub(lambda m: f"{m.group(1)}rl-old-{m.group(2)}{m.group(3)}", tag)
    return _ID.sub("", tag)


def tag_name(entry: str) -> str:
    """The element name of an opening tag or format entry."""
    match = _TAG.match(entry)
    return match.group(2).lower() if match else ""


def tokenize(html: str) -> Tokens:
    """The tokens of a block's inner HTML."""
    tokens = Tokens([], [], [])
    stack: list[str] = []
    format: tuple[str, ...] = ()
    counter = 0
    position = 0
    for match in _TAG.finditer(html):
        if match.start() > position:
            _text(html[position : match.start()], format, tokens)
        position = match.end()
        tag = match.group(0)
        name = match.group(2).lower()
        if match.group(1):
            for depth in range(len(stack) - 1, -1, -1):
                if tag_name(stack[depth]) == name:
                    del stack[depth:]
                    break
        elif name in _VOID or tag.endswith("/>"):
            tokens.keys.append(tag)
            tokens.htmls.append(tag)
            tokens.formats.append(format)
            continue
        else:
            if name in _BLOCK_TAGS:
                tag = f"{tag}{_SEP}{counter}"
                counter += 1
            stack.append(tag)
        format = tuple(stack)
    if position < len(html):
        _text(html[position:], format, tokens)
    return tokens


def _text(html: str, format: tuple[str, ...], tokens: Tokens) -> None:
    text = unescape(html) if "&" in html else html
    words = _TOKEN.findall(text)
    tokens.htmls += [escape(word, quote=False) for word in words] if text is not html else words
    if not ("  " in text or "\n" in text or "\t" in text or not text.isascii()) or any(
        entry.startswith("<pre") for entry in format
    ):
        tokens.keys += words  # preformatted: white space is what a reader sees
    else:  # a run of white space reads as one space, whatever it is made of (as many tokens: one per run)
        tokens.keys += _TOKEN.findall(_SPACES.sub(" ", text))
    tokens.formats += [format] * len(words)


def words_of(html: str) -> list[str]:
    """The words of a block's inner HTML (the word tokens `tokenize` would find)."""
    return _WORD.findall(unescape(_TAG.sub("\x00", html)))


def count_words(html: str) -> int:
    """How many words the inner HTML of a block holds (as `Tokens.words` would count them)."""
    return len(_WORD.findall(unescape(_TAG.sub("\x00", html))))


def visible(format: tuple[str, ...]) -> tuple[str, ...]:
    """A format without occurrence numbers, as a reader sees it."""
    return tuple(entry.split(_SEP, 1)[0] for entry in format)


def appearance(format: tuple[str, ...]) -> tuple[str, ...]:
    """A format as a reader sees it: no occurrence numbers, no ids."""
    return tuple(_ID.sub("", entry) for entry in visible(format))


def _chars() -> Iterator[str]:
    return map(chr, chain(range(0x100, 0xD800), range(0xE000, 0x110000)))


def diff_tokens(old: Tokens, new: Tokens) -> list[Piece]:
    """The word diff of two token lists (diff-match-patch on one character per distinct token).

    Long blocks are first aligned sentence by sentence; changed stretches longer than `_WINDOW`
    tokens are then diffed a window of sentences at a time, so a block rewritten from end to end
    costs time in proportion to its length, not to its length squared."""
    pieces: list[Piece] = []
    if len(old) + len(new) <= 2 * _WINDOW:
        _diff(old, new, 0, len(old), 0, len(new), pieces)
        return readable(pieces)
    spans_a, spans_b = _sentences(old), _sentences(new)
    keys_a = ["".join(old.keys[s:e]) for s, e in spans_a]
    keys_b = ["".join(new.keys[s:e]) for s, e in spans_b]
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
    return readable(_rediff(old, new, pieces, spans_a, spans_b))


def readable(pieces: list[Piece]) -> list[Piece]:
    """Pieces a reader can follow. Filler kept between two changes (stop words, punctuation, spaces)
    is struck and retyped with them, so a rewritten sentence reads as the old words struck and the new
    ones inserted rather than salad; a change of white space alone that leaves the words apart is no change."""
    out: list[Piece] = []
    changed = False
    pieces = list(pieces)
    for k, piece in enumerate(pieces):
        if piece.op in "+-" and _blank(piece.tokens):
            if _apart(pieces, k):
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
        if (
            piece.op == "="
            and out
            and out[-1].op in "+-"
            and k + 1 < len(pieces)
            and pieces[k + 1].op in "+-"
            and _filler(piece.tokens)
        ):
            out += [Piece("-", piece.tokens), Piece("+", piece.tokens)]
            changed = True
            continue
        if piece.tokens.keys:
            out.append(piece)
    return _regrouped(out) if changed else out


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


def _apart(pieces: list[Piece], k: int) -> bool:
    """Does the older text keep its words apart whether or not it has piece `k` (white space only)?"""
    before = next(
        (
            pieces[m].tokens.keys[-1]
            for m in range(k - 1, -1, -1)
            if pieces[m].op in "=~-" and pieces[m].tokens.keys
        ),
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
    found = _WORD.findall(" ".join(key for key in tokens.keys if not key.startswith("<")))
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
            _diff(old, new, i, stop_a, j, stop_b, pieces)
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
    if list(a) == list(b):
        return [("=", len(a))] if a else []
    table = dict(zip(dict.fromkeys(chain(a, b)), _chars()))
    ops: list[tuple[Literal["=", "-", "+"], int]] = dmp.diff(
        "".join(map(table.__getitem__, a)),
        "".join(map(table.__getitem__, b)),
        timelimit=0,
        checklines=False,
        cleanup=cleanup,
        counts_only=True,
    )
    return ops


def _diff(old: Tokens, new: Tokens, i0: int, i1: int, j0: int, j1: int, pieces: list[Piece]) -> None:
    """Append the word diff of old[i0:i1] against new[j0:j1]."""
    if i0 == i1 or j0 == j1:
        if i0 < i1:
            pieces.append(Piece("-", old.slice(i0, i1)))
        if j0 < j1:
            pieces.append(Piece("+", new.slice(j0, j1)))
        return
    i, j = i0, j0
    for op, length in diff_sequences(old.keys[i0:i1], new.keys[j0:j1], "Semantic"):
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
    """Equal words, split where their formatting changed (one `~` piece per kind of change)."""
    if old.formats[i : i + length] == new.formats[j : j + length]:
        out.append(Piece("=", new.slice(j, j + length)))
        return
    start = 0
    change: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    for k in range(length + 1):
        now: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        if k < length and old.formats[i + k] != new.formats[j + k]:
            was, becomes = appearance(old.formats[i + k]), appearance(new.formats[j + k])
            now = (was, becomes) if was != becomes else None
        if (now != change or k == length) and k > start:
            words = new.slice(j + start, j + k)
            out.append(Piece("~", words, old.slice(i + start, i + k)) if change else Piece("=", words))
            start = k
        change = now
