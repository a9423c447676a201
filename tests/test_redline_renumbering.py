"""A section inserted or deleted renumbers the sections after it: the redline classes a change that only
changed a heading's or a clause's own number as `numbering`, apart from the wording (redline/labels.py).
A number that is the policy's wording (a period, a year, a cross-reference) stays a wording change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe
from ppgen.pipeline.build import build
from ppgen.redline.terminal import format_diff
from ppgen.source.config import load_settings
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check

TERMS = [
    ("Introduction", "These terms govern your use of the service and of every product we offer."),
    ("Accounts", "You must keep your password safe and tell us at once if someone else uses it."),
    ("Payment", "You pay monthly in advance, by card, and we send a receipt for every payment."),
    ("Termination", "We may end the contract at any time with thirty days of notice in writing."),
]


def lettered(sections: list[tuple[str, str]], label: str = "{n}.") -> str:
    """A policy whose headings carry their number, `label` saying how it is written."""
    return "".join(
        f"## {label.format(n=n)} {title}\n\n{body}\n\n" for n, (title, body) in enumerate(sections, start=1)
    )


def kinds(old: str, new: str) -> list[tuple[str, str, str]]:
    """(kind, older excerpt, newer excerpt) of each change from `old` to `new`, the oracle held."""
    redline = check(parse(old, "old.md"), parse(new, "new.md"))
    return [(c.kind, c.old, c.new) for c in redline.triage.changes]


def test_a_section_inserted_renumbers_the_ones_after_it_as_numbering() -> None:
    inserted = (
        TERMS[:2] + [("Acceptable use", "You must not misuse the service or help anyone to.")] + TERMS[2:]
    )
    found = kinds(lettered(TERMS), lettered(inserted))
    assert found == [
        ("wording", "", "3. Acceptable use You must not misuse the service or help anyone to."),
        ("numbering", "3. Payment", "4. Payment"),
        ("numbering", "4. Termination", "5. Termination"),
    ]
    redline = check(parse(lettered(TERMS), "old.md"), parse(lettered(inserted), "new.md"))
    assert redline.triage.counts == (("wording", 1), ("numbering", 2))
    # The terminal says so too, and the page's change markers carry the kind the wording-only switch reads.
    assert "changed · numbering · 4. Payment" in format_diff(
        parse(lettered(TERMS), "old.md"), parse(lettered(inserted), "new.md"), THEME_WORDS.words
    )
    assert redline.inline_html.count("rl-k-numbering") == 2


def test_every_way_of_writing_a_label_is_read() -> None:
    for label in (
        "{n}.",
        "{n})",
        "({n})",
        "Section {n}",
        "Section {n}:",
        "Art. {n}",
        "§ {n}",
        "1.{n}",
        "1.{n}.",
    ):
        deleted = [TERMS[0], *TERMS[2:]]
        found = kinds(lettered(TERMS, label), lettered(deleted, label))
        assert [kind for kind, _, _ in found] == ["wording", "numbering", "numbering"], label
    old = "## C. Payment\n\nYou pay monthly.\n\n## D. Termination\n\nWe may end it.\n"
    assert [k for k, _, _ in kinds(old, old.replace("C.", "D.", 1).replace("D. T", "E. T"))] == [
        "numbering",
        "numbering",
    ]
    roman = "## IV. Payment\n\nYou pay monthly.\n"
    assert [k for k, _, _ in kinds(roman, roman.replace("IV.", "V."))] == ["numbering"]
    # A number taken away, or put in front: the same words, numbered otherwise.
    assert [k for k, _, _ in kinds(roman, roman.replace("IV. ", ""))] == ["numbering"]
    assert [k for k, _, _ in kinds(roman.replace("IV. ", ""), roman)] == ["numbering"]
    # A table of contents renumbered with its headings.
    contents = "| Section | Page |\n|---|---|\n| C. Payment | 3 |\n| D. Termination | 4 |\n"
    found = kinds(contents, contents.replace("C. P", "D. P").replace("D. T", "E. T"))
    assert [k for k, _, _ in found] == ["numbering", "numbering"]
    # Its links follow the headings' ids: numbering too; a link that leads elsewhere is a link target changed.
    linked = "See [our payment terms](#c-payment) and [the guide](#c-guide).\n\n## C. Payment\n\nYou pay.\n"
    renumbered = linked.replace("C. P", "D. P").replace("#c-payment", "#d-payment")
    assert [k for k, _, _ in kinds(linked, renumbered)] == ["numbering", "numbering"]
    assert [k for k, _, _ in kinds(linked, linked.replace("#c-guide", "#c-manual"))] == ["link"]
    assert [k for k, _, _ in kinds(linked, linked.replace("#c-guide", "#d-manual"))] == ["link"]


def test_a_clause_made_a_sub_clause_under_another_number_is_numbering() -> None:
    """Matrix's terms (2023 → 2025) made "## 13. Limitation of Liability" "### 5.1 Limitation of liability":
    the same clause, renumbered as a sub-clause, its capitals restyled, was a wording change."""
    old = "## 11. Indemnity\n\nYou indemnify us.\n\n## 13. Limitation of Liability\n\nWe are not liable.\n"
    new = "## 5. Indemnity\n\nYou indemnify us.\n\n### 5.1 Limitation of liability\n\nWe are not liable.\n"
    assert [kind for kind, _, _ in kinds(old, new)] == ["numbering", "numbering"]
    # in a paragraph, capitals are wording: "3. the Service" made "4. The Service" is not renumbered only
    assert kinds("3\\. the Service is ours.\n", "4\\. The Service is ours.\n")[0][0] == "wording"


def test_a_clause_numbered_in_its_text_is_numbering_too() -> None:
    old = "- (a) your name and email address;\n- (b) the content of your messages.\n"
    new = "- (a) your name;\n- (b) your email address;\n- (c) the content of your messages.\n"
    found = kinds(old, new)
    assert [kind for kind, _, _ in found] == [
        "wording",
        "numbering",
    ]  # the item split, then the last renumbered
    assert found[1][1].startswith("(b) the content") and found[1][2].startswith("(c) the content")
    japanese = "## 第3条（目的）\n\n本規約は、サービスの利用条件を定めます。\n"
    assert [k for k, _, _ in kinds(japanese, japanese.replace("第3条", "第4条"))] == ["numbering"]
    article = "## 제{n}조 ({title})\n\n{text}\n\n"
    korean = article.format(
        n=5, title="목적", text="이 약관은 서비스 이용 조건을 정합니다."
    ) + article.format(n=6, title="정의", text="용어의 뜻은 다음과 같습니다.")
    renumbered = korean.replace("제6조", "제7조").replace("제5조", "제6조")
    assert [k for k, _, _ in kinds(korean, renumbered)] == ["numbering", "numbering"]


def test_numbers_that_are_the_policy_s_wording_stay_wording() -> None:
    cases = [
        # A period at the start of a paragraph: not a label, it changes what the policy says.
        ("30 days after you close your account we delete your data.\n", "30 days", "60 days"),
        # A year in a heading.
        ("## 2020 Transparency Report\n\nWe publish the requests we receive.\n", "2020", "2021"),
        # A cross-reference inside the text, which may point elsewhere for a reason.
        ("We keep your data as set out in Section 5.\n", "Section 5", "Section 6"),
        # The number changed, and the words too.
        ("## 3. Payment\n\nYou pay monthly.\n", "3. Payment", "4. Payments"),
        # The same number, another word before it.
        ("## Section 5. Retention\n\nWe keep data.\n", "Section 5", "Article 5"),
    ]
    for old, was, now in cases:
        assert [k for k, _, _ in kinds(old, old.replace(was, now))] == ["wording"], (old, was, now)
    # A paragraph that is only a number: nothing follows the label, so it is no clause's label.
    assert [k for k, _, _ in kinds("The fee is:\n\n(3)\n", "The fee is:\n\n(4)\n")] == ["wording"]


def test_a_renumbered_heading_is_filed_under_its_section_not_as_renamed() -> None:
    inserted = (
        TERMS[:2] + [("Acceptable use", "You must not misuse the service or help anyone to.")] + TERMS[2:]
    )
    redline = check(parse(lettered(TERMS), "old.md"), parse(lettered(inserted), "new.md"))
    renumbered = [c for c in redline.triage.changes if c.kind == "numbering"]
    assert [(c.title, c.heading, c.was) for c in renumbered] == [
        ("4. Payment", "", ""),
        ("5. Termination", "", ""),
    ]


@pytest.mark.browser
def test_the_wording_only_switch_shows_renumbered_headings_as_they_are_now(
    page: Any, make_site: Callable[..., Path], http_server: Callable[[Path], str]
) -> None:
    inserted = (
        TERMS[:2] + [("Acceptable use", "You must not misuse the service or help anyone to.")] + TERMS[2:]
    )
    files = {
        "content/terms/2025-01-01.md": f"---\ntitle: Terms\neffective: 2025-01-01\n---\n\n{lettered(TERMS)}",
        "content/terms/2025-06-01.md": f"---\neffective: 2025-06-01\n---\n\n{lettered(inserted)}",
    }
    settings = load_settings(make_site(files, config='title = "Terms"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    page.goto(http_server(settings.output_dir) + "terms/diff/2025-01-01...2025-06-01/")
    expect(page.locator(".rl-kinds")).to_have_text(
        "1 wording change 2 numbering changes", use_inner_text=True
    )
    payment = page.locator("#redline .rl-new h2", has_text="Payment")
    expect(payment.locator("del")).to_contain_text("3")
    switch = page.get_by_label("Show only changes to the wording and to link targets")
    switch.check()
    # The renumbered headings read as the newer version has them, unmarked; the inserted section stays marked.
    expect(payment.locator("del")).to_be_hidden()
    expect(payment).to_have_text("4. Payment", use_inner_text=True)
    expect(page.locator("#change-2")).to_be_hidden()
    expect(page.locator("#redline ins", has_text="Acceptable use").first).to_be_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_a_cross_reference_that_follows_its_section_is_numbering_one_that_does_not_is_wording() -> None:
    sections = [
        ("Accounts", "Keep your password safe. The API terms in Section C apply, and Section C.1 in full."),
        ("Payment", "You pay monthly."),
        ("API Terms", "Do not abuse the API."),
    ]
    inserted = [*sections[:2], ("Privacy", "We respect your privacy."), sections[2]]

    def letters(parts: list[tuple[str, str]], reference: str = "D", sub: str = "D") -> str:
        text = lettered(parts, "{n}.").replace("## 1.", "## A.").replace("## 2.", "## B.")
        text = text.replace("## 3.", "## C.").replace("## 4.", "## D.")
        return text.replace("Section C apply", f"Section {reference} apply").replace(
            "Section C.1", f"Section {sub}.1"
        )

    old = (
        lettered(sections, "{n}.")
        .replace("## 1.", "## A.")
        .replace("## 2.", "## B.")
        .replace("## 3.", "## C.")
    )
    # The section C became D: references to C and to C.1 that now say D and D.1 follow it.
    assert [k for k, _, _ in kinds(old, letters(inserted))] == ["numbering", "wording", "numbering"]
    # One that says E does not: the reference now points elsewhere, which a lawyer must read.
    found = kinds(old, letters(inserted, reference="E"))
    assert [k for k, _, _ in found] == ["wording", "wording", "numbering"]
    assert "Section C apply" in found[0][1] and "Section E apply" in found[0][2]
