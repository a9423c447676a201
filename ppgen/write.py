"""Safe output: checked folders, sanitised paths, and an atomic swap of the whole site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ppgen.errors import PpgenError, Problem, display_path

MARKER = ".ppgen-site"
"""File ppgen leaves in every output folder it makes; without it, ppgen will not touch a folder."""


def check_output(out: Path, content: Path) -> None:
    """Refuse an output folder that would lose or mix up anything."""
    out, content = out.resolve(), content.resolve()
    shown = display_path(out)
    if out == content or content.is_relative_to(out):
        raise PpgenError(Problem("the output folder is, or contains, the content folder", shown, hint="choose another --out, e.g. site/"))
    if out.is_relative_to(content):
        raise PpgenError(Problem("the output folder is inside the content folder", shown, hint="choose an --out outside content/"))
    if out.exists() and not out.is_dir():
        raise PpgenError(Problem("the output path is a file, not a folder", shown, hint="remove it or choose another --out"))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise PpgenError(
            Problem(
                "the output folder is not empty and was not made by ppgen",
                shown,
                hint=f"ppgen replaces its output folder whole; choose an empty or new folder (ppgen marks its own with {MARKER})",
            )
        )


def safe_relative(path: str) -> PurePosixPath:
    """A relative output path with no way out of the output folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or path.startswith("/"):
        raise AssertionError(f"unsafe output path {path!r}")
    return pure


def write_tree(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write every file under `folder` (which must not exist yet), in sorted order."""
    folder.mkdir(parents=True)
    for name in sorted(files):
        target = folder.joinpath(*safe_relative(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])
    (folder / MARKER).write_bytes(b"This folder is written by ppgen and replaced whole on every build.\n")


def write_site(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace `out` with exactly `files`: written beside it, then swapped in; on failure `out` is untouched."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.ppgen-new-{os.getpid()}")
    retired = out.with_name(f".{out.name}.ppgen-old-{os.getpid()}")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        write_tree(staging, files)
        if out.exists():
            os.rename(out, retired)
        os.rename(staging, out)
    except BaseException:
        if retired.exists() and not out.exists():
            os.rename(retired, out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
