"""The folder phase 1's workers leave their pickled documents in when the build has no cache."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path

_PREFIX = "ppgen-parsed-"


class Spill:
    """A temporary folder for phase 1's pickled documents, so that between the phases the main process
    holds only their files' names, not every policy's documents (its memory, and that of the render
    workers it forks, would grow with the site); removed with this object, or when the process exits.
    A build that was killed cannot remove its folder: the next one removes it (the folder's name holds
    the process id, and a folder whose process is gone is removed)."""

    def __init__(self) -> None:
        sweep(Path(tempfile.gettempdir()))
        self.folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
        weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)


def sweep(folder: Path) -> list[Path]:
    """Remove the spill folders in `folder` whose build process is gone; the folders removed."""
    removed = []
    for path in folder.glob(f"{_PREFIX}*-*"):
        pid = path.name[len(_PREFIX) :].partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True
