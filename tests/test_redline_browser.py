"""The redline page and the history page's compare form in a real browser (chromium), served over HTTP.

The redline from 2025-02-01 to 2025-10-15 of the example site has several changes, one of them a moved
section. A reader follows "Next change" from the first change to the last, jumps between the two ends of
the move, switches to the side-by-side view (a radio button: one markup, two views) and keeps it while
following the changes, uses the keyboard shortcuts of redline.js (n/j, p/k), and does all of it without
JavaScript too (plain links, the radio buttons and CSS :has()). axe-core finds nothing on either view.

redline.js adds an "Expand all unchanged text" button (none without JavaScript), and the change bar in the
margin runs the full height of each changed block (checked on the pixels of a screenshot).

The compare form (compare.js) goes to the pre-rendered redline of the chosen pair, explains a pair that was
not published, and without JavaScript the list of every published comparison is there instead.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe

pytestmark = pytest.mark.browser

FROM, TO = "2025-02-01", "2025-10-15"
REDLINE = f"privacy/diff/{FROM}...{TO}/"


@pytest.fixture
def base(example_site: Path, http_server: Callable[[Path], str]) -> str:
    return http_server(example_site)


@pytest.fixture
def no_js(browser: Any) -> Iterator[Any]:
    """A page with JavaScript disabled."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def watch_errors(page: Any) -> list[str]:
    """Collect script errors and console errors (except chromium's own favicon request)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    return errors


def hash_of(page: Any) -> str:
    return page.evaluate("location.hash")


def stated_changes(page: Any) -> int:
    """The number of changes the summary states ("5 changes"), checked against every "Change N of M" label."""
    counts = page.locator(".rl-summary .rl-counts").inner_text()
    found = re.search(r"(\d+)\s+changes?\b", counts)
    assert found, f"the summary states no number of changes: {counts!r}"
    total = int(found.group(1))
    labels = page.locator("#redline .rl-change .rl-label").all_inner_texts()
    assert labels, "no change labels in the inline view"
    for label in labels:
        assert re.search(rf"\bof {total}\b", label), (
            f"label {label!r} disagrees with the summary's {total} changes"
        )
    return total


def anchors(page: Any, prefix: str) -> list[str]:
    """The ids `<prefix><N>` on the page, in document order."""
    ids = page.evaluate("Array.from(document.querySelectorAll('[id]'), e => e.id)")
    return [i for i in ids if re.fullmatch(rf"{prefix}\d+", i)]


def shows(page: Any, view: str) -> None:
    """The view on screen: `inline` (the older column hidden, deletions in the text) or `side by side`
    (the older column beside the merged text, whose deletions are hidden)."""
    older = page.locator("#redline .rl-old:not(:empty)").first
    deleted = page.locator("#redline .rl-new del").first
    if view == "side by side":
        expect(page.locator("#side-by-side")).to_be_checked()
        expect(older).to_be_visible()
        expect(deleted).to_be_hidden()
        expect(page.locator(".rl-sbs-head")).to_be_visible()
    else:
        expect(page.locator("#inline")).to_be_checked()
        expect(older).to_be_hidden()
        expect(deleted).to_be_visible()
        expect(page.locator(".rl-sbs-head")).to_be_hidden()


def follow_next(page: Any, prefix: str, total: int) -> list[str]:
    """From the first change, click each change's "Next change" link; return the fragments reached."""
    reached = [hash_of(page)]
    assert reached[0] == f"#{prefix}1"
    for n in range(1, total + 5):
        marker = page.locator(f"#{prefix}{n}")
        nxt = marker.locator("a[rel=next]")
        if nxt.count() == 0:
            break
        assert nxt.get_attribute("rel") == "next"
        nxt.click()
        expect(page).to_have_url(re.compile(rf"#{prefix}{n + 1}$"))
        expect(page.locator(f"#{prefix}{n + 1}")).to_be_in_viewport()
        reached.append(hash_of(page))
    return reached


def test_next_change_through_every_change(page: Any, base: str) -> None:
    errors = watch_errors(page)
    page.goto(base + REDLINE)
    total = stated_changes(page)
    assert total >= 3, "the example redline should have several changes"
    ids = anchors(page, "change-")
    assert ids == [f"change-{n}" for n in range(1, total + 1)], (
        f"change anchors {ids} do not match the stated {total}"
    )
    # Every anchor holds a numbered label; the last has no "Next", the first no "Previous".
    expect(page.locator("#change-1 a[rel=prev]")).to_have_count(0)
    expect(page.locator(f"#change-{total} a[rel=next]")).to_have_count(0)

    page.get_by_role("link", name="go to the first change").click()
    expect(page).to_have_url(re.compile(r"#change-1$"))
    reached = follow_next(page, "change-", total)
    assert reached == [f"#change-{n}" for n in range(1, total + 1)]
    assert len(reached) == total

    # And back again with "Previous change".
    for n in range(total, 1, -1):
        page.locator(f"#change-{n} a[rel=prev]").click()
        expect(page).to_have_url(re.compile(rf"#change-{n - 1}$"))
    # The inline view stayed on screen all along.
    shows(page, "inline")
    assert errors == [], errors


def test_moved_block_ends_link_to_each_other(page: Any, base: str) -> None:
    page.goto(base + REDLINE)
    links = page.locator("#redline a.rl-move-link")
    assert links.count() >= 2, "the example redline shows no move"
    ends: dict[str, str] = {}
    for i in range(links.count()):
        link = links.nth(i)
        here = link.evaluate("a => a.closest('.rl-change').id")
        ends[here] = link.get_attribute("href")
    for here, there in ends.items():
        assert there.startswith("#change-"), there
        assert ends.get(there[1:]) == f"#{here}", f"{here} links to {there}, which does not link back: {ends}"
    # The two ends hold the moved text: once inserted (new place), once deleted (old place).
    assert page.locator("#redline ins.rl-moved").count() >= 1
    assert page.locator("#redline del.rl-moved").count() >= 1
    # Clicking one end lands on the other, and back.
    first, other = next(iter(ends.items()))
    page.locator(f"#{first} a.rl-move-link").click()
    expect(page).to_have_url(re.compile(rf"{other}$"))
    expect(page.locator(other)).to_be_in_viewport()
    page.locator(f"{other} a.rl-move-link").click()
    expect(page).to_have_url(re.compile(rf"#{first}$"))
    # In the side-by-side view too: the same links, both ends on screen (the old place in the newer column).
    page.get_by_label("Side-by-side view").check()
    for here, there in ends.items():
        expect(page.locator(f"#{here} a.rl-move-link")).to_be_visible()
        page.locator(f"#{here} a.rl-move-link").click()
        expect(page).to_have_url(re.compile(rf"{there}$"))
        expect(page.locator(there)).to_be_in_viewport()
    shows(page, "side by side")


def test_side_by_side_view_and_axe_on_both_views(page: Any, base: str) -> None:
    errors = watch_errors(page)
    page.goto(base + REDLINE)
    shows(page, "inline")
    violations = run_axe(page)
    assert violations == [], f"axe-core on the inline view:\n{describe_violations(violations)}"

    page.get_by_role("radio", name="Side-by-side view").check()
    shows(page, "side by side")
    violations = run_axe(page)
    assert violations == [], f"axe-core on the side-by-side view:\n{describe_violations(violations)}"

    # Next change within the side-by-side view keeps that view: one set of anchors, one markup.
    total = stated_changes(page)
    assert anchors(page, "sbs-change-") == []
    page.locator(".rl-summary").get_by_role("link", name="go to the first change").click()
    assert follow_next(page, "change-", total) == [f"#change-{n}" for n in range(1, total + 1)]
    shows(page, "side by side")

    page.get_by_role("radio", name="Inline view").check()
    shows(page, "inline")
    # An address ending in #side-by-side opens that view (redline.js checks its radio button).
    page.goto(base + REDLINE + "#side-by-side")
    shows(page, "side by side")
    assert errors == [], errors


def test_keyboard_shortcuts_move_between_changes(page: Any, base: str) -> None:
    page.goto(base + REDLINE)
    total = stated_changes(page)
    legend = page.locator(".rl-legend").inner_text()
    expect(page.locator(".rl-keys")).to_be_visible()
    assert (
        "n" in page.locator(".rl-legend kbd").all_inner_texts()
        and "p" in page.locator(".rl-legend kbd").all_inner_texts()
    ), legend

    def press(key: str, expected: str) -> None:
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"#{expected}$"))
        assert page.evaluate("document.activeElement.id") == expected, (
            f"after {key!r} focus is not on #{expected}"
        )
        expect(page.locator(f"#{expected}")).to_be_in_viewport()

    for n in range(1, total + 1):
        press("n", f"change-{n}")
    press("n", f"change-{total}")  # stays on the last change
    press("p", f"change-{total - 1}")
    press("k", f"change-{total - 2}")
    press("j", f"change-{total - 1}")
    for n in range(total - 2, 0, -1):
        press("p", f"change-{n}")
    press("p", "change-1")  # stays on the first change
    shows(page, "inline")

    # In the side-by-side view the keys move between the same changes, and the view stays.
    page.get_by_role("radio", name="Side-by-side view").check()
    page.locator("h1").first.click()  # the keys belong to the page, not to the radio button
    press("j", "change-2")
    press("n", "change-3")
    press("p", "change-2")
    shows(page, "side by side")


def test_keys_skip_the_changes_the_wording_only_switch_hides(page: Any, base: str) -> None:
    """With the switch on, n and p step through the changes still shown (the example's 1, 2 and 5)."""
    page.goto(base + REDLINE)
    page.get_by_label("Show only changes to the wording and to link targets").check()
    page.locator("h1").first.click()  # the keys belong to the page, not to the checkbox
    for key, expected in (
        ("n", "change-1"),
        ("n", "change-2"),
        ("n", "change-5"),
        ("n", "change-5"),
        ("p", "change-2"),
    ):
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"#{expected}$"))


def test_keys_do_not_fire_while_typing_in_a_field(page: Any, base: str) -> None:
    page.goto(base + REDLINE)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('afterbegin', '<label>x <input id=probe></label>')"
    )
    page.locator("#probe").press("n")
    assert hash_of(page) == ""


def test_redline_works_without_javascript(no_js: Any, base: str) -> None:
    page = no_js
    page.goto(base + REDLINE)
    shows(page, "inline")
    total = stated_changes(page)
    page.get_by_role("link", name="go to the first change").click()
    assert follow_next(page, "change-", total) == [f"#change-{n}" for n in range(1, total + 1)]
    # The keys are JavaScript's: without it the legend does not name them, they do nothing, and nothing breaks.
    expect(page.locator(".rl-legend")).to_be_visible()
    expect(page.locator(".rl-keys")).to_be_hidden()
    page.keyboard.press("p")
    assert hash_of(page) == f"#change-{total}"

    # The radio buttons choose the view without JavaScript, and following the changes keeps it.
    page.get_by_role("radio", name="Side-by-side view").check()
    shows(page, "side by side")
    page.locator("#change-1 a[rel=next]").click()
    page.locator("#change-2 a[rel=prev]").click()
    assert follow_next(page, "change-", total) == [f"#change-{n}" for n in range(1, total + 1)]
    shows(page, "side by side")

    page.get_by_role("radio", name="Inline view").check()
    shows(page, "inline")
    # Folded unchanged text is not on the page: its link leads to it in the newer version, without JavaScript.
    page.locator("#redline .rl-fold a").first.click()
    expect(page).to_have_url(re.compile(rf"/privacy/{TO}/#introduction$"))
    expect(page.locator("#introduction")).to_be_in_viewport()


# --- the compare form on the history page ---------------------------------------------------------


def test_compare_goes_to_the_prerendered_redline(page: Any, base: str) -> None:
    errors = watch_errors(page)
    page.goto(base + "privacy/history/")
    form = page.locator("#compare-form")
    expect(form).to_be_visible()
    violations = run_axe(page)
    assert violations == [], f"axe-core on the history page with the form:\n{describe_violations(violations)}"

    page.get_by_label("From version").select_option(label="February 1, 2025")
    page.get_by_label("To version").select_option(label="June 1, 2025")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(f"{base}privacy/diff/2025-02-01...2025-06-01/")
    expect(page.locator("#redline")).to_be_visible()

    # The pair is put in order: newer → older goes to the same older → newer page.
    page.goto(base + "privacy/history/")
    page.get_by_label("From version").select_option("2025-10-15")
    page.get_by_label("To version").select_option("2025-06-01")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(f"{base}privacy/diff/2025-06-01...2025-10-15/")

    # The same version twice: a polite message, no navigation.
    page.goto(base + "privacy/history/")
    page.get_by_label("From version").select_option("2025-06-01")
    page.get_by_label("To version").select_option("2025-06-01")
    page.get_by_role("button", name="Compare").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("same version")
    expect(page).to_have_url(f"{base}privacy/history/")
    assert errors == [], errors


def test_compare_form_by_keyboard_with_visible_focus(page: Any, base: str) -> None:
    page.goto(base + "privacy/history/")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "(() => { const el = document.activeElement; const s = getComputedStyle(el);"
            " return {id: el.id, tag: el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; })()"
        )
        if info["tag"] in ("SELECT", "BUTTON"):
            assert info["outline"] != "none" and info["width"] >= 2, f"no visible focus on {info}"
            seen.append(info["id"] or info["tag"])
        if info["tag"] == "BUTTON":
            break
    assert seen == ["compare-from", "compare-to", "BUTTON"], seen
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}privacy/diff/2025-06-01...2025-10-15/")


VERSION = (
    "---\n{front}effective: {date}\nsummary: Version of {date}.\n---\n\n## Scope\n\n"
    "This policy version {n} covers the service.\n\n## Contact\n\nWrite to us{extra}.\n"
)
FOUR = ["2024-01-01", "2024-06-01", "2025-01-01", "2025-06-01"]


@pytest.fixture
def four_versions(make_site: Callable[..., Path], http_server: Callable[[Path], str]) -> str:
    """A site with four versions and the default diff_pairs (adjacent and to-current), served."""
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    files = {
        f"content/privacy/{d}.md": VERSION.format(
            front="title: Privacy Policy\n" if i == 0 else "", date=d, n=i + 1, extra=" by email" * i
        )
        for i, d in enumerate(FOUR)
    }
    root = make_site(files, config='title = "Four"\n')
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    site = settings.output_dir
    assert (site / "privacy/diff/2024-01-01...2025-06-01/index.html").is_file()
    assert not (site / "privacy/diff/2024-01-01...2025-01-01/index.html").exists()
    return http_server(site)


def test_compare_a_pair_that_was_not_prerendered(page: Any, four_versions: str) -> None:
    base = four_versions
    errors = watch_errors(page)
    page.goto(base + "privacy/history/")
    status = page.get_by_role("status")
    expect(status).to_be_empty()
    page.get_by_label("From version").select_option("2025-01-01")
    page.get_by_label("To version").select_option("2024-01-01")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(f"{base}privacy/history/")
    expect(status).to_contain_text("no published comparison from January 1, 2024 to January 1, 2025")
    # Visitors are never told about the site's configuration.
    expect(status).not_to_contain_text("diff_pairs")
    expect(status).not_to_contain_text("ppgen.toml")
    suggested = status.get_by_role("link")
    expect(suggested).to_have_text(
        [
            "From January 1, 2024 to June 1, 2025",  # the older version to the one in force
            "From January 1, 2024 to June 1, 2024",  # then each step between the two chosen
            "From June 1, 2024 to January 1, 2025",
        ]
    )
    violations = run_axe(page)
    assert violations == [], f"axe-core with the status message shown:\n{describe_violations(violations)}"
    suggested.nth(2).click()
    expect(page).to_have_url(f"{base}privacy/diff/2024-06-01...2025-01-01/")
    expect(page.locator("#redline")).to_contain_text("by email")
    assert errors == [], errors


def test_compare_list_without_javascript(no_js: Any, base: str, example_site: Path) -> None:
    page = no_js
    page.goto(base + "privacy/history/")
    # The form needs the script; without it the list of every published comparison is the way.
    expect(page.locator("#compare-form")).to_be_hidden()
    links = page.locator("#compare-list a")
    published = sorted(p.parent.name for p in (example_site / "privacy/diff").glob("*/index.html"))
    assert (
        sorted(
            f"{a}...{b}"
            for a, b in (
                (links.nth(i).get_attribute("data-from"), links.nth(i).get_attribute("data-to"))
                for i in range(links.count())
            )
        )
        == published
    )
    for i in range(links.count()):
        href = links.nth(i).evaluate("a => a.href")
        assert page.request.get(href).status == 200, href
    page.get_by_role("link", name="From February 1, 2025 to June 1, 2025").click()
    expect(page).to_have_url(f"{base}privacy/diff/2025-02-01...2025-06-01/")
    expect(page.locator("#redline")).to_be_visible()


# --- axe in both colour schemes, and the change bar in the margin (redline.css) ---


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_redline_in_both_schemes(page: Any, base: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(base + REDLINE)
    expect(page.locator("#redline .rl-fold a").first).to_be_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    expect(page.get_by_role("button")).to_have_count(0)  # folds are links now: nothing to expand


BAR_RGB = {"light": (0x8A, 0x5A, 0x00), "dark": (0xE8, 0xB8, 0x5A)}


def bar_rows(page: Any, selector: str, scheme: str) -> tuple[int, list[int]]:
    """The element's height, and the pixel rows of the 14 px strip left of it where the bar's colour shows."""
    element = page.locator(selector)
    expect(element).to_have_count(1)
    element.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    box = element.bounding_box()
    assert box and box["x"] >= 14, box
    top, height = round(box["y"]), round(box["height"])
    shot = page.screenshot(clip={"x": box["x"] - 14, "y": top, "width": 14, "height": height})
    # Decode the PNG with the browser's own canvas: one list of [r, g, b] per pixel row.
    rows = page.evaluate(
        """async b64 => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width; c.height = img.height;
            const g = c.getContext('2d');
            g.drawImage(img, 0, 0);
            const d = g.getImageData(0, 0, c.width, c.height).data, out = [];
            for (let y = 0; y < c.height; y++) {
                const row = [];
                for (let x = 0; x < c.width; x++) {
                    const i = (y * c.width + x) * 4;
                    row.push([d[i], d[i+1], d[i+2]]);
                }
                out.push(row);
            }
            return out;
        }""",
        base64.b64encode(shot).decode(),
    )
    want = BAR_RGB[scheme]

    def bar(px: list[int]) -> bool:
        return all(abs(c - w) <= 8 for c, w in zip(px, want, strict=True))

    hits = [y for y, row in enumerate(rows) if any(bar(px) for px in row)]
    return height, hits


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "light"), (1280, "dark")])
def test_change_bar_spans_the_whole_changed_block(browser: Any, base: str, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base + REDLINE)
        # A whole inserted paragraph (after its heading, below the "Change 5" marker), a moved one, a list
        # item with an inline change: the bar runs from the top of each to its bottom, without a break.
        for selector in ("#cookies-policy + p", "#data-security + p", "#redline li:has(> #change-1)"):
            height, hits = bar_rows(page, selector, scheme)
            assert height > 20, (selector, height)
            # Unbroken from the first row to the last (a row at either end may fall on a fractional pixel).
            unbroken = bool(hits) and hits == list(range(hits[0], hits[-1] + 1))
            spans = unbroken and hits[0] <= 1 and hits[-1] >= height - 2
            assert spans, f"{selector}: bar on rows {hits[:3]}…{hits[-3:]} of 0…{height - 1}"
        # An unchanged paragraph has no bar.
        _, hits = bar_rows(page, "#the-data-we-collect + p", scheme)
        assert hits == []
    finally:
        context.close()


# ---------------------------------------------------------------- issue 15: triage, folds, print


def visible_markers(page: Any) -> list[str]:
    """The ids of the inline view's change markers a reader can see."""
    return [m.get_attribute("id") for m in page.locator("#redline .rl-change").all() if m.is_visible()]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_wording_only_switch_works_without_javascript(browser: Any, base: str, scheme: str) -> None:
    """The example's redline has three wording changes and one move (two numbered ends): the switch,
    a plain checkbox styled with :has(), hides the move's markers and its old place, and the table rows
    of the move; the wording changes stay marked. axe finds nothing with the switch on."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}, color_scheme=scheme
    )
    try:
        page = context.new_page()
        page.goto(base + REDLINE)
        assert visible_markers(page) == [f"change-{n}" for n in range(1, 6)]
        expect(page.locator("#redline .rl-new del.rl-moved").first).to_be_visible()
        kinds = page.locator(".rl-table tbody tr td:nth-child(3)").all_inner_texts()
        assert kinds == ["wording change", "wording change", "move", "move", "wording change"]
        switch = page.get_by_label("Show only changes to the wording and to link targets")
        switch.check()
        assert visible_markers(page) == ["change-1", "change-2", "change-5"]
        for link in page.locator("#redline .rl-change a").all():  # no link leads to a change the switch hides
            if link.is_visible():
                expect(page.locator(link.get_attribute("href") or "#none")).to_be_visible()
        expect(page.locator("#redline .rl-new del.rl-moved").first).to_be_hidden()
        expect(
            page.locator("#redline ins.rl-moved").first
        ).to_be_visible()  # the moved text, at its new place, unmarked
        assert (
            page.locator("#redline ins.rl-moved").first.evaluate("e => getComputedStyle(e).backgroundColor")
            == "rgba(0, 0, 0, 0)"
        )
        expect(
            page.locator("#redline ins").filter(has_text="video").first
        ).to_be_visible()  # a wording change stays marked
        assert [r.is_visible() for r in page.locator(".rl-table tbody tr").all()] == [
            True,
            True,
            False,
            False,
            True,
        ]
        expect(page.locator(".rl-table thead tr")).to_be_visible()
        switch.uncheck()
        assert visible_markers(page) == [f"change-{n}" for n in range(1, 6)]
    finally:
        context.close()
    # axe (a script, so with JavaScript on) on the page with the switch on.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base + REDLINE)
        page.get_by_label("Show only changes to the wording and to link targets").check()
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)
    finally:
        context.close()


def test_a_passage_whose_words_changed_as_it_moved_stays_marked_with_only_wording_shown(
    no_js: Any, make_site: Callable[..., Path], http_server: Callable[[Path], str]
) -> None:
    """Basecamp's terms (2019 → 2020) moved "Verbal, physical, written or other abuse of any Service customer,
    Company employee or officer …" to another section and struck "any Service customer,": a move, so the
    wording-only switch hid its marker, its row and the struck words, and the page read as if no word of
    it had changed. A move whose words changed on the way is that wording change."""
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings

    abuse = "Verbal, physical, written or other abuse of {who}Company employee or officer ends the account."
    cancel = "## Cancellation\n\n1. You can cancel at any time.\n2. Content is deleted within 30 days.\n"
    general = "## General Conditions\n\n1. Technical support is only provided via email.\n"
    old = f"---\ntitle: Terms\n---\n{cancel}\n{general}2. {abuse.format(who='any Service customer, ')}\n"
    new = f"---\ntitle: Terms\n---\n{cancel}3. {abuse.format(who='')}\n\n{general}"
    root = make_site(
        {"content/terms/2019-01-01.md": old, "content/terms/2020-04-13.md": new}, 'title = "T"\n'
    )
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=date(2021, 1, 1))
    no_js.goto(http_server(settings.output_dir) + "terms/diff/2019-01-01...2020-04-13/")
    no_js.get_by_label("Show only changes to the wording and to link targets").check()
    struck = no_js.locator("#redline .rl-new del:not(.rl-moved)").filter(has_text="any Service customer")
    expect(struck).to_be_visible()
    assert visible_markers(no_js) == ["change-1"]
    rows = [row.inner_text() for row in no_js.locator(".rl-table tbody tr").all() if row.is_visible()]
    assert len(rows) == 1 and "wording change" in rows[0], rows


def test_summary_counts_kinds_and_moves(page: Any, base: str) -> None:
    page.goto(base + REDLINE)
    assert page.locator(".rl-kinds").inner_text().split("\n") == [
        "3 wording changes",
        "2 moves",
    ]  # they add up to the 5 changes: the passage moved is numbered at both ends, as said below
    expect(page.locator(".rl-moves")).to_have_text(
        "1 passage was moved, 52 words, numbered where it was and where it is now."
    )
    label = page.locator("#change-1 .rl-label").inner_text()
    assert label.startswith("Change 1 of 5: changed") and label.endswith("wording")


def test_unchanged_sections_fold_into_one_link_to_the_newer_version_in_both_views(
    no_js: Any, base: str
) -> None:
    """The two unchanged sections before the first change are one fold: a link to them in the newer
    version's page (the redline page does not carry them), the same link in both views, no JavaScript."""
    no_js.goto(base + REDLINE)
    first = no_js.locator("#redline .rl-fold a").first
    expect(first).to_have_text("2 unchanged sections (97 words): see the newer version")
    expect(no_js.locator("#introduction")).to_have_count(0)
    no_js.get_by_role("radio", name="Side-by-side view").check()
    expect(no_js.locator("#redline details")).to_have_count(0)
    link = no_js.locator("#redline .rl-fold a").first
    expect(link).to_be_visible()
    expect(link).to_have_text("2 unchanged sections (97 words): see the newer version")
    link.click()
    expect(no_js).to_have_url(re.compile(rf"/privacy/{TO}/#introduction$"))
    expect(no_js.locator("#introduction")).to_be_in_viewport()
    expect(no_js.locator("#policy-text")).to_contain_text("Introduction")


def test_print_is_the_document(no_js: Any, base: str) -> None:
    """Printed: both versions and their dates at the top, each fold saying where its text is, no views switch, no change
    links, no keyboard hints, no wording-only switch."""
    no_js.goto(base + REDLINE)
    no_js.get_by_role(
        "radio", name="Side-by-side view"
    ).check()  # printed, it is the inline view all the same
    no_js.emulate_media(media="print")
    header = no_js.locator(".print-header")
    expect(header).to_be_visible()
    assert "February 1, 2025" in header.inner_text() and "October 15, 2025" in header.inner_text()
    expect(no_js.locator("#redline .rl-old:not(:empty)").first).to_be_hidden()
    expect(no_js.locator("#redline .rl-new del").first).to_be_visible()
    expect(no_js.locator(".rl-sbs-head")).to_be_hidden()
    expect(no_js.locator("#redline .rl-fold").first).to_have_text(
        "2 unchanged sections (97 words): see the newer version"
    )
    expect(no_js.locator("#redline .rl-fold").first).to_be_visible()  # says where the unchanged text is
    for hidden in (".rl-views", ".rl-switch", ".rl-legend", "kbd", "#change-1 a", ".site-header nav"):
        for element in no_js.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(no_js.locator("#change-1 .rl-label")).to_be_visible()
