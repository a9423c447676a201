"""The history page's change timeline (an inline SVG with a text equivalent) and its "Which version was in
force on a date?" field (answered by inforce.js, and readable without it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import describe_violations, run_axe
from ppgen.site.render import timeline, word_changes

HISTORY = "privacy/history/index.html"
VERSIONS = ["2025-02-01", "2025-06-01", "2025-10-15"]
"""The example site's versions, oldest first."""


def test_word_changes_count_a_bag_of_words() -> None:
    assert word_changes("We collect your name.", "We collect your name and email.") == (2, 0)
    assert word_changes("one two three", "one three two") == (0, 0)  # a moved word is no change
    assert word_changes("Don't sell data", "We don’t sell data") == (2, 1)
    # Japanese and Chinese have no spaces between words: each character counts, as in the redline
    assert word_changes("当社は氏名を収集します。", "当社は氏名と住所を収集します。") == (3, 0)


def test_timeline_scales_to_the_largest_change_on_a_square_root_scale() -> None:
    """Heights grow with the square root of the words changed: a sentence's edit beside a rewrite 100 times
    its size is a tenth of its height, not the least height every small edit shared."""
    from ppgen.core.model import Version

    versions = tuple(Version.__new__(Version) for _ in range(4))
    rewrite = " ".join(f"w{n}" for n in range(200))
    changes = timeline(
        versions, ["a b c d", f"a b c d {rewrite}", f"a b c d e {rewrite}", f"a b c f e {rewrite}"]
    )
    assert [(c.first, c.added, c.removed, c.height) for c in changes] == [
        (True, 4, 0, 0),
        (False, 200, 0, 100),
        (False, 1, 0, 7),
        (False, 1, 1, 10),
    ]


def _svg_and_table(html: str) -> tuple[list[str], list[list[str]]]:
    svg = re.search(r'<svg class="timeline-chart".*?</svg>', html, re.S)
    table = re.search(r'<div class="visually-hidden"><table class="timeline-numbers">.*?</table>', html, re.S)
    assert svg and table
    marks = re.findall(r'<rect class="timeline-mark[^"]*"[^>]*data-words="(\d+)"', svg.group())
    rows = [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(), re.S)
    ]
    return marks, rows[1:]


def test_svg_has_one_mark_per_version_and_the_table_has_its_numbers(example_site: Path) -> None:
    marks, rows = _svg_and_table((example_site / HISTORY).read_text())
    assert len(marks) == len(VERSIONS)
    assert rows[0] == ["February 1, 2025", "First version"]
    assert [row[0] for row in rows] == ["February 1, 2025", "June 1, 2025", "October 15, 2025"]
    for mark, row in zip(marks[1:], rows[1:], strict=True):
        changed, added, removed = (int(n) for n in row[1:])
        assert int(mark) == changed == added + removed > 0, (mark, row)


def test_svg_is_drawn_from_the_theme_colours(example_site: Path) -> None:
    html = (example_site / HISTORY).read_text()
    assert 'aria-hidden="true"' in re.search(r"<svg[^>]*>", html).group()  # type: ignore[union-attr]
    assert " fill=" not in html and " stroke=" not in html  # colours come from style.css (dark mode included)


def test_without_javascript_the_sentence_says_to_read_the_table(
    example_site: Path, http_server: Callable[[Path], str], browser: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(http_server(example_site) + "privacy/history/")
        hint = page.locator(".in-force-hint")
        assert hint.is_visible()
        assert "In force" in hint.inner_text() and "both included" in hint.inner_text()
        assert not page.locator("#in-force-form").is_visible()  # a field that cannot answer is not shown
        assert page.locator(".timeline-chart rect").count() == len(VERSIONS)
    finally:
        context.close()


# (typed day, expected version or None): the first and last day of every version, and the days around them.
ANSWERS = [
    ("2025-01-31", None),
    ("2025-02-01", "2025-02-01"),
    ("2025-05-31", "2025-02-01"),
    ("2025-06-01", "2025-06-01"),
    ("2025-10-14", "2025-06-01"),
    ("2025-10-15", "2025-10-15"),
    ("2026-01-01", "2025-10-15"),
    ("2040-12-31", "2025-10-15"),
]


@pytest.mark.browser
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_date_field_answers_on_the_boundary_days(
    example_site: Path, http_server: Callable[[Path], str], browser: Any, zone: str
) -> None:
    # The visitor's own time zone (UTC+14, UTC-11) must not move a day: the days are the site's calendar days.
    context = browser.new_context(timezone_id=zone, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(http_server(example_site) + "privacy/history/")
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= 390
        )  # the hidden table too stays inside
        answer = page.locator("#in-force-answer")
        # the page opens on the site's today (2026-01-01): the newest version
        assert answer.get_attribute("data-version") == "2025-10-15"
        for day, version in ANSWERS:
            page.fill("#in-force-date", day)
            text = answer.inner_text()
            if version is None:
                assert text.startswith("No version was in force on January 31, 2025"), text
                assert "February 1, 2025" in text
            else:
                assert answer.get_attribute("data-version") == version, (day, text)
                label = {
                    "2025-02-01": "February 1, 2025",
                    "2025-06-01": "June 1, 2025",
                    "2025-10-15": "October 15, 2025",
                }
                # After the day the site was built (2026-01-01) the version in force then may still be replaced.
                tense = (
                    "will be in force, unless a later version replaces it"
                    if day > "2026-01-01"
                    else "was in force"
                )
                assert f"the version of {label[version]} {tense}" in text, (day, text)
                link = answer.get_by_role("link", name=label[version], exact=True)
                assert link.get_attribute("href"), text
        page.fill("#in-force-date", "")
        assert answer.inner_text().startswith("Enter a date")
    finally:
        context.close()


@pytest.mark.browser
def test_the_answer_names_the_range_with_the_last_day_included(
    example_site: Path, http_server: Callable[[Path], str], page: Any
) -> None:
    page.goto(http_server(example_site) + "privacy/history/")
    page.fill("#in-force-date", "2025-05-31")
    assert "(February 1, 2025 to May 31, 2025)" in page.locator("#in-force-answer").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_history_page(
    example_site: Path, http_server: Callable[[Path], str], browser: Any, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(http_server(example_site) + "privacy/history/")
        page.fill("#in-force-date", "2025-01-31")  # the answer, too, is checked
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)
        bar = page.locator(".timeline-chart rect").nth(1)
        fill = bar.evaluate("r => getComputedStyle(r).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert fill != background, (fill, background)
    finally:
        context.close()


@pytest.mark.browser
def test_the_history_prints_as_its_timeline_and_table_without_the_forms(
    example_site: Path, http_server: Callable[[Path], str], page: Any
) -> None:
    """On paper the date field and the list of every comparison are no use: they are for screens."""
    page.goto(http_server(example_site) + "privacy/history/")
    screen_only = [page.locator(".in-force-on"), page.locator(".compare")]
    for part in screen_only:
        assert part.is_visible()
    page.emulate_media(media="print")
    for part in screen_only:
        assert part.is_hidden()
    assert page.locator("table.history").is_visible() and page.locator(".timeline-chart").is_visible()


def test_a_long_history_links_its_comparisons_from_the_top(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, example_site: Path
) -> None:
    """With many versions the compare form comes after a long table (15,000 px on a phone for 80 versions):
    the top of the page links it. Three versions need no such link."""
    from badinput import CONFIG, invoke

    days = [f"2020-{month:02d}-01" for month in range(1, 8)]
    files = {f"content/privacy/{day}.md": f"---\ntitle: P\n---\n\nText of {day}.\n" for day in days}
    root = make_site(files, CONFIG)
    monkeypatch.chdir(root)
    assert invoke("build", "--as-of", "2021-01-01").exit_code == 0
    html = (root / "site/privacy/history/index.html").read_text(encoding="utf-8")
    jump = html.index('<p class="history-jump"><a href="#compare-title">Compare two versions</a></p>')
    assert jump < html.index('<table class="history">') < html.index('id="compare-title"')
    assert "history-jump" not in (example_site / "privacy/history/index.html").read_text(encoding="utf-8")
