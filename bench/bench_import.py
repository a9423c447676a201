"""Benchmark: importing an HTML snapshot from before HTML5, its paragraphs parted by `<br><br>` in one `<div>`.

Run from the repository root: `python bench/bench_import.py [--paragraphs N ...] [--repeat R]`.

Such a page puts thousands of `<br>`s side by side in one element; work done per `<br>` that costs a search
of its parent's children (removing or replacing a node in BeautifulSoup does) makes the import quadratic.
Printed beside ppgen's `html_to_markdown`, measured in the same run on the same page: markdownify alone
converting it (the anchor: parsing and writing Markdown, none of ppgen's reading of the page). The ratio
should stay flat as the page grows.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markdownify import markdownify

from ppgen.importers.from_html import html_to_markdown

SENTENCE = "We keep the data you give us for as long as your account is open, and we never sell it. "


def page(paragraphs: int) -> bytes:
    """A page of `paragraphs` paragraphs of about 100 characters, parted by `<br><br>` in one `<div>`."""
    text = "<br><br>\n".join(f"{n}. {SENTENCE}" for n in range(paragraphs))
    return f"<html><head><title>Privacy</title></head><body><div>{text}</div></body></html>".encode()


def best(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'paragraphs':>10} {'KB':>7} {'ppgen s':>8} {'anchor s':>9} {'ratio':>6}")
    for paragraphs in args.paragraphs:
        raw = page(paragraphs)
        ours = best(lambda raw=raw: html_to_markdown(raw, "page.html"), args.repeat)
        anchor = best(lambda raw=raw: markdownify(raw.decode()), args.repeat)
        print(f"{paragraphs:>10} {len(raw) // 1024:>7} {ours:>8.2f} {anchor:>9.2f} {ours / anchor:>6.2f}")


if __name__ == "__main__":
    main()
