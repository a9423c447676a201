"""Raw HTML lists as browsers show them: split by blank lines, or with items closed too early.

Markdown ends a raw HTML block at a blank line, but browsers (and GitHub, which passes raw HTML as
written) read `<ol>`, a blank line, `<li>…</li>` and `</ol>` as one list: a block that leaves a list,
table… open is read with the HTML blocks right after it (`joined`), not closed on its own.

Policies pasted from word processors close an item before its sub-list, or leave the words after a
sub-list loose in the list:

    <ol><li>with the following exceptions:</li>
      <ol><li>Clause 1;</li></ol>
      Any onward transfer is subject to…
    </ol>

Browsers show the sub-list and the words under the item before them, but a list may hold only items:
the page would not be valid HTML, and screen readers announce the loose parts outside every item. A
sub-list, or words between two items, go into the item before them, which is where a reader sees them;
words after the last item go after the list, into what holds it (`Any onward transfer…` above governs
every clause of the sub-list, not its last one). A list that starts with a loose part is left as
written (an item of its own would add a number the text does not have)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

_PART = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|[^<]+")
"""A tag (sanitised HTML: `>` in attribute values is escaped) or the text up to the next one."""
_LISTS = frozenset({"ol", "ul"})
_VOID = frozenset({"br", "hr", "img", "wbr", "col"})
_CONTAINER = re.compile(r"<(/?)(?:ol|ul|dl|table|div|blockquote|section|details)(?=[\s/>])", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def _depth(html: str) -> int:
    """How many more lists, tables… `html` opens than it closes."""
    return sum(-1 if match.group(1) else 1 for match in _CONTAINER.finditer(_COMMENT.sub("", html)))


class Token(Protocol):
    """What `joined` reads of a Markdown token (markdown-it's)."""

    type: str
    content: str
    map: list[int] | None


def joined(tokens: Sequence[Token], index: int) -> tuple[int, str]:
    """(index of its last token, text) of the raw HTML block at `index` read as browsers read it: while it
    leaves a list, table… open, with the next token when that is an HTML block too (blank lines between
    them kept, so lines within the text stay the source's)."""
    text, depth, last = tokens[index].content, _depth(tokens[index].content), index
    while depth > 0 and last + 1 < len(tokens) and tokens[last + 1].type == "html_block":
        after, before = tokens[last + 1].map, tokens[last].map
        gap = after[0] - before[1] if after and before else 1
        last += 1
        text += "\n" * gap + tokens[last].content
        depth += _depth(tokens[last].content)
    return last, text


def repair(html: str) -> str:
    """`html` (the sanitiser's output: every tag closed where it should be) with each sub-list, line break
    or text that sits directly in a list, after an item, moved into that item; words after the list's last
    item go after the list, into what holds it (they are not the last item's: `Any onward transfer…` above
    governs every item)."""
    if "</li>" not in html:
        return html
    out: list[str] = []
    open_tags: list[str] = []
    held: int | None = None
    """Where in `out` an item's `</li>` is held back while what follows it may still belong to it."""
    after: list[str] | None = None
    """Words after a list's last item, held back to go after the list's end."""
    level = 0
    """How many elements were open where those words started (the list's own contents start there)."""
    for match in _PART.finditer(html):
        part, closing, tag = match.group(0), match.group(1), (match.group(2) or "").lower()
        if after is not None and tag in _LISTS and (not closing or open_tags[-1:] == [tag]):
            if closing:  # the list's end: the words go after it
                out += [part, *after]
                open_tags.pop()
                held = after = None
                continue
            assert held is not None  # a sub-list after them: they were the last item's after all
            del out[held]
            out += after
            open_tags.insert(level, "li")
            held = after = None
        elif after is not None:
            after.append(part)
            _track(open_tags, closing, tag)
            continue
        if held is not None:
            if tag == "li" or (closing and tag in _LISTS) or not (tag or part.strip()):
                pass  # the next item, the list's end, or space between them: the item stays closed
            elif tag not in _LISTS and _last_item(html, match.start()):
                after, level = [part], len(open_tags)
                _track(open_tags, closing, tag)
                continue
            else:  # a sub-list, a line break or words: the item goes on
                del out[held]
                open_tags.append("li")
            held = None if part.strip() else held
        if (tag == "li" and not closing or closing and tag in _LISTS) and open_tags[-1:] == ["li"]:
            out.append("</li>")  # the end of an item that went on
            open_tags.pop()
        out.append(part)
        _track(open_tags, closing, tag)
        if closing and tag == "li" and open_tags[-1:] in (["ol"], ["ul"]):
            held = len(out) - 1
    return "".join(out)


def _track(open_tags: list[str], closing: str, tag: str) -> None:
    """Keep `open_tags` (the elements open, outermost first) up to date with one part."""
    if closing:
        while open_tags and open_tags.pop() != tag:
            pass
    elif tag and tag not in _VOID:
        open_tags.append(tag)


def _last_item(html: str, start: int) -> bool:
    """Whether the list open at `start` in `html` ends without another item."""
    depth = 0
    for match in _PART.finditer(html, start):
        tag = (match.group(2) or "").lower()
        if tag in _LISTS:
            if not match.group(1):
                depth += 1
            elif depth == 0:
                return True
            else:
                depth -= 1
        elif tag == "li" and not match.group(1) and depth == 0:
            return False
    return True
