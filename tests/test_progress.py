"""Build progress counts pages (redlines, feeds and raw texts included): done and left, honest however the
render work is cut into tasks (one long policy is several), and whether pages come from the cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ppgen.pipeline.build import build
from ppgen.source.config import load_settings, with_overrides
from test_cache import _site


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_every_page_written(tmp_path: Path, jobs: int) -> None:
    root = _site(tmp_path / "src", policies=2, versions=14, paragraphs=4)
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / "site")
    for cache in (None, root / ".cache", root / ".cache"):  # cold, filling the cache, from the cache
        calls: list[tuple[int, int]] = []
        result = build(
            settings,
            as_of=date(2025, 6, 1),
            jobs=jobs,
            progress=lambda done, total, calls=calls: calls.append((done, total)),
            cache=cache,
        )
        host_files = {"_static", "_headers", "_redirects", "ppgen-manifest.json", ".ppgen-site"}
        pages = [
            p
            for p in (root / "site").rglob("*")
            if p.is_file() and p.relative_to(root / "site").parts[0] not in host_files
        ]
        planned = {total for _, total in calls}
        assert len(planned) == 1, calls
        (total,) = planned
        shown = [done for done, _ in calls]
        assert shown == sorted(shown) and shown[-1] == total and len(calls) >= 3, calls
        assert total == len(pages) and result.pages <= total, (
            total,
            len(pages),
            result.pages,
        )  # every page, no other file
