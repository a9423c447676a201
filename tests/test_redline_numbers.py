"""Changes inside one paragraph numbered separately (redline_numbers): each separate edit its own
marker, row of the change table, kind and `ppgen diff` number; edits close together stay one change."""

from __future__ import annotations

import re

from ppgen.core.document import Document
from ppgen.redline.terminal import format_diff
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check

SENTENCES = [
    f"Sentence number {n} of this policy says that we keep item {n} for a while" for n in range(1, 11)
]


def doc(markdown: str) -> Document:
    return parse(markdown, "test.md")


def one_paragraph(edits: dict[int, tuple[str, str]]) -> tuple[Document, Document]:
    """A policy that is one long paragraph, and the same with sentence k's `old` replaced by `new`."""
    old = " ".join(f"{s}." for s in SENTENCES)
    new = " ".join(f"{s.replace(*edits[k]) if k in edits else s}." for k, s in enumerate(SENTENCES))
    return doc(f"# Policy\n\n{old}\n"), doc(f"# Policy\n\n{new}\n")


NINE = {
    0: ("keep", "store"),
    1: ("while", "year"),
    2: ("policy", "notice"),
    3: ("says that", "says, that"),
    4: ("item", "**item**"),
    5: ("keep", "hold"),
    6: ("while", "month"),
    7: ("number", "no."),
    9: ("keep", "delete"),
}


def labels(html: str) -> list[str]:
    return re.findall(r'<span class="rl-label">(Change \d+ of \d+)', html)


def test_a_one_paragraph_policy_with_nine_edits_has_nine_changes() -> None:
    redline = check(*one_paragraph(NINE))  # the oracle, ids, anchors in order
    assert redline.changes == 9
    inline = redline.inline(THEME_WORDS)  # the one markup of both views: each marker once
    wanted = [f"Change {n} of 9" for n in range(1, 10)]
    assert labels(inline) == wanted
    for n in range(1, 10):  # previous and next links chain the nine
        assert (f'href="#change-{n - 1}" rel="prev"' in inline) == (n > 1)
        assert (f'href="#change-{n + 1}" rel="next"' in inline) == (n < 9)
    changes = redline.triage.changes
    assert [c.number for c in changes] == list(range(1, 10))
    assert [c.kind for c in changes] == [
        "wording",
        "wording",
        "wording",
        "punctuation",
        "formatting",
        "wording",
        "wording",
        "wording",
        "wording",
    ]
    assert "store" in changes[0].new and "delete" in changes[8].new and "delete" not in changes[0].new
    assert all(c.words <= 2 for c in changes if c.kind == "wording")
    diff = format_diff(*one_paragraph(NINE), THEME_WORDS)
    assert re.findall(r"@@ change (\d+) of (\d+)", diff) == [(str(n), "9") for n in range(1, 10)]


def test_a_marker_is_never_inside_the_text_formatting() -> None:
    redline = check(
        *one_paragraph(
            {
                0: ("keep", "store"),
                5: ("keep item", "keep [item](https://example.com/x)"),
                9: ("while", "month"),
            }
        )
    )
    inline = redline.inline(THEME_WORDS)
    assert labels(inline) == [f"Change {n} of 3" for n in range(1, 4)]
    assert not re.search(r'<a href="https://example.com/x">[^<]*<span class="rl-note', inline)
    assert [c.kind for c in redline.triage.changes] == ["wording", "link", "wording"]


def test_edits_close_together_stay_one_change() -> None:
    redline = check(*one_paragraph({3: ("number 4 of this policy", "4 of the policy")}))
    assert redline.changes == 1
    redline = check(
        *one_paragraph({3: ("keep item 4 for a while", "hold item 4 for a day")})
    )  # 4 words apart, no sentence end between
    assert redline.changes == 1
    redline = check(
        *one_paragraph({3: ("a while", "a day"), 4: ("of this", "of that")})
    )  # a sentence ends between: apart
    assert redline.changes == 2


def test_ppgen_diff_words_its_formatting_notes_with_the_theme() -> None:
    old = doc("## Rules\n\nYou must ask [us](https://a.example/).\n")
    new = doc("### Rules\n\nYou **must** ask [us](https://b.example/).\n")
    words = {
        **THEME_WORDS.words,
        "fmt-bold": "fett",
        "fmt-added": "{f} neu",
        "block-heading-level": "Ebene {a} → {b}",
        "fmt-and": "{a} / {b}",
    }
    text = format_diff(old, new, words)
    assert "formatting: Ebene 2 → 3" in text
    assert "formatting: “must”: fett neu" in text
    assert "“us”: link target changed from https://a.example/ to https://b.example/" in text
    assert "bold" not in text


def test_quotes_dashes_and_spaces_that_change_only_their_typographic_form_are_punctuation() -> None:
    """Word's smart quotes, a converter's plain ones: "GitHub’s" becoming "GitHub's" changes no word."""
    plain = {
        0: ("says that", "says that GitHub's"),
        5: ("policy", '"policy"'),
        9: ("a while", "a while - or so"),
    }
    curly = {
        0: ("says that", "says that GitHub’s"),
        5: ("policy", "“policy”"),
        9: ("a while", "a while — or so"),
    }
    kinds = [c.kind for c in check(one_paragraph(plain)[1], one_paragraph(curly)[1]).triage.changes]
    assert kinds == ["punctuation", "punctuation", "punctuation"]
    # A word that changed too is a wording change.
    other = {**curly, 0: ("says that", "says that GitLab’s")}
    kinds = [c.kind for c in check(one_paragraph(plain)[1], one_paragraph(other)[1]).triage.changes]
    assert kinds == ["wording", "punctuation", "punctuation"]


def test_a_soft_or_non_breaking_hyphen_is_punctuation() -> None:
    old = doc("# Policy\n\nWe anonym\u00adise data and name our sub\u2011processors.\n")
    new = doc("# Policy\n\nWe anonymise data and name our sub-processors.\n")
    assert [c.kind for c in check(old, new).triage.changes] == ["punctuation"]


def test_full_width_digits_and_brackets_turned_half_width_are_punctuation_not_a_renumbering() -> None:
    """A Japanese text's full-width `３０` and `（` made half-width (or back) changes no word and no number."""
    old = doc("# 規約\n\n## 第１条（目的）\n\n利用者は３０日以内に届け出ます。\n")
    new = doc("# 規約\n\n## 第1条(目的)\n\n利用者は30日以内に届け出ます。\n")
    assert [c.kind for c in check(old, new).triage.changes] == ["punctuation", "punctuation"]
    renumbered = doc("# 規約\n\n## 第2条(目的)\n\n利用者は60日以内に届け出ます。\n")
    assert [c.kind for c in check(old, renumbered).triage.changes] == ["numbering", "wording"]


def test_a_full_stop_after_a_section_s_number_ends_no_sentence() -> None:
    """Word's contents line "6. International Transfers, page 4" renumbered and repaginated: one change."""
    old = doc("# Policy\n\nRefer to 6. International Transfers (page 4).\n")
    new = doc("# Policy\n\nRefer to 7. International Transfers (page 5).\n")
    assert check(old, new).changes == 1
    # A full stop after a word still ends a sentence.
    old = doc("# Policy\n\nWe keep data for 30 days. You may ask us to delete it at any time by email.\n")
    new = doc("# Policy\n\nWe keep data for 60 days. You may ask us to delete it at any time by post.\n")
    assert check(old, new).changes == 2
