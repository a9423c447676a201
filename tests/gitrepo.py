"""A real git repository holding a ppgen site, for tests of dates, git mode and `ppgen check`.

Import it from a test module (`from gitrepo import GitRepo, isolate_git`). Commits carry the
given date as both author and committer date; global and system git config are ignored.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's git config away from ppgen's own git calls too."""
    for key, value in ISOLATED.items():
        monkeypatch.setenv(key, value)


class GitRepo:
    """A site folder (ppgen.toml + content/) that is also a git repository."""

    def __init__(
        self, root: Path, config: str = 'title = "Test"\nbase_url = "https://example.com/legal/"\n'
    ) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "ppgen.toml").write_text(config, encoding="utf-8")
        (root / "content").mkdir(exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Policy Editor")
        self.git("config", "user.email", "editor@example.com")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, when: str | None = None) -> str:
        """Run git in the repository (with `when` as author and committer date) and return its output."""
        env = {**os.environ, **ISOLATED}
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
        return done.stdout

    def write(self, path: str, text: str) -> Path:
        """Write a file under the site folder (creating folders)."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, when: str, message: str = "Edit", **files: str) -> str:
        """Write `files` (keyword = path with `/` written as `__`), commit everything at `when`, return the
        commit id."""
        for name, text in files.items():
            self.write(name.replace("__", "/"), text)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self.git("rev-parse", "HEAD").strip()


def version(body: str, **front: str) -> str:
    """The text of a version file: front matter from keywords, then the body."""
    lines = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\n{lines}---\n\n{body.strip()}\n"


POLICY = """\
## Introduction

We respect your privacy and protect your personal data.

## What We Collect

- Identity data such as your name
- Contact data such as your email address

## Contact

Write to privacy@example.com with any question.
"""


V1 = "content__privacy__2025-01-01.md"
V2 = "content__privacy__2025-06-01.md"
"""The two version files of `two_version_repo`, as `GitRepo.commit` keywords."""


def two_version_repo(root: Path) -> GitRepo:
    """A site with two versions of a privacy policy, each committed a month before it took effect."""
    repo = GitRepo(root)
    repo.commit("2024-12-01T10:00:00+00:00", "First version", **{V1: version(POLICY, title="Privacy Policy")})
    repo.commit(
        "2025-05-01T10:00:00+00:00",
        "Second version",
        **{V2: version(POLICY.replace("your name", "your full name"))},
    )
    return repo
