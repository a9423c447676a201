"""Sections in the change table (numbers.by_section, classes.Change.heading): each section added or
deleted is a numbered change of its own, named after it; a changed heading is filed under its own
section, with its older name; and the counts by kind add up to the numbered changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ppgen.core.document import Document
from ppgen.pipeline.build import build
from ppgen.redline.cache import PolicyCache
from ppgen.redline.stat import format_stat
from ppgen.redline.stretch import Text, stretch
from ppgen.source.config import load_settings
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check


def doc(markdown: str) -> Document:
    return parse(markdown, "test.md")


def body(topic: str, n: int = 2) -> str:
    """`n` paragraphs about `topic`, unlike any other topic's."""
    return "\n\n".join(
        f"The {topic} rules say {topic} thing number {k} applies to {topic} users." for k in range(n)
    )


INTRO = "## Introduction\n\nThis policy explains how the service works for everyone who uses it.\n\n"
END = "## Contact\n\nWrite to the legal team at the address on the contact page of the site.\n"
NEW = ("Refunds", "Warranty", "Arbitration")
CONTENT = "Under no circumstances will Users upload, post, host, or transmit any material that is unlawful."
SCRAPING = "Automated collection of pages by robots is allowed only for search engines and archives."
REFUNDS = "We return what you paid within thirty days when a purchase goes wrong for any reason."
SAFETY = "We do not allow activity on GitHub that endangers people, and we remove it when we learn of it."


def test_three_sections_added_in_a_row_are_three_changes_each_named_after_itself() -> None:
    added = "".join(f"## {name}\n\n{body(name.lower())}\n\n" for name in NEW)
    redline = check(doc(INTRO + END), doc(INTRO + added + END))
    rows = [(c.title, c.heading, c.was) for c in redline.triage.changes]
    assert rows == [(name, "added", "") for name in NEW]
    assert [c.section for c in redline.triage.changes] == ["refunds", "warranty", "arbitration"]
    labels = re.findall(r'<span class="rl-label">(Change \d+ of \d+)', redline.inline(THEME_WORDS))
    assert labels == ["Change 1 of 3", "Change 2 of 3", "Change 3 of 3"]


def test_paragraphs_added_without_a_heading_stay_one_change_in_their_section() -> None:
    old = doc(INTRO + END)
    new = doc(INTRO.rstrip("\n") + "\n\n" + body("billing", 3) + "\n\n" + END)
    redline = check(old, new)
    assert [(c.title, c.heading) for c in redline.triage.changes] == [("Introduction", "")]


def test_a_section_deleted_is_a_change_of_its_own_that_names_it() -> None:
    kept = "\n\n" + body("billing") + "\n\n"
    gone = "## Refunds\n\n" + REFUNDS + "\n\n"
    old = doc(INTRO.rstrip("\n") + kept + gone + END)
    new = doc(INTRO.rstrip("\n") + kept.replace("billing", "invoicing", 1).replace("applies", "works") + END)
    redline = check(old, new)
    deleted = [c for c in redline.triage.changes if c.heading == "deleted"]
    assert [(c.was, c.section) for c in deleted] == [("Refunds", "introduction")]
    assert redline.changes == len(redline.triage.changes) >= 2


def test_a_section_replaced_by_one_on_its_topic_is_filed_under_its_new_name_with_its_old_one() -> None:
    """The older section's text deleted and the newer's inserted in its place, their headings sharing a word
    that says something: the section was renamed, and its text is filed under the newer heading."""
    old = doc(INTRO + "## Content Restrictions\n\n" + CONTENT + "\n\n" + END)
    new = doc(INTRO + "## Content and User Safety\n\n" + SAFETY + "\n\n" + END)
    changes = check(old, new).triage.changes
    assert [(c.section, c.title, c.heading, c.was) for c in changes] == [
        ("content-and-user-safety", "Content and User Safety", "renamed", "Content Restrictions"),
        ("content-and-user-safety", "Content and User Safety", "", ""),
    ]


def test_a_section_replaced_by_one_on_another_topic_is_deleted_and_added_not_renamed() -> None:
    """ "User Safety" in place of "Content Restrictions", their text unrelated: saying the one *was* the
    other would tell a lawyer the clause lives on."""
    old = doc(INTRO + "## Content Restrictions\n\n" + CONTENT + "\n\n" + END)
    new = doc(INTRO + "## User Safety\n\n" + SAFETY + "\n\n" + END)
    rows = [(c.heading, c.was or c.title) for c in check(old, new).triage.changes]
    assert rows == [("deleted", "Content Restrictions"), ("added", "User Safety")]


def test_headings_that_share_only_a_word_every_section_has_are_not_one_section_renamed() -> None:
    """Dropbox (2008 → 2013): "Dropbox » Privacy" gave way to "Dropbox Terms of Service", every word under it
    struck and retyped; "Dropbox" is in most sections of both versions, and the terms were said to be the
    privacy section renamed. A word found everywhere tells no section from another."""
    rest = "".join(
        f"## {n}. How Dropbox {verb}\n\nDropbox {verb.lower()} {what}.\n\n"
        for n, (verb, what) in enumerate([("Collects", "the files you store"), ("Shares", "nothing")], 1)
    )
    old = doc(f"## Dropbox » Privacy\n\nDropbox tells you how we collect personal data.\n\n{rest}")
    new = doc(f"## Dropbox Terms of Service\n\nThese terms govern your use of Dropbox.\n\n{rest}")
    rows = [(c.heading, c.was or c.title) for c in check(old, new).triage.changes]
    assert rows == [("deleted", "Dropbox » Privacy"), ("added", "Dropbox Terms of Service")]


def test_text_of_a_deleted_section_deleted_after_a_clause_it_kept_is_filed_under_that_section() -> None:
    """Basecamp's terms (2019 → 2020) dropped "General Conditions" but kept one of its clauses, now the last
    of "Copyright": the clauses deleted after it were filed under "Copyright", in the change table and in
    `--stat`, and the deleted section counted only its first two. Every change that only deletes a deleted
    section's text is filed under it, and `--stat` gives the section one row."""
    copyright_ = (
        "## Copyright\n\n1. Content must comply with copyright law.\n2. We claim no rights over it.\n"
    )
    kept = "You must not falsely imply that another site is associated with the Service."
    old = doc(
        f"{copyright_}\n## General Conditions\n\n1. Technical support is only by email.\n"
        f"2. You must not hack the Service.\n3. {kept}\n4. We do not warrant the service is error-free.\n\n"
        "## Liability\n\nWe are not liable for indirect damages.\n"
    )
    new = doc(f"{copyright_}3. {kept}\n\n## Liability\n\nWe are not liable for indirect damages.\n")
    rows = [(c.heading, c.was) for c in check(old, new).triage.changes]
    assert rows == [("deleted", "General Conditions"), ("deleted", "General Conditions")]
    stat = format_stat(old, new, THEME_WORDS).splitlines()
    assert len(stat) == 2 and stat[0].startswith(" “General Conditions” (deleted section) |"), stat


def test_a_row_moved_out_of_a_deleted_section_is_filed_under_that_section() -> None:
    """Automattic's cookie policy (2019 → 2021) deleted "Strictly Necessary" and put its cookies in a new table
    "Required": the row `country_code` read "moved away · Advertising", the section drawn before its old place.
    In a cookie policy the category is the legal point (advertising cookies need consent). A block moved out
    of a deleted section is filed under it, at its old place, as its deleted text is."""
    table = "| Cookie | Purpose |\n|---|---|\n"
    country = "| country_code | Decides whether the cookie banner is shown, kept six hours. |\n"
    mobile = "| akm_mobile | Stores whether a user chose the mobile version of a website. |\n"
    ads = "| ads | Tracks if a visitor has clicked an ad before. |\n"
    ab = '| ab | Used for "AB testing" of new features. |\n'
    old = doc(
        f"## Advertising\n\n{table}{ads}\n## Analytics\n\n{table}{ab}\n## Functionality\n\n{table}{mobile}\n"
        f"## Strictly Necessary\n\n{table}{country}"
    )
    new = doc(
        f"## Required\n\n{table}{mobile}{country}\n## Analytics\n\n{table}{ab}\n## Advertising\n\n{table}{ads}"
    )
    redline = check(old, new)
    moved_away = [(c.heading, c.was) for c in redline.triage.changes if "country_code" in c.old]
    assert moved_away == [("deleted", "Strictly Necessary")], redline.triage.changes
    stat = format_stat(old, new, THEME_WORDS)
    assert re.search(r"“Strictly Necessary” \(deleted section\) +\| .*\(moved\)", stat), stat


def test_a_section_whose_heading_kept_its_words_is_never_deleted_and_added_again() -> None:
    """Basecamp's privacy policy (2018 → 2020) inserted a long paragraph before "Changes & questions", whose
    heading went from level 3 to 2: the words of the stretch, diffed as one, gave the section's old text to
    the new paragraph, and the section read as deleted and a new one of the same name added. A heading of
    the same words on both sides, once each, is the same section."""
    bbb = (
        "Basecamp (the company) has further committed to refer unresolved privacy complaints under the Privacy "
        "Shield Principles to an independent dispute resolution mechanism. If you do not receive timely "
        "acknowledgment of your complaint, or if your complaint is not satisfactorily addressed, please visit "
        "the program's site for more information and to file a complaint. This service is provided at no cost."
    )
    update = (
        "Basecamp may update this policy once in a blue moon — we will notify you about significant changes by "
        "emailing the account owner. You can access, change or delete your personal information at any time."
    )
    old = doc(
        f"## Basecamp privacy policy\n\n### Changes & questions\n\n{update}\n\n"
        "Questions about this privacy policy? Please get in touch and we will be happy to answer them!\n"
    )
    new = doc(
        f"{bbb}\n\n## Changes & questions\n\nHave any questions about this privacy policy? Please get in "
        "touch by emailing us and we will be happy to answer them!\n"
    )
    changes = check(old, new).triage.changes
    assert ("added", "Changes & questions") not in [(c.heading, c.title) for c in changes]
    assert [c.was for c in changes if c.heading == "deleted"] == ["Basecamp privacy policy"]
    assert any(c.title == "Changes & questions" and c.kind == "formatting" for c in changes)


def test_a_bold_line_made_a_heading_of_the_same_name_is_its_section_restyled() -> None:
    """Etsy's policy (2007 → 2014) made "**Information Sharing and Disclosure**" the heading "Information
    Sharing & Disclosure", deleted its first paragraph and inserted two paragraphs before it: the section read
    as deleted, and a new one of its name added. A bold line and a heading of the same name ("&" is "and")
    anchor the stretch as headings do."""
    kept = "We limit access to personal information about you to employees who need it to do their jobs."
    old = doc(
        "**Information Sharing and Disclosure**\n\nYou can delete your account at any time from your account "
        f"page; your billing information may remain in our records.\n\n{kept}\n"
    )
    new = doc(
        "Etsy is both a marketplace and a community. Any personal information you submit in community spaces "
        "can be read by others.\n\nSome messages from Etsy are service-related and required for members.\n\n"
        f"## Information Sharing & Disclosure\n\n{kept}\n"
    )
    changes = check(old, new).triage.changes
    assert [c.heading for c in changes if c.heading] == ["renamed"]
    renamed = next(c for c in changes if c.heading)
    assert (renamed.title, renamed.was) == (
        "Information Sharing & Disclosure",
        "Information Sharing and Disclosure",
    )
    assert all(c.under == "" for c in changes)


def test_the_section_deleted_right_before_one_on_its_topic_is_renamed_after_another_deleted() -> None:
    """Etsy's policy (2007 → 2014) deleted "Service-related Announcements" and renamed "Choice/Opt-out"
    "Choice & Control", its text reworded: with two sections deleted and one inserted, each was its own
    change, "Choice/Opt-out" deleted and "Choice & Control" new. The last section deleted is the first
    inserted right after it renamed, when the two are on one topic."""
    old = doc(
        "## Service-related Announcements\n\nWe will send you a welcome/confirmation email when you sign up for "
        "our services. Receipt of this email is required for using our services.\n\n## Choice/Opt-out\n\n"
        "If you no longer wish to receive service communications, you may opt-out of receiving them by emailing "
        "us at support@etsy.com.\n"
    )
    new = doc(
        "## Choice & Control\n\nWe know members of our community value having control over their own "
        "information, and therefore Etsy gives you the choice of providing, editing or removing certain "
        "information, as well as choice over how we contact you.\n\nIf you no longer wish to use Etsy's "
        "services or receive service-related messages, then you may close your account.\n"
    )
    rows = [(c.heading, c.was or c.title) for c in check(old, new).triage.changes if c.heading]
    assert rows == [("deleted", "Service-related Announcements"), ("renamed", "Choice/Opt-out")]


def test_a_heading_reworded_past_pairing_over_the_same_text_is_renamed() -> None:
    """Nothing but the heading deleted and inserted: the text under it goes on, so the section was renamed."""
    text = "\n\n" + body("billing") + "\n\n"
    old = doc(INTRO + "## Refunds" + text + END)
    new = doc(INTRO + "## Money back" + text + END)
    (change,) = check(old, new).triage.changes
    assert (change.title, change.heading, change.was) == ("Money back", "renamed", "Refunds")


def test_a_heading_whose_wording_changed_in_place_names_its_older_wording() -> None:
    text = "\n\n" + body("billing") + "\n\n"
    old = doc(INTRO + "## How we bill you for the service" + text + END)
    new = doc(INTRO + "## How we charge you for the service" + text + END)
    (change,) = check(old, new).triage.changes
    assert (change.title, change.heading, change.was) == (
        "How we charge you for the service",
        "renamed",
        "How we bill you for the service",
    )


def test_a_section_renamed_as_it_moved_names_its_older_name_at_both_ends() -> None:
    """Basecamp's terms (2019 → 2020) moved "API Terms" to the end as "Services Adaptations and API Terms":
    `--stat` gave no "(was …)", and the section's old place was filed under "Account Terms", the section
    before it. Both ends are the moved section, by its newer name, with its older one."""
    api = "## API Terms\n\n" + body("api") + "\n\n"
    old = doc(INTRO + api + "## Payment\n\n" + body("payment") + "\n\n" + END)
    new = doc(
        INTRO
        + "## Payment\n\n"
        + body("payment")
        + "\n\n"
        + END
        + "\n"
        + api.replace("## ", "## Services and ")
    )
    changes = [(c.kind, c.title, c.heading, c.was) for c in check(old, new).triage.changes]
    renamed = ("Services and API Terms", "renamed", "API Terms")
    assert changes == [("moved", *renamed), ("wording", *renamed)], changes  # the heading's words changed
    stat = format_stat(old, new, THEME_WORDS).splitlines()
    assert stat[0].startswith(" Services and API Terms (was “API Terms”) |") and len(stat) == 2, stat


def test_the_counts_by_kind_add_up_to_the_changes_when_a_passage_moves() -> None:
    para = "Personal data is stored on servers in the European Union and kept encrypted at rest by us."
    many = "\n\n".join(
        f"Paragraph number {n} says something different about topic {n} here." for n in range(8)
    )
    old = doc(f"## A\n\n{para}\n\n{many}\n\n## B\n\nEnd of the text here, said once.\n")
    new = doc(f"## A\n\n{many}\n\n## B\n\nEnd of the text here, said twice.\n\n{para}\n")
    triage = check(old, new).triage
    assert triage.moves == 1 and dict(triage.counts)["moved"] == 2, "a move is numbered at both ends"
    assert sum(count for _, count in triage.counts) == len(triage.changes) == 3


def test_two_sections_replaced_by_two_are_four_changes_not_a_guess_at_which_became_which() -> None:
    old = doc(
        INTRO + "## Content Restrictions\n\n" + CONTENT + "\n\n## Scraping\n\n" + SCRAPING + "\n\n" + END
    )
    new = doc(INTRO + "## User Safety\n\n" + SAFETY + "\n\n## Refunds\n\n" + body("refunds") + "\n\n" + END)
    rows = [(c.heading, c.was or c.title) for c in check(old, new).triage.changes]
    assert rows == [
        ("deleted", "Content Restrictions"),
        ("deleted", "Scraping"),
        ("added", "User Safety"),
        ("added", "Refunds"),
    ]


def test_the_change_table_names_new_renamed_and_deleted_sections(make_site: Callable[..., Path]) -> None:
    page = "---\n{front}effective: {date}\nsummary: Version of {date}.\n---\n\n{text}\n"
    billing = "## Billing\n\n" + body("billing") + "\n\n"
    older = (
        INTRO
        + "## Content Restrictions\n\n"
        + CONTENT
        + "\n\n"
        + billing
        + "## Scraping\n\n"
        + SCRAPING
        + "\n\n"
        + END
    )
    safety = "## Content and User Safety\n\n" + SAFETY + "\n\n"
    newer = "Read this first, before anything else in these terms.\n\n" + (
        INTRO + safety + billing + END + "\n## Refunds\n\n" + body("refunds")
    )
    files = {
        "content/terms/2024-01-01.md": page.format(front="title: Terms\n", date="2024-01-01", text=older),
        "content/terms/2025-01-01.md": page.format(front="", date="2025-01-01", text=newer),
    }
    settings = load_settings(make_site(files, config='title = "Sections"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    html = (settings.output_dir / "terms/diff/2024-01-01...2025-01-01/index.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="rl-table">') : html.index("</table>")]
    cells = re.findall(r"<tr[^>]*><td>.*?</td>\s*<td>(.*?)</td>", table, re.S)
    assert [re.sub(r"<[^>]+>", "", cell) for cell in cells] == [
        "(before the first heading)",  # a paragraph added above the first heading
        "Content and User Safety (was “Content Restrictions”)",
        "Content and User Safety",  # its text replaced
        "“Scraping” (deleted section)",
        "Refunds (new section)",
    ]
    assert cells[1].startswith('<a href="#content-and-user-safety">') and cells[4].startswith(
        '<a href="#refunds">'
    )


def test_the_summarys_counts_by_kind_add_up_to_the_changes_on_the_page(
    make_site: Callable[..., Path],
) -> None:
    """A move is numbered where the passage was and where it is now: the kinds listed count both, so a
    reader adding them up finds the number of changes."""
    para = "Personal data is stored on servers in the European Union and kept encrypted at rest by us."
    many = "\n\n".join(
        f"Paragraph number {n} says something different about topic {n} here." for n in range(8)
    )
    page = "---\n{front}effective: {date}\nsummary: Version of {date}.\n---\n\n{text}"
    files = {
        "content/terms/2024-01-01.md": page.format(
            front="title: Terms\n",
            date="2024-01-01",
            text=f"## A\n\n{para}\n\n{many}\n\n## B\n\nSaid once.\n",
        ),
        "content/terms/2025-01-01.md": page.format(
            front="", date="2025-01-01", text=f"## A\n\n{many}\n\n## B\n\nSaid twice.\n\n{para}\n"
        ),
    }
    settings = load_settings(make_site(files, config='title = "Moves"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    html = (settings.output_dir / "terms/diff/2024-01-01...2025-01-01/index.html").read_text(encoding="utf-8")
    kinds = html[
        html.index('<ul class="rl-kinds">') : html.index("</ul>", html.index('<ul class="rl-kinds">'))
    ]
    counted = [int(n) for n in re.findall(r"<strong>(\d+)</strong>", kinds)]
    assert counted == [1, 2] and "2</strong> moves" in kinds
    assert re.search(r"<strong>3</strong> changes", html)
    assert "1 passage was moved, 17 words, numbered where it was and where it is now." in html


def test_a_fold_keeps_the_headings_above_the_next_change_so_no_level_is_skipped() -> None:
    """Sections folded away took the `<h2>` and `<h3>` above a changed `<h4>` with them: the page's outline
    (axe's heading-order) skipped from the page's own `<h2>`s to `<h4>`. They stay, each with a fold of its
    own text; the sections between still fold as one."""

    def policy(last: str) -> str:
        return (
            f"{INTRO}## Scope\n\n{body('scope')}\n\n## Data\n\n{body('data')}\n\n### Kinds\n\n{body('kinds')}\n\n"
            f"### Uses\n\n{body('uses')}\n\n#### Sharing\n\n{last}\n\n{END}"
        )

    redline = check(doc(policy(REFUNDS)), doc(policy(REFUNDS.replace("thirty", "sixty"))))
    inline = redline.inline(THEME_WORDS, "newer")
    levels = [int(level) for level in re.findall(r'<h([1-6])(?![^>]*role="presentation")', inline)]
    assert levels == [2, 3, 4, 2], inline
    assert re.findall(r"<h[234] id=\"([^\"]+)\"", inline) == ["data", "uses", "sharing", "contact"]
    folds = re.findall(r'class="rl-note rl-fold"><a href="newer#([^"]+)"', inline)
    assert folds == [
        "introduction",
        "data",
        "uses",
        "contact",
    ]  # Introduction and Scope; Data's text and Kinds


def test_a_fold_keeps_the_section_a_changed_subsection_is_in_though_no_level_would_be_skipped() -> None:
    """A changed `<h2>`, then "Data transfers" (`<h2>`) and its first subsection unchanged, then a change in
    its subsection "Complaints" (`<h3>`): folded away, "Data transfers" left "Complaints" under the `<h2>`
    before the fold, as if the complaints clause were about security (found on Basecamp's privacy policy)."""

    def policy(security: str, complaints: str) -> str:
        return (
            f"{INTRO}## Security\n\n{security}\n\n## Data transfers\n\n{body('transfer')}\n\n"
            f"### Frameworks\n\n{body('framework')}\n\n### Complaints\n\n{complaints}\n\n{END}"
        )

    older = policy(SAFETY, REFUNDS)
    newer = policy(SAFETY.replace("remove", "delete"), REFUNDS.replace("thirty", "sixty"))
    inline = check(doc(older), doc(newer)).inline(THEME_WORDS, "newer")
    shown = re.findall(r'<h[234] id="([^"]+)"', inline)
    assert shown == ["introduction", "security", "data-transfers", "complaints", "contact"], inline
    folds = re.findall(r'class="rl-note rl-fold"><a href="newer#([^"]+)"', inline)
    assert folds == ["introduction", "data-transfers", "contact"]  # its own text and Frameworks: one fold


TEXTS = Path(__file__).parent / "texts"
YEARS = ("2017-marketplace", "2026-beta-previews")
"""Real policy text: GitHub's Terms of Service (github/site-policy, CC0), sections of 2017 and of 2026."""


def test_clauses_that_share_only_common_words_are_deleted_and_inserted_never_one_reworded() -> None:
    """GitHub's terms, years apart: the Marketplace and Advertising sections went, a Confidentiality section
    came. They share "GitHub", "you", "agree" and "account": no section was renamed, no clause reworded (each
    section deleted or added is one change that names it)."""
    old, new = ((TEXTS / f"github-terms-{name}.md").read_text(encoding="utf-8") for name in YEARS)
    redline = check(doc(INTRO + old + "\n" + END), doc(INTRO + new + "\n" + END))
    rows = [(c.heading, c.was or c.title) for c in redline.triage.changes]
    gone = ["I. Additional Terms for GitHub Marketplace", "J. Advertising on GitHub", "1. GitHub Pages"]
    gone += ["2. GitHub Repositories", "3. Spamming and Inappropriate Use of GitHub"]
    came = ["J. Beta Previews", "1. Subject to Change", "2. Confidentiality", "3. Feedback"]
    assert rows == [("deleted", name) for name in gone] + [("added", name) for name in came]
    assert all(not (c.old and c.new) for c in redline.triage.changes), "an older clause shown as a newer one"


@pytest.mark.parametrize(
    ("label", "before"),
    [
        ("S.", ""),
        ("Section 19.", ""),
        ("Article IV", ""),
        ("Clause 7 –", ""),
        ("第7条", ""),
        # a paragraph of the section before deleted too, which mentions support: the headings are compared
        ("S.", "Write to support if anything here is unclear to you.\n\n"),
    ],
)
def test_a_section_label_alone_makes_no_rename(label: str, before: str) -> None:
    """GitHub's corporate terms: "S. Support" where "S. Miscellaneous" was, the text under each its own. A
    label says which section, not what it is about."""
    law = "These terms are governed by the laws of the State of California, without regard to conflict rules."
    support = "GitHub will provide standard technical Support for the Service at no additional charge."
    old = doc(INTRO + before + f"## {label} Miscellaneous\n\n" + law + "\n\n" + END)
    new = doc(INTRO + f"## {label} Support\n\n" + support + "\n\n" + END)
    rows = [(c.heading, c.was or c.title) for c in check(old, new).triage.changes if c.heading]
    assert rows == [("deleted", f"{label} Miscellaneous"), ("added", f"{label} Support")]


def test_a_row_of_figures_with_one_changed_is_one_changed_paragraph() -> None:
    """A block with no word that says something (figures, dates) is paired, in a stretch of running text,
    by all its words."""
    olds = ["Section 4.2 of the agreement is amended.", "100 / 200 / 300 / 400 / 500 / 600"]
    news = [
        "A new paragraph about something else entirely.",
        "Section 4.2 of the agreement is amended as follows.",
        "100 / 200 / 300 / 450 / 500 / 600",
    ]
    steps = stretch([Text("paragraph", t) for t in olds], [Text("paragraph", t) for t in news], PolicyCache())
    assert [(step.kind, step.old, step.new) for step in steps] == [
        ("insert", -1, 0),
        ("change", 0, 1),
        ("change", 1, 2),
    ]


def test_the_body_of_a_section_only_renumbered_folds_under_its_heading() -> None:
    """WordPress.com's terms, 2016 → 2017: "2. Jetpack." inserted, every clause after it renumbered. Their
    bodies fold (only the numbers changed); a clause whose words changed too is shown."""
    clauses = {
        "Responsibility of Visitors": "Automattic has not reviewed all of the material posted to our Services.",
        "Content Elsewhere": "We have not reviewed the websites and webpages to which WordPress.com links.",
        "Intellectual Property": "This Agreement does not transfer any intellectual property from Automattic to you.",
        "Termination": "Automattic may terminate your access to all or any part of our Services at any time.",
    }

    def terms(first: int, extra: str = "", edit: str = "") -> str:
        text = "".join(
            f"## {n}. {name}\n\n{body}\n\n" for n, (name, body) in enumerate(clauses.items(), first)
        )
        start = "## 1. WordPress.com\n\nAdvertisements may be shown on your blog.\n\n"
        return start + extra + text.replace("at any time.", "at any time" + edit + ".")

    old = doc(terms(2))
    new = doc(
        terms(
            3, extra="## 2. Jetpack\n\nJetpack is a plugin that connects your site.\n\n", edit=", with notice"
        )
    )
    redline = check(old, new)  # the oracle holds, folds read as the newer text they stand for
    assert [c.kind for c in redline.triage.changes] == ["wording"] + ["numbering"] * 4 + ["wording"]
    html = redline.inline_html
    assert "Automattic has not reviewed" not in html and "This Agreement does not transfer" not in html
    assert "Automattic may terminate" in html  # its words changed: shown


def test_text_inserted_into_a_section_comes_before_the_section_deleted_after_it() -> None:
    """npm's disputes policy (2019 → 2021) replaced the last steps of "User names" and deleted the
    "Reasoning" section after it. Every deletion came first, so the new step was drawn after "Reasoning",
    as a list of its own, and read as part of it. The section's own change comes first, in its list; then
    the section deleted."""
    old = doc(
        "## Users\n\n1. Write to us.\n2. We ask the owner.\n3. After four weeks we decide.\n\n"
        "## Reasoning\n\nMost people want to be reasonable and talk it through.\n\n"
        "## Squatting\n\nDo not reserve names.\n"
    )
    new = doc(
        "## Users\n\n1. Write to us.\n1. Support will address your request.\n\n"
        "## Squatting\n\nDo not reserve names.\n"
    )
    redline = check(old, new)
    html = redline.inline_html
    assert html.index("Support will address") < html.index("Reasoning"), html
    newer_list = html[html.index('<div class="rl-new">') :]
    assert re.search(
        r"<ol>(?:(?!</ol>).)*After four weeks(?:(?!</ol>).)*Support will address", newer_list, re.S
    )
    changes = [(c.number, c.heading, c.title, c.was) for c in redline.triage.changes]
    assert changes == [(1, "", "Users", ""), (2, "deleted", "Users", "Reasoning")], changes


def test_a_paragraph_moved_without_its_last_sentence_is_a_move_edited() -> None:
    """npm's disputes policy moved "Package names are considered squatted if …" under "Definitions" and cut
    the sentences after it: shown deleted whole and inserted whole, when the same move that kept more of its
    words was "moved here (edited)". A block nine tenths inside another elsewhere is that block moved."""
    kept = "Package names are considered squatted if the package has no genuine function."
    cut = (
        "This judgement is made by a human, and attempts to game squatting by making pseudo-functional "
        "packages will increase, not decrease, the likelihood that we will transfer the package."
    )
    old = doc(
        f"## Squatting\n\n{kept} {cut}\n\n## Process\n\nWrite to support.\n\n## Fees\n\nThere are none.\n"
    )
    new = doc(f"## Process\n\nWrite to support.\n\n## Fees\n\nThere are none.\n\n## Squatting\n\n{kept}\n")
    redline = check(old, new)
    assert (redline.triage.moves, redline.triage.moves_edited) == (1, 1), redline.triage
    assert "judgement" in "".join(re.findall(r"<del>(.*?)</del>", redline.inline_html, re.S))
    assert not re.search(r"<ins>(?:(?!</ins>).)*genuine function", redline.inline_html, re.S)


def test_a_heading_made_a_bold_line_is_its_section_gone_not_punctuation() -> None:
    """Ducksboard's policy (2011 → 2015) made "#### 3. Log files, IP addresses and information about your
    computer" a bold line ending in a full stop: its section ran into "2. Cookies". The change was "1
    punctuation change" filed under "2. Cookies", and `--stat` named no section gone. The section is
    deleted (the change table and `--stat` say so), the change is formatting; and the other way, a line made
    a heading is a new section."""
    title = "3. Log files, IP addresses and information about your computer"
    heading = doc(f"## 2. Cookies\n\nWe use cookies.\n\n#### {title}\n\nWe log the address you came from.\n")
    line = doc(f"## 2. Cookies\n\nWe use cookies.\n\n**{title}.**\n\nWe log the address you came from.\n")
    demoted = check(heading, line).triage.changes
    assert [(c.kind, c.heading, c.was) for c in demoted] == [("formatting", "deleted", title)], demoted
    assert f"“{title[:30]}" in format_stat(heading, line, THEME_WORDS).splitlines()[0]
    promoted = check(line, heading).triage.changes
    assert [(c.kind, c.heading, c.title) for c in promoted] == [("formatting", "added", title)], promoted


def test_a_section_named_in_a_bold_line_that_became_a_heading_is_the_same_section() -> None:
    """craigslist's privacy policy named its sections in bold lines in 2003 ("**2. Circumstances in which we
    may release information**") and made them headings by 2010, with a section inserted: every section was
    "(new section)", and "2." → "3." was wording. A bold line made a heading (or a heading made a bold line)
    is its section restyled; renumbered as it was, the change is numbering."""
    lines = "**1. Privacy**\n\nWe run no ads.\n\n**2. Release of information**\n\nWe answer subpoenas.\n"
    headed = (
        "#### 1. Privacy\n\nWe run no ads.\n\n#### 2. Data we store\n\nWe keep logs.\n\n"
        "#### 3. Release of information\n\nWe answer subpoenas.\n"
    )
    changes = [(c.kind, c.heading, c.was) for c in check(doc(lines), doc(headed)).triage.changes]
    assert changes == [("formatting", "", ""), ("wording", "added", ""), ("numbering", "", "")], changes
    stat = format_stat(doc(lines), doc(headed), THEME_WORDS)
    assert stat.count("(new section)") == 1 and "2. Data we store (new section)" in stat, stat
    back = [(c.kind, c.heading, c.was) for c in check(doc(headed), doc(lines)).triage.changes]
    assert back == [("formatting", "", ""), ("wording", "deleted", "2. Data we store"), ("numbering", "", "")]
    # renamed as well as restyled: the older name is the bold line's
    renamed = doc(headed.replace("3. Release of information", "2. Release of records"))
    changes = [(c.heading, c.was) for c in check(doc(lines), renamed).triage.changes]
    assert ("renamed", "2. Release of information") in changes, changes


def test_a_heading_renamed_over_a_deleted_line_with_one_of_its_words_is_renamed() -> None:
    """DuckDuckGo's policy (2011 → 2012): "# Duck Duck Go Privacy Policy" over a line "_Privacy_" became
    "# DuckDuckGo Privacy". The line, one word, paired with the new heading ("was a paragraph, now a
    heading"), and `--stat` said the section holding the whole policy was deleted."""
    body = "**DuckDuckGo does not collect or share personal information.** That is our privacy policy.\n"
    old = doc(f"## Duck Duck Go Privacy Policy\n\n_Privacy_\n\n{body}\n## Feedback\n\nWrite to us.\n")
    new = doc(f"## DuckDuckGo Privacy\n\n{body}\n## Feedback\n\nWrite to us.\n")
    changes = [(c.heading, c.was) for c in check(old, new).triage.changes]
    assert changes == [("renamed", "Duck Duck Go Privacy Policy"), ("", "")], changes
    assert "deleted section" not in format_stat(old, new, THEME_WORDS)


LICENSE = (
    "**GITHUB ENTERPRISE SERVER LICENSE AGREEMENT**\n\n"
    "This agreement applies to the software you install.\n\n"
    "**2. License Grant.**\n\n"
    "GitHub grants you a license to install the software on servers you control.\n\n"
    "**THE SOFTWARE IS PROVIDED AS IS AND GITHUB MAKES NO WARRANTY OF ANY KIND.**\n\n"
    "You may make copies of the software for backup purposes.\n\n"
    "**8. Payment**\n\n"
    "You pay the fees on the order form within thirty days of the invoice.\n"
)


def test_a_change_under_a_bold_line_is_named_after_it_where_a_text_has_no_headings() -> None:
    """GitHub's Enterprise Server license agreement names its sections in bold lines ("**2. License
    Grant.**"), as a text converted from Word does: its change table said "(before the first heading)" of
    all its 79 changes, and `--stat` had one row. A change is named after the bold line it sits under; a
    bold sentence of many words (a notice in capitals) names nothing."""
    older = doc(LICENSE)
    newer = doc(
        LICENSE.replace("servers you control", "servers you own")
        .replace("backup purposes", "archive purposes")
        .replace("thirty days", "sixty days")
        .replace("the software you install", "the server software you install")
    )
    changes = check(older, newer).triage.changes
    assert [(c.section, c.under) for c in changes] == [
        ("", "GITHUB ENTERPRISE SERVER LICENSE AGREEMENT"),
        ("", "2. License Grant."),
        ("", "2. License Grant."),  # under the notice: still the license grant's
        ("", "8. Payment"),
    ]
    rows = [line.split("|")[0].strip() for line in format_stat(older, newer, THEME_WORDS).splitlines()[:-1]]
    assert rows == ["GITHUB ENTERPRISE SERVER LICENSE AGREEMENT", "2. License Grant.", "8. Payment"]
    # Under a heading, the heading's name comes first; a heading ends the bold line's reach.
    headed = doc("## Terms\n\n" + LICENSE + "\n## Contact\n\nWrite to the legal team.\n")
    reworded = doc(
        "## Terms\n\n" + LICENSE.replace("thirty", "sixty") + "\n## Contact\n\nWrite to the team.\n"
    )
    names = [(c.title, c.under) for c in check(headed, reworded).triage.changes]
    assert names == [("Terms", "8. Payment"), ("Contact", "")]
    stat = format_stat(headed, reworded, THEME_WORDS)
    assert "Terms › 8. Payment" in stat and " Contact " in stat


def test_a_section_named_in_a_bold_line_deleted_is_a_deleted_section() -> None:
    """Etsy's policy (2007 → 2014) named its sections in bold lines and dropped "Bulletin Boards / Chat Rooms"
    and "Editing and Deleting Account Information" ("You can delete your Etsy account at any time"). `--stat`
    had no deleted section: both were struck inside one change filed under the newer "Information Sharing &
    Disclosure", as if reworded into its new sentence. A bold line deleted with its text is a section
    deleted, as a heading is; the sentence inserted is a change of its own."""
    sections = {
        "Information Sharing and Disclosure": "When you post a message, your alias is visible to other users.",
        "Bulletin Boards / Chat Rooms": "Anything you submit in a chat room on this site can be read by others.",
        "Editing and Deleting Account Information": "You can delete your account at any time.",
        "Security": "The security of your personal information is important to us.",
    }
    older = doc("".join(f"**{name}**\n\n{text}\n\n" for name, text in sections.items()))
    newer = doc(
        f"**Information Sharing and Disclosure**\n\n{sections['Information Sharing and Disclosure']}\n\n"
        f"Third-party plug-ins also may collect information about your use of the Site.\n\n"
        f"**Security**\n\n{sections['Security']}\n"
    )
    rows = [(c.heading, c.was or c.under) for c in check(older, newer).triage.changes]
    assert rows == [
        ("deleted", "Bulletin Boards / Chat Rooms"),
        ("deleted", "Editing and Deleting Account Information"),
        ("", "Information Sharing and Disclosure"),
    ]
    stat = format_stat(older, newer, THEME_WORDS)
    assert "“Bulletin Boards / Chat Rooms” (deleted section)" in stat, stat


def test_a_change_under_a_bold_line_unbolded_is_named_after_it_and_a_question_names_a_section() -> None:
    """Pinterest's privacy policy names its sections in bold questions ("**How and when do we share
    information?**"), unbolded in 2017: the only wording change, "we {+may+} share your credit card
    information", was filed "(before the first heading)", for a bold question read as a notice and the
    newer version had no bold line. Where the newer version has none, the older's names the change."""
    text = (
        "We collect information in a few different ways.\n\n**How and when do we share information?**\n\n"
        "When you buy something, we share your card information with the merchant.\n\n"
        "**Our policy on children's information**\n\nPinterest is not directed to children under 13.\n"
    )
    plain = text.replace("**", "").replace("we share", "we may share")
    for old, new in ((doc(text), doc(plain)), (doc(plain), doc(text))):
        unders = [c.under for c in check(old, new).triage.changes]
        assert unders[:2] == ["How and when do we share information?"] * 2, unders
        stat = format_stat(old, new, THEME_WORDS)
        assert "(before the first heading)" not in stat, stat


def test_a_bold_line_that_opens_its_paragraph_names_the_changes_under_it() -> None:
    """Bitly's policy (2019) names its sections in a bold line that opens a paragraph, a line break after it
    ("**When You Create a Bitly Link**", then the text): every one of its 100 changes against 2014 was filed
    under the one heading above them all, "Effective Date: March 12, 2019"."""
    older = doc(
        "## Privacy\n\n**When You Register**  \nWe collect your name.\n\n"
        "**When You Create a Link**  \nWe keep the link.\n"
    )
    newer = doc(
        "## Privacy\n\n**When You Register**  \nWe collect your name and email.\n\n"
        "**When You Create a Link**  \nWe keep the link and its clicks.\n"
    )
    changes = check(older, newer).triage.changes
    assert [(c.title, c.under) for c in changes] == [
        ("Privacy", "When You Register"),
        ("Privacy", "When You Create a Link"),
    ]


def test_a_bold_date_line_is_a_stamp_not_a_section_name() -> None:
    """Slack's 2014 privacy policy has "**Effective: 1/1/2015**" under its heading "Policies": the bold-line
    rule named the changes below it "Policies › Effective: 1/1/2015"."""
    for stamp in ("Effective: 1/1/2015", "Last updated March 3, 2024", "Stand: 2024-03-01"):
        text = f"## Policies\n\n**2. Sharing**\n\n**{stamp}**\n\nWe share data with our processors.\n"
        changes = check(doc(text), doc(text.replace("processors", "vendors"))).triage.changes
        assert [(c.title, c.under) for c in changes] == [("Policies", "2. Sharing")], stamp


def test_the_change_table_names_the_bold_line_a_change_sits_under(make_site: Callable[..., Path]) -> None:
    page = "---\n{front}effective: {date}\n---\n\n{text}\n"
    files = {
        "content/terms/2024-01-01.md": page.format(front="title: Terms\n", date="2024-01-01", text=LICENSE),
        "content/terms/2025-01-01.md": page.format(
            front="", date="2025-01-01", text=LICENSE.replace("thirty days", "sixty days")
        ),
    }
    settings = load_settings(make_site(files, config='title = "Bold lines"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    html = (settings.output_dir / "terms/diff/2024-01-01...2025-01-01/index.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="rl-table">') : html.index("</table>")]
    assert re.findall(r"<tr[^>]*><td>.*?</td>\s*<td>(.*?)</td>", table, re.S) == ["8. Payment"]


def test_a_relative_link_changed_is_quoted_as_the_policy_writes_it(make_site: Callable[..., Path]) -> None:
    """Matrix's privacy notice linked `[Element](element.io)`, then `https://element.io`: the redline page said
    "link target changed from ../../element.io", the address rebased for the page, which the policy never wrote.
    A link to a policy is that policy's address on the page (`policy:terms` is the author's shorthand)."""
    page = "---\ntitle: Privacy\neffective: {date}\n---\n\nWe work with [Element]({href}) and [our terms]({terms}).\n"
    files = {
        "content/privacy/2024-01-01.md": page.format(
            date="2024-01-01", href="element.io", terms="policy:terms"
        ),
        "content/privacy/2025-01-01.md": page.format(
            date="2025-01-01", href="https://element.io", terms="policy:terms#use"
        ),
        "content/terms/2024-01-01.md": "---\ntitle: Terms\neffective: 2024-01-01\n---\n\n## Use\n\nBe kind.\n",
    }
    settings = load_settings(make_site(files, config='title = "Links"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    html = (settings.output_dir / "privacy/diff/2024-01-01...2025-01-01/index.html").read_text(
        encoding="utf-8"
    )
    assert re.findall(r"link target changed from (\S*) to ([^;<]*)", html) == [
        ("element.io", "https://element.io"),
        ("../../../terms/", "../../../terms/#use"),
    ]
    table = html[html.index('<table class="rl-table">') : html.index("</table>")]
    assert "→ element.io<" in table and "../" not in table
