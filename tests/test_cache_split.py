"""A cached rebuild's comparisons spread over the workers: a version added to one policy of a site of many
(none of them cut by its share of the site's redlines) leaves that policy's redlines to the new version
as the build's only comparisons; the policy is then cut into slices, one task each, and the site is the
same bytes as a cold build. The next build, with nothing changed, cuts it the same way (its pages' entries
are for that cut)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import tree_bytes
from ppgen.core.dates import build_today
from ppgen.pipeline import tasks
from ppgen.pipeline.build import build
from ppgen.pipeline.cache import BuildCache
from ppgen.site.plan import SitePlan
from ppgen.source.config import Settings, load_settings, with_overrides
from ppgen.source.load import load
from test_cache import _add_version, _site

AS_OF = date(2035, 6, 1)
"""After every version (the site's versions are effective on 1 January of 2020, 2021…)."""


def _plan(root: Path) -> tuple[SitePlan, Settings]:
    settings = load_settings(root / "ppgen.toml")
    return SitePlan.of(load(settings, build_today(settings.zone, AS_OF)).site, settings), settings


def _built(root: Path, out: str, cache: bool = True) -> dict[str, bytes]:
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / out)
    build(settings, as_of=AS_OF, jobs=2, cache=root / ".ppgen-cache" if cache else None)
    return tree_bytes(root / out)


def test_the_redlines_left_to_compare_are_cut_over_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path / "src", policies=4, versions=12, paragraphs=6)
    plan, settings = _plan(root)
    assert tasks.workers_for(plan, 2) == 2
    whole = [(f"policy-{p}", (0, 1)) for p in range(4)]
    assert tasks.split(plan, 2) == whole  # no policy is more than a worker's share of the site's redlines
    _built(root, "first")
    store = BuildCache(root / ".ppgen-cache")
    assert tasks.split(plan, 2, settings, store) == whole  # nothing to compare: cut as without a cache

    _add_version(root, 1, 12, paragraphs=6)
    plan, settings = _plan(root)
    parts = tasks.split(plan, 2, settings, store)
    assert parts == [whole[0], *[("policy-1", (i, 2)) for i in range(2)], *whole[2:]], parts
    assert tasks.split(plan, 2) == whole
    assert tasks.split(plan, 1, settings, store) == whole  # one process: no cuts

    # The build itself, its tasks so cut (as `build.render_site` asks `split`), writes a cold build's bytes.
    cut: list[list[tuple[str, tasks.Part]]] = []
    split = tasks.split

    def cached_split(site_plan: SitePlan, workers: int, *_: object) -> list[tuple[str, tasks.Part]]:
        cut.append(split(site_plan, workers, settings, store))
        return cut[-1]

    monkeypatch.setattr(tasks, "split", cached_split)
    after = _built(root, "after")
    assert cut == [parts]
    assert after == _built(root, "cold", cache=False)

    # Nothing changed since: cut as that build cut it, so every page comes from its entries.
    pages = {p.name for p in (store.entries / "pages").iterdir()}
    assert _built(root, "again") == after
    assert cut[-1] == parts
    assert {p.name for p in (store.entries / "pages").iterdir()} == pages
