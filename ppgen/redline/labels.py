"""Section and clause numbers: whether a changed block only changed its own number.

A section inserted or deleted renumbers every section after it ("C. Transparency" becomes "D. Transparency"),
and a lawyer reading the change table wants those told apart from changed wording: on GitHub's site
policies, 200 of the 892 headings changed between consecutive versions changed only their number.

A cross-reference in the text that follows its section ("see Section G" becoming "see Section H" where the
heading "G. API Terms" became "H. API Terms" in the same comparison) is numbering too; one that does not
("Section N" becoming "Section Q" where N became P) is a wording change, as it may correct a wrong reference.

A label is the number a heading, a paragraph or a table cell (a table of contents) starts with, written
as a label: followed by `.` or `)` (`3.`, `3.2`, `(c)`, `iv)`), after a word such as "Section" or "Article"
(`Section 5`, `Art. 12`, `§ 4`), Japanese or Chinese `第3条`, or Korean `제3조`. A number that is not
written as a label is the policy's wording and stays a wording change: "30 days" becoming "60 days", a year
in a heading ("2020 Transparency Report"), a cross-reference in the text ("as set out in Section 5", which
may point elsewhere for a reason).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from ppgen.core.document import Block
from ppgen.redline.words import Piece, edits

_ARABIC = r"[0-9]{1,3}(?:\.[0-9]{1,3})*"
_LETTER = r"[A-Za-z]"
_ROMAN = r"[ivxlcdm]{1,7}|[IVXLCDM]{1,7}"
_NUMBER = rf"{_ARABIC}|{_LETTER}|{_ROMAN}"
_WORDS = (
    r"section|article|art\.|clause|part|chapter|schedule|annex|appendix|exhibit|§|"
    r"abschnitt|artikel|kapitel|teil|ziffer|anhang|chapitre|partie|annexe|"
    r"sección|seccion|artículo|articulo|capítulo|capitulo|cláusula|clausula|anexo"
)
_LABEL = re.compile(
    rf"""\s*(?:
        (?P<word>(?i:{_WORDS})\s*)(?P<named>{_NUMBER})(?P<named_end>[.):]?)(?=\s|$)
      | (?P<open>\()(?P<bracketed>{_NUMBER})\)(?=\s|$)
      | (?P<listed>{_NUMBER})(?P<listed_end>[.)])(?=\s|$)
      | (?P<dotted>[0-9]{{1,3}}(?:\.[0-9]{{1,3}})+)(?=\s|$)
      | 第\s*(?P<japanese>[0-9０-９一二三四五六七八九十百]+)\s*(?P<unit>[条章節項款])
      | 제\s*(?P<korean>[0-9]+)\s*(?P<korean_unit>[조장절항관편])
    )""",
    re.VERBOSE,
)
_NUMBERS = ("named", "bracketed", "listed", "dotted", "japanese", "korean")


def _split(text: str) -> tuple[str, str, str] | None:
    """(the label without its number, the number, the text after the label and a dash or colon after it:
    "Clause 7 – Support") of a text that starts with a label; None when it does not."""
    found = _LABEL.match(text)
    if found is None:
        return None
    group = next(name for name in _NUMBERS if found.group(name) is not None)
    start, end = found.span(group)
    shape = text[found.start() : start].lower() + "#" + text[end : found.end()].lower()
    return shape.strip(), found.group(group), " ".join(text[found.end() :].lstrip(" \t–—-:").split())


def number_of(text: str) -> tuple[str, str] | None:
    """The label a text starts with, as (its shape, its number): `3. Payment` and `3. Fees` are alike."""
    found = _split(text)
    return None if found is None else found[:2]


def labelled(text: str) -> bool:
    """Does the text start with its own number (`3. Payment`, `Section 5`, `第3条`)?"""
    return _split(text) is not None


def unlabelled(text: str) -> str:
    """The text after the label it starts with, if it starts with one and goes on after it; else the text
    (what the redline compares to find which block became which: "2. Accounts" is not "2. Payment")."""
    found = _split(text)
    return found[2] if found is not None and found[2] else text


def renumbered_only(old: Block, new: Block) -> bool:
    """Did the block change only its label's number (a heading, or a paragraph or table cell that goes on
    after its label): its text after the label the same, and its label written alike, or put in front of
    the text or taken away ("4. Pages" becoming "Pages")?"""
    if old.kind != new.kind or old.kind not in _LABELLED:
        return False
    return renumbered_name(old.text, new.text, heading=old.kind == "heading")


def renumbered_name(old: str, new: str, *, heading: bool = True) -> bool:
    """`renumbered_only` for two texts: a section's name (`heading`), or a paragraph or table cell's. A
    heading's capitals are its style, and it may change the label's shape with its number (Matrix's terms:
    "13. Limitation of Liability" made "5.1 Limitation of liability", a clause made a sub-clause)."""
    was, now = _split(old), _split(new)
    if was is None and now is None:
        return False
    if was is None or now is None:
        labelled = was or now
        assert labelled is not None
        other = new if was is not None else old
        return bool(labelled[2]) and labelled[2] == " ".join(other.split())
    (was_shape, was_number, was_rest), (now_shape, now_number, now_rest) = was, now
    if not heading and not now_rest:
        return False
    if heading:
        was_rest, now_rest = was_rest.casefold(), now_rest.casefold()
    return (
        (was_shape == now_shape or heading)
        and _width(was_number) != _width(now_number)
        and _width(was_rest) == _width(now_rest)
    )


def _width(text: str) -> str:
    """`text` with full-width forms made half-width (`１` is `1`, `（` is `(`): a width is no renumbering."""
    return unicodedata.normalize("NFKC", text)


_ID_LABEL = re.compile(r"#(?:[0-9]{1,3}(?:-[0-9]{1,3})*|[a-z]|[ivxlcdm]{1,7})-(?=.)")
"""The start of a link to a heading of the page whose id begins with its number (`#4-services`, `#c-what-if`)."""


def renumbered_target(old: str, new: str) -> bool:
    """Do two link targets lead to the same section of the page under another number (`#4-privacy`,
    `#5-privacy`: a table of contents following its headings)?"""
    was, now = _ID_LABEL.match(old), _ID_LABEL.match(new)
    return was is not None and now is not None and old != new and old[was.end() :] == new[now.end() :]


_LABELLED = frozenset({"heading", "paragraph", "td", "th"})
"""Blocks whose text may start with their own number."""


def renumbering(pairs: Iterable[tuple[Block, Block]]) -> dict[str, str]:
    """Older number → newer number of the labelled headings paired in a comparison (`pairs`: every heading
    paired, changed or not), where that number changed and stands for one heading only (a number two
    headings had, renumbered otherwise or kept by one, says nothing)."""
    found: dict[str, set[str]] = {}
    for old, new in pairs:
        if old.kind == new.kind == "heading":
            was, now = _split(old.text), _split(new.text)
            if was is not None and now is not None and was[0] == now[0] and was[2] == now[2]:
                found.setdefault(was[1], set()).add(now[1])
    return {was: next(iter(now)) for was, now in found.items() if len(now) == 1 and was not in now}


_REFERENCE = re.compile(
    r"(?i:\b(?:sections?|articles?|clauses?|parts?|paragraphs?|schedules?|annex|appendix|exhibits?)|§)\s*([0-9A-Za-z.]*)$"
)
"""A word that names a section by its number, before the number (and any start of it the change keeps)."""
_REFERENCE_END = re.compile(r"[0-9A-Za-z.]*")
_CONTEXT = ("=", "~")
"""Pieces whose words both versions have (a `~` piece's change of formatting or link is classed apart: a link
"Section G" whose target followed its section is numbering too, `renumbered_target`)."""


def references_follow(pieces: Sequence[Piece], renumbered: Mapping[str, str]) -> bool:
    """Is every word struck or inserted in `pieces` (a word diff) a section's number after a word such as
    "Section", changed as that section was renumbered (`renumbering`)?"""
    if any(piece.op == "¶" for piece in pieces):
        return False
    found = False
    for k, stop, was, now in edits(pieces):
        before = pieces[k - 1].tokens.text() if k and pieces[k - 1].op in _CONTEXT else ""
        after = pieces[stop].tokens.text() if stop < len(pieces) and pieces[stop].op in _CONTEXT else ""
        named = _REFERENCE.search(before)
        if named is None:
            return False
        end = _REFERENCE_END.match(after)
        start, tail = named.group(1), (end.group(0) if end else "")
        if not _follows((start + was + tail).rstrip("."), (start + now + tail).rstrip("."), renumbered):
            return False
        found = True
    return found


def _follows(was: str, now: str, renumbered: Mapping[str, str]) -> bool:
    """Is reference `was` become `now` its section renumbered, or a subsection's under its renumbered section
    (`Section Q.1` → `Section O.1` where Q became O)?"""
    if renumbered.get(was) == now:
        return True
    was_head, dot, was_rest = was.partition(".")
    now_head, _, now_rest = now.partition(".")
    return bool(dot) and was_rest == now_rest and renumbered.get(was_head) == now_head
