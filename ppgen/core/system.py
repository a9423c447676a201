"""What Python's `os` module lacks and a safe build needs: an atomic swap of two folders, a process's
identity that survives PID reuse, and workers that end with the process that started them.

The Linux calls go through ctypes to the C library; each has a portable fallback, said where it is.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_PR_SET_PDEATHSIG = 1
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
"""What renameat2 answers when the kernel or the file system cannot exchange (an old kernel, some network
and FUSE file systems): the caller then falls back rather than failing the build."""

WATCH_SECONDS = 0.25
"""How often a worker without the kernel's help looks whether the process it serves still runs."""

_TAG = re.compile(r"([1-9][0-9]{0,9})(?:-([0-9]{1,20}))?")


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap the names of two existing paths in one step (Linux renameat2 with RENAME_EXCHANGE), so that
    whoever looks finds one or the other under each name, never nothing. False where this system or
    file system cannot (nothing changed then); OSError for anything else (e.g. `b` does not exist)."""
    renameat2 = getattr(_libc(), "renameat2", None)  # glibc ≥ 2.28, musl ≥ 1.2.5
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, start time in clock ticks after boot) of a process, from Linux's /proc; None where there
    is no /proc; FileNotFoundError when there is no such process."""
    if not os.path.exists("/proc/self/stat"):
        return None
    with open(f"/proc/{pid}/stat", "rb") as file:
        text = file.read()
    fields = text[text.rindex(b")") + 2 :].split()  # the command name before it may hold spaces and ")"
    return fields[0].decode("ascii"), int(fields[19])


@dataclass(frozen=True)
class Process:
    """A process as the kernel knows it: its PID and when it started, so that a later process that is
    given the same PID is not taken for it."""

    pid: int
    started: int | None
    """Clock ticks after boot (Linux); None where the system does not say (then the PID alone counts)."""

    @classmethod
    def of(cls, pid: int) -> Process:
        """The process that has this PID now (FileNotFoundError: none has)."""
        stat = _stat(pid)
        return cls(pid, None if stat is None else stat[1])

    @classmethod
    def current(cls) -> Process:
        """This process."""
        return cls.of(os.getpid())

    @property
    def tag(self) -> str:
        """The process in a file name: `PID-START`, or `PID` where the start is unknown."""
        return str(self.pid) if self.started is None else f"{self.pid}-{self.started}"

    @classmethod
    def of_tag(cls, tag: str) -> Process | None:
        """The process a `tag` names; None for anything else."""
        match = _TAG.fullmatch(tag)
        if match is None or int(match[1]) >= 2**31:
            return None
        return cls(int(match[1]), None if match[2] is None else int(match[2]))

    def alive(self) -> bool:
        """Whether the process still runs (a zombie, ended but not yet reaped, does not). True when the
        system will not say: a live process is never taken for an ended one."""
        try:
            stat = _stat(self.pid)
        except FileNotFoundError:  # ended, or hidden from this user (/proc mounted with hidepid)
            return self._probe()
        except (OSError, ValueError, IndexError):
            return True
        if stat is None:  # no /proc: the PID alone (a reused PID keeps an ended process "alive" a while)
            return self._probe()
        state, started = stat
        return state not in "ZXx" and self.started in (None, started)

    def _probe(self) -> bool:
        if os.name == "nt":  # os.kill there would end the process rather than look for it
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # there, but another user's
            return True
        return True


def end_with(parent: Process, *, kernel: bool = True) -> None:
    """Make this process end when `parent` ends, however it ends (SIGKILL included).

    A child of `parent` asks Linux for SIGKILL on its parent's death (prctl PR_SET_PDEATHSIG). Elsewhere,
    and for a grandchild (a fork server's worker), a daemon thread looks every WATCH_SECONDS whether
    this process was handed to another parent or `parent` has ended. `kernel=False` skips the first
    (for tests of the second)."""
    libc = _libc() if kernel else None
    if (
        libc is not None
        and os.getppid() == parent.pid
        and libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    ):
        if os.getppid() != parent.pid:  # it ended before the signal was asked for: none will come
            os._exit(1)
        return
    if not parent.alive():
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, os.getppid()), name="ppgen-end-with", daemon=True).start()


def _watch(parent: Process, ppid: int) -> None:
    while os.getppid() == ppid and parent.alive():
        time.sleep(WATCH_SECONDS)
    os._exit(1)
