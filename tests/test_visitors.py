"""The visitor-facing theme in a real browser: every page kind fits 390, 768 and 1280 px screens (wide tables
scroll in their own box), the policy page's header leads to its history, change markers are real tap targets,
axe-core passes in light and dark mode, and print shows the whole document with a header naming the version.

Two sites: the repository's example, and a fixture whose policy has a 6-column table, an archived, an
in-force and an upcoming version (built with "today" = 2026-01-15).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe

pytestmark = pytest.mark.browser

TABLE = """
## Subprocessors

| Subprocessor | Purpose | Location | Data categories | Safeguards | Website |
|---|---|---|---|---|---|
| Cloud Hosting Incorporated | Hosting of every service and its backups | United States of America \
| Account data, content data, usage logs | Standard contractual clauses | https://cloud-hosting.example/legal/privacy |
| Mailer Services Limited | Sending transactional email and notices | European Union | Contact data \
| Adequacy decision | https://mailer.example/privacy-notice |
"""

VERSION = """---
{front}summary: {summary}
---

## Scope

This policy {scope} covers the service and its website.
{table}
## Contact

Write to us at privacy@example.com{extra}.
"""

WIDE = {
    "content/privacy/2025-01-01.md": VERSION.format(
        front="title: Privacy Policy\n", summary="First version.", scope="version one", table=TABLE, extra=""
    ),
    "content/privacy/2025-06-01.md": VERSION.format(
        front="",
        summary="Adds a subprocessor.",
        scope="version two",
        extra=" or by post",
        table=TABLE
        + (
            "| Payments Processor Company | Taking payments and refunds | Ireland | Payment data | Certified | "
            "https://pay.example/privacy |\n"
        ),
    ),
    "content/privacy/2026-03-01.md": VERSION.format(
        front="",
        summary="Moves to a new address.",
        scope="version three",
        extra=" or by post to our new address",
        table=TABLE,
    ),
    # A policy with no version in force yet: its address shows the "not in force yet" page.
    "content/cookies/2026-06-01.md": (
        "---\ntitle: Cookie Policy\nsummary: First version.\n---\n\n## Cookies\n\nWe set one cookie.\n"
    ),
}
WIDE_TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site (6-column table; archived, in-force and upcoming versions), built once."""
    from conftest import write_files
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    root = tmp_path_factory.mktemp("wide")
    write_files(
        root,
        {
            "ppgen.toml": 'title = "Wide"\nbase_url = "https://wide.example/"\ntimezone = "Europe/Berlin"\n',
            **WIDE,
        },
    )
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=WIDE_TODAY)
    return settings.output_dir


@pytest.fixture(scope="module")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 12 policies: its header lists only the page's own policy and links the index."""
    from conftest import write_files
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings
    from test_navigation import policies

    root = tmp_path_factory.mktemp("many")
    write_files(root, {"ppgen.toml": 'title = "Many"\n', **policies(12)})
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=WIDE_TODAY)
    return settings.output_dir


@pytest.fixture
def sites(
    example_site: Path, wide_site: Path, many_site: Path, http_server: Callable[[Path], str]
) -> dict[str, str]:
    return {
        "example": http_server(example_site),
        "wide": http_server(wide_site),
        "many": http_server(many_site),
    }


PAGES = {
    "example": [
        "",
        "privacy/",
        "privacy/history/",
        "privacy/2025-02-01/",
        "privacy/diff/2025-06-01...2025-10-15/",
        "privacy/diff/2025-02-01...2025-10-15/#side-by-side",
    ],
    "wide": [
        "",
        "privacy/",
        "privacy/history/",
        "privacy/2025-01-01/",
        "privacy/2026-03-01/",
        "privacy/diff/2025-01-01...2025-06-01/",
        "privacy/diff/2025-01-01...2025-06-01/#side-by-side",
        "privacy/diff/2025-06-01...2026-03-01/",
        "cookies/",
        "cookies/2026-06-01/",
        "404.html",
    ],
    "many": ["", "p07/", "p07/2025-01-01/"],
}
ALL_PAGES = [(site, path) for site, paths in PAGES.items() for path in paths]


@pytest.fixture
def context_at(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory: context_at(width, **options) is a new browser context with that viewport width."""
    made: list[Any] = []

    def make(width: int, **options: Any) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800}, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_no_page_scrolls_sideways(context_at: Callable[..., Any], sites: dict[str, str], width: int) -> None:
    page = context_at(width, is_mobile=width < 1000, has_touch=width < 1000).new_page()
    wide = []
    for site, path in ALL_PAGES:
        page.goto(sites[site] + path)
        # A mobile browser widens its layout viewport (innerWidth) to fit a page that overflows: compare with
        # the screen's width too.
        sizes = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: innerWidth})")
        if sizes["scroll"] > min(sizes["inner"], width):
            wide.append(f"{site}:{path or 'index'} is {sizes['scroll']} px wide")
    assert wide == [], f"at {width} px: {wide}"


def test_wide_table_scrolls_in_its_own_box(context_at: Callable[..., Any], sites: dict[str, str]) -> None:
    page = context_at(390, is_mobile=True, has_touch=True).new_page()
    for path in ("privacy/", "privacy/diff/2025-01-01...2025-06-01/"):
        page.goto(sites["wide"] + path)
        table = page.locator(
            ".policy-text table:visible"
        ).first  # the inline view's (side by side's older column is hidden)
        box = table.evaluate(
            "t => ({scroll: t.scrollWidth, client: t.clientWidth, overflow: getComputedStyle(t).overflowX})"
        )
        assert box["scroll"] > box["client"] and box["overflow"] == "auto", f"{path}: {box}"
        # Its columns are still a table's to assistive technology.
        expect(page.get_by_role("columnheader", name="Safeguards").first).to_be_attached()


@pytest.mark.parametrize("site", ["example", "wide"])
def test_history_stacks_on_narrow_screens_and_is_roomy_on_wide(
    context_at: Callable[..., Any], sites: dict[str, str], site: str
) -> None:
    narrow = context_at(390, is_mobile=True, has_touch=True).new_page()
    narrow.goto(sites[site] + "privacy/history/")
    rows = narrow.locator("table.history tbody tr")
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["height"] < 400, f"row {i} is {box['height']} px tall on a 390 px screen"
    summary = narrow.locator("table.history td[data-label='Summary: ']").first
    expect(summary).to_be_visible()
    right = summary.evaluate("s => s.getBoundingClientRect().right")
    assert right <= 390, f"the summary ends at {right} px on a 390 px screen"
    wide = context_at(1280).new_page()
    wide.goto(sites[site] + "privacy/history/")
    width = wide.locator("table.history").evaluate("t => t.getBoundingClientRect().width")
    assert width > 900, f"the history table is squeezed into {width} px on a 1280 px screen"
    # Dates never wrap.
    for time in wide.locator("table.history time").all():
        assert time.evaluate("t => t.getClientRects().length") == 1, time.inner_text()


def test_history_dates_are_unambiguous(sites: dict[str, str], page: Any) -> None:
    page.goto(sites["wide"] + "privacy/history/")
    expect(page.locator("table.history")).to_contain_text("January 1, 2025 to May 31, 2025")
    expect(page.locator("table.history")).to_contain_text("June 1, 2025 to February 28, 2026")
    expect(page.locator("table.history")).to_contain_text("from March 1, 2026")
    expect(page.locator(".timezone-note")).to_contain_text("Europe/Berlin")


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_policy_header_leads_to_the_history(sites: dict[str, str], browser: Any, width: int) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 800}, is_mobile=width < 1000
    )
    try:
        page = context.new_page()
        page.goto(sites["wide"] + "privacy/")
        text = page.locator("#policy-text")

        def above_text(link: Any) -> bool:
            """Before the text in the document, and above it on the screen."""
            before = link.evaluate(
                "(a, t) => !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)",
                text.element_handle(),
            )
            return (
                bool(before)
                and link.bounding_box()["y"] + link.bounding_box()["height"] <= text.bounding_box()["y"]
            )

        header = page.locator(".policy-header")
        expect(header).to_contain_text("In force since June 1, 2025")
        expect(header.locator("#last-updated")).to_contain_text("Last updated")
        for name, href in [
            ("History of this policy", "history/"),
            ("What changed in this version", "diff/2025-01-01...2025-06-01/"),
            ("Compare versions", "history/#compare-title"),
            ("see what changes", "diff/2025-06-01...2026-03-01/"),
        ]:
            link = header.get_by_role("link", name=name, exact=True)
            expect(link).to_have_attribute("href", href)
            assert above_text(link), name
            assert page.request.get(link.evaluate("a => a.href")).status == 200, name
        expect(header.locator(".notice-upcoming")).to_contain_text("takes effect on March 1, 2026")
        # The version list works without JavaScript: a disclosure of links.
        picker = header.locator("details.version-picker")
        picker.locator("summary").click()
        versions = picker.get_by_role("link")
        expect(versions).to_have_count(3)
        expect(picker).to_contain_text("January 1, 2025: in force from January 1, 2025 to May 31, 2025")
        versions.last.click()
        expect(page).to_have_url(sites["wide"] + "privacy/2025-01-01/")
        expect(page.locator(".version-picker a[aria-current='page']")).to_have_text("January 1, 2025")
        expect(page.locator(".notice-archived")).to_contain_text(
            "in force from January 1, 2025 to May 31, 2025"
        )
        # The navigation marks the policy.
        expect(page.locator(".site-header nav a[aria-current]")).to_have_text("Privacy Policy")
        page.goto(sites["wide"] + "privacy/")
        expect(page.locator(".site-header nav a[aria-current='page']")).to_have_text("Privacy Policy")
    finally:
        context.close()


def test_first_version_has_no_link_to_a_comparison(sites: dict[str, str], page: Any) -> None:
    page.goto(sites["wide"] + "privacy/2025-01-01/")
    expect(page.get_by_role("link", name="What changed in this version")).to_have_count(0)


def test_a_version_page_links_its_neighbours(sites: dict[str, str], page: Any) -> None:
    """A long history is read version after version: on a version's own page the earlier and the later
    version are one step away (rel prev/next), not 2,300 px down the list of 80; the page in force, which
    moves on, has none."""
    expected = {
        "privacy/2025-01-01/": [("Later version: June 1, 2025", "../2025-06-01/")],
        "privacy/2025-06-01/": [
            ("Earlier version: January 1, 2025", "../2025-01-01/"),
            ("Later version: March 1, 2026", "../2026-03-01/"),
        ],
        "privacy/": [],
    }
    for path, links in expected.items():
        page.goto(sites["wide"] + path)
        found = page.locator(".version-actions a[rel=prev], .version-actions a[rel=next]")
        assert [(a.inner_text(), a.get_attribute("href")) for a in found.all()] == links, path
        for name, _ in links:
            link = page.get_by_role("link", name=name, exact=True)
            assert page.request.get(link.evaluate("a => a.href")).status == 200, name


def test_contents_stay_in_view_on_wide_screens(sites: dict[str, str], page: Any) -> None:
    page.goto(sites["example"] + "privacy/")
    toc = page.locator("nav.toc")
    text_left = page.locator("#policy-text").evaluate("t => t.getBoundingClientRect().left")
    assert toc.evaluate("t => t.getBoundingClientRect().right") < text_left, (
        "the contents list is not beside the text"
    )
    page.mouse.wheel(0, 3000)
    page.wait_for_function("scrollY > 2000")
    expect(toc).to_be_in_viewport()


def test_contents_of_numbered_headings_show_their_own_numbers_once(
    make_site: Callable[..., Path], http_server: Callable[[Path], str], page: Any
) -> None:
    """A policy whose headings carry their numbers ("1. Scope") lists them without the list's own numbers
    ("1. 1. Scope"); one whose headings have none keeps the list's."""
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    def policy(headings: list[str]) -> str:
        body = "".join(f"## {h}\n\nText of {h}.\n\n" for h in headings)
        return f"---\ntitle: Terms\neffective: 2025-01-01\n---\n\n{body}"

    files = {
        "content/terms/2025-01-01.md": policy(["Introduction", "1. Scope", "2. Payment", "3. Termination"]),
        "content/privacy/2025-01-01.md": policy(["Scope", "Data we keep", "Your rights"]),
    }
    settings = load_settings(make_site(files, config='title = "T"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    base = http_server(settings.output_dir)
    for path, marker in (("terms/", "none"), ("privacy/", "decimal")):
        page.goto(base + path)
        items = page.locator("nav.toc li")
        expect(items).to_have_count(4 if path == "terms/" else 3)
        assert {li.evaluate("e => getComputedStyle(e).listStyleType") for li in items.all()} == {marker}, path
    expect(page.locator("nav.toc li").first).to_have_text("Scope")


def test_contents_of_a_text_inside_one_heading_list_its_sections(
    make_site: Callable[..., Path], http_server: Callable[[Path], str], page: Any
) -> None:
    """A text that opens with one heading around everything ("I. Privacy information", then its sections
    1 to 4 a level below) had a Contents box of that one entry: its sections are listed under it, each with
    its own number once."""
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    sections = "".join(
        f"### {n}. {title}\n\nText of {title}.\n\n" for n, title in enumerate(["Scope", "Data", "Rights"], 1)
    )
    files = {
        "content/privacy/2025-01-01.md": f"---\ntitle: Privacy\n---\n\n## I. Privacy information\n\n{sections}"
    }
    settings = load_settings(make_site(files, config='title = "T"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(http_server(settings.output_dir) + "privacy/")
    toc = page.get_by_role("navigation", name="Contents")
    expect(toc.get_by_role("listitem")).to_have_count(4)
    inner = toc.locator("li li")
    expect(inner).to_have_text(["1. Scope", "2. Data", "3. Rights"])
    assert {li.evaluate("e => getComputedStyle(e).listStyleType") for li in inner.all()} == {"none"}
    toc.get_by_role("link", name="2. Data").click()
    expect(page.get_by_role("heading", name="2. Data")).to_be_in_viewport()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_change_markers_are_tap_targets(
    context_at: Callable[..., Any], sites: dict[str, str], width: int
) -> None:
    page = context_at(width, is_mobile=width < 1000, has_touch=width < 1000).new_page()
    for site, path in [
        ("example", "privacy/diff/2025-02-01...2025-10-15/"),
        ("wide", "privacy/diff/2025-01-01...2025-06-01/"),
    ]:
        page.goto(sites[site] + path)
        links = page.locator("#redline .rl-change a")
        assert links.count() > 0
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (
                f"{site}:{path} {links.nth(i).inner_text()!r}: {box}"
            )
        # The marker stands on its own line, not inside the sentence.
        marker = page.locator("#redline .rl-change").first
        assert marker.evaluate("m => getComputedStyle(m).display") == "flex"


def test_moved_text_does_not_look_like_a_link(sites: dict[str, str], page: Any) -> None:
    page.goto(sites["example"] + "privacy/diff/2025-02-01...2025-10-15/")
    moved = page.locator("#redline ins.rl-moved").first
    style = moved.evaluate(
        "m => ({line: getComputedStyle(m).textDecorationLine, color: getComputedStyle(m).color})"
    )
    link = page.locator("#redline a").first.evaluate("a => getComputedStyle(a).color")
    assert style["line"] == "none" and style["color"] != link, style


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_in_light_and_dark_mode(
    context_at: Callable[..., Any], sites: dict[str, str], scheme: str
) -> None:
    page = context_at(1280, color_scheme=scheme).new_page()
    found = []
    for site, path in ALL_PAGES:
        page.goto(sites[site] + path)
        violations = run_axe(page)
        if violations:
            found.append(f"{site}:{path or 'index'}:\n{describe_violations(violations)}")
    assert found == [], "\n".join(found)


def test_dark_mode_is_dark(context_at: Callable[..., Any], sites: dict[str, str]) -> None:
    page = context_at(1280, color_scheme="dark").new_page()
    page.goto(sites["example"] + "privacy/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 23, 27)"


@pytest.mark.parametrize(
    ("site", "path", "names"),
    [
        ("example", "privacy/diff/2025-06-01...2025-10-15/", "October 15, 2025"),
        ("wide", "privacy/2025-01-01/", "in force from January 1, 2025 to May 31, 2025"),
        ("example", "privacy/", "in force since October 15, 2025"),
    ],
)
def test_print_shows_everything_with_a_header(
    browser: Any, sites: dict[str, str], site: str, path: str, names: str
) -> None:
    context = browser.new_context(
        java_script_enabled=False
    )  # beforeprint never fires in emulation: CSS alone
    try:
        page = context.new_page()
        page.goto(sites[site] + path)
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => [...document.querySelectorAll('details')]
            .filter(d => d.checkVisibility())
            .flatMap(d => [...d.children].filter(c => c.tagName !== 'SUMMARY' && !c.checkVisibility()))
            .map(c => c.outerHTML.slice(0, 80))""")
        assert hidden == [], f"folded text hidden in print: {hidden}"
        header = (
            page.locator(".print-header")
            if site == "wide" or path == "privacy/"
            else page.locator(".policy-header")
        )
        expect(header).to_be_visible()
        expect(header).to_contain_text(names)
        if site == "example" and path == "privacy/":
            # The page in force moves on to the next version: the paper also cites this version's own address.
            stays = re.compile(r"this version stays at https://\S+/privacy/2025-10-15/")
            expect(header).to_contain_text(stays)
        navs = page.locator(".site-header nav")  # the policies, and on the example the language switcher
        for index in range(navs.count()):
            expect(navs.nth(index)).to_be_hidden()
        expect(page.locator(".version-nav")).to_be_hidden()
    finally:
        context.close()


def test_every_page_describes_itself(sites: dict[str, str], page: Any) -> None:
    for site, path in ALL_PAGES:
        page.goto(sites[site] + path)
        for selector in (
            'meta[name="description"]',
            'meta[property="og:title"]',
            'meta[property="og:description"]',
            'meta[name="twitter:card"]',
        ):
            assert (page.locator(selector).get_attribute("content") or "").strip(), (
                f"{site}:{path}: {selector}"
            )
        icon = page.locator('link[rel="icon"]').evaluate("l => l.href")
        assert page.request.get(icon).status == 200


def test_index_line_is_spaced(sites: dict[str, str], page: Any) -> None:
    page.goto(sites["example"])
    dates = page.locator(".policy-list p:not(.description)")  # the description is a paragraph of its own
    expect(dates).to_have_text("Last updated October 15, 2025 · History of the Privacy Policy")


def test_compare_form_never_defaults_to_one_version_twice(
    context_at: Callable[..., Any], make_site: Callable[..., Path], http_server: Callable[[Path], str]
) -> None:
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    # The version in force is the first one; the only other version is upcoming.
    root = make_site({k: v for k, v in WIDE.items() if "2025-06-01" not in k}, config='title = "Two"\n')
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=WIDE_TODAY)
    page = context_at(1280).new_page()
    page.goto(http_server(settings.output_dir) + "privacy/history/")
    expect(page.get_by_label("From version")).to_have_value("2025-01-01")
    expect(page.get_by_label("To version")).to_have_value("2026-03-01")


def test_no_empty_older_label_on_narrow_side_by_side(
    context_at: Callable[..., Any], sites: dict[str, str]
) -> None:
    page = context_at(390, is_mobile=True, has_touch=True).new_page()
    page.goto(sites["example"] + "privacy/diff/2025-02-01...2025-10-15/#side-by-side")
    # An inserted block has no older column at all (and so no label of one).
    assert page.locator(".rl-row:not(.rl-gone):not(:has(.rl-old))").count() > 0, (
        "the example no longer has an inserted block"
    )
    shown = page.evaluate("""[...document.querySelectorAll('.rl-row .rl-old:empty, .rl-row .rl-new:empty')]
        .filter(e => e.getBoundingClientRect().height > 0).length""")
    assert shown == 0, f"{shown} empty sides still show their label"
