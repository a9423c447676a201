"""Links written for other tools land: a policy kept in git was read on GitHub first, and its links
(`[see](#githubs-practices)`), like other sites' links to it, use the ids GitHub gives headings. A version
page answers them too, on the element around the heading, beside ppgen's own stable id; an alias never
takes an id the page already has. An old HTML anchor, `<a name="x">`, becomes `<a id="x">`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from badinput import CONFIG, invoke
from ppgen.source.headings import aliases, github_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("GitHub's global privacy practices", "githubs-global-privacy-practices"),
        ("U.S. State Data Privacy", "us-state-data-privacy"),
        ("Terms & Conditions", "terms--conditions"),
        ("What's new? (2025)", "whats-new-2025"),
        ("Données personnelles", "données-personnelles"),
        ("snake_case and-hyphen", "snake_case-and-hyphen"),
        ("個人情報の取り扱い", "個人情報の取り扱い"),
    ],
)
def test_github_slug(text: str, slug: str) -> None:
    """The ids github-slugger gives (GitHub's own rule, copied by VS Code and Docusaurus)."""
    assert github_slug(text) == slug


def test_aliases_number_repeats_as_github_does_and_never_take_an_id_in_use() -> None:
    headings = [
        ("faq", "FAQ"),
        ("faq-2", "FAQ"),  # GitHub: faq-1
        ("u-s", "U.S."),  # GitHub: us, which the next heading has
        ("us", "US"),  # GitHub: us-1, the repeat of us
        ("who-we-are", "Who we are"),  # the same: no alias
        ("main-2", "Main"),  # GitHub: main, the page's own
        ("a-b", "A & B"),  # GitHub: a--b, which raw HTML of the body holds
    ]
    assert aliases(headings, {ident for ident, _ in headings} | {"a--b"}) == {"faq-2": "faq-1", "us": "us-1"}


PAGE = "content/privacy/2025-01-01.md"
TEXT = (
    "---\ntitle: Privacy Policy\n---\n\n"
    "See [our practices](#githubs-global-practices), [U.S. law](#us-state-law) and [warrants](#warrant).\n\n"
    '- <a name="warrant"></a>**Only with a warrant**: an anchor of old HTML.\n\n'
    "## GitHub's global practices\n\nText.\n\n## U.S. State Law\n\nText.\n\n## US\n\nA heading whose own id is us.\n"
)


def test_a_version_page_answers_githubs_ids_and_check_finds_the_links_land(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({PAGE: TEXT}, CONFIG)
    monkeypatch.chdir(root)
    assert invoke("build", "--as-of", "2025-06-01").exit_code == 0
    checked = invoke("check", "--as-of", "2025-06-01")
    assert checked.exit_code == 0, checked.stdout
    for page in ("site/privacy/index.html", "site/privacy/2025-01-01/index.html"):
        html = (root / page).read_text(encoding="utf-8")
        ids = Counter(re.findall(r'\sid="([^"]*)"', html))
        assert [ident for ident, count in ids.items() if count > 1] == []
        # The alias is on the element around the heading; ppgen's own ids stay as they were.
        assert (
            '<div class="heading" id="githubs-global-practices"><h2 id="github-s-global-practices">' in html
        )
        assert '<div class="heading" id="us-state-law"><h2 id="u-s-state-law">' in html
        assert '<div class="heading"><h2 id="us">US</h2>' in html
        assert '<a id="warrant"></a><strong>Only with a warrant</strong>' in html


@pytest.mark.browser
def test_a_link_written_for_github_scrolls_to_its_heading(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    http_server: Callable[[Path], str],
    browser: Any,
) -> None:
    root = make_site({PAGE: TEXT + "\n" + "Filler paragraph.\n\n" * 80}, CONFIG)
    monkeypatch.chdir(root)
    assert invoke("build", "--as-of", "2025-06-01").exit_code == 0
    base = http_server(root / "site")
    context = browser.new_context(viewport={"width": 390, "height": 500}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "privacy/")
        page.get_by_role("link", name="U.S. law").click()
        page.wait_for_url("**#us-state-law")
        heading = page.get_by_role("heading", name="U.S. State Law", exact=True)
        assert page.evaluate("document.querySelector(':target').id") == "us-state-law"
        box = heading.bounding_box()
        assert box is not None and -2 < box["y"] < 100  # scrolled to the top of the window
    finally:
        context.close()


def test_an_html_id_a_heading_or_earlier_element_has_is_dropped_and_said_unless_it_is_the_headings_anchor() -> (
    None
):
    """A page's ids name one element each. The heading's id is the section's stable address, so it wins;
    an old anchor beside or inside the heading it stands for led to the same place and goes silently."""
    from ppgen.source.markdown import parse

    text = (
        '<a name="fees"></a>\n\n## Fees\n\nText <span id="fees">x</span>, <i id="k">a</i> and <b id="k">b</b>.\n\n'
        '## <a name="tax"></a>Tax\n'
    )
    doc = parse(text, "p.md")
    ids = re.findall(r'\sid="([^"]*)"', doc.html)
    assert sorted(ids) == ["fees", "k", "tax"]
    assert re.findall(r'\sid="([^"]*)"', "".join(b.open + b.inner + b.close for b in doc.blocks)) == ids
    assert [(w.line, w.code, w.message.split(",")[0]) for w in doc.warnings] == [
        (5, "duplicate-id", "HTML id `fees` is also the id of the heading “Fees” (line 3)"),
        (5, "duplicate-id", "HTML id `k` is also the id of an element before it"),
    ]
    assert '<i id="k">a</i>' in doc.html and "<b>b</b>" in doc.html
