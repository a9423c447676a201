"""The raw-HTML policy: formatting tags pass an allowlist (nh3); active content, and HTML that
browsers would read differently from how it looks, are found and named here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import unquote

import nh3

from ppgen.source import rawlists

ACTIVE_TAGS = frozenset(
    {
        "script",
        "iframe",
        "object",
        "embed",
        "applet",
        "frame",
        "frameset",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "meta",
        "link",
        "style",
        "svg",
        "math",
        "portal",
        "template",
    }
)
"""Tags that run code, load other documents or take input: an error (or stripped) in a policy."""

ACTIVE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
"""URL schemes that run code or carry a document of their own: active content wherever a URL goes."""

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "cite",
        "poster",
        "background",
        "ping",
        "srcset",
        "imagesrcset",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "usemap",
        "codebase",
        "classid",
        "archive",
        "manifest",
        "icon",
        "profile",
        "itemtype",
        "xml:base",
        "attributionsrc",
    }
)
"""Attributes that hold a URL (or, for srcset, a list of them), on any tag."""

_MISREAD_TAGS = frozenset({"noscript", "noembed", "noframes", "xmp", "plaintext", "title"})
"""Tags whose content browsers (and nh3) read as plain text or hide, while it looks like markup."""

_REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "svg", "math", "textarea"}
)
"""Active tags whose content goes with them: code, or text that is not the policy's."""

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)
"""Formatting tags a policy may use as raw HTML."""

_OTHER_TAGS = """html head body address article aside footer header hgroup main nav h1 menu search area audio map
track video picture source canvas data rp rt ruby slot dialog label legend fieldset optgroup option output
progress meter datalist param center font big tt strike acronym basefont blink marquee nobr dir listing spacer
keygen menuitem rb rtc image isindex nextid multicol bgsound
mi mo mn ms mtext mrow mfrac msqrt mroot mstyle merror mpadded mphantom mfenced menclose msub msup msubsup munder
mover munderover mmultiscripts mprescripts none mtable mtr mtd mlabeledtr mspace semantics annotation
annotation-xml maction g path rect circle ellipse line polyline polygon text tspan textpath defs use symbol marker
mask pattern clippath lineargradient radialgradient stop filter foreignobject desc metadata switch view animate
animatemotion animatetransform set feblend fecolormatrix fecomponenttransfer fecomposite feconvolvematrix
fediffuselighting fedisplacementmap fedistantlight fedropshadow feflood fefunca fefuncb fefuncg fefuncr
fegaussianblur feimage femerge femergenode femorphology feoffset fepointlight fespecularlighting fespotlight
fetile feturbulence fencedframe selectedcontent mglyph malignmark maligngroup mstack mlongdiv msgroup msrow
mscarries mscarry msline mpath discard animatecolor altglyph altglyphdef altglyphitem glyph glyphref font-face
font-face-src font-face-uri font-face-format font-face-name hkern vkern tref cursor missing-glyph color-profile"""
"""HTML's elements besides those named above, old ones, and those of SVG and MathML inside it."""
HTML_TAGS = ALLOWED_TAGS | ACTIVE_TAGS | _MISREAD_TAGS | frozenset(_OTHER_TAGS.split())
"""Every tag name HTML has or had: a start tag with another name (`<Company Name>`) is a placeholder."""

_START_TAG = re.compile(r"""<([A-Za-z][^\s/>\x00]*)(?:[^<>"']|"[^"]*"|'[^']*'|["'])*>""")
"""A start tag, its name read as browsers and Python's parser read it (`<Company_Name>` is a tag to them)."""


_END_TAG = re.compile(r"</([A-Za-z][^\s/>\x00]*)")


def placeholders(html: str) -> list[tuple[int, str]]:
    """(offset, tag) of each start tag in `html` that names no HTML element and is never closed in it: a
    template's placeholder, such as `<Company>` or `<insert date>`, that Markdown reads as HTML and browsers
    show nothing of. A tag closed later wraps words browsers show (`<il>…</il>`, a typo of `<li>`), and a
    namespaced one is Word's (`<o:p>`): neither is one."""
    if "<" not in html:
        return []
    closed = {match.group(1).lower() for match in _END_TAG.finditer(html)}
    return [
        (match.start(), match.group(0))
        for match in _START_TAG.finditer(html)
        if (name := match.group(1).lower()) not in HTML_TAGS and ":" not in name and name not in closed
    ]


def placeholders_as_text(html: str, found: list[tuple[int, str]]) -> str:
    """`html` with each placeholder `placeholders` found in it escaped, so that a reader sees it as written."""
    for start, tag in reversed(found):
        html = html[:start] + escape(tag, quote=False) + html[start + len(tag) :]
    return html


ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "class", "title", "lang", "dir"}),
    "a": frozenset({"href"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "details": frozenset({"open"}),
}
"""Attributes each tag keeps (`*`: every tag); every one in URL_ATTRIBUTES is checked for its scheme."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_BROWSER_IGNORES = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAG = re.compile(r"<[^>]*>")
_DECLARATION = re.compile(r"<(?:!(?!--)|\?)")
"""`<!DOCTYPE`, `<![CDATA[`, `<?php`…: browsers hide them up to the next `>` (a "bogus comment");
Python's parser reads some of them otherwise and raises on others."""
COMMENT = re.compile(r"<!--(?:(-?>)|.*?(--!>|--[ \t\r\n\f]+>|-->|\Z))", re.DOTALL)
"""An HTML comment: group 1 when it ends as it starts (`<!-->`, `<!--->`), else group 2, how it ends."""


def active_scheme(url: str) -> str | None:
    """The scheme of `url` when it is active (`javascript`, `vbscript`, `data`), else None.

    Read as a browser reads an attribute's value (entities already decoded): control characters
    and spaces around it and tabs and newlines inside it are ignored, case does not matter. A
    scheme that only percent-decoding reveals counts too: some path may decode it before a browser."""
    seen = url
    for _ in range(3):
        match = _SCHEME.match(_BROWSER_IGNORES.sub("", seen.strip(_C0_AND_SPACE)))
        if match and match.group(1).lower() in ACTIVE_SCHEMES:
            return match.group(1).lower()
        decoded = unquote(seen)
        if decoded == seen:
            return None
        seen = decoded
    return None


def _active_attribute(name: str, value: str) -> bool:
    """True when an attribute holds an active URL (each candidate of a srcset counts)."""
    if name not in URL_ATTRIBUTES:
        return False
    candidates = value.split(",") if name.endswith("srcset") else [value]
    return any(active_scheme(candidate) for candidate in candidates)


@dataclass(frozen=True)
class Found:
    """Something in a raw HTML fragment that the policy has a rule for."""

    line: int
    """0-based line within the fragment."""
    kind: Literal["active", "misread", "id"]
    """Active content; HTML browsers read differently from how it looks; an element id."""
    what: str
    """Words for the message (for an id: the id itself)."""


def shown(value: str, limit: int = 30) -> str:
    """`value` for a one-line message: cut short, control characters written as escapes."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value.strip()[:limit])


class _Scan(HTMLParser):
    """Reads a raw HTML fragment as Python's parser does and notes what the policy has rules for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Found] = []
        self.removed: list[str] = []
        """Open tags that go with their content (`<svg>`…): what is inside them never reaches a page."""

    def _note(self, kind: Literal["active", "misread", "id"], what: str) -> None:
        if kind == "active" or not self.removed:
            self.found.append(Found(self.getpos()[0] - 1, kind, what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if tag in _REMOVED_WITH_CONTENT:
            self.removed.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self._note("active", f"<{tag}>")
        elif tag in _MISREAD_TAGS:
            self._note("misread", f"`<{tag}>`")
        for name, value in attrs:
            if name.startswith("on"):
                self._note("active", f"event handler `{name}` on <{tag}>")
            elif value and _active_attribute(name, value):
                self._note("active", f"`{shown(value)}` URL in <{tag} {name}>")
            elif value is not None and (name == "id" or (tag == "a" and name == "name")):
                self._note("id", value)  # a link's name becomes its id (`clean`)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.removed:
            while self.removed.pop() != tag:
                pass


def _readable(html: str) -> str:
    """`html` with each declaration's `<` escaped, for Python's parser (which raises on some)."""
    return _DECLARATION.sub(lambda match: "&lt;" + match.group(0)[1:], html)


def _feed(parser: HTMLParser, html: str) -> bool:
    """Feed `html` to `parser`; False if it gave up (Python's parser raises AssertionError on odd markup)."""
    try:
        parser.feed(_readable(html))
        parser.close()
    except AssertionError:
        return False
    return True


def scan(fragment: str) -> list[Found]:
    """Active content, misread HTML and element ids in a raw HTML fragment, in order of lines."""
    scanner = _Scan()
    found = scanner.found
    if not _feed(scanner, fragment):
        found.append(Found(scanner.getpos()[0] - 1, "misread", "that Python's parser cannot read"))
    comments = list(COMMENT.finditer(fragment))
    for match in _DECLARATION.finditer(fragment):
        if any(comment.start() < match.start() < comment.end() for comment in comments):
            continue  # inside a comment it is words of the comment
        declaration = fragment[match.start() : match.start() + 20].split("\n")[0]
        declaration = declaration[: declaration.find(">") + 1] or declaration
        found.append(Found(fragment.count("\n", 0, match.start()), "misread", f"`{shown(declaration)}`"))
    for match in comments:
        # Python's parser ends a comment elsewhere than browsers do in these cases (`--!>`, `-- >`,
        # `<!-->`), so what it hides or shows is not what a reader would see.
        end = match.group(2)
        if match.group(1) is not None or (end is not None and end not in ("-->", "")):
            mark = match.group(0) if match.group(1) is not None else str(end)
            what = f"comment `{mark}`" if match.group(1) is not None else f"comment ending `{shown(mark)}`"
            found.append(Found(fragment.count("\n", 0, match.start()), "misread", what))
    return sorted(found, key=lambda f: f.line)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    # nh3 checks the scheme of href and src only; every allowed URL attribute (q cite) is checked here.
    return None if _active_attribute(name, value) else value


_NAMED_ANCHOR = re.compile(
    r"""<a(?![^<>]*\sid\s*=)([^<>]*?\s)name(\s*=\s*(?:"[^"\s]+"|'[^'\s]+'|[^\s"'=<>`]+)(?=[\s/>]))""",
    re.IGNORECASE,
)
"""`<a name="x">` without an id: the anchor of old HTML, which links `#x` still land on (a name an id cannot
be, empty or with spaces, is left to go with the other attributes the allowlist drops)."""


_LIST_TYPES = {
    "decimal": "1",
    "lower-alpha": "a",
    "lower-latin": "a",
    "upper-alpha": "A",
    "upper-latin": "A",
    "lower-roman": "i",
    "upper-roman": "I",
}
_STYLED_LIST = re.compile(r"""<ol\b([^<>]*?)\sstyle\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)


def _list_type(match: re.Match[str]) -> str:
    """`<ol style="list-style-type: lower-alpha">` as `<ol type="a">`: the allowlist drops every style (the
    pages' CSP forbids them), and a list numbered (a), (b) that clauses refer to must not become 1, 2."""
    kind = _LIST_STYLE.search(match.group(2))
    mark = _LIST_TYPES.get(kind.group(1).lower()) if kind else None
    if mark is None or re.search(r"\stype\s*=", match.group(1), re.IGNORECASE):
        return match.group(0)
    return f'<ol{match.group(1)} type="{mark}"'


def clean(html: str) -> str:
    """`html` with only allowlisted tags and attributes; active content removed with its contents.

    `<a name="x">` becomes `<a id="x">`: HTML5 has no `name` on links (the validator calls it obsolete),
    and links to `#x`, in the policy or from elsewhere, must still land. A numbered list's style becomes
    its `type` (`_list_type`); a sub-list or words loose in a list go into the item before them
    (`rawlists.repair`)."""
    cleaned = str(
        nh3.clean(
            _STYLED_LIST.sub(_list_type, _NAMED_ANCHOR.sub(r"<a\1id\2", html)),
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(_REMOVED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=_keep_attribute,
            link_rel=None,
            url_schemes={"http", "https", "mailto", "tel"},
        )
    )
    return rawlists.repair(cleaned)


class _Text(HTMLParser):
    """The text a reader sees in an HTML fragment, as Python's parser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _REMOVED_WITH_CONTENT:
            self.hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            while self.hidden.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The words of `html` a reader sees, whitespace folded (contents of active tags left out)."""
    reader = _Text()
    read = _feed(reader, html)
    return " ".join("".join(reader.parts).split()) + ("" if read else " \x00unreadable")


def text_of(html: str) -> str:
    """The text of sanitised HTML, tags removed and whitespace folded."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())
