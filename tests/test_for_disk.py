"""`ppgen build --for-disk`: every in-site link names a file, so the site opens from the file system
(file://), where no browser opens a folder's index.html by itself. Checked with lychee over the files,
without `--index-files`, and by reading every link."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from badinput import CONFIG, GOOD, SECOND, invoke
from test_validity import tool

TERMS = "content/terms/2025-01-01.md"


def files(history: str = "history/", itself: str = "./#liability") -> dict[str, str | bytes]:
    """The good site, a second policy, and links between them; relative ones as written for the policy's
    page (`privacy/` and `terms/` with pretty URLs, `privacy.html` and `terms.html` without)."""
    return {
        **GOOD,
        SECOND: GOOD[SECOND]
        + "\nRead the [terms](policy:terms), [liability](policy:terms#liability)"
        + f" and [history]({history}).\n",
        TERMS: "---\ntitle: Terms\naliases: [/old/terms.html]\n---\n\n## Liability\n\n"
        + f"See the [privacy](policy:privacy) and [ours]({itself}).\n",
    }


PLAIN = 'base_url = "https://example.com/legal/"\npretty_urls = false\n'


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)


def refs(page: Path) -> list[str]:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.refs


def lychee_files(folder: Path) -> subprocess.CompletedProcess[str]:
    """lychee over the HTML files as files: offline, fragments checked, no index-file guessing."""
    return subprocess.run(
        [
            tool("lychee"),
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--extensions",
            "html",
            "--format",
            "json",
            str(folder),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def root(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(files(), CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.mark.parametrize("config", [CONFIG, "", PLAIN], ids=["base-url", "no-base-url", "plain-urls"])
def test_for_disk_links_are_files(root: Path, config: str) -> None:
    (root / "ppgen.toml").write_text(config, encoding="utf-8")
    if config == PLAIN:
        for name, text in files("privacy/history.html", "terms.html#liability").items():
            (root / name).write_text(str(text), encoding="utf-8")
    result = invoke("build", "--as-of", "2025-06-01", "-q", "--for-disk", "--out", "disk")
    assert result.exit_code == 0, result.stderr
    site = root / "disk"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    checked = 0
    for page in pages:
        for ref in refs(page):
            if urlsplit(ref).scheme or ref.startswith("#"):
                continue  # the web addresses (canonical, feeds), mail, and places on the same page
            path = unquote(urlsplit(ref).path)
            assert not path.endswith("/") and not ref.startswith("/"), f"{page.relative_to(site)}: {ref}"
            target = Path(urlsplit(urljoin(page.as_uri(), ref)).path)
            assert target.is_file(), f"{page.relative_to(site)}: {ref} is not a file"
            checked += 1
    assert checked > 50
    run = lychee_files(site)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    report = json.loads(run.stdout[run.stdout.find("{") :])
    assert report["errors"] == 0 and report["successful"] > 50


def test_lychee_as_run_here_flags_a_folder_link(root: Path) -> None:
    """The same lychee run over a site built for a web server fails: the check above is worth something."""
    assert invoke("build", "--as-of", "2025-06-01", "-q").exit_code == 0
    run = lychee_files(root / "site")
    assert run.returncode != 0
    assert "privacy/history" in run.stdout


def test_the_policy_text_links_name_files_on_every_page_it_is_on(root: Path) -> None:
    assert invoke("build", "--as-of", "2025-06-01", "-q", "--for-disk").exit_code == 0
    site = root / "site"
    for name in (
        "privacy/index.html",
        "privacy/2025-03-01/index.html",
        "privacy/diff/2025-01-01...2025-03-01/index.html",
    ):
        page = site / name
        found = {urljoin(page.as_uri(), ref) for ref in refs(page) if "terms" in ref or "history/" in ref}
        assert (site / "terms/index.html").as_uri() in found
        assert (site / "terms/index.html").as_uri() + "#liability" in found
        assert (site / "privacy/history/index.html").as_uri() in found


def test_a_plain_build_keeps_pretty_links(root: Path) -> None:
    assert invoke("build", "--as-of", "2025-06-01", "-q").exit_code == 0
    assert 'href="../terms/#liability"' in (root / "site/privacy/index.html").read_text(encoding="utf-8")
