"""Where one policy's build time goes, on one core: parsing, the redlines and the pages, beside
markdown-it-py alone rendering the same versions. Best of `--runs`, nothing kept from one run
to the next.

    python bench/bench_policy.py [--versions 25] [--words 3000] [--runs 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_it import MarkdownIt

from ppgen.pipeline import build
from ppgen.redline import compare as redline
from ppgen.redline.cache import PolicyCache
from ppgen.site.plan import SitePlan
from ppgen.site.render import Renderer
from ppgen.source import texts
from ppgen.source.config import load_settings
from ppgen.source.load import load
from synthetic import make_site

T = TypeVar("T")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=25)
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    md = MarkdownIt("commonmark").enable("table")
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp), 1, args.versions, args.words)
        settings = load_settings(root / "ppgen.toml")
        site = load(settings, date(2026, 1, 1)).site
        policy = site.policies[0]
        look = build.Look.of(settings)
        site_plan = SitePlan.of(site, settings)
        keys = list(site_plan.pairs)
        for _ in range(args.runs):
            cache = PolicyCache()  # the policy's, as a build makes it: nothing kept from the run before
            times: dict[str, float] = {}

            def timed(name: str, function: Callable[[], T], times: dict[str, float] = times) -> T:
                started = time.process_time()
                result = function()
                times[name] = times.get(name, 0.0) + time.process_time() - started
                return result

            # The model holds no text: read once, outside the anchor's time.
            bodies = texts.bodies(policy.versions)
            timed("markdown-it-py alone (anchor)", lambda bodies=bodies: [md.render(body) for body in bodies])
            docs, _ = timed("parse", lambda: build.parse_versions(list(policy.versions), settings, jobs=1))
            pairs = [(docs[(key[0], key[1])], docs[(key[0], key[2])]) for key in keys]
            redlines = dict(
                zip(
                    keys,
                    timed(
                        "redlines (align and both views)",
                        lambda cache=cache, pairs=pairs: [redline.compare(*pair, cache) for pair in pairs],
                    ),
                    strict=True,
                )
            )
            renderer = Renderer(site_plan, settings, look.theme, look.assets, docs, redlines)
            specs = site_plan.pages_of(policy.slug)
            timed(
                "pages",
                lambda renderer=renderer, specs=specs: [
                    (site_plan.url(spec), renderer.render(spec)) for spec in specs
                ],
            )
            for name, seconds in times.items():
                best[name] = min(best.get(name, seconds), seconds)
    anchor = best.pop("markdown-it-py alone (anchor)")
    print(
        f"one policy: {args.versions} versions × ~{args.words} words, {len(keys)} redlines; "
        f"CPU seconds on one core, best of {args.runs}"
    )
    for name, seconds in best.items():
        print(f"  {name:32}{seconds:7.3f}")
    print(f"  {'all':32}{sum(best.values()):7.3f}   ({sum(best.values()) / anchor:.2f} × anchor)")
    print(f"  {'markdown-it-py alone (anchor)':32}{anchor:7.3f}")


if __name__ == "__main__":
    main()
