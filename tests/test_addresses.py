"""ppgen.site.addresses and the address rules of ppgen.site.pages: aliases are plain site paths, never an address the
site already has, each in one policy; policy names never take the site's own addresses; (the command line:
test_aliases_cli.py; the writers of `_redirects` and `_headers`: test_hosting.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from ppgen.core.model import Policy, Site, Text, Version
from ppgen.site.addresses import address_problem, address_problems
from ppgen.site.pages import Urls
from ppgen.site.plan import SitePlan

# --- what an alias may be -----------------------------------------------------------------------

GOOD_ADDRESSES = [
    "/privacy-policy/",
    "/privacy-policy",
    "/old/privacy.html",
    "/Legal/Privacy_2019/",
    "/~legal/v1.2/",
    "/a..b/",
]


@pytest.mark.parametrize("address", GOOD_ADDRESSES)
def test_plain_site_paths_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(
    "char", [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u00a0", "\u2028", "\u200b", "\ufeff"]
)
def test_every_control_invisible_and_space_character_is_refused(char: str) -> None:
    problem = address_problem(f"/old{char}/")
    assert problem is not None and re.match(
        r"holds (a line break|white space|the control character)", problem
    ), problem


@pytest.mark.parametrize(
    "char",
    sorted(
        set(map(chr, range(0x21, 0x7F)))
        - set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
    ),
)
def test_every_other_ascii_sign_is_refused(char: str) -> None:
    assert address_problem(f"/old{char}x/") == address_problem(f"/{char}/")
    assert str(address_problem(f"/{char}/")).startswith(f"holds `{char}`")


def test_an_alias_page_is_written_where_its_address_is_served() -> None:
    assert Urls().alias_file("/old/") == Urls().alias_file("/old") == "old/index.html"
    assert Urls().alias_file("/old/privacy.html") == "old/privacy.html"
    assert Urls().alias_file("/") == "index.html"


def _site(*policies: tuple[str, tuple[str, ...]]) -> Site:
    def version(slug: str, names: tuple[str, ...]) -> Version:
        return Version(
            slug,
            date(2025, 1, 1),
            slug,
            date(2025, 1, 1),
            Text(b"", ""),
            5,
            f"content/{slug}/2025-01-01.md",
            aliases=names,
            key_lines=(("title", 2), ("aliases", 3)),
        )

    return Site(tuple(Policy(slug, (version(slug, names),)) for slug, names in policies), date(2026, 1, 1))


def test_the_same_alias_in_two_versions_of_one_policy_is_fine() -> None:
    day = date(2025, 6, 1)
    site = _site(("privacy", ("/old/",)))
    later = Version(
        "privacy", day, "P", day, Text(b"", ""), 1, "content/privacy/2025-06-01.md", aliases=("/old/", "/old")
    )
    site = Site((Policy("privacy", (*site.policies[0].versions, later)),), site.today)
    assert address_problems(SitePlan.make(site)) == []


def test_an_alias_in_two_policies_names_both_files_whatever_the_trailing_slash_or_letter_case() -> None:
    [problem] = address_problems(SitePlan.make(_site(("privacy", ("/old",)), ("terms", ("/OLD/",)))))
    assert (problem.path, problem.line) == ("content/terms/2025-01-01.md", 3)
    assert (
        problem.message
        == "alias `/OLD/` is also an alias of policy `privacy` (content/privacy/2025-01-01.md)"
    )


def test_a_policy_page_is_never_an_alias_whatever_the_mode() -> None:
    for pretty, taken in ((True, "/terms/"), (False, "/terms.html")):
        [problem] = address_problems(
            SitePlan.make(_site(("privacy", (taken,)), ("terms", ())), pretty=pretty)
        )
        assert "which the site already publishes" in problem.message


def test_policy_names_that_take_the_site_s_own_addresses() -> None:
    for slug in ("index", "404"):
        [problem] = address_problems(SitePlan.make(_site((slug, ())), pretty=False))
        assert (problem.path, problem.line) == (f"content/{slug}", None)
        assert (
            problem.message
            == f"policy `{slug}` would be published at {slug}.html, the address of a page of the site's own"
        )
        assert address_problems(SitePlan.make(_site((slug, ())), pretty=True)) == []


def test_an_alias_problem_is_said_at_the_line_the_loaded_version_keeps() -> None:
    """The line of `aliases:` comes from the loaded version (front-matter key lines are kept on it), not from
    parsing its file again: here there is no file to read at all."""
    site = _site(("privacy", ("/privacy/history/",)))
    [version] = site.policies[0].versions
    moved = replace(version, text=Text(bytes(32), "/nowhere.md"), key_lines=(("title", 2), ("aliases", 7)))
    site = Site((Policy("privacy", (moved,)),), site.today)
    [problem] = address_problems(SitePlan.make(site))
    assert (problem.path, problem.line, problem.code) == (version.path, 7, "alias-collision")
