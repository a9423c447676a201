"""The versions a redline spans, listed in its summary: each with its summary of changes, runs without one
grouped, and folded when there are more than five (a redline to the version in force from the first of 80
versions listed 79 dates before its first change: 4,296 px at 1280 px wide).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from badinput import CONFIG, invoke

DAYS = [date(2020, 1, 1) + timedelta(days=60 * n) for n in range(8)]
SUMMARIES = {2: "Adds a clause on cookies.", 5: "Shortens the retention period."}


def _version(n: int) -> str:
    summary = f"summary: {SUMMARIES[n]}\n" if n in SUMMARIES else ""
    clauses = "".join(f"Clause {k} of the policy, as first written.\n\n" for k in range(n + 1))
    return f"---\ntitle: Privacy Policy\n{summary}---\n\n## Terms\n\n{clauses}"


def _between(html: str) -> str:
    """The block that lists the versions a redline spans, from its heading to the end of its list."""
    start = html.index('id="rl-between-title"')
    return html[start : html.index("</ul>", start)]


def test_the_versions_a_redline_spans_are_listed_and_folded_when_many(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({f"content/privacy/{day}.md": _version(n) for n, day in enumerate(DAYS)}, CONFIG)
    monkeypatch.chdir(root)
    assert invoke("build", "--as-of", "2021-06-01").exit_code == 0
    diff = root / "site/privacy/diff"
    many = (diff / f"{DAYS[0]}...{DAYS[-1]}/index.html").read_text(encoding="utf-8")
    listed = _between(many)
    assert "Versions in this comparison" in listed
    # Seven versions: folded, the summary names how many, and every one is still there to open.
    assert '<details class="rl-between-fold">\n<summary>Show all 7 versions</summary>' in listed
    dates = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', listed)
    assert dates == [day.isoformat() for day in DAYS[1:]]
    assert "Adds a clause on cookies." in listed and "Shortens the retention period." in listed
    assert "2 versions gave no summary of changes:" in listed  # versions 3 and 4, between the two summaries
    assert listed.index("Adds a clause") < listed.index("2 versions gave") < listed.index("Shortens")
    assert many.index("rl-between-fold") < many.index('id="change-1"')
    # One version: a line, not folded.
    one = _between((diff / f"{DAYS[0]}...{DAYS[1]}/index.html").read_text(encoding="utf-8"))
    assert "rl-between-fold" not in one and "no summary of changes was given" in one
