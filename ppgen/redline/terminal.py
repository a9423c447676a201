"""`ppgen diff` in a terminal: a word diff of two versions (coloured on a TTY) and a `--stat` summary.

Plain output marks words like `git diff --word-diff=plain`: `[-deleted-]` and `{+inserted+}`;
formatting-only changes are `{~words~}` with a note; words whose capitals alone changed are
`[~OLDER~]{~Newer~}` (both spellings, the older first) with a note. Colour adds red strike-through and green
underline (the markers stay, so the output never relies on colour alone). Each change is classed
as on the redline page (wording, punctuation, formatting, link target, moved, split or joined), and
list items start with `•` or their number, never `- `, so no line reads as a unified-diff deletion.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from html import unescape
from typing import TextIO

from ppgen.core.document import Block, Document
from ppgen.redline.cache import PolicyCache
from ppgen.redline.compare import (
    BlockOp,
    Change,
    Piece,
    Say,
    aligned,
    classify,
    describe_change,
    said,
    said_text,
)
from ppgen.redline.folds import say
from ppgen.redline.notes import split_notes
from ppgen.redline.numbers import last_change, parts
from ppgen.redline.relevel import outlined
from ppgen.redline.render import block_notes, clipped, unquoted
from ppgen.redline.unchanged import ordinals
from ppgen.redline.words import Tokens, image_text, is_tag, tokenize
from ppgen.source import links

_RESET = "\x1b[0m"
_STYLE = {
    "-": "\x1b[31;9m",
    "+": "\x1b[32;4m",
    "~": "\x1b[35;4m",
    "^": "\x1b[35;9m",
    "head": "\x1b[36m",
    "note": "\x1b[2m",
}
_MARK = {"-": ("[-", "-]"), "+": ("{+", "+}"), "~": ("{~", "~}"), "^": ("[~", "~]")}
"""Each piece's marks; `^` is the older spelling of words whose capitals changed."""
_WHAT = {
    "change": "op-changed",
    "insert": "op-inserted",
    "delete": "op-deleted",
    "move_from": "op-moved-away",
    "move_to": "op-moved-here",
}
"""What a change did, as the key of the theme's word for it (the page's words: "changed", "moved here"…)."""


def use_color(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def columns(stream: TextIO, environ: Mapping[str, str] | None = None) -> int:
    """The width `--stat` fills, as git's: COLUMNS when set, else the terminal's when `stream` is one, else 80."""
    env = os.environ if environ is None else environ
    if env.get("COLUMNS", "").isdigit() and int(env["COLUMNS"]) > 0:
        return int(env["COLUMNS"])
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 80
    except (AttributeError, OSError, ValueError):  # no file behind it (a test's stream)
        return 80


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if color and text else text


def _mark(text: str, op: str, color: bool) -> str:
    start, end = _MARK[op]
    return _paint(f"{start}{text}{end}", op, color)


def _prefix(block: Block, numbers: dict[int, int]) -> str:
    parts = []
    for container in block.containers:
        if container.kind == "blockquote":
            parts.append("> ")
        elif container.kind == "list_item":
            parts.append(f"{numbers[container.key]}. " if container.key in numbers else "• ")
    if block.kind == "heading":
        parts.append("#" * int(block.open[2:3] or 2) + " ")
    elif block.kind in ("th", "td"):
        parts.append("| ")
    return "".join(parts)


def _flat(tokens: Tokens | str, block: Block, targets: bool = False, after: str = "") -> str:
    """The tokens' text (or a block's) on one line, but for hard line breaks (`<br>`: an address's lines) in
    tokens, and code; with `targets`, each link's target after its text, `<…>` (as a plain-text mail
    writes it), but for a link that goes on past them to the target `after`: the page shows inserted and
    deleted links, which the terminal would otherwise hide (Automattic's new clause incorporating its "Cookie
    Policy", its opt-out link struck)."""
    if block.kind in ("fence", "code_block"):
        return tokens if isinstance(tokens, str) else tokens.text()
    if isinstance(tokens, str):
        return tokens.replace("\n", " ")
    parts: list[str] = []
    start = 0  # where the link a token is in starts
    for k, key in enumerate(tokens.keys):
        target = _target(tokens.formats[k]) if targets else ""
        if target and not (k and _target(tokens.formats[k - 1]) == target):
            start = len(parts)
        if not is_tag(key) or key.startswith(("<br", "<img")):
            parts.append(
                "\x0b" if key.startswith("<br") else image_text(key) if key.startswith("<img") else key
            )
        shown = "".join(parts[start:]).strip()  # an address written as its link's text says it already
        if (
            target
            and (_target(tokens.formats[k + 1]) if k + 1 < len(tokens) else after) != target
            and target.removeprefix("mailto:") != shown
        ):
            parts.append(f" <{target}>")
    return _BROKEN.sub("\n", "".join(parts).replace("\n", " "))


_HREF = re.compile(r'^<a\s[^>]*?\bhref="([^"]*)"')


def _target(formats: tuple[str, ...]) -> str:
    """The target of the link a token is in, as the Markdown writes it ("" when it is in none)."""
    for tag in formats:
        if found := _HREF.match(tag):
            return links.fill(links.quoted(unescape(found.group(1))), links.written)
    return ""


_BROKEN = re.compile("\x0b *")
"""A hard line break, and the spaces after it."""


def _words(pieces: tuple[Piece, ...], block: Block, color: bool, notes: list[Say]) -> str:
    out: list[str] = []
    for n, piece in enumerate(pieces):
        after = ""  # where the text after the piece, in its version, leads
        if piece.op in "+-":
            following = next((p for p in pieces[n + 1 :] if p.op in "=~" + piece.op and len(p.tokens)), None)
            after = _target(following.tokens.formats[0]) if following is not None else ""
        text = _flat(piece.tokens, block, piece.op in "+-", after)
        if (
            out
            and out[-1].endswith(" ")
            and text.startswith(" ")
            and block.kind not in ("fence", "code_block")
        ):
            text = text[1:]  # one space between words, as the page shows them (not in code, where it counts)
        if piece.op == "=":
            out.append(text)
            continue
        if piece.op == "¶":  # a paragraph split or joined here (redline.paramarks.mark)
            mark = "¶ split" if "rl-split" in piece.tokens.htmls[0] else "¶ joined"
            out.append(f"{'' if out and out[-1].endswith(' ') else ' '}{_paint(mark, 'note', color)} ")
            continue
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if piece.recased and piece.was is not None:  # the older spelling first
            lead += _mark(_flat(piece.was, block).strip(), "^", color)
        out.append(lead + _mark(core, piece.op, color) + trail if core else text)
        if piece.was is not None:
            change = describe_change(piece.was.formats[0], piece.tokens.formats[0], piece.recased)
            notes.append(Say("fmt-on", (("q", clipped(unquoted(core))), ("d", change))))
    return "".join(out)


def _block_text(op: BlockOp, color: bool, notes: list[Say], numbers: dict[int, int], going_on: bool) -> str:
    """An op's text on one line, after its place (`> `, `3. `, `## `), or after "…" when it goes on from the
    edit before it in the same paragraph (a second bullet read as a list item of its own)."""
    block = op.new if op.new is not None else op.old
    assert block is not None
    if op.pieces:
        body = _words(op.pieces, block, color, notes)
    else:
        whole = op.kind in ("insert", "delete")
        shaped = "<img" in block.inner or "<br" in block.inner or whole and "<a " in block.inner
        text = _flat(tokenize(block.inner) if shaped else block.text, block, targets=whole)
        text = text or ("---" if block.kind == "hr" else "(no text)")
        body = _mark(text, "-" if op.kind == "delete" else "+", color) if whole else text
    return ("…" if going_on else _prefix(block, numbers)) + body


def format_diff(
    old: Document,
    new: Document,
    words: Mapping[str, str],
    color: bool = False,
    ops: tuple[BlockOp, ...] | None = None,
    cache: PolicyCache | None = None,
) -> str:
    """The word diff of two versions, one paragraph per changed block, grouped by change (empty when identical).
    `words`: the theme's redline words (`redline_words.html`), whose `kind-…` names the kinds as the page does;
    `cache`: the comparison's (`ppgen.redline.cache`), when the caller has one."""
    cache = PolicyCache() if cache is None else cache
    ops = aligned(old, new, cache) if ops is None else ops
    total = max((last_change(op) for op in ops), default=0)
    classified = classify(ops, old, new, cache).changes
    kinds = {c.number: c.kind for c in classified}
    titles = _sections(classified, words)
    made_of: dict[int, set[str]] = {}
    for op in ops:
        for number in range(op.change, last_change(op) + 1):
            made_of.setdefault(number, set()).add(op.kind)
    numbers = (ordinals(old, cache), ordinals(new, cache))
    out: list[str] = []
    shown = [  # a paragraph's separate edits: one change each, each with its tile of the paragraph
        (n, part) for n, whole in enumerate(ops) for part in parts(whole, tiled=True) if whole.change
    ]
    for k, (n, op) in enumerate(shown):
        if op.kind == "equal" or not op.change:  # unchanged, or a change nobody sees (align.quiet)
            continue
        if op.first:
            where = f" · {titles[op.change]}" if titles.get(op.change) else ""
            lines = ", ".join(
                f"{side} line {block.line}"
                for side, block in (("old", op.old), ("new", op.new))
                if block is not None
            )
            moved = ""
            if op.partner >= 0:
                moved = f" {'to' if op.kind == 'move_from' else 'from'} change {ops[op.partner].change}"
            what = said(
                say(
                    "op-deleted-and-inserted"
                    if made_of[op.change] == {"insert", "delete"}
                    else _WHAT[op.kind]
                ),
                words,
            )
            kind = "" if kinds[op.change] == "moved" else f" · {said(say('kind-' + kinds[op.change]), words)}"
            head = f"@@ change {op.change} of {total}: {what}{moved}{kind}{where} ({lines}) @@"
            out.append(("\n" if out else "") + _paint(head, "head", color))
        notes: list[Say] = []
        going_on = k > 0 and shown[k - 1][0] == n  # a later edit of the same paragraph
        text = _block_text(op, color, notes, numbers[1] if op.new is not None else numbers[0], going_on)
        out.append(text + ("…" if k + 1 < len(shown) and shown[k + 1][0] == n else ""))
        notes += block_notes(op)
        out.extend(_paint(f"  {_about(note)}: {said_text(note, words)}", "note", color) for note in notes)
    return "\n".join(out) + ("\n" if out else "")


def _about(note: Say) -> str:
    """What a note is about: "link" when it says only that links were added, removed or changed their target
    (a link is never formatting), else "formatting"."""
    said = dict(note.values).get("d") if note.key == "fmt-on" else note
    parts = split_notes(said) if isinstance(said, Say) else (note,)
    return "link" if all(_of_link(part) for part in parts) else "formatting"


def _of_link(note: Say) -> bool:
    return note.key in ("fmt-link-target", "fmt-link-added") or (
        note.key in ("fmt-added", "fmt-removed") and dict(note.values).get("f") == Say("fmt-link")
    )


def _sections(changes: tuple[Change, ...], words: Mapping[str, str], width: int = 0) -> dict[int, str]:
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
        titles = _sections(changes, words, width)
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
        bar = _paint("+" * _marks(added, scale), "+", color) + _paint(
            "-" * _marks(removed, scale), "-", color
        )
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


def terminal_diff(
    old: Document,
    new: Document,
    words: Mapping[str, str],
    *,
    stat: bool = False,
    color: bool = False,
    titles: tuple[str, str] = ("", ""),
    columns: int = 80,
) -> tuple[str, bool]:
    """What `ppgen diff` prints, and whether the versions differ (the command exits 1 when they do, like
    diff(1)). `titles` are the two versions' titles: a new title is said first, as the page's summary says it;
    `columns` the terminal's width, which `--stat` names fill."""
    cache = PolicyCache()  # the one comparison's: what aligning found is used again to write it
    old, outline = outlined(old, new, cache)
    ops = aligned(old, new, cache)
    differ = any(op.change for op in ops) or bool(outline[0]) or titles[0] != titles[1]
    text = (
        format_stat(old, new, words, color, ops, cache, columns)
        if stat
        else format_diff(old, new, words, color, ops, cache)
    )
    if outline[0]:  # said once, as the page's summary says it
        key = "outline-moved-under" if outline.under else "outline-moved"
        moved = said_text(Say(key, (("a", outline.older), ("b", outline.newer))), words)
        text = _paint(moved, "note", color) + "\n" + ("\n" if text else "") + text
    if titles[0] != titles[1]:
        retitled = said_text(Say("title-changed", (("q", titles[0]), ("b", titles[1]))), words)
        text = _paint(retitled, "note", color) + "\n" + ("\n" if text else "") + text
    return text, differ
