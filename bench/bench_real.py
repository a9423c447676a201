"""Real-history benchmark: the shared corpus of GitHub's site policies (90 policies, 952 versions), built
whole, its longest policy built alone, and rebuilt through the build cache.

Every figure is printed beside its anchor, measured in the same run: markdown-it-py alone rendering
the same versions in one process. Targets (issue 16): cold build ≤ 1.2 × anchor; the longest policy
alone ≤ 2 × its anchor and `-j 2` ≥ 1.7 × faster than `-j 1`; a cached rebuild with nothing changed
≤ 10 % of the cold build, after one version is added ≤ 25 %; the output ≤ 8 × the Markdown's bytes.
Beside the cold builds, what their redlines cost: the same builds with the consecutive pairs' redlines
only, and with none (the floor the rest of the build sets).

    python bench/bench_real.py [--corpus PATH] [--repeat 3] [--jobs N] [--dir /dev/shm]

Times are the best of `--repeat` runs, in this process (the build's workers are its children).
Builds write into `--dir` (default: the system's temporary folder); the file system's share is large
on a slow disk, so the folder is printed.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Its own folder too, for real_corpus beside it.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_it import MarkdownIt

from ppgen.pipeline.build import build, usable_cores
from ppgen.source.config import load_settings, with_overrides
from real_corpus import CORPUS, content_folder

AS_OF = date(2026, 6, 1)
CONFIG = 'title = "GitHub site policies"\nbase_url = "https://example.com/site-policy/"\ntemplate_syntax = "text"\n'
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def anchor(files: list[Path]) -> float:
    """Seconds markdown-it-py alone takes to render these versions' bodies once, in one process."""
    md = MarkdownIt("commonmark").enable("table")
    bodies = [path.read_text(encoding="utf-8").split("---\n", 2)[-1] for path in files]
    started = time.perf_counter()
    for body in bodies:
        md.render(body)
    return time.perf_counter() - started


def best(repeat: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(repeat))


_BUSY = "table = {}\nfor n in range(1_500_000):\n    table[str(n % 5000)] = n\n"
"""A fixed piece of pure-Python work (dictionaries and strings, as a build's): about 0.3 s."""


def _busy(processes: int) -> float:
    """Seconds `processes` fresh Python processes take to do `_BUSY` each, at once (fresh: a fork of this
    process, grown by the builds before, would pay for its size)."""
    started = time.perf_counter()
    running = [subprocess.Popen([sys.executable, "-c", _BUSY]) for _ in range(processes)]
    if any(process.wait() for process in running):
        raise SystemExit("the machine's yardstick failed")
    return time.perf_counter() - started


def scaling(repeat: int) -> float:
    """How many times faster this machine does two pieces of work at once in two processes than one
    after the other, now (best of `repeat` runs of each): 2 on two free cores, less when they share a
    core's caches or another machine's load (the anchor of `-j 1 / -j 2`)."""
    return 2 * best(repeat, lambda: _busy(1)) / best(repeat, lambda: _busy(2))


def timed_build(
    root: Path, out: str, jobs: int | None, cache: Path | None, pairs: tuple[str, ...] | None = None
) -> float:
    """Seconds one build of the site at `root` takes (its redlines by `pairs`, default: its settings')."""
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / out)
    settings = settings if pairs is None else replace(settings, diff_pairs=pairs)
    started = time.perf_counter()
    build(settings, as_of=AS_OF, jobs=jobs, cache=cache)
    return time.perf_counter() - started


def kind_of(name: str) -> str:
    """The kind of page (or file) an output path is."""
    parts = name.split("/")
    if parts[0] == "_static":
        return "static files"
    if "diff" in parts:
        return "redline pages"
    if "history" in parts:
        return "history pages"
    if name.endswith(".md"):
        return "raw texts (.md)"
    if name.endswith((".xml", ".json")) or ("." in parts[-1] and not name.endswith(".html")):
        return "feeds, JSON, host files"
    if len(parts) == 3 and _DAY.fullmatch(parts[1]):
        return "version pages"
    if len(parts) == 2:
        return "policy pages (in force)"
    return "site pages (index, 404)"


def output_table(site: Path, markdown_bytes: int) -> None:
    kinds: dict[str, list[int]] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            row = kinds.setdefault(kind_of(path.relative_to(site).as_posix()), [0, 0, 0])
            row[0] += 1
            row[1] += len(data)
            row[2] += len(gzip.compress(data, 6, mtime=0))
    total, zipped = sum(r[1] for r in kinds.values()), sum(r[2] for r in kinds.values())
    print(
        f"\noutput: {total / 1e6:.1f} MB ({total / markdown_bytes:.1f} × the Markdown's "
        f"{markdown_bytes / 1e6:.1f} MB; target ≤ 8), gzip {zipped / 1e6:.1f} MB"
    )
    print(f"{'kind':28}{'files':>7}{'MB':>9}{'gzip MB':>9}{'KB/file':>9}{'gzip KB/file':>14}")
    for kind, (count, size, gz) in sorted(kinds.items(), key=lambda item: -item[1][1]):
        print(
            f"{kind:28}{count:7}{size / 1e6:9.2f}{gz / 1e6:9.2f}{size / count / 1e3:9.1f}{gz / count / 1e3:14.1f}"
        )


_INSIDE = (
    (
        "change markers",
        re.compile(r'<span class="rl-note rl-change.*?</span></span> (?:<a [^>]*>.*?</a>\s?)*</span>', re.S),
    ),
    (
        "screen-reader words of ins/del",
        re.compile(r'<(?:ins|del)[^>]*>(<span class="(?:rl-note )?rl-sr">[^<]*</span>)'),
    ),
    ("fold links", re.compile(r'<p class="rl-note rl-fold">.*?</p>')),
    ("changed rows", re.compile(r'<div class="rl-row[^"]*">.*?</div></div>\n', re.S)),
    (
        "changed rows: older column",
        re.compile(r'<div class="rl-note rl-old">.*?</div><div class="rl-new">', re.S),
    ),
    ("changed rows: merged column", re.compile(r'<div class="rl-new">.*?</div></div>\n', re.S)),
)
"""Parts of the text (one markup for both views), measured apart (they overlap: a changed row holds
markers and words; its older column is side by side's only, its merged column both views'). A pattern
with a group measures that group."""


def redline_parts(site: Path) -> None:
    """Bytes of the redline pages by part: where a redline page's bytes go (issue 16)."""
    totals: dict[str, int] = {}

    def add(name: str, text: str) -> None:
        totals[name] = totals.get(name, 0) + len(text.encode())

    for path in sorted(site.rglob("index.html")):
        if "diff" not in path.relative_to(site).parts:
            continue
        page = path.read_text(encoding="utf-8")
        add("all", page)
        summary, views, footer = (
            page.find(mark)
            for mark in (
                '<section class="rl-summary"',
                '<fieldset class="rl-views"',
                '<footer class="policy-footer">',
            )
        )
        table = page.find('<details class="rl-table-fold"', summary, views)
        table_end = page.find("</details>", table) + len("</details>") if table >= 0 else views
        add("page around them", page[:summary] + page[footer:])
        add(
            "summary (without the change table)",
            page[summary : table if table >= 0 else views] + page[table_end:views],
        )
        add("change table", page[table:table_end] if table >= 0 else "")
        add("the text (both views)", page[views:footer])
        for name, pattern in _INSIDE:
            found = pattern.finditer(page, views, footer)
            add("  of the views: " + name, "".join(m.group(pattern.groups) for m in found))
    if totals:
        print(f"\nredline pages by part ({totals['all'] / 1e6:.1f} MB):")
        for name, size in totals.items():
            if name != "all":
                print(f"  {name:48}{size / 1e6:8.2f} MB {100 * size / totals['all']:5.1f}%")


def add_version(policy: Path) -> Path:
    """A new version of a policy: its latest text, a day later, with a paragraph added."""
    latest = max(policy.glob("*.md"))
    day = date.fromisoformat(latest.stem) + timedelta(days=1)
    added = policy / f"{day.isoformat()}.md"
    text = latest.read_text(encoding="utf-8").replace(
        f"effective: {latest.stem}", f"effective: {day.isoformat()}", 1
    )
    added.write_text(text + "\n\nA paragraph added for the benchmark.\n", encoding="utf-8")
    return added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        help="a tarball whose one folder is a content folder (github-site-policy.tar.xz), or a content folder",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: as ppgen build)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where the sites are made and built (default: the system's temporary folder)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        root = work / "corpus"
        root.mkdir()
        shutil.copytree(content_folder(args.corpus, work / "unpacked"), root / "content")
        (root / "ppgen.toml").write_text(CONFIG)
        files = sorted((root / "content").rglob("*.md"))
        markdown_bytes = sum(path.stat().st_size for path in files)
        policies = sorted(p for p in (root / "content").iterdir() if p.is_dir())
        longest = max(policies, key=lambda p: (len(list(p.glob("*.md"))), p.name))

        # The whole site, cold, beside its anchor (interleaved: both meet the machine in the same moods).
        anchors, colds = [], []
        for _ in range(args.repeat):
            anchors.append(anchor(files))
            colds.append(timed_build(root, "site", args.jobs, None))
        md_all, cold = min(anchors), min(colds)

        # What the redlines cost: the same build with the consecutive pairs' only, and with none (not a
        # setting: the floor that the rest of the build sets, whatever comparing costs).
        adjacent = best(args.repeat, lambda: timed_build(root, "site", args.jobs, None, ("adjacent",)))
        floor = best(args.repeat, lambda: timed_build(root, "site", args.jobs, None, ()))

        # The longest policy alone.
        one = work / "one"
        (one / "content").mkdir(parents=True)
        shutil.copytree(longest, one / "content" / longest.name)
        (one / "ppgen.toml").write_text(CONFIG)
        one_files = sorted((one / "content").rglob("*.md"))
        md_one = best(args.repeat, lambda: anchor(one_files))
        one_default = best(args.repeat, lambda: timed_build(one, "site", args.jobs, None))
        # -j 1 and -j 2 in turn, like the cold builds and their anchor, and the machine's own gain from a
        # second process measured between them: a ratio of two moods is no ratio.
        j1s, j2s, machine = [], [], []
        for _ in range(args.repeat):
            j1s.append(timed_build(one, "site", 1, None))
            machine.append(scaling(2))
            j2s.append(timed_build(one, "site", 2, None))
        one_j1, one_j2 = min(j1s), min(j2s)
        one_floor = best(args.repeat, lambda: timed_build(one, "site", args.jobs, None, ()))

        # The build cache: filled by one build, then a rebuild with nothing changed, then with one
        # version added to the longest policy (each run from a copy of the filled cache).
        cache = work / "cache"
        filling = timed_build(root, "site", args.jobs, cache)
        unchanged = best(args.repeat, lambda: timed_build(root, "site", args.jobs, cache))
        timed_build(root, "cold-check", args.jobs, None)
        same = (root / "site" / "ppgen-manifest.json").read_bytes() == (
            root / "cold-check" / "ppgen-manifest.json"
        ).read_bytes()

        def one_more() -> float:
            copy = work / "cache-copy"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(cache, copy)
            added = add_version(longest)
            try:
                return timed_build(root, "site", args.jobs, copy)
            finally:
                added.unlink()

        added_one = best(args.repeat, one_more)
        added = add_version(longest)
        timed_build(root, "cold-check", args.jobs, None)
        same_added = (root / "site" / "ppgen-manifest.json").read_bytes() == (
            root / "cold-check" / "ppgen-manifest.json"
        ).read_bytes()
        added.unlink()
        timed_build(root, "site", args.jobs, None)

        cores = usable_cores()
        jobs = args.jobs or min(cores, 8)
        print(
            f"corpus {args.corpus.name}: {len(policies)} policies, {len(files)} versions, "
            f"{markdown_bytes / 1e6:.1f} MB of Markdown; in {args.dir or tempfile.gettempdir()}"
        )
        print(
            f"best of {args.repeat} runs each, {cores} cores, {jobs} build process{'es' if jobs > 1 else ''}"
        )
        print(f"{'':46}{'seconds':>9}{'× anchor':>10}")
        print(f"{'markdown-it-py alone, every version (anchor)':46}{md_all:9.2f}")
        print(
            f"{'ppgen build, whole site, cold (--no-cache)':46}{cold:9.2f}{cold / md_all:10.2f}  (target ≤ 1.2)"
        )
        print(f"{'  the same, adjacent redlines only':46}{adjacent:9.2f}{adjacent / md_all:10.2f}")
        print(f"{'  the same, no redline (the floor)':46}{floor:9.2f}{floor / md_all:10.2f}")
        pages = sum(1 for _ in (root / "site").glob("*/diff/*/index.html"))
        each, version = (cold - floor) / pages, md_all / len(files)
        print(
            f"{'  what one redline page adds to the floor':46}{each * 1000:9.2f} ms  ({pages} pages; "
            f"{each / version:.2f} × markdown-it-py on one version, {version * 1000:.2f} ms)"
        )
        print(
            f"{'markdown-it-py alone, ' + longest.name[:20] + '…':46}{md_one:9.2f}   ({len(one_files)} versions)"
        )
        print(f"{'  that policy alone, cold':46}{one_default:9.2f}{one_default / md_one:10.2f}  (target ≤ 2)")
        print(f"{'  that policy, no redline (the floor)':46}{one_floor:9.2f}{one_floor / md_one:10.2f}")
        print(f"{'  -j 1':46}{one_j1:9.2f}{one_j1 / md_one:10.2f}")
        print(
            f"{'  -j 2':46}{one_j2:9.2f}{one_j2 / md_one:10.2f}  (-j 1 / -j 2 = {one_j1 / one_j2:.2f}; target ≥ 1.7)"
        )
        print(
            f"{'  the machine: two processes against one':46}{'':9}{'':10}  ({min(machine):.2f}–{max(machine):.2f} × "
            "as fast, pure Python, between those runs)"
        )
        print(f"{'cache: first build, filling it':46}{filling:9.2f}   ({filling / cold:.0%} of cold)")
        print(
            f"{'cache: rebuild, nothing changed':46}{unchanged:9.2f}   ({unchanged / cold:.0%} of cold; target "
            f"≤ 10%) same bytes as cold: {same}"
        )
        print(
            f"{'cache: rebuild, one version added':46}{added_one:9.2f}   ({added_one / cold:.0%} of cold; "
            f"target ≤ 25%) same bytes as cold: {same_added}"
        )
        output_table(root / "site", markdown_bytes)
        redline_parts(root / "site")


if __name__ == "__main__":
    main()
