"""An outline moved whole (every heading one level up, as GitHub's terms did in 2021) is said once, not
marked at each heading: the sections fold, and only what else changed is a change (`redline/relevel.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ppgen.pipeline.build import build
from ppgen.redline.compare import compare
from ppgen.redline.terminal import terminal_diff
from ppgen.source.config import load_settings
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check


def _terms(top: str, fee: str = "ten") -> str:
    sub = top + "#"
    clause = "The service is offered as it is, and each party keeps the rights it had before this agreement."
    return (
        f"{top} A. Definitions\n\nAn account is what you sign in with.\n\n"
        f"{top} B. Accounts\n\n{sub} 1. Required information\n\nYou give us a true name and address.\n\n"
        f"{sub} 2. Security\n\nYou keep your password to yourself.\n\n"
        f"{top} C. Payment\n\nYou pay {fee} dollars a month.\n\n"
        f"{top} D. Warranty\n\n{clause}\n\n{clause} {clause}\n\n"
        f"{top} E. Miscellaneous\n\nThese terms are the whole agreement.\n"
    )


def test_every_heading_one_level_up_is_said_once_and_only_the_edit_is_a_change() -> None:
    old, new = parse(_terms("###"), "old.md"), parse(_terms("##", fee="twelve"), "new.md")
    redline = check(old, new)  # the oracle holds, the page is valid
    assert redline.outline == (3, 2, False)
    assert [(c.kind, c.old, c.new) for c in redline.triage.changes] == [
        ("wording", "You pay ten dollars a month.", "You pay twelve dollars a month.")
    ]
    assert redline.folds, "the unchanged sections fold"
    text, differ = terminal_diff(old, new, THEME_WORDS)
    assert differ and text.startswith(
        "Every heading moved by the same number of levels (the highest from level 3"
    )
    assert "heading level" not in text


def test_an_outline_moved_alone_is_no_change_to_the_words_but_the_versions_differ() -> None:
    old, new = parse(_terms("###"), "old.md"), parse(_terms("##"), "new.md")
    redline = compare(old, new)
    assert redline.identical and redline.outline == (3, 2, False)
    assert terminal_diff(old, new, THEME_WORDS)[1]  # `ppgen diff` exits 1: the pages do differ


def test_a_heading_added_above_the_moved_ones_is_a_change_and_the_outline_is_not_called_the_same() -> None:
    """Etsy's 2015 policy made its bold line "Privacy Policy" a heading over the sections after it, and every
    other heading moved a level down: "the outline is the same" was said, and it was not."""
    old = parse("**Privacy Policy**\n\n" + _terms("##"), "old.md")
    new = parse("## Privacy Policy\n\n" + _terms("###"), "new.md")
    redline = check(old, new)
    assert redline.outline == (2, 3, True)
    assert [(c.kind, c.title) for c in redline.triage.changes] == [("formatting", "Privacy Policy")]
    text, _ = terminal_diff(old, new, THEME_WORDS)
    assert text.startswith("Every heading but the ones added moved by the same number of levels"), text
    assert "the outline is the same" not in text


def test_headings_that_did_not_all_move_alike_are_each_a_change() -> None:
    """One section moved up a level under another: that is a change in the outline, marked where it is."""
    old = parse(_terms("##"), "old.md")
    new = parse(_terms("##").replace("### 2. Security", "## 2. Security"), "new.md")
    redline = check(old, new)
    assert redline.outline == (0, 0, False)
    assert [c.level for c in redline.triage.changes] == [(3, 2)]


def test_two_shared_headings_say_too_little_of_an_outline() -> None:
    old = parse("### Scope\n\nThis covers the site.\n\n### Contact\n\nWrite to us.\n", "old.md")
    new = parse("## Scope\n\nThis covers the site.\n\n## Contact\n\nWrite to us.\n", "new.md")
    redline = compare(old, new)
    assert not redline.outline.older and [c.level for c in redline.triage.changes] == [(3, 2), (3, 2)]


def test_the_redline_page_says_the_outline_moved(make_site: Callable[..., Path]) -> None:
    page = "---\ntitle: Terms\n---\n\n{}"
    files = {
        "content/terms/2024-01-01.md": page.format(_terms("###")),
        "content/terms/2025-01-01.md": page.format(_terms("##", fee="twelve")),
    }
    settings = load_settings(make_site(files) / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    html = (settings.output_dir / "terms/diff/2024-01-01...2025-01-01/index.html").read_text(encoding="utf-8")
    assert (
        '<p class="rl-outline">Every heading moved by the same number of levels (the highest from level 3 to'
        in html
    )
    assert "1 change" in html
