"""Section and clause numbers: whether a changed block only changed its own number.

A section inserted or deleted renumbers every section after it ("C. Transparency" becomes "D. Transparency"),
and a lawyer reading the change table wants those told apart from changed wording: on GitHub's site
policies, 200 of the 892 headings changed between consecutive versions changed only their number.

A label is the number a heading, a paragraph or a table cell (a table of contents) starts with, written
as a label: followed by `.` or `)` (`3.`, `3.2`, `(c)`, `iv)`), after a word such as "Section" or "Article"
(`Section 5`, `Art. 12`, `§ 4`), or Japanese `第3条`. A number that is not written as a label is the policy's
wording and stays a wording change: "30 days" becoming "60 days", a year in a heading ("2020 Transparency
Report"), a cross-reference in the text ("as set out in Section 5", which may point elsewhere for a reason).
"""

from __future__ import annotations

import re

from ppgen.core.document import Block

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
        (?P<word>(?i:{_WORDS})\s*)(?P<named>{_ARABIC}|{_LETTER}|{_ROMAN})(?P<named_end>[.):]?)(?=\s|$)
      | (?P<open>\()(?P<bracketed>{_NUMBER})\)(?=\s|$)
      | (?P<listed>{_NUMBER})(?P<listed_end>[.)])(?=\s|$)
      | (?P<dotted>[0-9]{{1,3}}(?:\.[0-9]{{1,3}})+)(?=\s|$)
      | 第\s*(?P<japanese>[0-9０-９一二三四五六七八九十百]+)\s*(?P<unit>[条章節項款])
    )""",
    re.VERBOSE,
)
_NUMBERS = ("named", "bracketed", "listed", "dotted", "japanese")


def _split(text: str) -> tuple[str, str, str] | None:
    """(the label without its number, the number, the text after the label) of a text that starts with a
    label; None when it does not."""
    found = _LABEL.match(text)
    if found is None:
        return None
    group = next(name for name in _NUMBERS if found.group(name) is not None)
    start, end = found.span(group)
    shape = text[found.start() : start].lower() + "#" + text[end : found.end()].lower()
    return shape.strip(), found.group(group), " ".join(text[found.end() :].split())


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
    was, now = _split(old.text), _split(new.text)
    if was is None and now is None:
        return False
    if was is None or now is None:
        labelled = was or now
        assert labelled is not None
        other = new.text if was is not None else old.text
        return bool(labelled[2]) and labelled[2] == " ".join(other.split())
    (was_shape, was_number, was_rest), (now_shape, now_number, now_rest) = was, now
    if old.kind != "heading" and not now_rest:
        return False
    return was_shape == now_shape and was_number != now_number and was_rest == now_rest


_ID_LABEL = re.compile(r"#(?:[0-9]{1,3}(?:-[0-9]{1,3})*|[a-z]|[ivxlcdm]{1,7})-(?=.)")
"""The start of a link to a heading of the page whose id begins with its number (`#4-services`, `#c-what-if`)."""


def renumbered_target(old: str, new: str) -> bool:
    """Do two link targets lead to the same section of the page under another number (`#4-privacy`,
    `#5-privacy`: a table of contents following its headings)?"""
    was, now = _ID_LABEL.match(old), _ID_LABEL.match(new)
    return was is not None and now is not None and old != new and old[was.end() :] == new[now.end() :]


_LABELLED = frozenset({"heading", "paragraph", "td", "th"})
"""Blocks whose text may start with their own number."""
