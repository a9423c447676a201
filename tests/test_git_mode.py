"""Git mode: one file, content/<policy>.md, whose versions come from its git history."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gitrepo import POLICY, GitRepo, isolate_git, version
from ppgen.commands.cli import main
from ppgen.core.errors import PpgenError
from ppgen.core.model import Policy
from ppgen.source.config import load_settings
from ppgen.source.load import load
from ppgen.source.texts import body, source

TODAY = date(2026, 1, 15)
TERMS = "content__terms.md"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def text(words: str, effective: str, **front: str) -> str:
    return version(POLICY.replace("We respect your privacy", words), effective=effective, **front)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Four commits, two effective dates; each date revised once."""
    repo = GitRepo(tmp_path / "site")
    monkeypatch.chdir(repo.root)  # messages name files as seen from here
    repo.commit(
        "2024-12-01T10:00:00+00:00",
        "Terms",
        **{TERMS: text("First draft", "2025-01-01", title="Terms of Service")},
    )
    repo.commit(
        "2024-12-05T10:00:00+00:00",
        "Terms, reviewed",
        **{TERMS: text("First text", "2025-01-01", title="Terms of Service")},
    )
    repo.commit(
        "2025-05-01T10:00:00+00:00",
        "New terms",
        **{TERMS: text("Second draft", "2025-06-01", title="Terms of Service")},
    )
    repo.commit(
        "2025-07-01T10:00:00+00:00",
        "Fix the new terms",
        **{TERMS: text("Second text", "2025-06-01", title="Terms of Service")},
    )
    return repo


def policy(repo: GitRepo, slug: str = "terms", **options: bool) -> Policy:
    return load(load_settings(repo.root / "ppgen.toml"), TODAY, **options).site.policy(slug)


def test_one_version_per_effective_date_with_the_newest_text(repo: GitRepo) -> None:
    terms = policy(repo)
    assert [v.effective for v in terms.versions] == [date(2025, 1, 1), date(2025, 6, 1)]
    assert "First text" in body(terms.versions[0]) and "First draft" not in body(terms.versions[0])
    assert "Second text" in body(terms.versions[1])
    assert [v.title for v in terms.versions] == ["Terms of Service"] * 2
    # A revision before the effective date keeps it; one after it (2025-07-01) moves "Last updated".
    assert [v.last_updated for v in terms.versions] == [date(2025, 1, 1), date(2025, 7, 1)]
    assert (
        terms.versions[0].path.startswith("content/terms.md@")
        and terms.versions[1].path == "content/terms.md"
    )
    assert (
        source(terms.versions[0]).decode().startswith("---\neffective: 2025-01-01\ntitle: Terms of Service\n")
    )


def test_the_title_is_inherited_from_the_version_before(repo: GitRepo) -> None:
    repo.commit("2025-09-01T10:00:00+00:00", "Third", **{TERMS: text("Third text", "2025-10-01")})
    assert policy(repo).latest().title == "Terms of Service"


def test_the_newest_commit_needs_an_effective_date(repo: GitRepo) -> None:
    sha = repo.commit(
        "2025-08-01T10:00:00+00:00", "Forgot the date", **{TERMS: version(POLICY, title="Terms of Service")}
    )
    with pytest.raises(PpgenError) as caught:
        policy(repo)
    [problem] = caught.value.problems
    assert str(problem).startswith(
        "content/terms.md:3: commit "
        f"{sha[:7]} has no effective date (the newest commit of a single-file policy needs `effective:"
    )


@pytest.mark.parametrize(
    ("front", "said"),
    [
        ("title: Terms of Service\n", "has no effective date"),  # the date forgotten
        ("effective: 2025-13-01\n", "`effective: 2025-13-01` in commit"),  # no such day
        ("effective: [2025-09-01\n", "front matter"),  # YAML that does not parse
    ],
)
def test_an_older_commit_without_a_readable_date_is_left_out_with_a_warning(
    repo: GitRepo, front: str, said: str
) -> None:
    """A later commit dates the file again: the undated text was never a version's (a build of it failed), so
    the history goes on without it rather than every build failing for good."""
    sha = repo.commit("2025-08-01T10:00:00+00:00", "Undated", **{TERMS: f"---\n{front}---\nUndated words.\n"})
    repo.commit("2025-08-02T10:00:00+00:00", "Dated again", **{TERMS: text("Third text", "2025-09-01")})
    loaded = load(load_settings(repo.root / "ppgen.toml"), TODAY)
    terms = loaded.site.policy("terms")
    assert [v.effective for v in terms.versions] == [date(2025, 1, 1), date(2025, 6, 1), date(2025, 9, 1)]
    assert not any("Undated words" in body(v) for v in terms.versions)
    [warning] = loaded.warnings
    assert warning.code == "undated-commit" and warning.path == f"content/terms.md@{sha[:7]}"
    assert said in warning.message and warning.message.endswith(
        "so this commit is left out of the policy's history"
    )
    result = CliRunner().invoke(main, ["build", "-q", "--as-of", "2026-01-15"])
    assert result.exit_code == 0, result.output


def test_renames_keep_the_history(repo: GitRepo) -> None:
    repo.git("mv", "content/terms.md", "content/terms-of-service.md")
    repo.commit("2025-08-01T10:00:00+00:00", "Rename")
    terms = policy(repo, "terms-of-service")
    assert [v.effective for v in terms.versions] == [date(2025, 1, 1), date(2025, 6, 1)]


def test_a_re_added_file_with_the_same_id_keeps_its_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "site")
    repo.commit(
        "2024-12-01T10:00:00+00:00",
        "Terms",
        **{TERMS: text("First text", "2025-01-01", title="Terms", id="terms")},
    )
    repo.commit(
        "2025-05-01T10:00:00+00:00", "New terms", **{TERMS: text("Second text", "2025-06-01", id="terms")}
    )
    repo.git("rm", "-q", "content/terms.md")
    repo.commit("2025-07-01T10:00:00+00:00", "Withdraw the terms")
    repo.commit(
        "2025-08-01T10:00:00+00:00",
        "Terms are back, renamed",
        **{
            "content__user-agreement.md": text("Third text", "2025-09-01", title="User Agreement", id="terms")
        },
    )
    agreement = policy(repo, "user-agreement")
    assert [v.effective for v in agreement.versions] == [date(2025, 1, 1), date(2025, 6, 1), date(2025, 9, 1)]
    assert "First text" in body(agreement.versions[0]) and [v.title for v in agreement.versions] == [
        "Terms",
        "Terms",
        "User Agreement",
    ]
    # Without the id the new file starts a history of its own.
    repo.commit(
        "2025-08-02T10:00:00+00:00",
        "Drop the id",
        **{"content__user-agreement.md": text("Third text", "2025-09-01", title="User Agreement")},
    )
    repo.git("mv", "content/user-agreement.md", "content/eula.md")
    repo.commit("2025-08-03T10:00:00+00:00", "Rename")
    assert len(policy(repo, "eula").versions) == 3  # a rename is followed with or without an id


def test_uncommitted_edits_are_a_draft(repo: GitRepo) -> None:
    repo.write("content/terms.md", text("Third text", "2026-03-01"))
    with pytest.raises(PpgenError, match="not committed"):
        policy(repo)
    terms = policy(repo, allow_dirty=True)
    assert [(v.effective, v.draft) for v in terms.versions] == [
        (date(2025, 1, 1), False),
        (date(2025, 6, 1), False),
        (date(2026, 3, 1), True),
    ]
    assert (
        terms.versions[1].path.startswith("content/terms.md@")
        and terms.versions[2].path == "content/terms.md"
    )


def test_an_uncommitted_revision_of_the_same_date_is_a_draft_of_that_version(repo: GitRepo) -> None:
    repo.write("content/terms.md", text("Second text, revised", "2025-06-01"))
    terms = policy(repo, allow_dirty=True)
    assert [v.draft for v in terms.versions] == [False, True]
    assert "revised" in body(terms.latest())


def test_outside_git_a_single_file_policy_is_an_error(repo: GitRepo, tmp_path: Path) -> None:
    copy = tmp_path / "exported"
    shutil.copytree(repo.root, copy, ignore=shutil.ignore_patterns(".git"))
    with pytest.raises(PpgenError) as caught:
        load(load_settings(copy / "ppgen.toml"), TODAY)
    assert "git history" in str(caught.value) and "terms/YYYY-MM-DD.md" in str(caught.value)


def test_single_file_and_folder_policies_build_together(repo: GitRepo) -> None:
    repo.commit(
        "2024-12-01T11:00:00+00:00",
        "Privacy",
        **{"content__privacy__2025-01-01.md": version(POLICY, title="Privacy Policy")},
    )
    result = CliRunner().invoke(
        main, ["build", "--config", str(repo.root / "ppgen.toml"), "--as-of", "2026-01-15", "-q"]
    )
    assert result.exit_code == 0, result.output
    old = (repo.root / "site/terms/2025-01-01/index.html").read_text(encoding="utf-8")
    assert "First text" in old and "First draft" not in old
    assert "Second text" in (repo.root / "site/terms/index.html").read_text(encoding="utf-8")
    assert (repo.root / "site/terms/2025-01-01.md").read_bytes() == text(
        "First text", "2025-01-01", title="Terms of Service"
    ).encode()
    assert (repo.root / "site/privacy/index.html").is_file()


def test_a_single_file_git_ignores_is_a_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "site")
    monkeypatch.chdir(repo.root)
    privacy = version(POLICY, title="Privacy Policy")
    repo.commit("2024-12-01T10:00:00+00:00", "Privacy", **{"content__privacy__2025-01-01.md": privacy})
    repo.commit("2024-12-02T10:00:00+00:00", "Terms stay out for now", **{".gitignore": "content/terms.md\n"})
    repo.write("content/terms.md", text("Terms text", "2025-01-01", title="Terms of Service"))
    with pytest.raises(PpgenError, match="content/terms.md:1: not committed: git ignores it"):
        policy(repo)
    terms = policy(repo, allow_dirty=True)
    assert [(v.effective, v.draft) for v in terms.versions] == [(date(2025, 1, 1), True)]
