"""A raw HTML table read as a Markdown table is: rows that hold cells, so that a redline compares it cell by cell.

A policy converted from Word (pandoc writes a table whose cells hold paragraphs or lists as HTML) or from an
HTML snapshot holds its tables as raw HTML. Read as one block of HTML, a row added to such a table was
compared as words across the whole table: inserted words and notes landed between rows and cells, where a
browser moves them out of the table, and a row's `class="odd"` becoming `"even"` read as formatting. Read
as Markdown tables are read (the containers `table`, `thead`/`tbody`, `tr`, and one block per `th`/`td`
cell), it is compared as they are: rows paired, cells word by word.

Only a table whose structure is plain is read so: the sanitised HTML of the block is one `<table>`, holding
an optional `<colgroup>` (dropped: the sanitiser has already removed its widths), `<thead>` and `<tbody>`
(the sanitiser puts rows in one), rows, and cells, with nothing but white space between them. A caption, a
`<tfoot>`, or words between rows leave the table one block, as before. A cell's HTML is kept as it is,
nested tables included; pandoc's alternating row classes (`odd`, `even`, `header`) are dropped (the theme
does not use them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ppgen.core.document import Block, Container
from ppgen.source.sanitize import text_of

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
"""A tag of sanitised HTML (`>` in attribute values is escaped)."""
_SECTIONS = frozenset({"thead", "tbody"})
_STRIPES = re.compile(r'\s+class="(?:odd|even|header)"')
"""pandoc's row classes, which alternate: a row inserted above would change every one after it."""


@dataclass(frozen=True)
class Part:
    """One step through a table: a container opened (`open`, `close`: its tags), a cell (`inner` too), or the
    innermost container closed (`kind` "")."""

    kind: str
    open: str = ""
    inner: str = ""
    close: str = ""
    offset: int = 0
    """The cell's line within the block (0 for its first)."""


def parts(html: str) -> list[Part] | None:
    """The table in `html` as containers and cells, in order; None when `html` is not one plain table."""
    body = html.strip()
    tags = list(_TAG.finditer(body))
    if not tags or not body.startswith("<table") or tags[0].group(2).lower() != "table":
        return None
    found: list[Part] = []
    stack: list[str] = []
    index, end = 0, 0
    line, counted = 0, 0  # the line of body[counted]: counted on from the last cell, not from 0 (quadratic)
    while index < len(tags):
        tag = tags[index]
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if body[end : tag.start()].strip():
            return None  # words between rows or cells
        if (
            name in ("colgroup", "td", "th")
            and not closing
            and stack[-1:] == (["table"] if name == "colgroup" else ["tr"])
        ):
            last = _after(tags, index, name)
            if last is None:
                return None
            if name != "colgroup":  # a cell; the columns' group is dropped
                inner = body[tag.end() : tags[last - 1].start()]
                line, counted = line + body.count("\n", counted, tag.start()), tag.start()
                found.append(Part(name, tag.group(0), inner, f"</{name}>\n", line))
            index, end = last, tags[last - 1].end()
            continue
        expected = {0: "table", 1: "section", 2: "tr"}.get(len(stack))
        if closing:
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            found.append(Part(""))
        elif expected == "table" and name == "table" or expected == "section" and name in _SECTIONS:
            stack.append(name)
            found.append(Part(name, tag.group(0) + "\n", close=f"</{name}>\n"))
        elif expected == "tr" and name == "tr":
            stack.append(name)
            found.append(Part(name, _STRIPES.sub("", tag.group(0)) + "\n", close="</tr>\n"))
        else:
            return None
        end = tag.end()
        index += 1
        if not stack:
            break
    if stack or body[end:].strip() or not any(part.kind in ("td", "th") for part in found):
        return None
    return found


def blocks(parts: list[Part], inside: tuple[Container, ...], line: int, key: int) -> tuple[list[Block], int]:
    """A table's cells as blocks, each in the containers around the table (`inside`) and its own (keyed from
    `key`), for a table at `line`; and the next container key."""
    found: list[Block] = []
    for part in parts:
        if not part.kind:
            inside = inside[:-1]
        elif part.kind in ("td", "th"):
            text = text_of(part.inner).strip()
            found.append(
                Block(part.kind, inside, part.open, part.inner, part.close, text, line + part.offset, None)
            )
        else:
            inside = (*inside, Container(key, part.kind, part.open, part.close))
            key += 1
    return found, key


def _after(tags: list[re.Match[str]], index: int, name: str) -> int | None:
    """The index of the tag after the one that closes the element opened at `index` (nested elements of the
    same name counted), or None when nothing closes it."""
    depth = 0
    for at in range(index, len(tags)):
        if tags[at].group(2).lower() == name:
            depth += -1 if tags[at].group(1) else 1
            if depth == 0:
                return at + 1
    return None
