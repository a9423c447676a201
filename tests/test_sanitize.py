"""The raw-HTML policy (ppgen.source.sanitize) and what reaches a page: no active content in any mode.

The payloads run through the Markdown renderer as a policy would (`markdown.parse`), in both
`raw_html` modes, and the HTML that comes out is scanned with rules of its own (not ppgen's).
"""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import nh3
import pytest

from bad_cases.text import CASES
from badinput import CONFIG, SECOND, Bad, body, invoke, run_bad
from ppgen.core.errors import PpgenError
from ppgen.source import sanitize
from ppgen.source.markdown import parse


@pytest.mark.parametrize("bad", CASES, ids=[b.name for b in CASES])
def test_bad_text(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


# ---------------------------------------------------------------- URL schemes, read as browsers read them


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("  \x01\x1f javascript:alert(1)", "javascript"),
        ("java\tscr\nipt:alert(1)", "javascript"),
        ("jav\rascript:alert(1)", "javascript"),
        ("vbscript:msgbox(1)", "vbscript"),
        ("VBSCRIPT:msgbox(1)", "vbscript"),
        ("data:text/html,<script>", "data"),
        ("data:image/png;base64,AAAA", "data"),
        ("%6Aavascript:alert(1)", "javascript"),
        ("%256Aavascript:alert(1)", "javascript"),
        ("java%09script:alert(1)", "javascript"),
        ("https://example.com/?next=javascript:alert(1)", None),
        ("/javascript:alert(1)", None),
        ("#data:x", None),
        ("mailto:dpo@example.com", None),
        ("relative/page", None),
        ("", None),
    ],
)
def test_active_scheme_reads_a_url_as_a_browser_does(url: str, scheme: str | None) -> None:
    assert sanitize.active_scheme(url) == scheme


def test_every_url_attribute_the_allowlist_keeps_is_cleaned_of_active_urls() -> None:
    """An audit, not a list: every attribute any allowed tag keeps gets each active URL."""
    for tag, names in sanitize.ALLOWED_ATTRIBUTES.items():
        for name in names:
            element = "span" if tag == "*" else tag
            for url in (
                "javascript:alert(1)",
                " jav&#x09;ascript:alert(1)",
                "VBScript:x",
                "data:text/html,x",
            ):
                html = f'<{element} {name}="{url}">t</{element}>'
                cleaned = sanitize.clean(html)
                assert not _active_in(cleaned), (html, cleaned)
                if name in sanitize.URL_ATTRIBUTES:
                    assert any(found.kind == "active" for found in sanitize.scan(html)), html


def test_strip_mode_removes_what_it_reports_q_cite_included() -> None:
    doc = parse(
        'As <q cite="javascript:alert(1)">they say</q>, <q cite="https://example.com/">fine</q>.\n',
        "p.md",
        raw_html="strip",
    )
    assert [w.message for w in doc.warnings] == [
        "active content `javascript:alert(1)` URL in <q cite> removed"
    ]
    assert '<q>they say</q>, <q cite="https://example.com/">fine</q>' in doc.html
    assert "javascript" not in doc.html


@pytest.mark.parametrize(
    ("source", "kept", "lines"),
    [
        ("See ![the logo](data:image/png;base64,AAAA) here.\n", "<p>See the logo here.</p>", [1]),
        ("See [*this*](vbscript:msgbox(1)) here.\n", "<p>See <em>this</em> here.</p>", [1]),
        ("See <data:text/html,hello> here.\n", "<p>See data:text/html,hello here.</p>", [1]),
        ("See [this][f].\n\n[f]: data:text/html,hello\n", "<p>See this.</p>", [1, 3]),
    ],
)
def test_strip_mode_unlinks_markdown_links_and_images_with_active_urls_and_keeps_their_words(
    source: str, kept: str, lines: list[int]
) -> None:
    doc = parse(source, "p.md", raw_html="strip")
    assert doc.html.strip() == kept
    assert all(w.message.startswith("active content `") for w in doc.warnings)
    assert [w.line for w in doc.warnings] == lines


def test_markdown_urls_are_reported_at_their_line_in_every_place() -> None:
    source = (
        "Intro.\n\n![a](data:image/png;base64,AA)\nand <vbscript:x>\nand [b][r]\n\n[r]: JAVASCRIPT:alert(1)\n"
    )
    with pytest.raises(PpgenError) as err:
        parse(source, "p.md", first_line=10)
    assert [(p.line, p.message.split(" URL in ")[1]) for p in err.value.problems] == [
        (12, "a Markdown image is not allowed in a policy"),
        (13, "a Markdown autolink is not allowed in a policy"),
        (14, "a Markdown link is not allowed in a policy"),
        (16, "a Markdown link reference definition is not allowed in a policy"),
    ]


# ---------------------------------------------------------------- HTML that readers read differently


@pytest.mark.parametrize("mode", ["error", "strip"])
@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("<!--><img src=x onerror=alert(1)>-->\n", "comment `<!-->`"),
        ("<!---><b>shown</b>-->\n", "comment `<!--->`"),
        ("<div>\n<!-- a --!><b>shown</b> -->\n</div>\n", "comment ending `--!>`"),
        ("<div>\n<!-- a -- > <b>hidden</b> -->\n</div>\n", "comment ending `-- >`"),
        ("A <![CDATA[ secret ]]> b.\n", "`<![CDATA[ secret"),
        ("<noscript><p>Hello</p></noscript>\n", "`<noscript>`"),
        ("<xmp><b>x</b></xmp>\n", "`<xmp>`"),
        ("A <?php echo 1; ?> b.\n", "`<?php echo 1; ?>`"),
        (
            "<div>\n<![foo[ x ]]>\n</div>\n",
            "`<![foo[ x ]]>`",
        ),  # Python's parser raised AssertionError on these two
        ("<div>\n<![\n</div>\n", "`<![`"),
        ("<!DOCTYPE html>\n", "`<!DOCTYPE html>`"),
        ("<table><tr><td>a</td>b</tr></table>\n", "its text “ab” would become “ba”"),
    ],
)
def test_html_read_differently_by_browsers_is_an_error_in_both_modes(
    source: str, says: str, mode: str
) -> None:
    with pytest.raises(PpgenError) as err:
        parse("Intro.\n\n" + source, "p.md", first_line=1, raw_html=mode)
    first = err.value.problems[0]
    assert says in first.message and first.line == (4 if "<div>" in source else 3), first


def test_ordinary_comments_and_formatting_still_pass() -> None:
    doc = parse(
        '<!-- editor -- note -->\n\nA <b>bold</b> <!-- x --> word &amp; <abbr title="x">X</abbr>.\n', "p.md"
    )
    assert doc.html.strip() == '<p>A <b>bold</b>  word &amp; <abbr title="x">X</abbr>.</p>'


# ---------------------------------------------------------------- no active content can reach a page

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img/src="x"/onerror=alert(1)>',
    '<img src="x" ONERROR="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    '<q cite="javascript:alert(1)">x</q>',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<del cite="vbscript:x">x</del> <ins cite="data:x">y</ins>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<img src="x" srcset="javascript:alert(1) 1x, data:x 2x">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<video poster="javascript:alert(1)">x</video>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<details open ontoggle=alert(1)>x</details>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](<  javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](&#74;AVA&#x09;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](javascript:alert(1))",
    "[![x](data:image/png;base64,AA)](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<data:text/html,hello>",
    "<VBScript:msgbox(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[x][r]\n\n[r]: <data:text/html,x> "t"',
    "[r]: vbscript:x",
    "Text[^1].\n\n[^1]: A note with [x](javascript:alert(1)).",
    "## [x](javascript:alert(1))",
    "## Heading <img src=x onerror=alert(1)>",
    "| a |\n|---|\n| [x](javascript:alert(1)) <img src=x onerror=alert(1)> |",
    '> - <a href="javascript:alert(1)">x</a>',
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<title><img src=x onerror=alert(1)></title>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<?xml <img src=x onerror=alert(1)>?>",
    "<! <img src=x onerror=alert(1)>>",
    "<div>\n<img src=x\nonerror=alert(1)>\n</div>",
    '<a href="jav\nascript:alert(1)">x</a>',
    "<image src=x onerror=alert(1)>",
    '<span id="change-1" onmouseover="alert(1)">x</span>',
]

_TEXT_ONLY = frozenset(
    {
        "title",
        "alt",
        "lang",
        "dir",
        "class",
        "id",
        "datetime",
        "colspan",
        "rowspan",
        "scope",
        "start",
        "type",
        "reversed",
        "open",
        "width",
        "height",
        "aria-hidden",
        "role",
    }
)
"""Attributes that only ever hold words or numbers; any other is scanned as if it held a URL."""


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.extend((tag, name, value or "") for name, value in attrs)


THEME_TIMELINE = re.compile(
    r'<svg class="timeline-chart" viewBox="[0-9 ]+" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
    r'(?:[^<]|<(?:line|rect|/rect|title|/title)(?: [a-z0-9-]+="[^"<>]*")*/?>)*</svg>'
)
"""The history page's change timeline: the theme's own inline SVG, bars and titles only (nothing that can run)."""


def _active_in(html: str) -> list[str]:
    """What in `html` could run: script tags, handlers, javascript:/vbscript:/data: URLs, styles."""
    found = [
        f"tag {m.group(0)}"
        for m in re.finditer(
            r"<\s*/?\s*(script|iframe|object|embed|svg|math|style|base|meta|link)\b", html, re.I
        )
    ]
    found += [
        f"handler in {tag}"
        for tag in re.findall(r"<[a-zA-Z][^>]*>", html)
        if re.search(r"[\s/\"']on[a-z]+\s*=", tag, re.I)
    ]
    reader = _Attributes()
    reader.feed(html)
    reader.close()
    for tag, name, value in reader.seen:
        squeezed = re.sub(r"[\x00-\x20]", "", unquote(value)).lower()
        if (
            name.startswith("on")
            or name == "style"
            or (name not in _TEXT_ONLY and squeezed.startswith(("javascript:", "vbscript:", "data:")))
        ):
            found.append(f"<{tag} {name}={value!r}>")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_a_page_in_either_mode(payload: str) -> None:
    source = f"## Section\n\nBefore {payload} after.\n\n{payload}\n\nEnd.\n"
    try:
        doc = parse(source, "p.md", raw_html="error")
    except PpgenError:
        pass
    else:  # only what browsers would not run anyway passes silently (a style attribute, which nh3 drops)
        assert _active_in(doc.html) == [], doc.html
    try:
        doc = parse(source, "p.md", raw_html="strip")
    except PpgenError as err:  # HTML read differently by browsers, or a page's id: stops in strip mode too
        assert all(("read differently" in p.message or "the page uses" in p.message) for p in err.problems), (
            err.problems
        )
        return
    assert _active_in(doc.html) == [], doc.html
    for block in doc.blocks:
        assert _active_in(block.open + block.inner + block.close) == [], block


def test_no_payload_reaches_any_page_of_a_site_built_in_strip_mode(site: Path) -> None:
    """Every page that shows the text (in force, version, redline both ways, history) is scanned whole."""
    survivors = []
    for payload in PAYLOADS:
        try:
            parse(f"{payload}\n", "p.md", raw_html="strip")
        except PpgenError:
            continue  # it stops the build in strip mode too: nothing is written
        survivors.append(payload)
    assert len(survivors) > len(PAYLOADS) // 2
    text = "".join(f"Before {payload} after.\n\n{payload}\n\n" for payload in survivors)
    (site / "ppgen.toml").write_text(CONFIG + 'raw_html = "strip"\n', encoding="utf-8")
    (site / SECOND).write_text(body(f"## A\n\n{text}"), encoding="utf-8")
    result = invoke("build", "--as-of", "2025-06-01", "-q")
    assert result.exit_code == 0, result.stderr
    pages = sorted((site / "site").rglob("*.html"))
    assert any("diff" in page.parts for page in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # The theme's own scripts (external files, no inline code) are the only ones a page may carry.
        html = re.sub(r'<script src="[^"]*/_static/[a-z]+\.[0-9a-f]+\.js" defer></script>', "", html)
        html = THEME_TIMELINE.sub("", html)  # the history page's change timeline (bars and titles only)
        found = [f for f in _active_in(html) if not f.startswith(("tag <meta", "tag <link"))]
        assert found == [], (page, found)


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        ('<a name="x"></a>', '<a id="x"></a>'),
        ("<A NAME=x>t</A>", '<a id="x">t</a>'),
        ('<a href="#y"\nname="x">t</a>', '<a href="#y" id="x">t</a>'),
        ('<a id="k" name="x"></a>', '<a id="k"></a>'),  # an id already: the name goes
        ('<a data-name="x"></a>', "<a></a>"),
        ('<span name="x"></span>', "<span></span>"),
        ('<a name=""></a>', "<a></a>"),  # no id can be empty or hold a space: the name goes, as it did
        ('<a name="my anchor"></a>', "<a></a>"),
    ],
)
def test_an_old_named_anchor_becomes_an_id(html: str, cleaned: str) -> None:
    """`<a name>` is obsolete in HTML5, but links to it (`#x`) must still land."""
    assert sanitize.clean(html) == cleaned


def test_a_named_anchor_is_held_to_the_page_ids_like_an_id() -> None:
    with pytest.raises(PpgenError, match="HTML id `main` is one the page uses for itself"):
        parse('Text <a name="main"></a>.\n', "p.md")


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        (
            '<ol style="list-style-type:lower-alpha" class="x"><li>a</li></ol>',
            '<ol type="a" class="x"><li>a</li></ol>',
        ),
        ("<OL STYLE='list-style: upper-roman inside'><li>a</li></OL>", '<ol type="I"><li>a</li></ol>'),
        ('<ol style="list-style-type:decimal"><li>a</li></ol>', '<ol type="1"><li>a</li></ol>'),
        ('<ol type="i" style="list-style-type:lower-alpha"><li>a</li></ol>', '<ol type="i"><li>a</li></ol>'),
        ('<ol style="color: red"><li>a</li></ol>', "<ol><li>a</li></ol>"),
        ('<ul style="list-style-type:square"><li>a</li></ul>', "<ul><li>a</li></ul>"),
    ],
)
def test_a_numbered_lists_style_becomes_its_type(html: str, cleaned: str) -> None:
    """Styles are dropped (the pages' CSP forbids them), but a list numbered (a), (b), (i) that clauses refer
    to ("Clause 8.9(a)", in GitHub's data protection agreement) keeps its numbering as `type`."""
    assert sanitize.clean(html) == cleaned


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        (  # an item closed before its sub-list
            "<ol><li>except:</li>\n  <ol><li>a</li></ol>\n<li>next</li></ol>",
            "<ol><li>except:\n  <ol><li>a</li></ol>\n</li><li>next</li></ol>",
        ),
        (  # a line break and words after the last item: after the list, not the last item's
            "<ol><li>a</li><br>\n words\n</ol>",
            "<ol><li>a</li></ol><br>\n words\n",
        ),
        (  # both, one inside the other (a data protection agreement's clause 8.8)
            "<ul><li>x</li><ol><li>y</li><br>z</ol></ul>",
            "<ul><li>x<ol><li>y</li></ol><br>z</li></ul>",
        ),
        ("<ol><li>a</li> words <li>b</li></ol>", "<ol><li>a words </li><li>b</li></ol>"),  # between two items
        ("<ol><li>a</li>tail</ol><p>more</p>", "<ol><li>a</li></ol>tail<p>more</p>"),  # what follows is kept
        ("<div><ol><li>a</li>tail</ol></div><p>x</p>", "<div><ol><li>a</li></ol>tail</div><p>x</p>"),
        ("<ul><li>a<ul><li>b</li>t</ul>m</li></ul>", "<ul><li>a<ul><li>b</li></ul>tm</li></ul>"),
        (
            "<ol><li>a</li><div>n<ol><li>q</li></ol></div></ol>",
            "<ol><li>a<div>n<ol><li>q</li></ol></div></li></ol>",
        ),
        ("<ol><li>a:</li> so <ol><li>s</li></ol></ol>", "<ol><li>a: so <ol><li>s</li></ol></li></ol>"),
        ("<ol><li>a</li>\n<li>b</li></ol>", "<ol><li>a</li>\n<li>b</li></ol>"),  # valid: as written
        (
            "<ol><ol><li>a</li></ol><li>b</li></ol>",
            "<ol><ol><li>a</li></ol><li>b</li></ol>",
        ),  # no item before
        ("<p>x</p><ol><li>a</li></ol> after", "<p>x</p><ol><li>a</li></ol> after"),  # after the list: outside
    ],
)
def test_loose_parts_of_a_raw_list_go_into_the_item_before_them(html: str, cleaned: str) -> None:
    """A list may hold only items (vnu: "Element ol not allowed as child of element ol"); browsers show a
    loose sub-list or words under the item before them, so that is where they go, words unchanged."""
    assert sanitize.clean(html) == cleaned
    assert sanitize.visible_text(cleaned) == sanitize.visible_text(html)


def test_a_raw_list_split_by_blank_lines_is_read_whole_as_browsers_read_it() -> None:
    """Markdown ends an HTML block at a blank line; sanitised piece by piece, `<ol>` would close after its first
    item and the next items would stand outside every list. Read whole, the list stays one, and a problem in
    a later piece is still reported at its own line."""
    source = '<ol type="a">\n  <li>one</li>\n\n  <li>two\n  lines</li>\n\n</ol>\n\nAfter.\n'
    doc = parse(source, "p.md", raw_html="error")
    assert [block.kind for block in doc.blocks] == ["html_block", "paragraph"]
    assert doc.html.count("<ol") == 1 and doc.html.count("</ol>") == 1
    assert doc.html.index("two") < doc.html.index("</ol>")
    with pytest.raises(PpgenError) as err:
        parse(source.replace("two", '<a href="javascript:x()">two</a>'), "p.md", raw_html="error")
    assert err.value.problems[0].line == 4


def _raw_list(rng: random.Random, case: int) -> str:
    """A raw HTML list as word processors write them: items closed before their sub-lists, words, breaks and
    wrappers loose between and after the items, nested up to three deep, inside a wrapper, with text after."""
    count = iter(range(1000))

    def word() -> str:
        return f" w{case}x{next(count)} "

    def listed(depth: int) -> str:
        kind = rng.choice(["ol", "ul"])
        out = [f"<{kind}>"]
        for _ in range(rng.randint(1, 3)):
            out.append(f"<li>{word()}{listed(depth + 1) if depth < 2 and rng.random() < 0.3 else ''}</li>")
            if rng.random() < 0.5:
                loose = [word(), "<br>" + word(), "<b>" + word() + "</b>", "<div>" + word() + "</div>"]
                out.append(rng.choice([*loose, *([listed(depth + 1)] if depth < 2 else [])]))
        return "".join([*out, f"</{kind}>"])

    before, after = rng.choice([("", ""), ("<div>", "</div>"), ("<table><tr><td>", "</td></tr></table>")])
    return before + word() + listed(0) + word() + after + rng.choice(["", "<p>" + word() + "</p>"])


def test_repairing_raw_lists_never_loses_moves_or_repeats_a_word() -> None:
    """2,000 seeded raw lists (`_raw_list`): the words a reader sees come out in the order they went in,
    whatever the repair moved, and the result is HTML the sanitiser keeps as it is."""
    rng = random.Random(16)
    for case in range(2000):
        html = _raw_list(rng, case)
        cleaned = sanitize.clean(html)
        assert sanitize.visible_text(cleaned) == sanitize.visible_text(html), html
        assert str(nh3.clean(cleaned)) == cleaned, html
