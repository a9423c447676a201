"""ppgen.redline.compare: the oracle (strip <ins> → older text, strip <del> → newer text), structure, moves,
notes, navigation.

The oracle is checked on every pair of the example site's versions and on random documents
(hypothesis) with edits, insertions, deletions, moved sections and formatting changes.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ppgen.core.document import Document
from ppgen.core.errors import PpgenError
from ppgen.redline import worddiff as redline_words
from ppgen.redline.cache import PolicyCache
from ppgen.redline.compare import Redline, align, compare
from ppgen.redline.views import with_folded_text
from ppgen.redline.words import CJK
from ppgen.site.templates import Theme
from ppgen.source.markdown import parse

REPO = Path(__file__).resolve().parent.parent
THEME_WORDS = Theme(None, "en").wording("en", "en")[0]
"""The default theme's words for a redline's text."""
EXAMPLES = sorted((REPO / "content" / "privacy").glob("????-??-??.md"))  # not the translations (.de.md)
VOID = {
    "br",
    "img",
    "hr",
    "wbr",
    "col",
    "area",
    "embed",
    "source",
    "track",
    "input",
    "meta",
    "link",
    "base",
    "param",
}
BLOCK = {
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "pre",
    "details",
    "section",
    "hr",
}
PHRASING = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "span",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "code",
    "summary",
    "sup",
}
"""Elements that may hold only phrasing content (<ins>/<del> are transparent: they take their parent's model)."""


# ---------------------------------------------------------------- helpers


class _Text(HTMLParser):
    """Text of an HTML fragment, leaving out the named elements and every `.rl-note`."""

    def __init__(self, skip: set[str], note: str = "rl-note") -> None:
        super().__init__(convert_charrefs=True)
        self.skip, self.note = skip, note
        self.stack: list[bool] = []
        self.hidden = 0
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        hide = tag in self.skip or self.note in (dict(attrs).get("class") or "").split()
        self.stack.append(hide)
        self.hidden += hide

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.hidden -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)


_UNSPACED_BREAK = re.compile(
    f"(?<=[{CJK}\u3000-\u303f\uff01-\uff20])[ \t]*\n\\s*(?=[{CJK}\u3000-\u303f\uff01-\uff20])"
)
"""A line break between two characters of Chinese or Japanese: between blocks a break, never a space."""


def text(html: str, *skip: str) -> str:
    """Whitespace-normalised text of `html` without `skip` elements and `.rl-note` elements (a block boundary
    between Japanese sentences, which no space parts, read as no space)."""
    parser = _Text(set(skip))
    parser.feed(html)
    parser.close()
    return " ".join(_UNSPACED_BREAK.sub("", "".join(parser.out)).split())


class _Structure(HTMLParser):
    """Checks that tags balance and nest as HTML allows, and collects ids and fragment links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.links.append(str(values["href"])[1:])
        parent = self.stack[-1] if self.stack else ""
        if tag in BLOCK and parent in PHRASING:
            self.errors.append(f"<{tag}> inside <{parent}>")
        if tag == "li" and parent not in ("ul", "ol"):
            self.errors.append(f"<li> inside <{parent}>")
        if tag in ("td", "th") and parent != "tr":
            self.errors.append(f"<{tag}> inside <{parent}>")
        if tag == "tr" and parent not in ("thead", "tbody", "table"):
            self.errors.append(f"<tr> inside <{parent}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()


def structure(html: str) -> _Structure:
    checker = _Structure()
    checker.feed(html)
    checker.close()
    if checker.stack:
        checker.errors.append(f"unclosed {checker.stack}")
    return checker


def seen(html: str) -> str:
    """HTML as a reader sees it: runs of white space one space, none between tags, comments left out."""
    return re.sub(r">\s+<", "><", " ".join(re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL).split()))


def load(path: Path) -> Document:
    source = path.read_text(encoding="utf-8")
    _, _, body = source.split("---\n", 2)
    return parse(body, str(path))


NEWER = "../newer/"
"""The newer version's page, as the redline page would link to it (folded text is there, not on the page)."""
FOLD = re.compile(
    r'<p class="rl-note rl-fold">(?:<span id="[^"]*"></span>)*<a href="([^"#]*)#([^"]*)">([^<]*)</a></p>'
)
"""A fold: in place of unchanged text, a link to it in the newer version's page."""


def unfolded(html: str, redline: Redline, new: Document) -> str:
    """A view with each fold read as the newer version's blocks it stands for (`Redline.folds`, in order),
    after checking that its link leads to the section those blocks are in on the newer version's page."""
    found = list(FOLD.finditer(html))
    assert len(found) == len(redline.folds), f"{len(found)} fold links for {len(redline.folds)} folds"
    ids = {heading.id for heading in new.headings}
    for match, (first, end) in zip(found, redline.folds, strict=True):
        assert match.group(1) == NEWER, "a fold does not link to the newer version's page"
        section = new.blocks[first].section
        assert match.group(2) == (section or "policy-text") and (section is None or section in ids), (
            "a fold links elsewhere"
        )
        assert 0 <= first < end <= len(new.blocks)
    return with_folded_text(html, redline.folds, new)


ROW = re.compile(
    r'<div class="rl-row( rl-gone)?">(?:<div class="rl-note rl-old">(.*?)</div>)?'
    r'<div class="rl-new">(.*?)</div></div>\n',
    re.S,
)
"""A changed row: the older column (the older text of its blocks; none when the row only inserts), then
the merged text of its blocks (which is the older column itself when the row only deletes: `rl-gone`)."""


def columns(html: str) -> tuple[str, str, str]:
    """The side-by-side view's two columns of a redline's one markup, and the text shown once across
    both (outside the changed rows)."""
    left, right, once, at = [], [], [], 0
    for row in ROW.finditer(html):
        gone, older, merged = row.groups()
        once.append(html[at : row.start()])
        # (in the older column, itself a note, the screen-reader words are plain `rl-sr`)
        left += [once[-1], merged if gone else re.sub(r'<span class="rl-sr">[^<]*</span>', "", older or "")]
        right += [once[-1], "" if gone else merged]
        at = row.end()
    once.append(html[at:])
    return "".join(left) + once[-1], "".join(right) + once[-1], "".join(once)


def inline_view(html: str) -> str:
    """What the inline view shows of a redline's one markup: each changed row's merged text only."""
    return ROW.sub(lambda row: re.sub(r'^<span class="rl-note rl-side">[^<]*</span>', "", row.group(3)), html)


def check(old: Document, new: Document) -> Redline:
    """compare() and every property a redline must have; returns it for further checks."""
    redline = compare(old, new)
    inline = redline.inline(THEME_WORDS, NEWER)
    # Folded text is not on the page: each fold is a link to it in the newer version's page; read
    # there, the text the fold stands for completes both versions.
    whole = unfolded(inline, redline, new)
    assert text(whole, "ins") == text(old.html), "removing <ins> does not give the older text"
    assert text(whole, "del") == text(new.html), "removing <del> does not give the newer text"
    # Side by side, the same markup: each changed row's older column (its own text, no insertions) beside
    # its merged text with the deletions hidden; unchanged text shown once across both.
    left, right, once = columns(whole)
    assert text(left) == text(old.html), "the left column is not the older text"
    assert text(right, "del") == text(new.html), (
        "the right column without its deletions is not the newer text"
    )
    assert "<ins" not in left, "the older column has an insertion"
    assert not re.search(r"<(ins|del)[ >]", once), "text shown once has a change"
    valid_sources = not structure(old.html).errors and not structure(new.html).errors
    checked = structure(inline)
    assert not (valid_sources and checked.errors), checked.errors[:5]
    authors = {
        i for source in (old.html, new.html) for i, n in Counter(structure(source).ids).items() if n > 1
    }
    duplicates = [
        i for i, n in Counter(checked.ids).items() if n > 1 and i.removeprefix("rl-old-") not in authors
    ]
    assert not duplicates, f"duplicate ids {duplicates}"
    anchors = [i for i in checked.ids if re.fullmatch(r"change-\d+", i)]
    assert anchors == [f"change-{n}" for n in range(1, redline.changes + 1)]
    if seen(old.html) == seen(new.html):  # nothing that is not a change is a change (white space, comments)
        assert redline.changes == 0 and not re.search(r"<(ins|del)[ >]", inline), (
            "an invisible difference is shown as a change"
        )
    every_id = set(checked.ids)
    dangling = [link for link in checked.links if link and link not in every_id]
    assert not dangling, f"links to missing ids {dangling}"
    if old.html == new.html:
        assert redline.identical and redline.changes == 0
    if text(old.html) != text(new.html):
        assert not redline.identical
    return redline


# ---------------------------------------------------------------- the example site


@pytest.mark.parametrize(
    ("older", "newer"), list(itertools.product(EXAMPLES, EXAMPLES)), ids=lambda p: p.stem
)
def test_oracle_holds_on_every_pair_of_the_example_site(older: Path, newer: Path) -> None:
    redline = check(load(older), load(newer))
    assert redline.identical == (older == newer)


def test_example_move_is_shown_as_a_move_with_both_ends_linked() -> None:
    redline = compare(load(EXAMPLES[0]), load(EXAMPLES[1]))
    html = redline.inline(THEME_WORDS)
    assert '<h2 id="data-security"><ins class="rl-moved">' in html
    assert '<h2 data-old id="rl-old-data-security"><del class="rl-moved">' in html
    to = re.search(
        r'id="change-(\d+)"><span class="rl-label">Change \d+ of \d+: moved here <a href="#change-(\d+)"',
        html,
    )
    away = re.search(
        r'id="change-(\d+)"><span class="rl-label">Change \d+ of \d+: moved away <a href="#change-(\d+)"',
        html,
    )
    assert to and away and to.group(2) == away.group(1) and away.group(2) == to.group(1)
    assert redline.words_added == 41 - 0 and redline.words_removed == 0  # the move counts for nothing
    assert ("data-security", "Data Security") in redline.sections
    assert ("cookies-policy", "Cookies Policy") in redline.sections


def test_example_wording_change_inside_a_list_item() -> None:
    redline = compare(load(EXAMPLES[1]), load(EXAMPLES[2]))
    assert redline.changes == 1
    assert redline.sections == (("how-we-use-your-data", "How We Use Your Data"),)
    item = re.search(r"<li>(?:(?!</li>).)*video(?:(?!</li>).)*</li>", redline.inline(THEME_WORDS), re.DOTALL)
    assert item, "the changed item is not a list item"
    assert (
        text(item.group(0), "del")
        == "To process API requests and deliver AI model responses (chat, image, video generation)"
    )
    assert (
        text(item.group(0), "ins")
        == "To process API requests and deliver AI model responses (chat and image generation)"
    )
    assert (redline.words_added, redline.words_removed) == (2, 2)


def test_runs_of_unchanged_sections_fold_into_one() -> None:
    old, new = load(EXAMPLES[1]), load(EXAMPLES[2])
    redline = check(old, new)
    html = redline.inline(THEME_WORDS, NEWER)
    # One change, in the fourth of nine sections: the three before it are one fold, the five after it another;
    # neither carries its text: each is a link to it in the newer version's page.
    assert len(FOLD.findall(html)) == 2
    assert html.startswith(
        '<p class="rl-note rl-fold"><a href="../newer/#introduction">3 unchanged sections (208 words): '
        'see the newer version</a></p>\n<h2 id="how-we-use-your-data">'
    )
    assert (
        '<p class="rl-note rl-fold"><a href="../newer/#data-security">5 unchanged sections (210 words): '
        "see the newer version</a></p>" in html
    )
    assert "<h2" not in html.split('<a href="../newer/#data-security">')[1], "folded text is on the page"
    assert [new.blocks[first].section for first, _ in redline.folds] == ["introduction", "data-security"]
    changed = html.split('<h2 id="how-we-use-your-data">')[1].split(
        '<p class="rl-note rl-fold"><a href="../newer/#data-security">'
    )[0]
    assert "rl-fold" not in changed  # the changed section's text is a list: shown whole


def test_a_lone_unchanged_section_folds_under_its_heading() -> None:
    old = doc("## A\n\nOne two.\n\n## B\n\nThree four.\n\nMore here.\n\n## C\n\nFive six.\n")
    new = doc("## A\n\nOne 2.\n\n## B\n\nThree four.\n\nMore here.\n\n## C\n\nFive 6.\n")
    html = check(old, new).inline(THEME_WORDS)
    assert (
        '<h2 id="b">B</h2>\n<p class="rl-note rl-fold"><a href="#b">Unchanged text of this section (4 words): read '
        'it in the newer version</a></p>\n<h2 id="c">' in html
    )


def test_inside_a_changed_section_only_one_paragraph_either_side_of_a_change_shows() -> None:
    paragraphs = [f"Paragraph number {n} of the section." for n in range(1, 11)]
    changed = list(paragraphs)
    changed[5] = "Paragraph number six, now changed, of the section."
    old, new = (
        doc("## A\n\n" + "\n\n".join(p) + "\n\n- a list\n- stays whole\n") for p in (paragraphs, changed)
    )
    redline = check(old, new)
    side = redline.inline(THEME_WORDS)
    html = inline_view(side)
    # Paragraphs 5 and 7 are the context; 1–4 and 8–10 fold (a fold ends at a top-level block: the list stays),
    # and folded text is not on the page at all: a link to the section in the newer version stands in for it.
    assert [n for n in range(1, 11) if f"Paragraph number {n} " in html] == [5, 7]
    assert re.findall(
        r'<p class="rl-note rl-fold"><a href="#a">Unchanged text \((\d+) words\): read it in the newer version</a></p>',
        html,
    ) == ["24", "18"]
    # Side by side (the same markup): the context paragraphs once each, across both columns, and the same links.
    assert side.count("Paragraph number 5 ") == side.count("Paragraph number 7 ") == 1
    assert not [n for n in (1, 2, 3, 4, 8, 9, 10) if f"Paragraph number {n} " in side]
    assert (
        len(re.findall(r'<a href="#a">Unchanged text \(\d+ words\): read it in the newer version</a>', side))
        == 2
    )


# ---------------------------------------------------------------- behaviour on small documents


def doc(markdown: str) -> Document:
    return parse(markdown, "test.md")


def test_identical_versions() -> None:
    redline = check(doc("## A\n\nSame words.\n"), doc("## A\n\nSame words.\n"))
    assert redline.identical and redline.changes == 0 and redline.sections == ()
    assert (redline.words_added, redline.words_removed) == (0, 0)


def test_words_and_punctuation_are_diffed_inside_a_paragraph() -> None:
    redline = check(
        doc("We may share your data, with partners.\n"), doc("We never share your data with partners!\n")
    )
    html = inline_view(redline.inline(THEME_WORDS))
    assert (
        '<del><span class="rl-note rl-sr">deleted: </span>may</del>'
        '<ins><span class="rl-note rl-sr">inserted: </span>never</ins>' in html
    )
    assert (redline.words_added, redline.words_removed) == (1, 1)
    assert html.count("<p>") == 1


def test_heading_stays_a_heading_and_section_is_reported() -> None:
    redline = check(
        doc("## Data We Keep\n\nText.\n"), doc("## Data We Keep\n\nText changed.\n\n## New Part\n\nMore.\n")
    )
    assert '<h2 id="new-part"><ins>' in redline.inline(THEME_WORDS)
    assert [s[0] for s in redline.sections] == ["data-we-keep", "new-part"]


def test_deleted_list_item_stays_in_its_list() -> None:
    redline = check(
        doc("- one thing here\n- two things here\n- three things here\n"),
        doc("- one thing here\n- three things here\n"),
    )
    html = inline_view(redline.inline(THEME_WORDS))
    assert html.count("<ul>") == 1
    assert re.search(
        r"<li data-old><span class=\"rl-note rl-change rl-k-wording\"[^>]*>.*?</span>"
        r"<del>.*?two things here</del>\s*</li>",
        html,
    )


def test_numbered_list_items_keep_their_numbers() -> None:
    redline = check(
        doc("1. alpha item\n2. beta item\n3. gamma item\n"), doc("1. alpha item\n2. gamma item\n")
    )
    html = inline_view(redline.inline(THEME_WORDS))
    assert (
        '<li data-old value="2"><span class="rl-note rl-change rl-k-wording"' in html
    )  # the deleted item keeps its old number (and is marked as the older version's only)
    assert '<li value="2">gamma item\n</li>' in html  # the item after it has its new one


def test_changed_table_cell_stays_in_its_row() -> None:
    old = doc("| Data | Kept |\n|---|---|\n| Logs | 30 days |\n| Email | 1 year |\n")
    new = doc("| Data | Kept |\n|---|---|\n| Logs | 90 days |\n| Email | 1 year |\n")
    redline = check(old, new)
    row = re.search(
        r"<tr>\n<td>Logs</td>\n<td>.*?</td>\n</tr>", inline_view(redline.inline(THEME_WORDS)), re.DOTALL
    )
    assert row and "<del>" in row.group(0) and "<ins>" in row.group(0)
    assert inline_view(redline.inline(THEME_WORDS)).count("<table>") == 1


def test_a_column_aligned_to_the_start_as_written_is_no_change_but_another_alignment_is() -> None:
    """`|---|` rewritten `|:---|` changes nothing a reader sees (the theme draws both to the start of the
    line), and noted "layout changed" on all 112 cells of a real subprocessor table; `|---:|` is a change."""
    table = "| Name | Where |\n{rule}\n| Azure | United States |\n| Zendesk | Ireland |\n"
    old = doc(table.format(rule="|---|---|"))
    same = check(old, doc(table.format(rule="|:---|:---|")))
    assert same.changes == 0 and "rl-note" not in inline_view(same.inline(THEME_WORDS))
    moved = check(old, doc(table.format(rule="|---|---:|")))
    assert moved.changes > 0 and "layout changed" in inline_view(moved.inline(THEME_WORDS))


def test_a_list_made_loose_or_tight_is_no_change() -> None:
    """Re-indenting a list in the source makes it loose (a `<p>` in each item) or tight: only the space
    between items changes. It noted "layout changed" on every item (23 in a real redline); a wording
    change inside such a list is still one."""
    tight = "Data:\n\n- Your user name here\n- Email\n\nEnd.\n"
    same = check(doc(tight), doc("Data:\n\n- Your user name here\n\n- Email\n\nEnd.\n"))
    assert same.changes == 0
    edited = check(doc(tight), doc("Data:\n\n- Your chosen user name here\n\n- Email\n\nEnd.\n"))
    html = inline_view(edited.inline(THEME_WORDS))
    assert edited.changes == 1 and "layout changed" not in html and "chosen </ins>user name" in html


def test_a_deleted_heading_never_skips_a_level_in_the_merged_text() -> None:
    """The newer version made section B a level 2 and dropped its subsection C: the merged text would read
    h2 B, then the deleted h4 C (axe: heading-order, on a real 80-version history). An older-only heading
    is drawn one level below the heading before it; both texts keep their words (the oracle)."""
    old = doc("## A\n\nText a.\n\n### B\n\nText b.\n\n#### C\n\nText c is here.\n\n## E\n\nText e.\n")
    new = doc("## A\n\nText a.\n\n## B\n\nText b.\n\n## E\n\nText e.\n")
    raw = check(old, new).inline(THEME_WORDS)
    html = inline_view(raw)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels == [2, 2, 3, 2] and '<h3 data-old id="rl-old-c">' in html
    assert all(b <= a + 1 for a, b in itertools.pairwise([1, *levels]))
    # Side by side, the older column's headings (B at its old level 3) would interleave with the merged
    # text's: they are drawn as headings but left out of the outline.
    olds = re.findall(r'<div class="rl-note rl-old">(.*?)</div><div class="rl-new">', raw, re.DOTALL)
    headings = [tag for column in olds for tag in re.findall(r"<h[1-6][^>]*>", column)]
    assert headings and all('role="presentation"' in tag for tag in headings)


def test_an_anchor_that_went_into_the_next_paragraph_is_no_change() -> None:
    """Real texts join an old anchor's own paragraph to the text after it: nothing a reader sees changed.
    (It was a numbered change, "deleted formatting", that showed nothing.) The anchor's id stays once."""
    redline = check(doc('<a name="fees"></a>\n\nFees are due.\n'), doc('<a name="fees"></a>Fees are due.\n'))
    html = inline_view(redline.inline(THEME_WORDS))
    assert redline.changes == 0 and "<ins" not in html and "<del" not in html
    assert html.count('id="rl-old-fees"') == 1


def test_deleted_table_row_stays_in_its_table() -> None:
    old = doc("| A | B |\n|---|---|\n| one | two |\n| three | four |\n")
    new = doc("| A | B |\n|---|---|\n| three | four |\n")
    redline = check(old, new)
    assert (
        inline_view(redline.inline(THEME_WORDS)).count("<table>") == 1
        and len(re.findall("<tr[ >]", inline_view(redline.inline(THEME_WORDS)))) == 3
    )


def _rows(html: str) -> list[int]:
    """The cell count of each row of `html`'s tables."""
    return [len(re.findall(r"<t[dh][ >]", row)) for row in re.findall(r"<tr[ >].*?</tr>", html, re.DOTALL)]


def test_deleted_row_like_its_neighbours_stays_whole() -> None:
    """The subprocessors policy of the corpus: a deleted row whose last cells repeat every other row's
    ("United States | United States") was matched cell by cell across rows (cells shown twice, 90x
    the change marked)."""
    rows = [
        "| Splunk | Logging pipeline for security log, storage, and search | United States | United States |",
        "| VividCortex | Monitor database performance, efficiency, and uptime | United States | United States |",
        "| Zapier | App infrastructure and support | United States | United States |",
        "| Zendesk | Customer support ticketing system | United States | United States |",
    ]
    head = "| Name | Description | Location | Corporate |\n|---|---|---|---|\n"
    redline = check(doc(head + "\n".join(rows) + "\n"), doc(head + "\n".join(rows[1::2]) + "\n"))
    html = inline_view(redline.inline(THEME_WORDS))
    assert html.count("<table>") == 1 and _rows(html) == [4, 4, 4, 4, 4]
    assert redline.changes == 2 and (redline.words_added, redline.words_removed) == (0, 22)


def test_changed_rows_pair_row_with_row() -> None:
    """A cell changed and a row added in the same table: the changed row is one row, the new one whole."""
    head = "| Name | Location |\n|---|---|\n"
    old = doc(head + "| Okta | United States |\n| Oracle | United States |\n")
    new = doc(head + "| Okta | Ireland |\n| Zapier | United States |\n| Oracle | United States |\n")
    redline = check(old, new)
    html = inline_view(redline.inline(THEME_WORDS))
    assert html.count("<table>") == 1 and _rows(html) == [2, 2, 2, 2]
    assert (redline.words_added, redline.words_removed) == (4, 2)


def test_added_column_is_inserted_cells_not_a_new_table() -> None:
    """The cookies policy of the corpus: a column added while a row went and another came was shown
    as the whole older table struck and the newer inserted (5x the change marked)."""
    old = doc(
        "| Name | Use | Where |\n|---|---|---|\n| Clearbit | Marketing data | United States |\n"
        "| Front | Support inbox | United States |\n| Microsoft | Compute infrastructure | United States |\n"
    )
    new = doc(
        "| Name | Use | Where | Corporate |\n|---|---|---|---|\n"
        "| Clearbit | Marketing data | United States | United States |\n"
        "| Discourse | Forum | Ireland | Ireland |\n| Microsoft | Microsoft Services | United States | Israel |\n"
    )
    redline = check(old, new)
    html = inline_view(redline.inline(THEME_WORDS))
    assert html.count("<table>") == 1 and _rows(html) == [
        4,
        4,
        3,
        4,
        4,
    ]  # the removed row keeps the older columns
    assert (redline.words_added, redline.words_removed) == (10, 7)


def test_a_long_table_with_a_column_added_pairs_rows_by_their_first_cell() -> None:
    """Beyond redline_rows._BIG row pairs, rows pair by their first cell (a time that grows with the
    length): the same redline shape, the removed rows whole."""
    rows = range(80)
    old = doc(
        "| A | B | C |\n|---|---|---|\n"
        + "".join(f"| name{i} | thing {i} here | United States |\n" for i in rows)
    )
    new = doc(
        "| A | B | C | D |\n|---|---|---|---|\n"
        + "".join(f"| name{i} | thing {i} here | United States | Ireland |\n" for i in rows if i % 20)
    )
    redline = check(old, new)
    html = inline_view(redline.inline(THEME_WORDS))
    assert html.count("<table>") == 1 and sorted(_rows(html)) == [3] * 4 + [4] * 77
    assert (redline.words_added, redline.words_removed) == (77, 4 * 6)


def test_quote_stays_a_quote() -> None:
    redline = check(doc("> We keep your data safe.\n"), doc("> We keep your data very safe.\n"))
    assert re.search(
        r"<blockquote>\n<p>.*<ins>.*very.*</ins>.*</p>\n</blockquote>", redline.inline(THEME_WORDS), re.DOTALL
    )


def test_a_space_that_leaves_a_link_is_no_change_of_its_own() -> None:
    """Matrix's privacy notice wrote `to[ dpo@matrix.org](…)`, a space inside the link, then `to <dpo@matrix.org>`:
    one link whose target changed. The space that left the link was a second note, "“”: link removed"."""
    redline = check(
        doc("Send a request to[ dpo@matrix.org](https://matrix.to/#/@gdpr:matrix.org). Thanks.\n"),
        doc("Send a request to <dpo@matrix.org>. Thanks.\n"),
    )
    html = redline.inline(THEME_WORDS)
    assert redline.changes == 1 and "link removed" not in html and "“”" not in html, html
    assert "link target changed from https://matrix.to/#/@gdpr:matrix.org to mailto:dpo@matrix.org" in html


def test_changed_link_target_is_shown_when_the_text_is_the_same() -> None:
    redline = check(
        doc("See [our terms](https://a.example/terms) now.\n"),
        doc("See [our terms](https://b.example/terms) now.\n"),
    )
    html = redline.inline(THEME_WORDS)
    assert "<ins" not in html and "<del" not in html
    assert '<a href="https://b.example/terms"><span class="rl-format">our terms</span></a>' in html
    assert "link target changed from https://a.example/terms to https://b.example/terms" in html
    assert redline.changes == 1 and (redline.words_added, redline.words_removed) == (0, 0)
    # The change table's excerpts, whose words are the same, say where the link led and leads.
    change = redline.triage.changes[0]
    assert (change.kind, change.old, change.new) == (
        "link",
        "See our terms now. → https://a.example/terms",
        "See our terms now. → https://b.example/terms",
    )


def test_formatting_only_change_is_told_apart_from_wording() -> None:
    redline = check(doc("You must pay within 30 days.\n"), doc("You **must** pay within 30 days.\n"))
    html = redline.inline(THEME_WORDS)
    assert "<ins" not in html and "<del" not in html
    assert '<strong><span class="rl-format">must</span></strong>' in html
    assert "“must”: bold added" in html
    assert redline.changes == 1


def test_block_kind_change_is_a_formatting_note() -> None:
    redline = check(
        doc("1. first point made\n2. second point made\n"), doc("- first point made\n- second point made\n")
    )
    assert "was a paragraph in a numbered list, now a paragraph in a bulleted list" in redline.inline(
        THEME_WORDS
    )
    assert (redline.words_added, redline.words_removed) == (0, 0)
    assert redline.changes == 2


def test_moved_and_edited_paragraph_shows_its_edits_at_the_new_place() -> None:
    moved = "Personal data is stored on servers in the European Union and kept encrypted at rest."
    edited = (
        "Personal data is stored on servers in the European Union and kept encrypted at rest and in transit."
    )
    old = doc(
        f"## One\n\n{moved}\n\n## Two\n\nSomething else entirely here.\n\n## Three\n\nAnother thing said here.\n"
    )
    new = doc(
        f"## One\n\nSomething else entirely here.\n\n## Two\n\nAnother thing said here.\n\n## Three\n\n{edited}\n"
    )
    redline = check(old, new)
    html = redline.inline(THEME_WORDS)
    assert re.search(
        r'<ins class="rl-moved">.*<ins><span class="rl-note rl-sr">inserted: </span> and in transit</ins>.*</ins>',
        html,
    )
    assert redline.words_added == 3


def test_policy_own_ins_and_del_tags_do_not_confuse_the_markers() -> None:
    old = doc("Keep <del>this</del> and <ins>that</ins> old.\n")
    new = doc("Keep <del>this</del> and <ins>that</ins> new.\n")
    redline = check(old, new)
    assert "<s>this</s>" in redline.inline(THEME_WORDS) and "<u>that</u>" in redline.inline(THEME_WORDS)


def test_footnotes_do_not_duplicate_ids() -> None:
    old = doc("A claim.[^1]\n\n[^1]: The source of it.\n")
    new = doc("A new claim.[^1] Another.[^2]\n\n[^1]: The source of it.\n[^2]: A second source.\n")
    check(old, new)
    check(new, old)


def test_next_and_previous_links_walk_every_change_in_order() -> None:
    old = doc("## A\n\nOne two three.\n\n## B\n\nFour five six.\n\n## C\n\nSeven eight nine.\n")
    new = doc("## A\n\nOne 2 three.\n\n## B\n\nFour five six.\n\n## C\n\nSeven eight 9.\n\nTen.\n")
    redline = check(old, new)
    assert redline.changes == 3
    html = redline.inline(THEME_WORDS)
    for n in range(1, 4):
        marker = re.search(
            rf'<span class="rl-note rl-change rl-k-wording" id="change-{n}"><span class="rl-label">[^<]*'
            r'<span class="rl-kind">wording</span></span>(?: ?<a [^>]*>.*?</a>)*</span>',
            html,
        )
        assert marker
        assert (f'href="#change-{n + 1}" rel="next"' in marker.group(0)) == (n < 3)
        assert (f'href="#change-{n - 1}" rel="prev"' in marker.group(0)) == (n > 1)


def test_screen_reader_words_are_notes() -> None:
    html = compare(doc("Old words.\n"), doc("New words.\n")).inline(THEME_WORDS)
    assert '<del><span class="rl-note rl-sr">deleted: </span>Old</del>' in html
    assert '<ins><span class="rl-note rl-sr">inserted: </span>New</ins>' in html


def test_align_exposes_ops_in_reading_order() -> None:
    ops = align(
        doc("Same.\n\nGone paragraph here.\n"),
        doc("Same.\n\nNew paragraph there.\n\nAdded one more time.\n"),
        PolicyCache(),
    )
    assert ops[0].kind == "equal"
    assert {op.kind for op in ops[1:]} <= {"change", "insert", "delete"}


def test_a_run_of_unchanged_blocks_is_one_op_and_folds_by_section() -> None:
    old = doc("## A\n\nOne.\n\nTwo.\n\n## B\n\nThree.\n\nFour.\n\n## C\n\nFive.\n")
    new = doc("## A\n\nOne.\n\nTwo.\n\n## B\n\nThree.\n\nFour.\n\n## C\n\nFive, changed.\n")
    ops = align(old, new, PolicyCache())
    assert [(op.kind, op.span) for op in ops] == [("equal", 7), ("change", 1)]
    redline = check(old, new)
    # The two unchanged sections before the change are one fold, headings inside.
    assert redline.inline(THEME_WORDS).count('class="rl-note rl-fold"') == 1  # the one markup of both views
    assert (
        '<a href="#a">2 unchanged sections (6 words): see the newer version</a></p>\n<h2 id="c">'
        in redline.inline(THEME_WORDS)
    )
    assert "One." not in redline.inline(THEME_WORDS)


def test_a_long_single_line_is_not_quadratic() -> None:
    words = [f"w{i % 997}x{i // 997}" for i in range(10_000)]
    changed = list(words)
    for k in range(0, len(changed), 500):
        changed[k] = "CHANGED"
    redline = check(doc(" ".join(words) + "\n"), doc(" ".join(changed) + "\n"))
    assert redline.words_added == 20 and redline.words_removed == 20


def test_empty_documents() -> None:
    assert check(doc(""), doc("")).identical
    assert check(doc(""), doc("## New\n\nAll new words.\n")).words_added == 4
    assert check(doc("## Old\n\nAll old words.\n"), doc("")).words_removed == 4


def test_a_moved_section_is_one_change_at_each_end() -> None:
    body = "Every word of this section moves as one block of text."
    old = doc(
        f"## Stay\n\nStaying put here.\n\n## Moving\n\n{body}\n\n{body} Twice.\n\n## End\n\nThe end is here.\n"
    )
    new = doc(
        f"## Moving\n\n{body}\n\n{body} Twice.\n\n## Stay\n\nStaying put here.\n\n## End\n\nThe end is here.\n"
    )
    redline = check(old, new)
    assert redline.changes == 2
    assert (redline.words_added, redline.words_removed) == (0, 0)
    # The shorter section is the one shown moved (the least text marked), its heading with it.
    assert '<h2 data-old id="rl-old-stay"><del class="rl-moved">' in redline.inline(THEME_WORDS)
    assert 'id="rl-old-moving"' not in redline.inline(THEME_WORDS)


def test_side_by_side_is_the_same_markup_in_columns() -> None:
    """One copy of each change: the changed rows hold the older column beside the merged text; no second
    copy of the text, no second set of anchors."""
    redline = check(load(EXAMPLES[0]), load(EXAMPLES[2]))  # the example with a move
    html = redline.inline(THEME_WORDS)
    assert "sbs-change-" not in html
    rows = ROW.findall(html)
    assert rows and html.count('<div class="rl-row') == len(rows)
    assert "<details" not in html, "the folds are links"
    olds = "".join(old for _, old, _ in rows)
    assert "<del>" in olds and "<ins" not in olds and ' id="' not in olds  # the older text, no ids of its own
    assert "<ins>" in "".join(new for _, _, new in rows)
    # A row that only inserts has no older column; one that only deletes (the moved section's old place)
    # is its own older column, its deletions marked.
    assert any(not gone and not old for gone, old, _ in rows)
    assert any(gone and not old and "<del" in new for gone, old, new in rows)
    assert html.count(' id="how-we-use-your-data"') == 1  # the merged text has that id, once
    assert html.count('id="change-1"') == 1


def test_output_does_not_depend_on_the_hash_seed() -> None:
    script = (
        "import hashlib, sys; from pathlib import Path; from ppgen.source.markdown import parse; "
        "from ppgen.redline.compare import compare\n"
        "docs = [parse(p.read_text().split('---\\n', 2)[2], str(p)) for p in "
        "sorted(Path('content/privacy').glob('????-??-??.md'))]\n"
        "h = hashlib.sha256()\n"
        "for a in docs:\n"
        "    for b in docs:\n"
        "        r = compare(a, b); h.update((r.inline_html + repr(r.sections)).encode())\n"
        "print(h.hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


# ---------------------------------------------------------------- random documents (hypothesis)

WORDS = [
    "data",
    "we",
    "you",
    "share",
    "keep",
    "the",
    "policy",
    "may",
    "never",
    "partners",
    "cookies",
    "law",
    "rights",
    "store",
    "days",
]
word = st.sampled_from(WORDS)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=1, max_size=9))
    style = draw(st.sampled_from(["", "", "", "bold", "italic", "link", "code", "html"]))
    if style and len(words) > 1:
        k = draw(st.integers(0, len(words) - 1))
        w = words[k]
        words[k] = {
            "bold": f"**{w}**",
            "italic": f"*{w}*",
            "code": f"`{w}`",
            "html": f"<del>{w}</del>",
            "link": f"[{w}](https://{draw(st.sampled_from(['a', 'b']))}.example/)",
        }[style]
    return " ".join(words) + draw(st.sampled_from([".", ",", "!", ""]))


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["p", "p", "p", "ul", "ol", "quote", "table", "code", "hr", "html", "nested", "loose", "odd"]
        )
    )
    if kind == "p":
        return draw(sentence())
    if kind in ("ul", "ol"):
        items = draw(st.lists(sentence(), min_size=1, max_size=4))
        return "\n".join(f"{'-' if kind == 'ul' else f'{n + 1}.'} {item}" for n, item in enumerate(items))
    if kind == "nested":
        return f"- {draw(sentence())}\n  - {draw(sentence())}\n  - {draw(sentence())}\n- {draw(sentence())}"
    if kind == "quote":
        return "> " + draw(sentence()) + "\n>\n> " + draw(sentence())
    if kind == "table":
        rows = draw(st.lists(st.tuples(word, word), min_size=1, max_size=3))
        return "| A | B |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    if kind == "code":
        return "```\n" + draw(sentence()) + "\n```"
    if kind == "html":
        return (
            f'<div class="box" id="box-{draw(word)}">\n<p>{draw(word)} '
            f"<ins>{draw(word)}</ins></p><p>{draw(word)}</p>\n</div>"
        )
    if kind == "loose":
        return f"1. {draw(sentence())}\n\n   {draw(sentence())}\n\n2. {draw(sentence())}"
    if kind == "odd":
        return draw(
            st.sampled_from(
                [
                    f"> ## {draw(word)} quoted heading\n>\n> {draw(sentence())}",
                    f"- ## {draw(word)} listed heading\n- {draw(sentence())}",
                    (
                        f"{draw(sentence())}[^{draw(st.sampled_from(['1', '2']))}]\n\n"
                        f"[^{draw(st.sampled_from(['1', '2']))}]: {draw(sentence())}"
                    ),
                    f"See [{draw(word)}](#{draw(word)}) and ![{draw(word)}](x.png) then  \n{draw(sentence())}",
                    f"> > {draw(sentence())}\n>\n> - {draw(sentence())}",
                    f"{draw(word)} <b>{draw(word)}</b> {draw(word)}",
                ]
            )
        )
    return "---"


@st.composite
def document(draw: st.DrawFn) -> list[list[str]]:
    """Sections: a heading then blocks (the first section may have no heading)."""
    sections = draw(st.lists(st.lists(block(), min_size=0, max_size=4), min_size=1, max_size=5))
    titles = draw(
        st.lists(st.lists(word, min_size=1, max_size=3), min_size=len(sections), max_size=len(sections))
    )
    return [[f"## {' '.join(t)}", *blocks] for t, blocks in zip(titles, sections, strict=True)]


@st.composite
def edited(draw: st.DrawFn, original: list[list[str]]) -> list[list[str]]:
    sections = [list(s) for s in original]
    for _ in range(draw(st.integers(0, 5))):
        action = draw(
            st.sampled_from(
                [
                    "edit",
                    "delete",
                    "insert",
                    "move",
                    "swap",
                    "format",
                    "retitle",
                    "split",
                    "join",
                    "space",
                    "comment",
                    "html",
                    "table",
                ]
            )
        )
        s = draw(st.integers(0, len(sections) - 1))
        blocks = sections[s]
        if action == "edit" and len(blocks) > 1:
            k = draw(st.integers(1, len(blocks) - 1))
            words = blocks[k].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(word)
            blocks[k] = " ".join(words)
        elif action == "delete" and len(blocks) > 1:
            del blocks[draw(st.integers(1, len(blocks) - 1))]
        elif action == "insert":
            blocks.insert(draw(st.integers(1, len(blocks))), draw(block()))
        elif action == "move" and len(sections) > 1:
            sections.insert(draw(st.integers(0, len(sections) - 1)), sections.pop(s))
        elif action == "swap" and len(blocks) > 2:
            blocks[1], blocks[-1] = blocks[-1], blocks[1]
        elif action == "format" and len(blocks) > 1:
            k = draw(st.integers(1, len(blocks) - 1))
            blocks[k] = re.sub(r"\b(data|we|you)\b", r"**\1**", blocks[k], count=1)
        elif action == "retitle":
            blocks[0] = f"## {draw(word)} {draw(word)}"
        elif (
            action == "split" and len(blocks) > 1
        ):  # a paragraph becomes two (or a list item's text two paragraphs)
            k = draw(st.integers(1, len(blocks) - 1))
            spaces = [m.start() for m in re.finditer(r"(?<=[\w.,!*`)]) (?=\w)", blocks[k])]
            if spaces and not blocks[k].startswith("```"):  # (in code, white space is text)
                at = draw(st.sampled_from(spaces))
                blocks[k] = (
                    blocks[k][:at]
                    + draw(st.sampled_from(["\n\n", ".\n\n", "\n\n" + draw(word) + " "]))
                    + blocks[k][at + 1 :]
                )
        elif action == "join" and len(blocks) > 2:  # two blocks become one paragraph
            k = draw(st.integers(1, len(blocks) - 2))
            blocks[k : k + 2] = [
                blocks[k] + draw(st.sampled_from([" ", "\n", " " + draw(word) + " "])) + blocks[k + 1]
            ]
        elif action == "space" and len(blocks) > 1:  # white space only: runs of spaces, a line break
            k = draw(st.integers(1, len(blocks) - 1))
            if not blocks[k].startswith("```"):
                blocks[k] = blocks[k].replace(
                    " ", draw(st.sampled_from(["  ", "\n", " \t"])), draw(st.integers(1, 3))
                )
        elif action == "comment":  # an invisible HTML comment block
            blocks.insert(
                draw(st.integers(1, len(blocks))),
                draw(st.sampled_from(["<!-- markdownlint-disable -->", "<!-- note -->"])),
            )
        elif action == "html":  # a raw-HTML block with one word changed
            blocks.insert(
                draw(st.integers(1, len(blocks))), f'<div class="box">\n<p>{draw(sentence())}</p>\n</div>'
            )
            if len(blocks) > 2 and draw(st.booleans()):
                k = draw(st.integers(1, len(blocks) - 1))
                blocks[k] = re.sub(r"<p>(\w+)", lambda m: f"<p>{draw(word)}", blocks[k], count=1)
        elif action == "table" and len(blocks) > 1:  # a cell changed, a row added, or a column added
            k = draw(st.integers(1, len(blocks) - 1))
            if blocks[k].startswith("| A | B |"):
                change = draw(st.sampled_from(["cell", "row", "column"]))
                if change == "cell":
                    blocks[k] = blocks[k].replace("|---|---|\n| ", f"|---|---|\n| {draw(word)} ", 1)
                elif change == "row":
                    blocks[k] += f"\n| {draw(word)} | {draw(word)} |"
                else:
                    lines = blocks[k].split("\n")
                    blocks[k] = "\n".join(
                        [
                            lines[0] + " C |",
                            lines[1] + "---|",
                            *(line + f" {draw(word)} |" for line in lines[2:]),
                        ]
                    )
    return sections


def markdown_of(sections: list[list[str]]) -> str:
    return "\n\n".join("\n\n".join(s) for s in sections) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_oracle_holds_on_random_documents(data: st.DataObject) -> None:
    original = data.draw(document())
    changed = data.draw(edited(original))
    try:
        old, new = doc(markdown_of(original)), doc(markdown_of(changed))
    except PpgenError:
        # An edit can cut a raw-HTML block mid-tag: ppgen refuses such text as input (browsers would read
        # it differently than written), so there is no redline of it to hold to the oracle.
        assume(False)
    check(old, new)
    check(new, old)


@settings(max_examples=60, deadline=None)
@given(document())
def test_a_moved_section_is_a_move_not_a_deletion(sections: list[list[str]]) -> None:
    sections = [s for s in sections if len(s) > 1] + [
        ["## moved section title", "This paragraph is long enough to move around."]
    ]
    moved = [sections[-1], *sections[:-1]]
    redline = check(doc(markdown_of(sections)), doc(markdown_of(moved)))
    if len(sections) > 1:
        assert 'class="rl-moved"' in redline.inline(THEME_WORDS)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_oracle_holds_when_long_blocks_are_diffed_in_windows(data: st.DataObject) -> None:
    """Long blocks are aligned by sentence, then diffed a window at a time: shrink the window to test that path."""
    sentences = data.draw(st.lists(sentence(), min_size=1, max_size=12))
    edited_sentences = data.draw(
        st.lists(st.sampled_from([*sentences, "new words here.", "data."]), min_size=0, max_size=14)
    )
    original = [["## long", " ".join(f"{s.rstrip('.,!')}." for s in sentences)]]
    changed = [["## long", " ".join(f"{s.rstrip('.,!')}." for s in edited_sentences) or "nothing."]]
    saved = redline_words._WINDOW
    redline_words._WINDOW = data.draw(st.integers(1, 12))
    try:
        old, new = doc(markdown_of(original)), doc(markdown_of(changed))
        check(old, new)
        check(new, old)
    finally:
        redline_words._WINDOW = saved


def test_a_space_struck_with_the_word_after_it_is_not_left_out_again() -> None:
    """Found by the test above (a window of 4 tokens): a space struck and retyped with the word after it
    made the next lone struck space look as if the older text had a space before it anyway, so it was
    left out, and the older text read "we.data"."""
    older = ["data.", "data data data data.", "we.", "data data."]
    newer = ["data data.", "data data data data.", "data.", "data data.", "we."]
    saved = redline_words._WINDOW
    redline_words._WINDOW = 4
    try:
        old, new = (doc(markdown_of([["## long", " ".join(sentences)]])) for sentences in (older, newer))
        check(old, new)
        check(new, old)
    finally:
        redline_words._WINDOW = saved


def test_every_word_of_the_redline_text_comes_from_the_theme() -> None:
    """The redline hands places (`<rl-say>`), the theme's word table fills them: another table gives
    other words for the labels, the folds, the kinds and the screen-reader words."""
    links = "Ask the [regulator](https://a.example/reg) or [us](https://a.example/us)"
    old = doc(
        "## A\n\nOne two three four.\n\n## B\n\nSame text here.\n\nMore of it.\n\n## C\n\nFive six.\n\n"
        f"{links}, must.\n"
    )
    new = doc(
        f"## A\n\nOne 2 three four, five.\n\n## B\n\nSame text here.\n\nMore of it.\n\n## C\n\nFive six seven.\n\n"
        f"{links.replace('a.example/reg', 'b.example/reg')}, **must**.\n"
    )
    redline = compare(old, new)
    raw = re.sub(r"<[^>]*>", " ", redline.inline_html)  # every word, notes too
    for english in (
        "Change",
        "inserted",
        "deleted",
        "Unchanged",
        "wording",
        "Next",
        "Previous",
        "bold",
        "added",
        "link target",
        "changed from",
    ):
        assert english not in raw, f"the redline itself says {english!r}"
    german = {key: f"«{key}»" for key in THEME_WORDS.words} | {
        "change-n": "Änderung {n} von {t}",
        "sr-inserted": "eingefügt: ",
        "fmt-link-target": "Ziel {u} → {v}",
        "fmt-added": "{f} neu",
        "fmt-bold": "fett",
        "fmt-and": "{a} / {b}",
        "fmt-on": "„{q}“: {d}",
    }
    html = redline.inline(german)
    assert (
        f"Änderung 1 von {redline.changes}" in html
        and '<span class="rl-note rl-sr">eingefügt: </span>' in html
    )
    assert "„regulator“: Ziel https://a.example/reg → https://b.example/reg / „must“: fett neu" in html
    english = redline.inline(THEME_WORDS)
    assert (
        "link target changed from https://a.example/reg to https://b.example/reg" in english
        and "; “must”: bold added" in english
    )
    assert "«kind-wording»" in html and "«fold-section»" in html and "«sr-deleted»" in html
    braces = redline.inline(
        THEME_WORDS.words | {"previous-change": "{Previous} {n}", "change-n": "Change {n} of {t} {x} {"}
    )
    assert "{Previous} {n}" in braces and "Change 2 of 3 {x} {" in braces  # a brace is a brace, not a crash
    with pytest.raises(
        PpgenError, match="no `sr-inserted`"
    ):  # (a theme without it: tests/bad_cases/guard.py)
        redline.inline({k: v for k, v in THEME_WORDS.words.items() if k != "sr-inserted"})


def test_triage_counts_moves_and_invisible_changes() -> None:
    body = "Every word of this section moves as one block of text."
    old = doc(
        f"## Stay\n\nStaying put here.\n\n## Moving\n\n{body}\n\n## End\n\nThe end is here, with more words.\n"
    )
    new = doc(
        f"## Moving\n\n{body}\n\n## Stay\n\nStaying put here.\n\n<!-- lint -->\n\n## End\n\n"
        "The end is here, with more words added.\n"
    )
    triage = check(old, new).triage
    assert (triage.moves, triage.ignored) == (1, 1)
    assert dict(triage.counts)["wording"] == 1 and "moved" in dict(triage.counts)
    assert [c.kind for c in triage.changes if c.kind != "moved"] == ["wording"]
    assert triage.changes[-1].new.endswith("more words added.") and triage.changes[-1].old.endswith(
        "more words."
    )


def test_a_link_to_text_folded_away_leads_to_it_in_the_newer_version() -> None:
    old = doc("## A\n\nSee [C](#c).\n\n## B\n\nThree four.\n\n## C\n\nFive six.\n\n## D\n\nSeven.\n")
    new = doc(
        "## A\n\nSee [section C](#c) now.\n\n## B\n\nThree four.\n\n## C\n\nFive six.\n\n## D\n\nSeven, changed.\n"
    )
    redline = check(old, new)
    html = redline.inline(THEME_WORDS, NEWER)
    # B and C are one fold, so C's heading is not on the page: the policy's own link to it goes to the newer version.
    assert 'id="c"' not in html and '<a href="../newer/#c">' in html
    assert redline.folds == ((2, 6),)


def test_a_section_the_change_table_names_is_on_the_page_when_folded_away() -> None:
    old = doc("## A\n\nOne.\n\n## B\n\nTwo.\n\n## C\n\nThree.\n\n## D\n\nFour.\n")
    new = doc("## A\n\nOne.\n\n## B\n\nTwo.\n\n## C\n\nThree.\n")
    redline = check(old, new)
    html = redline.inline(THEME_WORDS, NEWER)
    # D's deletion is a change of section C (where it was, in the newer version's terms), whose text folds
    # away with A and B: the fold answers for C, so the change table's link to it lands there.
    assert [c.section for c in redline.triage.changes] == ["c"]
    assert html.startswith(
        '<p class="rl-note rl-fold"><span id="c"></span><a href="../newer/#a">3 unchanged sections (6 words)'
    )
    assert html.count('id="c"') == 1
