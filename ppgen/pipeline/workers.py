"""Work spread over worker processes: results in order, workers that end with the build, no fork
while other threads run."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from ppgen.core.system import Process, end_with

PARALLEL_FROM = 40
"""Below this many versions (or parse/compare tasks) a process pool costs more than it saves."""

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """The cores this process may run on (unlike os.cpu_count, a CPU set or affinity mask counts)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity masks here (macOS, Windows)
        return os.cpu_count() or 1


def spread(
    function: Callable[[T], R],
    items: list[T],
    jobs: int | None,
    start: Callable[..., None],
    setup: tuple[object, ...] | None,
    preload: str,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[R]:
    """`map`, spread over up to `jobs` processes (default: every usable core, up to 8; 1: this one)
    when the work is large enough to pay for them.

    Results come in order, each as soon as it is ready. With `setup`, each worker calls
    `start(*setup)` once (and so does this process when it does the work itself) rather than
    receiving `setup` with every item. `preload` names the module a fork server imports once.
    `meanwhile` is called in this process once the items are handed out, while the workers start on them
    (first, when this process does the work itself).
    """
    workers = min(jobs or min(usable_cores(), 8), len(items))
    if workers < 2 or (setup is None and len(items) < PARALLEL_FROM):
        if setup is not None:
            start(*setup)
        if meanwhile is not None:
            meanwhile()
        yield from map(function, items)
        return
    # A process forked while other threads run (`ppgen serve` has a server and a file watcher) inherits
    # the locks they hold at that moment, held forever: the workers then start from a fresh process.
    context = None
    if threading.active_count() > 1 and multiprocessing.get_start_method() == "fork":
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([preload])  # imported once by the server, not by every worker
    # Each worker ends with this process, however it ends (see `_start_pool_worker`).
    initargs = (Process.current(), start, setup)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_pool_worker, initargs=initargs)
    try:
        results = pool.map(function, items, chunksize=1 if setup else max(1, len(items) // (workers * 4)))
        if meanwhile is not None:
            meanwhile()
        yield from results
    finally:
        pool.shutdown(
            cancel_futures=True
        )  # after a failure, the items not started yet are not worth starting


def _start_pool_worker(parent: Process, start: Callable[..., None], setup: tuple[object, ...] | None) -> None:
    # A build killed with SIGKILL cannot stop its workers: they stop themselves, rather than run on
    # and write into a folder that nobody will swap in.
    end_with(parent)
    # Parsing and comparing make millions of short-lived objects and few cycles: collecting less
    # often takes the cycle collector from about 6% of a worker's time to 2%.
    gc.set_threshold(10_000, 20, 20)
    if setup is not None:
        start(*setup)
