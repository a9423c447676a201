"""Build benchmark: a synthetic site (20 policies × 25 versions × ~3,000 words), built whole.

Prints pages per second and peak memory beside the anchor: markdown-it-py alone rendering
the same Markdown in one process, measured in the same run. Target: build ≤ 1.5 × anchor.

    python bench/bench_build.py [--policies 20] [--versions 25] [--words 3000] [--repeat 3] [--jobs N] [--diff-pairs adjacent]

Both figures are the best of `--repeat` runs (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_it import MarkdownIt  # noqa: E402
from synthetic import make_site  # noqa: E402

from ppgen.build import build, usable_cores  # noqa: E402
from ppgen.config import load_settings  # noqa: E402


def anchor(content: Path) -> float:
    """Seconds markdown-it-py alone takes to render every version body once."""
    md = MarkdownIt("commonmark").enable("table")
    bodies = [path.read_text().split("---\n", 2)[2] for path in sorted(content.rglob("*.md"))]
    started = time.perf_counter()
    for body in bodies:
        md.render(body)
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its finished workers so far."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=20)
    parser.add_argument("--versions", type=int, default=25)
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: as ppgen build)")
    parser.add_argument("--diff-pairs", default="", help='e.g. "adjacent" (default: the site default, adjacent and to-current)')
    args = parser.parse_args()
    config = f'diff_pairs = "{args.diff_pairs}"\n' if args.diff_pairs else ""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp), args.policies, args.versions, args.words, config=config)
        words = sum(len(p.read_text().split()) for p in (root / "content").rglob("*.md"))
        settings = load_settings(root / "ppgen.toml")
        anchors, builds = [], []
        for _ in range(args.repeat):  # interleaved, so that both meet the machine in the same moods
            anchors.append(anchor(root / "content"))
            before = cpu_seconds()
            result = build(settings, as_of=date(2026, 1, 1), jobs=args.jobs)
            builds.append((result, cpu_seconds() - before))
        md_seconds = min(anchors)
        result, cpu = min(builds, key=lambda b: b[0].seconds)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    versions = args.policies * args.versions
    pairs = args.diff_pairs or "adjacent + to-current"
    print(f"synthetic site: {args.policies} policies × {args.versions} versions, {words:,} words of Markdown, redlines: {pairs}")
    cores = usable_cores()
    jobs = args.jobs or min(cores, 8)
    print(f"best of {args.repeat} runs each, {cores} cores, {jobs} build process{'es' if jobs > 1 else ''}")
    print(f"{'':34}{'seconds':>9}{'pages/s':>10}")
    print(f"{'markdown-it-py alone (anchor)':34}{md_seconds:9.2f}{versions / md_seconds:10.0f}  ({versions} documents)")
    print(f"{'ppgen build, whole site':34}{result.seconds:9.2f}{result.pages / result.seconds:10.0f}  ({result.pages} pages, {result.files} files)")
    print(f"ratio build / anchor: {result.seconds / md_seconds:.2f} (target ≤ 1.5)")
    print(f"CPU time of that build, all processes: {cpu:.2f} s ({cpu / md_seconds:.2f} × anchor, over {cores} cores)")
    print(f"peak memory: {peak_self:.0f} MB main process, {peak_children:.0f} MB largest worker")


if __name__ == "__main__":
    main()
