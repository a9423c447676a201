"""The distribution as a user installs it: a wheel built from this tree, installed with `uv tool install`
into a fresh virtualenv of its own, runs `ppgen --version` and builds the site `ppgen init` makes.
And the distribution's name is free on the package index (the name `ppgen` belongs to another project)."""

from __future__ import annotations

import email.parser
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import ppgen

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NAME = PYPROJECT["project"]["name"]
PYPI_NAMES = Path("/work/.library/env/packages/pypi.tsv")
UV = [sys.executable, "-m", "uv"]


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `uv build` makes of this tree (hatchling from uv's cache, else from the index)."""
    out = tmp_path_factory.mktemp("dist")
    run(*UV, "build", "--quiet", "--wheel", "--out-dir", out, ROOT)
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_ships_the_default_theme_the_license_and_one_version(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {
        f"ppgen/theme/{p.relative_to(ROOT / 'theme').as_posix()}"
        for p in (ROOT / "theme").rglob("*")
        if p.is_file()
    }
    assert theme and "ppgen/theme/templates/base.html" in theme and not theme - names
    meta = email.parser.Parser().parsestr(
        zipfile.ZipFile(wheel).read(f"ppgen_policies-{ppgen.__version__}.dist-info/METADATA").decode()
    )
    assert (
        meta["Name"] == NAME and meta["Version"] == ppgen.__version__
    )  # the version is written once, in ppgen/__init__.py
    assert meta["License-Expression"] == "MIT" and meta["License-File"] == "LICENSE"
    assert f"ppgen_policies-{ppgen.__version__}.dist-info/licenses/LICENSE" in names
    assert "the ppgen authors" in (ROOT / "LICENSE").read_text()
    assert any(url.startswith("Repository, https://") for url in meta.get_all("Project-URL") or [])
    assert "Intended Audience :: Legal Industry" in (meta.get_all("Classifier") or [])
    entry_points = (
        zipfile.ZipFile(wheel).read(f"ppgen_policies-{ppgen.__version__}.dist-info/entry_points.txt").decode()
    )
    assert "ppgen = ppgen.commands.cli:main" in entry_points


def test_uv_tool_install_of_the_wheel_runs_and_builds_a_new_site(wheel: Path, tmp_path: Path) -> None:
    """What the README's `uv tool install ppgen-policies` does, from the built wheel, in a fresh virtualenv.

    Dependencies come from uv's cache when they are there (the test virtualenv put them there), else from the index.
    """
    env = {**os.environ, "UV_TOOL_DIR": str(tmp_path / "tools"), "UV_TOOL_BIN_DIR": str(tmp_path / "bin")}
    env.pop("VIRTUAL_ENV", None)
    install = [*UV, "tool", "install", "--quiet", "--python", sys.executable, wheel]
    if (
        subprocess.run(
            [*map(str, install), "--offline"], capture_output=True, env=env, timeout=300
        ).returncode
        != 0
    ):
        run(*install, env=env)
    ppgen_cmd = tmp_path / "bin" / "ppgen"
    assert run(ppgen_cmd, "--version", cwd=tmp_path).strip() == f"ppgen, version {ppgen.__version__}"

    # The installed code, not this tree's: run where this tree is not importable.
    where = run(
        tmp_path / "tools" / NAME / "bin" / "python",
        "-c",
        "import ppgen; print(ppgen.__file__)",
        cwd=tmp_path,
    )
    assert Path(where.strip()).is_relative_to(tmp_path / "tools")

    # The README's quick start, but `ppgen serve`.
    run(ppgen_cmd, "init", "legal", cwd=tmp_path)
    legal = tmp_path / "legal"
    run("git", "init", "-q", cwd=legal)
    run("git", "add", "-A", cwd=legal)
    run(
        "git",
        "-c",
        "user.name=Editor",
        "-c",
        "user.email=e@example.com",
        "commit",
        "-qm",
        "First version",
        cwd=legal,
    )
    run(ppgen_cmd, "build", "--quiet", cwd=legal)
    site = legal / "site"
    page = (site / "privacy" / "index.html").read_text()
    assert 'id="policy-text"' in page and "Privacy Policy" in page
    assert list((site / "_static").glob("style.*.css")), "the default theme's stylesheet is published"
    # The theme's words come from the catalogs the wheel holds (.po, compiled when a build reads them).
    config = legal / "ppgen.toml"
    config.write_text(config.read_text() + '\nlanguage = "de"\n')
    run(ppgen_cmd, "build", "--quiet", "--allow-dirty", cwd=legal)
    page = (site / "privacy" / "index.html").read_text()
    assert '<html lang="de">' in page and "Zuletzt aktualisiert am" in page and "Gültig seit" in page


def test_the_readme_installs_the_distribution_by_its_name() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"pipx install {NAME}" in readme and f"uv tool install {NAME}" in readme
    assert "pip install ppgen " not in readme and "pip install ppgen\n" not in readme


def test_the_distribution_name_is_not_taken_on_the_package_index() -> None:
    """The name in pyproject.toml, normalised as the index compares names (PEP 503), is absent from this
    workplace's list of the index's names (/work/.library/env/packages/pypi.tsv), read by scripts/check-name
    --offline. Asking the index itself (`scripts/check-name` without --offline) needs the network: run it
    by hand before a release."""
    if not PYPI_NAMES.is_file():
        pytest.skip(f"{PYPI_NAMES} is not on this machine: nothing to check the name against offline")
    done = subprocess.run(
        [sys.executable, ROOT / "scripts" / "check-name", "--offline", "--list", PYPI_NAMES],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        f"list {PYPI_NAMES}" in done.stdout
        and ": absent" in done.stdout
        and done.stdout.endswith(f"{NAME}: free\n")
    )


def test_check_name_says_taken_for_a_listed_name_in_any_spelling(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "PPGen"\n')
    (tmp_path / "names.tsv").write_text("name\tversion\nppgen\t0.3.2\nother\t1.0\n")
    done = subprocess.run(
        [
            sys.executable,
            ROOT / "scripts" / "check-name",
            "--offline",
            "--pyproject",
            tmp_path / "pyproject.toml",
            "--list",
            tmp_path / "names.tsv",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "TAKEN, listed as ppgen" in done.stdout and done.stdout.endswith("PPGen: taken\n")
