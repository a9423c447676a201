"""An HTML snapshot of a policy as Markdown, for `ppgen import`: its text kept, its active content dropped.

The bytes are read as a careful browser reads them (`html_encoding`); BeautifulSoup parses the text and
keeps each tag's source line; markdownify writes the Markdown. Between the two:

- the policy is found: the page's `<main>` (or `role="main"`), narrowed to its one `<article>` when that
  holds most of the text (a blog post beside its comments); else the `<article>`; else an element with the
  id a page from before HTML5 gives its main text, when it holds most of the text; else the `<body>`;
- everything that runs code, loads another document, takes input or stands in for scripts (`<noscript>`)
  is removed, and so is the page around the policy: its navigation, banner, footer, comments, edit link,
  as elements, ARIA landmarks or (in pages from before HTML5) the ids and classes they go by, other tabs
  and messages it hides, spacer images;
- a table used for page layout becomes its cells' content in order, and the merged cells of a data table
  are repeated in each row and column they cover, so that no cell moves to another column;
- line breaks are read as a browser shows them (`html_shapes`);
- a link around blocks becomes the same link inside each of them (Markdown has no link around blocks);
- an `<h1>` that is a sentence, after the page's sections, is a summary box: a bold paragraph;
- `<sup>` and `<sub>` stay raw HTML (`10<sup>6</sup>`, not `106`), and so does an old anchor a link of the
  page leads to (`<a name="x">` as `<a id="x">`).

Each removal, repetition or guess is a warning at its line, and so is a page left with no text at all:
an imported archive is text to read, and what it loses must be said, never silently.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString
from markdownify import MarkdownConverter

from ppgen.core.errors import Problem
from ppgen.importers.html_encoding import page_text
from ppgen.importers.html_layout import layout_quotes, layout_sections, letters, rework_tables
from ppgen.importers.html_shapes import callouts, links_around_blocks, outline, paragraphs, tidy_breaks
from ppgen.source.sanitize import ACTIVE_TAGS, URL_ATTRIBUTES, active_scheme, shown

_HINT = "the imported text does not have it: compare the result with the original page"
_DROPPED = ACTIVE_TAGS | {"noscript"}
"""Tags dropped with their content: active content, and `<noscript>`, what a page shows instead of what its
scripts would make (`You need to enable JavaScript`), never the policy's text."""
_SCOPES = frozenset({"article", "aside", "main", "nav", "section"})
"""Where a `<header>` or `<footer>` belongs to a part of the page, not to the page (ARIA: no banner there)."""
_LANDMARKS = {
    "navigation": "navigation",
    "banner": "banner",
    "contentinfo": "footer",
    "search": "search",
    "dialog": "dialog",
    "alertdialog": "dialog",
}
"""ARIA roles of the page around a text, and what a warning calls them."""
_COMMENT_IDS = frozenset({"comments", "respond"})
"""Ids of a blog's comments and comment form (WordPress and the themes made after it)."""
_CHROME_NAMES = {
    **dict.fromkeys(
        (
            "header",
            "subheader",
            "masthead",
            "banner",
            "logo",
            "site-header",
            "global-header",
            "top-bar",
            "topbar",
        ),
        "banner",
    ),
    **dict.fromkeys(("footer", "site-footer", "global-footer"), "footer"),
    **dict.fromkeys(("nav", "navbar", "subnav", "navigation", "menu", "main-menu", "site-nav"), "navigation"),
    **dict.fromkeys(("breadcrumb", "breadcrumbs"), "breadcrumbs"),
    **dict.fromkeys(("modal", "popup", "lightbox", "overlay"), "dialog"),
}
"""Ids and classes pages from before HTML5 give their banner, footer and menus (`<div id="footer">`), and what
a warning calls them. A class such as `page-header`, often the policy's own title, is not among them."""
_MENU_PARTS = frozenset(
    ("nav", "navbar", "subnav", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer")
)
"""Names that make an id or class a menu or footer as a part of it too (`article-platform-nav`, `top-menu`,
`page-full-footer`)."""
_NAMED_HOLDERS = frozenset(("div", "section", "aside", "ul", "ol", "table", "td", "p", "span", "center"))
"""What such a name makes the page around the policy, outside an article, main, section, aside or nav: a
block that holds a banner, menu or footer. A heading, row or list item is a banner or footer by no name
(pandoc writes `<tr class="header">`, a page `<h2 class="header">` for its own sections), but a menu or
breadcrumbs by one (`<h6 class="breadcrumbs">`)."""
_NEVER_MENUS = frozenset(("html", "body", "main", "article", "a"))


@dataclass(frozen=True)
class FromHtml:
    """A page converted to Markdown."""

    markdown: str
    """The text of its `<main>` or `role="main"` (narrowed to its one `<article>` when that holds most of
    it), else of its `<article>`, else of its `<body>`, as Markdown, without the page's navigation, banner,
    footer, comments and edit link."""
    title: str | None
    """Its `<title>`, whitespace collapsed, when it has one."""
    warnings: tuple[Problem, ...]
    """One per element, attribute or link dropped, part of the page left out, table changed or byte
    guessed, at its line."""


def _role(tag: Tag) -> str:
    """The ARIA role of `tag` ("" for none): the first of its list, the others being fallbacks."""
    return next(iter(str(tag.get("role", "")).lower().split()), "")


def _content_root(soup: BeautifulSoup, shown_path: str) -> tuple[Tag, list[Problem]]:
    """Where the policy is: the first `<main>` or `role="main"`, else the first `<article>`, else the element
    that a page from before HTML5 names so (`_NAMED_ROOTS`) when it holds most of the text, each part of the
    page beside it named in a warning, else the `<body>` (or the whole page), with a warning that all of it is
    read."""
    found = soup.find(lambda tag: tag.name == "main" or _role(tag) == "main") or soup.find("article")
    if isinstance(found, Tag):
        return found, []
    body = soup.find("body")
    root = body if isinstance(body, Tag) else soup
    holding = [  # the innermost that holds most of the text: Etsy's `id="article"` inside its `id="content"`
        tag
        for tag in soup.find_all(id=lambda name: str(name).lower() in _NAMED_ROOTS)
        if 2 * letters(tag) > letters(root)
    ]
    if holding:
        return holding[-1], _beside(holding[-1], root, shown_path)
    message = (
        'no <main>, role="main" or <article> on the page: the whole page body was imported, so its menus, '
        "banners and footers are in the text unless they are <nav>, <header>, <footer>, ARIA landmarks "
        'or named so (id or class "header", "footer", "nav", "menu"…)'
    )
    hint = "compare the result with the original page, or cut the snapshot down to the policy's element"
    return root, [Problem(message, shown_path, root.sourceline or 1, hint)]


def _lone_article(root: Tag) -> Tag | None:
    """The one outermost `<article>` inside `root` when it holds most of the text and none of its links leads
    to a part of `root` beside it, else None. (Mozilla's privacy notice of 2014 sent "please contact us" to
    a `<section id="contact">` after its `<article>`: its address moved in 2019, and the import, having left
    that section out, dropped the newer snapshot as identical.)"""
    articles = [tag for tag in root.find_all("article") if tag.find_parent("article") is None]
    if len(articles) != 1 or 2 * letters(articles[0]) <= letters(root):
        return None
    inside = {str(tag.get("id")) for tag in articles[0].find_all(id=True)}
    beside = {str(tag.get("id")) for tag in root.find_all(id=True)} - inside
    return None if _targets(articles[0]) & beside else articles[0]


_NAMED_ROOTS = frozenset(("main", "main-content", "maincontent", "content", "article"))
"""Ids that pages from before HTML5 give their `<main>` or `<article>` (Etsy's help article of 2014, `<div
id="article">`, beside a sign-in box, a "Was this article helpful?" vote and "Still have questions?";
Evernote's policy of 2007 in `<div id="content">`, beside a customer's quote)."""


def _beside(article: Tag, root: Tag, shown_path: str) -> list[Problem]:
    """A warning for each part of `root` with text outside `article` (the siblings of the article and of
    each element between it and `root`), at its line; a bare text at its element's."""
    warnings = []
    named = f'<{article.name} id="{article.get("id")}">' if article.name != "article" else "<article>"
    node = article
    while node is not root and isinstance(node.parent, Tag):
        for part in node.parent.children:
            if isinstance(part, Tag) and part is not node and letters(part):
                where = part
            elif type(part) is NavigableString and part.strip():  # a comment is no text
                where = node.parent
            else:
                continue
            message = f"left out the text beside the page's {named} (<{where.name}>)"
            warnings.append(Problem(message, shown_path, where.sourceline, _HINT))
        node = node.parent
    return warnings


def _drop_active(root: Tag, shown_path: str) -> list[Problem]:
    """Remove active content from `root` in place; one warning per removal."""
    warnings: list[Problem] = []

    def warn(what: str, tag: Tag) -> None:
        warnings.append(Problem(what, shown_path, tag.sourceline, _HINT))

    for tag in list(root.find_all(True)):
        if tag.decomposed:  # inside an element already dropped
            continue
        if tag.name in _DROPPED:
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
    navigation, banner (a `<header>` of the page), footer (a `<footer>` of the page), search, comments or
    edit link. Text the page hides (`hidden`, `display: none`) stays: a collapsed section of a policy is
    still the policy; but not a tab the page hides beside the one it shows (`_other_tab`), nor a message it
    shows when something happens (an error, `role="alert"`)."""
    role = _role(tag)
    if role in _LANDMARKS:
        return f"the page's {_LANDMARKS[role]}"
    if tag.name == "nav":
        return "the page's navigation"
    if tag.name == "dialog":
        return "the page's dialog"
    if tag.name in ("header", "footer") and not _scoped(tag):
        return "the page's " + ("banner" if tag.name == "header" else "footer")
    names = [
        str(tag.get("id", "")).lower(),
        *(name.lower() for name in tag.get_attribute_list("class") if name),
    ]
    parts = {part for name in names for part in re.split(r"[-_]", name)}  # article-platform-nav, server-error
    named = next(
        (_CHROME_NAMES[name] for name in [*names, *sorted(parts & _MENU_PARTS)] if name in _CHROME_NAMES),
        None,
    )
    holds = (
        tag.name in _NAMED_HOLDERS or named in ("navigation", "breadcrumbs") and tag.name not in _NEVER_MENUS
    )
    if named and holds and not _scoped(tag):
        return "the page's " + named
    if tag.name in _NAMED_HOLDERS and _menu_of_pages(tag):  # inside a <section> too (Pinterest's of 2016)
        return "the page's navigation"
    if tag.get("id") in _COMMENT_IDS or "comments-area" in tag.get_attribute_list("class"):
        return "the page's comments"
    if _spacer(tag):
        return "a spacer image"
    if _other_tab(tag):
        return "another tab of the page"
    if _hidden(tag) and (role in ("alert", "status") or parts & _STATUS_PARTS):
        return "a message the page hides"
    if tag.name == "a" and "post-edit-link" in tag.get_attribute_list("class"):
        return "the page's edit link"
    return None


_STATUS_PARTS = frozenset(
    ("error", "errors", "alert", "alerts", "flash", "success", "loading", "loader", "spinner", "toast")
    + ("message", "messages", "notification", "notifications", "status")
)
"""Parts of the name of a message a page shows when something happens: hidden, it is no text of the policy
(Dropbox's `<div id="server-error" style="display: none;">There was a problem completing this request.`)."""


def _scoped(tag: Tag) -> bool:
    """Is `tag` inside a part of the page (`_SCOPES`: an article, a section…), not the page around it?"""
    return any(parent.name in _SCOPES for parent in tag.parents)


_CURRENT = frozenset(("selected", "active", "current", "is-active", "is-selected"))
"""Classes a menu gives the link to the page it is on (`<a class="selected">Privacy Policy</a>`)."""


def _menu_of_pages(tag: Tag) -> bool:
    """Is `tag` a menu of the site's pages: three links or more to other pages (not to parts of this one, as a
    table of contents has), all its text theirs, one of them marked as the page it is on (Slack's tabs of
    2015: Terms of Service, *Privacy Policy*, Security Practices, Archives)?"""
    links = tag.find_all("a")
    if len(links) < 3 or any(str(link.get("href", "#")).startswith("#") for link in links):
        return False
    if not any(_current(link) or link.parent is not None and _current(link.parent) for link in links):
        return False
    return letters(tag) == sum(letters(link) for link in links)


_HIDING = re.compile(r"(?i)display\s*:\s*none")


def _hidden(tag: Tag) -> bool:
    return tag.has_attr("hidden") or bool(_HIDING.search(str(tag.get("style", ""))))


def _other_tab(tag: Tag) -> bool:
    """Is `tag` a tab the page hides beside one of its kind that it shows: an element hidden (`hidden`,
    `display: none`) with a sibling of the same name and class that is not? Dropbox's privacy page of 2011
    held its terms, DMCA policy and pricing in `<div class="content-tab" style="display:none">`s beside the
    privacy policy's `<div class="content-tab">`. (The collapsed sections of one policy are all hidden
    alike, and stay.)"""
    classes = set(tag.get_attribute_list("class")) - {""}
    if not classes or not _hidden(tag) or tag.parent is None:
        return False
    return any(
        isinstance(other, Tag)
        and other is not tag
        and other.name == tag.name
        and classes & set(other.get_attribute_list("class"))
        and not _hidden(other)
        for other in tag.parent.children
    )


def _current(tag: Tag) -> bool:
    """Is `tag` (a link, or the list item around it) marked as the page the menu is on?"""
    return tag.has_attr("aria-current") or bool(_CURRENT & set(tag.get_attribute_list("class")))


_SPACER = re.compile(r"(?i)(?:spacer|blank|pixel|clear|transparent|1x1)[^/]*\.(?:gif|png)(?:[?#].*)?$")
"""The file of an image that only makes room (`icon_spacer.gif`, `blank.gif`, `1x1.png`)."""


def _spacer(tag: Tag) -> bool:
    """Is `tag` an image with nothing to say (its `alt` empty) that only makes room or shows an icon drawn by
    the page's style sheet: a spacer file, a `sprite`, or one pixel wide or high?"""
    if tag.name != "img" or tag.get("alt", None) != "":
        return False
    size = {str(tag.get(name, "")).strip().removesuffix("px") for name in ("width", "height")}
    return bool(
        _SPACER.search(str(tag.get("src", "")))
        or any("sprite" in name.lower() for name in tag.get_attribute_list("class") if name)
        or size & {"0", "1"}
    )


def _prose(tag: Tag) -> bool:
    """Does `tag` hold a paragraph of prose (200 characters or more, in a `<p>`, list item or cell, or in one
    run of text, as a page without `<p>`s parts its paragraphs by `<br>`s): a policy, not a menu or a
    footer? (A page may wrap its whole text in `<div id="header">`.)"""
    return any(letters(block) >= 200 for block in tag.find_all(("p", "li", "td", "dd"))) or any(
        len("".join(text.split())) >= 200
        for text in tag.find_all(string=True)
        if not isinstance(text, Comment) and text.parent is not None and text.parent.name not in _DROPPED
    )


def _drop_chrome(root: Tag, shown_path: str) -> list[Problem]:
    """Remove the page around the policy from `root` in place (`_chrome`, but none that holds prose); one
    warning per removal. Nothing is removed when that would leave no text: a page that is all banner is read
    as it is."""
    found = [
        (tag, what) for tag in root.find_all(True) if (what := _chrome(tag)) is not None and not _prose(tag)
    ]
    marked = {id(tag) for tag, _ in found}
    outer = [(tag, what) for tag, what in found if not any(id(parent) in marked for parent in tag.parents)]
    if letters(root) <= sum(letters(tag) for tag, _ in outer):
        return []
    warnings = [
        Problem(f"left out {what} (<{tag.name}>)", shown_path, tag.sourceline, _HINT) for tag, what in outer
    ]
    for tag, _ in outer:
        tag.decompose()  # after the warnings: a tag decomposed has no name or line
    return warnings


def _no_text(shown_path: str) -> Problem:
    """The warning for a snapshot with no policy text left."""
    message = (
        "the snapshot has no policy text (saved, perhaps, from a page that makes its text with JavaScript)"
    )
    hint = (
        "save the page from a browser once it has loaded (Save Page As…, Web Page, complete), or copy the "
        "browser's rendered HTML (developer tools: copy the <html> element)"
    )
    return Problem(message, shown_path, 1, hint)


def _policy(soup: BeautifulSoup, shown_path: str) -> tuple[Tag, list[Problem]]:
    """The element holding the policy, cleared of active content and of the page around it, its tables
    reworked; and the warnings on the way."""
    root, outside = _content_root(soup, shown_path)
    warnings = _drop_chrome(root, shown_path)
    article = _lone_article(root)
    if article is not None:
        warnings += _beside(article, root, shown_path)
        root = article
    warnings += (
        _drop_active(root, shown_path)
        + rework_tables(root, shown_path)
        + layout_quotes(root, shown_path)
        + layout_sections(root, shown_path)
    )
    warnings += callouts(root, shown_path)
    links_around_blocks(root)
    if not letters(root):
        return root, [_no_text(shown_path), *warnings]
    return root, outside + warnings


class _Converter(MarkdownConverter):
    """markdownify, keeping the old anchors (`<a name="x"></a>`) that the page's own links lead to, as
    `<a id="x"></a>` (HTML5 has no `name` on links): Etsy's "Read Etsy's full Privacy Policy" led to
    `#privacy`, whose anchor markdownify drops with its empty text."""

    def __init__(self, targets: frozenset[str], **options: Any) -> None:
        super().__init__(**options)
        self.targets = targets

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        anchor = str(el.get("name") or el.get("id") or "")
        if not el.get("href") and anchor in self.targets:
            return f'<a id="{html.escape(anchor)}"></a>{text}'
        return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]  # not in markdownify's stubs


def _targets(root: Tag) -> frozenset[str]:
    """The names the page's links to its own parts lead to (`href="#privacy"`: privacy), spaceless."""
    hrefs = (str(link.get("href", "")) for link in root.find_all("a"))
    return frozenset(
        href[1:] for href in hrefs if href.startswith("#") and len(href) > 1 and not re.search(r"\s", href)
    )


def html_to_markdown(raw: bytes, shown_path: str) -> FromHtml:
    """The policy text of an HTML page as Markdown, with a warning for each piece of active content dropped,
    each part of the page around the policy left out, each table reworked and each byte guessed."""
    page = page_text(raw, shown_path)
    soup = BeautifulSoup(page.text, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if isinstance(title_tag, Tag) else None
    root, found = _policy(soup, shown_path)
    outline(root, title)
    tidy_breaks(root)
    warnings = sorted([*page.warnings, *found], key=lambda p: p.line or 0)
    converter = _Converter(
        _targets(root),
        heading_style="atx",
        bullets="-",
        newline_style="backslash",
        escape_misc=True,
        sup_symbol="<sup>",  # a tag: markdownify writes it as raw HTML around the text
        sub_symbol="<sub>",
    )
    text = paragraphs(str(converter.convert_soup(root)))
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return FromHtml("\n".join(lines).strip() + "\n", title or None, tuple(warnings))
