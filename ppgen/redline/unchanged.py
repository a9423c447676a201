"""Unchanged text as a redline's views write it: a version's blocks end to end, ids kept or stripped,
the items of numbered lists given their numbers; worked out once per document, for every pair it is in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ppgen.core.document import Assembler, Block, Container, Document
from ppgen.redline.cache import Derived, PolicyCache
from ppgen.redline.render import render_pieces
from ppgen.redline.words import Piece, needs_care, retag_ids, tokenize


@dataclass(frozen=True)
class Unchanged:
    """A version's blocks written end to end as unchanged text (ids kept or stripped): any run of them is
    one slice."""

    html: str
    starts: tuple[int, ...]
    """Where each block's own HTML starts in `html` (after the tags that enter its containers)."""
    ends: tuple[int, ...]
    """Where each block's HTML ends."""
    containers: tuple[tuple[Container, ...], ...]
    """Each block's containers, as written."""


def unchanged(doc: Document, ids: str, cache: PolicyCache) -> Unchanged:
    """The document as a redline writes its unchanged blocks, ids kept (`keep`) or stripped (`strip`):
    made once per document, both ways at once, and used by every pair it is in."""
    keep, strip = cache.of(_UNCHANGED, doc)
    return keep if ids == "keep" else strip


def _write_unchanged(doc: Document) -> tuple[Unchanged, Unchanged]:
    numbers = _numbers(doc.blocks)
    dressed: dict[tuple[str, int], Container] = {}
    writers: dict[str, tuple[Assembler, list[int], list[int], list[tuple[Container, ...]]]] = {
        "keep": (Assembler(), [], [], []),
        "strip": (Assembler(), [], [], []),
    }
    for block in doc.blocks:
        plain = ' id="' not in block.open and ' id="' not in block.inner  # then written alike both ways
        html = ""
        for ids, (out, starts, ends, containers) in writers.items():
            inside = (
                tuple(_dressed(c, ids, numbers, dressed) for c in block.containers)
                if block.containers
                else ()
            )
            if not html or not plain:
                html = ended(
                    retag_ids(block.open, ids) + _inner_unchanged(block, ids) + block.close
                )  # no marker, no note
            out.enter(inside)
            starts.append(out.size)
            out.write(html)
            ends.append(out.size)
            containers.append(inside)
    keep, strip = (
        Unchanged(out.html(), tuple(starts), tuple(ends), tuple(containers))
        for out, starts, ends, containers in writers.values()
    )
    return keep, strip


def _dressed(
    container: Container, ids: str, ordinals: dict[int, int], made: dict[tuple[str, int], Container]
) -> Container:
    """`dress`, once per container and way of writing ids (one object for both when it has no id)."""
    found = made.get((ids, container.key))
    if found is None:
        other = made.get(("keep" if ids == "strip" else "strip", container.key))
        if other is not None and ' id="' not in container.open:
            found = other
        else:
            found = dress(container, ids, ordinals.get(container.key))
        made[(ids, container.key)] = found
    return found


def dress(container: Container, ids: str, number: int | None) -> Container:
    """A container as a redline writes it: ids handled, a numbered item given its number."""
    opening = retag_ids(container.open, ids)
    if number is not None and ' value="' not in opening:  # an item numbered in the text has its number
        opening = opening.replace("<li", f'<li value="{number}"', 1)
    return Container(container.key, container.kind, opening, container.close, container.older_only)


def _inner_unchanged(block: Block, ids: str) -> str:
    if needs_care(block.inner) or (ids != "keep" and ' id="' in block.inner):
        return render_pieces((Piece("=", tokenize(block.inner)),), "inline", ids, [])
    return block.inner


def ended(html: str) -> str:
    # Tight-list text ends without a break; blocks from two versions may now meet.
    return html if html[-1:].isspace() else html + "\n"


def ordinals(doc: Document, cache: PolicyCache) -> dict[int, int]:
    """List-item container key → its number, for items of numbered lists (worked out once per document)."""
    return cache.of(_ORDINALS, doc)


def _numbers(blocks: Sequence[Block]) -> dict[int, int]:
    """Each numbered item's number: its list's start, counted on, or the number the text gave it (`value`,
    see `source.numbering`), counted on from there."""
    following: dict[int, int] = {}
    """Each list's next number."""
    numbers: dict[int, int] = {}
    for block in blocks:
        for parent, child in pairwise(block.containers):
            if parent.kind == "ordered_list" and child.kind == "list_item" and child.key not in numbers:
                if parent.key not in following:
                    match = re.search(r'\sstart="(-?\d+)"', parent.open)
                    following[parent.key] = int(match.group(1)) if match else 1
                given = re.search(r'\svalue="(-?\d+)"', child.open)
                numbers[child.key] = int(given.group(1)) if given else following[parent.key]
                following[parent.key] = numbers[child.key] + 1
    return numbers


_UNCHANGED: Derived[tuple[Unchanged, Unchanged]] = Derived(
    "a document's unchanged text, ids kept and stripped", _write_unchanged
)
_ORDINALS: Derived[dict[int, int]] = Derived(
    "a document's numbered list items", lambda doc: _numbers(doc.blocks)
)
