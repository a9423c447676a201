"""ppgen.markdown: the one parser, heading ids, the raw-HTML policy, bad-input detection."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppgen import markdown
from ppgen.document import Document, assemble
from ppgen.errors import PpgenError
from ppgen.markdown import MD, parse, slugify


def test_heading_ids_are_slugs_of_their_text_and_unique() -> None:
    doc = parse("## Your Legal Rights\n\n## Données & Cookies\n\n### Your Legal Rights\n", "p.md")
    assert [h.id for h in doc.headings] == ["your-legal-rights", "donnees-cookies", "your-legal-rights-2"]
    assert '<h2 id="your-legal-rights">Your Legal Rights</h2>' in doc.html


def test_heading_id_is_stable_across_versions_when_text_is_unchanged() -> None:
    old = parse("## Intro\n\nOne.\n\n## Data We Collect\n\nTwo.\n", "a.md")
    new = parse("## Intro\n\nOne changed.\n\n## New Section\n\nX.\n\n## Data We Collect\n\nTwo.\n", "b.md")
    assert {h.text: h.id for h in old.headings}["Data We Collect"] == {h.text: h.id for h in new.headings}["Data We Collect"]


def test_pinned_id_is_kept_and_removed_from_the_text() -> None:
    doc = parse("## How We Use Data {#use}\n", "p.md")
    assert doc.headings[0].id == "use"
    assert doc.headings[0].text == "How We Use Data"
    assert '<h2 id="use">How We Use Data</h2>' in doc.html


def test_the_same_pinned_id_twice_is_an_error_with_its_line() -> None:
    with pytest.raises(PpgenError) as err:
        parse("## A {#x}\n\ntext\n\n## B {#x}\n", "p.md", first_line=5)
    assert str(err.value).startswith("p.md:9: heading id `x` is used twice")


def test_headings_never_take_an_id_the_page_uses_for_itself() -> None:
    doc = parse("Text[^1].\n\n## Main\n\n## Last updated\n\n## Change 1\n\n## FN1\n\n## Inline\n\n[^1]: A note.\n", "p.md")
    assert [h.id for h in doc.headings] == ["main-2", "last-updated-2", "change-1-2", "fn1-2", "inline-2"]
    ids = re.findall(r' id="([^"]*)"', doc.html)
    assert len(ids) == len(set(ids)) and "fn1" in ids
    with pytest.raises(PpgenError) as err:
        parse("## A\n\n## B {#side-by-side}\n", "p.md", first_line=3)
    assert str(err.value).startswith("p.md:5: heading id `side-by-side` is one the page uses for itself (choose another {#id}")


def test_slugify_never_returns_empty() -> None:
    assert slugify("§§§") == "section"
    assert slugify("Über uns") == "uber-uns"


def test_tables_footnotes_and_lists_render() -> None:
    doc = parse("Text[^1].\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n- one\n- two\n\n[^1]: A note.\n", "p.md")
    assert '<td class="align-right">2</td>' in doc.html
    assert 'class="footnotes"' in doc.html and "A note." in doc.html
    assert "<li>one</li>" in doc.html
    assert "style=" not in doc.html


def test_document_html_is_assembled_from_its_blocks_exactly_as_markdown_it_renders() -> None:
    source = "## A\n\n> quote\n> more\n\n1. one\n2. two\n   - nested\n\n     para\n\n```\ncode\n```\n\n---\n\nText[^n].\n\n[^n]: Note.\n"
    doc = parse(source, "p.md")
    assert assemble(doc.blocks) == doc.html == MD.render(source)


def test_formatting_html_passes_the_allowlist() -> None:
    doc = parse('Some <b>bold</b>, <abbr title="General Data Protection Regulation">GDPR</abbr> and <u>u</u>.\n', "p.md")
    assert '<b>bold</b>, <abbr title="General Data Protection Regulation">GDPR</abbr> and <u>u</u>' in doc.html


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("Intro.\n\n<script>alert(1)</script>\n", 3, "<script>"),
        ("Intro.\n\n<iframe src=\"https://x\"></iframe>\n", 3, "<iframe>"),
        ("A <span onclick=\"x()\">click</span> here.\n", 1, "event handler `onclick`"),
        ("Line one\nline <a href=\"javascript:alert(1)\">two</a>\n", 2, "`javascript:alert(1)` URL"),
        ("See [this](javascript:alert(1)).\n", 1, "URL in <a href>"),
        ("<object data=\"x.swf\"></object>\n", 1, "<object>"),
    ],
)
def test_active_content_is_an_error_at_its_line(source: str, line: int, what: str) -> None:
    with pytest.raises(PpgenError) as err:
        parse(source, "content/p/2025-01-01.md", first_line=1)
    message = str(err.value)
    assert message.startswith(f"content/p/2025-01-01.md:{line}: active content")
    assert what in message
    assert 'raw_html = "strip"' in message


def test_strip_mode_removes_active_content_with_a_warning_and_keeps_the_text() -> None:
    doc = parse("Keep <span onclick=\"x()\">this</span>.\n\n<script>alert(1)</script>\n", "p.md", raw_html="strip")
    assert "onclick" not in doc.html and "<script" not in doc.html and "alert" not in doc.html
    assert "Keep <span>this</span>." in doc.html
    assert [w.line for w in doc.warnings] == [1, 3]


def test_unclosed_comment_is_an_error_at_the_comment() -> None:
    with pytest.raises(PpgenError) as err:
        parse("Para.\n\n<!-- a note\n\nThe rest of the policy.\n", "p.md", first_line=4)
    assert str(err.value).startswith("p.md:6: HTML comment is never closed")


def test_closed_comment_is_dropped_silently() -> None:
    doc = parse("Para.\n\n<!-- editor note -->\n\nRest.\n", "p.md")
    assert "editor note" not in doc.html and "Rest." in doc.html


@pytest.mark.parametrize("snippet", ["{{ company_name }}", "{% if eu %}"])
def test_template_leftovers_are_errors(snippet: str) -> None:
    with pytest.raises(PpgenError) as err:
        parse(f"First.\n\nWe, {snippet}, promise.\n", "p.md", first_line=3)
    assert str(err.value).startswith("p.md:5: template syntax")


def test_level_one_heading_in_the_body_is_an_error() -> None:
    with pytest.raises(PpgenError) as err:
        parse("# Privacy Policy\n\nText.\n", "p.md", first_line=4)
    assert str(err.value).startswith("p.md:4: a level-1 heading")


def test_all_problems_of_a_file_are_reported_together() -> None:
    with pytest.raises(PpgenError) as err:
        parse("{{ a }}\n\n<script>x</script>\n", "p.md")
    assert len(err.value.problems) == 2


def test_blocks_carry_section_and_line() -> None:
    doc = parse("Intro.\n\n## Data\n\n- one\n- two\n", "p.md", first_line=10)
    kinds = [(b.kind, b.section, b.line, b.text) for b in doc.blocks]
    assert kinds == [
        ("paragraph", None, 10, "Intro."),
        ("heading", "data", 12, "Data"),
        ("paragraph", "data", 14, "one"),
        ("paragraph", "data", 15, "two"),
    ]
    assert [c.kind for c in doc.blocks[2].containers] == ["bullet_list", "list_item"]


# ---------------------------------------------------------------- parsing in parts

_LINES = st.sampled_from(
    [
        "", "", "", "## Data We Collect", "### Data We Collect", "## Use {#use}", "#### Use", "# Title", "#hashtag", "##",
        "Plain words here.", "lazy continuation line", "*emphasis that starts", "and ends* here.", "A [link](#use) and `code`.",
        "- item one", "- item two", "1. first", "2. second", "   indented continuation", "    indented code", "> quoted",
        "> - quoted item", "| a | b |", "|---|--:|", "| 1 | 2 |", "| a | b |\n|---|--:|\n| 1 | 2 |", "===", "---", "***", "Term  ",
        "A <b>bold</b> word.", "a | b", "--|--", "10. tenth", "-", "\t", "  - nested item", "Ébène ~~struck~~ here.",
    ]
)
_WHOLE_ONLY = st.sampled_from(["```", "~~~", "<div>", "<!-- note -->", "Text[^1].", "[^1]: A note.", "[x]: https://example.com", "See [x].", "old\r# Mac line"])


def _whole(body: str, **kwargs: object) -> Document | str:
    """The body parsed as one part (the reference), or its error text."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "_parts", lambda text: [(0, text)])
        return _outcome(body, **kwargs)


def _outcome(body: str, **kwargs: Any) -> Document | str:
    try:
        return parse(body, "p.md", 3, **kwargs)
    except PpgenError as err:
        return str(err)


@given(st.one_of(st.lists(_LINES, max_size=40), st.lists(st.one_of(_LINES, _WHOLE_ONLY), max_size=40)), st.sampled_from(["\n", "\n\n"]))
@settings(max_examples=600, deadline=None)
def test_a_body_parsed_in_parts_is_the_body_parsed_whole(lines: list[str], between: str) -> None:
    body = between.join(lines) + "\n"
    assert _outcome(body) == _whole(body)
    # Parts kept from other bodies give the same documents as a fresh parse.
    parts: markdown.Parts = {}
    for other in (body, "## Before\n\nText.\n\n" + body, body):
        _outcome(other, parts=parts)
    assert _outcome("Intro.\n\n" + body, parts=parts) == _outcome("Intro.\n\n" + body)
    assert _outcome(body, parts=parts) == _outcome(body)


def test_parts_are_reused_across_versions_and_give_the_same_documents() -> None:
    old = "## Intro\n\nOne.\n\n## Use {#use}\n\n- a\n- b\n\n## Intro\n\nTwo.\n"
    new = "## Intro\n\nOne changed.\n\n## Use {#use}\n\n- a\n- b\n\n## Intro\n\nTwo.\n"
    parts: markdown.Parts = {}
    first, second = parse(old, "a.md", parts=parts), parse(new, "b.md", parts=parts)
    assert (first, second) == (parse(old, "a.md"), parse(new, "b.md"))
    assert len(parts) == 5  # a part per heading and per paragraph: only the changed paragraph is new
    assert [h.id for h in second.headings] == ["intro", "use", "intro-2"]
    assert [b.line for b in second.blocks] == [1, 3, 5, 7, 8, 10, 12]


def test_a_body_is_cut_only_where_nothing_before_reaches_across() -> None:
    body = "## A\n\nOne.\n- x\n\n  still x\n\nTwo\n\n  \n> quote\n\nÉtat\n1. y\n"
    assert markdown._parts(body) == [(0, "## A\n\n"), (2, "One.\n- x\n\n  still x\n\n"), (7, "Two\n\n  \n> quote\n\n"), (12, "État\n1. y\n")]


def test_table_cells_have_the_line_of_their_row() -> None:
    doc = parse("## T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n", "p.md", first_line=10)
    assert [(b.kind, b.line) for b in doc.blocks] == [("heading", 10), ("th", 12), ("th", 12), ("td", 14), ("td", 14), ("td", 15), ("td", 15)]


def test_problems_in_a_reused_part_carry_each_file_and_line() -> None:
    parts: markdown.Parts = {}
    body = "## A\n\nText.\n\n## B\n\n<span onclick=\"x()\">b</span> here.\n"
    for path, first_line in (("a.md", 1), ("b.md", 10)):
        with pytest.raises(PpgenError) as err:
            parse(body, path, first_line, parts=parts)
        assert str(err.value).startswith(f"{path}:{first_line + 6}: active content event handler")
