"""Safe output: checked folders, sanitised paths, and an atomic swap of the whole site."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import TracebackType

from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.system import Process, exchange

MARKER = ".ppgen-site"
"""File ppgen leaves in every output folder it makes; without it, ppgen will not touch a folder."""

_STAGED = ".ppgen-"
"""Between `.NAME` and `new-…`/`old-…` in the names of the folders a build keeps beside its output."""


def check_output(out: Path, content: Path) -> None:
    """Refuse an output folder that would lose or mix up anything."""
    out, content = out.resolve(), content.resolve()
    shown = display_path(out)
    if out == content or content.is_relative_to(out):
        raise PpgenError(
            Problem(
                "the output folder is, or contains, the content folder",
                shown,
                hint="choose another --out, e.g. site/",
                code="output",
            )
        )
    if out.is_relative_to(content):
        raise PpgenError(
            Problem(
                "the output folder is inside the content folder",
                shown,
                hint="choose an --out outside content/",
                code="output",
            )
        )
    if out.exists() and not out.is_dir():
        raise PpgenError(
            Problem(
                "the output path is a file, not a folder",
                shown,
                hint="remove it or choose another --out",
                code="output",
            )
        )
    above = next(parent for parent in out.parents if parent.exists())
    if not above.is_dir():
        raise PpgenError(
            Problem(
                f"the output folder would be inside {display_path(above)}, which is a file",
                shown,
                hint="choose another --out",
                code="output",
            )
        )
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise PpgenError(
            Problem(
                "the output folder is not empty and was not made by ppgen",
                shown,
                hint="ppgen replaces its output folder whole; choose an empty or new folder "
                f"(ppgen marks its own with {MARKER})",
                code="output",
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


def write_parts(folder: Path, name: str, parts: Iterable[bytes]) -> tuple[str, int]:
    """Write a file under `folder` a part at a time (it is never whole in memory); its sha256 and size."""
    target = folder.joinpath(*safe_relative(name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for part in parts:
            out.write(part)
            digest.update(part)
            size += len(part)
    return digest.hexdigest(), size


class Staging:
    """A new site written into `folder`, beside `out`, and swapped in whole by `commit`; if anything
    fails first, the folder is removed and `out` left untouched.

    The folders beside `out` are named after the build's process (`Process.tag`: its PID and start
    time), so that a later build can tell those of a build that ended without removing them (killed)
    from those of one that still runs, and remove only the first (`remove_stale`). A name is checked
    against the kernel's table of processes rather than a lock (flock) because a lock is taken only
    after the folder exists, and must then move with the old site after the swap: a name says whose
    a folder is from its first moment to its last. The start time keeps a reused PID from passing for
    the build that ended; without it (no /proc), a folder whose PID was reused waits for that process.
    PIDs are per machine (per PID namespace): builds on two machines into one shared folder are not
    told apart.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        me = Process.current().tag
        self.folder = self.out.with_name(f".{self.out.name}{_STAGED}new-{me}")
        self.retired = self.out.with_name(f".{self.out.name}{_STAGED}old-{me}")
        self.warnings: list[Problem] = []
        """What could not be cleaned up; the new site is in place all the same."""

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (self.folder, self.retired):  # this process's own, from an earlier build in it
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
        return Problem(
            f"cannot write {name}: {err.strerror or err}",
            display_path(self.out),
            hint="make room on the disk or let ppgen write there, or choose another --out",
            code="output",
        )

    def commit(self) -> None:
        """Swap the new site in for the old one, remove the old one, then what ended builds left.

        Where the system can exchange two names in one step (`system.exchange`: Linux with glibc ≥ 2.28,
        on local file systems), a reader finds the old site or the new one at every moment, and so
        does a build killed at any point. Elsewhere (another system, a file system that refuses the
        exchange) the old site is renamed aside and the new one renamed in: between the two renames
        (microseconds) a reader finds no `out`, and a build killed right there leaves no `out` until
        the next build, the last site waiting beside it meanwhile (`.NAME.ppgen-old-…`)."""
        (self.folder / MARKER).write_bytes(
            b"This folder is written by ppgen and replaced whole on every build.\n"
        )
        if not self.out.exists():
            os.rename(self.folder, self.out)
        elif exchange(self.folder, self.out):
            os.rename(self.folder, self.retired)  # the old site, now under the staging name
        else:
            os.rename(self.out, self.retired)
            try:
                os.rename(self.folder, self.out)
            except BaseException:
                if self.retired.exists() and not self.out.exists():
                    os.rename(self.retired, self.out)
                raise
        if self.retired.exists() and (error := _remove(self.retired)):
            self.warnings.append(_not_removed("the previous site", self.retired, error))
        # After the swap, not before: until then, the folder of a build killed between the fallback's
        # two renames may hold the only copy of the last site.
        self.warnings.extend(remove_stale(self.out))

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # gone already when committed


def remove_stale(out: Path) -> list[Problem]:
    """Remove the folders left beside `out` by builds that were stopped before they finished (killed);
    never those of a build still running. What could not be removed comes back as warnings."""
    staged = re.compile(re.escape(f".{out.name}{_STAGED}") + r"(?:new|old)-(.+)")
    warnings: list[Problem] = []
    for entry in sorted(os.scandir(out.parent), key=lambda entry: entry.name):
        match = staged.fullmatch(entry.name)
        owner = Process.of_tag(match[1]) if match else None
        if owner is None or owner.alive() or not entry.is_dir(follow_symlinks=False):
            continue
        if error := _remove(Path(entry.path)):
            warnings.append(_not_removed("a folder a stopped build left", Path(entry.path), error))
    return warnings


def _remove(folder: Path) -> tuple[str, OSError] | None:
    """Remove a folder and all in it; the first error met and the path it was met at (what another
    build removed first is no error)."""
    errors: list[tuple[str, OSError]] = []

    def note(path: str, error: BaseException) -> None:
        if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
            errors.append((path, error))

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=lambda function, path, error: note(path, error))
    else:
        shutil.rmtree(folder, onerror=lambda function, path, info: note(path, info[1]))
    return errors[0] if errors else None


def _not_removed(what: str, folder: Path, error: tuple[str, OSError]) -> Problem:
    where, err = Path(error[0]), error[1]
    inside = where != folder and where.is_relative_to(folder)
    inside_text = f"{where.relative_to(folder).as_posix()}: " if inside else ""
    return Problem(
        f"cannot remove {what}: {inside_text}{err.strerror or err}",
        display_path(folder),
        hint=f"the new site is in place; remove this folder by hand: rm -rf {shlex.quote(str(folder))}",
        code="output",
    )
