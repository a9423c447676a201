"""The redline engine on real kinds of edit (issue 15): paragraphs split and joined, raw HTML, invisible
source changes, rewritten sentences, moves. Each test holds the oracle too (tests/test_redline.py `check`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ppgen.core.document import Document
from ppgen.pipeline.build import build
from ppgen.redline.align import move_counts, quiet_count
from ppgen.redline.cache import PolicyCache
from ppgen.redline.compare import align
from ppgen.redline.numbers import change_runs
from ppgen.redline.stretch import Text, stretch
from ppgen.redline.terminal import format_diff
from ppgen.redline.worddiff import diff_tokens
from ppgen.redline.words import tokenize
from ppgen.source.config import load_settings
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check, inline_view, text

FIRST = "We keep your account data for as long as your account is open and for ninety days after."
SECOND = "You may ask us to delete it sooner by writing to our privacy team at any time."


def marked(html: str) -> list[str]:
    """The words inside `<ins>`/`<del>` (screen-reader notes left out)."""
    found = re.findall(r"<(ins|del)\b[^>]*>(.*?)</\1>", html, re.DOTALL)
    return " ".join(text(inner) for _, inner in found).split()


def test_a_paragraph_split_in_two_marks_only_the_changed_words() -> None:
    old = parse(f"## Keeping data\n\n{FIRST} {SECOND}\n", "old.md")
    new = parse(
        f"## Keeping data\n\n{FIRST}\n\nYou may ask us to delete it sooner by email to our privacy team at any time.\n",
        "new.md",
    )
    redline = check(old, new)
    assert sorted(marked(inline_view(redline.inline_html))) == ["email", "writing"]
    assert "¶ split" in redline.inline(THEME_WORDS) and 'class="rl-note rl-para rl-split"' in redline.inline(
        THEME_WORDS
    )
    assert "the paragraph is split here" in redline.inline(THEME_WORDS)  # words for a screen reader
    assert redline.changes == 1
    assert redline.triage.ignored == 0, "the split's tail is part of the change, not a source-only change"
    assert "rl-moved" not in redline.inline_html, "a split is never a move"


def test_a_sentence_split_off_and_added_to_is_a_split_with_the_words_added() -> None:
    """Basecamp's privacy policy (2018 → 2020) split "If you have questions … contact us at
    privacy@basecamp.com." off its paragraph and added an address and a procedure to it: the sentence was
    struck from the paragraph and the new one inserted whole, 17 words "removed" that are all still there.
    A block inserted beside a changed one that holds most of what the change struck is that text split off."""
    first = (
        "Many of these rights can be exercised by signing in and directly updating your account information."
    )
    asked = "If you have questions about exercising these rights or need assistance, please contact us at our desk"
    added = (
        " or at Basecamp, 30 North Racine Avenue, Suite 200, Chicago, Illinois. For requests to delete personal"
        " information or know what personal information has been collected, we will first verify identity using"
        " a combination of two pieces of information already collected including the user email address. If an"
        " authorized agent is corresponding on behalf of someone, we need written consent with a signature from"
        " the account holder before proceeding with"
    )
    old = parse(f"## Your rights\n\n{first} {asked}.\n", "old.md")
    new = parse(f"## Your rights\n\n{first}\n\n{asked}{added} your identity first.\n", "new.md")
    redline = check(old, new)
    assert [change.kind for change in redline.triage.changes] == ["wording"]
    assert "¶ split" in redline.inline(THEME_WORDS)
    assert (redline.words_added, redline.words_removed) == (len((added + " your identity first").split()), 0)


def test_a_split_with_no_word_changed_is_one_change_with_its_tail() -> None:
    """The split's second paragraph, its words all kept, is part of the change: not a source-only
    change, and `ppgen diff` shows it."""
    old, new = (
        parse(f"## Keeping data\n\n{FIRST} {SECOND}\n", "old.md"),
        parse(f"## Keeping data\n\n{FIRST}\n\n{SECOND}\n", "new.md"),
    )
    redline = check(old, new)
    assert (redline.changes, redline.triage.ignored) == (1, 0)
    assert SECOND in format_diff(old, new, THEME_WORDS)


def test_a_change_tables_excerpt_keeps_a_space_where_paragraphs_split_or_join() -> None:
    """The change table's excerpts read "… after. You may …", not "… after.You may …", on both sides."""
    joined = parse(f"## Keeping data\n\n{FIRST} {SECOND}\n", "old.md")
    split = parse(f"## Keeping data\n\n{FIRST}\n\n{SECOND}\n", "new.md")
    for old, new in ((joined, split), (split, joined)):
        change = check(old, new).triage.changes[0]
        for excerpt in (change.old, change.new):
            assert "after." in excerpt and not re.search(r"after\.\S", excerpt), excerpt


def test_two_paragraphs_joined_in_one_mark_only_the_changed_words() -> None:
    old = parse(f"{FIRST}\n\n{SECOND}\n", "old.md")
    new = parse(f"{FIRST} {SECOND.replace('any time', 'any moment')}\n", "new.md")
    redline = check(old, new)
    assert sorted(marked(inline_view(redline.inline_html))) == ["moment", "time"]
    assert "¶ joined" in redline.inline(THEME_WORDS)
    assert "two paragraphs are joined here" in redline.inline(THEME_WORDS)


def test_paragraphs_joined_under_a_heading_changed_too_are_joined_not_struck_and_retyped() -> None:
    """Matrix's privacy notice (2023 → 2024) joined a paragraph to the one before it, under a heading whose
    capitals changed ("Not Legalese" → "not legalese"), above an address reworked: the changed heading and
    the paragraph kept one run of changes, so the joined sentence was inserted there and struck below it."""
    old = parse(f"## 1.1 English, Not Legalese\n\n{FIRST}\n\n{SECOND}\n\n```\nLondon\n```\n", "old.md")
    new = parse(f"## 1.1 English, not legalese\n\n{FIRST}\n{SECOND}\n\nLondon, UK\n", "new.md")
    text = format_diff(old, new, THEME_WORDS)
    assert f"{FIRST} ¶ joined {SECOND}" in text, text
    assert f"[-{SECOND}-]" not in text and f"{{+{SECOND}+}}" not in text


def test_a_join_after_a_sentences_inserted_end_is_marked_after_it() -> None:
    """Matrix joined two bullets and ended the first with a new clause: "…on Matrix[-;-] ¶ joined {+if you
    enable the option.+} We may…" put the join inside the clause (and two spaces after it in the terminal)."""
    old = parse("- Users contact you on Matrix;\n- We may also send you messages.\n", "old.md")
    new = parse(
        "- Users contact you on Matrix if you enable the option. We may also send you messages.\n", "new.md"
    )
    text = format_diff(old, new, THEME_WORDS)
    assert "Matrix[-;-] {+if you enable the option.+} ¶ joined We may" in text, text
    html = inline_view(check(old, new).inline_html)
    assert html.index("enable the option.") < html.index("rl-joined") < html.index("We may"), html


def test_a_heading_written_as_a_line_of_a_paragraph_is_not_struck_whole() -> None:
    old = parse(f"{FIRST}<br />\n2.2 Likeness\n{SECOND}\n", "old.md")
    new = parse(f"{FIRST}\n\n## 2.2 Likeness\n\n{SECOND}\n", "new.md")
    redline = check(old, new)
    assert len(marked(inline_view(redline.inline_html))) <= 2


def test_a_raw_html_block_with_one_word_changed_marks_that_word() -> None:
    old = parse(f'<div class="box">\n<p>{FIRST}</p>\n</div>\n', "old.md")
    new = parse(f'<div class="box">\n<p>{FIRST.replace("ninety", "thirty")}</p>\n</div>\n', "new.md")
    redline = check(old, new)
    assert sorted(marked(inline_view(redline.inline_html))) == ["ninety", "thirty"]


def test_raw_html_blocks_joined_or_split_with_no_word_changed_are_no_change() -> None:
    """Between two raw-HTML blocks the page has only white space, which the browser collapses: one block
    or two is the same page (hypothesis found a "¶ joined" shown for it), and a word changed in them is
    marked without a paragraph mark."""
    boxes = [f'<div class="box">\n<p>{FIRST}</p>\n</div>', f'<div class="box">\n<p>{SECOND}</p>\n</div>']
    two, one = parse("\n\n".join(boxes) + "\n", "two.md"), parse(" ".join(boxes) + "\n", "one.md")
    for old, new in ((two, one), (one, two)):
        redline = check(old, new)
        assert redline.changes == 0 and "¶" not in redline.inline(THEME_WORDS), redline.inline_html
    changed = parse(" ".join(boxes).replace("ninety", "thirty") + "\n", "changed.md")
    redline = check(two, changed)
    assert sorted(marked(inline_view(redline.inline_html))) == [
        "ninety",
        "thirty",
    ] and "¶" not in redline.inline(THEME_WORDS)


def test_white_space_and_html_comments_are_no_change_and_are_counted() -> None:
    old = parse(f"## Keeping data\n\n{FIRST}\n\n{SECOND}\n", "old.md")
    new = parse(
        (
            f"## Keeping data\n\n<!-- markdownlint-disable -->\n\n{FIRST.replace(' ', '  ', 3)}\n\n"
            f"{SECOND.replace(' ', chr(10), 2)}\n"
        ),
        "new.md",
    )
    redline = check(old, new)
    assert redline.changes == 0 and "<ins" not in redline.inline_html and "<del" not in redline.inline_html
    assert quiet_count(align(old, new, PolicyCache())) >= 1


def test_a_sentence_rewritten_but_for_its_stop_words_is_struck_and_retyped_whole() -> None:
    old = tokenize("Use the photo to reproduce a video, and modify the text.")
    new = tokenize("Copy the file to share a picture, and print the page.")
    pieces = diff_tokens(old, new)
    assert [p.op for p in pieces if p.op != "="] == ["-", "+"], [(p.op, p.tokens.text()) for p in pieces]


def test_separate_edits_inside_one_paragraph_are_separate_change_runs() -> None:
    old = tokenize(f"{FIRST} {SECOND}")
    new = tokenize(f"{FIRST.replace('ninety', 'thirty')} {SECOND.replace('privacy', 'legal')}")
    assert len(change_runs(diff_tokens(old, new))) == 2


def test_only_a_block_of_the_same_kind_moves_and_moves_are_counted() -> None:
    body = "\n\n".join(
        f"Paragraph number {n} says something different about topic {n} here." for n in range(8)
    )
    moving = "Sharing your personal data with our partners and affiliates"
    old = parse(f"## {moving}\n\n{body}\n\n## Other\n\nEnd of the text here.\n", "old.md")
    new = parse(f"## Introduction\n\n{body}\n\n## Other\n\n{moving}.\n\nEnd of the text here.\n", "new.md")
    redline = check(old, new)
    assert "rl-moved" not in redline.inline_html, "a heading became a paragraph elsewhere: not a move"
    para = "Personal data is stored on servers in the European Union and kept encrypted at rest by us."
    old = parse(f"## A\n\n{para}\n\n{body}\n\n## B\n\nEnd.\n", "old.md")
    new = parse(f"## A\n\n{body}\n\n## B\n\nEnd.\n\n{para.replace('servers', 'machines')}\n", "new.md")
    counts = move_counts(align(old, new, PolicyCache()))
    assert (counts.passages, counts.edited) == (1, 1) and counts.words == len(para.split())


def test_a_definition_that_took_in_a_passage_is_that_definition_with_words_inserted() -> None:
    """onetimesecret's terms (2024) moved a CloudFlare passage from "L. Disclaimer of Warranties" into the middle
    of a definition. The passage was taken for the block moved, so the definition's own unchanged words were
    struck, retyped around it and counted "edited on the way". The definition is kept, the passage inserted."""
    own = (
        'The "Website" refers to onetimesecret.com\'s website.',
        "These Terms also govern onetimesecret.com's product websites.",
    )
    passage = (
        "To protect against denial-of-service attacks, we utilize CloudFlare's services for DDoS protection and"
        " content delivery. All traffic to onetimesecret.com passes through CloudFlare's infrastructure by default."
    )
    old = parse(f"## A\n\n1. {own[0]} {own[1]}\n\n## L\n\nAs is.\n\n{passage}\n\nNo warranty.\n", "old.md")
    new = parse(f"## A\n\n1. {own[0]} {passage} {own[1]}\n\n## L\n\nAs is.\n\nNo warranty.\n", "new.md")
    assert [(op.kind, op.added, op.removed) for op in align(old, new, PolicyCache()) if op.change] == [
        ("change", len(passage.split()), 0),
        ("delete", 0, len(passage.split())),
    ]
    assert f"{own[0]} {{+{passage}+}} {own[1]}" in format_diff(old, new, THEME_WORDS)


def test_a_moved_section_takes_its_reworded_heading_along() -> None:
    body = "\n\n".join(
        f"Paragraph number {n} says something different about topic {n} here." for n in range(6)
    )
    section = "Alpha text is here and says a lot about alpha things.\n\nMore alpha text with more words here."
    old = parse(f"## Alpha\n\n{section}\n\n## Beta\n\n{body}\n", "old.md")
    new = parse(f"## Beta\n\n{body}\n\n## Alpha part\n\n{section}\n", "new.md")
    check(old, new)
    ops = [op for op in align(old, new, PolicyCache()) if op.kind != "equal"]
    assert [op.kind for op in ops] == ["move_from"] * 3 + ["move_to"] * 3
    assert len({op.change for op in ops}) == 2, "one change at each end"
    assert move_counts(align(old, new, PolicyCache())) == (
        1,
        2 + 11 + 7,
        1,
    )  # "Alpha part", the two paragraphs; the heading edited


def test_a_source_only_change_is_said_when_it_is_the_only_change(make_site: Callable[..., Path]) -> None:
    """Versions that differ only by an HTML comment: the page says there is no change to the text,
    and that one change was to the source only."""
    page = (
        "---\n{front}effective: {date}\nsummary: Version of {date}.\n---\n\n## Scope\n\n"
        "This policy covers the service.\n{extra}"
    )
    files = {
        "content/privacy/2024-01-01.md": page.format(
            front="title: Privacy Policy\n", date="2024-01-01", extra=""
        ),
        "content/privacy/2025-01-01.md": page.format(
            front="", date="2025-01-01", extra="\n<!-- markdownlint-disable -->\n"
        ),
    }
    settings = load_settings(make_site(files, config='title = "Quiet"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    html = (settings.output_dir / "privacy/diff/2024-01-01...2025-01-01/index.html").read_text(
        encoding="utf-8"
    )
    assert 'class="rl-no-change"' in html
    assert re.search(r'<p class="rl-ignored">1 change was to the source only', html)


def test_a_heading_moved_one_level_up_says_so_in_the_change_table() -> None:
    accounts = "## Accounts\n\nWe keep your account data for as long as your account is open and ninety days after.\n\n"
    billing = (
        "## Billing\n\nWe charge your card on the first day of each month for the plan you have chosen.\n\n"
    )
    cookies = "### Cookies used on the site\n\nWe use cookies to keep you signed in and to remember your settings.\n\n"
    old = parse(accounts + billing + cookies, "old.md")
    new = parse(cookies.replace("### ", "## ") + accounts + billing, "new.md")
    moved = [(change.kind, change.level) for change in check(old, new).triage.changes]
    assert moved == [("moved", (3, 2)), ("moved", (0, 0))]  # its new place says the level; its old place, no


def test_a_paragraph_made_bold_as_it_is_rewritten_is_one_formatting_note() -> None:
    """The words kept between the rewritten ones (a label, commas, the full stop) were each a note of their own
    ("“(i)”: bold added; “,”: bold added; …"); one note now runs from the first to the last. Two words made
    bold apart, with unchanged words between, stay two notes. (The words in capitals are now aligned with
    their sentence-case spelling, `redline.capitals`: the one note says so too.)"""
    caps = "(i) INDIRECT DAMAGES. WE ARE NOT LIABLE FOR SPECIAL, INCIDENTAL, OR CONSEQUENTIAL DAMAGES.\n"
    bold = "**(i) Indirect Damages. We are not liable for special, incidental, or consequential damages.**\n"
    notes = re.findall(
        r"Formatting: [^<]*", check(parse(caps, "old.md"), parse(bold, "new.md")).inline(THEME_WORDS)
    )
    assert notes == ["Formatting: “(i) … .”: bold added; capitalisation changed"]
    apart = check(
        parse("Pay within thirty days, or else.\n", "o.md"),
        parse("Pay **within** thirty days, **or** else.\n", "n.md"),
    )
    assert re.findall(r"Formatting: [^<]*", apart.inline(THEME_WORDS)) == [
        "Formatting: “within”: bold added; “or”: bold added"
    ]


def test_deleted_sections_between_two_linked_paragraphs_stay_deleted_sections() -> None:
    """A new paragraph sharing a few words with the first and the last of several deleted sections took them
    all into one group: their headings became struck running text inside a "changed" paragraph (or, where the
    group could not be shown, the first paragraph was struck and typed again whole). Blocks linked to nothing
    stay out of a group: the first paragraph is edited, the sections after it deleted as what they are."""
    old = parse(
        "## Service levels\n\nGitHub guarantees the service will be available for ninety nine percent of each "
        "quarter.\n\n### Exclusions\n\nDowntime caused by your own systems or by events beyond our control is "
        "excluded.\n\n### Disclaimer\n\nService credits are your only remedy for any failure of the service to be "
        "available each quarter.\n",
        "old.md",
    )
    new = parse(
        "## Service levels\n\nGitHub guarantees the service will be available, and service credits are your only "
        "remedy.\n",
        "new.md",
    )
    ops = [
        (op.kind, op.old.text if op.old else "")
        for op in align(old, new, PolicyCache())
        if op.kind != "equal"
    ]
    assert [kind for kind, _ in ops] == ["change", "delete", "delete", "delete", "delete"], ops
    assert ("delete", "Exclusions") in ops and ("delete", "Disclaimer") in ops, ops


def test_a_paragraph_split_around_a_short_inserted_line_keeps_its_last_part() -> None:
    """Automattic's cookie policy (2018 → 2021): one paragraph became three, a two-word line ("Other
    choices:") inserted before its last part, which doubled a word ("by visiting visiting"). The line,
    linked to nothing, kept the last part out of the group, and the last part was struck and typed again
    whole, the doubled word lost in it. A line lighter than what the last part keeps is taken in: only the
    words that changed are marked."""
    tail = (
        "We set a cookie to help us understand how visitors engage with the sites in our ad program. Visitors "
        "may opt out of our use of this information by visiting this link, and opt back in the same way."
    )
    old = parse(f"## Ads\n\nYou may see a cookie banner on the sites of our users. {tail}\n", "old.md")
    new = parse(
        f"## Ads\n\nYou may see a cookie banner on the sites of our users.\n\n_Other choices:_\n\n"
        f"{tail.replace('by visiting', 'by visiting visiting')}\n",
        "new.md",
    )
    redline = check(old, new)
    assert sorted(marked(inline_view(redline.inline_html))) == ["Other", "choices:", "visiting"]
    assert redline.changes == 1


def test_a_heading_made_the_last_line_of_a_paragraph_is_a_section_deleted() -> None:
    """Matrix's privacy notice (2021 → 2025) made the heading "We may need your personal information …" the last
    line of the paragraph before it. The redline said "¶ joined" with no word changed (and, where a bold full
    stop ended it, punctuation, which the wording-only switch hides): nothing told of the section gone, or
    of its address. The heading is deleted, as its section, and its words inserted in the paragraph."""
    claim = "We may need your personal information to defend legal claims for seven years."
    old = parse(f"## Shop\n\nWe do not profile users.\n\n#### {claim}\n\nName and address.\n", "old.md")
    new = parse(f"## Shop\n\nWe do not profile users.\n{claim}\n\nName and address.\n", "new.md")
    redline = check(old, new)
    assert "¶ joined" not in redline.inline(THEME_WORDS)
    assert [(c.kind, c.heading) for c in redline.triage.changes] == [("wording", ""), ("wording", "deleted")]
    assert re.search(r"<h\d[^>]*><del[^>]*>.*We may need", redline.inline_html), redline.inline_html


def test_words_every_section_ends_with_pair_no_unrelated_lines() -> None:
    """Matrix's privacy notice (2021 → 2025, cut short) ended each third party's section "Here is X's Privacy
    Policy"; in 2025 the Stripe section was gone and a sentence about Pretalx ended "… please see their
    Privacy Policy." The two shared "Privacy Policy" and nothing else, and Stripe's last line was shown as the
    Pretalx sentence reworded, its link "removed". Words most blocks of both sides of a stretch have link
    only blocks they are all the telling words of."""
    parties = ["BigCartel", "Stripe", "Royal Mail"]
    old = parse(
        "**Third parties**\n\n"
        + "".join(
            f"#### {name}\n\nWe use {name} for our shop. These details will be shared with {name}:\n\n"
            f"- Your name\n- Your address\n\nHere is [{name}'s Privacy Policy](https://{name[:3]}.example/)\n\n"
            for name in parties
        ),
        "old.md",
    )
    new = parse(
        "##### Third parties\n\n**Big Cartel**\n\nWe use Big Cartel for our shop. These details will be shared "
        "with Big Cartel:\n\n* Your name\n* Your address\n* Payment details\n\n"
        "Donorbox manages payment processing via Stripe. You can review their Privacy Policy here.\n\n"
        "Pretix sells our tickets. For more information on Pretix, please see their Privacy Policy.\n\n"
        "For more information on Pretalx, who support us with event scheduling, please see their Privacy Policy.\n",
        "new.md",
    )
    redline = check(old, new)
    deleted = re.sub(
        r"<[^>]+>", "", " ".join(re.findall(r"<del>(.*?)</del>", inline_view(redline.inline_html)))
    )
    assert "Here is Stripe's Privacy Policy" in deleted, deleted
    assert "link removed" not in redline.inline(THEME_WORDS)


def test_a_long_paragraph_is_not_condensed_into_a_bullet_by_two_shared_words() -> None:
    """Bitly's policy (2010 → 2019) deleted a 150-word paragraph on gathering information; a new list of
    purposes had the bullet "process and complete any transactions". The two shared "process" and
    "transactions", two of the bullet's three telling words, and the paragraph was shown reworded into the
    bullet ("was a paragraph, now a paragraph in a bulleted list"). Against a block over four times as long,
    half of a short one's telling words is a coincidence: the paragraph is deleted, the bullet inserted."""
    paragraph = (
        "Certain visitors to our websites choose to interact with us in ways that require us to gather "
        "personally-identifying information. The amount and type of information that we gather depends on "
        "the nature of the interaction. For example, we ask visitors who sign up for an account to provide a "
        "username and email address. Those who engage in transactions with us are asked to provide additional "
        "information, including as necessary the personal and financial information required to process those "
        "transactions. Visitors can always refuse to supply personally-identifying information."
    )
    cookies = "## Cookies\n\nA cookie is a string of information that a website stores on a computer.\n"
    old = parse(f"## Gathering of Information\n\n{paragraph}\n\n{cookies}", "old.md")
    bullets = "- operate our Site and provide the Services,\n- process and complete any transactions,\n"
    new = parse(f"## How We Use Information\n\n{bullets}- verify individual identity,\n\n{cookies}", "new.md")
    redline = check(old, new)
    assert "now a paragraph in a bulleted list" not in redline.inline(THEME_WORDS)
    inline = inline_view(redline.inline_html)
    said = r"(?:<span class=\"rl-note rl-sr\">(?:(?!</span>).)*</span>)?"  # the screen reader's "deleted"
    assert re.search(
        rf"<del>{said}Certain visitors[^<]*supply personally-identifying information\.</del>", inline
    )
    assert re.search(rf"<li><ins>{said}process and complete any transactions,</ins>", inline), inline


def test_a_title_taken_out_of_its_paragraph_keeps_its_link_to_it() -> None:
    """GitHub's supplemental terms (2019 → 2021) took the bold title "4.4 License to GitHub." out of its
    paragraph as a heading "2.3.3 License Grant to GitHub.": two of the heading's three telling words, against a
    paragraph twenty times as long. A heading is a title; it is still that paragraph split ("¶ split")."""
    body = (
        "Customer grants to GitHub the right to store, parse, and display Customer Content, and make incidental "
        "copies as necessary to provide the Service. This includes the right to copy Customer Content to "
        "GitHub's database and make backups; display it to Customer and those Customer chooses to show it to; "
        "and parse it into a search index or otherwise analyze it on GitHub's servers."
    )
    old = parse(f"## Terms\n\nIntro.\n\n**4.4 License to GitHub.** {body}\n", "old.md")
    new = parse(f"## Terms\n\nIntro.\n\n#### 2.3.3 License Grant to GitHub.\n\n{body}\n", "new.md")
    assert "¶ split" in check(old, new).inline(THEME_WORDS)


def test_a_line_break_where_a_paragraph_is_split_is_part_of_the_split() -> None:
    """DuckDuckGo's policy (2012 → 2014) made a paragraph of two lines (a hard line break between them) two
    list items: "1 punctuation change", the line break struck counted as a space put back."""
    old = parse(
        "Intro.\n\nLast updated on 04/11/12. Removed dead link.   \nBefore that, on 11/16/10. A paragraph.\n",
        "o.md",
    )
    new = parse(
        "Intro.\n\n* Last updated on 04/11/12. Removed dead link.\n* Before that, on 11/16/10. A paragraph.\n",
        "n.md",
    )
    assert [change.kind for change in check(old, new).triage.changes] == ["split"]


def test_words_struck_and_retyped_for_their_quotes_alone_are_not_counted() -> None:
    """Ducksboard's policy (2011 → 2015) curled its quotes: `"Website"` → `“Website”`. The change was
    punctuation, but its words counted as removed and added (211 words removed, of some 168)."""
    text = "{q}Website{p} and ({q}You{p} or {q}User{p}) are defined here. We keep your data for {n} days.\n"
    old = parse(text.format(q='"', p='"', n="thirty"), "o.md")
    curled = check(old, parse(text.format(q="“", p="”", n="thirty"), "n.md"))
    assert (curled.words_added, curled.words_removed) == (0, 0)
    assert {change.kind for change in curled.triage.changes} == {"punctuation"}
    both = check(old, parse(text.format(q="“", p="”", n="sixty"), "n.md"))
    assert (both.words_added, both.words_removed) == (1, 1)


def test_a_rewrite_in_the_same_words_is_said_to_share_little() -> None:
    """Reddit's 2015 privacy policy struck 2,557 of its 2,667 words, yet no "share little" verdict: the new
    text used the same words (most of them somewhere), in other phrases. Sections moved are still kept."""
    things = ["your email address", "your account name", "the pages you visit", "your device type"]
    acts = ["sign up", "log in", "post a comment", "send a message"]
    sections = list(zip(things, acts, strict=True))

    def policy(sentence: str, order: list[tuple[str, str]]) -> Document:
        return parse("".join(f"## {a.title()}\n\n{sentence.format(t=t, a=a)}\n\n" for t, a in order), "p.md")

    old = policy("We collect {t} when you {a}, and we keep it.", sections)
    rewritten = policy("If you {a}, {t} is kept by us to run the site.", sections)
    assert check(old, rewritten).triage.replaced >= 50
    reordered = policy("We collect {t} when you {a}, and we keep it.", sections[::-1])
    assert check(old, reordered).triage.replaced < 50


def test_a_paragraph_with_one_word_changed_among_alike_paragraphs_stays_one_change() -> None:
    """Three paragraphs that all say "Stripe processes personal data …": words every block has, which link no
    unrelated lines, still link a paragraph to itself when it keeps most of its words (the review found
    "payments" → "invoices" struck and typed again whole)."""
    olds = [
        "Stripe processes personal data for payments.",
        "Stripe processes personal data about merchants who sell subscriptions overseas.",
        "Stripe processes personal data for refunds and reversals.",
    ]
    news = [
        "Stripe processes personal data for invoices.",
        "Separately, Stripe processes personal data whenever cardholders dispute charges.",
        "Stripe processes personal data for refunds and returns.",
    ]
    steps = stretch([Text("paragraph", t) for t in olds], [Text("paragraph", t) for t in news], PolicyCache())
    assert [(s.kind, s.old, s.new) for s in steps if s.kind == "change"] == [
        ("change", 0, 0),
        ("change", 2, 2),
    ]


def test_words_joined_or_parted_are_wording_not_punctuation() -> None:
    """ "any one" → "anyone" and "every day" → "everyday" change what a clause says: wording, with their words
    counted. A space put back after a full stop stays punctuation."""
    old = parse("We may share data with any one of our partners every day.\n", "o.md")
    joined = check(old, parse("We may share data with anyone of our partners everyday.\n", "n.md"))
    assert [c.kind for c in joined.triage.changes] == ["wording"] and joined.words_removed > 0
    spaced = parse("It was unavailable.Without notice, we acted.\n", "o.md")
    put_back = check(spaced, parse("It was unavailable. Without notice, we acted.\n", "n.md"))
    assert [c.kind for c in put_back.triage.changes] == ["punctuation"]
    assert (put_back.words_added, put_back.words_removed) == (0, 0)


def test_raw_html_inserted_inside_a_split_paragraph_is_not_taken_into_it() -> None:
    """A raw-HTML note put between the two parts of a split paragraph was taken into the paragraph's group,
    with a false note: "was a paragraph, now a HTML block". Raw HTML pairs only with raw HTML."""
    first = "We keep your account records for seven years after closing, as tax law requires."
    second = "We delete backups of those records within ninety days of that period ending."
    old = parse(f"## A\n\n{first} {second}\n", "o.md")
    new = parse(f'## A\n\n{first}\n\n<div class="note">Note</div>\n\n{second}\n', "n.md")
    assert "now a HTML block" not in format_diff(old, new, THEME_WORDS)
    check(old, new)


def test_a_sentence_moved_out_of_a_deleted_section_against_a_kept_paragraph_is_a_move() -> None:
    """Etsy (2007 → 2014) moved "We limit access to personal information … to do their jobs" from a section it
    deleted to the top of the section before it, past a paragraph that section kept. The moved sentence and
    the kept paragraph crossed: one could be kept in place, and the sentence was; the stretch around it then
    read the sentence as the section's first paragraph, "does not rent, sell, or share …", rewritten, and
    the sentence's source as deleted. The pair kept in place is the one that could not be a move."""
    rent = (
        "Etsy does not rent, sell, or share personal information about you with other people or nonaffiliated"
        " companies except to provide products or services you've requested or when we have your permission."
        " We will transfer information about you if Etsy is acquired by or merged with another company."
    )
    buying = (
        "As part of the buying and selling process on Etsy, you will obtain the email address and/or shipping"
        " address of other Etsy members. Etsy grants to you a license to use such information only for"
        " Etsy-related communications that are not unsolicited commercial messages."
    )
    bought = (
        "As part of the buying and selling process, you may obtain another Etsy member's email address and"
        " shipping address. You have a limited license to use this information only for Etsy-related"
        " communications or for Etsy-facilitated transactions."
    )
    limit = (
        "limit access to {} to employees who we believe reasonably need to come into contact with that"
        " information to provide products or services to you or in order to do their jobs."
    )
    old = parse(
        f"## Sharing\n\n{rent}\n\n{buying}\n\n## Editing and Deleting Account Information\n\n"
        f"We {limit.format('personal information about you')} Your Etsy Account Information is"
        " password-protected. In certain areas, Etsy uses SSL-encryption to protect data transmissions.\n",
        "old.md",
    )
    new = parse(
        f"## Sharing\n\nEtsy {limit.format('your personal information').replace('limit', 'limits', 1)}\n\n"
        f"{bought}\n",
        "new.md",
    )
    redline = check(old, new)
    assert (redline.triage.moves, redline.triage.moves_edited) == (1, 1), redline.triage
    struck = "".join(re.findall(r"<del>(.*?)</del>", redline.inline_html, re.S))
    assert "does not rent, sell, or share" in struck and "reasonably need" not in struck, struck


def test_a_paragraph_split_where_the_heading_after_it_moved_away_is_a_split() -> None:
    """Automattic's cookie policy (2019 → 2021) added a sentence to "Examples" and made its last two
    sentences a paragraph of their own, as the "Advertising" section after it moved down: the heading's old
    place stood between the paragraph and its second part, and the two kept sentences read as struck and
    typed again, "rewritten" into the new sentence."""
    kept = "In addition, sites that use our services may place additional cookies of their own."
    first = (
        "Below are examples of the cookies set by us, with explanations of their purpose. Some of them are set"
        " across our whole network, whereas some are specific to individual services. This is not a full list."
    )
    added = "Additionally, we occasionally set referrer cookies on connected sites."
    ads = "## Advertising\n\n| Cookie | Purpose |\n|---|---|\n| ads | Tracks if a visitor has clicked an ad. |\n\n"
    ab = "## Analytics\n\n| Cookie | Purpose |\n|---|---|\n| ab | Used for testing new features. |\n\n"
    required = "## Required\n\n| Cookie | Purpose |\n|---|---|\n| ssid | For processing payment. |\n\n"
    old = parse(f"## Examples\n\n{first} {kept}\n\n{ads}{ab}", "old.md")
    new = parse(f"## Examples\n\n{first} {added}\n\n{kept}\n\n{required}{ab}{ads}", "new.md")
    struck = " ".join(re.findall(r"<del>(.*?)</del>", check(old, new).inline_html, re.S))
    assert "In addition" not in struck, struck
    assert f"{{+{added}+}} ¶ split \n{kept}" in format_diff(old, new, THEME_WORDS)


def test_a_clause_kept_after_a_long_paragraph_inserted_into_its_paragraph_is_kept() -> None:
    """Automattic's cookie policy (2019 → 2021) split a paragraph, put a long new one inside it, and kept its
    opt-out clause with four small edits: the clause read as struck and typed again (148 words removed for
    32), for the new paragraph outweighed the words the clause kept."""
    start = (
        "You may see a cookie banner on our users' websites, particularly if you are in the European Union."
    )
    clause = (
        "We set a cookie to help us understand how visitors engage with websites that participate in our ad"
        " program. Visitors may opt out of our use of this information by visiting this link. When you opt out,"
        " we replace the unique value for that cookie with an opt-out value that works across all websites."
    )
    long = " ".join(
        f"In March 2021 we began rolling out a new consent tool number {n} to our users as part of a framework."
        for n in range(8)
    )
    old = parse(f"## Consent\n\n{start} We show the banner again now and then. {clause}\n", "old.md")
    new = parse(f"## Consent\n\n{start}\n\n{long}\n\n_Other choices:_\n\nWe also {clause[3:]}\n", "new.md")
    struck = " ".join(re.findall(r"<del>(.*?)</del>", check(old, new).inline_html, re.S))
    assert "We show the banner again now and then." in struck and "opt out" not in struck, struck
