"""Feeds and the sitemap are well-formed XML whatever text reaches them (checked by parsing every one)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from badinput import invoke
from ppgen.site import feeds

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOT_XML = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xD800, 0xDFFF, 0xFFFE, 0xFFFF]))
"""Every kind of character XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/FFFF)."""


def test_a_feed_holding_characters_xml_forbids_is_still_xml() -> None:
    # Before: ElementTree wrote them as they were (an ill-formed feed), or failed on a lone surrogate.
    text = f"Privacy{NOT_XML}Policy & <b> ]]> \"'"
    url = f"https://x/{text}"
    day = date(2025, 1, 1)
    entry = feeds.Entry(id=f"tag:x,2025:{text}", title=text, updated=day, summary=text, link=url, related=url)
    feed = feeds.atom(
        feed_id=text,
        title=text,
        self_url=text,
        site_url=text,
        author=text,
        entries=[entry],
        zone=ZoneInfo("UTC"),
        related_title=text,
        language="en",
    )
    root = ET.fromstring(feed)
    expected = "Privacy" + "\ufffd" * len(NOT_XML) + "Policy & <b> ]]> \"'"
    assert root.findtext(f"{ATOM}title") == expected
    assert root.findtext(f"{ATOM}entry/{ATOM}summary") == expected
    related = root.find(f"{ATOM}entry/{ATOM}link[@rel='related']")
    assert related is not None and related.get("href") == f"https://x/{expected}"
    sitemap = ET.fromstring(feeds.sitemap([(url, date(2025, 1, 1))]))
    assert sitemap.findtext(f"{SITEMAP}url/{SITEMAP}loc") == f"https://x/{expected}"


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML (and TOML) string."""
    return json.dumps(text, ensure_ascii=False)


def test_every_feed_of_a_site_with_awkward_text_parses(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    awkward = "Privacy & <Cookies> ]]> \"quoted\" 'single' \u2028 \u200f עברית 🙂 \u00a0end"
    script = "<script>alert(1)</script> &amp; "
    files = {
        "content/privacy/2025-01-01.md": (
            f"---\ntitle: {yaml_string(awkward)}\nsummary: {yaml_string('First: ' + awkward)}\n"
            "---\n\n## A\n\nText.\n"
        ),
        "content/privacy/2025-03-01.md": f"---\nsummary: {yaml_string(script + awkward)}\n---\n\nB.\n",
    }
    config = (
        f'title = "Site & <Co>"\npublisher = {yaml_string(awkward)}\ndescription = "]]>"\n'
        'base_url = "https://example.com/le%20gal/"\n'
    )
    root = make_site(files, config)
    monkeypatch.chdir(root)
    result = invoke("build", "-q", "-j", "1", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    xml_files = sorted((root / "site").rglob("*.xml"))
    names = [p.relative_to(root / "site").as_posix() for p in xml_files]
    assert names == ["feed.xml", "privacy/feed.xml", "sitemap.xml"]
    for path in xml_files:
        ET.parse(path)  # raises on anything ill-formed
    feed = ET.parse(root / "site" / "privacy" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") or "" for e in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 2 and all(t.startswith(" ".join(awkward.split())) for t in titles), titles
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == awkward
    versions = json.loads((root / "site" / "privacy" / "versions.json").read_text(encoding="utf-8"))
    assert versions["versions"][1]["summary"].startswith(script)
