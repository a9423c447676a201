"""The reading order of what a redline deletes and inserts at one place: the section it is in first.

Where the older version's text gives way to the newer's, `align` writes every deleted block before every
inserted one. When a section was deleted there, the text inserted into the section before it came after
that deleted section: npm's disputes policy (2019 → 2021) replaced the last steps of "User names" and
deleted the "Reasoning" section after it, and the new step read as part of "Reasoning". Each side of such
a place is cut at its first heading: what the section before gets (deleted, then inserted) comes first,
then the sections deleted, then the sections inserted."""

from __future__ import annotations

from collections.abc import Sequence

from ppgen.redline.align import BlockOp

_OLD_SIDE = frozenset({"delete", "move_from"})
_SIDES = _OLD_SIDE | {"insert", "move_to"}


def in_reading_order(ops: Sequence[BlockOp]) -> tuple[BlockOp, ...]:
    """The ops with each place where blocks are only deleted and inserted in reading order (see the
    module's note); moves point at their other ends' new positions, and changes are numbered again in
    order when that took one apart."""
    order: list[int] = []
    k = 0
    while k < len(ops):
        stop = k
        while stop < len(ops) and ops[stop].kind in _SIDES:
            stop += 1
        if stop == k:
            order.append(k)
            k += 1
            continue
        order += _place(ops, range(k, stop))
        k = stop
    if order == list(range(len(ops))):
        return tuple(ops)
    where = {was: now for now, was in enumerate(order)}
    out: list[BlockOp] = []
    number = previous = 0  # the last change number given, and the older number of the op written before
    for n in order:
        op = ops[n]
        if op.partner >= 0:
            op = op._replace(partner=where[op.partner])
        if op.change:
            first = op.first or op.change != previous
            number += first
            op = op._replace(change=number, first=first)
        previous = ops[n].change
        out.append(op)
    return tuple(out)


def _place(ops: Sequence[BlockOp], place: range) -> list[int]:
    """The positions of one place's ops in reading order: each side up to its first heading, then the rest."""
    olds = [n for n in place if ops[n].kind in _OLD_SIDE]
    news = [n for n in place if ops[n].kind not in _OLD_SIDE]
    cut_old, cut_new = _first_heading(ops, olds), _first_heading(ops, news)
    if cut_old == len(olds) or cut_new == 0:  # no section deleted, or the inserted text starts one
        return list(place)
    return [*olds[:cut_old], *news[:cut_new], *olds[cut_old:], *news[cut_new:]]


def _first_heading(ops: Sequence[BlockOp], side: list[int]) -> int:
    """Where in one side's ops its first heading is (its length when it has none)."""
    for k, n in enumerate(side):
        block = ops[n].old if ops[n].kind in _OLD_SIDE else ops[n].new
        if block is not None and block.kind == "heading":
            return k
    return len(side)
