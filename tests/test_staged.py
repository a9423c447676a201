"""`ppgen check --staged` and `--commit-msg` (issue 19): an edit to text in force is caught before it is
committed, where it can still be acknowledged, instead of failing every later check.

Real git repositories in tmp_path; the last tests install the hooks into .git/hooks and run `git commit`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gitrepo import ISOLATED, POLICY, GitRepo, isolate_git, version
from ppgen.commands.cli import main

V1 = "content/privacy/2025-01-01.md"
V2 = "content/privacy/2025-06-01.md"
SECOND = POLICY.replace("your name", "your full name")
TODAY = "2026-01-15"
"""The day every check and commit below happens."""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Two versions, each committed well before it took effect; the second is in force."""
    repo = GitRepo(tmp_path / "site")
    monkeypatch.chdir(repo.root)
    repo.commit(
        "2024-11-01T10:00:00+00:00",
        "First",
        **{V1.replace("/", "__"): version(POLICY, title="Privacy Policy")},
    )
    repo.commit(
        "2025-04-01T10:00:00+00:00",
        "Second",
        **{V2.replace("/", "__"): version(SECOND, summary="Full names.")},
    )
    return repo


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--as-of", TODAY, *args], catch_exceptions=False)


def rows(*args: str) -> list[dict[str, object]]:
    result = check("--format", "json", *args)
    found: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    assert result.exit_code == (1 if found else 0), result.stderr
    return found


def line_of(repo: GitRepo, path: str, needle: str) -> int:
    lines = (repo.root / path).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def stage_edit(repo: GitRepo, corrections: str = "") -> None:
    """Edit the text of the version in force and `git add` it (a typo fixed in the Contact section)."""
    front = {"summary": "Full names."} | ({"corrections": corrections} if corrections else {})
    repo.write(V2, version(SECOND.replace("any question", "any questions"), **front))
    repo.git("add", V2)


def test_a_staged_edit_to_text_in_force_is_caught_by_staged_only(repo: GitRepo) -> None:
    stage_edit(repo)
    # Without --staged the edit is a draft: committed history is clean, so nothing is wrong yet; and after
    # the commit every check would fail with no way back but rewriting history.
    assert rows() == []
    [row] = rows("--staged")
    assert row["rule"] == "changed-after-effective"
    assert (row["path"], row["line"]) == (V2, line_of(repo, V2, "any questions"))
    assert row["message"] == (
        "the staged change edits the text of the version in force since 2025-06-01, after it took effect"
        " (a commit today, 2026-01-15)"
    )
    hint = str(row["hint"])
    assert "{date: 2026-01-15, note: …}" in hint and "`corrections`" in hint
    assert "Policy-Change: editorial" in hint and "commit-msg" in hint and "ppgen new privacy" in hint
    text = check("--staged")
    assert text.exit_code == 1 and text.stdout.startswith(
        f"{V2}:{row['line']}: the staged change edits the text"
    )


def test_only_what_is_staged_counts(repo: GitRepo) -> None:
    # The same edit, not staged: the commit would not hold it.
    repo.write(V2, version(SECOND.replace("any question", "any questions"), summary="Full names."))
    assert rows("--staged") == []
    # Staged with a correction dated today: acknowledged, and shown to visitors once committed.
    stage_edit(repo, "[{date: 2026-01-15, note: Fixed a typo}]")
    assert rows("--staged") == []
    # The correction in the working tree only: the commit would not hold it, so the edit is reported.
    stage_edit(repo)
    repo.write(
        V2,
        version(
            SECOND.replace("any question", "any questions"),
            summary="Full names.",
            corrections="[{date: 2026-01-15, note: Fixed a typo}]",
        ),
    )
    [row] = rows("--staged")
    assert row["rule"] == "changed-after-effective"


def test_a_correction_for_another_day_does_not_acknowledge_today(repo: GitRepo) -> None:
    stage_edit(repo, "[{date: 2025-07-01, note: An older fix}]")
    [row] = rows("--staged")
    assert "no correction is dated 2026-01-15; its corrections are dated 2025-07-01" in str(row["message"])


def test_a_staged_upcoming_version_and_a_reflow_are_fine(repo: GitRepo) -> None:
    repo.write(
        "content/privacy/2026-03-01.md",
        version(SECOND.replace("any question", "any written question"), summary="Written questions."),
    )
    repo.write(
        V2,
        version(
            SECOND.replace("We respect your privacy and", "We respect your privacy\nand"),
            summary="Full names.",
        ),
    )
    repo.git("add", "-A")
    assert rows("--staged") == []


def test_a_staged_edit_of_a_single_file_policy(repo: GitRepo) -> None:
    repo.commit(
        "2025-01-01T10:00:00+00:00",
        "Terms",
        **{"content__terms.md": version(POLICY, title="Terms", effective="2025-02-01")},
    )
    repo.write(
        "content/terms.md",
        version(POLICY.replace("any question", "any questions"), title="Terms", effective="2025-02-01"),
    )
    repo.git("add", "-A")
    [row] = rows("--staged")
    assert (row["rule"], row["path"]) == ("changed-after-effective", "content/terms.md")
    assert str(row["message"]).startswith(
        "the staged change edits the text of the version in force since 2025-02-01"
    )


def test_the_first_commit_of_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "site")
    monkeypatch.chdir(repo.root)
    repo.write(V1, version(POLICY, title="Privacy Policy"))
    repo.git("add", "-A")
    assert (
        rows("--staged") == []
    )  # no HEAD yet: the index is compared with nothing, and adding is not changing


# --- the commit message ---------------------------------------------------------------------------


def message(repo: GitRepo, text: str) -> str:
    (repo.root / ".git" / "COMMIT_EDITMSG").write_text(text, encoding="utf-8")
    return ".git/COMMIT_EDITMSG"


def test_commit_msg_refuses_an_unacknowledged_edit(repo: GitRepo) -> None:
    stage_edit(repo)
    result = check(
        "--commit-msg", message(repo, "Fix a typo\n\nSigned-off-by: Policy Editor <editor@example.com>\n")
    )
    assert result.exit_code == 1
    line = line_of(repo, V2, "any questions")
    assert result.stdout.startswith(
        f"{V2}:{line}: this commit changes the text of the version in force since 2025-06-01, "
        "after it took effect, and its message has no trailer `Policy-Change: editorial` "
        "(if no meaning changed, end the message with"
    )
    # The trailer written in the subject or in the middle of the body is not a trailer (as git reads it).
    assert check("--commit-msg", message(repo, "Policy-Change: editorial\n")).exit_code == 1
    assert (
        check("--commit-msg", message(repo, "Fix\n\nPolicy-Change: editorial\n\nMore words.\n")).exit_code
        == 1
    )


def test_commit_msg_accepts_the_trailer_or_a_correction(repo: GitRepo) -> None:
    stage_edit(repo)
    editorial = (
        "Fix a typo\n\nPolicy-Change: editorial\n# Please enter the commit message for your changes.\n#\n"
    )
    result = check("--commit-msg", message(repo, editorial))
    assert result.exit_code == 0, result.stdout
    stage_edit(repo, "[{date: 2026-01-15, note: Fixed a typo in Contact}]")
    assert check("--commit-msg", message(repo, "Fix a typo\n")).exit_code == 0


def test_commit_msg_a_message_file_that_cannot_be_read(repo: GitRepo) -> None:
    result = check("--commit-msg", "no-such-message")
    assert result.exit_code == 1
    assert result.stdout.startswith(  # a finding, as every problem with check's input is
        "no-such-message: cannot read the commit message: No such file or directory (pass the file"
    ), result.output


# --- through git itself ---------------------------------------------------------------------------


HOOKS = {"pre-commit": "--staged", "commit-msg": '--commit-msg "$1"'}


def install_hooks(repo: GitRepo, *names: str) -> None:
    """Hooks as a team would install them by hand: tiny scripts running this ppgen (as pre-commit's would)."""
    hooks = repo.root / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in names:
        script = hooks / name
        script.write_text(
            f'#!/bin/sh\nexec "{sys.executable}" -m ppgen check {HOOKS[name]}\n', encoding="utf-8"
        )
        script.chmod(0o755)


def git_commit(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    """`git commit` on TODAY, with the hooks (and ppgen in them) seeing the same day."""
    when = "2026-01-15T10:00:00+00:00"
    epoch = str(int(datetime.fromisoformat(when).astimezone(UTC).timestamp()))
    env = {
        **os.environ,
        **ISOLATED,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "SOURCE_DATE_EPOCH": epoch,
    }
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")) if p
    )
    return subprocess.run(
        ["git", "commit", "-q", *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_git_commit_the_pre_commit_hook_refuses_an_edit(repo: GitRepo) -> None:
    install_hooks(repo, "pre-commit")
    head = repo.git("rev-parse", "HEAD")
    stage_edit(repo)
    refused = git_commit(
        repo, "-m", "Fix a typo\n\nPolicy-Change: editorial"
    )  # the message does not exist yet
    assert refused.returncode == 1 and repo.git("rev-parse", "HEAD") == head
    assert f"{V2}:{line_of(repo, V2, 'any questions')}: the staged change edits the text" in refused.stderr


def test_git_commit_the_commit_msg_hook_wants_the_trailer(repo: GitRepo) -> None:
    install_hooks(repo, "commit-msg")
    head = repo.git("rev-parse", "HEAD")
    stage_edit(repo)
    refused = git_commit(repo, "-m", "Fix a typo")
    assert refused.returncode == 1 and repo.git("rev-parse", "HEAD") == head
    line = line_of(repo, V2, "any questions")
    assert (
        f"{V2}:{line}: this commit changes the text of the version in force since 2025-06-01"
        in refused.stderr
    )
    accepted = git_commit(repo, "-m", "Fix a typo\n\nPolicy-Change: editorial")
    assert accepted.returncode == 0, accepted.stderr
    assert repo.git("rev-parse", "HEAD") != head
    assert rows() == []  # and the history it leaves passes every later check


def test_git_commit_both_hooks_accept_a_correction_dated_today(repo: GitRepo) -> None:
    install_hooks(repo, "pre-commit", "commit-msg")
    stage_edit(repo, "[{date: 2026-01-15, note: Fixed a typo in Contact}]")
    accepted = git_commit(repo, "-m", "Fix a typo in Contact")
    assert accepted.returncode == 0, accepted.stderr
    assert rows() == []
    assert CliRunner().invoke(main, ["build", "--as-of", TODAY, "-q"]).exit_code == 0
    assert (
        '<time datetime="2026-01-15">January 15, 2026</time>: Fixed a typo in Contact'
        in (repo.root / "site/privacy/index.html").read_text()
    )


def test_a_staged_single_file_text_is_read_once(repo: GitRepo) -> None:
    """The staged text and the same text on disk: one problem, named as the staged change, on the file."""
    repo.commit(
        "2025-01-01T10:00:00+00:00",
        "Terms",
        **{"content__terms.md": version(POLICY, title="Terms", effective="2025-02-01")},
    )
    repo.write("content/terms.md", version(POLICY, title="Terms"))
    repo.git("add", "-A")
    [row] = rows("--staged")
    assert (row["rule"], row["path"], row["line"]) == ("build", "content/terms.md", 3)
    assert str(row["message"]) == "the staged change has no effective date"
