"""Tables keep their shape in a redline: when a row of the merged table would not be one row of each
version it shows, whole (cells paired across rows, a cell both deleted and inserted beside its
neighbours), the table is shown as what it is, the older table struck whole and the newer one inserted
whole. Rows may differ in width, as they do when a cell spans rows or columns.

Works on the ops of `align.align`, before any view is drawn; every other op is kept as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ppgen.core.document import Block, Container, Document
from ppgen.redline.align import BlockOp
from ppgen.redline.words import count_words

_CELLS = frozenset({"th", "td"})


def keep_shape(ops: tuple[BlockOp, ...], old: Document, new: Document) -> tuple[BlockOp, ...]:
    """`ops` with every table whose merged rows would not all have its column count replaced whole."""
    if not any(op.kind != "equal" and _table(op.containers) is not None for op in ops):
        return ops  # no change inside a table
    for key in _misshapen(ops, old, new):
        ops = _replace(ops, key, old, new)
    return ops


def _table(containers: Sequence[Container]) -> Container | None:
    """The innermost table a block sits in."""
    return next((c for c in reversed(containers) if c.kind == "table"), None)


def _row(containers: Sequence[Container]) -> tuple[int, bool] | None:
    return next((c.identity for c in reversed(containers) if c.kind == "tr"), None)


def _blocks(op: BlockOp, new: Document) -> list[tuple[Block, tuple[Container, ...]]]:
    """The blocks an op shows in the merged view, each with its merged containers."""
    if op.kind == "equal":
        return [(b, b.containers) for b in new.blocks[op.new_index : op.new_index + op.span]]
    block = op.new if op.new is not None else op.old
    assert block is not None
    return [(block, op.containers)]


def _sides(op: BlockOp, old: Document, new: Document) -> list[tuple[Block | None, Block | None]]:
    """The blocks an op shows, in the order of `_blocks`, each as its older and its newer version's block."""
    if op.kind == "equal":
        return [(old.blocks[op.old_index + i], new.blocks[op.new_index + i]) for i in range(op.span)]
    return [(op.old, op.new)]


_Row = tuple[str, "tuple[int, bool] | None"]
"""A row of one version: "old" or "new", and its identity there."""


def _misshapen(ops: Sequence[BlockOp], old: Document, new: Document) -> list[tuple[int, bool]]:
    """Merged identities of the tables with a row, as the merged view writes it (a row left and entered
    again is a second row), that is not one row of each version it shows: its cells of the older version
    all of one older row, its cells of the newer all of one newer row, and no more cells than the wider
    of the two (a cell both deleted and inserted, or cells paired across rows, would push the row out of
    its columns). A table whose rows differ in width (a cell spanning rows or columns) keeps its shape so."""
    widths = _widths(old, "old") + _widths(new, "new")
    rows: dict[tuple[int, bool], list[tuple[list[int], Counter[_Row]]]] = {}
    """Table key → its merged rows, each: [its cells], and each version's row → its cells shown here."""
    last: tuple[tuple[int, bool], tuple[int, bool]] | None = None
    for op in ops:
        for (block, containers), sides in zip(_blocks(op, new), _sides(op, old, new), strict=True):
            table, row = _table(containers), _row(containers)
            if table is None or row is None or block.kind not in _CELLS:
                last = None
                continue
            if last != (table.identity, row):
                rows.setdefault(table.identity, []).append(([0], Counter()))
                last = (table.identity, row)
            cells, shown = rows[table.identity][-1]
            cells[0] += 1
            shown.update(
                (side, _row(b.containers))
                for side, b in zip(("old", "new"), sides, strict=True)
                if b is not None
            )
    return [
        key
        for key, merged in rows.items()
        if not all(_one_row(cells, shown, widths) for (cells,), shown in merged)
    ]


def _widths(document: Document, side: str) -> Counter[_Row]:
    """Each row of `document` → how many cells it has."""
    return Counter((side, _row(b.containers)) for b in document.blocks if b.kind in _CELLS)


def _one_row(cells: int, shown: Counter[_Row], widths: Counter[_Row]) -> bool:
    sides = [side for side, _ in shown]
    return (
        sides.count("old") <= 1
        and sides.count("new") <= 1
        and all(count == widths[row] for row, count in shown.items())
        and cells <= max(shown.values())
    )


def _replace(
    ops: tuple[BlockOp, ...], key: tuple[int, bool], old: Document, new: Document
) -> tuple[BlockOp, ...]:
    """The ops with the merged table `key` shown as the older table deleted and the newer inserted."""
    old_keys = {
        t.key
        for op in ops
        for block in (op.old,)
        if block is not None and _holds(op, key, new)
        for t in (_table(block.containers),)
        if t is not None
    }
    new_keys = {
        t.key
        for op in ops
        if _holds(op, key, new)
        for b in ([op.new] if op.kind != "equal" else new.blocks[op.new_index : op.new_index + op.span])
        if b is not None
        for t in (_table(b.containers),)
        if t is not None
    }
    olds = [
        i for i, b in enumerate(old.blocks) if (t := _table(b.containers)) is not None and t.key in old_keys
    ]
    news = [
        j for j, b in enumerate(new.blocks) if (t := _table(b.containers)) is not None and t.key in new_keys
    ]
    in_old, in_new = set(olds), set(news)
    kept: list[BlockOp] = []
    where: dict[int, int] = {}
    """Old position in `ops` → new position, for the ops kept (moves point at each other by position)."""
    placed = False
    section = None
    for k, op in enumerate(ops):
        parts = _cut(op, in_old, in_new, old, new) if op.kind == "equal" else [op]
        for part in parts:
            if not _touches(part, in_old, in_new):
                where.setdefault(k, len(kept))
                kept.append(part)
                continue
            section = section or part.section
            if not placed:
                placed = True
                kept += _whole(olds, news, old, new, section)
            kept += _outside(part, in_old, in_new)  # the other side of a pair that crossed the table's edge
    kept = [_repartnered(op, where) for op in kept]
    return _renumbered(kept)


def _outside(op: BlockOp, olds: set[int], news: set[int]) -> list[BlockOp]:
    """What an op that touches the table shows outside it: a block it paired with a cell (or kept equal
    to one), as inserted or deleted."""
    out: list[BlockOp] = []
    if op.old is not None and op.old_index not in olds:
        out.append(
            BlockOp(
                "delete",
                op.old,
                None,
                op.old_index,
                -1,
                op.old.containers if op.kind == "equal" else op.containers,
                (),
                -1,
                1,
                True,
                op.section,
                0,
                count_words(op.old.inner),
            )
        )
    if op.new is not None and op.new_index not in news:
        out.append(
            BlockOp(
                "insert",
                None,
                op.new,
                -1,
                op.new_index,
                op.new.containers,
                (),
                -1,
                1,
                True,
                op.section,
                count_words(op.new.inner),
                0,
            )
        )
    return out


def _repartnered(op: BlockOp, where: dict[int, int]) -> BlockOp:
    """A move's end pointed at its other end's new position; a move whose other end went with a table is
    a plain insertion or deletion."""
    if op.partner < 0:
        return op
    if op.partner in where:
        return op._replace(partner=where[op.partner])
    if op.kind == "move_to" and op.new is not None:
        return op._replace(
            kind="insert", pieces=(), partner=-1, first=True, added=count_words(op.new.inner), removed=0
        )
    assert op.old is not None
    return op._replace(
        kind="delete", pieces=(), partner=-1, first=True, added=0, removed=count_words(op.old.inner)
    )


def _holds(op: BlockOp, key: tuple[int, bool], new: Document) -> bool:
    return any(
        (t := _table(containers)) is not None and t.identity == key for _, containers in _blocks(op, new)
    )


def _touches(op: BlockOp, olds: set[int], news: set[int]) -> bool:
    return op.old_index in olds or op.new_index in news


def _cut(op: BlockOp, olds: set[int], news: set[int], old: Document, new: Document) -> list[BlockOp]:
    """A run of unchanged blocks cut where it enters or leaves the table, on either side (a part
    inside one table only is one block)."""
    if op.span == 1:
        return [op]
    shift = op.old_index - op.new_index

    def where(j: int) -> tuple[bool, bool]:
        return j + shift in olds, j in news

    parts: list[BlockOp] = []
    start = op.new_index
    for j in range(op.new_index + 1, op.new_index + op.span + 1):
        if j == op.new_index + op.span or where(j) != where(start) or where(j)[0] != where(j)[1]:
            i = op.old_index + start - op.new_index
            parts.append(
                op._replace(
                    old=old.blocks[i],
                    new=new.blocks[start],
                    old_index=i,
                    new_index=start,
                    containers=new.blocks[start].containers,
                    span=j - start,
                )
            )
            start = j
    return parts


def _whole(
    olds: list[int], news: list[int], old: Document, new: Document, section: str | None
) -> list[BlockOp]:
    """The older table deleted (its containers its own) and the newer one inserted, as one change."""
    moved: dict[int, Container] = {}
    ops: list[BlockOp] = []
    for i in olds:
        block = old.blocks[i]
        containers = tuple(moved.setdefault(c.key, replace(c, older_only=True)) for c in block.containers)
        ops.append(
            BlockOp(
                "delete",
                block,
                None,
                i,
                -1,
                containers,
                (),
                -1,
                1,
                not ops,
                section,
                0,
                count_words(block.inner),
            )
        )
    for j in news:
        block = new.blocks[j]
        ops.append(
            BlockOp(
                "insert",
                None,
                block,
                -1,
                j,
                block.containers,
                (),
                -1,
                1,
                not ops,
                section,
                count_words(block.inner),
                0,
            )
        )
    return ops


def _renumbered(ops: list[BlockOp]) -> tuple[BlockOp, ...]:
    """The changes numbered again in reading order (every op made here has a change number, to be renumbered)."""
    number = 0
    out: list[BlockOp] = []
    for op in ops:
        if op.kind != "equal" and op.change:  # (a quiet op, align.quiet, stays unnumbered)
            number += op.first
            op = op._replace(change=number)
        out.append(op)
    return tuple(out)
