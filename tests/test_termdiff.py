"""ppgen.redline.terminal: the terminal word diff, its colours (never without markers, never under NO_COLOR)
and --stat."""

from __future__ import annotations

import io
import re
from pathlib import Path

from ppgen.core.document import Document
from ppgen.redline.compare import compare
from ppgen.redline.stat import format_stat
from ppgen.redline.terminal import columns, format_diff, terminal_diff, use_color
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "content" / "privacy").glob("????-??-??.md"))


def load(path: Path) -> Document:
    _, _, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return parse(body, str(path))


def doc(markdown: str) -> Document:
    return parse(markdown, "test.md")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_word_diff_marks_words_like_git() -> None:
    text = format_diff(load(EXAMPLES[1]), load(EXAMPLES[2]), THEME_WORDS)
    assert "(chat [-and image-]{+, image, video+} generation)" in text
    assert text.startswith("@@ change 1 of 1: changed · wording · How We Use Your Data (old line ")
    assert "\x1b[" not in text


def test_colour_keeps_the_markers() -> None:
    text = format_diff(load(EXAMPLES[1]), load(EXAMPLES[2]), THEME_WORDS, color=True)
    assert "\x1b[31;9m[-and image-]\x1b[0m" in text
    assert "\x1b[32;4m{+, image, video+}\x1b[0m" in text


def test_moves_are_reported_with_both_ends() -> None:
    text = format_diff(load(EXAMPLES[0]), load(EXAMPLES[1]), THEME_WORDS)
    assert "moved here from change 3 · Data Security" in text
    assert "moved away to change 2 · Data Security" in text
    assert "## {+Cookies Policy+}" in text


def test_identical_versions_print_nothing_and_do_not_differ() -> None:
    same = load(EXAMPLES[2])
    assert terminal_diff(same, load(EXAMPLES[2]), THEME_WORDS) == ("", False)
    assert terminal_diff(same, same, THEME_WORDS, stat=True) == ("", False)


def test_a_title_changed_alone_is_said_and_the_versions_differ() -> None:
    same = load(EXAMPLES[2])
    for stat in (False, True):
        text, differ = terminal_diff(same, same, THEME_WORDS, stat=stat, titles=("Acme Terms", "Terms"))
        assert (text, differ) == ("The title changed from “Acme Terms” to “Terms”.\n", True)
    text, differ = terminal_diff(load(EXAMPLES[1]), load(EXAMPLES[2]), THEME_WORDS, titles=("A", "B"))
    assert text.startswith("The title changed from “A” to “B”.\n\n@@ change 1 of 1:")


def test_different_versions_differ() -> None:
    text, differ = terminal_diff(load(EXAMPLES[0]), load(EXAMPLES[2]), THEME_WORDS)
    assert differ and text


def test_stat_counts_words_per_section() -> None:
    text = format_stat(load(EXAMPLES[0]), load(EXAMPLES[1]), THEME_WORDS)
    lines = text.splitlines()
    assert lines[0].split("|")[0].strip() == "The Data We Collect"
    assert "(moved)" in text
    assert lines[-1] == " 3 sections changed, 41 words added(+), 0 words removed(-), 4 changes"


def test_stat_singular_wording() -> None:
    assert format_stat(load(EXAMPLES[1]), load(EXAMPLES[2]), THEME_WORDS).splitlines()[-1] == (
        " 1 section changed, 2 words added(+), 2 words removed(-), 1 change"
    )


def test_formatting_only_change_is_noted() -> None:
    text = format_diff(doc("You must pay.\n"), doc("You **must** pay.\n"), THEME_WORDS)
    assert "{~must~}" in text
    assert "formatting: “must”: bold added" in text


def test_link_target_change_is_noted() -> None:
    text = format_diff(
        doc("See [terms](https://a.example/).\n"), doc("See [terms](https://b.example/).\n"), THEME_WORDS
    )
    assert "  link: “terms”: link target changed from https://a.example/ to https://b.example/" in text
    assert "formatting:" not in text  # a changed link target is never formatting (Mozilla's "contact us")


def test_links_inserted_or_deleted_show_their_targets_and_their_notes_are_link_notes() -> None:
    """Automattic's privacy policy added a clause incorporating its "Cookie Policy" and moved the account
    closing link onto "here": `ppgen diff` printed neither target (the page shows them as links), and
    called "link added" and "link removed" formatting."""
    old = doc(
        "You can choose to reject cookies.\n\n"
        "You can [close your WordPress.com account](https://example.com/close).\n"
    )
    new = doc(
        "You can [choose](https://example.com/#controlling) to reject cookies.\n\n"
        "Opt out of analytics: see our [Cookie Policy](https://example.com/cookies) and [terms](policy:terms).\n\n"
        "You can close your account ([here](https://example.com/close) for WordPress.com accounts).\n"
    )
    text = format_diff(old, new, THEME_WORDS)
    assert (
        "{+Opt out of analytics: see our Cookie Policy <https://example.com/cookies> and terms <policy:terms>.+}"
        in text
    ), text
    assert "[-WordPress.com account <https://example.com/close>-]" in text, text
    assert "(here <https://example.com/close> for WordPress.com accounts)+}" in text, text
    assert "  link: “choose”: link added (https://example.com/#controlling)" in text, text
    assert "  link: “close your”: link removed" in text and "formatting:" not in text, text
    assert "<https://example.com/#controlling>" not in text, "a link on words kept is said in its note"
    autolinks = format_diff(
        doc("A.\n"), doc("A.\n\nSee <https://gh.io/dpa> or <legal@example.com>.\n"), THEME_WORDS
    )
    assert "{+See https://gh.io/dpa or legal@example.com.+}" in autolinks, "an address is its link's text"


def test_words_struck_then_inserted_are_one_space_apart() -> None:
    """Slack's privacy policy (2015 → 2016): "team[-, or in-]  {+or in a+} private", two spaces where the
    text has one."""
    text = format_diff(
        doc("You post to the entire team, or in private groups.\n"),
        doc("You post to the entire team or in a private channel.\n"),
        THEME_WORDS,
    )
    assert "team[-, or in-] {+or in a+} private [-groups-]{+channel+}." in text


def test_an_address_inserted_or_deleted_whole_keeps_its_lines() -> None:
    """Matrix's notice made its postal address (a code block) lines of text: `ppgen diff` printed the new
    address on one line, though its hard line breaks part its lines on the page."""
    address = "The Matrix.org Foundation  \n10 Queen Street Place  \nLondon\n"
    text = format_diff(
        doc("Write to us:\n\n```\nLondon\n```\n"), doc(f"Write to us:\n\n{address}"), THEME_WORDS
    )
    assert "{+The Matrix.org Foundation\n10 Queen Street Place\nLondon+}" in text, text


def test_a_section_under_a_heading_with_no_words_is_not_before_the_first_heading() -> None:
    """Dropbox's page had an empty `##` (a hidden dialog's): `--stat` named two rows "(before the first
    heading)", the second after a heading."""
    old = doc("Intro.\n\n##\n\nWe keep logs.\n")
    rows = [
        row.split("|")[0].strip()
        for row in format_stat(old, doc("Intro!\n\n##\n\nWe keep less.\n"), THEME_WORDS).splitlines()
    ]
    assert rows[:2] == ["(before the first heading)", "(a heading with no words)"], rows


def test_a_link_to_the_site_is_noted_as_the_markdown_writes_it() -> None:
    # the renderer writes such links as placeholders for the page step; the terminal is no page
    text = format_diff(
        doc("We offer [relay](anonymize.html) and [terms](policy:terms).\n"),
        doc("We offer [relay](anonymize) and [terms](policy:terms#use).\n"),
        THEME_WORDS,
    )
    assert "link target changed from anonymize.html to anonymize" in text
    assert "link target changed from policy:terms to policy:terms#use" in text
    assert "\x1a" not in text


def test_structure_shows_as_markdown_prefixes() -> None:
    text = format_diff(
        doc("> - quoted item here\n\n### Title\n"),
        doc("> - quoted item there\n\n### Title now\n"),
        THEME_WORDS,
    )
    assert "> • quoted item [-here-]{+there+}" in text  # a bullet, never a unified-diff "- "
    assert "### Title{+ now+}" in text or "### Title {+now+}" in text


def test_stat_names_fill_a_wide_terminal_and_sections_numbered_alike_carry_their_article() -> None:
    """onetimesecret's terms number their sections again under each article: `--stat` said "2.
    onetimesecret.com…" for G.2 (or was it D.2?), cut so even with COLUMNS=200."""
    text = (
        "## D. Content\n\n### 1. Your content\n\nYou own it.\n\n### 2. onetimesecret.com May Remove Content\n\n"
        "We may remove it.\n\n## G. Intellectual Property Notice\n\n### 1. Rights\n\nWe keep ours.\n\n"
        "### 2. onetimesecret.com Trademarks and Logos\n\nDo not use our logos.\n"
    )
    old, new = doc(text), doc(text.replace("our logos", "our marks"))
    wide = "G. Intellectual Property Notice › 2. onetimesecret.com Trademarks and Logos"
    assert format_stat(old, new, THEME_WORDS, columns=200).splitlines()[0].startswith(f" {wide} | ")
    narrow = format_stat(old, new, THEME_WORDS).splitlines()[0]
    assert (
        narrow.startswith(" G. Intellectual… › 2. onetimesecret.com Trademarks and Logos | ")
        and len(narrow) <= 80
    ), narrow
    assert [c.title for c in check(old, new).triage.changes] == [wide]


def test_stat_width_is_columns_else_the_terminals_else_80() -> None:
    assert columns(io.StringIO(), {"COLUMNS": "132"}) == 132
    assert columns(io.StringIO(), {}) == 80 == columns(_Tty(), {"COLUMNS": "wide"})  # a tty with no file: 80


def test_use_color_only_on_a_terminal_without_no_color() -> None:
    assert use_color(_Tty(), {}) is True
    assert use_color(io.StringIO(), {}) is False
    assert use_color(_Tty(), {"NO_COLOR": "1"}) is False
    assert use_color(_Tty(), {"NO_COLOR": ""}) is True  # https://no-color.org: only a non-empty value counts
    assert use_color(_Tty(), {"TERM": "dumb"}) is False


def test_page_and_diff_say_a_heading_level_change_alike() -> None:
    """The redline page's formatting note and `ppgen diff` use the same words for a level change, and
    the kind names of the theme."""
    old, new = doc("## Your rights\n\nYou may ask.\n"), doc("### Your rights\n\nYou may ask.\n")
    page = compare(old, new).inline(THEME_WORDS)
    assert "Formatting: heading level 2 → 3" in page
    text = format_diff(old, new, THEME_WORDS)
    assert "  formatting: heading level 2 → 3" in text and "· formatting" in text
    assert "· «kind-formatting»" in format_diff(old, new, {k: f"«{k}»" for k in THEME_WORDS.words})


def test_stat_columns_line_up_for_wide_characters_and_tabs() -> None:
    """Section names pasted from Word keep a TAB (`### 1.<TAB>Für …`), and a Japanese name takes two columns a
    character: the counts still line up."""
    old = "## 1.\tFür Kunden\n\nWir speichern Daten.\n\n"
    old += "## 個人情報の取り扱い\n\n利用者の情報を保護します。\n\n## Rights\n\nAsk us.\n"
    new = (
        old.replace("Daten.", "wenige Daten.")
        .replace("保護します", "厳重に保護します")
        .replace("Ask us.", "Ask.")
    )
    lines = format_stat(parse(old, "old.md"), parse(new, "new.md"), THEME_WORDS).splitlines()[:3]
    assert lines[0].startswith(" 1. Für Kunden ") and "\t" not in lines[0]
    columns = {
        sum(2 if "\u3000" <= char <= "\u9fff" else 1 for char in line[: line.index("|")]) for line in lines
    }
    assert len(columns) == 1, lines


def test_an_address_keeps_its_lines() -> None:
    """Hard line breaks (`<br>`, two spaces at a line's end) are an address's lines: printed as lines; a
    paragraph's soft line breaks (its source wrapped) are not."""
    old = "## Contact\n\nAcme Inc.  \n1 Main Street  \nSpringfield\nand the words\nwrapped here.\n"
    new = old.replace("1 Main", "2 Main")
    text = format_diff(parse(old, "old.md"), parse(new, "new.md"), THEME_WORDS.words)
    assert text.splitlines()[1:] == [
        "Acme Inc.",
        "[-1-]{+2+} Main Street",
        "Springfield and the words wrapped here.",
    ]


def test_deleted_sections_have_their_own_stat_rows_and_are_named_as_the_change_table_names_them() -> None:
    intro = "## Introduction\n\nThis policy explains how the service works for everyone who uses it.\n\n"
    end = "## Contact\n\nWrite to the legal team at the address on the contact page.\n"
    refunds = "## Refunds\n\nWe return what you paid within thirty days when a purchase goes wrong.\n\n"
    warranty = (
        "## Warranty\n\nThe software is provided as it is, with no promise that it suits a purpose.\n\n"
    )
    arbitration = "## Arbitration\n\nDisputes go to a single arbitrator seated in Dublin, Ireland.\n\n"
    old, new = doc(intro + refunds + warranty + end), doc(intro + arbitration + end)
    stat = format_stat(old, new, THEME_WORDS).splitlines()
    assert [line.split("|")[0].strip() for line in stat[:-1]] == [
        "“Refunds” (deleted section)",
        "“Warranty” (deleted section)",
        "Arbitration (new section)",
    ]
    heads = [line for line in format_diff(old, new, THEME_WORDS).splitlines() if line.startswith("@@")]
    assert [head.split(" · ")[-1].split(" (old")[0].split(" (new line")[0] for head in heads] == [
        "“Refunds” (deleted section)",
        "“Warranty” (deleted section)",
        "Arbitration (new section)",
    ]


def test_an_image_changed_is_shown_as_markdown_writes_it_not_as_a_blank() -> None:
    old = doc("Intro text here.\n\n![logo](assets/logo.png)\n\nSee ![map](a.png) here.\n")
    new = doc("Intro text here.\n\n![logo](assets/logo-v2.png)\n\nSee ![map](b.png) here.\n\n![new](c.png)\n")
    lines = [
        line for line in format_diff(old, new, THEME_WORDS).splitlines() if line and not line.startswith("@@")
    ]
    assert lines == [
        "[-![logo](assets/logo.png)-]{+![logo](assets/logo-v2.png)+}",
        "See [-![map](a.png)-]{+![map](b.png)+} here.",
        "{+![new](c.png)+}",
    ]


def test_an_image_replaced_is_a_wording_change_whose_excerpts_give_both_addresses() -> None:
    """The picture the reader is shown changed (a chart of where data goes, a signature): never "formatting",
    which the wording-only switch unmarks, and never a row of the change table with no text."""
    old = doc("See ![map](a.png) here.\n\n![](flow.png)\n")
    new = doc("See ![map](b.png) here.\n")
    changes = [(c.kind, c.old, c.new) for c in compare(old, new).triage.changes]
    assert changes == [
        ("wording", "See ![map](a.png) here.", "See ![map](b.png) here."),
        ("wording", "![](flow.png)", ""),
    ]


def test_an_images_title_or_width_alone_changed_is_formatting() -> None:
    old = doc('See ![map](a.png "Old title") here.\n')
    new = doc('See ![map](a.png "New title") here.\n')
    assert [c.kind for c in compare(old, new).triage.changes] == ["formatting"]


def test_stat_cuts_a_renamed_sections_two_names_to_its_column() -> None:
    old = doc(
        "## Limitation of Liability and Disclaimer of Warranties\n\nWe are liable for nothing at all here.\n"
    )
    new = doc("## Disclaimer of Warranties and Limitation of Liability\n\nWe are liable for nothing here.\n")
    lines = format_stat(old, new, THEME_WORDS).splitlines()
    assert "(was “" in lines[0] and len(lines[0]) <= 80, lines


def test_stat_names_are_whole_while_a_row_has_room_for_them() -> None:
    """Automattic's privacy policy: "Information We Collect Automatically" was cut to "Information We
    Collect…", its parent section's name, in a row of 40 columns; rows of long names and long bars ran to
    100 columns in a terminal of 80."""
    text = "## Information We Collect\n\n### Information We Collect Automatically\n\nWe read your app.\n"
    lines = format_stat(doc(text), doc(text.replace("app", "apps")), THEME_WORDS).splitlines()
    assert lines[0].startswith(" Information We Collect Automatically | "), lines
    long = "## " + " ".join(["Information"] * 12) + "\n\n" + " ".join(["word"] * 60) + "\n"
    lines = format_stat(doc(long), doc(long.replace("word", "term")), THEME_WORDS).splitlines()
    assert len(lines[0]) <= 80 and lines[0].endswith(" | " + "  120 " + "+" * 5 + "-" * 5), lines


def test_a_less_than_sign_in_the_text_is_text_not_a_tag() -> None:
    """Mozilla's privacy notice: "Firefox's default home page (&lt;about:home&gt;)"."""
    old = doc("The default home page (&lt;about:home&gt;) loads small bits.\n")
    new = doc("The default start page (&lt;about:home&gt;) loads small bits.\n")
    assert "start+} page (<about:home>) loads" in format_diff(old, new, THEME_WORDS)
    [change] = compare(old, new).triage.changes
    assert "(<about:home>)" in change.new


def test_a_space_put_back_between_two_words_is_punctuation() -> None:
    """WordPress.com's terms, 2016 → 2017: "unavailable.Without limiting" → "unavailable. Without limiting"."""
    old = doc("The service may be unavailable.Without limiting any of those warranties, we may act.\n")
    new = doc("The service may be unavailable. Without limiting any of those warranties, we may act.\n")
    assert [c.kind for c in compare(old, new).triage.changes] == ["punctuation"]


def test_stat_gives_a_section_with_few_words_changed_a_mark_beside_one_with_many() -> None:
    """As git's does: a changed section never looks unchanged."""
    many = " ".join(f"word{n}" for n in range(200))
    old = doc("## Big\n\nShort.\n\n## Small\n\nWe keep your data for thirty days.\n")
    new = doc(f"## Big\n\nShort. {many}\n\n## Small\n\nWe keep your data for sixty days.\n")
    rows = {
        line.split("|")[0].strip(): line.split("|")[1].split()
        for line in format_stat(old, new, THEME_WORDS).splitlines()[:2]
    }
    assert rows["Small"] == ["2", "+-"]


def test_sections_of_one_name_are_rows_of_their_own_named_by_their_parents() -> None:
    """npm's disputes policy has a "User names" section under "Beginning the process" and another under
    "Squatting". `--stat` added their counts in one row, and the change table named both "User names"."""
    body = (
        "## Starting\n\n### User names\n\nWrite to support{a}.\n\n"
        "## Squatting\n\n### User names\n\nWe rarely transfer a user name{b}.\n"
    )
    old = parse(body.format(a="", b=""), "old.md")
    new = parse(body.format(a=" with the name you want", b=" that is in use"), "new.md")
    stat = format_stat(old, new, THEME_WORDS).splitlines()
    assert [line.split("|")[0].strip() for line in stat[:-1]] == [
        "Starting › User names",
        "Squatting › User names",
    ]
    assert [int(line.split("|")[1].split()[0]) for line in stat[:-1]] == [5, 4]
    titles = [change.title for change in compare(old, new).triage.changes]
    assert titles == ["Starting › User names", "Squatting › User names"]


def test_a_section_with_no_word_changed_says_what_changed() -> None:
    """npm's disputes policy (2019 → 2021) only linked a word before its first heading: `--stat` wrote
    "(before the first heading) |     0" and nothing else."""
    old = parse("Write to support for help.\n\n## Names\n\nWe rarely transfer names.\n", "old.md")
    new = parse(
        "Write to [support](https://example.com/support) for help.\n\n## Names\n\nWe never transfer names.\n",
        "new.md",
    )
    stat = format_stat(old, new, THEME_WORDS).splitlines()
    assert stat[0].split("|")[1].split() == ["0", "(link", "target)"], stat
    assert "(" not in stat[1], stat


def test_words_a_note_or_a_row_cuts_end_in_an_ellipsis_at_a_space() -> None:
    """A formatting note quoted "…information about your comput”, and `--stat` a renamed section "(was “8.
    Few Duck", cut inside a word with nothing to say so."""
    title = "Log files, IP addresses and other information about your computer"
    old = parse(f"{title} are kept.\n\n## 8. Few Ducks and the sites it runs for you\n\nText.\n", "old.md")
    new = parse(
        f"**{title}** are kept.\n\n## 8. New Relic and the sites it runs for you\n\nText.\n", "new.md"
    )
    notes = [line for line in format_diff(old, new, THEME_WORDS).splitlines() if "bold added" in line]
    assert notes == [
        "  formatting: “Log files, IP addresses and other information about your…”: bold added"
    ], notes
    stat = format_stat(old, new, THEME_WORDS).splitlines()
    names = [line.split("|")[0].rstrip() for line in stat[:-1]]
    assert all(name.endswith(("…", ")", "”")) for name in names), stat
    words = {word for heading in (old.headings, new.headings) for h in heading for word in h.text.split()}
    cut = [part for name in names for part in re.findall(r"(\S+)…", name)]
    assert cut and all(part.strip("(“”") in words for part in cut), cut  # whole words before each "…"


def test_a_later_edit_of_one_list_item_goes_on_from_the_one_before() -> None:
    """Ducksboard's consent list (2011 → 2015) named its company twice in one item, far apart: `ppgen diff`
    printed the second edit after a bullet of its own, "• New Relic Spain and this Policy;", a list item
    the policy does not have."""
    item = "* the processing of your details by {0} for the purposes established by {0} and this Policy;\n"
    padding = " ".join(["in accordance with the indicated purposes"] * 2)
    old = parse(item.format("Few Ducks").replace("for the", f"{padding} for the"), "old.md")
    new = parse(item.format("New Relic Spain").replace("for the", f"{padding} for the"), "new.md")
    lines = [line for line in format_diff(old, new, THEME_WORDS).splitlines() if "Relic" in line]
    assert len(lines) == 2, lines
    assert lines[0].startswith("• the processing") and lines[0].endswith("…"), lines
    assert lines[1].startswith("…[-Few Ducks-]{+New Relic Spain+} and this Policy;"), lines


def test_sections_named_alike_at_the_top_are_told_apart_by_their_place() -> None:
    """Two top-level "Fees" sections have no parent to tell them apart: the second is "Fees (2)"."""
    body = "## Fees\n\nWe charge {a}.\n\n## Terms\n\nText.\n\n## Fees\n\nRefunds take {b}.\n"
    old = parse(body.format(a="monthly", b="a week"), "old.md")
    new = parse(body.format(a="yearly", b="a month"), "new.md")
    assert [change.title for change in compare(old, new).triage.changes] == ["Fees", "Fees (2)"]
