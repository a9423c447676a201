"""Build benchmark: a synthetic site (20 policies × 25 versions × ~3,000 words), built whole.

Prints pages per second and peak memory beside the anchor: markdown-it-py alone rendering
the same Markdown in one process, measured in the same run. Target: build ≤ 1.5 × anchor.

    python bench/bench_build.py [--policies 20] [--versions 25] [--words 3000] [--repeat 3] [--jobs N]
                                [--diff-pairs adjacent] [--dir /dev/shm]

Both figures are the best of `--repeat` runs (shared machines are noisy). The site and its output
go in a temporary folder inside `--dir` (default: the system's). What the file system charges is
printed apart, since it depends on that folder more than on ppgen: the build's kernel time, and
how long the build's writer alone takes to write the same files and folders again.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_it import MarkdownIt

from options import site_parser
from ppgen.pipeline.build import build, usable_cores
from ppgen.site.write import write_files
from ppgen.source.config import load_settings
from synthetic import make_site


def anchor(content: Path) -> float:
    """Seconds markdown-it-py alone takes to render every version body once."""
    md = MarkdownIt("commonmark").enable("table")
    bodies = [path.read_text().split("---\n", 2)[2] for path in sorted(content.rglob("*.md"))]
    started = time.perf_counter()
    for body in bodies:
        md.render(body)
    return time.perf_counter() - started


def bare_write(site: Path, into: Path) -> tuple[float, int]:
    """Seconds the build's own writer takes, in one process and with nothing else to do, to write
    the built site's files again, and how many folders they are in: what this file system charges
    for the output alone."""
    files = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
    started = time.perf_counter()
    write_files(into, files)
    seconds = time.perf_counter() - started
    shutil.rmtree(into)
    return seconds, len({name.rpartition("/")[0] for name in files})


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user, system) of this process and of its finished workers so far."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + workers.ru_utime, me.ru_stime + workers.ru_stime


def main() -> None:
    parser = site_parser(__doc__, policies=20, versions=25, words=3000, repeat=3)
    parser.add_argument(
        "--diff-pairs",
        default="",
        help='e.g. "adjacent" (default: the site default, adjacent and to-current)',
    )
    args = parser.parse_args()
    config = f'diff_pairs = "{args.diff_pairs}"\n' if args.diff_pairs else ""
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = make_site(Path(tmp), args.policies, args.versions, args.words, config=config)
        words = sum(len(p.read_text().split()) for p in (root / "content").rglob("*.md"))
        settings = load_settings(root / "ppgen.toml")
        anchors, builds = [], []
        for _ in range(args.repeat):  # interleaved, so that both meet the machine in the same moods
            anchors.append(anchor(root / "content"))
            before = cpu_seconds()
            result = build(settings, as_of=date(2026, 1, 1), jobs=args.jobs)
            after = cpu_seconds()
            builds.append((result, after[0] - before[0], after[1] - before[1]))
        md_seconds = min(anchors)
        result, user, system = min(builds, key=lambda b: b[0].seconds)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        writes = [
            bare_write(result.out, Path(tmp) / f"bare-{run}") for run in range(args.repeat)
        ]  # (after the peaks: it holds the site)
        write_seconds, folders = min(writes)
    versions = args.policies * args.versions
    pairs = args.diff_pairs or "adjacent + to-current"
    print(
        f"synthetic site: {args.policies} policies × {args.versions} versions, {words:,} words of Markdown, "
        f"redlines: {pairs}; in {args.dir or tempfile.gettempdir()}"
    )
    cores = usable_cores()
    jobs = args.jobs or min(cores, 8)
    print(f"best of {args.repeat} runs each, {cores} cores, {jobs} build process{'es' if jobs > 1 else ''}")
    print(f"{'':34}{'seconds':>9}{'pages/s':>10}")
    print(
        f"{'markdown-it-py alone (anchor)':34}{md_seconds:9.2f}{versions / md_seconds:10.0f}  ({versions} documents)"
    )
    print(
        f"{'ppgen build, whole site':34}{result.seconds:9.2f}{result.pages / result.seconds:10.0f}  "
        f"({result.pages} pages, {result.files} files)"
    )
    print(f"ratio build / anchor: {result.seconds / md_seconds:.2f} (target ≤ 1.5)")
    print(
        f"CPU time of that build, all processes: {user + system:.2f} s ({(user + system) / md_seconds:.2f} × "
        f"anchor, over {cores} cores),"
    )
    print(f"  of it in the kernel (writing and removing files, mostly): {system:.2f} s")
    print(
        f"this file system: writing the same {result.files} files in {folders} folders, and nothing else, "
        f"takes {write_seconds:.2f} s (one process)"
    )
    print(f"peak memory: {peak_self:.0f} MB main process, {peak_children:.0f} MB largest worker")


if __name__ == "__main__":
    main()
