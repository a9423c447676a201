"""A one-paragraph policy with nine separate edits, in a real browser (chromium): nine markers, each
with its own bar and previous/next links of at least 24 px, reached by n and p in both views and by the
links without JavaScript; nine rows in the change table; axe finds nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe
from test_redline_numbers import NINE, SENTENCES

pytestmark = pytest.mark.browser

REDLINE = "privacy/diff/2025-01-01...2025-06-01/"


@pytest.fixture
def nine_edits(make_site: Callable[..., Path], http_server: Callable[[Path], str]) -> str:
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    old = " ".join(f"{s}." for s in SENTENCES)
    new = " ".join(f"{s.replace(*NINE[k]) if k in NINE else s}." for k, s in enumerate(SENTENCES))
    files = {
        "content/privacy/2025-01-01.md": f"---\ntitle: Privacy\neffective: 2025-01-01\n---\n\n## Policy\n\n{old}\n",
        "content/privacy/2025-06-01.md": f"---\neffective: 2025-06-01\n---\n\n## Policy\n\n{new}\n",
    }
    root = make_site(files, config='title = "Nine"\n')
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    return http_server(settings.output_dir)


def test_nine_edits_of_one_paragraph_are_nine_changes_in_the_browser(page: Any, nine_edits: str) -> None:
    page.goto(nine_edits + REDLINE)
    labels = page.locator("#redline .rl-change .rl-label").all_inner_texts()
    assert [re.match(r"Change \d+ of \d+", label).group(0) for label in labels] == [
        f"Change {n} of 9" for n in range(1, 10)
    ]  # type: ignore[union-attr]
    assert page.locator(".rl-table tbody tr").count() == 9
    for n in range(1, 10):
        marker = page.locator(f"#change-{n}")
        expect(marker).to_be_visible()
        bar = marker.evaluate("e => getComputedStyle(e).borderLeftWidth")
        assert n == 1 or float(bar.removesuffix("px")) >= 3, f"change {n} has no bar of its own"
        for link in marker.locator("a").all():
            box = link.bounding_box()
            assert box and box["width"] >= 24 and box["height"] >= 24, f"change {n}: a link target of {box}"
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    # The wording-only switch hides the formatting change (5) but not the wording struck in the same paragraph.
    page.get_by_label("Show only changes to the wording and to link targets").check()
    expect(page.locator("#change-5")).to_be_hidden()
    expect(page.locator("#change-1")).to_be_visible()
    expect(page.locator("#redline .rl-new del").first).to_be_visible()
    page.get_by_label("Show only changes to the wording and to link targets").uncheck()
    page.locator("h1").first.click()
    for n in [*range(1, 10), 9]:
        page.keyboard.press("n")
        expect(page).to_have_url(re.compile(rf"#change-{n}$"))
        expect(page.locator(f"#change-{n}")).to_be_in_viewport()
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(r"#change-8$"))
    page.get_by_role("radio", name="Side-by-side view").check()  # the same markers, side by side
    page.locator("h1").first.click()
    for key, n in (("n", 9), ("p", 8), ("p", 7)):
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"#change-{n}$"))
        expect(page.locator(f"#change-{n}")).to_be_in_viewport()
    expect(page.locator("#redline .rl-old:not(:empty)").first).to_be_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_nine_edits_are_linked_without_javascript(browser: Any, nine_edits: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(nine_edits + REDLINE + "#change-1")
        for n in range(1, 9):
            page.locator(f"#change-{n} a[rel=next]").click()
            expect(page).to_have_url(re.compile(rf"#change-{n + 1}$"))
            expect(page.locator(f"#change-{n + 1}")).to_be_in_viewport()
    finally:
        context.close()
