"""The command-line options of the synthetic-site benchmarks (bench_build.py, bench_failfast.py,
bench_memory.py): the site's size, the runs, the worker processes and the folder to work in.

    parser = options.site_parser(__doc__, policies=20, versions=25, words=3000, repeat=3)
    parser.add_argument(...)  # the benchmark's own options
    args = parser.parse_args()
"""

from __future__ import annotations

import argparse
from pathlib import Path


def site_parser(
    doc: str | None,
    *,
    policies: int | None = 20,
    versions: int = 25,
    words: int = 3000,
    repeat: int | None = 3,
) -> argparse.ArgumentParser:
    """A parser described by the first line of `doc` (the benchmark's docstring), with --policies,
    --versions, --words, --repeat, --jobs and --dir. `policies` or `repeat` None leaves that option out
    (bench_memory sizes its sites with options of its own and measures each once)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    if policies is not None:
        parser.add_argument("--policies", type=int, default=policies)
    parser.add_argument("--versions", type=int, default=versions)
    parser.add_argument("--words", type=int, default=words)
    if repeat is not None:
        parser.add_argument("--repeat", type=int, default=repeat, help="runs of each; the best is reported")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: as ppgen build)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where the site is made and built (default: the system's temporary folder)",
    )
    return parser
