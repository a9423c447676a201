"""The real policy histories the real-history benchmarks build (bench_real.py, bench_redline_real.py): where
the shared corpus is, and a history's content folder, from a tarball or a folder."""

from __future__ import annotations

import tarfile
from pathlib import Path

_SHARED = Path("shared", "corpora", "github-site-policy.tar.xz")
CORPUS = next(
    (up / _SHARED for up in Path(__file__).resolve().parents if (up / _SHARED).is_file()),
    Path("..", *_SHARED.parts),
)
"""The shared corpus, in the nearest folder above this file that has it (beside the checkout, or above a
git worktree)."""


def content_folder(corpus: Path, scratch: Path) -> Path:
    """The content folder of a history given as a tarball (extracted into `scratch`) or a folder: the folder
    itself, or the one folder of policies it holds (beside any files, such as a manifest)."""
    if corpus.is_file():
        with tarfile.open(corpus) as archive:
            archive.extractall(scratch, filter="data")
        corpus = scratch
    folders = [p for p in corpus.iterdir() if p.is_dir()]
    holds_policies = not any(p.suffix == ".md" for p in folders[0].iterdir()) if len(folders) == 1 else False
    if holds_policies and not any(corpus.glob("*.md")):
        return folders[0]
    return corpus
