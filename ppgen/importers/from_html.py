"""An HTML snapshot of a policy as Markdown, for `ppgen import`: its text kept, its active content dropped.

BeautifulSoup reads the page (as browsers do, with the encoding its `<meta charset>` declares) and keeps
each tag's source line; markdownify writes the Markdown. Between the two, everything that runs code, loads
another document or takes input is removed, and each removal is a warning at its line: an imported
archive is text to read, and what it loses must be said, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from ppgen.core.errors import Problem
from ppgen.source.sanitize import ACTIVE_TAGS, URL_ATTRIBUTES, active_scheme, shown

_CONTENT = ("main", "article", "body")
"""Where the policy text is, in order of preference: the page's header, navigation and footer stay out."""
_HINT = "the imported text does not have it: compare the result with the original page"


@dataclass(frozen=True)
class FromHtml:
    """A page converted to Markdown."""

    markdown: str
    """The text of its `<main>` (else `<article>`, else `<body>`) as Markdown."""
    title: str | None
    """Its `<title>`, whitespace collapsed, when it has one."""
    warnings: tuple[Problem, ...]
    """One per element, attribute or link dropped, at its line."""


def _drop_active(root: Tag, shown_path: str) -> list[Problem]:
    """Remove active content from `root` in place; one warning per removal."""
    warnings: list[Problem] = []

    def warn(what: str, tag: Tag) -> None:
        warnings.append(Problem(what, shown_path, tag.sourceline, _HINT))

    for tag in list(root.find_all(True)):
        if tag.decomposed:  # inside an element already dropped
            continue
        if tag.name in ACTIVE_TAGS:
            warn(f"dropped <{tag.name}> and its content", tag)
            tag.decompose()
            continue
        for name in sorted(tag.attrs):
            value = tag.attrs[name]
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                warn(f'dropped the event handler {name}="{shown(text)}" of <{tag.name}>', tag)
                del tag.attrs[name]
            elif name.lower() in URL_ATTRIBUTES and active_scheme(text):
                if tag.name == "a":
                    warn(f'dropped the link to "{shown(text)}" (its text is kept)', tag)
                    del tag.attrs[name]
                else:
                    warn(f'dropped <{tag.name}> with {name}="{shown(text)}"', tag)
                    tag.decompose()
                    break
    return warnings


def html_to_markdown(raw: bytes, shown_path: str) -> FromHtml:
    """The policy text of an HTML page as Markdown, with a warning for each piece of active content dropped."""
    soup = BeautifulSoup(raw, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if isinstance(title_tag, Tag) else None
    root: Tag = soup
    for name in _CONTENT:
        found = soup.find(name)
        if isinstance(found, Tag):
            root = found
            break
    warnings = _drop_active(root, shown_path)
    converter = MarkdownConverter(
        heading_style="atx", bullets="-", newline_style="backslash", escape_misc=True
    )
    text = str(converter.convert_soup(root))
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return FromHtml("\n".join(lines).strip() + "\n", title or None, tuple(warnings))
