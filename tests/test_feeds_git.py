"""Feeds follow real changes only: an editorial commit leaves an entry's `updated` alone, a real one moves it.

Also `ppgen build --changed-since` on the command line: the lines a CDN purge reads.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from gitrepo import V2, GitRepo, isolate_git, two_version_repo
from ppgen.commands.cli import main
from ppgen.pipeline.build import build
from ppgen.source.config import load_settings

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Two versions, each committed before it took effect."""
    repo = two_version_repo(tmp_path / "site")
    monkeypatch.chdir(repo.root)  # messages name files as seen from here
    return repo


def entry_updated(repo: GitRepo) -> dict[str, str]:
    out = build(load_settings(repo.root / "ppgen.toml"), as_of=date(2026, 1, 15)).out
    feed = ET.fromstring((out / "privacy/feed.xml").read_bytes())
    updated = {}
    for entry in feed.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        updated[link.get("href", "")] = entry.findtext(f"{ATOM}updated") or ""
    return updated


def text_of(repo: GitRepo, name: str, old: str, new: str) -> str:
    text = (repo.root / name.replace("__", "/")).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def test_editorial_changes_stay_out_of_the_feed_and_real_ones_come_in(repo: GitRepo) -> None:
    v2 = "https://example.com/legal/privacy/2025-06-01/"
    assert entry_updated(repo)[v2] == "2025-06-01T00:00:00+00:00"
    repo.commit(
        "2025-08-10T09:00:00+00:00",
        "Typo\n\nPolicy-Change: editorial",
        **{V2: text_of(repo, V2, "protect your", "protect all your")},
    )
    assert entry_updated(repo)[v2] == "2025-06-01T00:00:00+00:00"
    repo.commit(
        "2025-09-01T09:00:00+00:00",
        "Adds complaints",
        **{V2: text_of(repo, V2, "any question", "any question or complaint")},
    )
    assert entry_updated(repo)[v2] == "2025-09-01T00:00:00+00:00"


def test_changed_since_prints_name_status_lines_on_stdout(repo: GitRepo, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["build", "--as-of", "2026-01-15"])
    assert first.exit_code == 0, first.output
    published = tmp_path / "published.json"
    published.write_bytes((repo.root / "site/ppgen-manifest.json").read_bytes())
    unchanged = runner.invoke(main, ["build", "--as-of", "2026-01-15", "--changed-since", str(published)])
    assert unchanged.exit_code == 0 and unchanged.stdout == ""
    repo.commit(
        "2025-09-01T09:00:00+00:00",
        "Adds complaints",
        **{V2: text_of(repo, V2, "any question", "any question or complaint")},
    )
    changed = runner.invoke(main, ["build", "--as-of", "2026-01-15", "--changed-since", str(published), "-q"])
    assert changed.exit_code == 0
    lines = changed.stdout.splitlines()
    assert (
        "M privacy/2025-06-01/index.html" in lines
        and "M privacy/index.html" in lines
        and "M privacy/feed.xml" in lines
    )
    assert "M privacy/2025-06-01.md" in lines and "M privacy/versions.json" in lines
    assert all(line[:2] in ("A ", "M ", "D ") for line in lines)
    assert not any("2025-01-01/" in line for line in lines), "the older version's page did not change"
    missing = runner.invoke(main, ["build", "--changed-since", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "nope.json: manifest not found (" in missing.stderr
