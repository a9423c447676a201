"""`html_to_markdown` on the pages real archives hold: layout tables, merged cells, bytes in the wrong
charset, WordPress themes, pages their scripts fill. Every word of the policy is kept, or a warning says
where it went, at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from badinput import invoke
from ppgen.core.errors import Problem
from ppgen.importers.common import convert
from ppgen.importers.from_html import html_to_markdown
from ppgen.source.markdown import MD, parse
from ppgen.source.sanitize import text_of
from test_import import site as empty_site  # noqa: F401 (the fixture `site`: an empty site, the working folder)


def _words(html: str) -> list[str]:
    return text_of(html).split()


def _rendered_words(markdown: str) -> list[str]:
    """The words a reader sees once the Markdown is built."""
    return _words(MD.render(markdown))


def _said(warnings: tuple[Problem, ...]) -> list[tuple[int | None, str]]:
    return [(warning.line, warning.message) for warning in warnings]


# --- tables ------------------------------------------------------------------------------------------

POLICY_CELL = (
    "<h2>1. Fees</h2><p>You pay the fees.</p>"
    "<table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$10</td></tr></table>"
    "<h2>2. Liability</h2><p>We are not liable for indirect damages.</p>"
)
LAYOUT = f'<table>\n<tr><td><a href="/">Home</a></td><td>{POLICY_CELL}</td></tr></table>'


def test_a_layout_table_is_read_as_its_cells_in_order() -> None:
    page = html_to_markdown(f"<html><body><main>\n{LAYOUT}\n</main></body></html>".encode(), "p.html")
    assert page.markdown == (
        "[Home](/)\n\n## 1\\. Fees\n\nYou pay the fees.\n\n| Plan | Price |\n| --- | --- |\n| Pro | $10 |\n\n"
        "## 2\\. Liability\n\nWe are not liable for indirect damages.\n"
    )
    assert _rendered_words(page.markdown) == _words(LAYOUT)
    assert _said(page.warnings) == [
        (2, "read the table as page layout: its cells' content is kept in order, not as a table")
    ]


def test_a_layout_table_of_paragraphs_without_header_cells_is_unwrapped_too() -> None:
    layout = (
        "<table><colgroup><col><col></colgroup><tr><td>Menu</td>"
        "<td><p><b>1. Fees</b></p><p>You pay the fees.</p></td></tr></table>"
    )
    page = html_to_markdown(f"<main>{layout}</main>".encode(), "p.html")
    assert page.markdown == "Menu\n\n**1\\. Fees**\n\nYou pay the fees.\n"
    assert _rendered_words(page.markdown) == _words(layout)


def test_blockquotes_that_indent_the_page_and_a_one_row_table_are_layout() -> None:
    """craigslist's 2003 policy sat in `<blockquote><blockquote>`, under a one-row table of its title beside a
    link: the import made it all a doubly nested quotation under a table with an empty header row, and the
    next version's redline marked every unchanged item "formatting". A quotation that cites, or holds a
    little of the text, stays one."""
    page = (
        b"<body><blockquote><blockquote><table><tr><td><b>Privacy Policy</b></td><td><a href='t.html'>terms</a>"
        b"</td></tr></table><p><b>1. Privacy</b></p><ul><li>We run no ads.</li></ul>"
        b"<p>The law says:</p><blockquote><p>Keep records.</p></blockquote>"
        b"<blockquote cite='https://law.example/'><p>Keep them for the whole of seven long years.</p></blockquote>"
        b"</blockquote></blockquote></body>"
    )
    converted = html_to_markdown(page, "p.html")
    assert converted.markdown == (
        "**Privacy Policy**\n\n[terms](t.html)\n\n**1\\. Privacy**\n\n- We run no ads.\n\nThe law says:\n\n"
        "> Keep records.\n\n> Keep them for the whole of seven long years.\n"
    )
    assert [message for _, message in _said(converted.warnings)[1:]] == [
        "read the table as page layout: its cells' content is kept in order, not as a table",
        "read the <blockquote> as indentation: its content is kept, not as a quotation",
        "read the <blockquote> as indentation: its content is kept, not as a quotation",
    ]


def test_a_data_table_stays_a_table_even_with_paragraphs_and_lists_in_its_cells() -> None:
    table = (
        "<table><tr><th>Data</th><th>Purposes</th></tr>"
        "<tr><td><p>Contact details</p></td><td><p>We use them to:</p><ul><li>answer you</li>"
        "<li>bill you</li></ul></td></tr><tr><td>Usage data</td><td>Analytics</td></tr></table>"
    )
    page = html_to_markdown(f"<main>{table}</main>".encode(), "p.html")
    assert page.markdown.startswith("| Data | Purposes |\n| --- | --- |\n| Contact details | We use them to:")
    assert page.markdown.endswith("| Usage data | Analytics |\n")
    # a row is one line: the list in a cell is written on it, each item after a `-`
    assert [word for word in _rendered_words(page.markdown) if word != "-"] == _words(table)
    assert page.warnings == ()


ROWSPAN = """<main>
<table>
<tr><th>Data</th><th>Purpose</th><th>Kept</th></tr>
<tr><td rowspan="2">Usage data</td><td>Analytics</td><td>Kept two years</td></tr>
<tr><td>Security</td><td>Kept ninety days</td></tr>
</table>
</main>"""


def test_a_merged_cell_is_repeated_in_each_row_it_covers() -> None:
    page = html_to_markdown(ROWSPAN.encode(), "p.html")
    assert page.markdown == (
        "| Data | Purpose | Kept |\n| --- | --- | --- |\n| Usage data | Analytics | Kept two years |\n"
        "| Usage data | Security | Kept ninety days |\n"
    )
    assert _said(page.warnings) == [
        (2, "repeated the table's merged cells in each row and column they cover")
    ]


def test_a_merged_cell_repeated_in_a_table_written_over_lines_keeps_each_row_on_one_line() -> None:
    """Etsy's page of 2007 wrote each `<td>` on its own line: the line break left at the head of a row whose
    cells were put back opened the Markdown row with a bare `|`, and the table lost its first row."""
    lines = ROWSPAN.replace("<tr>", "<tr>\n").replace("</td>", "</td>\n").replace("</th>", "</th>\n")
    assert html_to_markdown(lines.encode(), "p.html").markdown == (
        "| Data | Purpose | Kept |\n| --- | --- | --- |\n| Usage data | Analytics | Kept two years |\n"
        "| Usage data | Security | Kept ninety days |\n"
    )


def test_merged_columns_are_repeated_but_a_span_past_the_table_adds_none() -> None:
    table = (
        '<table><tr><th>Data</th><th colspan="2">Kept</th></tr>'
        "<tr><td>Logs</td><td>30 days</td><td>then deleted</td></tr>"
        '<tr><td colspan="99">Backups follow the same rules.</td></tr></table>'
    )
    page = html_to_markdown(f"<main>{table}</main>".encode(), "p.html")
    assert page.markdown.splitlines() == [
        "| Data | Kept | Kept |",
        "| --- | --- | --- |",
        "| Logs | 30 days | then deleted |",
        "| Backups follow the same rules. | Backups follow the same rules. | Backups follow the same rules. |",
    ]


def test_superscripts_and_subscripts_stay_html() -> None:
    page = html_to_markdown(
        b"<main><p>Footnote<sup>1</sup>, 10<sup>6</sup> and H<sub>2</sub>O.</p></main>", "p"
    )
    assert page.markdown == "Footnote<sup>1</sup>, 10<sup>6</sup> and H<sub>2</sub>O.\n"


# --- line breaks --------------------------------------------------------------------------------------

BREAKS = (
    "<p>We share it with:<br/></p>"  # ends the paragraph: shows nothing
    "<div><p>Our partners.</p><br><p>Our <b>auditors:<br></b> named below.</p></div>"  # between blocks; ends <b>
    "<p>Address:<br>1 Main St<br>Town</p>"  # lines of one paragraph
    "<div>An old page's paragraph.<br><br>The next one.<br></div>"  # two in a row: a paragraph ends
    "<ul><li>An item<br><br>and its second paragraph.</li></ul>"
)


def test_line_breaks_are_imported_as_a_browser_shows_them() -> None:
    page = html_to_markdown(f"<main>{BREAKS}</main>".encode(), "p.html")
    assert page.markdown.split("\n\n") == [
        "We share it with:",
        "Our partners.",
        "Our **auditors:**\\\n named below.",
        "Address:\\\n1 Main St\\\nTown",
        "An old page's paragraph.",
        "The next one.",
        "- An item",
        "  and its second paragraph.\n",
    ]
    rendered = MD.render(page.markdown)
    assert rendered.count("<br") == 3 and "\\" not in rendered
    assert _rendered_words(page.markdown) == _words(BREAKS)


def test_a_run_of_breaks_inside_bold_a_link_or_a_heading_keeps_them_whole() -> None:
    """A blank line there would split the bold or the link into literal `**` and `](url)`, or the heading in
    two; an inline element the module does not list (`<acronym>`) ends no line."""
    page = html_to_markdown(
        b'<main><p>See <b>Part one<br><br>Part two</b> and <a href="/t">the terms<br><br>of use</a>.</p>'
        b"<h2>Title<br><br>Subtitle</h2><p>Write to our <acronym>DPO</acronym><br>1 Main Street</p></main>",
        "p.html",
    )
    rendered = MD.render(page.markdown)
    assert "<strong>Part one<br />" in rendered and '<a href="/t">the terms<br />' in rendered
    assert "**" not in rendered and "](" not in rendered
    assert rendered.count("<h2") == 1 and ">Title Subtitle</h2>" in rendered and "DPO<br />" in rendered


def test_a_link_around_a_table_or_beside_loose_text_links_each_cell_and_the_text() -> None:
    page = html_to_markdown(
        b'<main><a href="/t"><table><tr><th>A</th></tr><tr><td>B</td></tr></table></a>'
        b'<a href="/o">Opt out <div>of sale</div></a></main>',
        "p.html",
    )
    assert page.markdown == "| [A](/t) |\n| --- |\n| [B](/t) |\n\n[Opt out](/o)\n\n[of sale](/o)\n"


def test_merged_cells_and_superscripts_reach_the_built_page(site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    page = ROWSPAN.replace("</main>", "<p>Up to 10<sup>6</sup> records of H<sub>2</sub>O use.</p></main>")
    (folder / "privacy-2021-03-01.html").write_text(page, encoding="utf-8")
    assert invoke("import", "dir", str(folder)).exit_code == 0
    result = invoke("build", "--as-of", "2022-01-01", "-q")
    assert result.exit_code == 0, result.stderr
    built = (site / "site" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert built.count("<td>Usage data</td>") == 2
    assert "Up to 10<sup>6</sup> records of H<sub>2</sub>O use." in built


# --- bytes --------------------------------------------------------------------------------------------


def test_a_stray_windows_1252_byte_in_a_utf8_page_is_read_as_windows_1252_at_its_line() -> None:
    raw = (
        "<html><head><title>Privacy</title></head><body><main>\n"
        "<p>Our café’s policy: données protégées.</p>\n<p>We don\x92t sell data.</p>\n</main></body></html>"
    ).encode("utf-8", "surrogateescape")
    raw = raw.replace(b"\xc2\x92", b"\x92")  # the byte a word processor's quote leaves in a UTF-8 file
    page = html_to_markdown(raw, "p.html")
    assert page.markdown == "Our café’s policy: données protégées.\n\nWe don’t sell data.\n"
    assert [(w.line, w.message, w.hint) for w in page.warnings] == [
        (
            3,
            "byte 0x92 is not UTF-8; read as windows-1252 `’`",
            "check it against the original page: it is most often a quote or dash pasted from a word processor",
        )
    ]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        "<meta charset=iso-8859-1>",
        '<meta http-equiv="Content-Type" content="text/html; charset=latin1">',
    ],
)
def test_a_page_declaring_a_legacy_charset_whose_bytes_are_utf8_is_read_as_utf8(meta: str) -> None:
    raw = f"<html><head>\n{meta}\n</head><body><main><p>We don’t sell data. Café.</p></main></body></html>"
    page = html_to_markdown(raw.encode("utf-8"), "p.html")
    assert page.markdown == "We don’t sell data. Café.\n"
    label = meta.split("charset=")[1].strip("\"'>")
    assert _said(page.warnings) == [
        (
            2,
            f"read as UTF-8, not as the {label} the page declares: its bytes are UTF-8, which {label} "
            "would garble (`’` as `â€™`)",
        )
    ]


def test_a_page_in_its_declared_legacy_charset_is_read_in_it_latin1_as_windows_1252() -> None:
    raw = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>'
        b"<body><main><p>We don\x92t sell your donn\xe9es \x96 ever.</p></main></body></html>"
    )
    page = html_to_markdown(raw, "p.html")
    assert page.markdown == "We don’t sell your données – ever.\n"
    assert page.warnings == ()


def test_an_undeclared_page_that_is_not_utf8_is_read_as_windows_1252_with_one_warning() -> None:
    raw = b"<html><body><main>\n<p>Plain start.</p>\n<p>Caf\xe9 \x93policy\x94 \x97 ours.</p>\n</main></body></html>"
    page = html_to_markdown(raw, "p.html")
    assert page.markdown == "Plain start.\n\nCafé “policy” — ours.\n"
    assert _said(page.warnings) == [(3, "the file is not UTF-8; read as windows-1252")]


def test_a_page_that_declares_utf8_and_is_windows_1252_throughout_is_read_as_windows_1252() -> None:
    """Every byte above ASCII would be "not UTF-8": the page is windows-1252, said once, not per byte."""
    raw = b'<meta charset="utf-8"><main>\n<p>Caf\xe9 \x93policy\x94 \x97 ours.</p>\n</main>'
    page = html_to_markdown(raw, "p.html")
    assert page.markdown == "Café “policy” — ours.\n"
    assert _said(page.warnings) == [(2, "the file declares utf-8 but is not UTF-8; read as windows-1252")]


def test_many_stray_bytes_are_warned_at_their_first_ten_lines_then_counted() -> None:
    lines = "\n".join(f"<p>Line {n}: don\x92t.</p>" for n in range(1, 31))
    raw = f"<main>\n<p>Café.</p>\n{lines}\n</main>".encode("utf-8", "surrogateescape").replace(
        b"\xc2\x92", b"\x92"
    )
    page = html_to_markdown(raw, "p.html")
    assert page.markdown.count("don’t") == 30
    assert [w.line for w in page.warnings] == [*range(3, 14)]
    assert page.warnings[-1].message == "and 20 more places where bytes are not UTF-8, read the same way"


def test_a_utf8_byte_order_mark_wins_over_the_declared_charset() -> None:
    raw = b"\xef\xbb\xbf" + '<meta charset="windows-1252"><main><p>Café</p></main>'.encode()
    page = html_to_markdown(raw, "p.html")
    assert page.markdown == "Café\n" and page.warnings == ()


# --- the page around the policy -----------------------------------------------------------------------

WORDPRESS = """<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>Privacy Policy &#8211; Acme Blog</title></head>
<body class="privacy-policy page-template-default page page-id-3">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">Acme Blog</a></p></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-3" class="post-3 page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">Privacy Policy</h1></header>
<div class="entry-content">
<h2>Who we are</h2>
<p>Our website address is: https://acme.example.</p>
<h2>Comments</h2>
<p>When visitors leave comments on the site we collect the data shown in the comments form.</p>
</div>
<footer class="entry-footer"><span class="edit-link">
<a class="post-edit-link" href="https://acme.example/wp-admin/post.php?post=3&#038;action=edit">Edit
<span class="screen-reader-text"> "Privacy Policy"</span></a>
</span></footer>
</article><!-- #post-3 -->
<div id="comments" class="comments-area">
<h2 class="comments-title">One thought on &ldquo;Privacy Policy&rdquo;</h2>
<ol class="comment-list"><li id="comment-1" class="comment even thread-even depth-1">
<article id="div-comment-1" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Jane</b> <span class="says">says:</span></div></footer>
<div class="comment-content"><p>Great policy!</p></div></article></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="https://acme.example/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-form-comment"><label for="comment">Comment</label>
<textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p>
</form></div><!-- #respond -->
</div><!-- #comments -->
</main><!-- #main -->
</div></div>
<footer id="colophon" class="site-footer"><div class="site-info">
<a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</div>
</body></html>
"""


def test_a_wordpress_page_keeps_its_post_and_leaves_its_comments_and_edit_link_out() -> None:
    page = html_to_markdown(WORDPRESS.encode(), "privacy.html")
    assert page.markdown == (
        "# Privacy Policy\n\n## Who we are\n\nOur website address is: https://acme.example.\n\n## Comments\n\n"
        "When visitors leave comments on the site we collect the data shown in the comments form.\n"
    )
    hint = "the imported text does not have it: compare the result with the original page"
    assert [(w.line, w.message, w.hint) for w in page.warnings] == [
        (18, "left out the page's edit link (<a>)", hint),
        (22, "left out the page's comments (<div>)", hint),
    ]


def test_the_one_article_of_a_role_main_element_is_the_policy_and_what_is_beside_it_is_said() -> None:
    page = """<html><body>
<div id="primary" role="main">
<div class="breadcrumbs"><a href="/">Home</a> › Legal</div>
<div class="wrap"><article><h2>Terms</h2><p>These terms govern your use of the service and everything in it.</p>
<p>You agree to them by using it, and may stop at any time.</p></article>
<div class="share">Share: Facebook Twitter</div></div>
</div>
<div class="sidebar">Recent posts</div>
</body></html>"""
    converted = html_to_markdown(page.encode(), "terms.html")
    assert converted.markdown == (
        "## Terms\n\nThese terms govern your use of the service and everything in it.\n\n"
        "You agree to them by using it, and may stop at any time.\n"
    )
    assert _said(converted.warnings) == [
        (3, "left out the page's breadcrumbs (<div>)"),
        (6, "left out the text beside the page's <article> (<div>)"),
    ]


def test_an_element_named_main_or_article_holding_most_of_the_text_is_the_policy() -> None:
    """Etsy's help article (2014) had no `<main>` or `<article>` but a `<div id="article">` holding the policy,
    beside a sign-in box, "How can we help you?", a "Was this article helpful?" vote and "Still have
    questions?" links: all were imported whole, a third of the changes between two versions were those
    widgets, and the first section of every version was "How can we help you?". An element with the id a
    page from before HTML5 gives its main text is the policy when it holds most of the text; each part beside
    it is named in a warning."""
    policy = "".join(
        f"<h2>Part {n}</h2><p>{'We keep your data safe and tell you what we do. ' * 3}</p>" for n in (1, 2)
    )
    page = (
        '<body><div class="overlay"><a>Close</a><ul><li><a href="#">Sign In</a></li></ul></div>'
        '<div id="content"><h1>How can we help you?</h1>\n<div id="article" class="policy">'
        f"{policy}</div>\n"
        '<div id="was-article-helpful"><span>Was this article helpful?</span></div></div></body>'
    )
    converted = html_to_markdown(page.encode(), "p.html")
    assert converted.markdown.startswith("## Part 1\n\nWe keep your data safe")
    assert "helpful" not in converted.markdown and "Sign In" not in converted.markdown
    beside = 'left out the text beside the page\'s <div id="article">'
    assert sorted(message for _, message in _said(converted.warnings)) == [
        f"{beside} (<div>)",  # the sign-in box
        f"{beside} (<div>)",  # the vote
        f"{beside} (<h1>)",
    ]
    small = html_to_markdown(page.replace(policy, "<p>Short.</p>").encode(), "p.html")
    assert "How can we help you?" in small.markdown  # the element holds too little: the whole body is read


def test_an_article_whose_links_lead_beside_it_keeps_what_they_lead_to() -> None:
    """Mozilla's privacy notice (2014 → 2019) told parents to "contact us", a link to the `<section
    id="contact">` after its `<article>`: the import kept the article alone, the address in that section
    moved from San Francisco to Mountain View unseen, and the newer snapshot was dropped as identical. An
    article is the policy alone only when none of its links leads beside it."""
    article = (
        "<p>We're a global organization with computers around the world, and we move data between them.</p>"
    )
    page = (
        f'<body><main><article><h2>What else?</h2>{article * 3}<p>Please <a href="#contact">contact us</a>.</p>'
        '</article><section id="contact"><h2>Contact Mozilla</h2><p>2 Harrison St, San Francisco</p>'
        "</section></main></body>"
    )
    converted = html_to_markdown(page.encode(), "p.html")
    assert converted.markdown.endswith("## Contact Mozilla\n\n2 Harrison St, San Francisco\n")
    assert converted.warnings == ()
    alone = html_to_markdown(page.replace('href="#contact"', 'href="/contact"').encode(), "p.html")
    assert "Harrison" not in alone.markdown  # no link leads there: the article is the policy


def test_a_page_without_main_or_article_is_imported_whole_with_one_warning() -> None:
    page = b"<html>\n<head><title>Terms</title></head>\n<body>\n<div class='shop'>Shop</div><p>Terms.</p></body></html>"
    converted = html_to_markdown(page, "terms.html")
    assert converted.markdown == "Shop\n\nTerms.\n"
    assert [(w.line, w.message, w.hint) for w in converted.warnings] == [
        (
            3,
            'no <main>, role="main" or <article> on the page: the whole page body was imported, so its menus, '
            "banners and footers are in the text unless they are <nav>, <header>, <footer>, ARIA landmarks "
            'or named so (id or class "header", "footer", "nav", "menu"…)',
            "compare the result with the original page, or cut the snapshot down to the policy's element",
        )
    ]


OLD_PAGE = """<html><body>
<div id="header"><a href="/"><img alt="Example" src="logo.png"></a><ul class="top-nav"><li>Contact</li></ul></div>
<div class="content-header"><h6 class="breadcrumbs"><a href="/help">Site Policy</a> / Privacy</h6></div>
<div id="article-platform-nav"><ul><li>mac</li><li>windows</li></ul></div>
<div class="article"><h2>Privacy Policy</h2><p>We use cookies.</p>
<a href="/flow"><div><img alt="" src="avatar.png"></div><div>Explorer</div></a></div>
<div id="footer"><ul><li><a href="/cc">Creative Commons</a></li></ul><p>&copy; 2013 Example Inc.</p></div>
</body></html>"""
"""A page from before HTML5 (GitHub's help pages of 2013, 500px's): its banner, breadcrumbs, menus and footer
go by ids and classes; and a link around blocks."""


def test_a_pre_html5_pages_banner_menus_and_footer_are_left_out_by_their_names_each_said() -> None:
    page = html_to_markdown(OLD_PAGE.encode(), "p.html")
    assert page.markdown.startswith("## Privacy Policy\n\nWe use cookies.\n\n")
    assert [message for _, message in _said(page.warnings)[1:]] == [
        "left out the page's banner (<div>)",
        "left out the page's breadcrumbs (<h6>)",
        "left out the page's navigation (<div>)",
        "left out the page's footer (<div>)",
    ]


def test_a_banner_or_logo_by_its_name_is_left_out() -> None:
    """craigslist's pages of 2008–2012 hold their logo and the site's "Updated" stamp in `<div id="banner">`:
    imported as policy text, a new stamp made a version of an unchanged policy."""
    page = html_to_markdown(
        b'<body><div id="banner"><div class="logo">craigslist</div><p>Updated: Sep 15th 2008</p></div>'
        b'<div id="logo"><a href="/">Acme</a></div><h2>1. Privacy</h2><p>We run no ads.</p></body>',
        "p.html",
    )
    assert page.markdown == "## 1\\. Privacy\n\nWe run no ads.\n"
    assert [message for _, message in _said(page.warnings)][1:] == ["left out the page's banner (<div>)"] * 2


def test_a_menu_of_pages_marking_the_page_it_is_on_is_left_out_but_a_table_of_contents_is_kept() -> None:
    """Slack's privacy page of 2015 opened with tabs, `<div class="tab_set">` of links to its other policies,
    the one it is on `class="selected"`: imported as a line of text, their removal in 2016 was a change."""
    page = html_to_markdown(
        b'<body><div class="tab_set"><a href="/terms">Terms of Service</a> <a href="/privacy" class="selected">'
        b'Privacy Policy</a> <a href="/security">Security Practices</a></div><ul><li><a href="#data" '
        b'class="active">Data</a></li><li><a href="#rights">Rights</a></li><li><a href="#contact">Contact</a>'
        b'</li></ul><h2 id="data">Data</h2><p>We keep little. See <a href="/terms">the terms</a>, '
        b'<a class="current" href="/privacy">this policy</a> and <a href="/security">our practices</a>.</p>'
        b"</body>",
        "p.html",
    )
    assert page.markdown.startswith(
        "- [Data](#data)\n- [Rights](#rights)\n- [Contact](#contact)\n\n## Data\n"
    )
    assert "We keep little. See [the terms](/terms)" in page.markdown
    assert [message for _, message in _said(page.warnings)][1:] == ["left out the page's navigation (<div>)"]


def test_other_tabs_dialogs_spacers_and_footers_by_part_of_their_name_are_left_out() -> None:
    """Dropbox's privacy pages (2011, 2013) held the terms, the DMCA policy and pricing in hidden tabs beside
    the privacy policy's, a hidden dialog, spacer images drawn by the style sheet, a tab bar marking its
    current page on the list item, and a footer named `page-full-footer`: all were imported as the privacy
    policy, and a spacer's new address was a wording change. A section the page collapses stays."""
    page = html_to_markdown(
        b'<body><ul><li class="selected"><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li>'
        b'<li><a href="/dmca">DMCA</a></li></ul><div id="modal" style="display: none;"><h2></h2></div>'
        b'<div class="overlay overlay-borderless"><a class="close">Close</a></div>'
        b'<div class="content-tab" style="display:none;"><h2>Terms of Service</h2><p>Be kind.</p></div>'
        b'<div class="content-tab"><h2>Privacy Policy</h2><p>We keep <img src="/i/icon_spacer.gif" alt="" '
        b'class="sprite s_lock">little.</p><div class="faq" hidden><p>Ask us.</p></div></div>'
        b'<div id="page-full-footer"><a href="/jobs">Jobs</a> PYXL</div></body>',
        "p.html",
    )
    assert page.markdown == "## Privacy Policy\n\nWe keep little.\n\nAsk us.\n"
    assert sorted(message for _, message in _said(page.warnings)[1:]) == [
        "left out a spacer image (<img>)",
        "left out another tab of the page (<div>)",
        "left out the page's dialog (<div>)",
        "left out the page's dialog (<div>)",
        "left out the page's footer (<div>)",
        "left out the page's navigation (<ul>)",
    ]


def test_messages_the_page_hides_are_left_out_and_a_shown_one_stays() -> None:
    """Dropbox's privacy page (2008) began with a hidden error box, "There was a problem completing this
    request.", imported as the policy's first line; in 2013 it read "Sorry, there was a problem loading this
    page." and was a wording change. A message the page hides (named so, or `role="alert"`/`"status"`) is
    no text of the policy; one it shows stays, and so does a hidden section that is not named a message."""
    page = html_to_markdown(
        b'<body><div id="server-error" style="display: none;">There was a problem completing this request.'
        b'</div><p role="status" hidden>Saved.</p><div class="flash_success" style="display:none">Done!</div>'
        b'<div class="notice">Updated 1 May.</div><h2>Privacy</h2><p>We keep little.</p>'
        b'<div class="more" hidden><p>Ask us.</p></div></body>',
        "p.html",
    )
    assert page.markdown == "Updated 1 May.\n\n## Privacy\n\nWe keep little.\n\nAsk us.\n"
    hidden = ["left out a message the page hides (<div>)", "left out a message the page hides (<p>)"]
    assert [message for _, message in _said(page.warnings)[1:]] == [*hidden, hidden[0]]


def test_an_old_anchor_the_pages_links_lead_to_is_kept_as_an_id() -> None:
    """Etsy's help article (2014) linked "Read Etsy's full Privacy Policy" to `#privacy`, an old anchor
    `<a name="privacy"></a>` before the full policy; the import dropped it with no warning, and `ppgen check`
    then blamed the link. An anchor that a link of the page leads to stays, as `<a id>`; one that none
    leads to says nothing and goes."""
    page = html_to_markdown(
        b'<body><main><p>See the <a href="#privacy">full policy</a> and <a href="#sharing">sharing</a>.</p>'
        b'<p><a name="privacy"></a></p><p><strong>Privacy Policy</strong></p>'
        b'<p><a name="sharing"></a>We share data. <a name="top"></a>With processors.</p></main></body>',
        "p.html",
    )
    assert page.markdown == (
        'See the [full policy](#privacy) and [sharing](#sharing).\n\n<a id="privacy"></a>\n\n'
        '**Privacy Policy**\n\n<a id="sharing"></a>We share data. With processors.\n'
    )
    html = parse(page.markdown, "p.md").html
    assert 'id="privacy"' in html and 'id="sharing"' in html and "top" not in html


def test_the_policys_own_parts_named_header_or_menu_are_kept() -> None:
    """A name makes a block of the page around the policy a banner or footer, never a heading, a table row or
    anything inside an article: pandoc writes `<tr class="header">`, pages `<h2 class="header">`."""
    page = html_to_markdown(
        b'<body><div id="menu"><a href="/">Home</a></div><h2 class="header">1. Data we collect</h2>'
        b'<p>We collect your name.</p><table><thead><tr class="header"><th>Recipient</th><th>Purpose</th></tr>'
        b"</thead><tbody><tr><td>Stripe</td><td>Payments</td></tr></tbody></table></body>",
        "p.html",
    )
    assert page.markdown == (
        "## 1\\. Data we collect\n\nWe collect your name.\n\n| Recipient | Purpose |\n| --- | --- |\n"
        "| Stripe | Payments |\n"
    )
    assert [message for _, message in _said(page.warnings)][1:] == ["left out the page's navigation (<div>)"]
    article = html_to_markdown(
        b'<body><article><div class="header"><p>Effective 1 May 2020</p></div><ul><li class="menu-item">'
        b"Cookies are small files.</li></ul></article></body>",
        "p.html",
    )
    assert article.markdown == "Effective 1 May 2020\n\n- Cookies are small files.\n" and not article.warnings


@pytest.mark.parametrize("wrapped", ["<p>{}</p>", "<br><br>{}<br><br>"], ids=["paragraphs", "breaks"])
def test_a_wrapper_named_header_that_holds_the_policy_is_kept(wrapped: str) -> None:
    """Its prose is in paragraphs, or in runs of text parted by `<br>`s (a page from before CSS)."""
    prose = "We collect the e-mail addresses of those who write to us, and what pages they visit. " * 3
    page = html_to_markdown(
        f'<body><div id="header"><h2>Privacy</h2>{wrapped.format(prose)}</div></body>'.encode(), "p"
    )
    assert page.markdown.startswith("## Privacy\n\nWe collect")


def test_a_link_around_blocks_becomes_the_link_in_each_block() -> None:
    """Markdown has no link around paragraphs: written as it stands, `[` and `](/flow)` would be text."""
    page = html_to_markdown(OLD_PAGE.encode(), "p.html")
    assert page.markdown.endswith("We use cookies.\n\n[![](avatar.png)](/flow)\n\n[Explorer](/flow)\n")
    rendered = MD.render(page.markdown)
    assert rendered.count('<a href="/flow">') == 2 and "](" not in rendered


def test_a_sentence_in_an_h1_after_the_sections_is_a_bold_paragraph_not_the_top_section() -> None:
    """500px's privacy policy (2012): beside each section, a box "Basically, <h1>…</h1>". As headings they
    would put each real section under the summary of the one before it."""
    page = html_to_markdown(
        b"<main><h2>Privacy</h2><h3>Cookies</h3><p>We use cookies.</p>\n"
        b"<strong>Basically,</strong><h1>We give you a cookie.</h1>\n<h3>Sharing</h3><p>We sell nothing.</p></main>",
        "p.html",
    )
    assert page.markdown == (
        "## Privacy\n\n### Cookies\n\nWe use cookies.\n\n**Basically,**\n\n**We give you a cookie.**\n\n"
        "### Sharing\n\nWe sell nothing.\n"
    )
    assert [(line, message.split(":")[0]) for line, message in _said(page.warnings)] == [
        (2, "read the <h1> “We give you a cookie.” as a bold paragraph")
    ]
    first = html_to_markdown(b"<main><h1>Terms of Use.</h1><h2>Fees</h2><p>You pay.</p></main>", "p.html")
    assert first.markdown.startswith("# Terms of Use.") and not first.warnings  # the page's own title
    eyebrow = html_to_markdown(
        b"<main><h6>Legal</h6><h1>Terms of Acme Inc.</h1><h2>Fees</h2><p>Pay.</p></main>", "p"
    )
    assert "# Terms of Acme Inc.\n" in eyebrow.markdown and not eyebrow.warnings  # no section has begun
    japanese = html_to_markdown(
        "<main><h2>データ</h2><p>本文。</p><h1>要するに、クッキーを使います。</h1></main>".encode(), "p"
    )
    assert japanese.markdown.endswith("**要するに、クッキーを使います。**\n")


HELP_PAGE = """<html><head><title>GitHub Privacy Policy · github:help</title></head><body>
<div id="header"><h1>github:help</h1></div>
<div class="content">{before}<h2>GitHub Privacy Policy</h2>
<h3>Cookies</h3><p>We use cookies.</p><h4>Session cookies</h4><p>They end with the session.</p>
<h3>Questions</h3><p>Write to us.</p></div></body></html>"""
"""GitHub's help centre (2012): the site's name in the banner's <h1>, the policy's name in an <h2>, its
sections in <h3>."""


def test_a_help_centre_pages_h2_that_its_title_holds_is_the_title_and_its_sections_are_level_2() -> None:
    converted = convert(HELP_PAGE.format(before="").encode(), "html", "p.html")
    assert converted.title == "GitHub Privacy Policy"  # not "… · github:help"
    assert converted.body.startswith("## Cookies\n\nWe use cookies.\n\n### Session cookies\n")
    assert "## Questions" in converted.body and "GitHub Privacy Policy" not in converted.body


@pytest.mark.parametrize(
    "page",
    [
        HELP_PAGE.format(before="<p>Our promise to you.</p>"),  # text before it: it is not the page's heading
        HELP_PAGE.format(before="")
        .replace("<h3>Questions", "<h2>Questions")
        .replace("</h3><p>Write", "</h2><p>Write"),
        HELP_PAGE.format(before="").replace("<title>GitHub Privacy", "<title>GitHub Terms"),
        HELP_PAGE.format(before="").replace("Privacy Policy ·", "Privacy Policy Archive ·"),
    ],
    ids=["text-before", "not-the-only-h2", "not-in-the-title", "part-of-the-title"],
)
def test_an_h2_that_is_not_plainly_the_pages_title_stays_a_section(page: str) -> None:
    converted = convert(page.encode(), "html", "p.html")
    assert "## GitHub Privacy Policy\n" in converted.body
    assert converted.title is not None and converted.title.endswith("github:help")


def test_sections_under_the_title_are_raised_together_until_the_highest_is_level_2() -> None:
    page = html_to_markdown(
        b"<main><h1>Terms</h1><h3>Fees</h3><p>You pay.</p><h4>Refunds</h4><p>None.</p></main>", "p.html"
    )
    assert page.markdown == "# Terms\n\n## Fees\n\nYou pay.\n\n### Refunds\n\nNone.\n"


# --- pages their scripts fill -------------------------------------------------------------------------


def test_a_javascript_only_page_is_said_to_have_no_policy_text() -> None:
    raw = (
        b'<!doctype html><html><head><title>Privacy Policy | Acme</title><script defer src="/static/js/main.js">'
        b"</script></head><body>\n<noscript>You need to enable JavaScript to run this app.</noscript>"
        b'<div id="root"></div></body></html>'
    )
    page = html_to_markdown(raw, "privacy.html")
    assert page.markdown == "\n" and page.title == "Privacy Policy | Acme"
    assert [(w.line, w.message, w.hint) for w in page.warnings] == [
        (
            1,
            "the snapshot has no policy text (saved, perhaps, from a page that makes its text with JavaScript)",
            "save the page from a browser once it has loaded (Save Page As…, Web Page, complete), or copy the "
            "browser's rendered HTML (developer tools: copy the <html> element)",
        ),
        (
            2,
            "dropped <noscript> and its content",
            "the imported text does not have it: compare the result with the original page",
        ),
    ]


def test_noscript_beside_the_policy_is_dropped_at_its_line() -> None:
    raw = b"<main>\n<p>We keep nothing.</p>\n<noscript><img src='/pixel.gif'> Enable JavaScript.</noscript>\n</main>"
    page = html_to_markdown(raw, "p.html")
    assert page.markdown == "We keep nothing.\n"
    assert _said(page.warnings) == [(3, "dropped <noscript> and its content")]


def test_a_menu_of_pages_inside_a_section_is_left_out() -> None:
    """Pinterest's 2016 page wraps all its content in a `<section>` (Drupal's panels), its menu of legal pages
    first, "Privacy Policy" marked `is-active`: read as policy text because it was inside a part of the page,
    the menu's removal in 2017 was the redline's first change, five items "deleted"."""
    page = html_to_markdown(
        b'<body><main><section class="panel"><ul class="menu"><li><a href="/terms">Terms of Service</a></li>'
        b'<li><a href="/privacy" class="is-active">Privacy Policy</a></li><li><a href="/aup">Acceptable Use'
        b"</a></li></ul><h2>Privacy</h2><p>We collect information in a few ways.</p></section></main></body>",
        "p.html",
    )
    assert page.markdown == "## Privacy\n\nWe collect information in a few ways.\n"
    assert "left out the page's navigation (<ul>)" in [message for _, message in _said(page.warnings)]


def test_a_sections_header_of_one_line_is_its_heading_and_a_list_of_one_laid_out_item_is_its_text() -> None:
    """Pinterest's page of 2017 names each section in its `<header>` (`<div class="headline__title">`) and
    holds the section's text in a list of one item of `<div>`s: imported with no heading at all and every
    section one bullet, its redline against 2016 had 7 changes for one word, all "(before the first
    heading)". A list of one item of plain text, and an article's header (its title), stay as they are."""
    page = html_to_markdown(
        b"<body><main><article><header><h1>Privacy policy</h1></header>"
        b'<section><header class="headline__header"><div class="headline__title">How and when do we share'
        b' information?</div></header><div><ul class="subhead-list"><li><div class="text-tile"><p>Anyone can'
        b" see your public boards.</p><ul><li>When we have your consent.</li><li>When you buy something.</li>"
        b"</ul></div></li></ul></div></section>"
        b'<section><header><div class="headline__title">Children</div></header><ul><li>We do not collect'
        b" data from children.</li></ul></section></article></main></body>",
        "p.html",
    )
    assert page.markdown == (
        "# Privacy policy\n\n## How and when do we share information?\n\nAnyone can see your public boards.\n\n"
        "- When we have your consent.\n- When you buy something.\n\n## Children\n\n"
        "- We do not collect data from children.\n"
    ), page.markdown
    assert [message for _, message in _said(page.warnings)] == [
        "read the <header> of a <section> as its heading: “How and when do we share information?”",
        "read the <header> of a <section> as its heading: “Children”",
        "read the list of one item as page layout: its content is kept, not as a list",
    ]


def test_an_element_with_the_id_content_holding_most_of_the_text_is_the_policy() -> None:
    """Evernote's policy of 2007 sat in `<div id="content">`, the target of the page's "Skip to main content"
    link, beside a download button and a customer's quote ("I no longer have to worry about losing my
    scribbles!"): all were imported as the policy's first lines."""
    policy = "".join(
        f"<h2>Part {n}</h2><p>{'We keep your notes and tell you what we do. ' * 3}</p>" for n in (1, 2)
    )
    page = (
        '<body><a href="#content">Skip to main content</a><div class="callout"><p>“I no longer have to worry'
        f' about losing my scribbles!”</p><p>— David Y.</p></div><div id="content">{policy}</div></body>'
    )
    converted = html_to_markdown(page.encode(), "p.html")
    assert converted.markdown.startswith("## Part 1\n\nWe keep your notes"), converted.markdown
    assert "scribbles" not in converted.markdown and "Skip to" not in converted.markdown
