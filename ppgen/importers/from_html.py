"""An HTML snapshot of a policy as Markdown, for `ppgen import`: its text kept, its active content dropped.

BeautifulSoup reads the page (as browsers do, with the encoding its `<meta charset>` declares) and keeps
each tag's source line; markdownify writes the Markdown. Between the two, everything that runs code, loads
another document or takes input is removed, and so is the page around the policy (its navigation, its
banner and footer): each removal is a warning at its line. An imported archive is text
to read, and what it loses must be said, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from ppgen.core.errors import Problem
from ppgen.source.sanitize import ACTIVE_TAGS, URL_ATTRIBUTES, active_scheme, shown

_CONTENT = ("main", "article", "body")
"""Where the policy text is, in order of preference (what is around it stays out, and so do the page's
navigation, banner and footer inside it: `_chrome`)."""
_HINT = "the imported text does not have it: compare the result with the original page"
_SCOPES = frozenset({"article", "aside", "main", "nav", "section"})
"""Where a `<header>` or `<footer>` belongs to a part of the page, not to the page (ARIA: no banner there)."""
_LANDMARKS = {"navigation": "navigation", "banner": "banner", "contentinfo": "footer", "search": "search"}
"""ARIA roles of the page around a text, and what a warning calls them."""


@dataclass(frozen=True)
class FromHtml:
    """A page converted to Markdown."""

    markdown: str
    """The text of its `<main>` (else `<article>`, else `<body>`) as Markdown, without the page's navigation,
    banner and footer."""
    title: str | None
    """Its `<title>`, whitespace collapsed, when it has one."""
    warnings: tuple[Problem, ...]
    """One per element, attribute or link dropped, or part of the page left out, at its line."""


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


def _chrome(tag: Tag) -> str | None:
    """What `tag` is when it is the page around the policy rather than its text (else None): the page's
    navigation, banner (a `<header>` of the page), footer (a `<footer>` of the page) or search. Text the
    page hides (`hidden`, `display: none`) stays: a collapsed section of a policy is still the policy."""
    role = next(iter(str(tag.get("role", "")).lower().split()), "")  # a list names fallbacks after it
    if role in _LANDMARKS:
        return f"the page's {_LANDMARKS[role]}"
    if tag.name == "nav":
        return "the page's navigation"
    if tag.name in ("header", "footer") and not any(parent.name in _SCOPES for parent in tag.parents):
        return "the page's " + ("banner" if tag.name == "header" else "footer")
    return None


def _drop_chrome(root: Tag, shown_path: str) -> list[Problem]:
    """Remove the page around the policy from `root` in place (`_chrome`); one warning per removal. Nothing
    is removed when that would leave no text: a page that is all banner is read as it is."""
    found = [(tag, what) for tag in root.find_all(True) if (what := _chrome(tag)) is not None]
    marked = {id(tag) for tag, _ in found}
    outer = [(tag, what) for tag, what in found if not any(id(parent) in marked for parent in tag.parents)]
    if not _text_outside(root, [tag for tag, _ in outer]):
        return []
    warnings = [
        Problem(f"left out {what} (<{tag.name}>)", shown_path, tag.sourceline, _HINT) for tag, what in outer
    ]
    for tag, _ in outer:
        tag.decompose()  # after the warnings: a tag decomposed has no name or line
    return warnings


def _text_outside(root: Tag, parts: list[Tag]) -> bool:
    """Whether `root` has any text outside `parts` (white space aside)."""

    def letters(tag: Tag) -> int:
        return len("".join(tag.get_text().split()))

    return letters(root) > sum(letters(tag) for tag in parts)


def html_to_markdown(raw: bytes, shown_path: str) -> FromHtml:
    """The policy text of an HTML page as Markdown, with a warning for each piece of active content dropped
    and each part of the page around the policy left out."""
    soup = BeautifulSoup(raw, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if isinstance(title_tag, Tag) else None
    root: Tag = soup
    for name in _CONTENT:
        found = soup.find(name)
        if isinstance(found, Tag):
            root = found
            break
    warnings = sorted(
        _drop_chrome(root, shown_path) + _drop_active(root, shown_path), key=lambda p: p.line or 0
    )
    converter = MarkdownConverter(
        heading_style="atx", bullets="-", newline_style="backslash", escape_misc=True
    )
    text = str(converter.convert_soup(root))
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return FromHtml("\n".join(lines).strip() + "\n", title or None, tuple(warnings))
