"""The title a version's text gives itself: a level-1 heading (`# Title`, or `Title` over `===`) opening it.

Real policies open that way. `load` takes such a heading as the version's title and blanks its lines,
so that the page's `<h1>` is not repeated inside `#policy-text` and every later line keeps its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ppgen.source import leftovers
from ppgen.source.markdown import MD, plain

_BLANK_AFTER = re.compile(r"\n[ \t]*(?:\n|$)")
"""The end of a block: a newline followed by a blank line (or the end of the text)."""
_COMMENT = re.compile(r" {0,3}<!--")
_ATX = re.compile(r" {0,3}#(?:[ \t]|$)")
_DEFINITION = re.compile(
    r" {0,3}\[[^\]\s][^\]]*\]:[ \t]*\S+(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
"""A link reference definition on one line (`[label]: url "title"`)."""
_SETEXT = re.compile(r"^ {0,3}=+[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class TitleHeading:
    """A level-1 heading that opens a body."""

    text: str
    """What a reader sees of it, spaces collapsed."""
    line: int
    """0-based line of the body it starts on."""
    lines: int
    """How many lines it takes (2 for `Title` over `=====`)."""
    start: int
    """Offset in the body where its first line starts."""
    stop: int
    """Offset in the body where its last line ends (before the newline)."""
    plain: bool
    """It holds no raw HTML and no template syntax, so it can stand as a title (else it stays in the text,
    where those are checked)."""


def leading_heading(body: str) -> TitleHeading | None:
    """The level-1 heading that opens `body`, after blank lines, HTML comments and link reference definitions
    (`[support]: https://…`, which show nothing: Basecamp's policies open with them); else None."""
    body = body.replace("\f", " ") if "\f" in body else body  # as `markdown.parse` reads it; offsets kept
    position = line = 0
    while position < len(body):
        end = body.find("\n", position)
        end = len(body) if end < 0 else end
        text = body[position:end]
        if _COMMENT.match(text):
            close = body.find("-->", position)
            if close < 0:
                return None  # an unclosed comment: `markdown` reports it
            end = body.find("\n", close)
            end = len(body) if end < 0 else end
        elif text.strip(" \t") and not _DEFINITION.match(text):
            break
        line += body.count("\n", position, end) + 1
        position = end + 1
    else:
        return None
    blank = _BLANK_AFTER.search(body, position)
    chunk = body[position : blank.start() if blank else len(body)]
    if _ATX.match(chunk):
        newline = chunk.find("\n")
        chunk = chunk if newline < 0 else chunk[:newline]
    elif underline := _SETEXT.search(chunk):
        chunk = chunk[: underline.end()]  # a heading over `===` ends there: parse no more of a long block
    else:
        return None
    tokens = MD.parse(chunk, {})
    if len(tokens) < 3 or tokens[0].type != "heading_open" or tokens[0].tag != "h1" or not tokens[0].map:
        return None
    inline = tokens[1]
    children = inline.children or []
    text = " ".join(plain(children).split())
    if not text:
        return None
    first, after = tokens[0].map
    stop = position
    for _ in range(after):
        newline = body.find("\n", stop)
        stop = len(body) if newline < 0 else newline + 1
    stop = stop - 1 if body[stop - 1 : stop] == "\n" else stop
    start = position
    for _ in range(first):
        start = body.index("\n", start) + 1
    html = any(child.type == "html_inline" for child in children)
    clean = not html and not leftovers.present(inline.content)
    return TitleHeading(text, line + first, after - first, start, stop, clean)


def without(body: str, heading: TitleHeading) -> str:
    """`body` with the heading's lines left blank (every other line keeps its number)."""
    return body[: heading.start] + "\n" * (heading.lines - 1) + body[heading.stop :]


def same(one: str, other: str) -> bool:
    """Whether two titles read the same, letter case and spacing aside."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


_SITE_NAME = re.compile(r"\s+[|·•–—:/»-]+\s+|::")
"""What parts a page's `<title>` from the site's name: "Privacy Policy | Acme", "Acme · Privacy Policy"."""


def parts(page_title: str) -> list[str]:
    """The parts of a page's `<title>` that a mark parts from the site's name, in order ("Etsy :: Privacy
    Policy": Etsy, Privacy Policy); none when it has no such mark."""
    found = [" ".join(part.split()) for part in _SITE_NAME.split(page_title)]
    return [part for part in found if part] if len(found) > 1 else []


def names(page_title: str, heading: str) -> bool:
    """Whether a page's `<title>` is `heading`, with or without the site's name before or after it."""
    return same(page_title, heading) or any(same(part, heading) for part in _SITE_NAME.split(page_title))
