"""The top-level guard: an exception that is not about the input is a bug, said in one line.

No input is known to crash ppgen for good (each one found is fixed at its cause and gets its own
`path:line` error), so these tests make one library function raise, on purpose: the guard is what
is under test. The worker test runs a real build over real worker processes in a subprocess.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import ppgen.site.render
from bad_cases.guard import CASES as GUARD_CASES
from badinput import AS_OF, CONFIG, GOOD, SECOND, Bad, body, run_bad, snapshot
from ppgen.commands.cli import INTERNAL_ERROR, main
from ppgen.commands.serve import Preview
from ppgen.source.config import load_settings

REPO = Path(__file__).resolve().parent.parent
BUG_LINE = re.compile(
    r"ppgen: internal error: (\w+): (.*) "
    r"\(this is a bug in ppgen: please report it with the input that caused it; "
    r"PPGEN_DEBUG=1 shows the traceback\)"
)


def run(*args: str) -> Result:
    """The command line in this process; the guard leaves nothing for CliRunner to catch but SystemExit."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good site (the working folder) with site/ built from it."""
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("PPGEN_DEBUG", raising=False)
    assert run("build", *AS_OF, "-q").exit_code == 0
    return root


def explode(*_args: object, **_kwargs: object) -> str:
    raise RuntimeError("page went\nsideways")


def test_a_bug_in_build_is_one_line_and_exit_3(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ppgen.site.render.Renderer, "render", explode)
    before = snapshot(site)
    result = run("build", *AS_OF, "--no-cache")  # render, not reuse the pages of the site's first build
    assert result.exit_code == INTERNAL_ERROR == 3
    [line] = result.stderr.splitlines()
    match = BUG_LINE.fullmatch(line)
    assert match and match.groups() == ("RuntimeError", "page went sideways"), line
    assert result.stdout == ""
    assert snapshot(site) == before, "a build that failed by a bug changed files on disk"


def test_a_bug_in_check_is_one_line_and_exit_3(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ppgen.commands.check.load", explode)
    result = run("check", *AS_OF)
    assert result.exit_code == INTERNAL_ERROR
    assert [BUG_LINE.fullmatch(line) is not None for line in result.stderr.splitlines()] == [True], (
        result.stderr
    )


def test_ppgen_debug_shows_the_traceback_then_the_line(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ppgen.site.render.Renderer, "render", explode)
    monkeypatch.setenv("PPGEN_DEBUG", "1")
    result = run("build", *AS_OF, "--no-cache")
    assert result.exit_code == INTERNAL_ERROR
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):" and "in explode" in result.stderr, result.stderr
    assert BUG_LINE.fullmatch(lines[-1]), lines[-1]


def test_input_errors_and_ctrl_c_are_not_bugs(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / SECOND).write_text(body("## A\n\n<script>x</script>\n"), encoding="utf-8")
    result = run("build", *AS_OF)
    assert result.exit_code == 1 and result.stderr.startswith(f"{SECOND}:6: active content <script>"), (
        result.stderr
    )

    def interrupt(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("ppgen.commands.check.load", interrupt)
    result = run("check", *AS_OF)
    assert result.exit_code == 1 and result.stderr.strip() == "Aborted!", (
        result.stderr
    )  # click's own answer to Ctrl-C


WORKER_BUG = """
import multiprocessing, os, runpy, sys
import ppgen.site.render

original = ppgen.site.render.Renderer.render

def render(self, spec):
    if multiprocessing.parent_process() is not None:
        raise LookupError(f"raised in worker {os.getpid()}, not in {multiprocessing.parent_process().pid}")
    return original(self, spec)

ppgen.site.render.Renderer.render = render
sys.argv = ["ppgen", "build", "--as-of", "2026-01-01", "--jobs", "2", "--no-cache"]  # render, not reuse
runpy.run_module("ppgen", run_name="__main__", alter_sys=True)
"""


def test_a_bug_in_a_worker_process_is_reported_by_the_parent(make_site: Callable[..., Path]) -> None:
    """Two policies of 20 versions each: big enough for `ppgen build -j 2` to render them in worker processes.
    It runs as `python -m ppgen` would (runpy), after making the workers' page rendering raise."""
    files: dict[str, str | bytes] = {}
    for slug in ("privacy", "terms"):
        for month in range(20):
            day = date(2024 + month // 12, month % 12 + 1, 1).isoformat()
            files[f"content/{slug}/{day}.md"] = body(
                f"## Section\n\nText of {day}.\n", f"title: {slug.title()}\n" if month == 0 else ""
            )
    root = make_site(files, CONFIG)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PPGEN_DEBUG", None)
    good = subprocess.run(
        [sys.executable, "-m", "ppgen", "build", "-q", "--as-of", "2026-01-01"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    before = snapshot(root)
    bad = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(WORKER_BUG)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == INTERNAL_ERROR, bad.stderr
    [line] = bad.stderr.splitlines()
    match = BUG_LINE.fullmatch(line)
    assert (
        match
        and match.group(1) == "LookupError"
        and re.fullmatch(r"raised in worker \d+, not in \d+", match.group(2))
    ), line
    assert snapshot(root) == before


def test_a_bug_in_the_preview_rebuild_is_logged_in_one_line_and_the_last_good_site_kept(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log: list[str] = []
    preview = Preview(lambda: load_settings(site / "ppgen.toml"), date(2025, 6, 1), log.append)
    preview.rebuild()
    good = preview.hub.current().files
    assert b"Example Ltd" in good["privacy/index.html"], log
    monkeypatch.setattr("ppgen.commands.serve.load", explode)
    preview.rebuild()
    assert log[-1].splitlines()[0] == "Build failed; still serving the last good build:", log[-1]
    [line] = log[-1].splitlines()[1:]
    assert BUG_LINE.fullmatch(line.strip()), line
    now = preview.hub.current()
    assert now.files is good and now.error is not None and BUG_LINE.fullmatch(now.error), now.error
    monkeypatch.setenv("PPGEN_DEBUG", "1")
    preview.rebuild()
    assert "Traceback (most recent call last):" in log[-1] and "in explode" in log[-1]
    monkeypatch.undo()
    monkeypatch.chdir(site)
    preview.rebuild()
    assert preview.hub.current().error is None and "Built in" in log[-1]


@pytest.mark.parametrize("bad", GUARD_CASES, ids=[case.name for case in GUARD_CASES])
def test_bad_input(site: Path, bad: Bad) -> None:
    run_bad(site, bad)
