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
from gitrepo import GitRepo, isolate_git
from playwright.sync_api import expect

from ppgen.build import render_site
from ppgen.config import load_settings
from ppgen.incremental import IncrementalRenderer
from ppgen.load import load_site
from ppgen.pages import RedlinePage
from ppgen.serve import is_editor_temp, is_source

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 1, 1)
OLD, NEW = "content/privacy/2025-01-01.md", "content/privacy/2025-06-01.md"
SITE = {
    OLD: "---\ntitle: Privacy Policy\n---\n\n## Scope\n\nWe collect little.\n\n## Contact\n\nWrite to us.\n",
    NEW: "---\nsummary: Clearer wording.\n---\n\n## Scope\n\nWe collect very little data.\n\n## Contact\n\nWrite to us.\n",
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
def test_a_broken_save_shows_an_overlay_over_the_last_good_page_until_fixed(server: Server, site: Path, page: Any) -> None:
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
def test_a_page_opened_while_the_site_is_broken_shows_the_overlay_at_once(server: Server, site: Path, page: Any) -> None:
    mark = len(server.lines)
    edit(site / OLD, "---\ntitle: Privacy Policy\neffective: someday\n---\n\n## Scope\n\nText.\n")
    server.wait_for("Build failed", after=mark)
    page.goto(server.url + "privacy/history/")
    expect(page.locator("#ppgen-error-overlay")).to_contain_text("2025-01-01.md:3:")


@pytest.mark.browser
def test_uncommitted_text_is_a_draft_until_it_is_committed(tmp_path: Path, page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_editor_temporary_files_do_not_rebuild(server: Server, site: Path) -> None:
    server.wait_for(r"^Serving")
    mark = len(server.lines)
    folder = site / "content" / "privacy"
    for name in (".#2025-06-01.md", "#2025-06-01.md#", "2025-06-01.md~", ".2025-06-01.md.swp", "4913"):
        (folder / name).write_text("scratch")
    time.sleep(1.0)
    assert not [line for line in server.lines[mark:] if line.startswith(("Built", "Build failed"))], server.log


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
    for name in (".#a.md", "#a.md#", "a.md~", ".a.md.swp", ".a.md.swx", "4913", "a.md.tmp", "a.md___jb_tmp___"):
        assert is_editor_temp(name), name
        assert not is_source(settings.content_dir / "privacy" / name, settings)
    assert not is_editor_temp("2025-06-01.md")
    assert is_source(settings.content_dir / "privacy" / "2025-06-01.md", settings)
    assert is_source(site / "ppgen.toml", settings)
    assert is_source(site / "theme" / "templates" / "policy.html", settings)
    assert not is_source(settings.output_dir / "index.html", settings)
    assert not is_source(site / "README.md", settings)
    assert not is_source(settings.content_dir / ".git" / "config", settings)


def _render_both(site: Path, renderer: IncrementalRenderer, defer: bool = False) -> tuple[dict[str, bytes], dict[str, bytes], tuple[str, ...]]:
    settings = load_settings(site / "ppgen.toml")
    loaded = load_site(settings, AS_OF)
    result = renderer.render(loaded, settings, defer=(lambda spec: isinstance(spec, RedlinePage)) if defer else (lambda spec: False))
    rendered = result.rendered
    while renderer.pending:
        result = renderer.render_pending(2)
        rendered += result.rendered
    with tempfile.TemporaryDirectory() as folder:
        written, _ = render_site(loaded, settings, Path(folder))
        built = {name: Path(folder, name).read_bytes() for name in written}
        assert sorted(built) == sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())
    return result.files, built, rendered


def test_incremental_renders_equal_a_full_build_through_edits(site: Path) -> None:
    renderer = IncrementalRenderer()
    steps: list[Callable[[], object]] = [
        lambda: None,
        lambda: edit(site / NEW, SITE[NEW].replace("very little", "hardly any")),
        lambda: edit(site / OLD, SITE[OLD].replace("title: Privacy Policy", "title: Privacy Notice")),
        lambda: edit(site / "content/privacy/2026-03-01.md", "---\nsummary: Upcoming.\n---\n\n## Scope\n\nNothing.\n"),
        lambda: (site / "content/privacy/2026-03-01.md").unlink(),
        lambda: edit(site / "ppgen.toml", CONFIG + 'diff_pairs = ["all"]\n'),
        lambda: edit(site / "theme/templates/history.html", '{% extends "default/history.html" %}{% block title %}H{% endblock %}'),
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
        "privacy/diff/2025-01-01...2025-06-01/index.html",
        "privacy/versions.json",
    ]
    edit(site / NEW, SITE[NEW].replace("very little", "hardly any"))
    _, _, rendered = _render_both(site, renderer)
    assert "privacy/index.html" in rendered and "terms/index.html" not in rendered and "index.html" not in rendered
