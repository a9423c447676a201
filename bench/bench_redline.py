"""Speed of ppgen's redline beside difflib's word-level SequenceMatcher and `git diff --no-index --word-diff`.

Run from the repository root:  python bench/bench_redline.py  [--quick]

Each case is a pair of synthetic Markdown policies (Zipf-distributed vocabulary, sections of
paragraphs and lists); "n% changed" means n% of the words replaced, deleted or inserted in
phrases of 1-6 words at random places, so changes are scattered over most of the document. ppgen's
time is `ppgen.redline.compare.compare` (alignment, word diff and both HTML views; parsing excluded),
best of several runs, each with nothing kept from the last. difflib runs once per case in a child
process and is stopped after DIFFLIB_CAP seconds; git runs on the two Markdown files.
"""

from __future__ import annotations

import difflib
import multiprocessing
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ppgen.redline.cache import PolicyCache
from ppgen.redline.compare import compare
from ppgen.source.markdown import parse

DIFFLIB_CAP = 60.0
"""Seconds difflib may take on one case before it is stopped and reported as skipped."""


@dataclass(frozen=True)
class Case:
    name: str
    target: float
    """ppgen's target, in seconds."""
    make: Callable[[random.Random], tuple[str, str]]


def vocabulary(rng: random.Random, size: int = 6000) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(size)})
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def sentence_words(rng: random.Random, vocab: tuple[list[str], list[float]], n: int) -> list[str]:
    words = rng.choices(vocab[0], vocab[1], k=n)
    for k in range(rng.randint(8, 16), n, rng.randint(8, 16)):
        words[k - 1] += rng.choice([".", ",", ";", ".", ":"])
    words[-1] += "."
    return words


def paragraphs(rng: random.Random, total_words: int) -> list[list[str]]:
    """Blocks of words; every sixth is a heading, some are list items."""
    vocab = vocabulary(rng)
    out: list[list[str]] = []
    count = 0
    while count < total_words:
        n = rng.randint(3, 6) if len(out) % 6 == 0 else rng.randint(30, 110)
        out.append(sentence_words(rng, vocab, n))
        count += n
    return out


def markdown(blocks: list[list[str]]) -> str:
    lines = []
    for index, words in enumerate(blocks):
        if index % 6 == 0:
            lines.append("## " + " ".join(words).rstrip("."))
        elif index % 6 == 4:
            lines.append(
                "- " + " ".join(words[: len(words) // 2]) + "\n- " + " ".join(words[len(words) // 2 :])
            )
        else:
            lines.append(" ".join(words))
    return "\n\n".join(lines) + "\n"


def rewrite(rng: random.Random, blocks: list[list[str]], share: float) -> list[list[str]]:
    """Edit `share` of the words, as an editor does: phrases of 1-6 words replaced, deleted or inserted at
    random places."""
    vocab = [w for words in blocks for w in words]
    out = [list(words) for words in blocks]
    budget = int(len(vocab) * share)
    while budget > 0:
        words = out[rng.randrange(len(out))]
        k = rng.randrange(len(words))
        n = min(rng.randint(1, 6), budget)
        budget -= n
        action = rng.random()
        if action < 0.6:
            words[k : k + n] = rng.choices(vocab, k=n)
        elif action < 0.8 and len(words) > n + 3:
            del words[k : k + n]
        else:
            words[k:k] = rng.choices(vocab, k=n)
    return out


def reorder(rng: random.Random, blocks: list[list[str]], share: float) -> list[list[str]]:
    """Move `share` of the non-heading blocks to other places."""
    out = list(blocks)
    for _ in range(int(len(out) * share)):
        k = rng.randrange(1, len(out))
        block = out.pop(k)
        out.insert(rng.randrange(1, len(out)), block)
    return out


def scattered(total_words: int, share: float) -> Callable[[random.Random], tuple[str, str]]:
    def make(rng: random.Random) -> tuple[str, str]:
        blocks = paragraphs(rng, total_words)
        return markdown(blocks), markdown(rewrite(rng, blocks, share))

    return make


def rewritten_and_reordered(rng: random.Random) -> tuple[str, str]:
    blocks = paragraphs(rng, 50_000)
    return markdown(blocks), markdown(reorder(rng, rewrite(rng, blocks, 0.30), 0.3))


def megabyte(rng: random.Random) -> tuple[str, str]:
    blocks = paragraphs(rng, 150_000)
    while len(markdown(blocks).encode()) < 1_000_000:
        blocks += paragraphs(rng, 10_000)
    return markdown(blocks), markdown(rewrite(rng, blocks, 0.03))


def long_line(rng: random.Random) -> tuple[str, str]:
    vocab = vocabulary(rng)
    words: list[str] = []
    while len(" ".join(words)) < 60_000:
        words += sentence_words(rng, vocab, 100)
    line = " ".join(words)[:60_000].rsplit(" ", 1)[0]
    old = line.split(" ")
    new = rewrite(rng, [old], 0.03)[0]
    return line + "\n", " ".join(new) + "\n"


def long_line_rewritten(rng: random.Random) -> tuple[str, str]:
    vocab = vocabulary(rng)
    lines = []
    for _ in range(2):
        words: list[str] = []
        while len(" ".join(words)) < 60_000:
            words += sentence_words(rng, vocab, 100)
        lines.append(" ".join(words)[:60_000].rsplit(" ", 1)[0] + "\n")
    return lines[0], lines[1]


CASES = [
    Case("5,000 words, ~3% changed", 0.020, scattered(5_000, 0.03)),
    Case("50,000 words, ~3% changed", 0.300, scattered(50_000, 0.03)),
    Case("50,000 words, 30% rewritten + reordered", 2.0, rewritten_and_reordered),
    Case("1 MB document, ~3% changed", 5.0, megabyte),
    Case("one 60,000-character line, ~3% changed", 5.0, long_line),
    Case("one 60,000-character line, all rewritten", 5.0, long_line_rewritten),
]


def best_of(runs: int, function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def cold_compare(runs: int, old_text: str, new_text: str) -> float:
    """The best of `runs` comparisons, each of freshly parsed documents with nothing kept from the
    one before: a build compares each pair once, so a result kept from an earlier run must not count (each
    comparison has a fresh `PolicyCache`; the tags the redline writes, the words it says and the ids it strips
    stay kept, as in any build)."""
    best = float("inf")
    for _ in range(runs):
        old, new = parse(old_text, "old.md"), parse(new_text, "new.md")
        cache = PolicyCache()
        start = time.perf_counter()
        compare(old, new, cache)
        best = min(best, time.perf_counter() - start)
    return best


def _difflib(old: str, new: str, queue: multiprocessing.Queue[float]) -> None:
    start = time.perf_counter()
    difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).get_opcodes()
    queue.put(time.perf_counter() - start)


def time_difflib(old: str, new: str) -> str:
    queue: multiprocessing.Queue[float] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_difflib, args=(old, new, queue))
    process.start()
    process.join(DIFFLIB_CAP)
    if process.is_alive():
        process.terminate()
        process.join()
        return f"skipped (> {DIFFLIB_CAP:.0f} s)"
    return seconds(queue.get())


def time_git(old: str, new: str) -> str:
    if not shutil.which("git"):
        return "no git"
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder, "old.md"), Path(folder, "new.md")
        a.write_text(old, encoding="utf-8")
        b.write_text(new, encoding="utf-8")
        command = ["git", "diff", "--no-index", "--word-diff", "--no-color", str(a), str(b)]

        def run() -> None:
            subprocess.run(command, stdout=subprocess.DEVNULL, check=False)

        return seconds(best_of(3, run))


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def main() -> None:
    quick = "--quick" in sys.argv
    rng = random.Random(20251015)
    header = (
        f"{'case':44} {'words':>8} {'ppgen':>9} {'target':>8} {'ok':>3}  {'difflib (words)':>18} "
        f"{'git --word-diff':>16}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for case in CASES:
        old_text, new_text = case.make(rng)
        old, new = parse(old_text, "old.md"), parse(new_text, "new.md")
        compare(old, new)  # warm up
        ppgen = cold_compare(3 if case.target >= 1 else 7, old_text, new_text)
        ok = ppgen <= case.target
        failed |= not ok
        redline = compare(old, new)
        theirs = "not run (--quick)" if quick else time_difflib(old_text, new_text)
        print(
            f"{case.name:44} {len(old_text.split()):>8,} {seconds(ppgen):>9} {seconds(case.target):>8} "
            f"{'yes' if ok else 'NO':>3}"
            f"  {theirs:>18} {time_git(old_text, new_text):>16}"
            f"   [{redline.changes} changes, +{redline.words_added} -{redline.words_removed} words]",
            flush=True,
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
