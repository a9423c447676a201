"""Faults: `ppgen build` killed with SIGKILL at random points, again and again, while a reader reads
the site. The reader must never miss a file, the next complete build must leave no staging folder,
and no process of a killed build may outlive it.

The kill points come from a seeded generator: a failure names its seed, and
`PPGEN_FAULT_SEED=<seed> pytest tests/test_faults.py` replays the same kill points (as far as the
machine's timing allows).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, tree_bytes

KILLS = 16
"""Builds killed in one run (fewer when the time below runs out first)."""
SECONDS = 10.0
"""The kill loop stops after this long, whatever is left of KILLS, once it has done at least ENOUGH."""
ENOUGH = (6, 2)
"""Kills, and kills while the workers ran, without which the test would say little: a slow machine
takes longer for them (up to a minute)."""
READ = ["index.html", "policy-00/index.html", "policy-02/history/index.html", "feed.xml", "_headers"]
"""The files the reader reads, over and over, from the site folder."""


def synthetic_site(root: Path) -> Path:
    """5 policies × 8 versions (40: enough for the build to start worker processes)."""
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    return synthetic.make_site(root, policies=5, versions=8, words=300)  # type: ignore[no-any-return]


def start_build(root: Path, cache: bool = True) -> subprocess.Popen[bytes]:
    """`python -m ppgen build` in its own process group (its workers join it), so that its processes
    can be found; its output goes to a file (a pipe would stay open as long as any worker lives).
    With `cache`, through the build cache (which a build killed while writing it must not damage)."""
    command = [
        sys.executable,
        "-m",
        "ppgen",
        "build",
        "--as-of",
        "2026-01-01",
        "-q",
        "--jobs",
        "2",
        *([] if cache else ["--no-cache"]),
    ]
    with open(root.parent / "build.log", "wb") as log:
        return subprocess.Popen(command, cwd=root, stdout=log, stderr=log, start_new_session=True)


def finish(build: subprocess.Popen[bytes], root: Path) -> None:
    """Wait for a build that is not killed; it must succeed."""
    assert build.wait(timeout=60) == 0, (root.parent / "build.log").read_text()


def living(group: int) -> list[str]:
    """The processes of a process group that still run (a zombie has ended: it only waits to be reaped)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_bytes()
            command = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended while we looked
            continue
        state, _parent, pgrp = stat[stat.rindex(b")") + 2 :].split()[:3]
        if int(pgrp) == group and state not in b"ZX":
            found.append(f"{entry.name} {command.strip()}")
    return found


def staged(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if path.name.startswith(".site.ppgen-"))


class Reader(threading.Thread):
    """Reads READ from the site folder in a loop until stopped; notes every read that failed."""

    def __init__(self, site: Path) -> None:
        super().__init__(name="site-reader", daemon=True)
        self.site = site
        self.stop = threading.Event()
        self.reads = 0
        self.misses: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for name in READ:
                try:
                    with open(self.site / name, "rb") as file:
                        file.read()
                except OSError as err:
                    self.misses.append(f"{name}: {err!r}")
                self.reads += 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds processes through Linux's /proc")
def test_builds_killed_at_random_points_lose_nothing(tmp_path: Path) -> None:
    seed = int(os.environ.get("PPGEN_FAULT_SEED", "20261201"))
    replay = f"(replay: PPGEN_FAULT_SEED={seed})"
    rng = random.Random(seed)
    root = synthetic_site(tmp_path)
    site = root / "site"
    finish(start_build(root), root)
    good = tree_bytes(site)
    assert all(name in good for name in READ)

    reader = Reader(site)
    reader.start()
    started = time.perf_counter()
    finish(start_build(root), root)
    whole = time.perf_counter() - started  # how long a build takes here (beside the reader), to aim the kills
    kills, completed, with_workers, outlived = 0, 0, 0, []
    build = None
    deadline = time.perf_counter() + SECONDS
    try:
        while kills < KILLS and time.perf_counter() < deadline + 50:
            if time.perf_counter() > deadline and kills >= ENOUGH[0] and with_workers >= ENOUGH[1]:
                break
            # Half the kills at any moment of a build (loading, writing, the swap, removing the old
            # site), half aimed at the moments its workers run.
            aimed, delay = rng.random() < 0.5, rng.uniform(0.0, 1.2 * whole)
            build = start_build(root, cache=not aimed)  # from the cache, the workers have little to do
            began = time.perf_counter()
            while aimed and len(living(build.pid)) < 3 and build.poll() is None:
                if time.perf_counter() - began > 2 * whole:
                    break
                time.sleep(0.005)
            time.sleep(delay / 12 if aimed else delay)
            at = time.perf_counter() - began
            busy = len(living(build.pid)) >= 3  # the build and its two workers (a lone `git` makes two)
            build.send_signal(signal.SIGKILL)
            if build.wait(timeout=30) == 0:
                completed += 1  # it finished before the kill: a complete build, swapped in
                continue
            assert build.returncode == -signal.SIGKILL, (root.parent / "build.log").read_text()
            kills += 1
            with_workers += busy
            waited = time.perf_counter()
            while (left := living(build.pid)) and time.perf_counter() - waited < 3:
                time.sleep(0.02)
            if left:
                outlived.append(f"kill {kills}, {at:.3f} s after the start: {left}")
                os.killpg(build.pid, signal.SIGKILL)  # so that they do not run on after the test
        finish(start_build(root), root)
    finally:
        reader.stop.set()
        reader.join(timeout=10)
        if build is not None:  # a failure in the loop leaves nothing running
            with contextlib.suppress(ProcessLookupError):
                os.killpg(build.pid, signal.SIGKILL)
    print(f"{kills} kills ({with_workers} while workers ran), {completed} done first, {reader.reads} reads")
    missed = f"{len(reader.misses)} of {reader.reads} reads failed {replay}: {reader.misses[:3]}"
    assert not reader.misses, missed
    assert not outlived, f"processes of a killed build outlived it {replay}: {outlived}"
    few = f"too few kills to tell anything: {kills}, {with_workers} while the workers ran {replay}"
    assert kills >= ENOUGH[0] and with_workers >= ENOUGH[1], few
    assert staged(root) == [], f"staging folders survived a complete build {replay}"
    assert tree_bytes(site) == good, f"the site after the faults differs from a clean build's {replay}"
