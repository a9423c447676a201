"""`ppgen check`: one test per rule, the three output formats and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gitrepo import POLICY, GitRepo, isolate_git, version
from ppgen.commands.cli import main
from ppgen.core.findings import RULES

V1 = "content__privacy__2025-01-01.md"
V2 = "content__privacy__2025-06-01.md"
TERMS = "content__terms.md"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A clean site: two versions, each committed well before it took effect."""
    repo = GitRepo(tmp_path / "site")
    monkeypatch.chdir(repo.root)
    repo.commit("2024-11-01T10:00:00+00:00", "First", **{V1: version(POLICY, title="Privacy Policy")})
    repo.commit(
        "2025-04-01T10:00:00+00:00",
        "Second",
        **{V2: version(POLICY.replace("your name", "your full name"), summary="Full names.")},
    )
    return repo


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--as-of", "2026-01-15", *args], catch_exceptions=False)


def findings(*args: str) -> list[dict[str, object]]:
    result = check("--format", "json", *args)
    rows: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    assert result.exit_code == (1 if rows else 0)
    return rows


def only(rule: str) -> list[dict[str, object]]:
    rows = findings()
    assert {row["rule"] for row in rows} == {rule}, rows
    return rows


def edit(repo: GitRepo, name: str, old: str, new: str) -> str:
    text = (repo.root / name.replace("__", "/")).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def line_of(repo: GitRepo, name: str, needle: str) -> int:
    lines = (repo.root / name.replace("__", "/")).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_a_clean_site_passes(repo: GitRepo) -> None:
    result = check()
    assert result.exit_code == 0 and result.stdout == "" and "No problems found." in result.stderr


def test_every_rule_is_documented_in_help() -> None:
    text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "--format [text|json|github]" in text and "Exits 1" in text
    assert set(RULES) == {
        "build",
        "changed-after-effective",
        "effective-order",
        "undated-revision",
        "manual-date",
        "duplicate-id",
        "broken-link",
        "broken-image",
        "root-relative-link",
        "short-notice",
        "template-syntax",
        "future-updated",
        "version-gone",
        "title-mismatch",
        "translation-lags",
        "translation-missing",
        "translation-headings",
    }


def test_build_errors_are_findings(repo: GitRepo) -> None:
    repo.write("content/privacy/2025-06-01.md", "---\nsummary: a: b\n---\n\nText.\n")
    [row] = only("build")
    assert (
        row["path"] == "content/privacy/2025-06-01.md"
        and row["line"] == 2
        and "malformed YAML" in str(row["message"])
    )
    result = check()
    assert result.exit_code == 1 and result.stdout.startswith(
        "content/privacy/2025-06-01.md:2: malformed YAML front matter"
    )


def test_an_alias_build_refuses_is_a_finding_on_the_same_line(repo: GitRepo) -> None:
    """Issue 13, bug 2: `check` said "No problems found." for an alias onto the history page."""
    repo.commit(
        "2025-04-02T10:00:00+00:00",
        "Alias",
        **{V2: edit(repo, V2, "summary:", "aliases: [/privacy/history/]\nsummary:")},
    )
    [row] = only("build")
    assert (row["path"], row["line"]) == ("content/privacy/2025-06-01.md", line_of(repo, V2, "aliases:"))
    assert (
        row["message"]
        == "alias `/privacy/history/` is the address of privacy/history/index.html, which the site already publishes"
    )
    built = CliRunner().invoke(main, ["build", "--as-of", "2026-01-15"], catch_exceptions=False)
    assert built.exit_code == 1 and built.stderr.splitlines() == check().stdout.splitlines()


def test_an_alias_in_an_older_commit_of_a_single_file_policy(repo: GitRepo) -> None:
    git_mode(repo, ("2025-01-01T10:00:00+00:00", "2025-02-01", "One"))
    old = repo.commit(
        "2025-01-02T10:00:00+00:00",
        "Alias",
        **{TERMS: edit(repo, TERMS, "effective:", "aliases: [/./terms/]\neffective:")},
    )
    git_mode(repo, ("2025-04-01T10:00:00+00:00", "2025-06-01", "Two"))
    [row] = only("build")
    assert (row["path"], row["line"]) == (f"content/terms.md@{old[:7]}", 3)
    assert str(row["message"]).startswith("alias `/./terms/` has a `.` part")


def test_published_text_changed_later(repo: GitRepo) -> None:
    repo.commit(
        "2025-08-10T09:00:00+00:00",
        "Tighten wording",
        **{V2: edit(repo, V2, "with any question", "with any written question")},
    )
    [row] = only("changed-after-effective")
    assert row["path"] == "content/privacy/2025-06-01.md" and row["line"] == line_of(
        repo, V2, "written question"
    )
    assert "in force since 2025-06-01 on 2025-08-10" in str(
        row["message"]
    ) and "Policy-Change: editorial" in str(row["hint"])


def test_an_editorial_or_pre_publication_change_is_fine(repo: GitRepo) -> None:
    repo.commit(
        "2025-08-10T09:00:00+00:00",
        "Typo\n\nPolicy-Change: editorial",
        **{V2: edit(repo, V2, "with any question", "with any questions")},
    )
    repo.commit(
        "2025-08-11T09:00:00+00:00",
        "Reflow only",
        **{V2: edit(repo, V2, "We respect your privacy and", "We respect your privacy\nand")},
    )
    assert findings() == []


def git_mode(repo: GitRepo, *commits: tuple[str, str, str]) -> None:
    for when, effective, words in commits:
        repo.commit(
            when,
            f"Terms {effective}",
            **{
                TERMS: version(
                    POLICY.replace("We respect your privacy", words), title="Terms", effective=effective
                )
            },
        )


def test_effective_date_earlier_than_the_version_before(repo: GitRepo) -> None:
    git_mode(
        repo,
        ("2025-01-01T10:00:00+00:00", "2025-02-01", "One"),
        ("2025-04-01T10:00:00+00:00", "2025-06-01", "Two"),
        ("2025-04-02T10:00:00+00:00", "2025-03-01", "Three"),
    )
    rows = [row for row in findings() if row["rule"] == "effective-order"]
    assert len(rows) == 1 and str(rows[0]["path"]).startswith("content/terms.md") and rows[0]["line"] == 3
    assert "sets effective 2025-03-01, earlier than 2025-06-01" in str(rows[0]["message"])


def test_git_mode_text_change_without_a_new_date(repo: GitRepo) -> None:
    git_mode(
        repo,
        ("2025-01-01T10:00:00+00:00", "2025-02-01", "One"),
        ("2025-04-01T10:00:00+00:00", "2026-06-01", "Two"),
        ("2025-04-02T10:00:00+00:00", "2026-06-01", "Two, reworded"),
    )
    [row] = only("undated-revision")
    assert row["path"] == "content/terms.md" and row["line"] == line_of(repo, TERMS, "Two, reworded")
    assert "without a new effective date or `updated`" in str(row["message"])
    repo.commit(
        "2025-04-03T10:00:00+00:00",
        "Stated revision",
        **{
            TERMS: edit(repo, TERMS, "Two, reworded", "Two, reworded again").replace(
                "---\n\n", "updated: 2026-06-01\n---\n\n"
            )
        },
    )
    assert len(only("undated-revision")) == 1  # the earlier commit still is one; the stated one is not


def test_archived_versions_text_rules_are_counted_unless_asked_for(tmp_path: Path) -> None:
    """A long history repeats a date line or a dead link in every version, and an archived text is the record
    of what was published: what the text rules find there is one warning that counts it, and `--archived`
    lists it. The version in force is listed as ever, and so are a build error and the history rules."""
    repo = GitRepo(tmp_path / "site")
    dated = POLICY.replace(
        "## Introduction\n", "Last updated: {day}\n\nSee [terms](policy:terms).\n\n## Introduction\n"
    )
    repo.commit(
        "2024-11-01T10:00:00+00:00",
        "First",
        **{
            V1: version(dated.format(day="January 1, 2025"), title="Privacy Policy"),
            "content__terms__2024-01-01.md": version("Terms.", title="Terms"),
        },
    )
    repo.commit("2025-04-01T10:00:00+00:00", "Second", **{V2: version(dated.format(day="June 1, 2025"))})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo.root)
        rows = findings()
        assert [(row["rule"], row["path"]) for row in rows] == [
            ("manual-date", "content/privacy/2025-06-01.md")
        ]
        said = check().stderr
        assert (
            "warning: 1 finding in 1 archived version (replaced before the version in force) not listed"
            in said
        )
        assert "ppgen check --archived lists them" in said
        assert sorted(str(row["path"]) for row in findings("--archived")) == [
            "content/privacy/2025-01-01.md",
            "content/privacy/2025-06-01.md",
        ]
        assert "archived version" not in check("--archived").stderr
        # A build error in an archived text is listed: the build would fail on it.
        (repo.root / "content/privacy/2025-01-01.md").write_text(
            version(dated.format(day="January 1, 2025").replace("policy:terms", "policy:nope"), title="P"),
            encoding="utf-8",
        )
        assert "build" in {row["rule"] for row in findings()}


def test_a_body_with_its_own_date_line(repo: GitRepo) -> None:
    repo.commit(
        "2025-04-02T10:00:00+00:00",
        "Paste from the old site",
        **{
            V2: edit(repo, V2, "## Introduction\n", "**Last Updated:** October 15, 2025\n\n## Introduction\n")
        },
    )
    [row] = only("manual-date")
    assert row["line"] == line_of(repo, V2, "Last Updated:")
    repo.commit(
        "2025-04-03T10:00:00+00:00",
        "Another",
        **{V2: edit(repo, V2, "**Last Updated:** October 15, 2025", "Effective date: 1 June 2025")},
    )
    assert len(only("manual-date")) == 1
    repo.commit(
        "2025-04-04T10:00:00+00:00",
        "Prose",
        **{
            V2: edit(
                repo, V2, "Effective date: 1 June 2025", "Effective communication matters to us since 2025."
            )
        },
    )
    assert findings() == []


def test_duplicate_heading_ids(repo: GitRepo) -> None:
    repo.commit(
        "2025-04-02T10:00:00+00:00",
        "Two contacts",
        **{V2: edit(repo, V2, "Write to", "## Contact\n\nOr write to")},
    )
    [row] = only("duplicate-id")
    assert row["line"] == line_of(repo, V2, "## Contact") + 2 and "`contact-2`" in str(row["message"])
    repo.commit(
        "2025-04-03T10:00:00+00:00",
        "Pinned twice",
        **{V2: edit(repo, V2, "## Contact\n\nOr", "## Reach us {#contact}\n\nOr")},
    )
    [row] = only("duplicate-id")
    assert "heading id `contact` is used twice" in str(row["message"])


def test_links_to_missing_pages_or_sections(repo: GitRepo) -> None:
    links = (
        "See [section](#contact), [old text](/legal/privacy/2025-01-01/#introduction), [history](https://example.com/legal/privacy/history/),"
        " [elsewhere](https://other.example/x), [mail](mailto:a@b.c), [raw](../2025-01-01.md).\n\n"
        "Broken: [terms](/legal/terms/), [anchor](#nowhere), [section](https://example.com/legal/privacy/2025-01-01/#cookies).\n\n"
        "Relative to one page only: [v1](../2025-01-01/).\n"
    )
    repo.commit(
        "2025-04-02T10:00:00+00:00", "Links", **{V2: edit(repo, V2, "Write to", links + "\nWrite to")}
    )
    rows = only("broken-link")
    messages = [str(row["message"]) for row in rows]
    assert len(rows) == 5, messages
    # The body shows at privacy/2025-06-01/ and, while in force, at privacy/: a relative link must work from both.
    assert (
        messages[0]
        == "link `../2025-01-01.md` leads to 2025-01-01.md, which is not a page of this site (from privacy/)"
    )
    assert messages[1].startswith("link `/legal/terms/` leads to terms/, which is not a page")
    assert "#nowhere" in messages[2] and "#cookies" in messages[3] and "privacy/2025-01-01/" in messages[3]
    assert "`../2025-01-01/`" in messages[4] and "(from privacy/)" in messages[4]
    assert rows[1]["line"] == line_of(repo, V2, "Broken:") and rows[4]["line"] == line_of(
        repo, V2, "Relative to one page"
    )


def test_short_notice_of_an_upcoming_version(repo: GitRepo) -> None:
    repo.commit(
        "2026-01-10T10:00:00+00:00",
        "Announce",
        **{"content__privacy__2026-02-01.md": version(POLICY + "\nMore.\n", summary="More.")},
    )
    [row] = only("short-notice")
    assert row["path"] == "content/privacy/2026-02-01.md" and row["line"] == 1
    assert "announced on 2026-01-10, 22 days before it takes effect; notice_days asks for 30" in str(
        row["message"]
    )
    assert "2026-02-09" in str(row["hint"])
    (repo.root / "ppgen.toml").write_text(
        'title = "Test"\nbase_url = "https://example.com/legal/"\nnotice_days = 14\n', encoding="utf-8"
    )
    repo.commit("2026-01-11T10:00:00+00:00", "Shorter notice is fine here")
    assert findings() == []


def test_an_uncommitted_upcoming_version_is_announced_today(repo: GitRepo) -> None:
    repo.write("content/privacy/2026-02-01.md", version(POLICY + "\nMore.\n", effective="2026-02-01"))
    [row] = only("short-notice")
    assert row["line"] == 2 and "announced on 2026-01-15, 17 days" in str(row["message"])


def test_leftover_template_syntax(repo: GitRepo) -> None:
    repo.commit(
        "2025-04-02T10:00:00+00:00",
        "Import",
        **{V2: edit(repo, V2, "Write to", "Write to {{ company.email }} or")},
    )
    [row] = only("template-syntax")
    assert row["line"] == line_of(repo, V2, "{{ company.email }}")


def test_github_annotations(repo: GitRepo) -> None:
    repo.commit(
        "2025-04-02T10:00:00+00:00",
        "Paste",
        **{V2: edit(repo, V2, "## Introduction\n", "Last updated: June 1, 2025\n\n## Introduction\n")},
    )
    result = check("--format", "github")
    assert result.exit_code == 1
    line = line_of(repo, V2, "Last updated:")
    assert result.stdout == (
        f"::error file=content/privacy/2025-06-01.md,line={line},title=ppgen check%3A manual-date::"
        "the text carries its own date line: “Last updated: June 1, 2025” "
        '(remove it: the page shows "Last updated" and the effective date from the front matter and git history)\n'
    )


def test_github_annotations_of_an_older_commit_point_at_the_file(repo: GitRepo) -> None:
    git_mode(
        repo,
        ("2025-01-01T10:00:00+00:00", "2025-02-01", "One"),
        ("2025-04-01T10:00:00+00:00", "2025-06-01", "Two"),
        ("2025-04-02T10:00:00+00:00", "2025-03-01", "Three"),
    )
    git_mode(repo, ("2025-04-03T10:00:00+00:00", "2025-07-01", "Four"))
    out = check("--format", "github").stdout
    assert out.startswith(
        "::error file=content/terms.md,line=3,title=ppgen check%3A effective-order::content/terms.md@"
    )


def test_bad_settings_are_findings_in_every_format(repo: GitRepo) -> None:
    (repo.root / "ppgen.toml").write_text('title = "Test"\ncolour = "blue"\n', encoding="utf-8")
    result = check()
    assert result.exit_code == 1 and result.stdout.startswith("ppgen.toml:2: unknown setting `colour`"), (
        result.output
    )
    [row] = findings()
    assert (row["rule"], row["path"], row["line"]) == ("build", "ppgen.toml", 2)
    assert check("--format", "github").stdout.startswith(
        "::error file=ppgen.toml,line=2,title=ppgen check%3A settings::unknown setting"
    )


def test_a_correction_dated_that_day_acknowledges_published_text_changed_later(repo: GitRepo) -> None:
    """Issue 19: a change and its correction in one commit: visitors see it, and check has nothing to say."""
    fixed = edit(repo, V2, "with any question", "with any written question")
    fixed = fixed.replace("summary:", "corrections: [{date: 2025-08-10, note: Written questions}]\nsummary:")
    repo.commit("2025-08-10T09:00:00+00:00", "Tighten wording", **{V2: fixed})
    assert findings() == []
    again = edit(repo, V2, "any written question", "any written questions")
    repo.commit("2025-08-11T09:00:00+00:00", "Tighten again", **{V2: again})
    [row] = only("changed-after-effective")
    message, hint = str(row["message"]), str(row["hint"])
    assert "on 2025-08-11" in message and "its corrections are dated 2025-08-10" in message
    assert "{date: 2025-08-11, note: …}" in hint and "Policy-Change: editorial" in hint


def test_help_names_the_hook_options() -> None:
    text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "--staged" in text and "--commit-msg FILE" in text


def test_two_policies_with_one_title_are_a_warning_naming_both(repo: GitRepo) -> None:
    """Product terms: two "Terms of Service" side by side in the navigation, which a reader cannot tell apart."""
    repo.commit(
        "2025-04-02T10:00:00+00:00",
        "Two terms",
        **{
            "content/terms/2025-01-01.md": version(
                "## Scope\n\nThese terms cover the app.\n", title="Terms of Service"
            ),
            "content/web-terms/2025-01-01.md": version(
                "## Scope\n\nThese cover the site.\n", title="Terms of service"
            ),
        },
    )
    result = check()
    assert (
        "warning: policies terms, web-terms have one title, “Terms of Service”"
        in result.stderr + result.stdout
    )
