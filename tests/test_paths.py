"""The path guard: nothing is read from outside its root, and no odd file or folder makes a traceback.

The bad inputs that files and links can express are in tests/bad_cases/paths.py and run here. Files
and folders that cannot be read need a process that `chmod 000` stops: the suite runs as root, so
those builds run as a separate process without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv),
which is root that file permissions hold back, a real EACCES from the kernel, not a simulated one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bad_cases.paths import CASES, TERMS
from badinput import AS_OF, FIRST, Bad, invoke, run_bad, snapshot
from gitrepo import ISOLATED, GitRepo
from ppgen.core import paths
from ppgen.core.errors import PpgenError
from ppgen.core.paths import Root


@pytest.mark.parametrize("bad", CASES, ids=[b.name for b in CASES])
def test_bad_path(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


def test_a_template_linked_to_a_system_file_is_not_published(site: Path) -> None:
    secret = site.parent / "secret.txt"
    secret.write_text("root:x:0:0:TOP SECRET\n", encoding="utf-8")
    (site / "theme" / "templates").mkdir(parents=True)
    (site / "theme" / "templates" / "policy.html").symlink_to(secret)
    result = invoke("build", *AS_OF, "--out", "fresh")
    assert result.exit_code == 1
    assert not (site / "fresh").exists()


# --- links inside a root are fine ----------------------------------------------------------------


def test_links_that_stay_inside_their_root_are_followed(site: Path) -> None:
    (site / "content" / "privacy-policy").symlink_to("privacy", target_is_directory=True)
    theme = site / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "brand").mkdir()
    footer = '{% extends "default/policy.html" %}{% block footer %}<p id="brand">Example</p>{% endblock %}\n'
    (theme / "brand" / "footer.html").write_text(footer)
    (theme / "templates" / "policy.html").symlink_to("../brand/footer.html")
    (theme / "static").mkdir()
    (theme / "static" / "fonts").symlink_to("../brand", target_is_directory=True)
    result = invoke("build", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert (site / "site" / "privacy-policy" / "2025-03-01" / "index.html").is_file()
    assert '<p id="brand">Example</p>' in (site / "site" / "privacy" / "index.html").read_text()
    assert any(p.name.startswith("footer.") for p in (site / "site" / "_static" / "fonts").iterdir())


def test_a_folder_link_back_up_the_tree_is_an_error_not_an_endless_walk(tmp_path: Path) -> None:
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "again").symlink_to("..", target_is_directory=True)
    root = Root.of(tmp_path, "the theme folder", "copy it")
    with pytest.raises(PpgenError, match="a link to a folder that contains it"):
        list(paths.files_under(tmp_path / "static", root, "static file"))


def test_a_root_reached_through_a_link_is_still_its_own_inside(tmp_path: Path) -> None:
    (tmp_path / "real" / "privacy").mkdir(parents=True)
    (tmp_path / "real" / "privacy" / "2025-01-01.md").write_text("x")
    (tmp_path / "content").symlink_to("real", target_is_directory=True)
    root = Root.of(tmp_path / "content", "the content folder", "copy it")
    assert paths.read(tmp_path / "content" / "privacy" / "2025-01-01.md", root, "version file") == b"x"


# --- files and folders that cannot be read -------------------------------------------------------


def _unprivileged() -> list[str]:
    """A command prefix under which `chmod 000` stops reading, as it does for any user but root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): nothing here makes chmod 000 stop a read")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def _ppgen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"} | ISOLATED
    command = [*_unprivileged(), sys.executable, "-m", "ppgen", *args]
    return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def locked(site: Path) -> Iterator[Callable[[str], None]]:
    """lock(path): chmod 000 a file or folder of the site, given back its mode at teardown."""
    modes: dict[Path, int] = {}

    def lock(name: str) -> None:
        modes[site / name] = (site / name).stat().st_mode
        (site / name).chmod(0)

    yield lock
    for path, mode in modes.items():
        path.chmod(mode)


def _refused_to_read(site: Path, where: str, *commands: str) -> None:
    """Each command exits 1, `where: … cannot be read: permission denied (hint)` first; nothing changes."""
    before = snapshot(site)
    for command in commands:
        done = _ppgen(site, command, *AS_OF)
        assert done.returncode == 1, (command, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        said = done.stderr if command == "build" else done.stdout  # check lists its findings on stdout
        first = said.splitlines()[0].strip()
        assert first.startswith(f"{where}: ") and "cannot be read: permission denied (" in first, first
        assert first.endswith(")"), first
    assert snapshot(site) == before


@pytest.mark.parametrize("name", [FIRST, "content/privacy", "content"], ids=["file", "folder", "content"])
def test_unreadable_content_is_an_error(site: Path, locked: Callable[[str], None], name: str) -> None:
    locked(name)
    _refused_to_read(site, name, "build", "check")


def test_a_theme_template_that_cannot_be_read_is_an_error(site: Path, locked: Callable[[str], None]) -> None:
    (site / "theme" / "templates").mkdir(parents=True)
    (site / "theme" / "templates" / "history.html").write_text('{% extends "default/history.html" %}\n')
    locked("theme/templates/history.html")
    _refused_to_read(site, "theme/templates/history.html", "build")


def test_in_git_a_file_that_cannot_be_read_is_not_called_uncommitted(tmp_path: Path) -> None:
    # git cannot read it either, and so lists it as changed: the real problem must come first.
    repo = GitRepo(tmp_path / "repo")
    repo.commit("2025-01-01T10:00:00+00:00", **{"content__terms__2025-01-01.md": TERMS})
    target = repo.root / "content" / "terms" / "2025-01-01.md"
    target.chmod(0)
    try:
        _refused_to_read(repo.root, "content/terms/2025-01-01.md", "build")
    finally:
        target.chmod(0o644)
