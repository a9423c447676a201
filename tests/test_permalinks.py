"""Heading permalinks on version pages: a link after each heading of the policy text to the heading's own
(stable) id, named "Link to this section: <heading>", shown on hover and focus (always on touch screens),
at least 24 px square, not printed, and outside everything the redline, the raw text and the page's text
are made of.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from ppgen.pipeline.build import version_documents
from ppgen.source.config import load_settings

VERSION_PAGES = ["privacy/", "privacy/2025-02-01/", "privacy/2025-10-15/"]


def test_every_heading_of_the_text_links_to_its_own_id(example_site: Path, repo_root: Path) -> None:
    settings = load_settings(repo_root / "ppgen.toml")
    _, (_, doc) = version_documents(settings, "privacy", date(2025, 6, 1), date(2025, 10, 15))
    html = (example_site / "privacy/2025-10-15/index.html").read_text(encoding="utf-8")
    text = html.split('id="policy-text"', 1)[1]
    found = re.findall(
        r'<div class="heading"><h(\d) id="([^"]+)">(.*?)</h\1>'
        r'<a class="permalink" href="#([^"]+)" aria-label="([^"]+)"></a></div>',
        text,
    )
    assert [(f"h{level}", ident) for level, ident, _, _, _ in found] == [
        (f"h{h.level}", h.id) for h in doc.headings
    ]
    for _, ident, inner, target, label in found:
        assert target == ident
        assert label == f"Link to this section: {re.sub('<[^>]+>', '', inner)}"
    # Only the page gets them: the parsed text (which the redline compares) and the raw text do not.
    assert "permalink" not in doc.html and "Link to this section" not in "".join(
        block.inner for block in doc.blocks
    )
    assert b"permalink" not in (example_site / "privacy/2025-10-15.md").read_bytes()
    for redline in (example_site / "privacy/diff").rglob("index.html"):
        assert 'class="permalink"' not in redline.read_text(encoding="utf-8"), redline


@pytest.mark.browser
def test_permalinks_in_a_browser(
    example_site: Path, http_server: Callable[[Path], str], browser: Any
) -> None:
    base = http_server(example_site)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "privacy/")
        # The heading's own name stays its text; the link has its own.
        heading = page.get_by_role("heading", name="The Data We Collect", exact=True)
        expect(heading).to_have_count(1)
        link = page.get_by_role("link", name="Link to this section: The Data We Collect", exact=True)
        expect(link).to_have_attribute("href", "#the-data-we-collect")
        # Hidden until the pointer is over the heading or the link has focus; then a real target.
        assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
        heading.hover()
        assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
        page.mouse.move(0, 0)
        link.focus()
        assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        # Beside the heading, on its line.
        top = heading.bounding_box()
        assert (
            box["x"] > top["x"]
            and abs((box["y"] + box["height"] / 2) - (top["y"] + top["height"] / 2)) < top["height"]
        ), (box, top)
        # Without JavaScript, following it lands on the section.
        link.click()
        expect(page).to_have_url(base + "privacy/#the-data-we-collect")
        # The page's text holds no words of the links.
        text = page.locator("#policy-text").text_content() or ""
        assert "Link to this section" not in text and "#" not in text
        # Not printed.
        page.emulate_media(media="print")
        expect(link).to_be_hidden()
    finally:
        context.close()


@pytest.mark.browser
def test_permalinks_always_show_on_touch_screens(
    example_site: Path, http_server: Callable[[Path], str], browser: Any
) -> None:
    base = http_server(example_site)
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path in VERSION_PAGES:
            page.goto(base + path)
            links = page.locator("#policy-text a.permalink")
            assert links.count() > 5
            for i in range(links.count()):
                link = links.nth(i)
                assert link.evaluate("a => getComputedStyle(a).opacity") == "1", path
                box = link.bounding_box()
                assert box["width"] >= 24 and box["height"] >= 24, (path, box)
    finally:
        context.close()


COMPLEX = """---
title: Terms
---

Opening words[^1] before any heading.

# Part one

## Scope {#scope}

> A quote
>
> ## A heading inside a quote

1. one
2. two
   - nested

     para

| a | b |
|---|--:|
| 1 | 2 |

# Part two

## Scope

```
code
```

---

Last words.

[^1]: A note.
"""


def test_the_page_text_is_the_document_html_with_only_the_links_added(tmp_path: Path) -> None:
    from conftest import write_files
    from ppgen.pipeline.build import build

    write_files(tmp_path, {"ppgen.toml": "", "content/terms/2025-01-01.md": COMPLEX})
    settings = load_settings(tmp_path / "ppgen.toml")
    build(settings, as_of=date(2025, 2, 1))
    _, (_, doc) = version_documents(settings, "terms", date(2025, 1, 1), date(2025, 1, 1))
    page = (settings.output_dir / "terms/2025-01-01/index.html").read_text(encoding="utf-8")
    text = page.split('<div id="policy-text" class="policy-text">\n', 1)[1].split("\n</div>\n<footer", 1)[0]
    links = re.findall(
        r'<a class="permalink" href="#([^"]+)" aria-label="Link to this section: [^"]+"></a></div>', text
    )
    assert (
        links
        == [h.id for h in doc.headings]
        == ["part-one", "scope", "a-heading-inside-a-quote", "part-two", "scope-2"]
    )
    # GitHub numbers a repeated heading from 1 (`scope-1`): the page answers that id too.
    assert re.findall(r'<div class="heading" id="([^"]+)">', text) == ["scope-1"]
    plain = re.sub(
        r'<a class="permalink" href="#[^"]+" aria-label="[^"]+"></a></div>',
        "",
        re.sub(r'<div class="heading"(?: id="[^"]+")?>', "", text),
    )
    assert plain == doc.html
