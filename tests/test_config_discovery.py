"""`ppgen.toml` is found in the working folder or the nearest folder above it, as git finds `.git`;
paths in it stay relative to its own folder; `--config` still wins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from badinput import CONFIG, GOOD, invoke
from ppgen.source.config import load_settings


@pytest.fixture
def root(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return make_site(GOOD, CONFIG + 'output = "public"\n')


def test_build_and_check_from_a_policy_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root / "content" / "privacy")
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    assert (root / "public" / "privacy" / "index.html").is_file()  # `output` read from the file's folder
    assert not (root / "content" / "privacy" / "public").exists()
    assert "Test legal" in (root / "public" / "index.html").read_text(encoding="utf-8")
    checked = invoke("check", "--as-of", "2025-06-01")
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_errors_name_the_found_file_from_where_the_command_runs(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "ppgen.toml").write_text(CONFIG + "colour = 1\n", encoding="utf-8")
    monkeypatch.chdir(root / "content" / "privacy")
    result = invoke("build", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("../../ppgen.toml:3: unknown setting `colour`")


def test_the_nearest_file_wins_and_config_wins_over_both(
    root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ppgen.source.config import find_config

    inner = root / "drafts" / "ppgen.toml"
    (root / "drafts" / "notes").mkdir(parents=True)
    inner.write_text('title = "Inner"\n', encoding="utf-8")
    monkeypatch.chdir(root / "drafts" / "notes")
    assert find_config(Path()) == Path("../ppgen.toml")
    settings = load_settings()
    assert settings.title == "Inner" and settings.root == inner.parent.resolve()
    assert settings.content_dir == (root / "drafts" / "content").resolve()  # relative to the file found
    other = tmp_path / "other.toml"
    other.write_text('title = "Other"\n', encoding="utf-8")
    assert load_settings(other).title == "Other"
    result = invoke("build", "--as-of", "2025-06-01", "-q", "--config", str(root / "ppgen.toml"))
    assert result.exit_code == 0, result.stderr
    assert (root / "public" / "privacy" / "index.html").is_file()


def test_the_search_stops_at_the_file_system_root(tmp_path: Path) -> None:
    from ppgen.source.config import find_config

    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    (tmp_path / "ppgen.toml").write_text("", encoding="utf-8")
    assert find_config(folder) == tmp_path / "ppgen.toml"
    (tmp_path / "ppgen.toml").unlink()
    found = find_config(folder)
    # Nothing between here and / has one (unless the machine keeps one above tmp_path, which it should not).
    assert found is None or not found.is_relative_to(tmp_path), found
