"""Front-matter `corrections` (issue 19): shown to visitors, "Last updated" follows them, and `ppgen check`
accepts a change to text in force made on a day that has one (in the site's time zone)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bad_cases.corrections import CASES
from badinput import SECOND, Bad, body, invoke, run_bad
from gitrepo import POLICY, GitRepo, isolate_git, version
from ppgen.commands.cli import main

TEXT = "## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\nYour e-mail address and cookies.\n"
V1 = "content__privacy__2025-01-01.md"
V2 = "content__privacy__2025-06-01.md"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.mark.parametrize("bad", CASES, ids=[b.name for b in CASES])
def test_bad_corrections_are_errors_at_their_line(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


class _Page(HTMLParser):
    """Where the corrections section, #policy-text and #last-updated are, and the corrections' dates."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text_depth: int | None = None
        self.in_text = False
        self.section_in_text = False
        self.in_section = False
        self.heading = ""
        self.in_heading = False
        self.items: list[tuple[str, str]] = []
        self.last_updated: str | None = None
        self.in_last_updated = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.depth += 1
        if found.get("id") == "policy-text":
            self.text_depth, self.in_text = self.depth, True
        if found.get("id") == "last-updated":
            self.in_last_updated = True
        if tag == "time" and self.in_last_updated:
            self.last_updated = found.get("datetime")
        if tag == "section" and found.get("class") == "corrections":
            self.in_section, self.section_in_text = True, self.in_text
        if self.in_section and tag == "h2":
            self.in_heading = True
        if self.in_section and tag == "time":
            self.items.append((found.get("datetime") or "", ""))

    def handle_endtag(self, tag: str) -> None:
        if self.in_text and self.depth == self.text_depth:
            self.in_text = False
        if tag == "section":
            self.in_section = False
        if tag == "h2":
            self.in_heading = False
        if tag == "span":
            self.in_last_updated = False
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.heading += data
        elif self.in_section and self.items:
            day, text = self.items[-1]
            self.items[-1] = (day, text + data)


def page(path: Path) -> _Page:
    parsed = _Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def entries(parsed: _Page) -> list[tuple[str, str]]:
    return [(day, " ".join(text.split())) for day, text in parsed.items]


def test_corrections_show_on_the_version_page_and_date_last_updated(site: Path) -> None:
    # Written newest first: the page lists them oldest first, and "Last updated" is the newest.
    front = (
        "summary: Adds cookies.\ncorrections:\n"
        "  - date: 2025-05-02\n    note: Fixed the spelling of e-mail\n"
        "  - {date: 2025-04-10, note: Restored a missing word}\n"
    )
    (site / SECOND).write_text(body(TEXT, front), encoding="utf-8")
    result = invoke("build", "--as-of", "2025-06-01", "-q")
    assert result.exit_code == 0, result.stderr
    for where in ("privacy/2025-03-01/index.html", "privacy/index.html"):
        parsed = page(site / "site" / where)
        assert parsed.heading == "Corrections" and not parsed.section_in_text, where
        assert entries(parsed) == [
            ("2025-04-10", "April 10, 2025: Restored a missing word"),
            ("2025-05-02", "May 2, 2025: Fixed the spelling of e-mail"),
        ]
        assert parsed.last_updated == "2025-05-02"
    first = page(site / "site" / "privacy/2025-01-01/index.html")
    assert (
        first.items == [] and first.last_updated == "2025-01-01"
    )  # a version without corrections: no list at all
    listed = json.loads((site / "site/privacy/versions.json").read_text(encoding="utf-8"))
    assert [v["last_updated"] for v in listed["versions"]] == ["2025-01-01", "2025-05-02"]
    assert "<updated>2025-05-02T" in (site / "site/privacy/feed.xml").read_text(encoding="utf-8")


def test_front_matter_updated_still_wins(site: Path) -> None:
    front = (
        "summary: Adds cookies.\nupdated: 2025-04-01\ncorrections: [{date: 2025-05-02, note: Fixed a typo}]\n"
    )
    (site / SECOND).write_text(body(TEXT, front), encoding="utf-8")
    assert invoke("build", "--as-of", "2025-06-01", "-q").exit_code == 0
    parsed = page(site / "site/privacy/index.html")
    assert parsed.last_updated == "2025-04-01" and entries(parsed) == [
        ("2025-05-02", "May 2, 2025: Fixed a typo")
    ]


def test_a_correction_not_yet_come_is_a_finding(site: Path) -> None:
    front = (
        "summary: Adds cookies.\ncorrections:\n"
        "  - date: 2025-04-01\n    note: Fixed a typo\n  - date: 2025-07-01\n    note: Not yet\n"
    )
    (site / SECOND).write_text(body(TEXT, front), encoding="utf-8")
    result = invoke("check", "--as-of", "2025-06-01", "--format", "json")
    [row] = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert (row["rule"], row["path"], row["line"]) == ("future-updated", SECOND, 6)
    assert row["message"] == "the correction dated 2025-07-01 has not come yet (today is 2025-06-01)"


# --- with git: the correction acknowledges a change to text in force -------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Two versions, each committed well before it took effect."""
    repo = GitRepo(tmp_path / "site")
    monkeypatch.chdir(repo.root)
    repo.commit("2024-11-01T10:00:00+00:00", "First", **{V1: version(POLICY, title="Privacy Policy")})
    repo.commit(
        "2025-04-01T10:00:00+00:00", "Second", **{V2: version(POLICY.replace("your name", "your full name"))}
    )
    return repo


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def findings() -> list[dict[str, object]]:
    result = run("check", "--as-of", "2026-01-15", "--format", "json")
    rows: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    assert result.exit_code == (1 if rows else 0)
    return rows


def second(corrections: str = "", text: str = POLICY.replace("your name", "your full name")) -> str:
    return version(text, **({"corrections": corrections} if corrections else {}))


def test_a_correction_makes_check_pass_even_when_added_later(repo: GitRepo) -> None:
    edited = POLICY.replace("your name", "your full name").replace("any question", "any questions")
    repo.commit("2025-08-10T09:00:00+00:00", "Fix a typo", **{V2: second(text=edited)})
    [row] = findings()
    assert row["rule"] == "changed-after-effective" and "on 2025-08-10" in str(row["message"])
    assert "{date: 2025-08-10, note: …}" in str(row["hint"])
    # Acknowledged two days later, without rewriting history.
    repo.commit(
        "2025-08-12T09:00:00+00:00",
        "Acknowledge",
        **{V2: second('[{date: 2025-08-10, note: "Fixed a typo in Contact"}]', edited)},
    )
    assert findings() == []
    assert run("build", "--as-of", "2026-01-15", "-q").exit_code == 0
    parsed = page(repo.root / "site/privacy/2025-06-01/index.html")
    assert entries(parsed) == [("2025-08-10", "August 10, 2025: Fixed a typo in Contact")]
    assert parsed.last_updated == "2025-08-10"


def test_last_updated_follows_a_correction_later_than_git_says(repo: GitRepo) -> None:
    """An editorial commit does not move "Last updated"; a correction for it does: the visitor sees both."""
    edited = POLICY.replace("your name", "your full name").replace("any question", "any questions")
    note = '[{date: 2025-08-10, note: "Fixed a typo in Contact"}]'
    repo.commit(
        "2025-08-10T09:00:00+00:00", "Fix a typo\n\nPolicy-Change: editorial", **{V2: second(note, edited)}
    )
    assert findings() == []
    assert run("build", "--as-of", "2026-01-15", "-q").exit_code == 0
    assert page(repo.root / "site/privacy/index.html").last_updated == "2025-08-10"
    repo.commit(
        "2025-08-11T09:00:00+00:00", "Drop the note\n\nPolicy-Change: editorial", **{V2: second(text=edited)}
    )
    assert run("build", "--as-of", "2026-01-15", "-q").exit_code == 0
    assert (
        page(repo.root / "site/privacy/index.html").last_updated == "2025-06-01"
    )  # git alone: the effective date


def test_the_correction_day_is_the_commit_day_in_the_site_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "site", 'title = "Test"\ntimezone = "Europe/Berlin"\n')
    monkeypatch.chdir(repo.root)
    repo.commit("2024-11-01T10:00:00+00:00", "First", **{V1: version(POLICY, title="Privacy Policy")})
    edited = POLICY.replace("any question", "any questions")
    # 23:30 in UTC on the 10th is 00:30 on the 11th in Berlin.
    repo.commit(
        "2025-08-10T23:30:00+00:00",
        "Fix",
        **{V1: version(edited, title="Privacy Policy", corrections="[{date: 2025-08-10, note: Typo}]")},
    )
    [row] = findings()
    assert "on 2025-08-11" in str(
        row["message"]
    ) and "no correction is dated 2025-08-11; its corrections are dated 2025-08-10" in str(row["message"])
    repo.commit(
        "2025-08-12T10:00:00+00:00",
        "Date it",
        **{V1: version(edited, title="Privacy Policy", corrections="[{date: 2025-08-11, note: Typo}]")},
    )
    assert findings() == []


def test_git_mode_a_correction_acknowledges_and_ppgen_new_leaves_it_behind(repo: GitRepo) -> None:
    terms = "content__terms.md"
    repo.commit(
        "2025-01-01T10:00:00+00:00",
        "Terms",
        **{terms: version(POLICY, title="Terms", effective="2025-02-01")},
    )
    edited = POLICY.replace("any question", "any questions")
    repo.commit(
        "2025-03-05T10:00:00+00:00", "Typo", **{terms: version(edited, title="Terms", effective="2025-02-01")}
    )
    rules = sorted(str(row["rule"]) for row in findings())
    assert rules == ["changed-after-effective"]  # reported once: not also as an undated revision
    fixed = version(
        edited,
        title="Terms",
        effective="2025-02-01",
        corrections="\n  - date: 2025-03-05\n    note: Fixed a typo",
    )
    repo.commit("2025-03-06T10:00:00+00:00", "Acknowledge", **{terms: fixed})
    assert findings() == []
    made = run("new", "terms", "--effective", "2026-03-01")
    assert made.exit_code == 0, made.stderr
    text = (repo.root / "content/terms.md").read_text(encoding="utf-8")
    assert "corrections" not in text and "effective: 2026-03-01" in text
    assert re.search(r"^title: Terms$", text, re.MULTILINE)
