"""`ppgen diff --stat`: words added and removed per section touched, a row each, fitted to the terminal; and
each change's section named as the page's change table names it."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from ppgen.core.document import Document
from ppgen.redline.cache import PolicyCache
from ppgen.redline.colors import paint
from ppgen.redline.compare import BlockOp, Change, Say, aligned, classify, said_text
from ppgen.redline.numbers import last_change


def section_labels(changes: tuple[Change, ...], words: Mapping[str, str], width: int = 0) -> dict[int, str]:
    """Each change's section, as the page's change table names it: a deleted section by its own name, a
    new or renamed one said so ("" before the first heading); cut to `width` columns, if given (a renamed
    section's two names each to half of what the words around them leave)."""
    named: dict[int, str] = {}
    for change in changes:
        title, was = (
            " ".join(text.split())  # a TAB from Word
            for text in (
                f"{change.title} › {change.under}" if change.section and change.under else change.title,
                change.was,
            )
        )
        names: tuple[tuple[str, str], ...]
        if change.heading == "deleted":
            key, names = "section-deleted", (("q", was),)
        elif not change.section:
            key, names = "", (("q", change.under),)
        elif change.heading == "added":
            key, names = "section-added", (("q", title),)
        elif change.heading == "renamed":
            key, names = "section-renamed", (("q", title), ("b", was))
        else:
            key, names = "", (("q", title),)
        around = _cells(said_text(Say(key, tuple((field, "") for field, _ in names)), words)) if key else 0
        each = max(8, (width - around) // len(names)) if width else 0
        cut = tuple((field, _cut_name(name, each)) for field, name in names)
        named[change.number] = said_text(Say(key, cut), words) if key else cut[0][1]
    return named


def format_stat(
    old: Document,
    new: Document,
    words: Mapping[str, str],
    color: bool = False,
    ops: tuple[BlockOp, ...] | None = None,
    cache: PolicyCache | None = None,
    columns: int = 80,
) -> str:
    """A `git diff --stat`-like summary: words added and removed per section touched (named as in the
    change table: a deleted section has a row of its own), then totals. A row fits in `columns`: the bars
    shrink first (to `_LEAST_BAR` marks), then the names are cut (to `_LEAST_NAME` columns, no fewer); a
    name is never cut while there is room for it (Automattic's "Information We Collect Automatically" read
    "Information We Collect…", the name of its parent section, in a row of 40 columns)."""
    cache = PolicyCache() if cache is None else cache
    ops = aligned(old, new, cache) if ops is None else ops
    changes = classify(ops, old, new, cache).changes
    row_of: dict[int, tuple[str, int | str, str]] = {
        c.number: ("deleted", c.gone or c.number, "")
        if c.heading == "deleted"
        else ("in", c.section, c.under)
        for c in changes
    }
    """Each change's row: a deleted section's own, else its section's (new or renamed, it is said in the
    name of the section's first change)."""
    first: dict[tuple[str, int | str, str], int] = {}  # the change a row is named after
    rows: dict[tuple[str, int | str, str], list[int]] = {}  # two sections of one name are two rows
    kinds: dict[tuple[str, int | str, str], dict[str, None]] = {}
    for change in changes:  # what a row of no word changed holds: "| 0 (link target)"
        kinds.setdefault(row_of[change.number], {})[change.kind] = None
    for op in ops:
        if op.kind == "equal" or not op.change:
            continue
        first.setdefault(row_of[op.change], op.change)
        row = rows.setdefault(row_of[op.change], [0, 0, 0])
        row[0] += op.added
        row[1] += op.removed
        row[2] += op.kind in ("move_from", "move_to")
    if not rows:
        return ""
    extras = {
        key: "(moved)"
        if moved
        else ""
        if added or removed
        else f"({', '.join(said_text(Say('kind-' + kind), words) for kind in kinds.get(key, {}))})"
        for key, (added, removed, moved) in rows.items()
    }
    biggest = max(max(a + r for a, r, _ in rows.values()), 1)

    def beside(
        bars: int,
    ) -> int:  # the columns the widest row takes beside its name, bars of `bars` marks at most
        scale = min(1.0, bars / biggest)
        return _FIXED + max(
            _marks(added, scale) + _marks(removed, scale) + (_cells(extras[key]) + 1 if extras[key] else 0)
            for key, (added, removed, _) in rows.items()
        )

    def names(width: int) -> dict[tuple[str, int | str, str], str]:
        titles = section_labels(changes, words, width)
        return {
            key: titles.get(change)
            or ("(a heading with no words)" if key[1] else "(before the first heading)")
            for key, change in first.items()
        }

    named = names(0)
    longest = max(_cells(name) for name in named.values())
    bars = min(_BAR, biggest)
    while bars > min(_LEAST_BAR, biggest) and longest + beside(bars) > columns:
        bars -= 1
    room = max(_LEAST_NAME, columns - beside(bars))
    if longest > room:
        named = names(room)
        longest = min(max(_cells(name) for name in named.values()), room)
    scale = min(1.0, bars / biggest)
    lines = []
    for key, (added, removed, _) in rows.items():
        bar = paint("+" * _marks(added, scale), "+", color) + paint("-" * _marks(removed, scale), "-", color)
        lines.append(
            f" {_fit(named[key], longest)} | {added + removed:>5} "
            + " ".join(filter(None, (bar, extras[key])))
        )
    added, removed = sum(r[0] for r in rows.values()), sum(r[1] for r in rows.values())
    total = max(last_change(op) for op in ops)
    lines.append(
        f" {len(rows)} section{'s' if len(rows) != 1 else ''} changed, "
        f"{added} word{'s' if added != 1 else ''} added(+), "
        f"{removed} word{'s' if removed != 1 else ''} removed(-), {total} change{'s' if total != 1 else ''}"
    )
    return "\n".join(lines) + "\n"


_FIXED = 10
"""Columns a `--stat` row takes beside its name and bar: " ", " | ", the count, a space."""
_BAR = 40
"""The longest bar, in marks (a row of more words is drawn to scale)."""
_LEAST_BAR = 10
"""Marks the longest bar keeps however narrow the terminal: bars say how rows compare."""
_LEAST_NAME = 36
"""Columns a name keeps however narrow the terminal."""


def _cells(text: str) -> int:
    """How many terminal columns `text` takes: two for a wide character (CJK, full-width forms)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cut(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns (as it is for width 0), at a space when one is past the middle,
    an ellipsis ending it where cut."""
    if not width or _cells(text) <= width:
        return text
    while _cells(text) > width - 1:
        text = text[:-1]
    space = text.rfind(" ")
    return (text[:space] if space > len(text) // 2 else text).rstrip() + "…"


def _cut_name(name: str, width: int) -> str:
    """A section's name cut to `width` columns, some of its parent's name kept ("Beginning… › User names")."""
    parent, mark, own = name.rpartition(" › ")
    if not mark or not width or _cells(name) <= width:
        return _cut(name, width)
    own = _cut(own, width - min(_cells(parent), 8) - _cells(mark))
    return _cut(parent, width - _cells(own) - _cells(mark)) + mark + own


def _fit(text: str, width: int) -> str:
    """`text` cut (an ellipsis saying so) or padded to `width` terminal columns."""
    text = _cut(text, width)
    return text + " " * (width - _cells(text))


def _marks(count: int, scale: float) -> int:
    """How many marks a bar of `--stat` gives `count` words: at least one for any (as git's does)."""
    return max(1, round(count * scale)) if count else 0
