"""What a review of the redline pages of a real corpus (GitHub's site policies) found, each reduced to a
small pair of versions: table rows paired by their place rather than by their text, and text lost from a
table cell whose list became lines of bold text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ppgen.core.document import Document
from ppgen.source.markdown import parse
from test_redline import BLOCK, THEME_WORDS, VOID, check, inline_view

_BOUNDARIES = BLOCK | {"br", "dd", "dl", "dt", "h1", "h5", "h6", "summary", "tbody", "thead"}
"""Elements that part the words before them from the words after them, for a reader (and a block break)."""


def doc(markdown: str) -> Document:
    return parse(markdown, "test.md", raw_html="strip")


class _Words(HTMLParser):
    """The words of an HTML fragment, each block's apart from the next one's, leaving out the named
    elements and every `.rl-note`."""

    def __init__(self, skip: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.stack: list[bool] = []
        self.hidden = 0
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BOUNDARIES and not self.hidden:
            self.out.append(" ")
        if tag in VOID:
            return
        hide = tag in self.skip or "rl-note" in (dict(attrs).get("class") or "").split()
        self.stack.append(hide)
        self.hidden += hide

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.hidden -= self.stack.pop()
        if tag in _BOUNDARIES and not self.hidden:
            self.out.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)


def words(html: str, *skip: str) -> list[str]:
    """The words of `html` without the `skip` elements and notes, block boundaries kept as word breaks."""
    parser = _Words(set(skip))
    parser.feed(html)
    parser.close()
    return "".join(parser.out).split()


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr[ >].*?</tr>", html, re.DOTALL)


def _row_with(html: str, text: str) -> str:
    """The one row of the redline's tables that holds `text`."""
    found = [row for row in _rows(html) if text in row]
    assert len(found) == 1, f"{len(found)} rows hold {text!r}"
    return found[0]


def _deleted_whole(row: str) -> bool:
    return "<del" in row and "<ins" not in row and not words(row, "del")


def _inserted_whole(row: str) -> bool:
    return "<ins" in row and "<del" not in row and not words(row, "ins")


def test_table_rows_pair_by_how_alike_they_are_not_by_their_place() -> None:
    """The privacy statement's summary table: a row inserted at the top paired every row with the one
    at its place ("What information GitHub ~~does not collect~~ collects", a link target "changed"), a
    reversal of meaning. The row that lost "and why" is that row edited; the others are whole."""
    head = "| Section | What can you find there? |\n|---|---|\n"
    old = doc(
        head + "| [What information GitHub collects and why](#collects-and-why) | GitHub collects basic "
        "information from visitors to our website, and some personal information from our users. |\n"
        "| [What information GitHub does not collect](#does-not-collect) | We don't collect information "
        "from children under 13, and we don't collect sensitive data. |\n"
        "| [How we share the information we collect](#share) | We share information to provide the "
        "service to you. |\n"
    )
    new = doc(
        head + "| [Who is responsible for the processing of your information](#who) | Subject to limited "
        "exceptions, GitHub is the controller of your personal data. |\n"
        "| [What information GitHub collects](#collects) | We also automatically collect your usage "
        "details, cookies, and device details. |\n"
        "| [How GitHub uses your information](#uses) | In this section, we describe the ways in which we "
        "use your information. |\n"
        "| [How we share the information we collect](#share) | We may share your information with third "
        "parties. |\n"
    )
    redline = check(old, new)
    html = inline_view(redline.inline(THEME_WORDS))
    edited = _row_with(html, "#collects-and-why")
    assert re.search(r"<del>(?:<span[^>]*>[^<]*</span>)?\s*and why</del>", edited), edited
    assert "does not collect" not in edited and "Who is responsible" not in edited
    assert _deleted_whole(_row_with(html, "does not collect"))
    assert _inserted_whole(_row_with(html, "Who is responsible"))
    assert _inserted_whole(_row_with(html, "How GitHub uses your information"))
    assert "#does-not-collect to #collects" not in redline.inline(THEME_WORDS)


def test_a_new_row_is_not_paired_with_an_old_one_by_text_every_row_has() -> None:
    """The subprocessors list: a new row (Anthropic) was paired with a removed one (Azure Cognitive
    Services) because both end "United States | United States", as every row of the table does."""
    head = "| Name | Description | Location | Corporate |\n|---|---|---|---|\n"
    tail = "| Cloudflare | Content delivery service | United States | United States |\n"
    old = doc(
        head + "| Amazon Web Services (AWS) | Cloud Hosted Infrastructure | United States | United States |\n"
        "| Azure Cognitive Services | Customer support ticketing analysis | United States | United States |\n"
        + tail
    )
    new = doc(
        head
        + "| Amazon Web Services Inc (AWS) | Cloud Hosted Infrastructure | United States | United States |\n"
        "| Anthropic PBC | AI Inference and AI Services | United States | United States |\n" + tail
    )
    redline = check(old, new)
    html = inline_view(redline.inline(THEME_WORDS))
    assert _deleted_whole(_row_with(html, "Azure Cognitive Services"))
    assert _inserted_whole(_row_with(html, "Anthropic PBC"))
    aws = _row_with(html, "Amazon Web Services")
    assert "<ins" in aws and "<del" not in aws  # the row that gained "Inc" is that row edited
    assert (redline.words_added, redline.words_removed) == (1 + 11, 11)


def test_a_list_in_a_cell_that_becomes_bold_lines_keeps_the_older_texts_items() -> None:
    """The enterprise SLA: a cell's bulleted list became bold items parted by ", <br>"; the redline kept
    the words and drew them in the newer blocks only, so without its insertions the older items ran
    together ("Issues Pull RequestsGit Operations") outside any list."""
    head = "| Service | Uptime |\n|---|---|\n"
    old = doc(
        head + "| The **Service** includes the following Service Features: <ul><li>Issues</li>"
        "<li>Pull Requests</li><li>Git Operations</li></ul> | total minutes in a quarter |\n"
    )
    new = doc(
        head
        + "| **Issues**,<br>**Pull&nbsp;Requests**,<br>**Git&nbsp;Operations** | total minutes in a quarter |\n"
    )
    redline = check(old, new)
    html = inline_view(redline.inline(THEME_WORDS))
    assert words(html, "ins") == words(old.html), "removing <ins> does not give the older text's words"
    assert words(html, "del") == words(new.html), "removing <del> does not give the newer text's words"
    cell = _row_with(html, "Issues")
    older_list = re.search(
        r"<ul data-old>(.*?)</ul>", cell, re.DOTALL
    )  # the older version's: hidden side by side
    assert older_list and words(older_list.group(1)) == ["Issues", "Pull", "Requests", "Git", "Operations"]
    assert older_list.group(1).count("<li data-old>") == 3 and "<ins" not in older_list.group(1)
