"""What Markdown cannot write as an HTML snapshot has it, reshaped before the page becomes Markdown: its line
breaks, links around blocks, summary boxes in `<h1>`s and headings a rank or two below the outline's.

A link around blocks (`<a href><div><img></div><div>Name</div></a>`) becomes the same link inside each
block (`links_around_blocks`): written as it stands, `[` and `](url)` would be text. An `<h1>` that is a
sentence after the page's sections is a summary box beside one (`callouts`): a bold paragraph, with a
warning, so that the real sections are not put under it. A page whose policy opens with an `<h2>` that
outranks every other heading and that its `<title>` holds (a help centre's page: the site's name is its
`<h1>`, left out as a banner) has that heading raised to `<h1>`, and the title is read from it as from an
opening `<h1>`; sections are raised together until the highest is `##` (`outline`).

Line breaks: pages written by hand or by old editors scatter `<br>`s: at the end of a paragraph
(`Terms:<br></p>`), between blocks, at the end of a bold label (`<b>Note:<br></b> text`), two in a row
where a paragraph ends. A browser shows no break for the first two, a break after the label, and a blank
line for the last. Converted as they stand they would be backslashes at the ends of paragraphs, a
paragraph of its own made of one backslash, and broken emphasis (`**Note:\\**`): marks a reader of the
imported text would see and a redline would count.

So, in place: a `<br>` that ends or starts an inline element moves outside it (the label's break stays a
break, after the bold); one with no text before or after it in its line of text (up to a block element)
goes; and two or more in a row become a paragraph break (`PARAGRAPH`, which `paragraphs` turns into a
blank line), except in a table cell, one line of a Markdown table, where the converter writes each as a
space, and inside a link, emphasis or heading, which a blank line would break (they stay breaks).
"""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import Comment, NavigableString, PageElement

from ppgen.core.errors import Problem
from ppgen.source.sanitize import shown
from ppgen.source.titles import names

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]）」』]*$")

PARAGRAPH = "\ue000"
"""Where a run of `<br>`s ends a paragraph: a private-use character, which no page's text holds and the
converter writes as it is."""
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
    }
)
"""Elements that sit inside a line of text (HTML's phrasing content, less those with content of their own
such as `<img>`)."""
_BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "caption",
        "center",
        "details",
        "fieldset",
        "figcaption",
        "hr",
        "summary",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
    )
)
"""Elements that stand as blocks of their own: a line of text ends at one, a link cannot hold one in
Markdown (the innermost, a table's cells among them, each gets the link)."""
_IN_LINE = _INLINE | frozenset(_HEADINGS)
"""Where a run of `<br>`s cannot end a paragraph: inside a line's own element, or a heading."""
_GONE = "ppgen-gone"
"""What a `<br>` that shows nothing becomes (renamed, not removed: removing a node costs a search of its
parent's children, and a page of 8,000 paragraphs parted by `<br><br>` would take seconds): the converter
writes an element it does not know as its text, none here."""
_MARK = re.compile(rf"[ \t]*{PARAGRAPH}[ \t]*")
_PREFIX = re.compile(r"([ \t>]*)((?:[-*+]|\d+[.)])[ \t]+)?")
"""A line's indentation and quote marks, then its list item marker, if any."""


def _is_break(node: PageElement) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def _blank(node: PageElement) -> bool:
    """Whether `node` shows nothing on its line: white space, a comment, a `<br>` gone or an empty inline
    element."""
    if isinstance(node, Comment):
        return True
    if isinstance(node, NavigableString):
        return not node.strip()
    assert isinstance(node, Tag)
    if node.name == _GONE:
        return not node.string  # (a run of breaks that ends a paragraph holds PARAGRAPH)
    return node.name in _INLINE and not node.find(["img", "br"]) and not node.get_text().strip()


def _hoist(br: Tag) -> None:
    """Move `br` out of the inline elements it ends or starts (`<b>Note:<br></b>` → `<b>Note:</b><br>`)."""
    while isinstance(br.parent, Tag) and br.parent.name in _INLINE:
        parent = br.parent
        if all(_blank(node) for node in br.next_siblings):
            parent.insert_after(br.extract())
        elif all(_blank(node) for node in br.previous_siblings):
            parent.insert_before(br.extract())
        else:
            return


def _line_has_text(br: Tag, forward: bool) -> bool:
    """Whether the line of text `br` is in has something to show on the side `forward` says, up to the
    nearest block element (white space and other `<br>`s aside)."""
    siblings = br.next_siblings if forward else br.previous_siblings
    for node in siblings:
        if isinstance(node, Tag) and node.name in _BLOCK_TAGS:
            return False  # a block: the line ends here
        if not _blank(node) and not _is_break(node):
            return True
    return False


def _in_cell(br: Tag) -> bool:
    return any(parent.name in ("td", "th") for parent in br.parents)


def tidy_breaks(root: Tag) -> None:
    """Rework the `<br>`s of `root` in place as this module's docstring says."""
    for br in root.find_all("br"):
        _hoist(br)
    breaks = root.find_all("br")
    for br in breaks:
        if not (_line_has_text(br, forward=True) and _line_has_text(br, forward=False)):
            br.name = _GONE
    for br in breaks:
        if br.name != "br" or _in_cell(br) or isinstance(br.parent, Tag) and br.parent.name in _IN_LINE:
            continue  # a run inside a link or heading stays one break: a blank line would break it
        run = [br]
        for node in br.next_siblings:
            if _is_break(node):
                run.append(node)  # type: ignore[arg-type]  # _is_break: a Tag
            elif not _blank(node):
                break
        for extra in run[1:]:
            extra.name = _GONE
        if len(run) > 1:
            br.name = _GONE
            br.append(NavigableString(PARAGRAPH))


def paragraphs(markdown: str) -> str:
    """`markdown` with each `PARAGRAPH` mark a blank line, the next paragraph starting with the same
    indentation or quote marks as the line the mark was on."""
    lines = []
    for line in markdown.split("\n"):
        if PARAGRAPH in line:
            prefix = _PREFIX.match(line)
            lead = prefix.group(1) + " " * len(prefix.group(2) or "") if prefix else ""
            line = _MARK.sub("\n" + lead.rstrip() + "\n" + lead, line)
        lines.append(line)
    return "\n".join(lines)


def links_around_blocks(root: Tag) -> None:
    """Each link around blocks (`<a href><div><img></div><div>Name</div></a>`, which Markdown cannot write) as
    the same link inside each innermost block it held, around that block's content; the text is unchanged."""
    for link in root.find_all("a"):
        blocks = [tag for tag in link.find_all(_BLOCK_TAGS) if not tag.find(_BLOCK_TAGS)]
        if not blocks:
            continue
        for block in blocks:
            inner = Tag(name="a", attrs=dict(link.attrs))
            for child in list(block.children):
                inner.append(child.extract())
            block.append(inner)
        runs: list[list[PageElement]] = [
            []
        ]  # text beside blocks ("Opt out <div>of sale</div>") keeps the link
        for child in link.children:
            if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
                runs.append([])
            else:
                runs[-1].append(child)
        for run in runs:
            if any(not _blank(node) for node in run):
                wrapper = Tag(name="a", attrs=dict(link.attrs))
                run[0].insert_before(wrapper)
                for node in run:
                    wrapper.append(node.extract())
        link.name = "div"  # a block now, holding blocks
        link.attrs = {}


def callouts(root: Tag, shown_path: str) -> list[Problem]:
    """Make each `<h1>` that is a sentence (it ends with `.`, `!`, `?` or `。`, a quote or bracket after it) and
    comes after the page's sections have begun (a heading of a lower rank, then text) a bold paragraph: a
    summary box beside a section ("Basically, we give you a cookie."), which as the page's top heading would
    put the real sections under it. One warning each, at its line. (A title after an eyebrow heading,
    `<h6>Legal</h6><h1>Terms of Acme Inc.</h1>`, stays.)"""
    warnings = []
    lower = begun = False
    for node in root.find_all((*_HEADINGS, "p", "li")):
        text = " ".join(node.get_text().split())
        if node.name in ("p", "li"):
            begun = begun or lower and bool(text)
        elif node.name != "h1":
            lower = True
        elif begun and _SENTENCE_END.search(text):
            message = (
                f"read the <h1> “{shown(text)}” as a bold paragraph: a sentence after the page's sections"
            )
            hint = "a summary box beside a section, not a section; compare the result with the original page"
            warnings.append(Problem(message, shown_path, node.sourceline, hint))
            node.name = "p"
            strong = Tag(name="strong")
            for child in list(node.children):
                strong.append(child.extract())
            node.append(strong)
    return warnings


def outline(root: Tag, title: str | None) -> None:
    """The headings in `root` as a policy's outline: when the text opens with a heading below `<h1>` that
    outranks every other heading and that is the page's `title` (with or without the site's name:
    `titles.names`), it becomes the `<h1>`; and the sections
    are raised together until the highest is an `<h2>`, as ppgen's outline has them (sections in `<h3>`
    under the site's `<h1>` and the page's `<h2>` would skip a level)."""
    headings = root.find_all(_HEADINGS)
    if not headings:
        return
    first, rank = headings[0], int(headings[0].name[1])
    text = first.get_text()
    if (
        rank > 1
        and text.strip()
        and title is not None
        and names(title, text)
        and all(int(heading.name[1]) > rank for heading in headings[1:])
        and not any(_shows(node) for node in first.find_all_previous() if root in node.parents)
        and not any(_shows(node) for node in first.find_all_previous(string=True) if root in node.parents)
    ):
        first.name = "h1"
    sections = headings[1:] if first.name == "h1" else headings
    shift = min((int(heading.name[1]) for heading in sections), default=2) - 2
    for heading in sections if shift > 0 else ():
        heading.name = f"h{int(heading.name[1]) - shift}"


def _shows(node: PageElement) -> bool:
    """Whether `node`, before the opening heading, would be in the text: words or an image."""
    if isinstance(node, Tag):
        return node.name == "img"
    return isinstance(node, NavigableString) and not isinstance(node, Comment) and bool(node.strip())
