"""The built example site in a real browser (Debian's chromium through Playwright), served over HTTP.

A visitor walks index → policy → history → an archived version → a redline by clicking links;
every page of the walk must pass axe-core, work without JavaScript, fit a 375 px screen,
show a visible focus starting at the skip link, and print without the site navigation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe

pytestmark = pytest.mark.browser

IN_FORCE = "2025-10-15"
ARCHIVED = "2025-06-01"


def walk(page: Any, base: str) -> Iterator[str]:
    """Click through index → policy → history → archived version → redline, yielding each page's name."""
    page.goto(base)
    expect(page).to_have_url(base)
    yield "index"

    page.locator("main").get_by_role("link", name="Privacy Policy", exact=True).click()
    expect(page).to_have_url(f"{base}privacy/")
    yield "policy"

    page.get_by_role("link", name="All versions of this policy").click()
    expect(page).to_have_url(f"{base}privacy/history/")
    yield "history"

    page.locator("table.history").get_by_role("link", name="June 1, 2025", exact=True).click()
    expect(page).to_have_url(f"{base}privacy/{ARCHIVED}/")
    yield "archived"

    page.get_by_role("link", name="see what has changed since").click()
    expect(page).to_have_url(f"{base}privacy/diff/{ARCHIVED}...{IN_FORCE}/")
    yield "redline"


def check_markers(page: Any, name: str) -> None:
    """The DESIGN.md markers each page of the walk must show."""
    expect(page.locator("h1")).to_have_count(1)
    if name == "policy":
        last = page.locator("#last-updated time")
        expect(last).to_have_attribute("datetime", "2025-10-15")
        expect(last).to_have_text("October 15, 2025")
        expect(page.locator("#last-updated")).to_contain_text("Last updated")
        expect(page.locator("time.effective").first).to_have_attribute("datetime", IN_FORCE)
        text = page.locator("#policy-text")
        expect(text).to_be_visible()
        expect(text).to_contain_text("chat, image, video generation")
        # The title sits outside the policy text.
        expect(text.locator("h1")).to_have_count(0)
        expect(page.locator(".notice-archived")).to_have_count(0)
    elif name == "history":
        expect(page.locator("table.history tbody tr")).to_have_count(3)
    elif name == "archived":
        expect(page.locator("#last-updated time")).to_have_attribute("datetime", ARCHIVED)
        banner = page.locator(".notice-archived")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("This is an earlier version")
        expect(banner).to_contain_text("from June 1, 2025 to October 14, 2025")
        expect(banner.get_by_role("link", name="Read the version in force now")).to_have_attribute(
            "href", "../"
        )
        expect(page.locator("#policy-text")).to_contain_text("chat and image generation")
    elif name == "redline":
        redline = page.locator("#redline")
        expect(redline).to_be_visible()
        inserted = redline.locator("ins")
        expect(inserted.first).to_be_visible()
        assert "video" in " ".join(inserted.all_inner_texts()), "the added wording is not inside <ins>"
        expect(redline.locator("del").first).to_be_attached()


@pytest.fixture
def base(example_site: Path, http_server: Callable[[Path], str]) -> str:
    return http_server(example_site)


def test_walk_markers_and_axe(page: Any, base: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def on_console(message: Any) -> None:
        url = message.location.get("url", "")
        # The theme links its own favicon, so Chromium asks for no /favicon.ico: every error counts.
        if message.type == "error":
            errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    seen = []
    for name in walk(page, base):
        seen.append(name)
        check_markers(page, name)
        violations = run_axe(page)
        assert violations == [], (
            f"axe-core on the {name} page ({page.url}):\n{describe_violations(violations)}"
        )
    assert seen == ["index", "policy", "history", "archived", "redline"]
    assert failed == [], f"requests that failed during the walk: {failed}"
    assert errors == [], f"browser console errors during the walk: {errors}"


def test_axe_finds_a_planted_violation(page: Any) -> None:
    """Zero violations above means something only if axe-core really runs and reports."""
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1><img src="x.png"></main></html>'
    )
    assert "image-alt" in {v["id"] for v in run_axe(page)}


def test_walk_without_javascript(browser: Any, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for name in walk(page, base):
            check_markers(page, name)
    finally:
        context.close()


def test_javascript_is_really_off(browser: Any, base: str) -> None:
    """The no-JavaScript walk above means something only if page scripts are truly disabled."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_content(
            "<p id=x>static</p><script>document.getElementById('x').textContent = 'scripted'</script>"
        )
        expect(page.locator("#x")).to_have_text("static")
    finally:
        context.close()


FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
          boxShadow: s.boxShadow, top: r.top, bottom: r.bottom, left: r.left, width: r.width, height: r.height,
          visibility: s.visibility, html: el.outerHTML.slice(0, 120)};
}"""


def focus_is_visible(style: dict[str, Any]) -> bool:
    has_ring = (style["outlineStyle"] != "none" and style["outlineWidth"] >= 2) or style["boxShadow"] not in (
        "",
        "none",
    )
    return has_ring and style["visibility"] == "visible" and style["width"] > 0 and style["height"] > 0


@pytest.mark.parametrize(
    "path",
    ["", "privacy/", "privacy/history/", f"privacy/{ARCHIVED}/", f"privacy/diff/{ARCHIVED}...{IN_FORCE}/"],
)
def test_skip_link_first_and_focus_visible(page: Any, base: str, path: str) -> None:
    page.goto(base + path)
    page.keyboard.press("Tab")
    first = page.evaluate_handle("document.activeElement")
    assert first.evaluate("el => el.matches('a.skip-link[href=\"#main\"]')"), (
        "the first focusable element is not the skip link: "
        + first.evaluate("el => el.outerHTML.slice(0, 120)")
    )
    style = first.evaluate(FOCUS_STYLE)
    assert focus_is_visible(style), f"the focused skip link shows no focus ring: {style}"
    assert style["top"] >= 0 and style["bottom"] <= 800, f"the focused skip link is off screen: {style}"
    # Following it lands on <main>.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # Every further stop of the keyboard (the first 25) shows a visible focus ring.
    page.goto(base + path)
    for stop in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        style = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
        assert focus_is_visible(style), f"tab stop {stop + 1} has no visible focus: {style}"


@pytest.mark.parametrize(
    "path",
    ["", "privacy/", "privacy/history/", f"privacy/{ARCHIVED}/", f"privacy/diff/{ARCHIVED}...{IN_FORCE}/"],
)
def test_narrow_screen_has_no_horizontal_scroll(browser: Any, base: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base + path)
        sizes = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
        )
        assert sizes["client"] == 375
        assert sizes["scroll"] <= sizes["client"], (
            f"{path or 'index'}: page is {sizes['scroll']} px wide on a 375 px screen"
        )
    finally:
        context.close()


@pytest.mark.parametrize(
    "path", ["privacy/", f"privacy/{ARCHIVED}/", f"privacy/diff/{ARCHIVED}...{IN_FORCE}/"]
)
def test_print_hides_site_navigation(page: Any, base: str, path: str) -> None:
    page.goto(base + path)
    navs = page.locator(".site-header nav")  # the policies, and the language switcher
    expect(navs).to_have_count(2)
    nav = navs.first
    expect(nav).to_be_visible()
    expect(navs.last).to_be_visible()
    page.emulate_media(media="print")
    expect(nav).to_be_hidden()
    expect(navs.last).to_be_hidden()
    expect(page.locator(".skip-link")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    if path == "privacy/":
        expect(page.locator("#policy-text")).to_be_visible()
        expect(page.locator("#last-updated")).to_be_visible()
    page.emulate_media(media="screen")
    expect(nav).to_be_visible()


_CUT_WORDS = """() => [...document.querySelectorAll(".policy-text td a")].flatMap((link) => {
  const text = link.firstChild, cut = [];
  for (const word of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, word.index);
    range.setEnd(text, word.index + word[0].length);
    if (range.getClientRects().length > 1) cut.push(word[0]);
  }
  return cut;
})"""
"""Every word of a link in a table cell that the layout breaks across two lines."""


def test_a_link_in_a_narrow_table_column_keeps_its_words_whole(
    page: Any,
    make_site: Callable[..., Path],
    http_server: Callable[[Path], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GitHub's privacy summary on a phone: a column of section links beside long answers was squeezed until
    "informati/on" and "responsibl/e" broke mid-word."""
    from badinput import invoke

    answer = "Subject to limited exceptions, the company is the controller of your personal data. " * 8
    rows = "".join(
        f"| [Who is responsible for the processing of your information](#s{n}) | {answer} |\n"
        for n in range(3)
    )
    body = f"---\ntitle: Privacy\neffective: 2025-01-01\n---\n\n| Section | Answer |\n|---|---|\n{rows}"
    root = make_site({"content/privacy/2025-01-01.md": body}, 'base_url = "https://example.com/"\n')
    monkeypatch.chdir(root)
    assert invoke("build", "--as-of", "2025-06-01", "-q").exit_code == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(http_server(root / "site") + "privacy/")
    assert page.locator(".policy-text td a").count() == 3
    assert page.evaluate(_CUT_WORDS) == []
