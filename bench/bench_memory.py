"""Memory benchmark: peak resident memory of a build as the site grows in policies, not in versions.

Builds a synthetic site of 100 policies × 8 versions and one of 800 × 8 (each in a fresh process,
cold, no build cache) and prints the peak of the main process and of the largest worker for each,
and their ratio, and the growth per version added. Target (issue 16): the large site's peaks ≤ 1.2 × the
small one's, under 1 GB.

    python bench/bench_memory.py [--small 100] [--large 800] [--versions 8] [--words 1500] [--jobs N]
                                 [--dir /dev/shm]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from options import site_parser
from synthetic import make_site

CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from ppgen.pipeline.build import build
from ppgen.source.config import load_settings
root, jobs = Path(sys.argv[1]), (int(sys.argv[2]) or None)
started = time.perf_counter()
result = build(load_settings(root / "ppgen.toml"), as_of=date(2026, 1, 1), jobs=jobs)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "pages": result.pages,
    "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def measure(folder: Path, policies: int, versions: int, words: int, jobs: int | None) -> dict[str, float]:
    root = make_site(folder, policies, versions, words)
    markdown = sum(path.stat().st_size for path in (root / "content").rglob("*.md"))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(jobs or 0)],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    figures["markdown_mb"] = markdown / 1e6
    return figures


def main() -> None:
    parser = site_parser(__doc__, policies=None, versions=8, words=1500, repeat=None)
    parser.add_argument("--small", type=int, default=100, help="policies of the small site")
    parser.add_argument("--large", type=int, default=800, help="policies of the large site")
    args = parser.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for count in (args.small, args.large):
            rows[count] = measure(Path(tmp) / f"site-{count}", count, args.versions, args.words, args.jobs)
    print(
        f"synthetic sites of {args.versions} versions × ~{args.words} words per policy, built cold in a fresh process"
    )
    print(f"{'policies':>9}{'Markdown MB':>13}{'pages':>8}{'seconds':>9}{'main MB':>9}{'worker MB':>11}")
    for count, row in rows.items():
        print(
            f"{count:9}{row['markdown_mb']:13.1f}{row['pages']:8.0f}{row['seconds']:9.1f}{row['main_mb']:9.1f}{row['worker_mb']:11.1f}"
        )
    small, large = rows[args.small], rows[args.large]
    print(
        f"ratio {args.large} / {args.small}: main process {large['main_mb'] / small['main_mb']:.3f}, largest "
        f"worker {large['worker_mb'] / small['worker_mb']:.3f} (target ≤ 1.2 each, under 1 GB)"
    )
    more = (args.large - args.small) * args.versions
    print(
        f"growth per version added: main process {(large['main_mb'] - small['main_mb']) * 1024 * 1024 / more:.0f} "
        f"bytes, largest worker {(large['worker_mb'] - small['worker_mb']) * 1024 * 1024 / more:.0f} bytes "
        f"(target: about 1,300 bytes for the main process)"
    )


if __name__ == "__main__":
    main()
