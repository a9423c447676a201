"""ppgen.source.markdown: the one parser, heading ids, the raw-HTML policy, bad-input detection."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppgen.core.document import Document, assemble
from ppgen.core.errors import PpgenError
from ppgen.source import leftovers, markdown, outline
from ppgen.source.headings import ESCAPE, Ids, is_page_id
from ppgen.source.markdown import MD, parse, slugify


def test_heading_ids_are_slugs_of_their_text_and_unique() -> None:
    doc = parse("## Your Legal Rights\n\n## Données & Cookies\n\n### Your Legal Rights\n", "p.md")
    assert [h.id for h in doc.headings] == ["your-legal-rights", "donnees-cookies", "your-legal-rights-2"]
    assert '<h2 id="your-legal-rights">Your Legal Rights</h2>' in doc.html


def test_heading_id_is_stable_across_versions_when_text_is_unchanged() -> None:
    old = parse("## Intro\n\nOne.\n\n## Data We Collect\n\nTwo.\n", "a.md")
    new = parse("## Intro\n\nOne changed.\n\n## New Section\n\nX.\n\n## Data We Collect\n\nTwo.\n", "b.md")
    assert {h.text: h.id for h in old.headings}["Data We Collect"] == {h.text: h.id for h in new.headings}[
        "Data We Collect"
    ]


def test_pinned_id_is_kept_and_removed_from_the_text() -> None:
    doc = parse("## How We Use Data {#use}\n", "p.md")
    assert doc.headings[0].id == "use"
    assert doc.headings[0].text == "How We Use Data"
    assert '<h2 id="use">How We Use Data</h2>' in doc.html


def test_kramdowns_heading_id_pins_it_too() -> None:
    """Mozilla's legal docs (Jekyll): `### Sync {: #sync }`; its pages link to `#sync`."""
    doc = parse("### Sync {: #sync }\n\nText.\n\n### Location services {:#location}\n\nMore.\n", "p.md")
    assert [(h.id, h.text) for h in doc.headings] == [("sync", "Sync"), ("location", "Location services")]
    assert "{:" not in doc.html


def test_the_same_pinned_id_twice_is_an_error_with_its_line() -> None:
    with pytest.raises(PpgenError) as err:
        parse("## A {#x}\n\ntext\n\n## B {#x}\n", "p.md", first_line=5)
    assert str(err.value).startswith("p.md:9: heading id `x` is used twice")


def test_headings_never_take_an_id_the_page_uses_for_itself() -> None:
    doc = parse(
        "Text[^1].\n\n## Main\n\n## Last updated\n\n## Change 1\n\n## FN1\n\n## Inline\n\n[^1]: A note.\n",
        "p.md",
    )
    assert [h.id for h in doc.headings] == ["main-2", "last-updated-2", "change-1-2", "fn1-2", "inline-2"]
    ids = re.findall(r' id="([^"]*)"', doc.html)
    assert len(ids) == len(set(ids)) and "fn1" in ids
    with pytest.raises(PpgenError) as err:
        parse("## A\n\n## B {#side-by-side}\n", "p.md", first_line=3)
    assert str(err.value).startswith(
        "p.md:5: heading id `side-by-side` is one the page uses for itself (choose another {#id}"
    )


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
    source = (
        "## A\n\n> quote\n> more\n\n1. one\n2. two\n   - nested\n\n     para\n\n```\ncode\n```\n\n---\n\n"
        "Text[^n].\n\n[^n]: Note.\n"
    )
    doc = parse(source, "p.md")
    assert assemble(doc.blocks) == doc.html == MD.render(source)


def test_formatting_html_passes_the_allowlist() -> None:
    doc = parse(
        'Some <b>bold</b>, <abbr title="General Data Protection Regulation">GDPR</abbr> and <u>u</u>.\n',
        "p.md",
    )
    assert (
        '<b>bold</b>, <abbr title="General Data Protection Regulation">GDPR</abbr> and <u>u</u>' in doc.html
    )


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("Intro.\n\n<script>alert(1)</script>\n", 3, "<script>"),
        ('Intro.\n\n<iframe src="https://x"></iframe>\n', 3, "<iframe>"),
        ('A <span onclick="x()">click</span> here.\n', 1, "event handler `onclick`"),
        ('Line one\nline <a href="javascript:alert(1)">two</a>\n', 2, "`javascript:alert(1)` URL"),
        ("See [this](javascript:alert(1)).\n", 1, "URL in a Markdown link"),
        ('<object data="x.swf"></object>\n', 1, "<object>"),
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
    doc = parse(
        'Keep <span onclick="x()">this</span>.\n\n<script>alert(1)</script>\n', "p.md", raw_html="strip"
    )
    assert "onclick" not in doc.html and "<script" not in doc.html and "alert" not in doc.html
    assert "Keep <span>this</span>." in doc.html
    assert [w.line for w in doc.warnings] == [1, 3]


def test_indented_text_shown_as_code_is_a_warning_at_its_line() -> None:
    """A paragraph pasted with its indentation (a tab from a word processor) becomes a code block, its link
    written out: a warning at its line. Fenced code, which its author meant as code, is no warning."""
    source = (
        "## Sharing\n\n\tWe share data with [our processors](https://example.com/p) only.\n\n```\ncode\n```\n"
    )
    doc = parse(source, "content/p/2025-01-01.md", first_line=5)
    assert "<pre><code>We share data with [our processors]" in doc.html
    assert [(w.path, w.line, w.code) for w in doc.warnings] == [
        ("content/p/2025-01-01.md", 7, "indented-code")
    ]
    assert "remove the indentation" in (doc.warnings[0].hint or "")


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


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ("Signed by <Company>, at <ADDRESS>.", "<Company>"),
        ("Between you and <Company Name>.", "<Company Name>"),
        ("Effective <insert date>.", "<insert date>"),
        ("<Customer Name>", "<Customer Name>"),  # alone on its line: a raw HTML block
        (
            "<p>Hello <Company_Name> here.</p>",
            "<Company_Name>",
        ),  # in raw HTML, a name Markdown would not take
        ('<p>Hello <Company "Name> here.</p>', '<Company "Name>'),
    ],
)
def test_a_placeholder_that_markdown_reads_as_html_is_a_template_leftover(line: str, tag: str) -> None:
    """A tag naming no HTML element is a template's placeholder: a browser would show nothing of it, so the
    words would be lost without a word. With template_syntax = "text" it is shown as written, with a warning."""
    with pytest.raises(PpgenError) as err:
        parse(f"First.\n\n{line}\n", "p.md", first_line=3)
    first = err.value.problems[0]
    assert (first.line, first.code) == (5, "template-syntax") and f"placeholder `{tag}`" in first.message
    doc = parse(f"First.\n\n{line}\n", "p.md", first_line=3, template_syntax="text")
    shown = tag.replace("<", "&lt;").replace(">", "&gt;")
    assert shown in doc.html
    assert [(w.line, w.code) for w in doc.warnings][:1] == [(5, "template-syntax")]


@pytest.mark.parametrize(
    "line",
    [
        "A <b>bold</b> <center>word</center>, <sup>2</sup>.",  # HTML's own tags, old ones too
        "Write to <privacy@example.com> or <https://example.com>.",  # autolinks
        "The code `<Company>` and `<T>`.",  # code shows as written
        "A typo</il> that closes nothing.",  # an end tag: no words in it
        "<ol>\n<il>A typo of li</il>\n</ol>",  # closed: it wraps words browsers show (GitHub's agreement)
        "An <il>unknown\nelement</il> in a paragraph.",
        "<p>Word's <o:p></o:p> and <fencedframe>x</fencedframe>.</p>",  # Word's namespaced tags; new elements
    ],
)
def test_html_tags_autolinks_and_code_are_no_placeholders(line: str) -> None:
    doc = parse(f"{line}\n", "p.md")
    assert not doc.warnings and "&lt;Company&gt;" not in doc.html.replace("<code>&lt;Company&gt;", "")


def test_level_one_headings_move_every_heading_one_level_down() -> None:
    """`#` used for sections: the structure is kept one level lower (h6 stays h6); the page keeps one h1."""
    text = "## Intro\n\nText.\n\n# Data\n\n##### Fine\n\n###### Finer\n"
    doc = parse(text, "p.md", first_line=4)
    notes = outline.notes(doc, "p.md")
    assert [(h.level, h.id) for h in doc.headings] == [(3, "intro"), (2, "data"), (6, "fine"), (6, "finer")]
    assert '<h3 id="intro">' in doc.html and '<h2 id="data">' in doc.html and "<h1" not in doc.html
    assert doc.html.count("<h6") == 2 and doc.html.count("</h6>") == 2
    assert [(n.path, n.line, n.code) for n in notes][:1] == [("p.md", 8, "heading-level")]  # then the skips
    # Without a level-1 heading nothing moves, and nothing is said.
    unmoved = parse("## Intro\n\nText.\n", "p.md")
    assert '<h2 id="intro">' in unmoved.html and outline.notes(unmoved, "p.md") == []


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
        "",
        "",
        "",
        "## Data We Collect",
        "### Data We Collect",
        "## Use {#use}",
        "#### Use",
        "# Title",
        "#hashtag",
        "##",
        "Plain words here.",
        "lazy continuation line",
        "*emphasis that starts",
        "and ends* here.",
        "A [link](#use) and `code`.",
        "- item one",
        "- item two",
        "1. first",
        "2. second",
        "   indented continuation",
        "    indented code",
        "> quoted",
        "> - quoted item",
        "| a | b |",
        "|---|--:|",
        "| 1 | 2 |",
        "| a | b |\n|---|--:|\n| 1 | 2 |",
        "===",
        "---",
        "***",
        "Term  ",
        "A <b>bold</b> word.",
        "a | b",
        "--|--",
        "10. tenth",
        "-",
        "\t",
        "  - nested item",
        "Ébène ~~struck~~ here.",
    ]
)
_WHOLE_ONLY = st.sampled_from(
    [
        "```",
        "~~~",
        "<div>",
        "<!-- note -->",
        "Text[^1].",
        "[^1]: A note.",
        "[x]: https://example.com",
        "See [x].",
        "old\r# Mac line",
    ]
)


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


@given(
    st.one_of(st.lists(_LINES, max_size=40), st.lists(st.one_of(_LINES, _WHOLE_ONLY), max_size=40)),
    st.sampled_from(["\n", "\n\n"]),
)
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
    assert markdown._parts(body) == [
        (0, "## A\n\n"),
        (2, "One.\n- x\n\n  still x\n\n"),
        (7, "Two\n\n  \n> quote\n\n"),
        (12, "État\n1. y\n"),
    ]


def test_table_cells_have_the_line_of_their_row() -> None:
    doc = parse("## T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n", "p.md", first_line=10)
    assert [(b.kind, b.line) for b in doc.blocks] == [
        ("heading", 10),
        ("th", 12),
        ("th", 12),
        ("td", 14),
        ("td", 14),
        ("td", 15),
        ("td", 15),
    ]


def test_problems_in_a_reused_part_carry_each_file_and_line() -> None:
    parts: markdown.Parts = {}
    body = '## A\n\nText.\n\n## B\n\n<span onclick="x()">b</span> here.\n'
    for path, first_line in (("a.md", 1), ("b.md", 10)):
        with pytest.raises(PpgenError) as err:
            parse(body, path, first_line, parts=parts)
        assert str(err.value).startswith(f"{path}:{first_line + 6}: active content event handler")


# ---------------------------------------------------------------- heading ids that always end


@contextmanager
def _ends_within(seconds: float) -> Iterator[None]:
    """Fail, instead of hanging the suite, when the block runs longer than `seconds` (a bug, not a budget)."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_headings_whose_every_numbered_id_is_the_pages_get_a_section_id() -> None:
    titles = ["Compare plans", "Compare plans", "RL notes", "Change", "Change", "Section change", "Main"]
    titles.append("Main")
    with _ends_within(10):
        doc = parse("".join(f"## {title}\n\n" for title in titles), "p.md")
    assert [h.id for h in doc.headings] == [
        "section-compare-plans",
        "section-compare-plans-2",
        "section-rl-notes",
        "change",
        "section-change",
        "section-change-2",
        "main-2",
        "main-3",
    ]


def test_every_reserved_name_reserves_all_its_numbered_forms_or_none() -> None:
    """Why `Ids.take` ends: a base's `-2` form tells whether every `-N` form is the page's, and
    no reserved id starts with the escape prefix."""
    bases = [
        "main",
        "inline",
        "redline",
        "redline-title",
        "policy-text",
        "change",
        "sbs-change",
        "change-1",
        "sbs-change-3",
        "fn",
        "fn1",
        "fnref",
        "fnref1",
        "compare",
        "compare-x",
        "compare-plans-2",
        "rl",
        "rl-notes",
        "rl-",
        "section",
        "a",
        "x-2",
    ]
    for base in bases:
        numbered = {is_page_id(f"{base}-{n}") for n in range(2, 60)}
        assert numbered == {is_page_id(f"{base}-2")}, base
        assert not any(is_page_id(f"{ESCAPE}{base}{suffix}") for suffix in ("", "-2", "-17")), base


def _ids_as_they_were(headings: list[tuple[str, bool]]) -> list[str] | None:
    """The numbering before the fix (`base-2`, `base-3`… past taken and reserved ids), or None
    where it never ended."""
    seen: set[str] = set()
    out: list[str] = []
    for base, pinned in headings:
        ident, n = base, 1
        while (ident in seen or is_page_id(ident)) and not pinned:
            n += 1
            ident = f"{base}-{n}"
            if n > 500:
                return None
        seen.add(ident)
        out.append(ident)
    return out


_BASES = st.sampled_from(
    [
        "a",
        "a-2",
        "a-3",
        "b",
        "main",
        "main-2",
        "inline",
        "change",
        "change-1",
        "change-2",
        "fn1",
        "fn1-2",
        "fnref1",
        "compare-plans",
        "rl-notes",
        "section",
        "section-change",
        "section-compare-plans",
        "section-compare-plans-2",
    ]
)


@given(st.lists(st.tuples(_BASES, st.booleans()), max_size=30))
@settings(max_examples=300, deadline=None)
def test_ids_are_as_before_wherever_the_old_numbering_ended(headings: list[tuple[str, bool]]) -> None:
    ids = Ids()
    with _ends_within(5):
        given_ids = [ids.take(base, pinned) for base, pinned in headings]
    before = _ids_as_they_were(headings)
    if before is not None:
        assert given_ids == before
    free = [ident for ident, (_, pinned) in zip(given_ids, headings, strict=True) if not pinned]
    assert len(set(free)) == len(free) and not any(is_page_id(ident) for ident in free)


def test_twenty_thousand_identical_headings_are_numbered_in_order() -> None:
    doc = parse("## Definitions\n\nText.\n\n" * 20_000, "p.md", parts={})
    assert [h.id for h in doc.headings] == ["definitions", *(f"definitions-{n}" for n in range(2, 20_001))]


def test_build_and_check_end_where_the_old_numbering_never_ended(make_site: Callable[..., Path]) -> None:
    text = "---\ntitle: P\n---\n\n## Compare plans\n\nText.\n\n## RL notes\n\nMore.\n"
    config = 'title = "T"\nbase_url = "https://example.com/"\n'
    root = make_site({"content/privacy/2025-01-01.md": text}, config)
    for command in (["build", "-q", "--as-of", "2025-06-01"], ["check"]):
        command = [sys.executable, "-m", "ppgen", *command]
        run = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 0, run.stderr
    page = (root / "site" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert 'id="section-compare-plans"' in page and 'id="section-rl-notes"' in page


@given(st.text(st.sampled_from("{}% x\n"), max_size=40))
def test_template_leftovers_are_found_as_the_regex_found_them(text: str) -> None:
    expected = [(m.start(), m.group(0)) for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", text, re.DOTALL)]
    assert list(leftovers.find(text)) == expected


def test_a_pinned_id_after_spaces_and_tabs_is_cut_with_them() -> None:
    doc = parse("## How we use data \t {#use}  \n", "p.md")
    assert (doc.headings[0].id, doc.headings[0].text) == ("use", "How we use data")


@pytest.mark.parametrize(
    ("body", "first_line", "line"), [("", 1, 1), ("\n\n", 4, 3), ("<!-- a note -->\n", 5, 4)]
)
def test_a_body_with_no_text_builds_with_a_warning(body: str, first_line: int, line: int) -> None:
    """An empty file, front matter alone (the body starts after its closing line) or a comment alone."""
    doc = parse(body, "content/p/2025-01-01.md", first_line=first_line)
    assert [(w.line, w.code) for w in doc.warnings] == [(line, "no-text")]
    assert parse("Text.\n", "content/p/2025-01-01.md").warnings == ()


def test_a_table_row_with_more_cells_than_its_header_is_a_warning_at_its_line() -> None:
    """Markdown drops the cells past the header's last column, and their text: two rows written on one line
    lost a whole category of a real privacy notice. An escaped `\\|` is no cell; a table in a quote counts too."""
    source = (
        "## T\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n| x | y | | lost | text |\n| a \\| b | c |\n\n"
        "> | Q | R |\n> |---|---|\n> | 1 | 2 | 3 |\n"
    )
    doc = parse(source, "content/p/2025-01-01.md", first_line=5)
    assert [(w.line, w.message, w.code) for w in doc.warnings] == [
        (10, "table row has 5 cells but its header 2: its last 3 cells are not shown", "table-cells"),
        (15, "table row has 3 cells but its header 2: its last cell is not shown", "table-cells"),
    ]


def test_a_table_after_an_old_mac_line_break_is_checked_at_its_row() -> None:
    """markdown-it ends a line at a lone `\\r` too, so the rows are looked up in lines split the same way
    (found by the fuzz test above: the row's line was past the last `\\n`-split line)."""
    doc = parse("old\r# Mac line\n\n| a | b |\n|---|--:|\n| 1 | 2 | 3 |\n", "content/p/2025-01-01.md")
    assert [(w.line, w.code) for w in doc.warnings] == [(6, "table-cells")]


def test_a_changed_placeholder_shows_in_the_redline() -> None:
    """Shown as written (template_syntax = "text"), a placeholder is words: its change is marked like any."""
    from ppgen.redline.compare import compare
    from test_redline import THEME_WORDS, text

    old, new = (
        parse(f"The controller is <{name}>.\n", "p.md", template_syntax="text")
        for name in ("Acme Holdings Ltd", "Acme Ireland DAC")
    )
    inline = compare(old, new).inline(THEME_WORDS, "newer")
    assert "Holdings" not in text(inline, "del") and "Ireland" not in text(inline, "ins")
    assert "Holdings" in text(inline, "ins") and "Ireland" in text(inline, "del")


@pytest.mark.parametrize(
    ("source", "items"),
    [
        ("1. a\n2. b\n4. c\n7. d\n8. e\n", ["<li>", "<li>", '<li value="4">', '<li value="7">', "<li>"]),
        ("1. a\n1. b\n1. c\n", ["<li>", "<li>", "<li>"]),  # one number each: in order, as Markdown does
        ("3. a\n4. b\n", ["<li>", "<li>"]),  # in order from its start
        ("1. a\n\n   3. inner\n   5. more\n2. b\n", ["<li>", "<li>", '<li value="5">', "<li>"]),
    ],
)
def test_numbered_items_keep_the_numbers_written(source: str, items: list[str]) -> None:
    """Clauses written 1, 2, 4, 7 are not shown as 1, 2, 3, 4: a reference to clause 4 must find clause 4."""
    assert re.findall(r"<li[^>]*>", parse(source, "p.md").html) == items


def test_a_definition_nothing_refers_to_is_a_warning_at_its_line() -> None:
    """Markdown shows neither a footnote nobody refers to nor a line that reads as an unused link definition:
    their words would be on no page without a word said."""
    source = (
        "Records are kept [^a]; see [the terms][t] and [Terms].\n\n[^a]: Seven years.\n\n[^b]: Unless the law says"
        " less.\n\n[t]: https://example.com/t\n\n[terms]: https://example.com/t\n\n"
        "The annex:\n\n[Annex A]: Data-terms\n"
    )
    doc = parse(source, "p.md", first_line=3)
    found = [(w.line, w.code, w.message.split(" ")[1]) for w in doc.warnings]
    assert found == [(7, "unshown-definition", "[^b]"), (15, "unshown-definition", "A]:")]
    assert "Seven years" in doc.html and "Unless the law" not in doc.html
    used = (
        "See [Straße], [the terms][t] and [T2][].\n\n[STRASSE]: /a\n\n[t]: /b\n\n[t2]: /c\n\n[Straße]: /d\n"
    )
    assert parse(used, "p.md").warnings == ()  # labels matched as markdown-it matches them (case-folded)


def test_a_heading_that_skips_a_level_is_a_note_at_its_line() -> None:
    """`##` then `####` (a size picked for its looks): a screen reader's list of headings skips a level."""
    doc = parse(
        "## Terms\n\nText.\n\n#### Fees\n\nText.\n\n### Taxes\n\n## End\n\n#### Last\n", "p.md", first_line=4
    )
    found = [(p.line, p.code, p.message) for p in outline.notes(doc, "p.md")]
    assert found == [
        (8, "heading-level", "heading “Fees” is #### after a ## heading: the outline skips a level"),
        (16, "heading-level", "heading “Last” is #### after a ## heading: the outline skips a level"),
    ]
    assert [p.hint.split(",")[0] for p in outline.notes(doc, "p.md")] == ["make it ###", "make it ###"]
    # Imgur's policy opens with `# Privacy Policy` and goes on with `###`: its headings move one level down,
    # and the advice is in the levels as written (it said "make it ###" of a `###`).
    titled = parse("# Privacy Policy\n\nIntro.\n\n### Collection\n\nText.\n", "p.md", first_line=4)
    (note,) = [p for p in outline.notes(titled, "p.md") if "skips" in p.message]
    assert (note.message, note.hint.split(",")[0]) == (
        "heading “Collection” is ### after a # heading: the outline skips a level",
        "make it ##",
    )
    assert outline.notes(parse("## A\n\n### B\n\n## C\n", "p.md"), "p.md") == []
    assert [p.line for p in outline.notes(parse("### First\n", "p.md", first_line=1), "p.md")] == [1]


def test_a_redline_numbers_items_as_the_text_does() -> None:
    """The redline's own item numbers (the inline view, the terminal diff) follow the numbers the text gives."""
    from ppgen.redline.compare import compare
    from ppgen.redline.terminal import format_diff
    from test_redline import THEME_WORDS

    older = parse("1. alpha item\n2. beta item\n4. gamma item\n7. delta item\n", "p.md")
    newer = parse("1. alpha item\n2. beta item\n4. gamma item changed\n7. delta item\n", "p.md")
    items = re.findall(r"<li[^>]*>", compare(older, newer).inline(THEME_WORDS, "newer"))
    assert items[:4] == ['<li value="1">', '<li value="2">', '<li value="4">', '<li value="7">']
    assert "4. gamma item {+changed+}" in format_diff(older, newer, THEME_WORDS)


def test_a_note_for_the_team_in_a_comment_is_a_warning_at_its_line() -> None:
    """A comment is hidden on the page, but the version's raw text, published beside it, keeps it: a note that
    was never meant for readers is said, a tool's directive or words of the policy are not."""
    source = (
        "## Retention\n\n<!-- TODO: confirm the period with legal -->\n\nWe keep data for 30 days.<!-- per\n"
        "@ana, outside counsel says 90 -->\n\n<!-- markdownlint-disable MD033 -->\n\n"
        "<!-- Write to privacy@example.com; todo el texto es vinculante. -->\n\n<!-- Confidential -->\n"
    )
    doc = parse(source, "p.md", first_line=5)
    found = [(w.line, w.code) for w in doc.warnings]
    assert found == [(7, "published-comment"), (10, "published-comment"), (16, "published-comment")]
    assert doc.warnings[0].message == (
        "HTML comment “TODO: confirm the period with legal” is hidden on the page, but published with the"
        " version's raw text"
    )
    assert "TODO" not in doc.html and "counsel" not in doc.html  # hidden on the page, as HTML says


def test_an_unused_link_definition_after_old_mac_line_ends_is_found() -> None:
    """A lone `\\r` ends a line for markdown-it; the check read the definition's line from the text split at
    `\\n` only, and failed with an IndexError (hypothesis found it)."""
    doc = parse("old\r# Mac line\n\nold\r# Mac line\n\n[x]: https://example.com\n", "p.md")
    assert [w.message.split("`")[1] for w in doc.warnings if w.code == "unshown-definition"] == [
        "[x]: https://example.com"
    ]
