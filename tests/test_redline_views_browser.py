"""The redline's two views of one markup (issue 16, smaller output) in a real browser (chromium).

A small site whose redline deletes a paragraph, inserts one, rewrites a sentence and deletes a link's whole
text: the radio buttons choose the view; side by side, the older column is at left and the merged text at
right with its deletions hidden (no link is left without a name: axe finds nothing); what a screen reader
reads (the accessibility tree) holds each text once in each view; on a 390 px screen the columns stack,
older above newer, each labelled. With "wording only" on, side by side, a row whose only change is to its
punctuation shows its older column unmarked, and a row with a wording change keeps its marks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe
from ppgen.pipeline.build import build
from ppgen.source.config import load_settings, with_overrides

pytestmark = pytest.mark.browser

OLD = """---
title: Privacy
---

## Data

We keep your e-mail address for ninety days, as our [retention rules](https://example.com/rules) say.

A paragraph that goes away entirely in the newer version.

We never sell your data.
"""
NEW = """---
summary: Shorter
---

## Data

We keep your e-mail address for thirty days.

We never sell your data.

A paragraph the newer version adds.
"""
REDLINE = "privacy/diff/2025-01-01...2025-03-01/"


def _served(root: Path, http_server: Callable[[Path], str], monkeypatch: Any) -> str:
    """The site in `root`, built from inside it and served over HTTP: its address."""
    monkeypatch.chdir(root)
    build(with_overrides(load_settings(root / "ppgen.toml"), output=root / "site"), as_of=date(2025, 6, 1))
    return http_server(root / "site")


@pytest.fixture
def base(make_site: Callable[..., Path], http_server: Callable[[Path], str], monkeypatch: Any) -> str:
    files: dict[str, str | bytes] = {
        "content/privacy/2025-01-01.md": OLD,
        "content/privacy/2025-03-01.md": NEW,
    }
    return _served(
        make_site(files, 'title = "Site"\nbase_url = "https://s.example/"\n'), http_server, monkeypatch
    )


PUNCTUATED = (
    "---\ntitle: Terms\n---\n\nWe keep your data; always.\n\nAn unchanged paragraph between the two.\n\n"
    "We never sell your data.\n"
)
REWORDED = (
    "---\nsummary: Wording\n---\n\nWe keep your data, always.\n\nAn unchanged paragraph between the two.\n\n"
    "We never share your data.\n"
)


@pytest.fixture
def kinds_base(make_site: Callable[..., Path], http_server: Callable[[Path], str], monkeypatch: Any) -> str:
    """A redline with a row whose only change is to its punctuation and a row with a wording change."""
    files: dict[str, str | bytes] = {
        "content/terms/2025-01-01.md": PUNCTUATED,
        "content/terms/2025-03-01.md": REWORDED,
    }
    return _served(make_site(files, 'title = "Site"\n'), http_server, monkeypatch)


def spoken(page: Any) -> str:
    """The text of #redline a reader meets (`innerText`: what `display: none` hides is not in it, the
    screen-reader words are)."""
    return " ".join(page.locator("#redline").inner_text().split())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_views_of_one_markup(browser: Any, base: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base + REDLINE)
        link = page.locator("#redline .rl-new a[href='https://example.com/rules']")
        expect(link).to_be_visible()  # inline: the deleted link, struck
        expect(page.locator("#redline .rl-old").first).to_be_hidden()
        inline = spoken(page)
        assert inline.count("goes away entirely") == 1 and inline.count("ninety") == 1
        assert inline.count("the newer version adds") == 1
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)

        page.get_by_role("radio", name="Side-by-side view").check()
        older = page.locator("#redline .rl-old").first
        expect(older).to_be_visible()
        expect(older.locator("a[href='https://example.com/rules']")).to_be_visible()  # at left, struck
        expect(link).to_be_hidden()  # at right: no link without a name
        gone = page.locator("#redline .rl-gone")
        expect(gone).to_contain_text("goes away entirely")
        new_box, old_box = (
            page.locator("#redline .rl-row:not(.rl-gone) .rl-new").first.bounding_box(),
            (older.bounding_box()),
        )
        assert old_box["x"] + old_box["width"] <= new_box["x"], (old_box, new_box)  # older at left
        assert gone.locator(".rl-new").bounding_box()["x"] < new_box["x"]  # deleted text alone: at left too
        side = spoken(page)
        assert side.count("goes away entirely") == 1 and side.count("ninety") == 1, side
        assert side.count("the newer version adds") == 1 and side.count("thirty") == 1, side
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)

        # Following the changes keeps the view (the radio button stays checked).
        page.locator("#change-1 a[rel=next]").click()
        expect(page).to_have_url(f"{base}{REDLINE}#change-2")
        expect(page.get_by_role("radio", name="Side-by-side view")).to_be_checked()
        expect(older).to_be_visible()
    finally:
        context.close()


def test_narrow_side_by_side_stacks_older_above_newer_each_labelled(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base + REDLINE + "#side-by-side")  # redline.js checks the radio button
        expect(page.get_by_role("radio", name="Side-by-side view")).to_be_checked()
        row = page.locator("#redline .rl-row:has(.rl-old)").first
        older, newer = row.locator(".rl-old"), row.locator(".rl-new")
        expect(older.locator(".rl-side")).to_have_text("Older")
        expect(newer.locator(".rl-side")).to_have_text("Newer")
        old_box, new_box = older.bounding_box(), newer.bounding_box()
        assert old_box["y"] + old_box["height"] <= new_box["y"], (old_box, new_box)
        assert old_box["x"] >= 0 and old_box["x"] + old_box["width"] <= 390
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways ({width} px)"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_wording_only_side_by_side_shows_a_punctuation_rows_older_text_unmarked(
    browser: Any, kinds_base: str, scheme: str
) -> None:
    """The switch shows the other kinds of change as the versions have them: in the merged column the
    newer text, and (what it did not do before) in the older column the older text, not struck. A row
    with a wording change keeps every mark in both columns. No JavaScript needed; axe finds nothing."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}, color_scheme=scheme
    )
    try:
        page = context.new_page()
        page.goto(kinds_base + "terms/diff/2025-01-01...2025-03-01/")
        page.get_by_role("radio", name="Side-by-side view").check()
        punctuation = page.locator("#redline .rl-row").filter(has_text="always")
        wording = page.locator("#redline .rl-row").filter(has_text="never")
        expect(punctuation.locator(".rl-change.rl-k-punctuation")).to_have_count(1)
        expect(wording.locator(".rl-change.rl-k-wording")).to_have_count(1)
        semicolon, sell = punctuation.locator(".rl-old del"), wording.locator(".rl-old del")
        expect(semicolon).to_contain_text(";")
        expect(sell).to_contain_text("sell")

        def struck(deleted: Any) -> bool:
            return "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")

        def gap(inserted: Any) -> str:  # the room before an insertion, for the deletion before it
            return str(inserted.evaluate("e => getComputedStyle(e).marginLeft"))

        older = punctuation.locator(".rl-old")
        assert struck(semicolon) and struck(sell)
        assert gap(wording.locator(".rl-new ins")) == "0px"  # its deletion is hidden at right: no gap
        assert "deleted" in older.inner_text()
        page.get_by_label("Show only changes to the wording and to link targets").check()
        expect(semicolon).to_be_visible()  # the older text, whole
        assert not struck(semicolon)
        assert semicolon.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
        assert " ".join(older.inner_text().split()) == "We keep your data; always."
        assert struck(sell)  # a wording change keeps its marks
        expect(wording.locator(".rl-old del .rl-sr")).to_be_visible()
        expect(punctuation.locator(".rl-new del")).to_be_hidden()  # the merged column: the newer text
        assert gap(punctuation.locator(".rl-new ins")) == "0px"  # "data, always", not "data , always"
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(kinds_base + "terms/diff/2025-01-01...2025-03-01/#side-by-side")
        page.get_by_label("Show only changes to the wording and to link targets").check()
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)
    finally:
        context.close()


CAPITALS_OLD = (
    "---\ntitle: Terms\n---\n\n## LIMITATION OF LIABILITY\n\nYou are responsible for your account.\n\n"
    'THE SERVICE IS PROVIDED "AS IS".\n'
)
CAPITALS_NEW = (
    "---\nsummary: Capitals\n---\n\n## Limitation of liability\n\nYou are responsible for your Account.\n\n"
    'The service is provided "as is".\n'
)


def test_wording_only_keeps_capitals_changed_in_the_text_and_drops_those_of_a_heading(
    browser: Any, make_site: Callable[..., Path], http_server: Callable[[Path], str], monkeypatch: Any
) -> None:
    """`account` → `Account` (a defined term) and a disclaimer out of capitals change what the text says: with
    "wording only" on (no JavaScript) both spellings stay marked; a heading's capitals are its style and go."""
    files: dict[str, str | bytes] = {
        "content/terms/2025-01-01.md": CAPITALS_OLD,
        "content/terms/2025-03-01.md": CAPITALS_NEW,
    }
    base = _served(make_site(files, 'title = "Site"\n'), http_server, monkeypatch)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(base + "terms/diff/2025-01-01...2025-03-01/")
        page.get_by_label("Show only changes to the wording and to link targets").check()
        shown = [e.inner_text() for e in page.locator("#redline p del.rl-case").all() if e.is_visible()]
        assert [" ".join(text.split()) for text in shown] == [
            "capitals before: account",
            'capitals before: THE SERVICE IS PROVIDED "AS IS',
        ], shown
        heading = page.locator("#redline h2 del.rl-case")
        assert heading.count() and not any(e.is_visible() for e in heading.all())
    finally:
        context.close()


def test_a_link_target_change_keeps_its_note_labelled_link_with_wording_only_on(
    browser: Any, make_site: Callable[..., Path], http_server: Callable[[Path], str], monkeypatch: Any
) -> None:
    """Pinterest's "questions and comments" led to a new page: the page's note said "Formatting: …", and the
    wording-only switch, which keeps link target changes, hid that note with the formatting notes, so the
    change showed no difference at all. A note that only says where links lead is "Link: …", and stays."""
    files: dict[str, str | bytes] = {
        "content/terms/2025-01-01.md": "---\ntitle: Terms\n---\n\nSend [questions](https://a.example/login).\n\n"
        "We keep your **data**.\n",
        "content/terms/2025-03-01.md": "---\nsummary: Links\n---\n\nSend [questions](https://a.example/contact).\n\n"
        "We keep your data.\n",
    }
    base = _served(make_site(files, 'title = "Site"\n'), http_server, monkeypatch)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(base + "terms/diff/2025-01-01...2025-03-01/")
        link_note = page.locator("#redline .rl-fmt-note", has_text="link target changed")
        expect(link_note.first).to_contain_text(
            "Link: “questions”: link target changed from https://a.example/login to https://a.example/contact"
        )
        bold_note = page.locator("#redline .rl-fmt-note", has_text="bold removed")
        expect(bold_note.first).to_contain_text("Formatting:")
        page.get_by_label("Show only changes to the wording and to link targets").check()
        expect(link_note.first).to_be_visible()
        expect(bold_note.first).to_be_hidden()
    finally:
        context.close()
