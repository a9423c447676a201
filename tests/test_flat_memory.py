"""Issue 16, "memory flat in the size of the site": after phase 1 (the site loaded and parsed, which the
model itself needs), what the main process of a build allocates must not grow with the site's versions
beyond a small bound per version. Measured with tracemalloc (Python's own allocations: deterministic, unlike
resident memory, which depends on the allocator and the machine's load), in a fresh process per build.

Before flat memory, the main process built the site's feed and sitemap as whole ElementTree trees and kept
a dict of hex digests of every written file: about 3.5 KB per version on this site; 0.66 KB once the site's
feed, sitemap and manifest were written as they are made, the digests held packed; about 0.3 KB now that the
site's feed makes its entries a day at a time and the digests share their paths' prefixes."""

from __future__ import annotations

import functools
import gc
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ppgen.core.dates import build_today
from ppgen.pipeline import tasks
from ppgen.pipeline.build import parse_site
from ppgen.site.plan import SitePlan
from ppgen.source.config import load_settings
from ppgen.source.folder import find_policies
from ppgen.source.load import load

CHILD = """
import json, sys, tracemalloc
from datetime import date
from pathlib import Path
from ppgen.pipeline import build
from ppgen.source.config import load_settings

parse_site = build.parse_site


def parsed(*args, **kwargs):
    site = parse_site(*args, **kwargs)
    tracemalloc.start()  # from phase 2 on: what rendering and writing the site hold in this process
    return site


build.parse_site = parsed
build.build(load_settings(Path(sys.argv[1]) / "ppgen.toml"), as_of=date(2026, 1, 1), jobs=2)
print(json.dumps(tracemalloc.get_traced_memory()[1]))
"""

VERSIONS = 8
PER_VERSION = 450
"""Bytes the main process may allocate at its peak, per version of the site, beyond those of a small site."""


def _policy_folders(root: Path, policies: int) -> Iterator[tuple[int, Path]]:
    """A site with feeds in `root`: each policy's number and its empty folder."""
    (root / "content").mkdir(parents=True)
    (root / "ppgen.toml").write_text('title = "Memory"\nbase_url = "https://example.com/legal/"\n')
    for number in range(policies):
        folder = root / "content" / f"policy-{number:03d}"
        folder.mkdir()
        yield number, folder


def _site(root: Path, policies: int) -> Path:
    for number, folder in _policy_folders(root, policies):
        day = date(2020, 1, 1)
        for version in range(VERSIONS):
            (folder / f"{day.isoformat()}.md").write_text(
                f"---\ntitle: Policy {number}\nsummary: Version {version}\n---\n\n"
                f"# Terms\n\nClause {version} of policy {number}.\n"
            )
            day += timedelta(days=30)
    return root


def _peak(root: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, check=True, cwd=root
    )
    peak: int = json.loads(done.stdout.splitlines()[-1])
    return peak


def test_the_main_process_holds_no_page_state_for_the_whole_site(tmp_path: Path) -> None:
    small, large = 40, 200
    growth = _peak(_site(tmp_path / "large", large)) - _peak(_site(tmp_path / "small", small))
    per_version = growth / ((large - small) * VERSIONS)
    assert per_version < PER_VERSION, f"{per_version:.0f} bytes more per version in the main process"


def _model_size(root: Path) -> int:
    """What the loaded site and its plan hold (tracemalloc), once loading has let go of everything else."""
    settings = load_settings(root / "ppgen.toml")
    gc.collect()
    tracemalloc.start()
    try:
        site_plan = SitePlan.of(load(settings, build_today(settings.zone, date(2026, 1, 1))).site, settings)
        assert site_plan.redline("policy-000", date(2020, 1, 1), date(2020, 1, 31)) is not None
        gc.collect()
        return tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()


def test_the_model_holds_little_per_version(tmp_path: Path) -> None:
    """The main process holds the whole model, and every worker forked from it starts with it: per version, a
    date, its summary, one path, a digest and the fields themselves. A policy's versions share their title and
    the layout of their front matter; the plan's redlines are worked out when asked, not listed. (Before:
    about 1,170 bytes per version on this site; now about 500.)"""
    small, large = 40, 200
    growth = _model_size(_site(tmp_path / "large", large)) - _model_size(_site(tmp_path / "small", small))
    per_version = growth / ((large - small) * VERSIONS)
    assert per_version < 750, f"{per_version:.0f} bytes of model per version"


def test_finding_the_policies_holds_names_not_sources(tmp_path: Path) -> None:
    """Every policy is found (and each file checked readable) before the first is loaded: what that holds per
    version file stays with the build's main process, and every worker it forks, as room once it is let go.
    It holds each file's name (before: a `Source` and its `Path`, about 630 bytes a version)."""
    root = _site(tmp_path / "site", 100)
    gc.collect()
    tracemalloc.start()
    try:
        found = find_policies(root / "content", [])
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held / (100 * VERSIONS) < 150, f"{held / (100 * VERSIONS):.0f} bytes per version file found"
    assert sum(len(policy.sources) for policy in found) == 100 * VERSIONS
    assert [source.name_date for source in found[0].sources] == [
        date(2020, 1, 1) + timedelta(days=30 * n) for n in range(VERSIONS)
    ]


def _wordy_site(root: Path, policies: int) -> Path:
    """Policies whose headings and changed words are their own: what a worker keeps of one is no use to the next."""
    for number, folder in _policy_folders(root, policies):
        for version, day in enumerate(("2024-01-01", "2024-06-01", "2025-01-01")):
            sections = "".join(
                f"## Section {part} of policy {number}\n\nWe keep record {number}-{part}-{version} for"
                f" [{version * 7 + part} days](https://example.com/{number}/{version}).\n\n"
                for part in range(6)
            )
            (folder / f"{day}.md").write_text(f"---\ntitle: Policy {number}\n---\n\n{sections}")
    return root


def _clear_bounded_tables() -> None:
    """Empty ppgen's `lru_cache` tables (tags, dates, numbers: each bounded, by design, at a thousand or a few
    answers), which fill over the first hundreds of policies: what is measured is what grows without bound."""
    gc.collect()
    for found in gc.get_objects():
        if isinstance(found, functools._lru_cache_wrapper) and found.__module__.startswith("ppgen."):
            found.cache_clear()


def test_a_render_worker_keeps_nothing_of_the_policies_it_rendered_before(tmp_path: Path) -> None:
    """A worker renders one policy after another: the words and headings it keeps to render a policy's pages
    (each said once for all of them) are let go before the next, so that its memory is set by the largest
    policy, not by how many it rendered. Before, every policy added about 10 KB to what a worker held (now
    under 1 KB: words kept by the bounded tables of the redline)."""
    root = _wordy_site(tmp_path / "site", 60)
    settings = load_settings(root / "ppgen.toml")
    site_plan = SitePlan.of(load(settings, build_today(settings.zone, date(2025, 6, 1))).site, settings)
    parsed = parse_site(site_plan, settings, jobs=1)
    held = []
    tracemalloc.start()
    try:
        for policy in parsed.policies:
            docs = policy.documents(site_plan, settings, None)
            tasks.render_policy(site_plan, settings, parsed.look, policy.slug, docs)
            del docs
            _clear_bounded_tables()
            held.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    per_policy = (held[-1] - held[9]) / (len(held) - 10)
    assert per_policy < 2_000, f"{per_policy:.0f} bytes kept per policy rendered"
