"""Fail fast: every input error of the site is reported before any redline is compared or any page rendered.

The site has 500 versions (20 policies × 25), so the build spreads its work over worker processes.
How the tests see what the workers do: `ppgen build` runs in a fresh Python process (`DRIVER`)
that first wraps `redline.compare` and `Renderer.render` so that each appends a line `<what> <pid>`
to a file, then does its work. The pool's workers are forked from that process (it has no other
thread, so the build forks rather than starting a fork server) and inherit the wrappers; a file is
written the same way from any process. The good build is the control: it must record comparisons
in processes other than the build's own (else the wrappers did not reach the workers, and the
other tests would prove nothing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from badinput import snapshot

POLICIES = 20
VERSIONS = 25
BAD_BODY = "## Cookies\n\nWe use cookies.\n\n<script>alert(1)</script>\n"
"""A body whose fifth line is an error: active content in raw HTML."""
DRIVER = """
import os, sys
from ppgen.redline import compare as redline
from ppgen.commands.cli import main
from ppgen.site.render import Renderer

def noted(what, function):
    def wrapper(*args, **kwargs):
        with open(sys.argv[1], "a", encoding="utf-8") as out:
            out.write(f"{what} {os.getpid()}\\n")
        return function(*args, **kwargs)
    return wrapper

redline.compare = noted("compare", redline.compare)
Renderer.render = noted("render", Renderer.render)
main(sys.argv[2:], prog_name="ppgen")
"""
"""`python -c DRIVER RECORD ARGS…` runs `ppgen ARGS…`, noting in RECORD each redline and page."""
BAD = "---\nsummary: Bad.\n---\n\n" + BAD_BODY
"""A version file (not the first of its policy) with an error at line 9."""


def _site(root: Path) -> Path:
    """20 policies × 25 small versions, each version one sentence longer than the one before."""
    root.mkdir()
    config = 'title = "Many"\nbase_url = "https://example.com/legal/"\n'
    (root / "ppgen.toml").write_text(config, encoding="utf-8")
    for p in range(POLICIES):
        folder = root / "content" / f"policy-{p:02d}"
        folder.mkdir(parents=True)
        for v in range(VERSIONS):
            front = f"title: Policy {p}\n" if v == 0 else ""
            lines = "\n\n".join(f"Clause {n} of policy {p} applies." for n in range(v + 2))
            text = f"---\n{front}summary: Version {v}.\n---\n\n## Terms\n\n{lines}\n"
            (folder / f"{2000 + v}-01-01.md").write_text(text, encoding="utf-8")
    return root


def _build(root: Path, record: Path) -> tuple[int, str, int]:
    """`ppgen build` of the site at `root` through DRIVER: its exit status, stderr and process id."""
    args = ["build", "--as-of", "2026-01-01", "-q", "--jobs", "2"]
    command = [sys.executable, "-c", DRIVER, str(record), *args]
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    pipe = subprocess.PIPE
    with subprocess.Popen(command, cwd=root, env=env, stdout=pipe, stderr=pipe, text=True) as run:
        out, err = run.communicate(timeout=120)
    assert out == "", out
    return run.returncode, err, run.pid


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 500-version site, built once (the control: comparisons are seen in the workers)."""
    root = _site(tmp_path_factory.mktemp("failfast") / "many")
    record = root.parent / "record.txt"
    status, err, build_pid = _build(root, record)
    assert status == 0, err
    seen = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    workers = {int(pid) for what, pid in seen if what == "compare"} - {build_pid}
    assert len(workers) == 2, f"the recording wrappers must reach the worker processes: {seen[:5]}"
    return root


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """A copy of the built site, to spoil."""
    return shutil.copytree(built, tmp_path / "many", symlinks=True)


@pytest.fixture
def record(tmp_path: Path) -> Path:
    """The file DRIVER writes a line to at each redline compared or page rendered."""
    return tmp_path / "record.txt"


def _fails(root: Path, record: Path, bad: dict[str, str], more: Callable[[], object] = list) -> list[str]:
    """Write the bad files, build: exit 1, nothing compared or rendered, nothing changed; the error lines."""
    for name, text in bad.items():
        (root / name).write_text(text, encoding="utf-8")
    more()
    before = snapshot(root / "site")
    status, err, _ = _build(root, record)
    assert status == 1, err
    assert not record.exists(), record.read_text(encoding="utf-8")  # no redline, no page: not one
    assert snapshot(root / "site") == before
    return err.splitlines()


def test_one_bad_file_among_500_stops_before_any_redline_or_page(site: Path, record: Path) -> None:
    lines = _fails(site, record, {"content/policy-13/2017-01-01.md": BAD})
    assert lines == [
        "content/policy-13/2017-01-01.md:9: active content <script> is not allowed in a policy"
        ' (remove it, or set raw_html = "strip" in ppgen.toml to drop it with a warning)'
    ]


def test_every_bad_file_in_every_policy_is_listed(site: Path, record: Path) -> None:
    bad = {f"content/policy-{p:02d}/{2000 + v}-01-01.md": BAD for p, v in ((19, 3), (2, 24), (11, 12))}
    bad["content/policy-02/2000-01-01.md"] = "---\ntitle: Policy 2\n---\n\n" + BAD_BODY
    lines = _fails(site, record, bad)
    # In the site's order (policies by name, versions by date), whichever worker parsed them first.
    at = ("02/2000", "02/2024", "11/2012", "19/2003")
    expected = [f"content/policy-{where}-01-01.md:9: active content <script>" for where in at]
    assert [line[: len(start)] for line, start in zip(lines, expected, strict=True)] == expected, lines


def test_site_rules_and_markdown_errors_come_together(site: Path, record: Path) -> None:
    def bad_theme() -> None:
        (site / "theme" / "templates").mkdir(parents=True)
        template = '{% extends "default/policy.html" %}\n{{ broken( }}\n'
        (site / "theme" / "templates" / "policy.html").write_text(template, encoding="utf-8")

    bad = {
        "content/policy-05/2001-01-01.md": '---\nsummary: Bad.\naliases: ["/old//x/"]\n---\n\nFine.\n',
        "content/policy-07/2010-01-01.md": BAD,
    }
    lines = _fails(site, record, bad, bad_theme)
    # As `ppgen check` lists them: the addresses, the theme, then each version's text.
    assert lines[0].startswith("content/policy-05/2001-01-01.md:3: alias `/old//x/` has an empty part"), lines
    assert lines[1].startswith("theme/templates/policy.html:2: theme template error"), lines
    assert lines[2].startswith("content/policy-07/2010-01-01.md:9: active content <script>"), lines
    assert len(lines) == 3, lines
