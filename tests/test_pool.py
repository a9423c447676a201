"""build._map: work spread over processes, and safe while other threads run (as they do in `ppgen serve`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import os, threading, time
from ppgen import build

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
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stderr
    total, workers = map(int, run.stdout.split())
    assert total == sum(n * n for n in range(100))
    assert workers >= 1, "the work ran in the parent: no pool was started"
