"""A section renumbered or given a number keeps answering the ids it had in earlier versions
(site/formerids.py): a link kept from last year (`/terms/#2-accounts`) lands on the section it pointed to,
never on another section that took its id."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import describe_violations, run_axe
from ppgen.pipeline.build import build
from ppgen.site.formerids import former_ids
from ppgen.source.config import load_settings
from ppgen.source.markdown import parse


def headings(*titles: str) -> str:
    return "".join(f"## {title}\n\nThe words of {title.split()[-1].lower()}.\n\n" for title in titles)


def formers(*versions: str) -> list[dict[str, tuple[str, ...]]]:
    found = former_ids([parse(text, f"{n}.md") for n, text in enumerate(versions)])
    return [dict(each) for each in found]


def test_a_renumbered_section_answers_every_id_it_had_most_recent_first() -> None:
    first = headings("1. Scope", "2. Accounts", "3. Payment")
    second = headings("1. Scope", "2. Privacy", "3. Accounts", "4. Payment")
    third = headings("Scope", "Privacy", "Cookies", "Accounts", "Payment")
    assert formers(first, second, third) == [
        {},
        {"3-accounts": ("2-accounts",), "4-payment": ("3-payment",)},
        {
            "scope": ("1-scope",),
            "privacy": ("2-privacy",),
            "accounts": ("3-accounts", "2-accounts"),
            "payment": ("4-payment", "3-payment"),
        },
    ]


def test_an_id_another_section_uses_now_is_never_taken() -> None:
    # "2. Accounts" became "3. Accounts": #2-accounts is free. But "Clause 2" became "Clause 3" and a new
    # "Clause 2" came in: #clause-2 is the new clause's, and a label alone names no section to follow.
    first = headings("1. Scope", "2. Accounts", "Clause 2")
    second = headings("1. Scope", "2. Accounts", "3. Accounts", "Clause 2", "Clause 3")
    assert formers(first, second)[1] == {}  # two headings read "Accounts": neither takes #2-accounts
    third = headings("1. Scope", "2 Accounts", "3. Payment")
    assert formers(first, third)[1] == {}  # "2 Accounts" is no label: its id, 2-accounts, is taken
    # GitHub's id of a heading is taken too: `## Terms & Fees` answers #terms--fees as GitHub's, so the id
    # an earlier "Fees" section was pinned to is not given to the renumbered "Fees".
    pinned = "## 1. Fees {#terms--fees}\n\nWe charge fees.\n\n## 2. Refunds\n\nNone.\n\n"
    later = headings("Terms & Fees", "2. Fees", "3. Refunds")
    assert formers(pinned, later)[1] == {"3-refunds": ("2-refunds",)}


def test_a_section_named_twice_in_the_version_that_used_its_id_is_not_followed() -> None:
    first = headings("1. General", "2. Definitions", "3. General")
    second = headings("1. Definitions", "2. General")
    assert formers(first, second)[1] == {"1-definitions": ("2-definitions",)}


@pytest.mark.browser
def test_a_link_kept_from_an_earlier_version_lands_on_its_renumbered_section(
    page: Any, make_site: Callable[..., Path], http_server: Callable[[Path], str]
) -> None:
    filler = "Words to scroll past. " * 120
    old = "".join(
        f"## {n}. {title}\n\n{filler}\n\n" for n, title in enumerate(["Scope", "Accounts", "Payment"], 1)
    )
    new = "".join(
        f"## {n}. {title}\n\n{filler}\n\n"
        for n, title in enumerate(["Scope", "Privacy", "Accounts", "Payment"], 1)
    )
    files = {
        "content/terms/2025-01-01.md": f"---\ntitle: Terms\neffective: 2025-01-01\n---\n\n{old}",
        "content/terms/2025-06-01.md": f"---\neffective: 2025-06-01\n---\n\n{new}",
    }
    settings = load_settings(make_site(files, config='title = "Terms"\n') / "ppgen.toml")
    build(settings, as_of=date(2026, 1, 1))
    current = (settings.output_dir / "terms" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div id="2-accounts"><div class="heading"[^>]*><h2 id="3-accounts">', current)
    # Only the renumbered sections answer their former ids; the new "2. Privacy" answers its own.
    assert re.findall(r'<div id="([^"]+)">', current) == ["2-accounts", "3-payment"]
    older = (settings.output_dir / "terms" / "2025-01-01" / "index.html").read_text(encoding="utf-8")
    assert '<div id="' not in older.split('id="policy-text"')[1].split("</main>")[0]  # its ids are its own

    page.set_viewport_size({"width": 390, "height": 700})
    site = http_server(settings.output_dir)
    accounts = page.get_by_role("heading", name="3. Accounts")
    page.goto(site + "terms/#3-accounts")
    own = accounts.bounding_box()
    page.goto(site + "terms/#2-accounts")
    expect(accounts).to_be_in_viewport()
    former = accounts.bounding_box()
    # Where its own id puts it: at the top, clear of the window's edge (not merely somewhere on the screen).
    assert own is not None and former is not None and 0 < former["y"] == own["y"] < 100, (own, former)
    expect(page.get_by_role("heading", name="2. Privacy")).not_to_be_in_viewport()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_check_finds_a_link_to_an_id_the_page_still_answers_unbroken(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ppgen check` knows the page answers a renumbered section's earlier id: a link to `#2-accounts` lands
    on "3. Accounts", so it is no broken link; one to an id no version gave stays one."""
    from badinput import invoke

    old = headings("1. Scope", "2. Accounts")
    new = (
        headings("1. Scope", "2. Privacy", "3. Accounts")
        + "See [accounts](#2-accounts) and [fees](#9-fees).\n"
    )
    files = {
        "content/terms/2025-01-01.md": f"---\ntitle: Terms\n---\n\n{old}",
        "content/terms/2025-06-01.md": f"---\neffective: 2025-06-01\n---\n\n{new}",
    }
    monkeypatch.chdir(make_site(files, config='title = "Terms"\n'))
    result = invoke("check", "--as-of", "2026-01-01")
    missing = [line for line in (result.stdout + result.stderr).splitlines() if "leads to section" in line]
    assert len(missing) == 1 and "#9-fees" in missing[0], missing
