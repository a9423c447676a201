"""`ppgen serve` under load: 200 parallel clients on loopback while content files are saved.

A real server process on the example site (127.0.0.1, a free port). 200 threads start together and
each makes a handful of requests, each on a new connection (pages, a static file, a 404, the raw
text, and the live-reload event stream, left after its first event), while another thread saves
the version in force several times. Every request must be answered, with the status expected, within
a generous limit; the server's log must hold builds and no traceback; Ctrl-C must still stop it.
Bounded: 1,200 requests, about 5 s on two cores.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from pathlib import Path

from conftest import copy_example
from test_serve import Server

CLIENTS = 200
LIMIT = 15.0
"""Seconds a request may take, connecting included, before it counts as not answered."""
SAVES = 6


def _request(port: int, path: str, deadline: float) -> int | str:
    """GET `path` on a new connection: the status (of a stream: once its first event came), or the error."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=LIMIT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if path.startswith("/__ppgen/events"):
            stream = b""
            while b"event: " not in stream and time.monotonic() < deadline:
                stream += response.read1(1000)
            return response.status if b"event: " in stream else "no event"
        response.read()
        return response.status
    except OSError as err:  # refused, reset or timed out: not answered
        return f"{type(err).__name__}: {err}"
    finally:
        connection.close()


def test_200_parallel_clients_while_saving_are_all_answered(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    current = site / "content" / "privacy" / "2025-10-15.md"
    original = current.read_text(encoding="utf-8")
    server = Server(site)
    try:
        server.settled()
        status, index = server.get(server.mount)
        assert status == 200
        found = re.search(rb'href="[^"]*?(_static/[^"]+\.css)"', index)
        assert found, "no stylesheet link on the index"
        m = server.mount
        wanted = {
            f"{m}privacy/": 200,
            f"{m}privacy/2025-06-01/": 200,
            f"{m}{found.group(1).decode()}": 200,
            f"{m}privacy/2025-10-15.md": 200,
            f"/__ppgen/events?page={m}privacy/&etag=x": 200,
        }
        mark = len(server.lines)
        start = threading.Barrier(CLIENTS + 2)  # the clients, the saver and this thread
        answers: list[tuple[str, int | str, int | str, float]] = []
        lock = threading.Lock()

        def client(number: int) -> None:
            start.wait()
            paths = [*wanted.items(), (f"{m}no-such-page-{number}/", 404)]
            for path, expected in paths[number % len(paths) :] + paths[: number % len(paths)]:
                began = time.monotonic()
                got = _request(server.port, path, began + LIMIT)
                with lock:
                    answers.append((path, expected, got, time.monotonic() - began))

        def saver() -> None:
            start.wait()
            for number in range(SAVES):
                current.write_text(original.replace("APIMart", f"APIMart{number}", 1), encoding="utf-8")
                time.sleep(0.3)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        threads.append(threading.Thread(target=saver))
        began = time.monotonic()
        for thread in threads:
            thread.start()
        start.wait()
        for thread in threads:
            thread.join(timeout=60)
        took = time.monotonic() - began

        assert len(answers) == CLIENTS * (len(wanted) + 1)
        wrong = [(path, expected, got) for path, expected, got, _ in answers if got != expected]
        assert wrong[:10] == [], f"{len(wrong)} of {len(answers)} requests not answered as expected"
        slowest = max(seconds for *_, seconds in answers)
        assert slowest < LIMIT, slowest
        server.wait_for("^Built in .*privacy/", after=mark)  # the saves were built while the clients ran
        assert server.get(f"{m}privacy/2025-10-15.md") == (200, current.read_bytes())
        print(f"{len(answers)} requests from {CLIENTS} clients in {took:.1f} s, slowest {slowest:.2f} s")
    finally:
        code = server.stop()
    assert code == 0, server.log
    assert "Traceback" not in server.log and "Error" not in server.log, server.log
