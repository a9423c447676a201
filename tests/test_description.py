"""Front-matter `description` (issue 17, "Index"): one line about a policy, inherited by later versions,
shown on the index beside the title and "Last updated", and used as the policy pages' meta description."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bad_cases.description import CASES
from badinput import AS_OF, CONFIG, FIRST, GOOD, SECOND, Bad, body, invoke, run_bad

TEXT = "## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\nYour e-mail address.\n"
ONE = "How Example Ltd. collects and uses your personal data."
TWO = "What Example Ltd. does with your e-mail address & cookies."


@pytest.mark.parametrize("bad", CASES, ids=[b.name for b in CASES])
def test_bad_description_is_an_error_at_its_line(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


def _build(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes], *args: str
) -> Path:
    root: Path = make_site(files, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = invoke("build", *args, "-q")
    assert result.exit_code == 0, result.stderr
    return root / "site"


def _meta(page: Path) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)">', page.read_text(encoding="utf-8"))
    assert found is not None, page
    return html.unescape(found.group(1))


def _index_entry(out: Path) -> str:
    """The index page's list item of the privacy policy, as text (tags kept)."""
    page = (out / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<ul class="policy-list">\s*<li>(.*?)</li>', page, re.S)
    assert found is not None
    return found.group(1)


def test_later_versions_inherit_the_description(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {
        FIRST: body(TEXT, f"title: Privacy Policy\ndescription: {ONE}\n"),
        SECOND: GOOD[SECOND],
    }
    out = _build(make_site, monkeypatch, files, *AS_OF)
    # The second version sets no description: its pages (the current page among them) carry the first's.
    assert _meta(out / "privacy" / "index.html") == ONE
    assert _meta(out / "privacy" / "2025-03-01" / "index.html") == ONE
    assert _meta(out / "privacy" / "2025-01-01" / "index.html") == ONE
    entry = _index_entry(out)
    assert '<a href="privacy/">Privacy Policy</a></h2>' in entry
    assert f'<p class="description">{html.escape(ONE)}</p>' in entry
    assert 'Last updated <time datetime="2025-03-01">March 1, 2025</time>' in entry


def test_index_shows_the_description_in_force_else_the_latest(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {
        FIRST: body(TEXT, f"title: Privacy Policy\ndescription: {ONE}\n"),
        SECOND: body(TEXT, f'summary: Adds cookies.\ndescription: "{TWO}"\n'),
    }
    out = _build(make_site, monkeypatch, files, "--as-of", "2025-02-01")
    entry = _index_entry(out)
    assert html.escape(ONE) in entry and html.escape(TWO) not in entry
    assert 'Last updated <time datetime="2025-01-01">January 1, 2025</time>' in entry
    # Each version's pages say their own description; the upcoming one its new one.
    assert _meta(out / "privacy" / "index.html") == ONE
    assert _meta(out / "privacy" / "2025-03-01" / "index.html") == TWO

    assert invoke("build", "--as-of", "2024-12-01", "-q").exit_code == 0
    entry = _index_entry(out)  # nothing in force yet: the latest version's description
    assert html.escape(TWO) in entry and "Not in force yet" in entry


def test_without_a_description_the_meta_description_says_the_version(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _build(make_site, monkeypatch, dict(GOOD), *AS_OF)
    said = "Privacy Policy: in force since March 1, 2025, last updated March 1, 2025."
    assert _meta(out / "privacy" / "index.html") == said
    assert 'class="description"' not in (out / "index.html").read_text(encoding="utf-8")
