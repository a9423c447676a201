"""Links between policies: `policy:slug` and relative links written for the policy's own page reach the
same target from every page the text is on (policy page, version page, redline); `check` flags links
that leave base_url's path; a `policy:` link to no policy is a `path:line` error for build and check."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from bad_cases.links import CASES
from badinput import CONFIG, FIRST, GOOD, SECOND, body, invoke, run_bad
from ppgen.source import links

BASE = "https://example.com/legal/"
TERMS = "content/terms/2025-01-01.md"
LINKS = (
    "## Other policies\n\n"
    "Read the [terms](policy:terms) and their [liability section](policy:terms#liability).\n"
    "The [same terms](../terms/), their [same section](../terms/#liability)\nand [our history](history/).\n"
)
EXPECTED = {
    "terms": BASE + "terms/",
    "liability section": BASE + "terms/#liability",
    "same terms": BASE + "terms/",
    "same section": BASE + "terms/#liability",
    "our history": BASE + "privacy/history/",
}
"""Link text → where it must lead from any page."""
TERMS_TEXT = "## Liability\n\nWe are liable. See the [privacy policy](policy:privacy).\n"


def _files(second: str = LINKS) -> dict[str, str | bytes]:
    return {
        **GOOD,
        SECOND: GOOD[SECOND] + "\n" + second,
        TERMS: body(TERMS_TEXT, "title: Terms\n"),
    }


class _Anchors(HTMLParser):
    """(href, text) of every link on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._open: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self._href, self._open = dict(attrs)["href"], []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.found.append((self._href, "".join(self._open).strip()))
            self._href = None


def anchors(page: Path) -> list[tuple[str, str]]:
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def page_url(site: Path, page: Path) -> str:
    """The address a built page is served at (a folder's index.html at the folder)."""
    name = page.relative_to(site).as_posix()
    folder = name == "index.html" or name.endswith("/index.html")
    return BASE + (name.removesuffix("index.html") if folder else name)


@pytest.fixture
def built(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(_files(), CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = invoke("build", "--as-of", "2025-06-01", "-q")
    assert result.exit_code == 0, result.stderr
    return root / "site"


PAGE_KINDS = {
    "policy page": "privacy/index.html",
    "version page": "privacy/2025-03-01/index.html",
    "redline": "privacy/diff/2025-01-01...2025-03-01/index.html",
}


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_links_between_policies_reach_their_target_from_every_page_kind(built: Path, kind: str) -> None:
    page = built / PAGE_KINDS[kind]
    here = page_url(built, page)
    found = {text: urljoin(here, href) for href, text in anchors(page) if text in EXPECTED}
    assert found == EXPECTED, f"from {here}"
    # In the redline the links sit in the added text, inline and side by side: each copy resolves alike.
    copies = [urljoin(here, href) for href, text in anchors(page) if text in EXPECTED]
    assert len(copies) >= len(EXPECTED) and set(copies) == set(EXPECTED.values())


def test_a_policy_link_in_the_other_direction(built: Path) -> None:
    for name in ("terms/index.html", "terms/2025-01-01/index.html"):
        page = built / name
        here = page_url(built, page)
        [target] = [urljoin(here, href) for href, text in anchors(page) if text == "privacy policy"]
        assert target == BASE + "privacy/"


def test_every_link_of_every_page_leads_to_a_page_of_the_site(built: Path) -> None:
    """History, index and 404 show no policy text, but every page kind's every link must still land."""
    pages = sorted(built.rglob("*.html"))
    kinds = {p.relative_to(built).as_posix() for p in pages}
    assert {"index.html", "privacy/history/index.html", "terms/index.html", *PAGE_KINDS.values()} <= kinds
    for page in pages:
        if page.name == "404.html":
            continue  # rooted links, checked by test_validity against a deployment at the base path
        for href, _ in anchors(page):
            target = urljoin(page_url(built, page), href)
            if not target.startswith(BASE):
                continue
            path = urlsplit(target).path.removeprefix(urlsplit(BASE).path)
            file = built / (path + "index.html" if path == "" or path.endswith("/") else path)
            assert file.is_file(), f"{page.relative_to(built)}: {href} → {target}: no such page"
            fragment = urlsplit(target).fragment
            if fragment:
                assert f'id="{fragment}"' in file.read_text(encoding="utf-8"), f"{page.name}: {href}"


def test_check_agrees_the_links_are_fine(built: Path) -> None:
    result = invoke("check", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_the_redline_names_a_changed_link_target_as_an_address_of_its_page(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = "See the [terms](policy:terms).\n", "See the [terms](policy:terms#liability).\n"
    root = make_site({**_files(), FIRST: GOOD[FIRST] + "\n" + old, SECOND: GOOD[SECOND] + "\n" + new}, CONFIG)
    monkeypatch.chdir(root)
    assert invoke("build", "--as-of", "2025-06-01", "-q").exit_code == 0
    redline = (root / "site/privacy/diff/2025-01-01...2025-03-01/index.html").read_text(encoding="utf-8")
    assert "link target changed from ../../../terms/ to ../../../terms/#liability" in redline
    assert "\x1a" not in redline


# --- check: root-relative links that leave the base path --------------------------------------


def _check_json(root: Path) -> list[dict[str, object]]:
    result = invoke("check", "--as-of", "2025-06-01", "--format", "json")
    rows: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    assert result.exit_code == (1 if rows else 0)
    return rows


def test_check_flags_a_root_relative_link_that_leaves_the_base_path(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "## More\n\nOne line.\nSee the [terms](/terms/#liability),\nor [here](/legal/terms/#liability).\n"
    root = make_site(_files(text), CONFIG)
    monkeypatch.chdir(root)
    [row] = _check_json(root)
    assert row["rule"] == "root-relative-link"
    assert row["path"] == SECOND
    assert row["line"] == GOOD[SECOND].count("\n") + 5  # the line of the link itself
    assert "/terms/#liability" in str(row["message"]) and "/legal/" in str(row["message"])
    assert "(policy:terms#liability)" in str(row["hint"])


def test_a_root_relative_link_is_fine_when_the_site_is_served_at_the_root(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(_files("See the [terms](/terms/#liability).\n"), 'base_url = "https://example.com/"\n')
    monkeypatch.chdir(root)
    assert _check_json(root) == []


def test_check_flags_a_broken_policy_section_and_a_broken_relative_link(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "See [a](policy:terms#nowhere)\nand [b](../nothing/).\n"
    root = make_site(_files(text), CONFIG)
    monkeypatch.chdir(root)
    rows = _check_json(root)
    end = GOOD[SECOND].count("\n")
    assert [(r["rule"], r["line"]) for r in rows] == [("broken-link", end + 2), ("broken-link", end + 3)]
    assert "#nowhere" in str(rows[0]["message"]) and "nothing/" in str(rows[1]["message"])


def test_check_flags_an_image_that_is_not_on_the_site_and_leaves_others_alone(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported pages keep their images' relative addresses (`assets/logo.png`); a build publishes pages, not
    files from content/, so the reader would see a broken image. An image at a full address, or at a path
    of the company's site outside the policies' folder, is not the site's to check."""
    text = (
        "![Logo](assets/logo.png)\n![Chart](/legal/chart.svg)\n"
        "![Seal](https://example.com/seal.png)\n![Badge](/img/badge.png)\n![Icon](../_static/favicon.svg)\n"
    )
    root = make_site(_files(text), CONFIG)  # served at /legal/
    monkeypatch.chdir(root)
    rows = _check_json(root)
    end = GOOD[SECOND].count("\n")
    # the theme's files are published under names the build makes (`favicon.8dd99cf21e.svg`)
    assert [(r["rule"], r["line"]) for r in rows] == [("broken-image", end + n) for n in (2, 3, 6)]
    assert "`assets/logo.png`" in str(rows[0]["message"]) and "https://" in str(rows[0]["hint"])


def test_a_link_to_another_layout_of_a_policy_gets_the_policy_link_as_its_hint(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Policies copied from a website link to its old addresses (`/articles/terms`, `../legal/terms/`):
    the hint offers the `policy:` link of the policy the address names, fragment kept; a link starting with /
    that names no policy, the full address on the site's host; a link that misses only a section keeps
    the general hint."""
    text = (
        "[a](/articles/terms#liability)\n[b](/about/)\n[c](../legal/terms/index.html)\n"
        "[d](../nothing/)\n[e](../terms/#nowhere)\n[f](/feed.xml)\n"
    )
    root = make_site(_files(text), CONFIG)
    monkeypatch.chdir(root)
    hints = [(row["rule"], str(row["hint"])) for row in _check_json(root)]
    assert [rule for rule, _ in hints] == [
        *["root-relative-link"] * 2,
        *["broken-link"] * 3,
        "root-relative-link",
    ]
    assert "(policy:terms#liability)" in hints[0][1]
    # `/about/` is a page of the company's own site, which `../about/` (inside this one) would not reach.
    assert (
        "policy:" not in hints[1][1]
        and "write the full address, such as https://example.com/about/" in hints[1][1]
    )
    assert "(policy:terms)" in hints[2][1]
    assert "policy:" not in hints[3][1] + hints[4][1]
    assert (
        hints[5][1] == "write a link relative to the policy's page such as ../feed.xml"
    )  # a page of the site


@pytest.mark.parametrize(
    ("href", "named"),
    [
        ("/articles/terms", "terms"),
        ("/articles/terms/#a?b", "terms#a?b"),
        ("../x/terms.html#s", "terms#s"),
        ("/terms/index.html", "terms"),
        ("/terms-old/", None),
        ("/", None),
        ("#terms", None),
    ],
)
def test_named_policy(href: str, named: str | None) -> None:
    assert links.named_policy(href, {"terms", "privacy"}) == named


# --- a policy link to no policy: build and check say the same ----------------------------------


@pytest.mark.parametrize("bad", CASES, ids=lambda bad: bad.name)
def test_bad_links(site: Path, bad: object) -> None:
    from badinput import Bad

    assert isinstance(bad, Bad)
    run_bad(site, bad)
    checked = invoke("check", "--as-of", "2025-06-01")
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert any(line.startswith(bad.where) and bad.says in line for line in lines), checked.stdout


def test_every_unknown_policy_link_is_reported_at_once(site: Path) -> None:
    (site / FIRST).write_text(GOOD[FIRST] + "\nSee [a](policy:nope).\n", encoding="utf-8")
    (site / SECOND).write_text(GOOD[SECOND] + "\nSee [b](policy:none).\n", encoding="utf-8")
    built = invoke("build", "--as-of", "2025-06-01")
    checked = invoke("check", "--as-of", "2025-06-01")
    assert built.exit_code == checked.exit_code == 1
    wanted = [f"{FIRST}:{GOOD[FIRST].count(chr(10)) + 2}: ", f"{SECOND}:{GOOD[SECOND].count(chr(10)) + 2}: "]
    lines = sorted(built.stderr.splitlines())
    assert len(lines) == len(wanted), built.stderr
    starts = [line[: len(w)] for line, w in zip(lines, wanted, strict=True)]
    assert starts == wanted, built.stderr
    assert sorted(built.stderr.splitlines()) == sorted(checked.stdout.splitlines())


# --- the pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "link"),
    [
        ("policy:terms", ("policy", "terms")),
        ("policy:terms#liability", ("policy", "terms#liability")),
        ("../terms/", ("relative", "../terms/")),
        ("history", ("relative", "history")),
        ("#liability", None),
        ("/terms/", None),
        ("//cdn.example/x", None),
        ("https://example.com/", None),
        ("mailto:a@example.com", None),
        ("", None),
    ],
)
def test_which_links_are_carried_as_placeholders(href: str, link: tuple[str, str] | None) -> None:
    from ppgen.source.links import in_site

    assert in_site(href) == link


@pytest.mark.parametrize(
    ("page", "href", "target"),
    [
        ("privacy/", "../terms/", "terms/"),
        ("privacy/", "../terms/#a", "terms/#a"),
        ("privacy/", "history/", "privacy/history/"),
        ("privacy/", "./", "privacy/"),
        ("privacy/", "../", ""),
        ("privacy/", "?x=1#y", "privacy/?x=1#y"),
        ("privacy/", "../../other/", "../other/"),
        ("privacy.html", "terms.html", "terms.html"),
    ],
)
def test_join(page: str, href: str, target: str) -> None:
    from ppgen.source.links import join

    assert join(page, href) == target


def test_fill_resolves_placeholders_and_defuses_a_stray_mark() -> None:
    from ppgen.source.links import SiteLink, fill, placeholder

    one, two = placeholder(SiteLink("policy", "terms")), placeholder(SiteLink("relative", "../x/"))
    html = f'<p>\x1a<a href="{one}">a</a> \x1aP<a href="{two}">b</a>\x1a</p>'
    filled = fill(html, lambda link: link.kind + ":" + link.href)
    assert filled == '<p>\ufffd<a href="policy:terms">a</a> \ufffdP<a href="relative:../x/">b</a>\ufffd</p>'
