"""The one path guard: ppgen reads a file or folder only when, its links resolved, it lies inside its root.

The content folder and the theme folders are roots. Everything under them is looked at here
before it is read: a link that loops, leads nowhere or leads out of its root is refused, and so is
anything that is neither a file nor a folder (reading a pipe would stop the build for good). The
reading happens here too, so a file or folder the system will not let ppgen read is a
`path: message (hint)` problem, not a traceback.
"""

from __future__ import annotations

import errno
import os
import shlex
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ppgen.core.errors import PpgenError, Problem, display_path

Kind = Literal["file", "folder"]


@dataclass(frozen=True)
class Root:
    """A folder that nothing read under it may leave, links included."""

    folder: Path
    """The folder itself, its own links resolved (a root may be reached through a link)."""
    name: str
    """How messages name it: "the content folder"."""
    hint: str
    """How to fix a link that leads out of it."""

    @classmethod
    def of(cls, folder: Path, name: str, hint: str) -> Root:
        """The root at `folder`, resolved once here."""
        return cls(Path(os.path.realpath(folder)), name, hint)


def _refused(message: str, path: Path, hint: str) -> PpgenError:
    return PpgenError(Problem(message, display_path(path), None, hint, code="unsafe-path"))


def _unreadable(path: Path, what: str, err: OSError) -> PpgenError:
    if err.errno in (errno.EACCES, errno.EPERM):
        shown = shlex.quote(display_path(path))
        hint = f"let the user who runs ppgen read it and the folders above it: chmod a+rX {shown}"
        return _refused(f"{what} cannot be read: permission denied", path, hint)
    return _refused(f"{what} cannot be read: {err.strerror or err}", path, "check the file and its disk")


def _resolved(path: Path, root: Root, what: str) -> tuple[Path, int]:
    """The real path and mode of `path`, or a PpgenError saying why it may not be read."""
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = os.stat(real).st_mode
    except OSError as err:
        gone = err.errno in (errno.ENOENT, errno.ENOTDIR)
        if err.errno == errno.ELOOP:
            loop = f"{what} is a link that leads back to itself (a symlink loop)"
            raise _refused(loop, path, "remove the link, or point it at a real file or folder") from None
        if gone and os.path.islink(path) and not Path(os.path.realpath(path)).is_relative_to(root.folder):
            raise _refused(f"{what} links outside {root.name}", path, root.hint) from None
        if gone and os.path.islink(path):
            dangling = f"{what} is a link to {os.readlink(path)}, which does not exist"
            raise _refused(dangling, path, "remove the link, or restore what it points at") from None
        if gone:
            raise _refused(f"{what} does not exist", path, "was it just deleted? run ppgen again") from None
        raise _unreadable(path, what, err) from None
    if not real.is_relative_to(root.folder):
        # Publishing whatever a link points at could leak a file from anywhere on the machine.
        raise _refused(f"{what} links outside {root.name}", path, root.hint)
    return real, mode


def kind(path: Path, root: Root, what: str) -> Kind:
    """Whether `path` is a file or a folder; a PpgenError when it may not be read (see the module)."""
    _, mode = _resolved(path, root, what)
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    other = f"{what} is neither a file nor a folder (a pipe, socket or device)"
    raise _refused(other, path, "remove it: ppgen reads files and folders only")


def read(path: Path, root: Root, what: str) -> bytes:
    """The bytes of the file at `path`, inside `root`; a PpgenError when it may not or cannot be read."""
    real, mode = _resolved(path, root, what)
    if not stat.S_ISREG(mode):
        kind(path, root, what)  # raises for what is neither a file nor a folder
        raise _refused(f"{what} is a folder, not a file", path, "ppgen expected a file here")
    try:
        return real.read_bytes()  # what was checked is what is read, not the link again
    except OSError as err:
        raise _unreadable(path, what, err) from None


def listing(folder: Path, root: Root, what: str) -> list[Path]:
    """The entries of the folder at `folder`, inside `root`, sorted by name (links are not followed here)."""
    real, mode = _resolved(folder, root, what)
    if not stat.S_ISDIR(mode):
        kind(folder, root, what)  # raises for what is neither a file nor a folder
        raise _refused(f"{what} is a file, not a folder", folder, "ppgen expected a folder here")
    try:
        names = sorted(os.listdir(real))
    except OSError as err:
        raise _unreadable(folder, what, err) from None
    return [folder / name for name in names]


def files_under(folder: Path, root: Root, what: str) -> Iterator[Path]:
    """Every file below `folder` but dot files, in sorted order, each one checked; `what` names such a file.

    A linked folder inside the root is walked like any other, unless it leads back to a folder
    the walk is already in: that would never end."""

    def walk(here: Path, above: frozenset[Path]) -> Iterator[Path]:
        for path in listing(here, root, "folder"):
            real, mode = _resolved(path, root, what)
            if stat.S_ISDIR(mode):
                if real in above:
                    loop = "folder is a link to a folder that contains it (a loop)"
                    raise _refused(loop, path, "remove the link, or point it at a real folder")
                yield from walk(path, above | {real})
            elif path.name.startswith("."):
                continue  # .DS_Store and editors' files; dot folders (.well-known) are walked
            elif stat.S_ISREG(mode):
                yield path
            else:
                kind(path, root, what)  # raises: neither a file nor a folder

    yield from walk(folder, frozenset({Path(os.path.realpath(folder))}))
