"""Benchmark: "Last updated" dates from a generated repository of 1,000 commits.

Run from the repository root: `python bench/bench_git.py [--commits N] [--keep]`.

The repository holds four folder policies and two single-file (git mode) policies of about
8 KB each; its commits are typo fixes, reformat-only commits, editorial fixes, summary edits
and new versions, on increasing dates. Printed beside ppgen's figures, measured in the same
run on the same repository: one `git log --raw` over the content (the floor for any approach
that reads history), and the naive one `git log -1` per file that many generators use (which
is also wrong: it counts reformatting and editorial commits).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ppgen.source.config import load_settings
from ppgen.source.history import read_history
from ppgen.source.load import load

FOLDERS = ("privacy", "terms", "cookies", "dpa")
SINGLE = ("acceptable-use", "refunds")
WORDS = [
    "personal",
    "data",
    "service",
    "account",
    "payment",
    "request",
    "record",
    "notice",
    "contract",
    "party",
    "right",
    "law",
    "court",
    "request",
    "processor",
    "controller",
]
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def body(rng: random.Random) -> list[str]:
    """About 8 KB of policy text: sections of paragraphs and lists."""
    lines: list[str] = []
    for section in range(12):
        lines += [f"## Section {section + 1}", ""]
        for _ in range(3):
            lines += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45))) + ".", ""]
        lines += [f"- {' '.join(rng.choice(WORDS) for _ in range(8))}" for _ in range(3)] + [""]
    return lines


def render(front: dict[str, str], lines: list[str]) -> bytes:
    head = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\n{head}---\n\n".encode() + "\n".join(lines).encode()


def generate(root: Path, commits: int, seed: int = 7) -> None:
    """A site with `commits` commits, written with one `git fast-import`."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=ENV)
    (root / "ppgen.toml").write_text('title = "Bench"\nbase_url = "https://example.com/"\n', encoding="utf-8")
    start = datetime(2019, 1, 1, 9, tzinfo=UTC)
    texts: dict[str, tuple[dict[str, str], list[str]]] = {}
    stream: list[bytes] = []
    for slug in FOLDERS:
        texts[f"content/{slug}/2019-01-01.md"] = ({"title": slug.title()}, body(rng))
    for slug in SINGLE:
        texts[f"content/{slug}.md"] = ({"title": slug.title(), "effective": "2019-01-01"}, body(rng))
    when = start
    for number in range(1, commits + 1):
        when += timedelta(hours=rng.randint(20, 40))
        changed: list[str] = []
        message = "Edit"
        if number == 1:
            changed = list(texts)
            message = "Import the policies"
        else:
            path = rng.choice(
                sorted(p for p in texts if p.startswith(tuple(f"content/{s}" for s in FOLDERS + SINGLE)))
            )
            slug = path.split("/")[1].removesuffix(".md")
            latest = max(p for p in texts if p.startswith(f"content/{slug}/") or p == f"content/{slug}.md")
            front, lines = texts[latest]
            kind = rng.random()
            day = (when + timedelta(days=30)).date().isoformat()
            index = rng.randrange(len(lines))
            if kind < 0.10:  # a new version, announced 30 days ahead
                if slug in SINGLE:
                    texts[latest] = ({**front, "effective": day}, lines + ["", f"New clause {number}."])
                    changed = [latest]
                else:
                    new_path = f"content/{slug}/{day}.md"
                    texts[new_path] = ({"summary": f"Change {number}"}, lines + ["", f"New clause {number}."])
                    changed = [new_path]
                message = "New version"
            elif kind < 0.25:  # reflow one paragraph
                texts[latest] = (
                    front,
                    lines[:index] + [lines[index].replace(" ", "\n", 1)] + lines[index + 1 :],
                )
                changed, message = [latest], "Reflow"
            elif kind < 0.35:  # a typo, marked editorial
                texts[latest] = (
                    front,
                    lines[:index] + [lines[index] + " "] + lines[index + 1 :] + [f"<!-- {number} -->"],
                )
                changed, message = [latest], "Typo\n\nPolicy-Change: editorial"
            elif kind < 0.40:
                texts[latest] = ({**front, "summary": f"Summary {number}"}, lines)
                changed, message = [latest], "Summary"
            else:  # a wording change
                texts[latest] = (
                    front,
                    lines[:index] + [f"{lines[index]} Amended {number}."] + lines[index + 1 :],
                )
                changed, message = [latest], "Wording"
        stamp = int(when.timestamp())
        msg = message.encode()
        stream.append(
            (
                f"commit refs/heads/main\nmark :{number}\n"
                f"committer Bench <bench@example.com> {stamp} +0000\ndata {len(msg)}\n"
            ).encode()
            + msg
            + b"\n"
        )
        if number > 1:
            stream.append(f"from :{number - 1}\n".encode())
        for path in changed:
            data = render(*texts[path])
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        stream.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=ENV)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True, env=ENV)
    subprocess.run(["git", "add", "ppgen.toml"], cwd=root, check=True, env=ENV)
    subprocess.run(
        ["git", "-c", "user.name=B", "-c", "user.email=b@e", "commit", "-qm", "Config"],
        cwd=root,
        check=True,
        env=ENV,
    )


def best(function: Callable[[], object], runs: int = 3) -> float:
    """The fastest of `runs` timings, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    """Generate the repository, time each approach, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated repository and print its path"
    )
    options = parser.parse_args()
    os.environ.update({k: v for k, v in ENV.items() if k.startswith("GIT_")})
    folder = Path(tempfile.mkdtemp(prefix="ppgen-bench-git-"))
    root = folder / "site"
    try:
        started = time.perf_counter()
        generate(root, options.commits)
        made = time.perf_counter() - started
        settings = load_settings(root / "ppgen.toml")
        files = sorted(p for p in (root / "content").rglob("*.md"))
        today = date(2030, 1, 1)
        loaded = load(settings, today)
        versions = sum(len(p.versions) for p in loaded.site.policies)

        one_log = best(
            lambda: subprocess.run(
                ["git", "log", "--first-parent", "--raw", "--no-abbrev", "-M", "-z", "HEAD", "--", "content"],
                cwd=root,
                capture_output=True,
                check=True,
            )
        )
        history = best(lambda: read_history(root / "content"))
        full = best(lambda: load(settings, today))
        naive = best(
            lambda: [
                subprocess.run(
                    ["git", "log", "-1", "--format=%ct", "--", str(p)],
                    cwd=root,
                    capture_output=True,
                    check=True,
                )
                for p in files
            ],
            runs=1,
        )
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"repository: {options.commits + 1} commits, {len(files)} files, {len(loaded.site.policies)} policies "
        f"({len(SINGLE)} single-file), {versions} versions (generated in {made:.1f} s)"
    )
    print(f"  anchor: one `git log --raw` over content/          {one_log * 1000:8.0f} ms")
    print(f"  ppgen: read history (git processes + lineages)     {history * 1000:8.0f} ms")
    print(f"  ppgen: load with dates (history + rendered-text)   {full * 1000:8.0f} ms")
    print(f"  naive: one `git log -1` per file ({len(files)} files)      {naive * 1000:8.0f} ms")
    if options.keep:
        print(f"kept: {root}")


if __name__ == "__main__":
    main()
