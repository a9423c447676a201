"""build._map: work spread over processes, safe while other threads run (as they do in `ppgen serve`),
and workers that end with the build however it ends."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ppgen.core.system import WATCH_SECONDS, Process

SCRIPT = """
import os, threading, time
from ppgen.pipeline import build

HELD = threading.Lock()


def work(n):
    with HELD:  # held by another thread of the parent: a child forked from it would wait forever
        return n * n, os.getpid()


if __name__ == "__main__":
    ready = threading.Event()

    def hold():
        with HELD:
            ready.set()
            time.sleep(300)

    threading.Thread(target=hold, daemon=True).start()
    ready.wait()
    results = list(build._map(work, list(range(100)), jobs=2))
    print(sum(square for square, _ in results), len({pid for _, pid in results} - {os.getpid()}))
"""


def test_a_pool_started_while_another_thread_holds_a_lock_finishes(tmp_path: Path) -> None:
    script = tmp_path / "busy.py"
    script.write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr
    total, workers = map(int, run.stdout.split())
    assert total == sum(n * n for n in range(100))
    assert workers >= 1, "the work ran in the parent: no pool was started"


KILLED = """
import os, sys, threading, time
from pathlib import Path
from ppgen.pipeline import build

FOLDER = Path(sys.argv[1])


def work(n):
    (FOLDER / str(os.getpid())).touch()  # a worker, at work: the test kills this script now
    time.sleep(60)
    return n


if __name__ == "__main__":
    if sys.argv[2] == "forkserver":  # another thread runs (as in `ppgen serve`): workers from a fork server
        threading.Thread(target=time.sleep, args=(300,), daemon=True).start()
    list(build._map(work, list(range(100)), jobs=2))
"""


def group(pgid: int) -> list[int]:
    """The processes of a process group that still run (a zombie has ended: it only waits to be reaped)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_bytes() if entry.name.isdigit() else b""
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split() if stat else []
        if fields and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the processes through Linux's /proc")
@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_workers_end_with_a_build_that_is_killed(tmp_path: Path, start: str) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED, encoding="utf-8")
    (tmp_path / "pids").mkdir()
    command = [sys.executable, str(script), str(tmp_path / "pids"), start]
    build = subprocess.Popen(command, cwd=tmp_path, start_new_session=True)
    try:
        waited = time.perf_counter()
        while len(list((tmp_path / "pids").iterdir())) < 2 and time.perf_counter() - waited < 60:
            time.sleep(0.02)
        workers = sorted(int(p.name) for p in (tmp_path / "pids").iterdir())
        assert len(workers) == 2 and build.poll() is None
        build.send_signal(signal.SIGKILL)
        build.wait()
        killed = time.perf_counter()
        while (left := group(build.pid)) and time.perf_counter() - killed < 5:
            time.sleep(0.02)
        assert left == [], f"still running after the build was killed: {left} (its workers: {workers})"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)


ORPHAN = """
import os, sys, time
from ppgen.core.system import Process, end_with

parent = Process.current()
child = os.fork()
if child == 0:
    end_with(parent, kernel=False)
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_without_the_kernels_help_a_worker_still_ends_with_its_parent(tmp_path: Path) -> None:
    # What a worker does where there is no PR_SET_PDEATHSIG (not Linux), or whose parent is a fork server.
    command = [sys.executable, "-c", ORPHAN]
    parent = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert parent.stdout is not None
        child = Process.of(int(parent.stdout.readline()))
        time.sleep(2 * WATCH_SECONDS)
        assert child.alive(), "the child ended while its parent ran"
        parent.kill()
        parent.wait()
        killed = time.perf_counter()
        while child.alive() and time.perf_counter() - killed < 5:
            time.sleep(0.02)
        assert not child.alive(), "the child outlived its parent"
        assert time.perf_counter() - killed < 4 * WATCH_SECONDS + 1
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
