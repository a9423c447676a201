"""Issue 16, "memory flat in the size of the site": after phase 1 (the site loaded and parsed, which the
model itself needs), what the main process of a build allocates must not grow with the site's versions
beyond a small bound per version. Measured with tracemalloc (Python's own allocations: deterministic, unlike
resident memory, which depends on the allocator and the machine's load), in a fresh process per build.

Before flat memory, the main process built the site's feed and sitemap as whole ElementTree trees and kept
a dict of hex digests of every written file: about 3.5 KB per version on this site, against about 0.7 KB
now (the site's feed, sitemap and manifest are written as they are made, the digests held packed)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

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
PER_VERSION = 1500
"""Bytes the main process may allocate at its peak, per version of the site, beyond those of a small site."""


def _site(root: Path, policies: int) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "ppgen.toml").write_text('title = "Memory"\nbase_url = "https://example.com/legal/"\n')
    for number in range(policies):
        folder = root / "content" / f"policy-{number:03d}"
        folder.mkdir()
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
