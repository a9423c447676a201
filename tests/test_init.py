"""`ppgen init [DIR]`: a new site that builds at once, and never a file overwritten."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ppgen.commands.cli import main
from ppgen.commands.scaffold import init_site, site_files
from ppgen.source.config import load_settings


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (→ bytes) and folder (→ None) under `root`."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def test_init_makes_a_site_that_builds_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = invoke("init", str(tmp_path / "legal"))
    assert result.exit_code == 0, result.output
    root = tmp_path / "legal"
    made = tree(root)
    assert "ppgen.toml" in made and "theme/README.txt" in made
    assert made["theme/templates"] is None and made["theme/static"] is None
    policies = [name for name in made if name.startswith("content/privacy/") and name.endswith(".md")]
    assert len(policies) == 1
    assert "created" in result.output and "ppgen serve" in result.output

    monkeypatch.chdir(root)
    built = invoke("build")
    assert built.exit_code == 0, built.output + built.stderr
    page = (root / "site" / "privacy" / "index.html").read_text()
    assert "Privacy Policy" in page and 'id="policy-text"' in page
    assert load_settings(root / "ppgen.toml").theme_dir == (root / "theme").resolve()


def test_init_without_a_folder_uses_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ppgen.toml").is_file() and (tmp_path / "content" / "privacy").is_dir()
    assert "Next: ppgen serve" in result.output


def test_init_refuses_to_overwrite_anything(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path)).exit_code == 0
    (tmp_path / "ppgen.toml").write_text('title = "Mine"\n')
    before = tree(tmp_path)
    again = invoke("init", str(tmp_path))
    assert again.exit_code == 1
    assert "ppgen.toml: already exists" in again.stderr and "never overwrites" in again.stderr
    assert tree(tmp_path) == before


def test_one_existing_file_stops_init_before_it_writes_anything(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "README.txt").write_text("my notes\n")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1
    assert "README.txt: already exists" in result.stderr
    assert tree(tmp_path) == {"theme": None, "theme/README.txt": b"my notes\n"}


def test_init_refuses_a_folder_that_already_has_content(tmp_path: Path) -> None:
    (tmp_path / "content" / "terms").mkdir(parents=True)
    (tmp_path / "content" / "terms" / "2024-01-01.md").write_text("---\ntitle: Terms\n---\n")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1
    assert "content: already exists" in result.stderr
    assert not (tmp_path / "ppgen.toml").exists()


def test_init_into_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = invoke("init", str(target))
    assert result.exit_code != 0
    assert target.read_text() == "x"


def test_the_sample_version_is_named_by_its_effective_date(tmp_path: Path) -> None:
    made = init_site(tmp_path, today=date(2030, 2, 3))
    assert tmp_path / "content" / "privacy" / "2030-02-03.md" in made.created
    assert set(site_files(date(2030, 2, 3))) == {p.relative_to(tmp_path).as_posix() for p in made.created}
    assert made.added == {}


def test_init_in_an_existing_repository_adds_only_the_missing_lines_to_its_gitignore(tmp_path: Path) -> None:
    """`ppgen init .` in a repository with a .gitignore: the site is made, the file keeps its lines and gains ours."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_bytes(
        b"*.pyc\nsite/"
    )  # ours already, in another spelling; no final newline
    (tmp_path / "notes.txt").write_text("kept\n")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 0, result.output + result.stderr
    assert (tmp_path / ".gitignore").read_bytes() == b"*.pyc\nsite/\n/.ppgen-cache/\n"
    assert "added to " in result.stdout and ".gitignore: /.ppgen-cache/\n" in result.stdout, result.stdout
    assert (tmp_path / "ppgen.toml").is_file() and (tmp_path / "notes.txt").read_text() == "kept\n"
    ignored = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "site/index.html", ".ppgen-cache/x"],
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == ["site/index.html", ".ppgen-cache/x"]


def test_a_gitignore_with_every_line_is_left_byte_identical(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"/.ppgen-cache\n# built\n/site/\n")
    assert invoke("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_bytes() == b"/.ppgen-cache\n# built\n/site/\n"


def test_a_refused_init_leaves_the_gitignore_alone(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"*.pyc\n")
    (tmp_path / "ppgen.toml").write_text('title = "Mine"\n')
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1 and "ppgen.toml: already exists" in result.stderr
    assert ".gitignore" not in result.stderr
    assert (tmp_path / ".gitignore").read_bytes() == b"*.pyc\n"


def test_a_new_site_ignores_the_build_and_its_cache(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_text().splitlines() == ["/site/", "/.ppgen-cache/"]
