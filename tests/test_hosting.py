"""ppgen.site.hosting: _headers, _redirects, alias pages, manifest and --changed-since."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ppgen.core.errors import PpgenError
from ppgen.core.model import Policy, Site, Text, Version
from ppgen.site import hosting
from ppgen.site.pages import Urls
from ppgen.site.templates import Theme
from test_aliases_cli import parse_headers, parse_redirects

WORDS = hosting.AliasWords.of(Theme(None, "en_US"), "en", "en_US")


def test_headers_cache_assets_forever_and_pages_briefly_without_overlap() -> None:
    text = hosting.headers(
        [
            "index.html",
            "privacy/index.html",
            "_static/style.0123456789.css",
            "feed.xml",
            "privacy/2025-01-01.md",
        ]
    ).decode()
    blocks: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("/"):
            current = line
            blocks[current] = []
        else:
            blocks[current].append(line.strip())
    assert f"Cache-Control: {hosting.IMMUTABLE}" in blocks["/_static/*"]
    for path in ("/", "/privacy/*", "/feed.xml", "/index.html"):
        assert f"Cache-Control: {hosting.REVALIDATE}" in blocks[path]
    assert not any(line.startswith("Cache-Control") for line in blocks["/*"])
    csp = next(line for line in blocks["/*"] if line.startswith("Content-Security-Policy"))
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert "X-Content-Type-Options: nosniff" in blocks["/*"]
    assert any(line.startswith("Referrer-Policy") for line in blocks["/*"])


def site_with_aliases(*aliases: str) -> Site:
    version = Version(
        "privacy",
        date(2025, 1, 1),
        "Privacy",
        date(2025, 1, 1),
        Text(b"", ""),
        1,
        "content/privacy/2025-01-01.md",
        aliases=aliases,
    )
    return Site((Policy("privacy", (version,)),), date(2026, 1, 1))


def test_aliases_become_redirects_and_pages() -> None:
    urls = Urls(base_url="https://example.com/legal/")
    entries = hosting.aliases(site_with_aliases("/privacy-policy/", "/old/privacy.html"), urls)
    assert (
        hosting.redirects(entries, urls).decode()
        == "/old/privacy.html /legal/privacy/ 301\n/privacy-policy/ /legal/privacy/ 301\n"
    )
    pages = hosting.alias_files(entries, urls, {}, WORDS)
    assert sorted(pages) == ["old/privacy.html", "privacy-policy/index.html"]
    assert (
        b'http-equiv="refresh" content="0; url=https://example.com/legal/privacy/"'
        in pages["privacy-policy/index.html"]
    )


def test_an_alias_page_says_it_in_the_sites_language() -> None:
    """Its words come from the theme (`alias.txt`), in the controlling language, right to left where that
    language is written so (they were English, in Python)."""
    urls = Urls(base_url="https://example.com/legal/")
    entries = hosting.aliases(site_with_aliases("/privacy-policy/"), urls)
    theme = Theme(None, "de_DE", ("de", "ar"))
    german = hosting.alias_files(entries, urls, {}, hosting.AliasWords.of(theme, "de", "de_DE"))
    page = german["privacy-policy/index.html"].decode()
    assert '<html lang="de">' in page and "<title>Verschoben</title>" in page
    assert "<p>Diese Seite ist umgezogen nach: <a href=" in page and "moved" not in page
    arabic = hosting.alias_files(entries, urls, {}, hosting.AliasWords.of(theme, "ar", "ar"))
    assert '<html lang="ar" dir="rtl">' in arabic["privacy-policy/index.html"].decode()


def test_an_alias_over_a_real_page_is_an_error() -> None:
    urls = Urls()
    with pytest.raises(PpgenError) as err:
        hosting.alias_files(
            hosting.aliases(site_with_aliases("/privacy/history/"), urls),
            urls,
            {"privacy/history/index.html"},
            WORDS,
        )
    assert str(err.value).startswith(
        "content/privacy/2025-01-01.md: alias /privacy/history/ is the address of a real page"
    )


def test_manifest_and_changes(tmp_path: Path) -> None:
    old = {"a.html": b"1", "b.html": b"2", "c.html": b"3"}
    new = {"a.html": b"1", "b.html": b"changed", "d.html": b"4"}
    path = tmp_path / hosting.MANIFEST
    path.write_bytes(hosting.manifest(hosting.written(old)))
    data = json.loads(path.read_text())
    assert data["files"]["a.html"] == {
        "sha256": "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b",
        "size": 1,
    }
    new_digests = {name: file.sha256 for name, file in hosting.written(new).items()}
    assert hosting.changes(hosting.read_manifest(path), new_digests) == ["M b.html", "D c.html", "A d.html"]


def test_digests_packed_in_runs_come_back_whole_and_in_path_order() -> None:
    """`pack` keeps each path as what it adds to the one before: paths that share folders, or share nothing,
    or only part of a character's UTF-8 bytes, come back as written, every run merged in path order."""
    runs = [
        {"privacy/diff/2024-01-01...2025-01-01/index.html": b"1", "privacy/2024-01-01/index.html": b"2"},
        {
            "privacy-ä/index.html": b"3",
            "privacy-å/index.html": b"4",
            "a.html": b"5",
            "privacy/index.html": b"6",
        },
        {},
    ]
    digests = hosting.Digests()
    for run in runs:
        assert digests.add(hosting.pack(hosting.written(run))) == len(run)
    every = {name: file for run in runs for name, file in hosting.written(run).items()}
    assert list(digests.entries()) == sorted(every.items())
    assert digests["privacy-å/index.html"] == every["privacy-å/index.html"] and len(digests) == 6


def test_a_broken_manifest_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{}")
    with pytest.raises(PpgenError, match="not a ppgen manifest"):
        hosting.read_manifest(path)


def test_hostile_paths_reach_the_host_files_escaped() -> None:
    """What `addresses` refuses at the input cannot reach these files through the writers either."""
    urls = Urls(base_url="https://example.com/le*gal:x!/")
    entries = [
        hosting.Alias("/a\n/* https://evil.example/ 302!", "privacy/", "x"),
        hosting.Alias("/b c", "privacy/", "x"),
    ]
    text = hosting.redirects(entries, urls).decode()
    rules = parse_redirects(text)
    assert [rule[1] for rule in rules] == ["/le%2Agal%3Ax%21/privacy/"] * 2
    assert rules[0][0] == "/a%0A/%2A%20https%3A//evil.example/%20302%21"
    headers = parse_headers(
        hosting.headers(
            ["index.html", "a\n  Access-Control-Allow-Origin: *\n/x/index.html", "b c.md/x.md"]
        ).decode()
    )
    assert not any(
        "Access-Control" in name or "Set-Cookie" in name for names in headers.values() for name in names
    )
