"""The site header's list of policies: every policy on a small site; on a site with many policies, only
the page's own policy (marked with aria-current) and a link to the index, so that a page's bytes do not
grow with the number of policies (issue 16: the header listing 90 policies was ~13.5 kB of every page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ppgen.pipeline.build import build
from ppgen.source.config import load_settings

TODAY = date(2026, 1, 15)


def policies(count: int) -> dict[str, str | bytes]:
    """`count` policies of two versions each, named p00, p01, …"""
    files: dict[str, str | bytes] = {}
    for n in range(count):
        files[f"content/p{n:02}/2025-01-01.md"] = (
            f"---\ntitle: Policy number {n}\n---\n\n## Scope\n\nPolicy {n} applies.\n"
        )
        files[f"content/p{n:02}/2025-06-01.md"] = (
            f"---\nsummary: Wider.\n---\n\n## Scope\n\nPolicy {n} applies everywhere.\n"
        )
    return files


def header(page: Path) -> str:
    found = re.search(r'<header class="site-header">.*?</header>', page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return found.group(0)


def built(make_site: Callable[..., Path], count: int) -> Path:
    root = make_site(policies(count), 'title = "Many"\n', folder=f"site-{count}")
    settings = load_settings(root / "ppgen.toml")
    build(settings, as_of=TODAY, jobs=1)
    return settings.output_dir


def test_small_site_lists_every_policy(make_site: Callable[..., Path]) -> None:
    site = built(make_site, 3)
    nav = header(site / "p01/index.html")
    assert [title for title in re.findall(r">(Policy number \d+)</a>", nav)] == [
        f"Policy number {n}" for n in range(3)
    ]
    assert 'aria-current="page">Policy number 1</a>' in nav
    assert "All policies" not in nav


def test_many_policies_list_only_the_page_s_own_and_link_the_index(make_site: Callable[..., Path]) -> None:
    site = built(make_site, 12)
    nav = header(site / "p07/index.html")
    assert re.findall(r">(Policy number \d+)</a>", nav) == ["Policy number 7"]
    assert '<a href="./" aria-current="page">Policy number 7</a>' in nav
    assert '<a href="../">All policies</a>' in nav
    version = header(site / "p07/2025-01-01/index.html")
    assert '<a href="../" aria-current="true">Policy number 7</a>' in version
    assert '<a href="../../">All policies</a>' in version
    index = header(site / "index.html")
    assert re.findall(r">(Policy number \d+)</a>", index) == [] and '<a href="./">All policies</a>' in index
    # The index itself still lists every policy.
    assert all(f"Policy number {n}" in (site / "index.html").read_text(encoding="utf-8") for n in range(12))


def test_page_size_does_not_grow_with_the_number_of_policies(make_site: Callable[..., Path]) -> None:
    nine, forty = built(make_site, 9), built(make_site, 40)
    for page in (
        "p03/index.html",
        "p03/2025-01-01/index.html",
        "p03/history/index.html",
        "p03/diff/2025-01-01...2025-06-01/index.html",
    ):
        assert (nine / page).read_bytes() == (forty / page).read_bytes(), page
