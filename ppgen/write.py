"""Safe output: checked folders, sanitised paths, and an atomic swap of the whole site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import TracebackType

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
    above = next(parent for parent in out.parents if parent.exists())
    if not above.is_dir():
        raise PpgenError(Problem(f"the output folder would be inside {display_path(above)}, which is a file", shown, hint="choose another --out"))
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


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write these files under `folder` (several processes may write into one folder at once)."""
    made: set[Path] = set()
    for name, data in files.items():
        target = folder.joinpath(*safe_relative(name).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


class Staging:
    """A new site written into `folder`, beside `out`, and swapped in whole by `commit`; if anything
    fails first, the folder is removed and `out` left untouched."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.folder = self.out.with_name(f".{self.out.name}.ppgen-new-{os.getpid()}")
        self.retired = self.out.with_name(f".{self.out.name}.ppgen-old-{os.getpid()}")

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (self.folder, self.retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.folder.mkdir()
        return self

    def problem(self, err: OSError) -> Problem:
        """What the operating system refused while the site was written (a full disk, a forbidden
        folder, a name too long), said of the output folder."""
        where = Path(err.filename) if isinstance(err.filename, str) else self.out
        inside = where.is_relative_to(self.folder) and where != self.folder
        name = where.relative_to(self.folder).as_posix() if inside else display_path(where)
        return Problem(f"cannot write {name}: {err.strerror or err}", display_path(self.out), hint="make room on the disk or let ppgen write there, or choose another --out")

    def commit(self) -> None:
        """Swap the new site in for the old one."""
        (self.folder / MARKER).write_bytes(b"This folder is written by ppgen and replaced whole on every build.\n")
        if self.out.exists():
            os.rename(self.out, self.retired)
        try:
            os.rename(self.folder, self.out)
        except BaseException:
            if self.retired.exists() and not self.out.exists():
                os.rename(self.retired, self.out)
            raise
        shutil.rmtree(self.retired, ignore_errors=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # gone already when committed
