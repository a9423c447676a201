"""Two versions aligned block by block, in reading order: equal, changed, inserted, deleted and moved blocks.

Identical blocks are matched by hash (diff-match-patch over one character per distinct block), so
the cost grows with the size of the change, not of the document; only changed blocks are word-diffed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from ppgen.core.document import Block, Container, Document
from ppgen.redline.cache import Derived, PolicyCache
from ppgen.redline.kinship import COUNT_WORDS
from ppgen.redline.pairing import pair
from ppgen.redline.rows import same_row
from ppgen.redline.runs import Plan, runs, word_diff
from ppgen.redline.stretch import OpKind
from ppgen.redline.worddiff import diff_sequences
from ppgen.redline.words import Piece, count_words

_NOT_LAYOUT = re.compile(r'\sid="[^"]*"| class="align-left"')
_SPACE = re.compile(r"\s\s+|[^\S ]|^ | $")
"""White space a reader does not see as written: runs, line breaks and tabs, a space at either end."""
_SEEN = re.compile(
    r"<(?:img|hr|svg|video|audio|iframe|object|embed|picture|canvas|input|select|textarea|button)\b",
    re.IGNORECASE,
)
"""What a block without text may still show. (An id alone is not seen: an anchor, `<a name="x"></a>`, that
went into the next paragraph, as real texts do, is no change a reader can see.)"""


class BlockOp(NamedTuple):
    """One step of the redline: a block of either version, or a pair, and where it sits in the merged text.

    A named tuple rather than a frozen dataclass: a build makes one for every block of every pair
    of versions it compares, and a tuple is made four times faster."""

    kind: OpKind
    """`equal`, `change`, `insert`, `delete`, `move_from` (a moved block's old place) or `move_to` (its new place)."""
    old: Block | None
    """The older version's block (None for `insert` and `move_to`)."""
    new: Block | None
    """The newer version's block (None for `delete` and `move_from`)."""
    old_index: int
    """Index of `old` in the older document's blocks (-1 when none)."""
    new_index: int
    """Index of `new` in the newer document's blocks (-1 when none)."""
    containers: tuple[Container, ...]
    """Where the block sits in the merged text (newer containers; older ones only the older version had)."""
    pieces: tuple[Piece, ...]
    """The word diff of a `change`, or of a `move_to` against its old place when the words changed; else empty."""
    partner: int
    """For a move, the position in the ops of its other end (-1 otherwise)."""
    change: int
    """The 1-based number of the change this op belongs to (0 for `equal`)."""
    first: bool
    """True for the first op of its change, which carries the change's anchor."""
    section: str | None
    """Id of the newer version's heading this op sits under."""
    added: int
    """Words only the newer version has here."""
    removed: int
    """Words only the older version has here."""
    span: int = 1
    """How many blocks the op covers: a run of unchanged blocks is one `equal` op (`old`, `new` and
    the indices are its first block's); every other op covers one block."""
    runs: int = 1
    """How many numbered changes the op holds: a changed paragraph with separate edits holds one per
    edit, numbered from `change` on (`numbers`)."""


def signature(block: Block) -> str:
    """What makes two blocks the same to a reader (heading ids aside; a run of white space is one space,
    except in preformatted text)."""
    containers = "\x1f".join(f"{c.kind}\x1e{layout(c.open)}" for c in block.containers)
    inner = block.inner
    if (
        "  " in inner
        or "\n" in inner
        or "\t" in inner
        or inner[:1] == " "
        or inner[-1:] == " "
        or not inner.isascii()
    ) and "<pre" not in inner:
        inner = _SPACE.sub(" ", inner).strip()
    own = "" if _in_list_item(block) else f"{layout(block.open)}\x1d{block.close}"
    return f"{block.kind}\x1d{own}\x1d{inner}\x1d{containers}"


def _in_list_item(block: Block) -> bool:
    """Is this a paragraph of a list item? Its `<p>` is there or not as the list is loose or tight: the
    space between items, no change a reader needs told (re-indenting a list in the source flips it)."""
    return block.kind == "paragraph" and bool(block.containers) and block.containers[-1].kind == "list_item"


def same_layout(old: Block, new: Block) -> bool:
    """Do two blocks of one kind look laid out alike (`layout`), in containers laid out alike?"""
    return (
        (_in_list_item(old) and _in_list_item(new) or layout(old.open) == layout(new.open))
        and len(old.containers) == len(new.containers)
        and all(layout(a.open) == layout(b.open) for a, b in zip(old.containers, new.containers, strict=True))
    )


def invisible(block: Block) -> bool:
    """True for a block a reader cannot see: no text, nothing shown without text (an HTML comment, an empty
    paragraph, an anchor)."""
    return (
        not block.text.strip()
        and block.kind not in ("hr", "fence", "code_block")
        and not _SEEN.search(block.inner)
    )


# a table for about one policy's worth: a worker renders many, and must not hold the site's (issue 16)
@lru_cache(maxsize=1024)
def layout(tag: str) -> str:
    """An opening tag as far as a reader sees its layout: without its id (a heading's changes with its
    words) and without `align-left`, which the theme draws as a cell's own alignment, to the start of the
    line (a table's `|---|` rewritten `|:---|` changed nothing a reader sees, and noted every cell), and
    without the line breaks around it (`<li>` and `<li>\n`, a list item of a tight list and a loose)."""
    return (_NOT_LAYOUT.sub("", tag) if ' id="' in tag or "align-left" in tag else tag).strip()


class Units(NamedTuple):
    """A document as units to diff: a table row is one unit (its cells' signatures together, so a row
    kept, added or removed stays whole), every other block one."""

    units: list[str]
    starts: list[int]
    """Where each unit starts (block index), and the number of blocks last."""
    signatures: list[str]
    """Each block's `signature`."""
    headers: dict[int, str]
    """Unit index → the section of each table's header row."""


def _units(doc: Document) -> Units:
    units: list[str] = []
    starts: list[int] = []
    headers: dict[int, str] = {}
    signatures = [signature(block) for block in doc.blocks]
    row: int | None = None
    for k, block in enumerate(doc.blocks):
        here = next((c.key for c in reversed(block.containers) if c.kind == "tr"), None)
        if here is not None and here == row:
            units[-1] += "\x1c" + signatures[k]
        else:
            if block.kind == "th":
                headers[len(units)] = block.section or ""
            units.append(signatures[k])
            starts.append(k)
        row = here
    starts.append(len(doc.blocks))
    return Units(units, starts, signatures, headers)


_UNITS: Derived[Units] = Derived("a document's units to diff, and its blocks' signatures", _units)


def _segments(old: Document, new: Document, cache: PolicyCache) -> list[tuple[int, int, int, int, bool]]:
    """Runs of equal blocks and regions between them: (i0, i1, j0, j1, equal)."""
    segments: list[tuple[int, int, int, int, bool]] = []
    older, newer = cache.of(_UNITS, old), cache.of(_UNITS, new)
    old_starts, new_starts = older.starts, newer.starts
    u = v = 0
    for op, length in diff_sequences(*_placed(older, newer)):
        i, j = old_starts[u], new_starts[v]
        if op == "=":
            u += length
            v += length
            segments.append((i, old_starts[u], j, new_starts[v], True))
            continue
        if not segments or segments[-1][4]:
            segments.append((i, i, j, j, False))
        i0, i1, j0, j1, _ = segments[-1]
        if op == "-":
            u += length
            segments[-1] = (i0, old_starts[u], j0, j1, False)
        else:
            v += length
            segments[-1] = (i0, i1, j0, new_starts[v], False)
    return [s for s in segments if s[0] < s[1] or s[2] < s[3]]


def _placed(older: Units, newer: Units) -> tuple[list[str], list[str]]:
    """Both versions' units, a table's header row that several tables of both versions have keyed by its
    section: the same "Cookie | Purpose" heads every cookie table, and Automattic's "Strictly Necessary"
    table, deleted, had its header kept as the header of the "Advertising" table that moved in after it."""
    repeated = [
        {unit for unit, n in Counter(units.units[k] for k in units.headers).items() if n > 1}
        for units in (older, newer)
    ]
    shared = repeated[0] & repeated[1]

    def keyed(units: Units) -> list[str]:
        return [
            f"{units.headers[k]}\x1d{unit}" if k in units.headers and unit in shared else unit
            for k, unit in enumerate(units.units)
        ]

    return (keyed(older), keyed(newer)) if shared else (older.units, newer.units)


def _map_containers(
    a: Sequence[Block], b: Sequence[Block], pairs: list[tuple[int, int]]
) -> dict[int, Container]:
    """Older container key → the newer container it became (through blocks kept in place)."""
    mapping: dict[int, Container] = {}
    for i, j in pairs:
        for was, now in zip(a[i].containers, b[j].containers, strict=False):  # nesting may differ
            if was.kind != now.kind:
                break
            mapping.setdefault(was.key, now)
    return mapping


def align(old: Document, new: Document, cache: PolicyCache) -> tuple[BlockOp, ...]:
    """The ops that turn `old` into `new`, in the order a merged redline shows them (what is worked out
    from one text for the next pair is kept in `cache`)."""
    a, b = old.blocks, new.blocks
    segments = _segments(old, new, cache)
    by_region, moves, diffs = pair(a, b, segments, cache)
    return _ops(old, new, segments, by_region, moves, diffs, cache)


def _ops(
    old: Document,
    new: Document,
    segments: list[tuple[int, int, int, int, bool]],
    by_region: list[list[tuple[int, int]]],
    moves: dict[int, int],
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]],
    cache: PolicyCache,
) -> tuple[BlockOp, ...]:
    a, b = old.blocks, new.blocks
    steps: list[Plan] = []
    """(kind, old index, new index, blocks covered)."""
    moved_to = {j: i for i, j in moves.items()}
    signed_a, signed_b = cache.of(_UNITS, old).signatures, cache.of(_UNITS, new).signatures
    for (i0, i1, j0, j1, equal), pairs in zip(segments, by_region, strict=True):
        if equal:
            steps.append(Plan("equal", i0, j0, i1 - i0))
            continue
        i, j = i0, j0
        for pi, pj in pairs + [(i1, j1)]:
            gone = [Plan("move_from" if x in moves else "delete", x, -1, 1) for x in range(i, pi)]
            came = [Plan("move_to" if y in moved_to else "insert", -1, y, 1) for y in range(j, pj)]
            if (
                i > i0 and j > j0
            ):  # the cells left in the row of the pair before come first (a table keeps its rows)
                finish = [s for s in gone if same_row(a[i - 1], a[s[1]])] + [
                    s for s in came if same_row(b[j - 1], b[s[2]])
                ]
                gone, came = [s for s in gone if s not in finish], [s for s in came if s not in finish]
                steps += finish
            steps += gone + came
            if pi < i1:
                steps.append(Plan("equal" if signed_a[pi] == signed_b[pj] else "change", pi, pj, 1))
            i, j = pi + 1, pj + 1
    steps, glued = runs(a, b, steps, diffs, cache)

    mapping: dict[int, Container] | None = None
    translated: dict[int, Container] = {}
    at_old = {i: k for k, (_, i, _, _) in enumerate(steps) if i >= 0} if moves else {}
    at_new = {j: k for k, (_, _, j, _) in enumerate(steps) if j >= 0} if moves else {}
    new_ids = {h.id for h in new.headings}
    ops: list[BlockOp] = []
    section: str | None = None
    number = 0
    after_quiet = False
    for k, (kind, i, j, span) in enumerate(steps):
        if kind == "equal":  # most of the text: nothing to work out
            ops.append(
                BlockOp(
                    kind=kind,
                    old=a[i],
                    new=b[j],
                    old_index=i,
                    new_index=j,
                    containers=b[j].containers,
                    pieces=(),
                    partner=-1,
                    change=0,
                    first=False,
                    section=b[j].section,
                    added=0,
                    removed=0,
                    span=span,
                )
            )
            section = b[j + span - 1].section
            continue
        was = a[i] if i >= 0 else None
        now = b[j] if j >= 0 else None
        if now is not None:
            section = now.section
            containers = now.containers
        else:
            assert was is not None
            if mapping is None and was.containers:
                mapping = _map_containers(a, b, _kept(steps))
            containers = tuple(
                (mapping or {}).get(c.key) or _old_container(c, translated) for c in was.containers
            )
            if was.section in new_ids:
                section = was.section
        partner = (
            at_new[moves[i]] if kind == "move_from" else at_old[moved_to[j]] if kind == "move_to" else -1
        )
        pieces: tuple[Piece, ...]
        if kind == "insert" and now is not None:
            pieces, added, removed = (), cache.get(COUNT_WORDS, now.inner), 0
        elif kind == "delete" and was is not None:
            pieces, added, removed = (), 0, cache.get(COUNT_WORDS, was.inner)
        else:
            pieces, added, removed = diffs.get((i, j)) or _pieces(kind, was, now, a, moved_to.get(j), cache)
        # A step nothing a reader sees changed is shown as it is, not numbered (a step that continues a split
        # or join is part of its change, even with no word changed).
        quiet = k not in glued and _quiet(kind, was, now, pieces)
        first = not quiet and (
            after_quiet or not (k and (k in glued or _continues(steps[k - 1], steps[k], moves, moved_to)))
        )
        after_quiet = quiet
        number += first
        ops.append(
            BlockOp(
                kind=kind,
                old=was,
                new=now,
                old_index=i,
                new_index=j,
                containers=containers,
                pieces=pieces,
                partner=partner,
                change=0 if quiet else number,
                first=first,
                section=section,
                added=0 if quiet else added,
                removed=0 if quiet else removed,
            )
        )
    return tuple(ops)


def _quiet(kind: OpKind, was: Block | None, now: Block | None, pieces: tuple[Piece, ...]) -> bool:
    """Is this step a change no reader can see (a block without anything visible inserted or deleted,
    a block whose only difference is in its source, such as white space)?"""
    if kind in ("insert", "delete"):
        block = now or was
        return block is not None and invisible(block)
    return (
        kind == "change"
        and was is not None
        and now is not None
        and all(p.op == "=" for p in pieces)
        and was.kind == now.kind
        and same_layout(was, now)
    )


class Moves(NamedTuple):
    """What moved, for a summary such as "4 passages moved, 612 words, 1 of them edited"."""

    passages: int
    """Moved passages: runs of blocks moved together (each one numbered change at its new place)."""
    words: int
    """Words in the moved blocks, at their new place."""
    edited: int
    """Passages whose words also changed."""


def move_counts(ops: Sequence[BlockOp]) -> Moves:
    """The moves among the ops, counted."""
    passages: dict[int, bool] = {}
    words = 0
    for op in ops:
        if op.kind == "move_to" and op.new is not None:
            passages[op.change] = passages.get(op.change, False) or any(p.op in "+-" for p in op.pieces)
            words += count_words(op.new.inner)
    return Moves(len(passages), words, sum(passages.values()))


def quiet(op: BlockOp) -> bool:
    """True for an op that differs only in what a reader cannot see (an HTML comment, white space):
    it is shown as it is, without a change number, mark or note."""
    return op.kind != "equal" and op.change == 0


def quiet_count(ops: Sequence[BlockOp]) -> int:
    """How many invisible source changes the ops leave out (for a note such as "invisible source changes
    were ignored")."""
    return sum(map(quiet, ops))


def _kept(steps: list[Plan]) -> list[tuple[int, int]]:
    """(old index, new index) of every block kept in place, in reading order."""
    return [(i + n, j + n) for kind, i, j, span in steps if kind in ("equal", "change") for n in range(span)]


def _old_container(container: Container, cache: dict[int, Container]) -> Container:
    """A container only the older version had, marked so (its key may be a newer container's too)."""
    found = cache.get(container.key)
    if found is None:
        found = cache[container.key] = replace(container, older_only=True)
    return found


def _continues(previous: Plan, step: Plan, moves: dict[int, int], moved_to: dict[int, int]) -> bool:
    """Does `step` extend the change of the step before it? (One change: a run of insertions and
    deletions, or a run of blocks moved together.)"""
    kind = step[0]
    if previous[0] in ("insert", "delete"):
        return kind in ("insert", "delete")
    if previous[0] == kind == "move_from":
        return moves[step[1]] == moves[previous[1]] + 1
    if previous[0] == kind == "move_to":
        return moved_to[step[2]] == moved_to[previous[2]] + 1
    return False


def _pieces(
    kind: OpKind,
    was: Block | None,
    now: Block | None,
    a: Sequence[Block],
    source: int | None,
    cache: PolicyCache,
) -> tuple[tuple[Piece, ...], int, int]:
    if kind == "change" and was is not None and now is not None:
        return word_diff(was.inner, now.inner, cache)
    if kind == "move_to" and now is not None and source is not None and a[source].inner != now.inner:
        return word_diff(a[source].inner, now.inner, cache)
    return (), 0, 0
