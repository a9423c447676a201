"""Fail-fast benchmark: how long a build takes to report one bad file among 500 versions.

A synthetic site (20 policies × 25 versions × ~3,000 words, as bench_build.py) is built whole;
then one version of one policy gets a `<script>` and is built again: that build fails, and the
time to its error is printed beside the good build and the anchor, measured in the same run:
loading the site and parsing every version (each policy's versions together, as a build does),
spread over the same number of processes. Target: time to the error ≈ anchor, far below the build.

    python bench/bench_failfast.py [--policies 20] [--versions 25] [--words 3000] [--repeat 3]
                                   [--jobs N] [--dir /dev/shm]

Each figure is the best of `--repeat` runs, interleaved (shared machines are noisy).
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from options import site_parser
from ppgen.core.errors import PpgenError
from ppgen.core.model import Site
from ppgen.pipeline.build import build, parse_versions, usable_cores
from ppgen.source.config import Settings, load_settings
from ppgen.source.load import load
from synthetic import make_site

AS_OF = date(2026, 1, 1)
_loaded: tuple[Site, Settings] | None = None
"""The site the anchor's forked workers parse (set before they start)."""


def _parse_policy(slug: str) -> int:
    assert _loaded is not None
    site, settings = _loaded
    docs, _ = parse_versions(list(site.policy(slug).versions), settings, jobs=1)
    return len(docs)


def anchor(settings: Settings, jobs: int) -> float:
    """Seconds to load the site and parse every version, a task per policy over `jobs` forked processes."""
    global _loaded
    started = time.perf_counter()
    site = load(settings, AS_OF).site
    _loaded = (site, settings)
    slugs = [policy.slug for policy in site.policies]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        parsed = sum(pool.map(_parse_policy, slugs))
    _loaded = None
    assert parsed == sum(len(policy.versions) for policy in site.policies)
    return time.perf_counter() - started


def time_to_error(settings: Settings, jobs: int | None) -> tuple[float, str]:
    """Seconds until the build of the bad site raises, and the first line of its error."""
    started = time.perf_counter()
    try:
        build(settings, as_of=AS_OF, jobs=jobs)
    except PpgenError as err:
        return time.perf_counter() - started, str(err.problems[0])
    raise AssertionError("the bad site built")


def main() -> None:
    parser = site_parser(__doc__, policies=20, versions=25, words=3000, repeat=3)
    args = parser.parse_args()
    jobs = args.jobs or min(usable_cores(), 8)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = make_site(Path(tmp), args.policies, args.versions, args.words)
        settings = load_settings(root / "ppgen.toml")
        bad = sorted((root / "content" / f"policy-{args.policies // 2:02d}").glob("*.md"))[args.versions // 2]
        good_text = bad.read_text(encoding="utf-8")
        anchors, goods, errors = [], [], []
        message = ""
        for _ in range(args.repeat):
            anchors.append(anchor(settings, jobs))
            goods.append(build(settings, as_of=AS_OF, jobs=args.jobs).seconds)
            bad.write_text(good_text + "\n<script>alert(1)</script>\n", encoding="utf-8")
            seconds, message = time_to_error(settings, args.jobs)
            errors.append(seconds)
            bad.write_text(good_text, encoding="utf-8")
    versions = args.policies * args.versions
    base, processes = min(anchors), f"{jobs} process{'es' if jobs > 1 else ''}"
    print(
        f"synthetic site: {args.policies} policies × {args.versions} versions, ~{args.words} words, one bad"
    )
    print(f"best of {args.repeat} runs each, {usable_cores()} cores, {processes}")
    print(f"{'':40}{'seconds':>9}")
    print(f"{'load and parse every version (anchor)':40}{base:9.2f}  ({versions} versions)")
    error = min(errors)
    print(f"{'ppgen build, one bad file: the error':40}{error:9.2f}  ({error / base:.2f} × anchor)")
    print(f"{'ppgen build, the good site, whole':40}{min(goods):9.2f}  ({min(goods) / base:.2f} × anchor)")
    print(f"the error: {message}")


if __name__ == "__main__":
    main()
