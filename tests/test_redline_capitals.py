"""Words whose capitals alone changed (ppgen/redline/capitals.py): a disclaimer rewritten from capitals
into sentence case with one real edit shows that edit as the only words struck and inserted; the change of
capitals is drawn quietly (`rl-case`) and told in a formatting note, and each version's text stays whole.
Each redline also holds the oracle (tests/test_redline.py `check`)."""

from __future__ import annotations

import re

from ppgen.redline.capitals import folded, recased
from ppgen.redline.terminal import format_diff
from ppgen.source.markdown import parse
from test_bench_redline_real import bench
from test_redline import THEME_WORDS, check, inline_view, text

CAPS = (
    "UNDER NO CIRCUMSTANCES AND UNDER NO LEGAL THEORY (WHETHER IN CONTRACT, TORT, NEGLIGENCE OR OTHERWISE) "
    "WILL GITHUB BE LIABLE TO DEVELOPER FOR ANY INDIRECT DAMAGES. NOTWITHSTANDING ANYTHING TO THE CONTRARY, "
    "GITHUB’S AGGREGATE LIABILITY SHALL NOT EXCEED SIX (6) MONTHS’ SPEND.\n"
)
SENTENCE = (
    "Under no circumstances and under no legal theory (whether in contract, tort, negligence or otherwise) "
    "will GitHub be liable to Developer for any indirect damages. Notwithstanding anything to the contrary, "
    "GitHub’s aggregate liability shall not exceed $500 (five hundred) USD.\n"
)
"""The shape of the github-marketplace-developer-agreement's limitation of liability, 2023-12-27 → 2024-09-26."""


def plain_marks(html: str) -> list[tuple[str, str]]:
    """Each plain `<ins>`/`<del>` (not a change of capitals, not a move) and its text."""
    found = re.findall(r"<(ins|del)>(.*?)</\1>", html, re.DOTALL)
    return [(tag, text(inner)) for tag, inner in found]


def case_marks(html: str) -> list[tuple[str, str]]:
    found = re.findall(r'<(ins|del) class="rl-case">(.*?)</\1>', html, re.DOTALL)
    return [(tag, text(inner)) for tag, inner in found]


def test_the_one_real_edit_of_a_paragraph_rewritten_out_of_capitals_is_the_only_one_struck() -> None:
    redline = check(parse(CAPS, "old.md"), parse(SENTENCE, "new.md"))
    html = inline_view(redline.inline(THEME_WORDS))
    assert plain_marks(html) == [("del", "SIX (6) MONTHS’ SPEND"), ("ins", "$500 (five hundred) USD")]
    cased = case_marks(html)
    assert [tag for tag, _ in cased] == ["del", "ins"]
    assert cased[0][1].startswith("UNDER NO CIRCUMSTANCES AND UNDER NO LEGAL THEORY (WHETHER")
    assert cased[1][1].startswith("Under no circumstances and under no legal theory (whether")
    assert cased[0][1].lower() == cased[1][1].lower()  # the same words, spelt otherwise: one run of them
    assert re.findall(r"Formatting: [^<]*", html) == [
        "Formatting: “Under no circumstances and under no legal theory (whether…”: capitalisation changed"
    ]
    assert (redline.words_added, redline.words_removed) == (4, 4)  # the edit's words, not the paragraph's
    assert [(c.kind, c.old, c.new) for c in redline.triage.changes] == [
        ("wording", redline.triage.changes[0].old, redline.triage.changes[0].new)
    ]
    assert "UNDER NO" in redline.triage.changes[0].old and "Under no" in redline.triage.changes[0].new


def test_capitals_alone_are_a_wording_change_with_both_spellings_on_the_page() -> None:
    """Capitals in a contract mean something (a conspicuous disclaimer, a defined term): the change is one of
    wording, which the "wording only" switch keeps, though no word was added or removed."""
    redline = check(
        parse("YOU MUST PAY WITHIN 30 DAYS.\n", "o.md"), parse("You must pay within 30 days.\n", "n.md")
    )
    html = inline_view(redline.inline(THEME_WORDS))
    assert plain_marks(html) == []
    assert case_marks(html) == [
        ("del", "YOU MUST PAY WITHIN 30 DAYS"),
        ("ins", "You must pay within 30 days"),
    ]
    assert "capitals before:" in html and "capitals now:" in html  # what a screen reader hears
    assert "“You must pay within 30 days”: capitalisation changed" in html
    assert [c.kind for c in redline.triage.changes] == ["wording"]
    assert (redline.words_added, redline.words_removed) == (0, 0)


def test_capitals_changed_in_a_heading_are_its_style() -> None:
    redline = check(
        parse("## LIMITATION OF LIABILITY\n", "o.md"), parse("## Limitation of liability\n", "n.md")
    )
    assert [c.kind for c in redline.triage.changes] == ["formatting"]


def test_a_defined_term_losing_its_capital_is_told() -> None:
    """`Software` (a defined term) becoming `software` changes what the sentence refers to: the page says so."""
    redline = check(
        parse("You may not copy the Software or its parts.\n", "o.md"),
        parse("You may not copy the software or its parts.\n", "n.md"),
    )
    html = inline_view(redline.inline(THEME_WORDS))
    assert case_marks(html) == [("del", "Software"), ("ins", "software")]
    assert "“software”: capitalisation changed" in html
    assert redline.changes == 1


def test_a_capital_where_a_sentence_now_starts_is_struck_and_retyped_with_the_rewrite() -> None:
    redline = check(
        parse("Moreover, you agree to these terms.\n", "o.md"), parse("You agree to these terms.\n", "n.md")
    )
    html = inline_view(redline.inline(THEME_WORDS))
    assert case_marks(html) == [] and "capitalisation" not in html
    assert plain_marks(html) == [("del", "Moreover, you"), ("ins", "You")]


def test_a_change_of_capitals_and_of_formatting_is_one_note() -> None:
    redline = check(parse("WE ARE NOT LIABLE.\n", "o.md"), parse("**We are not liable.**\n", "n.md"))
    html = inline_view(redline.inline(THEME_WORDS))
    assert re.findall(r"Formatting: [^<]*", html) == [
        "Formatting: “We are not liable … .”: bold added; capitalisation changed"
    ]


def test_side_by_side_shows_each_spelling_in_its_own_column() -> None:
    redline = check(parse("YOU MUST PAY.\n", "o.md"), parse("You must pay.\n", "n.md"))
    row = re.search(
        r'<div class="rl-note rl-old">(.*?)</div><div class="rl-new">', redline.inline(THEME_WORDS), re.S
    )
    assert row is not None
    older = re.sub(r'<span class="rl-sr">[^<]*</span>', "", row.group(1))  # (a note already: plain rl-sr)
    assert case_marks(older) == [("del", "YOU MUST PAY")]  # the older column: the older spelling only


def test_recased_runs_over_spaces_punctuation_and_a_few_unchanged_words() -> None:
    old = ["NOT", " ", "EXCEED", " ", "500", " ", "USD", " ", "OR", " ", "LESS"]
    new = ["not", " ", "exceed", " ", "500", " ", "USD", " ", "or", " ", "less"]
    assert recased(old, new, [()] * len(old)) == [True] * len(old)
    many = ["A", " ", "GitHub", " ", "USD", " ", "DMCA", " ", "B"]
    lower = ["a", " ", "GitHub", " ", "USD", " ", "DMCA", " ", "b"]
    assert recased(many, lower, [()] * len(many)) == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    bold = [(), (), ("<strong>",), (), ()]
    assert recased(["A", " ", "1", " ", "B"], ["a", " ", "1", " ", "b"], bold) == [
        True,
        False,
        False,
        False,
        True,
    ]
    assert folded(["STRASSE", "Straße"]) == ["strasse", "strasse"]


def test_the_terminal_diff_shows_both_spellings_and_says_why() -> None:
    out = format_diff(parse("YOU MUST PAY.\n", "o.md"), parse("You must pay.\n", "n.md"), THEME_WORDS)
    assert "[~YOU MUST PAY~]{~You must pay~}." in out
    assert "“You must pay”: capitalisation changed" in out


def test_the_bench_does_not_count_a_change_of_capitals_as_words_changed() -> None:
    old, new = parse(CAPS, "old.md"), parse(SENTENCE, "new.md")
    redline = check(old, new)
    reading = bench.read(redline.inline_html)
    assert bench.oracle(reading, bench.words(old.html), bench.words(new.html)) is None  # letter for letter
    assert bench.marked_words(reading) == 4 + 4  # “SIX (6) MONTHS’ SPEND”, “$500 (five hundred) USD”
