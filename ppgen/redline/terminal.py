"""`ppgen diff` in a terminal: a word diff of two versions (coloured on a TTY), or its `--stat` (`redline.stat`).

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
from collections.abc import Mapping
from html import unescape
from typing import TextIO

from ppgen.core.document import Block, Document
from ppgen.redline.cache import PolicyCache
from ppgen.redline.colors import paint
from ppgen.redline.compare import (
    BlockOp,
    Piece,
    Say,
    aligned,
    classify,
    describe_change,
    said,
    said_text,
)
from ppgen.redline.folds import say
from ppgen.redline.kinds import link_targets
from ppgen.redline.notes import of_links
from ppgen.redline.numbers import last_change, parts
from ppgen.redline.relevel import outlined
from ppgen.redline.render import block_notes, clipped, unquoted
from ppgen.redline.stat import format_stat, section_labels
from ppgen.redline.unchanged import ordinals
from ppgen.redline.words import Tokens, image_text, is_tag, tokenize
from ppgen.source import links

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


def _mark(text: str, op: str, color: bool) -> str:
    start, end = _MARK[op]
    return paint(f"{start}{text}{end}", op, color)


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


def _target(formats: tuple[str, ...]) -> str:
    """The target of the link a token is in, as the Markdown writes it ("" when it is in none)."""
    target = next((href for href in reversed(link_targets(formats)) if href), "")  # the innermost link
    return links.fill(links.quoted(unescape(target)), links.written) if target else ""


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
            out.append(f"{'' if out and out[-1].endswith(' ') else ' '}{paint(mark, 'note', color)} ")
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
    titles = section_labels(classified, words)
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
            out.append(("\n" if out else "") + paint(head, "head", color))
        notes: list[Say] = []
        going_on = k > 0 and shown[k - 1][0] == n  # a later edit of the same paragraph
        text = _block_text(op, color, notes, numbers[1] if op.new is not None else numbers[0], going_on)
        out.append(text + ("…" if k + 1 < len(shown) and shown[k + 1][0] == n else ""))
        notes += block_notes(op)
        out.extend(
            paint(f"  {'link' if of_links(note) else 'formatting'}: {said_text(note, words)}", "note", color)
            for note in notes
        )
    return "\n".join(out) + ("\n" if out else "")


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
        text = paint(moved, "note", color) + "\n" + ("\n" if text else "") + text
    if titles[0] != titles[1]:
        retitled = said_text(Say("title-changed", (("q", titles[0]), ("b", titles[1]))), words)
        text = paint(retitled, "note", color) + "\n" + ("\n" if text else "") + text
    return text, differ
