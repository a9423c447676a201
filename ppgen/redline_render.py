"""A redline's HTML, inside the document's own structure: the merged (inline) view and the side-by-side view.

Text only in the older version is inside `<del>`, only in the newer inside `<ins>`; everything
that is not policy text (change markers, move links, notes, screen-reader words) has class `rl-note`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from itertools import groupby
from operator import itemgetter

from ppgen.document import Block, Container, Document, assemble
from ppgen.redline_align import BlockOp
from ppgen.redline_words import (
    Piece,
    Tokens,
    describe_format,
    needs_care,
    retag_ids,
    safe_tag,
    tag_name,
    tokenize,
    visible,
)

_INLINE_BLOCKS = frozenset({"paragraph", "th", "td", "dt"})
"""Blocks whose markers and notes go inside them (other blocks get theirs beside them)."""
_OLD_SIDE = frozenset({"delete", "move_from"})
_KINDS = {"bullet_list": "bulleted list", "ordered_list": "numbered list", "blockquote": "quotation", "table": "table",
          "footnote_block": "footnotes"}
_LABEL = {"change": "changed", "insert": "inserted", "delete": "deleted", "move_from": "moved away", "move_to": "moved here"}
_SR = {"+": "inserted: ", "-": "deleted: ", "move_to": "moved here: ", "move_from": "moved from here: "}
_TAG_WITH_ID = re.compile(r'<[^<>]*?\sid="([^"]*)"')
_ID_VALUE = re.compile(r'\sid="([^"]*)"')
_TAG_ANY = re.compile(r"<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")
_FRAGMENT_LINK = re.compile(r'(<a\s[^<>]*?)href="#([^"]*)"')


def _sr(text: str) -> str:
    return f'<span class="rl-note rl-sr">{text}</span>'


def _opening(state: str, moved: bool = False) -> str:
    if state == "~":
        return '<span class="rl-format">'
    if moved:
        return f'<ins class="rl-moved">{_sr(_SR["move_to"])}' if state == "+" else f'<del class="rl-moved">{_sr(_SR["move_from"])}'
    return f"<ins>{_sr(_SR[state])}" if state == "+" else f"<del>{_sr(_SR[state])}"


def _closing(state: str) -> str:
    return "</span>" if state == "~" else "</ins>" if state == "+" else "</del>"


def render_pieces(pieces: Sequence[Piece], view: str, ids: str, notes: list[str], outer: str = "") -> str:
    """Tokens as HTML: formatting reopened around each `<ins>`/`<del>` run; view `inline`, `old` or `new`.

    With `ids="keep"`, ids of words only the older version had are renamed `rl-old-…`, or dropped at a
    move's new place (the old place shows them already)."""
    out: list[str] = []
    if outer:
        out.append(_opening("+" if outer == "move_to" else "-", moved=True))
    stack: tuple[str, ...] = ()
    state = ""
    removes = ids == "keep" and any(p.op == "-" and any(p.tokens.formats) for p in pieces)
    new_entries = {e for p in pieces if p.op != "-" for f in set(p.tokens.formats) for e in f} if removes else set()
    seen: set[str] = set()
    for piece in pieces:
        if (view == "old" and piece.op == "+") or (view == "new" and piece.op == "-"):
            continue
        tokens = piece.was if view == "old" and piece.was is not None else piece.tokens
        wanted = "" if piece.op == "=" else piece.op
        if piece.was is not None and view != "old":
            notes.append(f"“{_words(piece.tokens)}”: {describe_format(piece.was.formats[0], piece.tokens.formats[0])}")
        for format, group in groupby(zip(tokens.formats, tokens.htmls), key=itemgetter(0)):
            if format != stack:
                if state:
                    out.append(_closing(state))
                    state = ""
                common = 0
                while common < min(len(stack), len(format)) and stack[common] == format[common]:
                    common += 1
                out.extend(_close_tag(entry) for entry in reversed(stack[common:]))
                for entry in format[common:]:
                    mode = ("strip" if outer else "old") if ids == "keep" and piece.op == "-" and entry not in new_entries else ids
                    out.append(_open_tag(entry, mode, seen))
                stack = format
            if state != wanted:
                if state:
                    out.append(_closing(state))
                if wanted:
                    out.append(_opening(wanted))
                state = wanted
            html = "".join(map(itemgetter(1), group))
            if "<" in html:  # an empty element (text is always escaped)
                html = "".join(_TAG_ANY.sub(lambda m: _open_tag(m.group(0), ids, seen), html))
            out.append(html)
    if state:
        out.append(_closing(state))
    out.extend(_close_tag(entry) for entry in reversed(stack))
    if outer:
        out.append(_closing("+" if outer == "move_to" else "-"))
    return "".join(out)


@lru_cache(maxsize=4096)
def _close_tag(entry: str) -> str:
    return f"</{tag_name(safe_tag(entry))}>"


@lru_cache(maxsize=4096)
def _tag(entry: str, ids: str) -> str:
    return retag_ids(safe_tag(visible((entry,))[0]), ids)


def _open_tag(entry: str, ids: str, seen: set[str]) -> str:
    tag = _tag(entry, ids)
    match = _ID_VALUE.search(tag) if ' id="' in tag else None
    if match:
        if match.group(1) in seen:
            return tag[: match.start()] + tag[match.end() :]
        seen.add(match.group(1))
    return tag


def _words(tokens: Tokens) -> str:
    return " ".join(tokens.text().split())[:60]


def whole(block: Block, kind: str, ids: str) -> str:
    """The inner HTML of a block that is inserted, deleted or moved whole, inside one `<ins>`/`<del>`."""
    state = "+" if kind in ("insert", "move_to") else "-"
    moved = kind in ("move_to", "move_from")
    if needs_care(block.inner) or (ids != "keep" and ' id="' in block.inner):
        pieces = (Piece("=" if moved else state, tokenize(block.inner)),)
        return render_pieces(pieces, "inline", ids, [], kind if moved else "")
    return f"{_opening(state, moved)}{block.inner}{_closing(state)}"


def _describe(block: Block) -> str:
    if block.kind == "heading":
        what = f"heading level {block.open[2:3]}"
    else:
        what = {"th": "table header cell", "td": "table cell", "code_block": "code", "fence": "code"}.get(block.kind, block.kind.replace("_", " "))
    places = [_KINDS[c.kind] for c in block.containers if c.kind in _KINDS]
    return what + (f" in a {' in a '.join(reversed(places))}" if places else "")


def _block_notes(op: BlockOp) -> list[str]:
    if op.kind != "change" or op.old is None or op.new is None:
        return []
    was, now = _describe(op.old), _describe(op.new)
    if was != now:
        return [f"was a {was}, now a {now}"]
    if re.sub(r'\sid="[^"]*"', "", op.old.open) != re.sub(r'\sid="[^"]*"', "", op.new.open) or [c.open for c in op.old.containers] != [
        c.open for c in op.new.containers
    ]:
        return ["layout changed"]
    return []


class _Writer:
    """Renders ops for one view: `inline` (merged), `old` or `new` (the two columns of side-by-side)."""

    def __init__(self, ops: Sequence[BlockOp], view: str, ordinals: tuple[dict[int, int], dict[int, int]]) -> None:
        self.ops = ops
        self.view = view
        self.total = max((op.change for op in ops), default=0)
        self.prefix = "" if view == "inline" else "sbs-"
        self.ordinals = ordinals
        self.dressed: dict[tuple[bool, int], Container] = {}
        self.kinds: dict[int, set[str]] = {}
        for op in ops:
            self.kinds.setdefault(op.change, set()).add(op.kind)

    def block(self, op: BlockOp, side: str) -> Block:
        """A stand-in block holding the op's rendered HTML, inside its (dressed) containers."""
        old_side = side == "old"
        source = op.old if old_side else op.new
        assert source is not None
        if self.view == "inline":
            containers = tuple(self._dress(c, c.key < 0, c.key if c.key >= 0 else -1 - c.key, "old" if c.key < 0 else "keep") for c in op.containers)
        else:
            containers = tuple(self._dress(c, old_side, c.key, "strip") for c in source.containers)
        html = self._html(op, source, old_side)
        if not html[-1:].isspace():
            html += "\n"  # tight-list text ends without a break; blocks from two versions may now meet
        return Block(source.kind, containers, "", html, "", "", source.line, source.section)

    def _dress(self, container: Container, old: bool, key: int, ids: str) -> Container:
        found = self.dressed.get((old, container.key))
        if found is None:
            opening = retag_ids(container.open, ids)
            number = self.ordinals[0 if old else 1].get(key)
            if number is not None:
                opening = opening.replace("<li", f'<li value="{number}"', 1)
            found = self.dressed[(old, container.key)] = Container(container.key, container.kind, opening, container.close)
        return found

    def _html(self, op: BlockOp, source: Block, old_side: bool) -> str:
        ids = "strip" if self.view != "inline" else "old" if op.kind in _OLD_SIDE else "keep"
        opening, closing = retag_ids(source.open, ids), source.close
        notes: list[str] = []
        if op.kind == "equal":
            if needs_care(source.inner) or (ids != "keep" and ' id="' in source.inner):
                inner = render_pieces((Piece("=", tokenize(source.inner)),), self.view, ids, notes)
            else:
                inner = source.inner
        elif op.pieces:
            view = "old" if old_side and self.view != "inline" else self.view
            inner = render_pieces(op.pieces, view, ids, notes, "move_to" if op.kind == "move_to" else "")
            if self.view != "old":
                notes += _block_notes(op)
        else:
            inner = whole(source, op.kind, ids)
        marker = self._marker(op) if op.first and self._marks(op, old_side) else ""
        note = f'<span class="rl-note rl-fmt-note">Formatting: {escape("; ".join(notes))}</span>' if notes else ""
        if source.kind in _INLINE_BLOCKS:
            return f"{opening}{marker}{inner}{note}{closing}"
        before = f'<div class="rl-note rl-marker-block">{marker}</div>' if marker else ""
        after = f'<div class="rl-note rl-fmt-block">{note}</div>' if note else ""
        return f"{before}{opening}{inner}{closing}{after}"

    def _marks(self, op: BlockOp, old_side: bool) -> bool:
        """Does this side carry the op's change anchor? (Inline: always; side by side: the side where it shows.)"""
        return self.view == "inline" or old_side == (op.kind in _OLD_SIDE)

    def _marker(self, op: BlockOp) -> str:
        n, p = op.change, self.prefix
        links = []
        if n > 1:
            links.append(f'<a href="#{p}change-{n - 1}" rel="prev" class="rl-prev">Previous<span class="rl-sr"> change</span></a>')
        label = f"Change {n} of {self.total}: {_LABEL[op.kind]}"
        if op.kind in ("insert", "delete"):
            label = f"Change {n} of {self.total}: " + " and ".join(sorted(_LABEL[k] for k in self.kinds[n]))
        if op.partner >= 0:
            there = self.ops[op.partner].change
            where = "to" if op.kind == "move_from" else "from"
            label = escape(label) + f' <a href="#{p}change-{there}" class="rl-move-link">(moved {where} change {there})</a>'
        else:
            label = escape(label)
        if n < self.total:
            links.append(f'<a href="#{p}change-{n + 1}" rel="next" class="rl-next">Next<span class="rl-sr"> change</span></a>')
        return f'<span class="rl-note rl-change" id="{p}change-{n}"><span class="rl-label">{label}</span> {" ".join(links)}</span>'


def _ordinals(blocks: Sequence[Block]) -> dict[int, int]:
    """List-item container key → its number, for items of numbered lists."""
    items: dict[int, list[int]] = {}
    starts: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for block in blocks:
        for parent, child in zip(block.containers, block.containers[1:]):
            if parent.kind == "ordered_list" and child.kind == "list_item" and child.key not in numbers:
                if parent.key not in starts:
                    match = re.search(r'\sstart="(-?\d+)"', parent.open)
                    starts[parent.key] = int(match.group(1)) if match else 1
                siblings = items.setdefault(parent.key, [])
                numbers[child.key] = starts[parent.key] + len(siblings)
                siblings.append(child.key)
    return numbers


def _chunks(ops: Sequence[BlockOp]) -> list[list[BlockOp]]:
    """The ops cut before each top-level heading: sections that can fold on their own."""
    chunks: list[list[BlockOp]] = [[]]
    for op in ops:
        block = op.new or op.old
        assert block is not None
        if block.kind == "heading" and not op.containers and chunks[-1]:
            chunks.append([])
        chunks[-1].append(op)
    return [c for c in chunks if c]


def _folds(chunk: list[BlockOp]) -> bool:
    first = chunk[0].new
    return len(chunk) > 1 and first is not None and first.kind == "heading" and all(op.kind == "equal" for op in chunk)


def _fold(body: Sequence[BlockOp], html: str) -> str:
    words = sum(len(op.new.text.split()) for op in body if op.new is not None)
    return f'<details class="rl-fold"><summary class="rl-note">Unchanged text of this section ({words} words)</summary>{html}</details>'


def render_inline(ops: Sequence[BlockOp], old: Document, new: Document) -> str:
    """The merged view: both versions in one text, changes marked where they are."""
    writer = _Writer(ops, "inline", (_ordinals(old.blocks), _ordinals(new.blocks)))

    def run(part: Sequence[BlockOp]) -> str:
        return assemble([writer.block(op, "old" if op.kind in _OLD_SIDE else "new") for op in part])

    out = []
    for chunk in _chunks(ops):
        out.append(run(chunk[:1]) + _fold(chunk[1:], run(chunk[1:])) if _folds(chunk) else run(chunk))
    return "".join(out)


def render_side_by_side(ops: Sequence[BlockOp], old: Document, new: Document) -> str:
    """The side-by-side view: rows of the older version (left) beside the newer (right)."""
    ordinals = (_ordinals(old.blocks), _ordinals(new.blocks))
    left, right = _Writer(ops, "old", ordinals), _Writer(ops, "new", ordinals)

    def row(part: Sequence[BlockOp]) -> str:
        olds = assemble([left.block(op, "old") for op in part if op.kind not in ("insert", "move_to")])
        news = assemble([right.block(op, "new") for op in part if op.kind not in _OLD_SIDE])
        same = " rl-same" if all(op.kind == "equal" for op in part) else ""
        return f'<div class="rl-row{same}"><div class="rl-old">{olds}</div><div class="rl-new">{news}</div></div>\n'

    out = []
    for chunk in _chunks(ops):
        if _folds(chunk):
            out.append(row(chunk[:1]) + _fold(chunk[1:], "".join(row(r) for r in _rows(chunk[1:]))))
        else:
            out.append("".join(row(r) for r in _rows(chunk)))
    return "".join(out)


def _rows(ops: Sequence[BlockOp]) -> list[list[BlockOp]]:
    """Ops grouped into rows: cut only between top-level blocks or top-level list items; unchanged runs and each change kept together."""
    units: list[list[BlockOp]] = []
    for op in ops:
        if units and not _may_cut(units[-1][-1], op):
            units[-1].append(op)
        else:
            units.append([op])
    rows: list[list[BlockOp]] = []
    for unit in units:
        if rows and (
            all(o.kind == "equal" for o in unit) and all(o.kind == "equal" for o in rows[-1]) or unit[0].change and unit[0].change == rows[-1][-1].change
        ):
            rows[-1].extend(unit)
        else:
            rows.append(unit)
    return rows


def _may_cut(before: BlockOp, after: BlockOp) -> bool:
    a, b = before.containers, after.containers
    if not a or not b or a[0].key != b[0].key:
        return True
    return a[0].kind in ("bullet_list", "ordered_list") and (len(a) < 2 or len(b) < 2 or a[1].key != b[1].key)


def fix_fragments(html: str, ids: set[str]) -> str:
    """Links to `#x` that no element of the page answers: to `#rl-old-x` when that exists, else disarmed."""

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if not target or target in ids:
            return match.group(0)
        if f"rl-old-{target}" in ids:
            return f'{match.group(1)}href="#rl-old-{target}"'
        return f'{match.group(1)}data-rl-href="#{target}"'

    return _FRAGMENT_LINK.sub(fix, html)


def ids_in(html: str) -> set[str]:
    """Every id of the page fragment."""
    return set(_TAG_WITH_ID.findall(html))


def word_counts(ops: Iterable[BlockOp]) -> tuple[int, int]:
    """(words added, words removed) over the ops."""
    added = removed = 0
    for op in ops:
        added += op.added
        removed += op.removed
    return added, removed
