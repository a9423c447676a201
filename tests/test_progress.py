"""Build progress counts pages (redlines, feeds and raw texts included) and, among them, redlines: done and
left, honest however the render work is cut into tasks (one long policy is several), and whether pages come
from the cache."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ppgen.pipeline.build import build
from ppgen.pipeline.report import Done
from ppgen.source.config import load_settings, with_overrides
from ptys import drained
from test_cache import _site

_BAR = re.compile(r"Pages +\[[#-]+\] +(\d+)/(\d+).*?redlines (\d+)/(\d+)")
"""A line of the bar: pages written of their total, then redlines written of theirs."""


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_every_page_written(tmp_path: Path, jobs: int) -> None:
    root = _site(tmp_path / "src", policies=2, versions=14, paragraphs=4)
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / "site")
    for cache in (None, root / ".cache", root / ".cache"):  # cold, filling the cache, from the cache
        calls: list[Done] = []
        result = build(
            settings,
            as_of=date(2025, 6, 1),
            jobs=jobs,
            progress=calls.append,
            cache=cache,
        )
        host_files = {"_static", "_headers", "_redirects", "ppgen-manifest.json", ".ppgen-site"}
        pages = [
            p
            for p in (root / "site").rglob("*")
            if p.is_file() and p.relative_to(root / "site").parts[0] not in host_files
        ]
        planned = {(done.pages_total, done.redlines_total) for done in calls}
        assert len(planned) == 1, calls
        ((total, redlines),) = planned
        shown = [(done.pages, done.redlines) for done in calls]
        assert shown == sorted(shown) and shown[-1] == (total, redlines) and len(calls) >= 3, calls
        assert [done.redlines for done in calls] == sorted(done.redlines for done in calls), calls
        assert any(0 < done.redlines < redlines for done in calls), (
            calls
        )  # counted as tasks end, not at the end
        assert (calls[-2].pages, calls[-2].redlines) == (total, redlines), (
            calls
        )  # the tasks' own counts add up
        assert total == len(pages) and result.pages <= total, (
            total,
            len(pages),
            result.pages,
        )  # every page, no other file
        assert redlines == sum(p.name == "index.html" and "diff" in p.parts for p in pages) > 0


def test_the_bar_on_a_terminal_shows_pages_and_redlines_done_and_left(tmp_path: Path) -> None:
    """`ppgen build` with its stderr on a pseudo-terminal: the bar counts pages of their total, and redlines."""
    root = _site(tmp_path / "src", policies=4, versions=14, paragraphs=4)
    controller, terminal = pty.openpty()
    build_process = subprocess.Popen(
        [sys.executable, "-m", "ppgen", "build", "--as-of", "2025-06-01", "--no-cache", "-j", "2"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    shown = drained(controller)
    assert build_process.wait(timeout=60) == 0, shown
    text = shown.decode()
    redlines = sum(1 for page in (root / "site").rglob("index.html") if "diff" in page.parts)
    counts = [(int(a), int(b), int(c), int(d)) for a, b, c, d in _BAR.findall(text)]
    assert counts, text
    pages_total = {total for _, total, _, _ in counts}
    assert len(pages_total) == 1 and pages_total.pop() >= 200, counts
    assert {total for _, _, _, total in counts} == {redlines}, counts
    assert any(0 < done < redlines for _, _, done, _ in counts), counts  # seen along the way
    assert counts[-1][0] == counts[-1][1] and counts[-1][2] == redlines, counts
    assert "Built " in text
