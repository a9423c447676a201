"""`ppgen serve`: a real server process, a real browser, real edits on disk.

The server runs as a subprocess (`python -m ppgen serve --port 0`) on a site in tmp_path; the
tests edit its Markdown and watch the browser reload, break its front matter and see the error
overlay over the last good page, and poke at it with raw HTTP (http.client sends paths as given,
so `..` and percent-escapes reach the server unnormalised). The incremental renderer is checked
against `build.render_site` byte for byte.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gitrepo import GitRepo, isolate_git
from ppgen.commands.preview import Hub, RequestHead, Snapshot, host_name, make_server, refusal, respond
from ppgen.commands.serve import Preview, _summary, is_editor_temp, is_source
from ppgen.pipeline.build import render_site
from ppgen.pipeline.incremental import IncrementalRenderer
from ppgen.site.pages import RedlinePage
from ppgen.site.plan import SitePlan
from ppgen.site.themes import default_theme
from ppgen.source.config import load_settings
from ppgen.source.load import load_site

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 1, 1)
OLD, NEW = "content/privacy/2025-01-01.md", "content/privacy/2025-06-01.md"
SITE = {
    OLD: "---\ntitle: Privacy Policy\n---\n\n## Scope\n\nWe collect little.\n\n## Contact\n\nWrite to us.\n",
    NEW: (
        "---\nsummary: Clearer wording.\n---\n\n## Scope\n\nWe collect very little data.\n\n## Contact\n\n"
        "Write to us.\n"
    ),
    "content/terms/2024-01-01.md": "---\ntitle: Terms of Use\n---\n\n## Use\n\nBe kind.\n",
}
CONFIG = 'title = "Test legal"\nbase_url = "https://example.test/legal/"\n'


class Server:
    """`ppgen serve` on a site folder, on a free port; stderr kept line by line."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ppgen", "serve", "--port", "0", "--as-of", AS_OF.isoformat(), *args],
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        found = re.match(r"http://([^:/]+|\[[^]]+\]):(\d+)(/\S*)", self.wait_for(r"^Serving (\S+)").group(1))
        assert found, self.log
        self.port, self.mount = int(found.group(2)), found.group(3)
        self.url = f"http://127.0.0.1:{self.port}{self.mount}"

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 60) -> re.Match[str]:
        """The first stderr line from index `after` on matching `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if found := re.search(pattern, line):
                    return found
            assert self.process.poll() is None, f"ppgen serve exited early:\n{self.log}"
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.log}")

    def settled(self) -> None:
        """Wait until the redlines of the first build are rendered too (and logged)."""
        if any("redlines to follow" in line for line in self.lines):
            self.wait_for("^Rendered the redlines")

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """GET `path` exactly as written (no normalisation); (status, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self) -> int:
        """Ctrl-C; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture
def site(make_site: Callable[..., Path]) -> Path:
    return make_site(SITE, CONFIG)


@pytest.fixture
def server(site: Path) -> Iterator[Server]:
    running = Server(site)
    yield running
    running.stop()


def edit(path: Path, text: str) -> None:
    """Save like an editor that writes in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- in the browser -------------------------------------------------------------------------------


@pytest.mark.browser
def test_an_edit_reloads_the_open_page_with_the_new_wording(server: Server, site: Path, page: Any) -> None:
    page.goto(server.url + "privacy/")
    expect(page.locator("#policy-text")).to_contain_text("We collect very little data.")
    page.evaluate("window.notReloaded = true")
    edit(site / NEW, SITE[NEW].replace("very little data", "no data at all"))
    expect(page.locator("#policy-text")).to_contain_text("We collect no data at all.", timeout=10_000)
    assert page.evaluate("window.notReloaded === undefined"), "the page was patched, not reloaded"


@pytest.mark.browser
def test_a_broken_save_shows_an_overlay_over_the_last_good_page_until_fixed(
    server: Server, site: Path, page: Any
) -> None:
    page.goto(server.url + "privacy/")
    overlay = page.locator("#ppgen-error-overlay")
    expect(overlay).to_have_count(0)
    mark = len(server.lines)
    edit(site / NEW, "---\nsummary: Half: typed\n---\n\n## Scope\n\nHalf-typed.\n")

    expect(overlay).to_be_visible(timeout=10_000)
    expect(overlay).to_contain_text("2025-06-01.md:2:")
    expect(overlay).to_contain_text("malformed YAML")
    server.wait_for(r"2025-06-01\.md:2: malformed YAML", after=mark)
    expect(page.locator("#policy-text")).to_contain_text("We collect very little data.")
    status, body = server.get(server.mount + "privacy/")
    assert status == 200 and b"We collect very little data." in body and b"Half-typed" not in body

    edit(site / NEW, SITE[NEW].replace("very little data", "only what we need"))
    expect(page.locator("#policy-text")).to_contain_text("We collect only what we need.", timeout=10_000)
    expect(overlay).to_have_count(0)


@pytest.mark.browser
def test_a_page_opened_while_the_site_is_broken_shows_the_overlay_at_once(
    server: Server, site: Path, page: Any
) -> None:
    mark = len(server.lines)
    edit(site / OLD, "---\ntitle: Privacy Policy\neffective: someday\n---\n\n## Scope\n\nText.\n")
    server.wait_for("Build failed", after=mark)
    page.goto(server.url + "privacy/history/")
    expect(page.locator("#ppgen-error-overlay")).to_contain_text("2025-01-01.md:3:")


@pytest.mark.browser
def test_uncommitted_text_is_a_draft_until_it_is_committed(
    tmp_path: Path, page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    repo = GitRepo(tmp_path / "repo", CONFIG)
    repo.commit("2025-02-01T10:00:00+00:00", **{OLD.replace("/", "__"): SITE[OLD]})
    running = Server(repo.root)
    try:
        page.goto(running.url + "privacy/")
        last_updated = page.locator("#last-updated")
        expect(last_updated).to_contain_text("Last updated January 1, 2025")
        edit(repo.root / OLD, SITE[OLD].replace("We collect little.", "We collect less."))
        expect(last_updated).to_have_text("Draft — not yet committed", timeout=10_000)
        repo.commit("2025-03-01T10:00:00+00:00", "Collect less")
        expect(last_updated).to_contain_text("Last updated March 1, 2025", timeout=10_000)
    finally:
        running.stop()


# --- over raw HTTP --------------------------------------------------------------------------------


def test_every_page_is_served_and_only_html_gets_the_reload_script(server: Server, site: Path) -> None:
    status, index = server.get(server.mount)
    assert status == 200 and b'src="/__ppgen/live.js"' in index
    status, raw = server.get(server.mount + "privacy/2025-06-01.md")
    assert status == 200 and raw == SITE[NEW].encode() and b"__ppgen" not in raw
    status, feed = server.get(server.mount + "feed.xml")
    assert status == 200 and b"__ppgen" not in feed
    assert server.get("/")[0] == 302
    assert server.get(server.mount + "privacy")[0] == 301
    assert server.get("/__ppgen/live.js")[0] == 200


def test_build_output_never_has_the_reload_script(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "ppgen", "build", "--out", str(out), "--as-of", AS_OF.isoformat()],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not [p for p in out.rglob("*") if p.is_file() and b"__ppgen" in p.read_bytes()]


TRAVERSALS = [
    "/legal/../ppgen.toml",
    "/legal/../../../../etc/passwd",
    "/legal/%2e%2e/ppgen.toml",
    "/legal/%2E%2E/%2E%2E/etc/passwd",
    "/legal/..%2fppgen.toml",
    "/legal/..%2Fcontent%2Fprivacy%2F2025-01-01.md",
    "/legal/privacy/..%2f..%2fppgen.toml",
    "/legal/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/legal/%252e%252e/ppgen.toml",
    "/legal/..\\ppgen.toml",
    "/legal/.%2e/ppgen.toml",
    "/legal/privacy/%00/../index.html",
    "/legal/%c0%ae%c0%ae/ppgen.toml",
    "//etc/passwd",
    "/../legal/privacy/",
    "/ppgen.toml",
    "/legal/ppgen.toml",
    "/legal/content/privacy/2025-01-01.md",
    "/legal/outside.txt",
    "/legal/linked/secret.txt",
    "/legal/./privacy/",
]


def test_paths_outside_the_built_site_get_404(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET\n")
    (site / "outside.txt").symlink_to(secret)
    (site / "linked").symlink_to(tmp_path)
    running = Server(site)
    try:
        answers = {path: running.get(path) for path in TRAVERSALS}
    finally:
        running.stop()
    assert {path: status for path, (status, _) in answers.items() if status != 404} == {}
    for path, (_, body) in answers.items():
        assert b"TOP SECRET" not in body and b"root:" not in body and b"base_url" not in body, path


def test_folders_are_never_listed(server: Server) -> None:
    def without_script(body: bytes) -> bytes:
        return re.sub(rb'<script src="/__ppgen/live.js"[^>]*></script>', b"", body)

    _, not_found = server.get(server.mount + "no-such-page/")
    for folder in ("privacy/diff/", "_static/", "privacy/2025-06-01/../"):
        status, body = server.get(server.mount + folder)
        assert (status, without_script(body)) == (404, without_script(not_found)), folder


def test_requests_for_other_host_names_are_refused(server: Server) -> None:
    assert server.get(server.mount, {"Host": "attacker.example"})[0] == 403
    assert server.get(server.mount, {"Host": f"localhost:{server.port}"})[0] == 200


def test_the_event_stream_says_reload_when_a_page_is_stale(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", f"/__ppgen/events?page={server.mount}privacy/&etag=stale")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type", "").startswith("text/event-stream")
    stream = b""
    while b"event: reload" not in stream:
        stream += response.read1(1024)
    connection.close()


def _status_line(port: int, request: bytes) -> bytes:
    """Send raw bytes; the first line of the answer (b"" when the server closed without one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while b"\r\n" not in received and (chunk := sock.recv(65536)):
            received += chunk
        return received.split(b"\r\n", 1)[0]


MALFORMED = [
    (b"GET /legal/ HTTP/1.1\r\nHost: [\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: localhost]\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: [not-an-address]\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: ex\xe2\x84\x80ample\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: local host\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: localhost:80:80\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\nNo colon here\r\nHost: attacker.example\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1\r\n Host: localhost\r\n\r\n", 400),
    (b"GET /__ppgen/events?page=/legal/ HTTP/1.1\r\nHost: [\r\n\r\n", 400),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /legal/ HTTP/1.1 extra\r\nHost: localhost\r\n\r\n", 400),
    (b"GET /legal/ HTTP/9.9\r\nHost: localhost\r\n\r\n", 505),
    (b"BREW /legal/ HTTP/1.1\r\nHost: localhost\r\n\r\n", 501),
    (b"GET /legal/ HTTP/1.1\r\nHost: localhost\r\nX: " + b"x" * 70_000 + b"\r\n\r\n", 431),
    (b"GET /legal/ HTTP/1.1\r\nHost: localhost\r\n" + b"X: y\r\n" * 101 + b"\r\n", 431),
    (b"GET /legal/%ff%fe HTTP/1.1\r\nHost: localhost\r\n\r\n", 404),
    (b"GET /legal/\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n", 404),
    (b"GET * HTTP/1.1\r\nHost: localhost\r\n\r\n", 404),
    (b"GET /legal/ HTTP/1.1\r\nHost: [::1]:8000\r\n\r\n", 200),
    (b"GET /legal/ HTTP/1.0\r\n\r\n", 200),
]


def test_malformed_requests_get_a_clean_answer_and_no_traceback(server: Server) -> None:
    server.settled()
    mark = len(server.lines)
    statuses = {}
    for request, _ in MALFORMED:
        first = _status_line(server.port, request)
        answered = re.fullmatch(rb"HTTP/1\.[01] (\d{3}) .*", first)
        statuses[request[:60]] = int(answered.group(1)) if answered else first
    assert statuses == {request[:60]: status for request, status in MALFORMED}
    assert server.get(server.mount + "privacy/")[0] == 200
    assert server.lines[mark:] == [], server.log


def test_clients_that_leave_are_normal_and_log_nothing(server: Server) -> None:
    server.settled()
    mark = len(server.lines)
    request = f"GET {server.mount}privacy/ HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    for number in range(20):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            if number % 2:  # a reset after the request: the answer is written to a closed connection
                sock.sendall(request)
            else:  # a reset in the middle of reading the answer
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
                sock.sendall(request)
                sock.recv(100)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    for _ in range(5):  # an event stream left after its first event
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            stream = f"GET /__ppgen/events?page={server.mount}&etag=x HTTP/1.1\r\nHost: localhost\r\n\r\n"
            sock.sendall(stream.encode())
            received = b""
            while b"event: " not in received:
                received += sock.recv(1000)
    time.sleep(0.5)
    assert server.get(server.mount + "privacy/")[0] == 200
    assert server.lines[mark:] == [], server.log


def test_a_save_written_in_two_steps_is_never_served_half_written(server: Server, site: Path) -> None:
    """A tool truncates and writes part of a file, pauses (less than the debounce), then writes the rest."""
    scope = "BEGINNING " + "We collect very little data. " * 60 + "END OF SCOPE."
    full = SITE[NEW].replace("We collect very little data.", scope)
    half = full[: len(full) // 2]
    assert half.count("\n---\n") == 1 and "END OF SCOPE" not in half  # the half parses: whole front matter
    seen: list[tuple[bytes, bytes]] = []
    stop = threading.Event()

    def poll() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        while not stop.is_set():
            pair = []
            for path in ("privacy/2025-06-01.md", "privacy/"):
                connection.request("GET", server.mount + path)
                pair.append(connection.getresponse().read())
            seen.append((pair[0], pair[1]))
        connection.close()

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        for step in range(4):  # by one file handle, and by two opens, each twice
            text = full.replace("BEGINNING", f"BEGINNING{step}")
            if step % 2:
                with open(site / NEW, "w", encoding="utf-8") as file:
                    file.write(text[: len(half)])
                    file.flush()
                    time.sleep(0.05)
                    file.write(text[len(half) :])
            else:
                (site / NEW).write_text(text[: len(half)], encoding="utf-8")
                time.sleep(0.05)
                with open(site / NEW, "a", encoding="utf-8") as file:
                    file.write(text[len(half) :])
            deadline = time.monotonic() + 10
            while not seen or seen[-1][0] != text.encode():
                assert time.monotonic() < deadline, f"the save was never served:\n{server.log}"
                time.sleep(0.01)
    finally:
        stop.set()
        poller.join()
    whole = {SITE[NEW].encode(), *(full.replace("BEGINNING", f"BEGINNING{n}").encode() for n in range(4))}
    assert [raw[-60:] for raw, _ in seen if raw not in whole] == [], "a half-written text was served"
    assert [page[-60:] for _, page in seen if b"BEGINNING" in page and b"END OF SCOPE" not in page] == []
    assert "Traceback" not in server.log and "failed" not in server.log, server.log


def test_editor_temporary_files_do_not_rebuild(server: Server, site: Path) -> None:
    server.wait_for(r"^Serving")
    mark = len(server.lines)
    folder = site / "content" / "privacy"
    for name in (".#2025-06-01.md", "#2025-06-01.md#", "2025-06-01.md~", ".2025-06-01.md.swp", "4913"):
        (folder / name).write_text("scratch")
    time.sleep(1.0)
    assert not [line for line in server.lines[mark:] if line.startswith(("Built", "Build failed"))], (
        server.log
    )


def test_a_non_loopback_host_prints_a_warning(site: Path) -> None:
    running = Server(site, "--host", "0.0.0.0")
    try:
        assert "WARNING" in running.log and "0.0.0.0" in running.log
    finally:
        running.stop()
    quiet = Server(site)
    try:
        assert "WARNING" not in quiet.log
    finally:
        quiet.stop()


def test_ctrl_c_exits_0_and_leaves_no_temporary_folders(site: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    before = sorted(p.name for p in site.iterdir())
    running = Server(site, env={"TMPDIR": str(scratch)})
    status, _ = running.get(running.mount + "privacy/")
    assert status == 200
    assert running.stop() == 0
    assert "Traceback" not in running.log, running.log
    assert sorted(p.name for p in site.iterdir()) == before
    assert list(scratch.iterdir()) == []


def test_a_busy_port_is_a_clear_error(site: Path, server: Server) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ppgen", "serve", "--port", str(server.port)],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{server.port}" in done.stderr and "--port" in done.stderr


# --- the pieces -----------------------------------------------------------------------------------


def test_editor_scratch_files_and_the_output_folder_are_not_sources(site: Path) -> None:
    settings = load_settings(site / "ppgen.toml")
    for name in (
        ".#a.md",
        "#a.md#",
        "a.md~",
        ".a.md.swp",
        ".a.md.swx",
        "4913",
        "a.md.tmp",
        "a.md___jb_tmp___",
    ):
        assert is_editor_temp(name), name
        assert not is_source(settings.content_dir / "privacy" / name, settings)
    assert not is_editor_temp("2025-06-01.md")
    assert is_source(settings.content_dir / "privacy" / "2025-06-01.md", settings)
    assert is_source(site / "ppgen.toml", settings)
    assert is_source(site / "theme" / "templates" / "policy.html", settings)
    assert not is_source(settings.output_dir / "index.html", settings)
    assert not is_source(site / "README.md", settings)
    assert not is_source(settings.content_dir / ".git" / "config", settings)


def test_the_preview_watches_every_theme_folder_the_build_reads(site: Path) -> None:
    """The pages come from the site's theme and the default theme under it (themes.theme_folders): an
    edit to either is a source, and both are watched; a folder the build does not read is not."""
    settings = load_settings(site / "ppgen.toml")
    default = default_theme()
    assert is_source(default / "templates" / "policy.html", settings)
    assert is_source(settings.theme_folder / "static" / "style.css", settings)
    preview = Preview(lambda: settings, None, lambda line: None)
    try:
        preview.watch()
        watched = {path for path, recursive in preview._watched if recursive}
    finally:
        preview.observer.unschedule_all()
    assert str(default) in watched and str(settings.content_dir) in watched
    assert not is_source(site / "themes-unused" / "templates" / "policy.html", settings)


def _render_both(
    site: Path, renderer: IncrementalRenderer, defer: bool = False
) -> tuple[dict[str, bytes], dict[str, bytes], tuple[str, ...]]:
    settings = load_settings(site / "ppgen.toml")
    loaded = load_site(settings, AS_OF)
    result = renderer.render(
        loaded,
        settings,
        defer=(lambda spec: isinstance(spec, RedlinePage)) if defer else (lambda spec: False),
    )
    rendered = result.rendered
    while renderer.pending:
        result = renderer.render_pending(2)
        rendered += result.rendered
    with tempfile.TemporaryDirectory() as folder:
        written, _, _ = render_site(SitePlan.of(loaded, settings), settings, Path(folder))
        built = {name: Path(folder, name).read_bytes() for name in written}
        assert sorted(built) == sorted(
            p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file()
        )
    return result.files, built, rendered


def test_incremental_renders_follow_a_new_translation(site: Path) -> None:
    """On a site in several languages, a translation added or removed renders again every page that links
    its counterparts (the English pages' switcher and hreflang links), as a full build writes them."""
    renderer = IncrementalRenderer()
    german = "---\ntitle: Datenschutz\n---\n\n## Umfang\n\nWir erheben wenig.\n\n## Kontakt\n\nSchreiben Sie uns.\n"
    steps: list[Callable[[], object]] = [
        lambda: edit(site / "ppgen.toml", CONFIG + 'languages = ["en", "de"]\n'),
        lambda: edit(site / "content/privacy/2025-01-01.de.md", german),
        lambda: edit(site / "content/privacy/2025-06-01.de.md", german.replace("title: Datenschutz\n", "")),
        lambda: (site / "content/privacy/2025-06-01.de.md").unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        incremental, full, _ = _render_both(site, renderer)
        assert incremental.keys() == full.keys(), number
        assert [name for name in full if incremental[name] != full[name]] == [], number
    assert b"de/privacy/2025-06-01/" not in incremental["privacy/index.html"]


def test_incremental_renders_equal_a_full_build_through_edits(site: Path) -> None:
    renderer = IncrementalRenderer()
    steps: list[Callable[[], object]] = [
        lambda: None,
        lambda: edit(site / NEW, SITE[NEW].replace("very little", "hardly any")),
        lambda: edit(site / OLD, SITE[OLD].replace("title: Privacy Policy", "title: Privacy Notice")),
        lambda: edit(
            site / "content/privacy/2026-03-01.md", "---\nsummary: Upcoming.\n---\n\n## Scope\n\nNothing.\n"
        ),
        lambda: (site / "content/privacy/2026-03-01.md").unlink(),
        lambda: edit(site / "ppgen.toml", CONFIG + 'diff_pairs = ["all"]\n'),
        lambda: edit(
            site / "theme/templates/history.html",
            '{% extends "default/history.html" %}{% block title %}H{% endblock %}',
        ),
    ]
    for number, step in enumerate(steps):
        step()
        incremental, full, _ = _render_both(site, renderer, defer=number % 2 == 1)
        assert incremental.keys() == full.keys(), number
        assert [name for name in full if incremental[name] != full[name]] == [], number


def test_an_edit_to_an_archived_version_renders_only_what_shows_it(site: Path) -> None:
    renderer = IncrementalRenderer()
    _render_both(site, renderer)
    edit(site / OLD, SITE[OLD].replace("We collect little.", "We collected little."))
    _, _, rendered = _render_both(site, renderer)
    assert sorted(rendered) == [
        "privacy/2025-01-01.md",
        "privacy/2025-01-01/index.html",
        # The later version's pages answer the ids their sections had in it (`formerids`).
        "privacy/2025-06-01/index.html",
        "privacy/diff/2025-01-01...2025-06-01/index.html",
        "privacy/history/index.html",  # its change timeline counts the words of every version
        "privacy/index.html",
        "privacy/versions.json",
    ]
    edit(site / NEW, SITE[NEW].replace("very little", "hardly any"))
    _, _, rendered = _render_both(site, renderer)
    assert (
        "privacy/index.html" in rendered
        and "terms/index.html" not in rendered
        and "index.html" not in rendered
    )


def test_the_host_header_is_parsed_not_trusted() -> None:
    values = ("localhost", "LocalHost:8000", "127.0.0.1:80", "[::1]", "[::1]:8000", "example.test:")
    assert [host_name(value) for value in values] == [
        "localhost",
        "localhost",
        "127.0.0.1",
        "[::1]",
        "[::1]",
        "example.test",
    ]
    for bad in ("[", "[::1", "a]", "[zz]", "[::1]x", "a b", "a:b:c", "ex\u2100ample", "a\r\n b", "a\0"):
        assert host_name(bad) is None, bad


def _head(*hosts: str, version: str = "HTTP/1.1", malformed: bool = False) -> RequestHead:
    return RequestHead("/", version, hosts, malformed)


def test_requests_are_refused_for_their_head_alone() -> None:
    assert refusal(_head("localhost:8000"), loopback=True) is None
    assert refusal(_head("[::1]:8000"), loopback=True) is None
    assert refusal(_head("attacker.example"), loopback=False) is None
    assert refusal(_head(version="HTTP/1.0"), loopback=True) is None
    refused = {
        "host [": refusal(_head("["), loopback=True),
        "host [ on 0.0.0.0": refusal(_head("["), loopback=False),
        "two hosts": refusal(_head("localhost", "localhost"), loopback=True),
        "no host in HTTP/1.1": refusal(_head(), loopback=True),
        "a malformed header line": refusal(_head("localhost", malformed=True), loopback=True),
        "another name": refusal(_head("attacker.example"), loopback=True),
    }
    assert {what: answer.status if answer else None for what, answer in refused.items()} == {
        "host [": 400,
        "host [ on 0.0.0.0": 400,
        "two hosts": 400,
        "no host in HTTP/1.1": 400,
        "a malformed header line": 400,
        "another name": 403,
    }


def test_respond_is_a_pure_function_of_the_snapshot_and_the_target() -> None:
    files = {"index.html": b"<html><body>Hi</body></html>", "a b.txt": b"text"}
    snapshot = Snapshot(files, None, "/legal/", 1)
    page = respond(snapshot, "/legal/?x=1")
    assert (page.status, page.content_type) == (200, "text/html; charset=utf-8")
    assert page.body.startswith(b'<html><body>Hi<script src="/__ppgen/live.js" data-page="/legal/"')
    assert respond(snapshot, "/legal/a%20b.txt").body == b"text"
    assert respond(snapshot, "/legal/%ff").status == 404
    assert respond(snapshot, "*").status == 404
    assert respond(snapshot, "/__ppgen/live.js").content_type.startswith("text/javascript")
    assert respond(snapshot, "/legal/?x=1") == page


def _serving(hub: Hub) -> tuple[Any, threading.Thread]:
    server = make_server("127.0.0.1", 0, hub)
    return server, threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)


def test_the_listen_queue_holds_a_burst_of_200_connections() -> None:
    """Connections made before the server accepts any (200 clients at once) all get an answer."""
    hub = Hub()
    hub.publish({"index.html": b"<html><body>Hi</body></html>"}, None, "/")
    server, thread = _serving(hub)
    sockets: list[socket.socket] = []
    try:
        for _ in range(200):  # nothing accepts yet: only the kernel's listen queue holds them
            sockets.append(socket.create_connection(server.server_address[:2], timeout=1))
        thread.start()
        for sock in sockets:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        deadline, answers = time.monotonic() + 10, []
        for sock in sockets:  # 10 s for all of them
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                answers.append(sock.recv(12))
            except TimeoutError:
                answers.append(b"no answer")
        assert answers == [b"HTTP/1.1 200"] * 200
    finally:
        for sock in sockets:
            sock.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()


def _handler_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if "process_request_thread" in t.name}


def test_an_event_stream_ends_when_its_client_leaves() -> None:
    hub = Hub()
    hub.publish({"index.html": b"<html><body>Hi</body></html>"}, None, "/")
    server, thread = _serving(hub)
    thread.start()
    before = _handler_threads()
    try:
        for _ in range(10):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
            connection.request("GET", "/__ppgen/events?page=/&etag=x")
            response, stream = connection.getresponse(), b""
            while b"event: reload" not in stream:
                stream += response.read1(1000)
            response.close()  # the socket closes only when the response lets go of it too
            connection.close()
        deadline = time.monotonic() + 5
        while _handler_threads() - before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _handler_threads() - before == set(), "event streams outlived their clients"
    finally:
        hub.close()
        server.shutdown()
        server.server_close()


def test_the_preview_refuses_what_build_refuses_in_addresses_and_the_theme(site: Path) -> None:
    """The preview renders through its own pipeline: it holds aliases, policy names and the theme to build's rules."""
    from ppgen.core.errors import PpgenError

    renderer = IncrementalRenderer()
    cases = [
        (
            NEW,
            SITE[NEW].replace("---\n", "---\naliases: [/./privacy/]\n", 1),
            "alias `/./privacy/` has a `.` part",
        ),
        ("theme/templates/history.html", "{% block title %", "theme template error"),
    ]
    for name, text, says in cases:
        before = (site / name).read_text(encoding="utf-8") if (site / name).exists() else None
        edit(site / name, text)
        settings = load_settings(site / "ppgen.toml")
        with pytest.raises(PpgenError) as raised:
            renderer.render(load_site(settings, AS_OF), settings)
        assert any(says in str(problem) for problem in raised.value.problems), raised.value.problems
        if before is None:
            (site / name).unlink()
        else:
            edit(site / name, before)
    settings = load_settings(site / "ppgen.toml")
    assert renderer.render(load_site(settings, AS_OF), settings).files


def test_the_rebuild_log_names_each_changed_page_and_the_site_index_as_slash() -> None:
    assert _summary(
        ("index.html", "privacy/index.html", "feed.xml"), ("index.html", "privacy/index.html")
    ) == ("2 pages rendered, 2 changed: /, privacy/")
    assert _summary(("privacy/index.html",), ()) == "1 page rendered, 0 changed"
