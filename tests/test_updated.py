"""Front-matter `updated`: before `effective` is impossible (an error); after today, `ppgen check` says so."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from badinput import CONFIG, GOOD, SECOND, body, invoke

_BODY = "## Who we are\n\nWe are Example Ltd.\n"


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


def check(as_of: str) -> list[dict[str, object]]:
    result = invoke("check", "--as-of", as_of, "--format", "json")
    rows: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    assert result.exit_code == (1 if rows else 0)
    return rows


def test_updated_before_effective_is_an_error_in_build_and_check(site: Path) -> None:
    (site / SECOND).write_text(body(_BODY, "summary: x\nupdated: 2020-01-01\n"), encoding="utf-8")
    result = invoke("build", "-q", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{SECOND}:3: `updated: 2020-01-01` is before the version takes effect (2025-03-01) ("
    )
    [row] = check("2025-06-01")
    assert (row["rule"], row["path"], row["line"]) == ("build", SECOND, 3)


def test_updated_after_today_is_a_finding_of_its_own(site: Path) -> None:
    (site / SECOND).write_text(body(_BODY, "summary: x\n\nupdated: 2025-09-01\n"), encoding="utf-8")
    assert invoke("build", "-q", "--as-of", "2025-06-01").exit_code == 0  # a lint rule, not a build error
    [row] = check("2025-06-01")
    assert (row["rule"], row["path"], row["line"]) == ("future-updated", SECOND, 4)
    assert row["message"] == "`updated: 2025-09-01` has not come yet (today is 2025-06-01)"
    assert check("2025-09-01") == []  # the day comes


def test_an_upcoming_version_may_say_its_effective_date_and_no_later(site: Path) -> None:
    upcoming = "content/privacy/2025-08-01.md"
    (site / upcoming).write_text(body(_BODY, "summary: x\nupdated: 2025-08-01\n"), encoding="utf-8")
    assert check("2025-06-01") == []
    (site / upcoming).write_text(body(_BODY, "summary: x\nupdated: 2025-08-02\n"), encoding="utf-8")
    [row] = check("2025-06-01")
    assert row["rule"] == "future-updated" and row["line"] == 3
    assert row["message"] == (
        "`updated: 2025-08-02` has not come yet (today is 2025-06-01, and it takes effect on 2025-08-01)"
    )
