"""The excerpts of a change a change table shows: the older and newer text around what changed, on one
line, cut at word boundaries."""

from __future__ import annotations

from collections.abc import Sequence

from ppgen.core.document import Block
from ppgen.redline.align import BlockOp
from ppgen.redline.words import PARA, Piece, image_text, is_tag, tokenize

_EXCERPT = 90
"""Most characters of an excerpt (before its ellipses)."""
_CONTEXT = 30
"""Characters of unchanged text kept either side of a change in an excerpt."""
_HEAD = 8 * _EXCERPT
"""The start of a text that `excerpt` reads first: when it holds more than `_EXCERPT` characters once its
white space is single spaces, the excerpt is made from it alone."""


def excerpts(ops: list[BlockOp]) -> tuple[str, str]:
    """The older and newer text of a change, around what changed, cut at word boundaries."""
    olds: list[str] = []
    news: list[str] = []
    for op in ops:
        if op.pieces and op.kind in ("change", "move_to"):
            old, new = _around(op.pieces)
            olds.append(old)
            news.append(new)
        else:
            if op.old is not None and op.kind in ("delete", "move_from", "change"):
                olds.append(_shown(op.old))
            if op.new is not None and op.kind in ("insert", "move_to", "change"):
                news.append(_shown(op.new))
    return _excerpt_of(olds), _excerpt_of(news)


def _shown(block: Block) -> str:
    """A block's text, its images as Markdown writes them (an image without alt text is still seen)."""
    return _text(tokenize(block.inner).keys) if "<img" in block.inner else block.text


def _excerpt_of(texts: list[str]) -> str:
    """`excerpt(" ".join(texts))`, joining only the texts an excerpt can show (a change can delete a whole section)."""
    size = k = 0
    while k < len(texts) and size <= _HEAD:
        size += len(texts[k]) + 1
        k += 1
    head = " ".join(texts[:k])  # when texts are left out, its first _HEAD characters are those of the whole
    if k < len(texts) and len(" ".join(head[:_HEAD].split())) > _EXCERPT:
        return excerpt(head)
    return excerpt(" ".join(texts))


def _around(pieces: Sequence[Piece]) -> tuple[str, str]:
    """The older and newer text of one block, from a little before its first change to a little after its last."""
    changed = [k for k, p in enumerate(pieces) if p.op not in ("=", "¶")] or [
        k for k, p in enumerate(pieces) if p.op == "¶"
    ]
    first, last = (changed[0], changed[-1]) if changed else (0, len(pieces) - 1)
    old: list[str] = []
    new: list[str] = []
    sizes = [0, 0]
    for k in range(max(first - 1, 0), len(pieces)):
        piece = pieces[k]
        if piece.op == "¶":  # where a paragraph is split or joined: a space in an excerpt
            old.append(" ")
            new.append(" ")
            continue
        keys = piece.tokens.keys
        if piece.op == "=" and k < first:
            text = _text(keys[-_CONTEXT:])  # (a token is at least a character)
            text = "…" + _tail(text) if len(text) > _CONTEXT or len(keys) > _CONTEXT else text
        elif piece.op == "=" and k > last:
            text = _text(keys[:_CONTEXT])
            text = _head(text) + "…" if len(text) > _CONTEXT or len(keys) > _CONTEXT else text
        else:
            text = _text(keys[:_EXCERPT])  # as much as an excerpt shows (a token is at least a character)
        if piece.op != "+":
            old.append(_text(piece.was.keys[:_EXCERPT]) if piece.was is not None else text)
            sizes[0] += len(old[-1])
        if piece.op != "-":
            new.append(text)
            sizes[1] += len(text)
        if min(sizes) > _EXCERPT:  # enough for an excerpt of both sides
            break
    return "".join(old), "".join(new)


def _text(keys: Sequence[str]) -> str:
    """The plain text of some tokens."""
    return "".join(map(_plain, keys))


def _plain(key: str) -> str:
    """A token's plain text: a paragraph boundary or a line break is a space (an excerpt of a split or joined
    paragraph reads "…of Service Effective date…", not "…of ServiceEffective date…"), an image as Markdown
    writes it (an image replaced has its two addresses), another empty element none."""
    if key == PARA or key.startswith("<br"):
        return " "
    if key.startswith("<img"):
        return image_text(key)
    return "" if is_tag(key) else key


def _tail(text: str) -> str:
    cut = text[-_CONTEXT:]
    space = cut.find(" ")
    return cut[space + 1 :] if 0 <= space < len(cut) - 1 else cut


def _head(text: str) -> str:
    cut = text[:_CONTEXT]
    space = cut.rfind(" ")
    return cut[:space] if space > 0 else cut


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """`text` on one line, at most `limit` characters, cut at a word boundary with an ellipsis."""
    head = " ".join(text[: 8 * limit].split())  # the start of the line (a text can be a whole section)
    text = head if len(head) > limit else " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.…") + "…"
