"""Bad policy text: active URLs however they are spelled, HTML browsers read differently, page ids.

Each case rewrites the second version of the good site; its body starts at line 4 (`body()`), so
`## A` is line 4, the paragraph after it line 6 and a block after that line 8.
"""

from __future__ import annotations

from badinput import CONFIG, SECOND, Bad, body

STRIP = {"ppgen.toml": CONFIG + 'raw_html = "strip"\n'}
"""The setting for imported archives: active content is removed with a warning, and the rest still stops."""


def _text(paragraph: str) -> dict[str, str | bytes]:
    return {SECOND: body(f"## A\n\n{paragraph}\n")}


def _block(html: str) -> dict[str, str | bytes]:
    return {SECOND: body(f"## A\n\nText.\n\n{html}\n\nMore text.\n")}


CASES = [
    # Active URLs in Markdown: images, autolinks and reference definitions too, however spelled.
    Bad(
        "data-url-image",
        _text("Our logo: ![logo](data:image/png;base64,iVBORw0KGgo=)."),
        f"{SECOND}:6: ",
        "`data:image/png",
    ),
    Bad(
        "data-url-autolink",
        _text("Open <data:text/html,hello> now."),
        f"{SECOND}:6: ",
        "in a Markdown autolink",
    ),
    Bad(
        "data-url-reference",
        {SECOND: body("## A\n\nText.\n\n[form]: data:text/html,hello\n")},
        f"{SECOND}:8: ",
        "in a Markdown link reference definition",
    ),
    Bad(
        "vbscript-link",
        _text("See [this](vbscript:msgbox(1))."),
        f"{SECOND}:6: ",
        "`vbscript:msgbox(1)` URL in a Markdown link",
    ),
    Bad(
        "javascript-link-upper-case",
        _text("See [this](JavaScript:alert(1))."),
        f"{SECOND}:6: ",
        "URL in a Markdown link",
    ),
    Bad(
        "javascript-link-entities-and-tab",
        _text("See [this](&#74;AVA&#x09;script:alert(1))."),
        f"{SECOND}:6: ",
        "URL in a Markdown link",
    ),
    Bad(
        "javascript-link-leading-spaces",
        _text("See [this](<  javascript:alert(1)>)."),
        f"{SECOND}:6: ",
        "URL in a Markdown link",
    ),
    Bad("javascript-image", _text("![x](javascript:alert(1))"), f"{SECOND}:6: ", "URL in a Markdown image"),
    # Active URLs in raw HTML, entities and control characters included, in every URL attribute.
    Bad(
        "javascript-href-entities",
        _text('See <a href="&#x6A;ava&#9;script&colon;alert(1)">this</a>.'),
        f"{SECOND}:6: ",
        "URL in <a href>",
    ),
    Bad(
        "javascript-q-cite",
        _text('As <q cite="javascript:alert(1)">they say</q>.'),
        f"{SECOND}:6: ",
        "URL in <q cite>",
    ),
    Bad(
        "javascript-poster",
        _text('<video poster="javascript:alert(1)">A film</video>'),
        f"{SECOND}:6: ",
        "URL in <video poster>",
    ),
    Bad(
        "vbscript-background",
        _block('<table background="vbscript:msgbox(1)"><tr><td>a</td></tr></table>'),
        f"{SECOND}:8: ",
        "URL in <table background>",
    ),
    # HTML that Python's parser and the sanitiser (and browsers) read differently: in both modes.
    Bad(
        "comment-open-and-shut",
        _block("<!--><img src=x onerror=alert(1)>-->"),
        f"{SECOND}:8: ",
        "comment `<!-->`",
    ),
    Bad(
        "comment-open-and-shut-strip",
        {**STRIP, **_block("<!--><img src=x onerror=alert(1)>-->")},
        f"{SECOND}:8: ",
        "comment `<!-->`",
    ),
    Bad(
        "comment-bang-end-strip",
        {**STRIP, **_block("<!-- note --!><b>shown</b> -->")},
        f"{SECOND}:8: ",
        "comment ending `--!>`",
    ),
    Bad("cdata", _text("Text <![CDATA[ hidden words ]]> more."), f"{SECOND}:6: ", "`<![CDATA["),
    Bad(
        "cdata-strip",
        {**STRIP, **_text("Text <![CDATA[ hidden words ]]> more.")},
        f"{SECOND}:6: ",
        "`<![CDATA[",
    ),
    Bad(
        "noscript", _block("<noscript>Please enable JavaScript.</noscript>"), f"{SECOND}:8: ", "`<noscript>`"
    ),
    Bad(
        "noscript-strip",
        {**STRIP, **_block("<noscript><p>Hello</p></noscript>")},
        f"{SECOND}:8: ",
        "`<noscript>`",
    ),
    Bad("processing-instruction", _text("Text <?php echo 1; ?> more."), f"{SECOND}:6: ", "`<?php"),
    Bad(
        "text-reordered-by-the-parser-strip",
        {**STRIP, **_block("<table><tr><td>first</td>second</tr></table>")},
        f"{SECOND}:8: ",
        "would become “secondfirst”",
    ),
    # A raw-HTML id equal to one the page uses for itself (redline navigation, the theme's landmarks).
    Bad(
        "html-id-change-n",
        _text('See <span id="change-2">here</span>.'),
        f"{SECOND}:6: ",
        "HTML id `change-2` is one the page uses",
    ),
    Bad(
        "html-id-side-by-side",
        _block('<p id="side-by-side">Text.</p>'),
        f"{SECOND}:8: ",
        "HTML id `side-by-side`",
    ),
    Bad(
        "html-id-main-strip",
        {**STRIP, **_text('A <b id="main">word</b>.')},
        f"{SECOND}:6: ",
        "HTML id `main`",
    ),
]
