"""Table rows in a changed stretch paired row with row: the run of rows in order that are most alike
(cells with the same or overlapping text in the same column, weighed by how alike their words are), their
cells one for one (a cell of an added or removed column inserted or deleted in its row), so a cell is
never paired with a cell of another row (used by `pairing`). A row alike to none of the other version's
is inserted or deleted whole: text or words that other rows of its table have too ("United States",
"GitHub") do not make two rows one, nor does their place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ppgen.core.document import Block
from ppgen.redline.cache import Kept, PolicyCache
from ppgen.redline.runs import word_diff
from ppgen.redline.similar import overlap
from ppgen.redline.worddiff import diff_sequences
from ppgen.redline.words import UNTELLING, WORD, Piece

_BIG = 4096
"""Row pairs beyond which a gap's rows pair by their first cell (`_pair_long`) rather than by the
longest run of alike rows, whose time grows with the product of the row counts."""


def _row(block: Block) -> int | None:
    """The key of the table row a block sits in (None: not in a row)."""
    return next((c.key for c in reversed(block.containers) if c.kind == "tr"), None)


def same_row(one: Block, other: Block) -> bool:
    """Are two blocks of one version cells of the same table row?"""
    row = _row(one)
    return row is not None and row == _row(other)


def _table(block: Block) -> int | None:
    """The key of the innermost table a block sits in (None: not in a table)."""
    return next((c.key for c in reversed(block.containers) if c.kind == "table"), None)


class _Told(NamedTuple):
    """What tells one row of a table from another: not a cell text, nor a word, that other rows have too."""

    texts: frozenset[str]
    """Cell texts found in more than one row (and the empty text)."""
    words: frozenset[str]
    """Words found in more than one row."""


def _told(blocks: Sequence[Block], at: int) -> _Told:
    """`_Told` of the table that blocks[at] sits in (a table's blocks are one run of blocks)."""
    table = _table(blocks[at])
    start = stop = at
    while start > 0 and _table(blocks[start - 1]) == table:
        start -= 1
    while stop < len(blocks) and _table(blocks[stop]) == table:
        stop += 1
    texts: dict[str, set[int | None]] = {}
    words: dict[str, set[int | None]] = {}
    for block in blocks[start:stop]:
        if block.kind in ("th", "td"):
            row = _row(block)
            texts.setdefault(block.text.strip(), set()).add(row)
            for word in _words(block.text):
                words.setdefault(word, set()).add(row)
    return _Told(
        frozenset([*(text for text, rows in texts.items() if len(rows) > 1), ""]),
        frozenset(word for word, rows in words.items() if len(rows) > 1),
    )


def _words(text: str) -> frozenset[str]:
    """A cell's words that may tell its row from others: not words as common as stop words ("if": `UNTELLING`),
    nor a letter alone (a label: "J.")."""
    return frozenset(word for word in WORD.findall(text.lower()) if len(word) > 1) - UNTELLING


_TELLING: Kept[str, frozenset[str]] = Kept("a cell's words that may tell its row", _words)
"""`_words`, kept: a cell is scored against every row of the other version."""


class _Tables:
    """`_told` for each table of one version, worked out once per table."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self.tables: dict[int | None, _Told] = {}

    def of(self, at: int) -> _Told:
        table = _table(self.blocks[at])
        found = self.tables.get(table)
        if found is None:
            found = self.tables[table] = _told(self.blocks, at)
        return found


def _rows(blocks: Sequence[Block], start: int, stop: int) -> list[list[int]]:
    """The table rows among blocks[start:stop], each the indices of its cells."""
    rows: list[list[int]] = []
    last: int | None = None
    for k in range(start, stop):
        block = blocks[k]
        row = _row(block)
        if row is None or block.kind not in ("th", "td"):
            last = None
            continue
        if row != last:
            rows.append([])
        rows[-1].append(k)
        last = row
    return rows


def _texts(blocks: Sequence[Block], row: list[int]) -> tuple[str, ...]:
    """A row's cells' texts."""
    return tuple(blocks[k].text.strip() for k in row)


def _cells(
    a: Sequence[Block], b: Sequence[Block], old: list[int], new: list[int], cache: PolicyCache
) -> list[tuple[int, int]]:
    """The cells of two rows paired: one for one when the rows are as wide; else (a column added or
    removed) every cell of the narrower row with a cell of the wider, in order, as many alike as can be
    (on a tie, the earlier cells pair: the wider row's last cells are the ones added or removed)."""
    if len(old) == len(new):
        return list(zip(old, new, strict=True))
    short, wide, flip = (old, new, False) if len(old) < len(new) else (new, old, True)

    def alike(x: int, y: int) -> bool:
        i, j = (wide[y], short[x]) if flip else (short[x], wide[y])
        return a[i].text.strip() == b[j].text.strip() or overlap(a[i], b[j], cache)

    n, m = len(short), len(wide)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        best[x][m] = -n  # cells of the narrower row left over: not an embedding
        for y in range(m - 1, -1, -1):
            best[x][y] = max(best[x + 1][y + 1] + alike(x, y), best[x][y + 1] if m - y > n - x else -n)
    pairs: list[tuple[int, int]] = []
    x = y = 0
    while x < n:
        if best[x][y] == best[x + 1][y + 1] + alike(x, y):
            pairs.append((wide[y], short[x]) if flip else (short[x], wide[y]))
            x += 1
        y += 1
    return pairs


def _row_score(
    a: Sequence[Block],
    b: Sequence[Block],
    pairs: list[tuple[int, int]],
    cache: PolicyCache,
    tables: tuple[_Tables, _Tables],
) -> int:
    """How alike two rows are (0: not one row). A paired cell with the same text counts 1000; one that
    shares words that tell its row from the others (`_Told`: no other row of its table has them), in
    thousandths how alike those words are (twice those shared over all); a cell alike only in text or
    words other rows have too counts one, and only beside one that tells, or when most of the row's cells
    are alike (a row that repeats another's)."""
    telling = shared = 0
    for i, j in pairs:
        x, y = a[i].text.strip(), b[j].text.strip()
        old, new = tables[0].of(i), tables[1].of(j)
        if x == y:
            if x in old.texts or y in new.texts:
                shared += 1
            else:
                telling += 1000
            continue
        words_x, words_y = cache.get(_TELLING, x) - old.words, cache.get(_TELLING, y) - new.words
        both = len(words_x & words_y)
        if both:
            telling += max(2000 * both // (len(words_x) + len(words_y)), 1)
        elif overlap(a[i], b[j], cache):
            shared += 1
    if telling:
        return telling + shared
    return shared if 2 * shared > len(pairs) else 0


def pair_rows(
    a: Sequence[Block],
    b: Sequence[Block],
    segments: list[tuple[int, int, int, int, bool]],
    candidates: list[tuple[float, int, int]],
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]],
    cache: PolicyCache,
) -> tuple[set[int], set[int], dict[int, int]]:
    """Pair the table rows of each gap (the longest run of alike rows in order, cells one for one) as
    candidates; the cells of every row of a gap with rows on both sides, which no other pairing may take;
    and the cells of the rows that moved, older → newer: a row of one gap that another gap of the other
    version has word for word (moved to another table: a cookie table's rows regrouped) is that row moved,
    not another row reworded."""
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    tables = (_Tables(a), _Tables(b))
    repeated = _repeated_headers(a) & _repeated_headers(b)
    gaps = [(_rows(a, i0, i1), _rows(b, j0, j1)) for i0, i1, j0, j1, equal in segments if not equal]
    moved = _moved_rows(a, b, gaps, repeated)
    arrived = set(moved.values())
    for old_rows, new_rows in gaps:
        if not old_rows or not new_rows:
            continue
        taken_old.update(i for row in old_rows for i in row)
        taken_new.update(j for row in new_rows for j in row)
        old_rows = [row for row in old_rows if row[0] not in moved]
        new_rows = [row for row in new_rows if row[0] not in arrived]
        if not old_rows or not new_rows:
            continue
        n, m = len(old_rows), len(new_rows)
        if n * m > _BIG:
            _pair_long(a, b, old_rows, new_rows, candidates, diffs, cache, tables)
            continue
        cells = [[_cells(a, b, old_rows[x], new_rows[y], cache) for y in range(m)] for x in range(n)]
        scores = [
            [
                0
                if _other_tables(a, b, old_rows[x], new_rows[y], repeated)
                else _row_score(a, b, cells[x][y], cache, tables)
                for y in range(m)
            ]
            for x in range(n)
        ]
        best = [[0] * (m + 1) for _ in range(n + 1)]
        for x in range(n - 1, -1, -1):
            for y in range(m - 1, -1, -1):
                best[x][y] = max(
                    best[x + 1][y], best[x][y + 1], best[x + 1][y + 1] + scores[x][y] if scores[x][y] else 0
                )
        x = y = 0
        while x < n and y < m:
            if scores[x][y] and best[x][y] == best[x + 1][y + 1] + scores[x][y]:
                for i, j in cells[x][y]:
                    diffs[(i, j)] = word_diff(a[i].inner, b[j].inner, cache)
                    candidates.append((1.5, i, j))
                x, y = x + 1, y + 1
            elif best[x][y] == best[x + 1][y]:
                x += 1
            else:
                y += 1
    return taken_old | moved.keys(), taken_new | arrived, moved


def _header(blocks: Sequence[Block], row: list[int]) -> bool:
    return all(blocks[k].kind == "th" for k in row)


def _repeated_headers(blocks: Sequence[Block]) -> set[tuple[str, ...]]:
    """The texts of the header rows that several tables of a version have ("Cookie | Purpose")."""
    rows = _rows(blocks, 0, len(blocks))
    counts = Counter(_texts(blocks, row) for row in rows if _header(blocks, row))
    return {texts for texts, n in counts.items() if n > 1}


def _other_tables(
    a: Sequence[Block], b: Sequence[Block], old: list[int], new: list[int], repeated: set[tuple[str, ...]]
) -> bool:
    """Are two rows the headers of tables of different sections, headers that several tables of both versions
    have? Such a header tells nothing of which table is which: Automattic's "Strictly Necessary" table,
    deleted, had its "Cookie | Purpose" paired with the header of the "Advertising" table moved in after it
    (`align` keys such rows by section too)."""
    return (
        _header(a, old)
        and _header(b, new)
        and _texts(a, old) in repeated
        and a[old[0]].section != b[new[0]].section
    )


def _moved_rows(
    a: Sequence[Block],
    b: Sequence[Block],
    gaps: list[tuple[list[list[int]], list[list[int]]]],
    repeated: set[tuple[str, ...]],
) -> dict[int, int]:
    """The cells of the rows that moved whole from one gap to another, older → newer: a row whose texts one
    row of each version has, and only one, in different gaps (in one gap they pair as rows do). A header row
    that several tables repeat, "Cookie | Purpose", goes with its section (Automattic's "Advertising" table
    moved down whole)."""

    def key(blocks: Sequence[Block], row: list[int]) -> tuple[str, ...]:
        texts = _texts(blocks, row)
        return (*texts, blocks[row[0]].section or "") if texts in repeated and _header(blocks, row) else texts

    olds: dict[tuple[str, ...], list[tuple[int, list[int]]]] = {}
    news: dict[tuple[str, ...], list[tuple[int, list[int]]]] = {}
    for gap, (old_rows, new_rows) in enumerate(gaps):
        for row in old_rows:
            olds.setdefault(key(a, row), []).append((gap, row))
        for row in new_rows:
            news.setdefault(key(b, row), []).append((gap, row))
    moved: dict[int, int] = {}
    for texts, [(gap, row)] in ((texts, found) for texts, found in news.items() if len(found) == 1):
        there = olds.get(texts, [])
        if len(there) == 1 and there[0][0] != gap and any(texts):
            moved.update(zip(there[0][1], row, strict=True))  # the same texts: as many cells
    return moved


def _pair_long(
    a: Sequence[Block],
    b: Sequence[Block],
    old_rows: list[list[int]],
    new_rows: list[list[int]],
    candidates: list[tuple[float, int, int]],
    diffs: dict[tuple[int, int], tuple[tuple[Piece, ...], int, int]],
    cache: PolicyCache,
    tables: tuple[_Tables, _Tables],
) -> None:
    """Long tables, in time that grows with their length: rows pair by their first cell's text (in
    order), and rows left between two such pairs one for one when there are as many on each side and
    the two are alike (`_row_score`)."""
    keys_old = [a[row[0]].text.strip() for row in old_rows]
    keys_new = [b[row[0]].text.strip() for row in new_rows]
    pairs: list[tuple[int, int]] = []
    x = y = 0
    left: list[int] = []
    right: list[int] = []
    for op, length in [*diff_sequences(keys_old, keys_new), ("=", 0)]:
        if op == "=":
            if len(left) == len(right):
                pairs += [
                    (x, y)
                    for x, y in zip(left, right, strict=True)
                    if _row_score(a, b, _cells(a, b, old_rows[x], new_rows[y], cache), cache, tables)
                ]
            left, right = [], []
            pairs += zip(range(x, x + length), range(y, y + length), strict=True)
            x, y = x + length, y + length
        elif op == "-":
            left += range(x, x + length)
            x += length
        else:
            right += range(y, y + length)
            y += length
    for x, y in pairs:
        for i, j in _cells(a, b, old_rows[x], new_rows[y], cache):
            diffs[(i, j)] = word_diff(a[i].inner, b[j].inner, cache)
            candidates.append((1.5, i, j))
