"""The raw-HTML policy: formatting tags pass an allowlist (nh3); active content is named here."""

from __future__ import annotations

import re
from html import unescape

import nh3

ACTIVE_TAGS = frozenset(
    {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "form", "input",
     "button", "textarea", "select", "meta", "link", "style", "svg", "math", "portal", "template"}
)
"""Tags that run code, load other documents or take input: an error (or stripped) in a policy."""

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "cite", "poster"})

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
     "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4",
     "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
     "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
     "th", "thead", "time", "tr", "u", "ul", "var", "wbr"}
)
"""Formatting tags a policy may use as raw HTML."""

_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "q": {"cite"},
    "details": {"open"},
}

_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def is_script_url(value: str) -> bool:
    """True for `javascript:`, `vbscript:` and `data:` URLs (entity-encoded or not)."""
    return bool(_SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", unescape(value))))


def clean(html: str) -> str:
    """`html` with only allowlisted tags and attributes; active content removed with its contents."""
    return str(
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style", "template", "iframe", "object", "svg", "math"},
            attributes=_ATTRIBUTES,
            link_rel=None,
            url_schemes={"http", "https", "mailto", "tel"},
        )
    )


def text_of(html: str) -> str:
    """The text of sanitised HTML, tags removed and whitespace folded."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())
