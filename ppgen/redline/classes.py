"""Each change of a redline classed for a reader who triages: its kind (`redline.kinds`), its section and
what it does to the section's heading, with the excerpts a change table shows (`redline.excerpts`).

Data only: the words a visitor reads (the names of the kinds, "Change 3 of 7") are the theme's.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from ppgen.core.document import Block, Document
from ppgen.redline.align import BlockOp, move_counts, quiet_count
from ppgen.redline.boldnames import bold_lines, bold_name, same_name
from ppgen.redline.cache import Derived, PolicyCache
from ppgen.redline.excerpts import excerpts
from ppgen.redline.kinds import KINDS, is_heading, kind_of, link_targets, restyled_name
from ppgen.redline.labels import number_of, renumbering
from ppgen.redline.numbers import parts
from ppgen.redline.words import split_words
from ppgen.source.links import quoted

_WORDS: Derived[int] = Derived(
    "a document's words", lambda doc: sum(len(split_words(b.text)) for b in doc.blocks)
)
_PAIRS: Derived[Counter[tuple[str, str]]] = Derived(
    "a document's pairs of words, counted (each word with the one before it in its block)",
    lambda doc: Counter(pair for block in doc.blocks for pair in pairwise(["", *split_words(block.text)])),
)
_BOLD: Derived[tuple[str, ...]] = Derived("the bold line each block sits under", bold_lines)


SectionChange = Literal["", "added", "renamed", "deleted"]
"""What a change does to a section's heading: `added` (a new section, `section` and `title` its own),
`renamed` (its wording changed, or the section was replaced by the one inserted in its place: `section`
and `title` the newer heading's, `Change.was` the older's), `deleted` (`Change.was` its name; `section`
the newer section it sat in), "" (none: the change is filed under the section it sits in)."""


@dataclass(frozen=True)
class Change:
    """One numbered change, as a row of the change table."""

    number: int
    kind: str
    """One of KINDS."""
    section: str
    """Id of the newer version's heading it sits under ("" before the first heading); for a change that adds,
    rewords or replaces a heading, that heading's own."""
    title: str
    """That heading's text."""
    old: str
    """An excerpt of the older text around the change, cut at word boundaries ("…" where cut; "" when none)."""
    new: str
    """The same of the newer text."""
    words: int
    """Words the change adds and removes (for a move, the words moved)."""
    edited: bool
    """For a move: were words changed on the way?"""
    level: tuple[int, int] = (0, 0)
    """For a heading whose level changed: (older level, newer level); else (0, 0)."""
    heading: SectionChange = ""
    """What the change does to a section's heading, for the change table's Section column."""
    was: str = ""
    """The older heading's text, for a section `renamed` or `deleted` ("" otherwise)."""
    under: str = ""
    """The bold line the change sits under, after its section's heading (`boldnames.bold_lines`: a text
    converted from Word names its sections so); "" when none, or when the change is to a section's heading."""
    gone: str = ""
    """For a section `deleted`, its heading's id in the older version ("" when none: a bold line): each
    change that deletes the section's text is filed under it."""


@dataclass(frozen=True)
class Triage:
    """The changes of a redline, classed, and what a summary says of them."""

    changes: tuple[Change, ...]
    counts: tuple[tuple[str, int], ...]
    """(kind, how many changes) for each kind present, in the order of KINDS."""
    moves: int
    """Passages moved (a passage: blocks moved together)."""
    moved_words: int
    moves_edited: int
    """Moved passages whose words also changed."""
    replaced: int
    """Per cent of the older version's words struck (moves not counted), 0–100; from half on, no more than
    the pairs of words the newer version has nowhere (text moved where no move was found is kept)."""
    ignored: int = 0
    """Source changes nobody sees (white space, HTML comments), left unnumbered."""


def classify(ops: Sequence[BlockOp], old: Document, new: Document, cache: PolicyCache) -> Triage:
    """Every numbered change of `ops` classed, with its excerpts and counts."""
    groups: dict[int, list[BlockOp]] = {}
    for op in (
        part for whole in ops if whole.change for part in parts(whole)
    ):  # a paragraph's separate edits: one change each
        groups.setdefault(op.change, []).append(op)
    titles = section_names(old) | section_names(new)
    moved: dict[tuple[str, int], Block | None] = {  # each end of a move's block: its self at the other end
        (op.kind, op.new_index if op.kind == "move_to" else op.old_index): ops[op.partner].old
        if op.kind == "move_to"
        else ops[op.partner].new
        for op in ops
        if op.kind in ("move_to", "move_from") and op.partner >= 0
    }
    # Only a changed heading can be renumbered: the unchanged ones are read only when one is.
    changed_heading = any(
        op.kind == "change" and op.new is not None and op.new.kind == "heading" for op in ops
    )
    renumbered = renumbering(_headings_paired(ops, old, new)) if changed_heading else {}
    bold = cache.of(_BOLD, old), cache.of(_BOLD, new)
    gone = {
        op.old.section: op.old.text
        for op in ops
        if op.kind == "delete" and op.old is not None and op.old.kind == "heading" and op.old.section
    }
    changes = tuple(
        _change(number, group, titles, moved, renumbered, bold, gone)
        for number, group in sorted(groups.items())
    )
    counts = tuple((kind, n) for kind in KINDS if (n := sum(c.kind == kind for c in changes)))
    words = cache.of(_WORDS, old)
    removed = sum(op.removed for op in ops if op.kind not in ("move_from", "move_to"))
    if 2 * removed >= words:
        # Pairs of words the newer text has nowhere bound the share: passages moved and regrouped (a cookie
        # table's rows put into another table) are struck and inserted where no move is found, but the texts
        # still share them. Pairs, not words: a rewrite by the same company keeps its words (Reddit's 2015
        # policy struck 2,557 of 2,667 words, and kept 54% of them somewhere), not its phrases.
        removed = min(removed, sum((cache.of(_PAIRS, old) - cache.of(_PAIRS, new)).values()))
    replaced = min(100, round(100 * removed / words)) if words else 0
    moves = move_counts(ops)  # the engine's count of passages moved
    return Triage(changes, counts, moves.passages, moves.words, moves.edited, replaced, quiet_count(ops))


def _headings_paired(ops: Sequence[BlockOp], old: Document, new: Document) -> Iterator[tuple[Block, Block]]:
    """Each heading of the older version with the newer one it became or stayed (for `labels.renumbering`)."""
    for op in ops:
        if op.kind == "change" and op.old is not None and op.new is not None:
            yield op.old, op.new
        elif op.kind == "equal":
            for k in range(op.span):
                if old.blocks[op.old_index + k].kind == "heading":
                    yield old.blocks[op.old_index + k], new.blocks[op.new_index + k]


def section_names(document: Document) -> dict[str, str]:
    """Each heading's id → the name the change table gives its section: its text, and for a heading whose
    text or number another heading of the version has, its parent's too ("Beginning the process › User
    names" and "Squatting › User names": npm's disputes policy names three pairs of sections alike; "G.
    Intellectual Property › 2. Trademarks": onetimesecret's terms number their sections again under each
    article), or where that is not enough, its place among them ("Fees (2)")."""
    repeated = {text for text, n in Counter(h.text for h in document.headings).items() if n > 1}
    numbers = Counter(number_of(h.text) for h in document.headings)
    names: dict[str, str] = {}
    parents: list[tuple[int, str]] = []
    for heading in document.headings:
        while parents and parents[-1][0] >= heading.level:
            parents.pop()
        number = number_of(heading.text)
        shared = heading.text in repeated or number is not None and numbers[number] > 1
        parent = f"{parents[-1][1]} › " if shared and parents else ""
        names[heading.id] = parent + heading.text
        parents.append((heading.level, heading.text))
    seen = Counter[str]()
    for key, name in names.items():  # named alike still (no parent to tell them apart): "Fees", "Fees (2)"
        seen[name] += 1
        if seen[name] > 1:
            names[key] = f"{name} ({seen[name]})"
    return names


def _change(
    number: int,
    ops: list[BlockOp],
    titles: dict[str, str],
    moved: dict[tuple[str, int], Block | None],
    renumbered: dict[str, str],
    bold: tuple[tuple[str, ...], tuple[str, ...]],
    gone: dict[str, str],
) -> Change:
    """Change `number`, made of `ops`; `moved` holds each moved block's self at the other end, by the kind of its
    op and its index ("move_to", newer index: the older self; a heading moved one level up says so, as one
    changed in place does; "move_from", older index: the newer self); `renumbered` the
    sections renumbered (`labels.renumbering`); `bold` the bold line each block of the older and the newer
    version sits under (`boldnames.bold_lines`); `gone` the older headings deleted, by id. A change that
    only deletes text of a deleted section, or moves it away, is filed under it, wherever the newer text has
    its place (Basecamp's terms kept one clause of "General Conditions" in the list before it: the clauses
    deleted after it were filed under "Copyright"; Automattic's cookie "country_code", moved out of
    "Strictly Necessary" as that was deleted, was filed under "Advertising", drawn before its old place)."""
    kind = kind_of(ops, renumbered)
    section = next((op.section for op in ops if op.section), None) or ""
    heading, older_name, own = _heading(ops, moved)
    if kind == "numbering":  # the same name under another number: the excerpts show both numbers
        heading, older_name = "", ""
    sections = {op.old.section for op in ops if op.old is not None}
    gone_id = sections.pop() if len(sections) == 1 else None
    if not heading and gone_id in gone and all(op.kind in ("delete", "move_from") for op in ops):
        heading, older_name = "deleted", gone[gone_id]
    section = own or section  # a heading changed, added or replacing one: filed under its own section
    level = (0, 0)
    for op in ops:
        older = (
            moved.get((op.kind, op.new_index))
            if op.kind == "move_to"
            else op.old
            if op.kind == "change"
            else None
        )
        if older is not None and op.new is not None and older.kind == op.new.kind == "heading":
            was, now = older.level, op.new.level
            if was != now:
                level = (was, now)
    if kind == "moved":
        words = sum(
            len(split_words(op.new.text)) for op in ops if op.kind == "move_to" and op.new is not None
        )
        words = words or sum(
            len(split_words(op.old.text)) for op in ops if op.kind == "move_from" and op.old is not None
        )
        edited = any(op.added or op.removed for op in ops)
    else:
        words, edited = sum(op.added + op.removed for op in ops), False
    old, new = excerpts(ops)
    if kind == "link":  # the words are the same on both sides: what differs is where they lead
        old, new = _with_targets(ops, old, new)
    placed = next((op for op in ops if op.new is not None), None)  # where the newer version has it
    under = (
        ""
        if own or heading
        else (bold[1][placed.new_index] if placed is not None else "")
        or next((bold[0][op.old_index] for op in ops if op.old is not None), "")
    )  # where the newer version has no bold line above it, the older's (Pinterest's unbolded in 2017)
    if same_name(under) == same_name(titles.get(section, "")):  # the bold line that became this heading
        under = ""
    return Change(
        number,
        kind,
        section,
        titles.get(section, ""),
        old,
        new,
        words,
        edited,
        level,
        heading,
        older_name,
        under,
        gone_id if heading == "deleted" and gone_id in gone else "",
    )


def _heading(
    ops: list[BlockOp], moved: dict[tuple[str, int], Block | None]
) -> tuple[SectionChange, str, str]:
    """What a change does to a section's heading, the older heading's text ("" when it is not renamed or
    deleted) and the id of the newer heading it adds or changes ("" when none). A section named in a bold
    line (`boldnames.bold_name`) whose line became a heading, or the other way, is the same section. A
    section is filed where it now is: a heading renamed as it moved names its older wording at both ends
    (Basecamp's "API Terms" moved to the end as "Services Adaptations and API Terms")."""
    newer = next((op.new for op in ops if op.kind in ("insert", "change") and is_heading(op.new)), None)
    older = next((op.old for op in ops if op.kind in ("delete", "change") and is_heading(op.old)), None)
    if newer is None and older is None:
        ends = (
            (moved.get((op.kind, op.new_index)), op.new)
            if op.kind == "move_to"
            else (op.old, moved.get((op.kind, op.old_index)))
            for op in ops
            if op.kind in ("move_to", "move_from")
        )
        older, newer = next(
            ((was, now) for was, now in ends if is_heading(was) and is_heading(now)), (None, None)
        )
    if newer is None:
        if older is None:  # a section named in a bold line, deleted with it
            gone = next((name for op in ops if op.kind == "delete" and (name := bold_name(op.old))), "")
            return ("deleted", gone, "") if gone else ("", "", "")
        return ("deleted", older.text, "") if not _kept(ops, older) else ("", "", "")
    own = newer.section or ""
    restyled = (restyled_name(op) for op in ops if op.new is newer)
    was = older.text if older is not None else next((names[0] for names in restyled if names), "")
    if was and " ".join(was.split()) != " ".join(newer.text.split()):
        return "renamed", was, own
    added = not was and any(
        op.new is newer and (op.kind == "insert" or not is_heading(op.old)) for op in ops
    )  # a heading inserted, or a line of text made a heading
    return ("added" if added else ""), "", own


def _kept(ops: list[BlockOp], heading: Block) -> bool:
    """Is `heading` kept, changed in place (only its level or formatting), rather than deleted (or made a line
    of text: Ducksboard's "3. Log files, IP addresses…" made bold text, its section run into the one before)?"""
    return any(
        op.kind == "change" and op.old is heading and (is_heading(op.new) or restyled_name(op)) for op in ops
    )


def _with_targets(ops: list[BlockOp], old: str, new: str) -> tuple[str, str]:
    """The excerpts of a link-target change, each followed by the target its first changed link leads to
    (`→ /v3/users/`; nothing on the side with no link)."""
    for op in ops:
        for piece in op.pieces or ():
            if piece.op == "~" and piece.was is not None:
                was, now = link_targets(piece.was.formats[0]), link_targets(piece.tokens.formats[0])
                if was != now:
                    return _led(old, was), _led(new, now)
    return old, new


def _led(excerpt: str, targets: tuple[str, ...]) -> str:
    target = next((quoted(html.unescape(t)) for t in reversed(targets) if t), "")  # the innermost link
    return f"{excerpt} → {target}" if target else excerpt
