""" "Last updated" from git history: real repositories in tmp_path, commits at set dates."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gitrepo import POLICY, V1, V2, GitRepo, isolate_git, two_version_repo, version
from ppgen.commands.cli import main
from ppgen.core.errors import PpgenError
from ppgen.source.config import load_settings
from ppgen.source.history import read_history
from ppgen.source.load import load

TODAY = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Two versions, each committed before it took effect."""
    repo = two_version_repo(tmp_path / "site")
    monkeypatch.chdir(repo.root)  # messages name files as seen from here
    return repo


def dates(repo: GitRepo, **options: bool) -> dict[str, date]:
    site = load(load_settings(repo.root / "ppgen.toml"), TODAY, **options).site
    return {v.effective.isoformat(): v.last_updated for p in site.policies for v in p.versions}


def edit(repo: GitRepo, name: str, old: str, new: str) -> str:
    path = repo.root / name.replace("__", "/")
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def test_versions_keep_their_effective_dates_when_committed_before(repo: GitRepo) -> None:
    assert dates(repo) == {"2025-01-01": date(2025, 1, 1), "2025-06-01": date(2025, 6, 1)}


def test_a_typo_fix_on_a_later_day_moves_last_updated(repo: GitRepo) -> None:
    repo.commit(
        "2025-08-10T09:00:00+00:00", "Fix typo", **{V2: edit(repo, V2, "protect your", "protect all your")}
    )
    assert dates(repo) == {"2025-01-01": date(2025, 1, 1), "2025-06-01": date(2025, 8, 10)}


def test_a_change_before_the_effective_date_keeps_the_effective_date(repo: GitRepo) -> None:
    repo.commit(
        "2025-05-20T09:00:00+00:00",
        "Reword before it takes effect",
        **{V2: edit(repo, V2, "protect your", "protect all your")},
    )
    assert dates(repo)["2025-06-01"] == date(2025, 6, 1)


def test_reformatting_does_not_move_last_updated(repo: GitRepo) -> None:
    reflowed = edit(repo, V2, "We respect your privacy and protect", "We respect your privacy\nand protect")
    reflowed = (
        reflowed.replace("- Identity", "* Identity")
        .replace("- Contact", "* Contact")
        .replace("\n## Contact", "\n\n\n## Contact")
    )
    repo.commit("2025-08-10T09:00:00+00:00", "Reflow and list markers", **{V2: reflowed})
    front_only = edit(repo, V2, "---\n\n", "summary: Collects full names.\n---\n\n")
    repo.commit("2025-09-10T09:00:00+00:00", "Add a summary", **{V2: front_only})
    assert dates(repo)["2025-06-01"] == date(2025, 6, 1)


def test_an_editorial_commit_does_not_move_last_updated(repo: GitRepo) -> None:
    fixed = edit(repo, V2, "protect your", "protect all your")
    repo.commit("2025-08-10T09:00:00+00:00", "Fix a typo\n\nPolicy-Change: editorial", **{V2: fixed})
    assert dates(repo)["2025-06-01"] == date(2025, 6, 1)


def test_a_change_after_an_editorial_one_still_counts(repo: GitRepo) -> None:
    repo.commit(
        "2025-08-10T09:00:00+00:00",
        "Typo\n\nPolicy-Change: editorial",
        **{V2: edit(repo, V2, "protect your", "protect all your")},
    )
    repo.commit(
        "2025-09-01T09:00:00+00:00",
        "Real change",
        **{V2: edit(repo, V2, "any question", "any question or complaint")},
    )
    assert dates(repo)["2025-06-01"] == date(2025, 9, 1)


def test_front_matter_updated_wins(repo: GitRepo) -> None:
    text = edit(repo, V2, "---\n\n", "updated: 2025-07-04\n---\n\n").replace(
        "protect your", "protect all your"
    )
    repo.commit("2025-08-10T09:00:00+00:00", "Fix with a stated date", **{V2: text})
    assert dates(repo)["2025-06-01"] == date(2025, 7, 4)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Europe/Athens", date(2025, 11, 21)), ("Etc/GMT-2", date(2025, 11, 21)), ("UTC", date(2025, 11, 20))],
)
def test_committer_dates_are_days_in_the_site_time_zone(repo: GitRepo, zone: str, shown: date) -> None:
    (repo.root / "ppgen.toml").write_text(f'title = "Test"\ntimezone = "{zone}"\n', encoding="utf-8")
    repo.commit(
        "2025-11-20T23:30:00+00:00",
        "Late-night fix",
        **{V2: edit(repo, V2, "protect your", "protect all your")},
    )
    assert dates(repo)["2025-06-01"] == shown


def test_the_committer_date_counts_not_the_author_date(repo: GitRepo) -> None:
    repo.write(V2.replace("__", "/"), edit(repo, V2, "protect your", "protect all your"))
    repo.git("add", "-A")
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_DATE": "2025-07-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2025-08-02T12:00:00+00:00",
    }
    subprocess.run(
        ["git", "commit", "-qm", "Written in July, merged in August"], cwd=repo.root, env=env, check=True
    )
    assert dates(repo)["2025-06-01"] == date(2025, 8, 2)


def test_history_written_down_later_keeps_its_effective_date(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "site")
    repo.commit(
        "2025-12-01T10:00:00+00:00",
        "Import the archive",
        **{V1: version(POLICY, title="Privacy Policy"), V2: version(POLICY + "\nMore.\n")},
    )
    assert dates(repo) == {"2025-01-01": date(2025, 1, 1), "2025-06-01": date(2025, 6, 1)}


def test_history_survives_renaming_the_policy_folder(repo: GitRepo) -> None:
    repo.commit(
        "2025-08-10T09:00:00+00:00", "Fix", **{V2: edit(repo, V2, "protect your", "protect all your")}
    )
    repo.git("mv", "content/privacy", "content/privacy-policy")
    repo.commit("2025-09-01T09:00:00+00:00", "Rename the policy")
    assert dates(repo) == {"2025-01-01": date(2025, 1, 1), "2025-06-01": date(2025, 8, 10)}


def test_a_re_added_file_with_the_same_id_keeps_its_history(repo: GitRepo) -> None:
    text = edit(repo, V2, "---\n", "---\nid: privacy-2025-06\n")
    repo.commit("2025-07-01T09:00:00+00:00", "Give the version an id", **{V2: text})
    repo.commit("2025-08-10T09:00:00+00:00", "Fix", **{V2: text.replace("protect your", "protect all your")})
    repo.git("rm", "-q", "content/privacy/2025-06-01.md")
    repo.commit("2025-09-01T09:00:00+00:00", "Remove it for now")
    restored = text.replace("protect your", "protect all your").replace("Identity data", "Identity data,")
    repo.commit(
        "2025-10-01T09:00:00+00:00",
        "Back under the policy's new name",
        **{
            "content__privacy-notice__2025-01-01.md": version(POLICY, title="Privacy Notice"),
            "content__privacy-notice__2025-06-01.md": restored,
        },
    )
    repo.git("rm", "-q", "-r", "content/privacy")
    repo.commit("2025-10-02T09:00:00+00:00", "Drop the old folder")
    history = read_history(repo.root / "content")
    assert history is not None
    lineage = history.files[repo.root / "content/privacy-notice/2025-06-01.md"]
    assert [r.path for r in lineage][0] == "content/privacy/2025-06-01.md"
    # 2025-10-01 added a comma to text that had been deleted: a change readers see, on that day.
    assert dates(repo)["2025-06-01"] == date(2025, 10, 1)


def test_a_merge_of_editorial_commits_is_editorial(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "typo")
    repo.commit(
        "2025-08-10T09:00:00+00:00",
        "Typo\n\nPolicy-Change: editorial",
        **{V2: edit(repo, V2, "protect your", "protect all your")},
    )
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge", "-q", "--no-ff", "-m", "Merge pull request #1", "typo", when="2025-08-12T09:00:00+00:00"
    )
    assert dates(repo)["2025-06-01"] == date(2025, 6, 1)
    repo.git("checkout", "-q", "-b", "change")
    repo.commit(
        "2025-09-01T09:00:00+00:00",
        "Real change",
        **{V2: edit(repo, V2, "any question", "any question or complaint")},
    )
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge", "-q", "--no-ff", "-m", "Merge pull request #2", "change", when="2025-09-03T09:00:00+00:00"
    )
    assert dates(repo)["2025-06-01"] == date(2025, 9, 3)  # the day it reached the main line


def test_outside_git_dates_are_effective_dates_silently(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "site")
    repo.commit("2024-12-01T10:00:00+00:00", "First", **{V1: version(POLICY, title="Privacy Policy")})
    repo.commit(
        "2025-08-10T09:00:00+00:00",
        "Fix",
        **{V1: version(POLICY.replace("protect your", "protect all your"), title="Privacy Policy")},
    )
    copy = tmp_path / "exported"
    shutil.copytree(repo.root, copy, ignore=shutil.ignore_patterns(".git"))
    loaded = load(load_settings(copy / "ppgen.toml"), TODAY)
    assert loaded.warnings == () and loaded.history is None
    assert loaded.site.policies[0].versions[0].last_updated == date(2025, 1, 1)


def test_uncommitted_text_stops_the_build_unless_allowed(repo: GitRepo) -> None:
    repo.write("content/privacy/2025-06-01.md", edit(repo, V2, "protect your", "protect all your"))
    repo.write("content/privacy/2026-03-01.md", version(POLICY + "\nNew.\n"))
    with pytest.raises(PpgenError) as caught:
        dates(repo)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("content/privacy/2025-06-01.md:1: not committed")
    assert all("--allow-dirty" in m for m in messages) and len(messages) == 2
    site = load(load_settings(repo.root / "ppgen.toml"), TODAY, allow_dirty=True).site
    assert [(v.effective.isoformat(), v.draft) for v in site.policies[0].versions] == [
        ("2025-01-01", False),
        ("2025-06-01", True),
        ("2026-03-01", True),
    ]


def test_a_shallow_clone_fails_with_the_fix_and_builds_with_allow_shallow(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit(
        "2025-08-10T09:00:00+00:00", "Fix", **{V2: edit(repo, V2, "protect your", "protect all your")}
    )
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        check=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
    )
    runner = CliRunner()
    failed = runner.invoke(main, ["build", "--config", str(clone / "ppgen.toml"), "--as-of", "2026-01-15"])
    assert failed.exit_code == 1
    assert (
        "shallow clone" in failed.output
        and "fetch-depth: 0" in failed.output
        and "git fetch --unshallow" in failed.output
    )
    assert not (clone / "site").exists()
    built = runner.invoke(
        main, ["build", "--config", str(clone / "ppgen.toml"), "--as-of", "2026-01-15", "--allow-shallow"]
    )
    assert built.exit_code == 0, built.output
    assert "warning" in built.output and "shallow clone" in built.output
    page = (clone / "site/privacy/2025-06-01/index.html").read_text(encoding="utf-8")
    assert re.search(r'id="last-updated"[^>]*>[^<]*<time datetime="2025-06-01">June 1, 2025</time>', page)


def test_a_full_build_shows_the_commit_day(repo: GitRepo) -> None:
    repo.commit(
        "2025-11-20T23:30:00+00:00", "Fix", **{V2: edit(repo, V2, "protect your", "protect all your")}
    )
    (repo.root / "ppgen.toml").write_text('title = "Test"\ntimezone = "Europe/Athens"\n', encoding="utf-8")
    repo.commit("2025-11-21T08:00:00+00:00", "Athens time")
    result = CliRunner().invoke(
        main, ["build", "--config", str(repo.root / "ppgen.toml"), "--as-of", "2026-01-15"]
    )
    assert result.exit_code == 0, result.output
    page = (repo.root / "site/privacy/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'id="last-updated"[^>]*>[^<]*<time datetime="2025-11-21">November 21, 2025</time>', page
    )


def test_the_example_site_committed_today_still_says_october_15(tmp_path: Path) -> None:
    checkout = Path(__file__).resolve().parent.parent
    repo = GitRepo(tmp_path / "example", config=(checkout / "ppgen.toml").read_text(encoding="utf-8"))
    shutil.copytree(checkout / "content", repo.root / "content", dirs_exist_ok=True)
    repo.git("add", "-A")
    repo.git("commit", "-qm", "The example site, committed today")
    site = load(load_settings(repo.root / "ppgen.toml"), date.today()).site
    assert site.policy("privacy").latest().last_updated == date(2025, 10, 15)
    result = CliRunner().invoke(
        main, ["build", "--config", str(repo.root / "ppgen.toml"), "--as-of", "2026-01-01", "-q"]
    )
    assert result.exit_code == 0, result.output
    page = (repo.root / "site/privacy/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-10-15">October 15, 2025</time>' in page


def test_a_shallow_clone_is_detected_by_the_loader(repo: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    settings = load_settings(clone / "ppgen.toml")
    with pytest.raises(PpgenError) as caught:
        load(settings, TODAY)
    [problem] = caught.value.problems
    assert (
        "shallow clone" in problem.message and problem.hint is not None and "fetch-depth: 0" in problem.hint
    )
    loaded = load(settings, TODAY, allow_shallow=True)
    assert [w.message.split(":")[0] for w in loaded.warnings] == ["shallow clone"]
    assert [v.last_updated for v in loaded.site.policies[0].versions] == [date(2025, 1, 1), date(2025, 6, 1)]


def test_build_with_allow_dirty_shows_a_draft(repo: GitRepo) -> None:
    repo.write("content/privacy/2025-06-01.md", edit(repo, V2, "protect your", "protect all your"))
    args = ["build", "--config", str(repo.root / "ppgen.toml"), "--as-of", "2026-01-15"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1
    assert refused.output.startswith(
        "content/privacy/2025-06-01.md:1: not committed: a build publishes committed text only (commit it, or pass "
        "--allow-dirty"
    )
    built = CliRunner().invoke(main, [*args, "--allow-dirty"])
    assert built.exit_code == 0, built.output
    page = (repo.root / "site/privacy/index.html").read_text(encoding="utf-8")
    assert 'id="last-updated" class="draft">Draft — not yet committed<' in page


# --- what git does not track is not committed -----------------------------------------------------


def test_a_version_file_git_ignores_is_a_draft_not_a_committed_version(repo: GitRepo) -> None:
    # Never committed, kept out of `git status` by .gitignore: it once went out with a date, as if committed.
    repo.commit("2025-06-02T10:00:00+00:00", "Drafts", **{".gitignore": "content/privacy/2026-*.md\n"})
    repo.write("content/privacy/2026-03-01.md", version(POLICY + "\nNew.\n"))
    args = ["build", "--config", str(repo.root / "ppgen.toml"), "--as-of", "2026-01-15"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1
    assert refused.output.startswith("content/privacy/2026-03-01.md:1: not committed: git ignores it")
    assert not (repo.root / "site").exists()
    built = CliRunner().invoke(main, [*args, "--allow-dirty"])
    assert built.exit_code == 0, built.output
    page = (repo.root / "site/privacy/2026-03-01/index.html").read_text(encoding="utf-8")
    assert 'id="last-updated" class="draft">Draft — not yet committed<' in page


def test_a_policy_folder_linked_inside_the_content_folder_has_its_targets_history(repo: GitRepo) -> None:
    # Git keeps the history under the real path; the linked path is not one git tracks, and not a draft.
    repo.commit("2025-08-10T09:00:00+00:00", "Typo", **{V2: edit(repo, V2, "your", "all your")})
    (repo.root / "content" / "privacy-policy").symlink_to("privacy", target_is_directory=True)
    repo.commit("2025-08-11T09:00:00+00:00", "The old address too")
    site = load(load_settings(repo.root / "ppgen.toml"), TODAY).site
    linked = [(v.last_updated, v.draft) for v in site.policy("privacy-policy").versions]
    assert linked == [(date(2025, 1, 1), False), (date(2025, 8, 10), False)]


def test_a_build_does_not_write_to_the_repository(repo: GitRepo) -> None:
    # `git status` rewrites the index when a file's stat data changed; a build that fails must change nothing.
    index = repo.root / ".git" / "index"
    before = index.read_bytes()
    os.utime(repo.root / V2.replace("__", "/"), (1_700_000_000, 1_700_000_000))
    repo.write("content/privacy/2026-03-01.md", version(POLICY + "\nNew.\n"))
    with pytest.raises(PpgenError, match="not committed"):
        dates(repo)
    assert index.read_bytes() == before


def test_a_version_in_a_submodule_is_not_taken_for_committed(repo: GitRepo, tmp_path: Path) -> None:
    # `git status` of the site's repository is clean, yet it has no history of the file: no date to trust.
    terms = GitRepo(tmp_path / "terms-repo")
    (terms.root / "ppgen.toml").unlink()  # a repository of the policy's versions only
    terms.commit("2025-02-01T10:00:00+00:00", "Terms", **{"2025-03-01.md": version(POLICY, title="Terms")})
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(terms.root), "content/terms")
    repo.commit("2025-02-02T10:00:00+00:00", "Terms as a submodule")
    with pytest.raises(PpgenError, match="content/terms/2025-03-01.md:1: not committed: the repository of"):
        dates(repo)
    assert dates(repo, allow_dirty=True)["2025-03-01"] == date(2025, 3, 1)


def test_a_commit_dated_near_year_9999_is_an_error_naming_it(repo: GitRepo) -> None:
    """git accepts commit dates up to 9999-12-31 (here as seconds); ppgen's date sums do not: the commit is named."""
    sha = repo.commit("@253402257600 +0000", "Typo", **{V2: edit(repo, V2, "full name", "full  name.")})
    result = CliRunner().invoke(main, ["build", "--as-of", "2026-01-15"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f".: commit {sha[:12]} is dated outside the years"), result.stderr
    assert result.stderr.rstrip().endswith(")"), result.stderr


def test_a_commit_dated_after_today_is_a_future_updated_finding(repo: GitRepo) -> None:
    """A machine whose clock ran ahead dated the change: "Last updated" would name a day that has not come."""
    from ppgen.commands.check import check_site

    repo.commit(
        "2027-06-01T10:00:00+00:00",
        "Clock ahead",
        **{V2: version(POLICY.replace("your name", "your name and age"))},
    )
    findings, _ = check_site(load_settings(repo.root / "ppgen.toml"), date(2026, 1, 15))
    found = [(f.rule, f.problem.path, f.problem.message) for f in findings if f.rule == "future-updated"]
    assert found == [
        (
            "future-updated",
            "content/privacy/2025-06-01.md",
            "last changed in a commit dated 2027-06-01, after today (2026-01-15)",
        )
    ]
    assert dates(repo)["2025-06-01"] == date(2027, 6, 1)  # what the page would say, hence the finding


def test_a_commit_dated_before_the_one_before_it_is_a_commit_date_order_warning(repo: GitRepo) -> None:
    """A date set by hand: the change to text in force looks older than its version's effective date, so no
    rule sees it and "Last updated" does not move; only the order of the dates gives it away."""
    from ppgen.commands.check import check_site

    later = repo.commit(
        "2025-08-01T10:00:00+00:00", "Typo", **{V1: edit(repo, V1, "protect your", "protect all your")}
    )
    sha = repo.commit(  # made after the commit above, dated before 2025-06-01, when the version took effect
        "2025-05-20T10:00:00+00:00",
        "Backdated",
        **{V2: edit(repo, V2, "your email", "your email and postal")},
    )
    findings, warnings = check_site(load_settings(repo.root / "ppgen.toml"), date(2026, 1, 15))
    hidden = [
        f for f in findings if f.rule == "changed-after-effective" and "2025-06-01" in str(f.problem.path)
    ]
    assert not hidden  # what the date hides
    assert dates(repo)["2025-06-01"] == date(2025, 6, 1)
    [warning] = [w for w in warnings if w.code == "commit-date-order"]
    assert warning.path == f"content/privacy/2025-06-01.md@{sha[:7]}"
    assert warning.message.startswith(
        f"commit {sha[:7]} is dated 2025-05-20, before commit {later[:7]} that came"
    )
    repo.commit(
        "2025-09-01T10:00:00+00:00", "Later", **{V2: edit(repo, V2, "your email and postal", "your postal")}
    )
    _, warnings = check_site(load_settings(repo.root / "ppgen.toml"), date(2026, 1, 15))
    assert (
        len([w for w in warnings if w.code == "commit-date-order"]) == 1
    )  # dates in order after it: no more


def _gone(repo: GitRepo, today: date) -> list[tuple[str, str, str]]:
    from ppgen.commands.check import check_site

    findings, _ = check_site(load_settings(repo.root / "ppgen.toml"), today)
    return [
        (f.problem.path or "", f.problem.message, f.problem.hint or "")
        for f in findings
        if f.rule == "version-gone"
    ]


def test_a_version_removed_or_renamed_after_it_took_effect_is_a_finding(repo: GitRepo) -> None:
    """A version that took effect stays on record: removing its file took its page and its redlines off the
    site, and renaming it changed its effective date, with no trace a build could see."""
    assert _gone(repo, date(2026, 1, 15)) == []
    repo.git("mv", "content/privacy/2025-06-01.md", "content/privacy/2025-07-01.md")
    text = (repo.root / "content/privacy/2025-07-01.md").read_text(encoding="utf-8")
    (repo.root / "content/privacy/2025-07-01.md").write_text(
        text.replace("---\n", "---\neffective: 2025-07-01\n", 1)
    )
    repo.commit("2025-08-01T10:00:00+00:00", "Move the date")
    [(path, message, hint)] = _gone(repo, date(2026, 1, 15))
    assert path == "content/privacy/2025-06-01.md"
    assert message.startswith(
        "the version effective 2025-06-01 had taken effect when its file was renamed to"
    )
    assert "2025-07-01.md in commit " in message and hint.startswith("restore it (git checkout ")
    repo.git("rm", "-q", "content/privacy/2025-07-01.md")
    repo.commit("2025-09-01T10:00:00+00:00", "Drop the second version")
    assert [
        m.split(" had ")[0] + m.split("file was ")[1].split()[0] for _, m, _ in _gone(repo, date(2026, 1, 15))
    ] == [
        "the version effective 2025-06-01renamed",
        "the version effective 2025-07-01removed",
    ]


def test_a_version_moved_before_it_took_effect_or_restored_is_no_finding(repo: GitRepo) -> None:
    repo.commit("2025-07-01T10:00:00+00:00", "Plan", **{"content__privacy__2025-12-01.md": version(POLICY)})
    repo.git("mv", "content/privacy/2025-12-01.md", "content/privacy/2026-01-01.md")
    repo.commit("2025-08-01T10:00:00+00:00", "Later")  # before it took effect: a plan changed
    repo.git("rm", "-q", "content/privacy/2025-01-01.md")
    repo.commit("2025-09-01T10:00:00+00:00", "Oops")
    repo.git("checkout", "HEAD~1", "--", "content/privacy/2025-01-01.md")
    repo.commit("2025-09-02T10:00:00+00:00", "Restored")
    assert _gone(repo, date(2026, 2, 1)) == []


def test_a_policy_folder_renamed_after_its_versions_took_effect_asks_for_an_alias(repo: GitRepo) -> None:
    repo.git("mv", "content/privacy", "content/privacy-policy")
    repo.commit("2025-08-01T10:00:00+00:00", "Rename")
    [(path, message, hint)] = _gone(repo, date(2026, 1, 15))
    assert path.startswith("content/privacy-policy/") and "privacy was renamed to privacy-policy" in message
    assert hint == "keep the old address: aliases: [/privacy/] in the front matter of its newest version"


def test_a_version_gone_is_told_apart_from_a_folder_renamed_and_a_rename_undone(repo: GitRepo) -> None:
    """One version moved into another policy's folder is that version gone, not the folder; a rename undone
    later ends the matter; a file restored on disk is no longer gone; a removal staged for the next commit
    gets the command that undoes it."""
    repo.commit(
        "2025-06-15T10:00:00+00:00", "Terms", **{"content__terms__2025-01-01.md": version(POLICY, title="T")}
    )
    repo.git("mv", "content/privacy/2025-06-01.md", "content/privacy/2025-06-02.md")
    repo.commit("2025-07-01T10:00:00+00:00", "Oops")
    repo.git("mv", "content/privacy/2025-06-02.md", "content/privacy/2025-06-01.md")
    repo.commit("2025-07-02T10:00:00+00:00", "Undone")
    assert _gone(repo, date(2026, 1, 15)) == []
    repo.git("mv", "content/privacy/2025-06-01.md", "content/terms/2025-06-01.md")
    repo.commit("2025-08-01T10:00:00+00:00", "Wrong folder")
    [(path, message, _)] = _gone(repo, date(2026, 1, 15))
    assert path == "content/privacy/2025-06-01.md" and "renamed to content/terms/2025-06-01.md" in message
    repo.git("checkout", "HEAD~1", "--", "content/privacy/2025-06-01.md")  # restored, not committed yet
    assert _gone(repo, date(2026, 1, 15)) == []
    repo.commit("2025-08-02T10:00:00+00:00", "Restored")
    repo.git("rm", "-q", "content/privacy/2025-06-01.md")
    from ppgen.commands.check import check_site

    findings, _ = check_site(load_settings(repo.root / "ppgen.toml"), date(2026, 1, 15), staged=True)
    hints = [f.problem.hint for f in findings if f.rule == "version-gone"]
    assert (
        "restore it (git restore --staged --worktree -- content/privacy/2025-06-01.md):"
        " a version that took effect stays on record"
    ) in hints
