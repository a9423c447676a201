"""The redline between two versions of a policy: what changed, word by word, inside the document's structure.

`compare(old, new)` aligns the two documents' blocks (identical blocks by hash, changed ones by
similarity, moved ones by content), diffs words and punctuation inside changed blocks, and renders
the merged (inline) and side-by-side views. Pure: no I/O, no templates.

The oracle that tests hold it to: in `inline_html`, removing every `<ins>` and every `.rl-note`
element leaves the older version's text, and removing every `<del>` and `.rl-note` the newer's, once
each fold (a `.rl-note` link to unchanged text on the newer version's page) is read as the newer
version's blocks it stands for (`Redline.folds`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape, unescape

from ppgen.core.document import Document
from ppgen.core.errors import PpgenError, Problem
from ppgen.redline.align import BlockOp, align
from ppgen.redline.cache import PolicyCache
from ppgen.redline.classes import Change, Triage, classify
from ppgen.redline.folds import NEWER, WORD_KEYS, spoken
from ppgen.redline.fragments import fix_fragments
from ppgen.redline.notes import Say, describe_change, describe_format
from ppgen.redline.numbers import by_section, last_change, renumbered
from ppgen.redline.order import in_reading_order
from ppgen.redline.relevel import Outline, outlined
from ppgen.redline.tables import keep_shape
from ppgen.redline.views import (
    render_views,
    word_counts,
)
from ppgen.redline.words import Piece, Tokens
from ppgen.source import links

__all__ = [
    "BlockOp",
    "Change",
    "Piece",
    "Redline",
    "Tokens",
    "Triage",
    "align",
    "aligned",
    "classify",
    "compare",
    "WORD_KEYS",
    "describe_change",
    "describe_format",
    "Say",
    "said",
    "said_text",
    "sections_touched",
    "with_newer",
    "Wording",
    "COUNTED",
]


@dataclass(frozen=True)
class Redline:
    """A rendered comparison of two versions of a policy."""

    inline_html: str
    """The body of the element `id="redline"`: both versions merged, changes marked in place, changed
    rows with the older version's text beside them (one markup for the inline and side-by-side views)."""
    words_added: int
    """Words only in the newer version (moves not counted)."""
    words_removed: int
    """Words only in the older version (moves not counted)."""
    sections: tuple[tuple[str, str], ...]
    """(heading id in the newer version, heading text) of every section touched, in reading order."""
    changes: int
    """How many changes there are: anchors `#change-1` … `#change-N`."""
    triage: Triage
    """Each change classed (wording, punctuation, formatting, link target, moved, split/joined), with excerpts."""
    folds: tuple[tuple[int, int], ...] = ()
    """The newer version's blocks (first index, last + 1) each fold stands for, in reading order: text
    left out of the page, linked to in the newer version's page."""
    outline: Outline = Outline()
    """When every heading moved by one number of levels alike (`relevel`): the highest heading's level in
    the older version and in the newer, and whether a heading was added above them; the headings are then
    compared as moved, and not marked."""

    def inline(self, words: Mapping[str, str] | Wording, newer: str = "") -> str:
        """`inline_html` in the theme's words, its links to folded text pointing to `newer` (the newer
        version's page)."""
        return with_newer(said(self.inline_html, words), newer)

    @property
    def identical(self) -> bool:
        """True when a reader would see no difference between the two versions' words (their outline may
        have moved: `outline`)."""
        return self.changes == 0


def sections_touched(ops: tuple[BlockOp, ...], new: Document) -> tuple[tuple[str, str], ...]:
    """(id, text) of the newer version's sections that hold a change, in reading order."""
    titles = {h.id: h.text for h in new.headings}
    seen: dict[str, str] = {}
    for op in ops:
        if op.kind != "equal" and op.section in titles and op.section not in seen:
            seen[op.section] = titles[op.section]
    return tuple(seen.items())


def aligned(old: Document, new: Document, cache: PolicyCache) -> tuple[BlockOp, ...]:
    """The ops from `old` to `new`, tables kept in shape: what every view of a redline shows."""
    return renumbered(by_section(in_reading_order(keep_shape(align(old, new, cache), old, new)), old, new))


def compare(old: Document, new: Document, cache: PolicyCache | None = None) -> Redline:
    """The redline from `old` to `new`. `cache` keeps what is worked out from one text for the next
    comparison of the same policy (the pipeline makes one per policy); without it, nothing is kept."""
    cache = PolicyCache() if cache is None else cache
    old, outline = outlined(old, new, cache)
    ops = aligned(old, new, cache)
    triage = classify(ops, old, new, cache)
    linked = frozenset(c.section for c in triage.changes if c.section)  # the change table links to them
    inline, folds = render_views(ops, old, new, {c.number: c.kind for c in triage.changes}, cache, linked)
    inline = fix_fragments(old, new, inline)
    added, removed = word_counts(ops)
    return Redline(
        inline_html=inline,
        words_added=added,
        words_removed=removed,
        sections=sections_touched(ops, new),
        changes=max((last_change(op) for op in ops), default=0),
        triage=triage,
        folds=folds,
        outline=outline,
    )


def with_newer(html: str, newer: str) -> str:
    """A view's links to text left out of the page (folded) pointed to the newer version's page, at `newer`."""
    return html.replace(f'{NEWER}href="#', f'href="{escape(newer, quote=True)}#') if NEWER in html else html


KEPT = 50_000
"""How many answers a table of words keeps before it starts afresh (a `Wording`'s filled places, and the
theme's words rendered once, `templates.Theme`): memory stays bounded, whatever one policy's size (a render
task empties them before each policy: `Theme.forget`)."""
_SAY = re.compile(r'<rl-say k="([a-z-]+)"((?: [a-z]="[^"<>]*")*)></rl-say>')
_VALUE = re.compile(r' ([a-z])="([^"]*)"')
_FIELD = re.compile(r"\{([a-z])\}")

COUNTED = frozenset({"w", "s"})
"""The fields that count something (`w` words, `s` sections): a `Wording` words them with their plural form."""


@dataclass(frozen=True)
class Wording:
    """The theme's redline words in one language, made once per theme and language (`Theme.wording`) and
    shared by every page in it: the table by key, the words for a count (`counted(field, n)`: "97 words",
    its plural form from the catalog), and every place already filled, so a place said once is looked up after."""

    words: Mapping[str, str]
    counted: Callable[[str, int], str] | None = None
    filled: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def said(html: str, words: Mapping[str, str] | Wording) -> str:
    """A view's HTML with the theme's words where the redline left their places (`<rl-say k="key" n="3">`):
    `words[key]`, its `{n}`-style fields filled (any other brace is a brace), escaped. A field's value is
    a number (a count, `COUNTED`, in the words of `Wording.counted`), `=` and a policy's own text (written as
    it is), or the theme's words (an `<rl-say>` itself). One pass; a place met before is not filled again.
    A key the theme lacks is an error naming it (`templates.Theme.checked` finds it before any page is written)."""
    if "<rl-say" not in html:
        return html
    wording = words if isinstance(words, Wording) else Wording(words)
    filled = wording.filled

    def fill(match: re.Match[str]) -> str:
        place = match.group(0)
        found = filled.get(place)
        if found is None:
            if len(filled) >= KEPT:  # places can hold a policy's words: memory stays bounded
                filled.clear()
            found = filled[place] = escape(_filled(match, wording))
        return found

    return _SAY.sub(fill, html)


def said_text(words_said: Say, words: Mapping[str, str] | Wording) -> str:
    """The theme's words for `words_said`, as plain text (for the terminal): a link to a policy as the
    Markdown writes it (`policy:terms`), there being no page to make its address on."""
    return links.fill(unescape(said(spoken(words_said), words)), links.written)


def _filled(match: re.Match[str], wording: Wording) -> str:
    key = match.group(1)
    word = wording.words.get(key)
    if not isinstance(word, str):
        hint = "add it to the `redline_words` table of the theme's redline_words.html"
        raise PpgenError(
            Problem(
                f"the theme's redline words have no `{key}`", "redline_words.html", None, hint, code="theme"
            )
        )
    values = {}
    for name, raw in _VALUE.findall(match.group(2)):
        value = unescape(raw)
        inner = _SAY.fullmatch(value) if value.startswith("<rl-say") else None
        if value.startswith("="):
            values[name] = value[1:]
        elif inner:
            values[name] = _filled(inner, wording)
        elif name in COUNTED and wording.counted is not None and value.isdigit():
            values[name] = wording.counted(name, int(value))
        else:
            values[name] = value
    # str(): a theme word may come marked safe (gettext); `said` escapes it like any other text
    return _FIELD.sub(lambda found: values.get(found.group(1), found.group(0)), str(word))
