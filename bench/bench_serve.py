"""Preview benchmark: save → served latency of `ppgen serve`, on the example site and a 500-version site.

For each site it starts `ppgen serve` (a subprocess, as a user would), waits until every page is
rendered, then edits the text of the version in force several times. Each time it measures from
the moment the file is written until an HTTP GET of the policy page returns the new wording
(polling every 5 ms), and, separately, until the redlines the version takes part in are rendered
too. The anchor, measured in the same run on the same site: a whole `ppgen build`.
Targets: save → served under 300 ms on the example site, under 1 s on the 500-version site.

    python bench/bench_serve.py [--edits 5] [--policies 20] [--versions 25] [--words 3000]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from ppgen.pipeline.build import build
from ppgen.source.config import load_settings, with_overrides
from synthetic import make_site

AS_OF = "2026-01-01"


class Server:
    """`ppgen serve --port 0` on a site; its stderr collected line by line."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ppgen", "serve", "--port", "0", "--as-of", AS_OF],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        match = self.wait_for(r"Serving (http://\S+)", timeout=600)
        url = re.match(r"http://([^:/]+):(\d+)(/.*)", match.group(1))
        assert url is not None
        self.host, self.port, self.mount = url.group(1), int(url.group(2)), url.group(3)

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float, after: int = 0) -> re.Match[str]:
        """The first log line from index `after` on that matches `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                found = re.search(pattern, line)
                if found:
                    return found
            if self.process.poll() is not None:
                raise RuntimeError("ppgen serve exited:\n" + "\n".join(self.lines))
            time.sleep(0.005)
        raise TimeoutError(f"no log line matching {pattern!r}:\n" + "\n".join(self.lines))

    def settled(self, after: int = 0) -> None:
        """Wait until no redline is left to render."""
        for line in self.lines[after:]:
            if "redlines to follow" in line:
                self.wait_for(r"Rendered the redlines", timeout=600, after=after)
                return

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@contextmanager
def serving(root: Path) -> Iterator[Server]:
    server = Server(root)
    try:
        server.settled()
        yield server
    finally:
        server.stop()


def served_after(server: Server, path: str, needle: str, started: float, timeout: float = 30.0) -> float:
    """Seconds from `started` until GET `path` contains `needle` (polling every 5 ms)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        connection.request("GET", path)
        if needle.encode() in connection.getresponse().read():
            connection.close()
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"{path} never showed {needle!r}")


def measure(root: Path, slug: str, edits: int) -> tuple[list[float], list[float]]:
    """(save → page served, save → its redlines rendered) for `edits` edits of the version in force."""
    current = max((root / "content" / slug).glob("*.md"))
    original = current.read_text()
    served, redlines = [], []
    with serving(root) as server:
        for n in range(edits):
            token = f"Benchmarkedit{n}x"
            text = re.sub(r"(\n\n[A-Z][a-z]+)", rf"\n\n{token} \1", original, count=1)
            mark = len(server.lines)
            started = time.perf_counter()
            current.write_text(text)
            served.append(served_after(server, f"{server.mount}{slug}/", token, started))
            server.wait_for(r"^Built in", timeout=60, after=mark)
            server.settled(after=mark)
            redlines.append(time.perf_counter() - started)
            time.sleep(0.2)
    current.write_text(original)
    return served, redlines


def anchor(root: Path) -> float:
    """Seconds of a whole `ppgen build` of the site (library call, same process)."""
    settings = with_overrides(load_settings(root / "ppgen.toml"), output=root.parent / "site-out")
    result = build(settings, as_of=date.fromisoformat(AS_OF))
    shutil.rmtree(root.parent / "site-out")
    return result.seconds


def report(
    name: str, build_seconds: float, served: list[float], redlines: list[float], target: float
) -> None:
    ms = [s * 1000 for s in served]
    print(f"{name}")
    print(f"  anchor: ppgen build, whole site          {build_seconds * 1000:8.0f} ms")
    print(
        f"  save → page served (median / max)        {statistics.median(ms):8.0f} / {max(ms):.0f} ms   (target "
        f"< {target * 1000:.0f} ms)"
    )
    print(f"  save → its redlines served too (median)  {statistics.median(redlines) * 1000:8.0f} ms")
    print(f"  ratio served / build                     {statistics.median(served) / build_seconds:8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--policies", type=int, default=20)
    parser.add_argument("--versions", type=int, default=25)
    parser.add_argument("--words", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example" / "site"
        example.mkdir(parents=True)
        shutil.copy2(REPO / "ppgen.toml", example / "ppgen.toml")
        shutil.copytree(REPO / "content", example / "content")
        build_seconds = anchor(example)
        served, redlines = measure(example, "privacy", args.edits)
        report("example site (content/: 1 policy, 3 versions)", build_seconds, served, redlines, 0.3)

        synthetic = make_site(Path(tmp) / "synthetic" / "site", args.policies, args.versions, args.words)
        build_seconds = anchor(synthetic)
        served, redlines = measure(synthetic, "policy-07", args.edits)
        report(
            f"synthetic site ({args.policies} policies × {args.versions} versions × ~{args.words} words)",
            build_seconds,
            served,
            redlines,
            1.0,
        )


if __name__ == "__main__":
    main()
