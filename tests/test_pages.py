"""ppgen.site.pages: every address, relative links, and which redlines are planned."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from urllib.parse import urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ppgen.core.model import Policy, Text, Version
from ppgen.site.pages import Urls, diff_pairs, is_diff_pair

D1, D2, D3, D4 = date(2024, 1, 1), date(2025, 1, 1), date(2025, 6, 1), date(2027, 1, 1)


def version(day: date) -> Version:
    return Version("privacy", day, "Privacy", day, Text(b"", ""), 1, f"{day}.md")


POLICY = Policy("privacy", tuple(version(d) for d in (D1, D2, D3, D4)))


def test_addresses_follow_the_design() -> None:
    urls = Urls()
    assert urls.policy("privacy") == "privacy/"
    assert urls.version("privacy", D2) == "privacy/2025-01-01/"
    assert urls.history("privacy") == "privacy/history/"
    assert urls.diff("privacy", D1, D2) == "privacy/diff/2024-01-01...2025-01-01/"
    assert urls.feed() == "feed.xml" and urls.feed("privacy") == "privacy/feed.xml"
    assert urls.versions_json("privacy") == "privacy/versions.json"
    assert urls.raw("privacy", D2) == "privacy/2025-01-01.md"
    assert urls.file("privacy/") == "privacy/index.html" and urls.file("") == "index.html"


def test_html_file_addresses_for_hosts_without_index_files() -> None:
    urls = Urls(pretty=False)
    assert urls.index() == "index.html"
    assert urls.version("privacy", D2) == "privacy/2025-01-01.html"
    assert urls.file(urls.history("privacy")) == "privacy/history.html"
    assert urls.relative(urls.history("privacy"), urls.index()) == "../index.html"


@pytest.mark.parametrize(
    ("here", "there", "link"),
    [
        ("", "privacy/", "privacy/"),
        ("privacy/", "", "../"),
        ("privacy/", "privacy/", "./"),
        ("privacy/", "privacy/history/", "history/"),
        ("privacy/diff/2024-01-01...2025-01-01/", "privacy/2024-01-01/", "../../2024-01-01/"),
        ("privacy/history/", "_static/style.css", "../../_static/style.css"),
        ("privacy/", "privacy/#data", "./#data"),
        ("404.html", "privacy/", "privacy/"),
    ],
)
def test_relative_links(here: str, there: str, link: str) -> None:
    assert Urls().relative(here, there) == link


_SEGMENT = st.sampled_from(["privacy", "terms", "history", "diff", "2025-01-01", "a...b", "_static"])
_ADDRESS = st.builds(
    lambda folders, end: "/".join(folders) + end,
    st.lists(_SEGMENT, max_size=4),
    st.sampled_from(["/", "/index.html", "/x.css", "/feed.xml#top", "/#data"]),
).map(lambda url: url.lstrip("/"))


@given(_ADDRESS, _ADDRESS)
def test_a_relative_link_leads_where_it_points(here: str, there: str) -> None:
    link = Urls().relative(here, there)
    assert not link.startswith("/")
    for base in ("https://example.com/", "https://example.com/legal/"):
        assert urljoin(base + here, link) == base + there


def test_rooted_and_absolute_links_use_the_base_path() -> None:
    urls = Urls(base_url="https://example.com/legal/")
    assert urls.rooted("privacy/") == "/legal/privacy/"
    assert urls.absolute("privacy/") == "https://example.com/legal/privacy/"
    assert Urls().rooted("privacy/") == "/privacy/"


def pairs(kinds: tuple[str, ...], today: date = date(2026, 1, 1)) -> list[tuple[date, date]]:
    return [(a.effective, b.effective) for a, b in diff_pairs(POLICY, today, kinds)]


def test_adjacent_pairs() -> None:
    assert pairs(("adjacent",)) == [(D1, D2), (D2, D3), (D3, D4)]


def test_to_current_pairs_each_version_with_the_one_in_force() -> None:
    assert pairs(("to-current",)) == [(D1, D3), (D2, D3), (D3, D4)]


def test_default_is_adjacent_and_to_current() -> None:
    assert pairs(("adjacent", "to-current")) == [(D1, D2), (D1, D3), (D2, D3), (D3, D4)]


def test_all_pairs() -> None:
    assert len(pairs(("all",))) == 6


@pytest.mark.parametrize("today", [date(2023, 1, 1), D1, D3, date(2030, 1, 1)])
@pytest.mark.parametrize(
    "kinds", [(), ("adjacent",), ("to-current",), ("adjacent", "to-current"), ("all",), ("all", "to-current")]
)
def test_a_pair_is_published_exactly_when_diff_pairs_lists_it(kinds: tuple[str, ...], today: date) -> None:
    """`is_diff_pair` (the plan's answer for one redline, which holds no list of pairs) and `diff_pairs` agree
    on every pair of days, the policy's and others, whichever version is in force (or none yet)."""
    listed = set(pairs(kinds, today))
    days = [D1, D2, D3, D4, date(2025, 3, 1)]
    for old in days:
        for new in days:
            assert is_diff_pair(POLICY, today, kinds, old, new) == ((old, new) in listed), (old, new)


def test_every_kind_of_page_is_declared_once_and_whole() -> None:
    """pages.KINDS holds every kind of planned page, and the preview knows each input a kind declares (the
    renderer's `match` over the kinds is checked whole by mypy: `assert_never`)."""
    from typing import get_args

    from ppgen.pipeline.incremental import INPUTS
    from ppgen.site.pages import KINDS, Input, PageSpec

    assert set(KINDS) == set(get_args(PageSpec))
    assert set(INPUTS) == set(get_args(Input))
    for kind in KINDS.values():
        assert set(kind.inputs) <= set(INPUTS), kind


def test_the_site_plan_answers_for_the_redlines_it_builds_only() -> None:
    """Templates ask the plan for a redline: an address for a pair the site publishes, None for any other."""
    from ppgen.core.model import Site
    from ppgen.site.plan import SitePlan

    site = Site((POLICY,), date(2026, 1, 1))
    adjacent = SitePlan.make(site, diff_kinds=("adjacent",))
    days = [v.effective for v in POLICY.versions]
    assert adjacent.redline("privacy", days[0], days[1]) == f"privacy/diff/{days[0]}...{days[1]}/"
    assert adjacent.redline("privacy", days[0], days[-1]) is None  # not adjacent: never built
    assert adjacent.pairs_of("privacy") == [("privacy", a, b) for a, b in pairwise(days)]
    every = SitePlan.make(site, diff_kinds=("all",), pretty=False, base_url="https://example.com/legal/")
    assert every.redline("privacy", days[0], days[-1]) == f"privacy/diff/{days[0]}...{days[-1]}.html"
    assert every.feeds and not adjacent.feeds and every.base_path == "/legal/" and adjacent.base_path == "/"
    assert {every.file(spec) for spec in every.pages} >= {"index.html", "feed.xml", "sitemap.xml"}
    # A plan made directly (not by `make`) answers the same: its pairs are derived, not passed.
    direct = SitePlan(site, adjacent.urls, False, ("adjacent",), adjacent.pages)
    assert direct.redline("privacy", days[0], days[1]) == adjacent.redline("privacy", days[0], days[1])
    assert direct == adjacent
