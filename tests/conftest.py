"""Shared fixtures: the built example site, a local HTTP server, a real browser, axe-core, scratch sites.

API (fixture → what you get):

  repo_root             Path of the checkout (holds ppgen.toml and content/).
  example_site          Path of the example site, built once per session with as_of=2026-01-01.
  http_server(root)     Serves folder `root` on 127.0.0.1 (free port) and returns its base URL,
                        e.g. "http://127.0.0.1:41234/"; unknown paths get root/404.html with status 404.
                        Stopped at teardown.
  legal_site            Path of the example site built for https://apimart.example/legal/ (once per module).
  nginx                 Debian's nginx serving legal_site under /legal/ on 127.0.0.1 (free port), once per
                        module; yields its base URL, e.g. "http://127.0.0.1:41234/legal/".
  browser               A Playwright Browser driving /usr/bin/chromium (session scope).
  page                  A fresh Page in a fresh context (1280x800, JavaScript on).
  site                  The good two-version site of tests/badinput.py (the working folder), with site/
                        built from it as of 2025-06-01: what bad-input cases are applied to. Modules
                        that need another `site` define their own.
  make_site(files, config="", folder="site-src") -> Path
                        Writes tmp_path/<folder>/ppgen.toml (`config`) and every `files` entry
                        (path relative to the site folder → str or bytes, e.g.
                        {"content/privacy/2025-01-01.md": "---\ntitle: P\n---\n..."}) and returns
                        the site folder; pass another `folder` to make a second site in one test.

Plain helpers (import them: `from conftest import run_axe, ...`):
  run_axe(page) -> list[dict]   axe-core's violations on the page's current document ([] when accessible).
  describe_violations(v) -> str  a readable summary of them for assertion messages.
  build_example(out, root=REPO, as_of=EXAMPLE_AS_OF) -> Path   build an example checkout through the library.
  copy_example(target) -> Path  copy the repository's ppgen.toml and content/ into a new folder.
  write_files(root, files)      write each path (relative to root) → str or bytes, making folders.
  tree_bytes(root) -> dict[str, bytes]   every file under a folder, for whole-tree comparisons.
  free_port() -> int            a free TCP port on 127.0.0.1.
  REPO, CHROMIUM, CHROMIUM_ARGS, NGINX, EXAMPLE_AS_OF (date(2026, 1, 1), the "today" of every example build).

Options: `pytest --update-golden` rewrites tests/golden/ (see test_golden.py).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLE_AS_OF = date(2026, 1, 1)
"""The build's "today" for the example site, so results never depend on the real date."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current build",
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout: ppgen.toml, content/, theme/."""
    return REPO


def build_example(out: Path, *, root: Path = REPO, as_of: date = EXAMPLE_AS_OF) -> Path:
    """Build the example site whose ppgen.toml is in `root` into `out` through the library; return `out`."""
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings, with_overrides

    settings = with_overrides(load_settings(root / "ppgen.toml"), output=out)
    build(settings, as_of=as_of)
    return out


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example site, built once with as_of=2026-01-01. Do not modify it."""
    return build_example(tmp_path_factory.mktemp("example") / "site")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; unknown paths get 404.html (like a CDN) with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[Callable[[Path], str]]:
    """Factory: http_server(root) serves `root` on 127.0.0.1 and returns the base URL (ends in '/')."""
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def serve(root: Path) -> str:
        handler = functools.partial(_Handler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name=f"http-{root.name}", daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LEGAL_BASE_URL = "https://apimart.example/legal/"
"""The base URL of `legal_site`, served by `nginx` under /legal/."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def legal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built for https://apimart.example/legal/ (once per test module)."""
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings, with_overrides

    root = copy_example(tmp_path_factory.mktemp("src") / "example")
    settings = with_overrides(
        load_settings(root / "ppgen.toml", base_url=LEGAL_BASE_URL), output=root / "out"
    )
    return build(settings, as_of=date(2026, 1, 1)).out


@pytest.fixture(scope="module")
def nginx(legal_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx serving the site under /legal/ on a free loopback port; yields http://127.0.0.1:PORT/legal/."""
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    temp_paths = "\n".join(
        f"  {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (work / "nginx.conf").write_text(
        f"""
user root;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  types {{ text/markdown md; }}
  access_log off;
{temp_paths}
  server {{
    listen 127.0.0.1:{port};
    location /legal/ {{
      alias {legal_site}/;
      index index.html;
      error_page 404 /legal/404.html;
    }}
  }}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(work / "nginx.conf"), "-g", "daemon off;"], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}/legal/"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(base, timeout=1).close()
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(
                    f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}"
                ) from None
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's chromium through Playwright (no `playwright install` needed). Fails loudly when missing."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} not found: install it with `apt-get install -y chromium` (the browser tests need it)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh temporary profile (--user-data-dir) of its own.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context (1280×800 viewport, JavaScript on)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (each a dict with id, impact, help, nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return list(results.response["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable summary of axe violations for assertion messages."""
    lines = []
    for violation in violations:
        targets = ", ".join(str(node.get("target")) for node in violation.get("nodes", [])[:5])
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation.get('help')} — {targets}")
    return "\n".join(lines)


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write each file (path relative to `root` → text or bytes), making folders as needed."""
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Factory: make_site(files, config="") writes ppgen.toml and `files` into a fresh folder and returns it."""

    def make(files: dict[str, str | bytes], config: str = "", folder: str = "site-src") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=False)
        (root / "ppgen.toml").write_text(config, encoding="utf-8")
        write_files(root, files)
        return root

    return make


def copy_example(target: Path) -> Path:
    """Copy the example's ppgen.toml and content/ into `target` (a new folder); return it."""
    target.mkdir(parents=True)
    shutil.copy2(REPO / "ppgen.toml", target / "ppgen.toml")
    shutil.copytree(REPO / "content", target / "content")
    return target


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root` (relative POSIX path → bytes)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """The good two-version site (tests/badinput.py), the working folder, with site/ built as of 2025-06-01."""
    from badinput import AS_OF, CONFIG, GOOD, invoke

    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = invoke("build", *AS_OF, "-q")
    assert result.exit_code == 0, result.stderr
    assert (root / "site" / "privacy" / "index.html").is_file()
    return root
