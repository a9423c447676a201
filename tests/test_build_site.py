"""Whole builds of small sites: what each page says, feeds, manifest and --changed-since."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from ppgen.core.errors import PpgenError
from ppgen.pipeline.build import build
from ppgen.source.config import load_settings

ATOM = "{http://www.w3.org/2005/Atom}"
V1 = "---\ntitle: Terms of Service\nsummary: First terms.\n---\n\n## Scope\n\nThese terms apply to the service.\n"
V2 = (
    "---\nsummary: Clarifies scope.\n---\n\n## Scope\n\nThese terms apply to the whole service and its API.\n"
)
V3 = (
    "---\nsummary: Adds a section on fees.\n---\n\n## Scope\n\n"
    "These terms apply to the whole service and its API.\n\n## Fees\n\nFees are due monthly.\n"
)
CONFIG = 'title = "Example"\nbase_url = "https://example.com/legal/"\n'
MakeSite = Callable[..., Path]


def terms_site(make_site: MakeSite, config: str = CONFIG, **extra: str) -> Path:
    files = {
        "content/terms/2024-01-01.md": V1,
        "content/terms/2025-01-01.md": V2,
        "content/terms/2026-03-01.md": V3,
        **extra,
    }
    return make_site(files, config)


def build_at(root: Path, today: date, **options: object) -> Path:
    result = build(load_settings(root / "ppgen.toml"), as_of=today, **options)  # type: ignore[arg-type]
    return result.out


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_page_in_force_announces_the_upcoming_version(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2026, 1, 15))
    page = text(site / "terms/index.html")
    assert '<time datetime="2025-01-01">January 1, 2025</time>' in page
    assert 'An updated policy takes effect on <time datetime="2026-03-01">March 1, 2026</time>' in page
    assert 'href="diff/2025-01-01...2026-03-01/"' in page
    upcoming = text(site / "terms/2026-03-01/index.html")
    assert "This version takes effect on March 1, 2026" in upcoming
    assert "Takes effect" in upcoming


def test_archived_version_says_when_it_was_in_force(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2026, 1, 15))
    page = text(site / "terms/2024-01-01/index.html")
    assert "It was in force from January 1, 2024 to December 31, 2024." in page  # the last day, inclusive
    assert 'href="../"' in page


def test_policy_with_no_version_in_force_yet(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2023, 6, 1))
    page = text(site / "terms/index.html")
    assert "No version of this policy is in force yet." in page
    assert 'href="../2024-01-01/"' not in page and 'href="2024-01-01/"' in page


def test_history_lists_every_version_newest_first(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2026, 1, 15))
    page = text(site / "terms/history/index.html")
    assert re.findall(
        r'datetime="(\d{4}-\d\d-\d\d)">\w+ \d+, \d{4}</time></a></th>\n<td>([a-z ]+)</td>', page
    ) == [
        ("2026-03-01", "upcoming"),
        ("2025-01-01", "in force"),
        ("2024-01-01", "archived"),
    ]


def test_versions_json_answers_which_version_was_in_force(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2026, 1, 15))
    data = json.loads(text(site / "terms/versions.json"))
    assert data["in_force"] == "2025-01-01"
    rows = [(v["effective"], v["in_force_until"], v["status"]) for v in data["versions"]]
    assert rows == [
        ("2024-01-01", "2025-01-01", "archived"),
        ("2025-01-01", "2026-03-01", "in force"),
        ("2026-03-01", None, "upcoming"),
    ]
    import hashlib

    raw = (site / "terms/2025-01-01.md").read_bytes()
    assert raw == V2.encode()
    assert data["versions"][1]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert data["versions"][1]["raw_url"] == "https://example.com/legal/terms/2025-01-01.md"


def test_atom_feeds_carry_the_required_elements(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2026, 1, 15))
    for feed_path in ("feed.xml", "terms/feed.xml"):
        feed = ET.fromstring((site / feed_path).read_bytes())
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{name}") is not None, name
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"https://example.com/legal/{feed_path}"  # type: ignore[union-attr]
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 3
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == 3 and all(i and i.startswith("tag:example.com,") for i in ids)
        for entry in entries:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+00:00", entry.findtext(f"{ATOM}updated") or "")
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        newest = entries[0]
        assert newest.findtext(f"{ATOM}summary") == "Adds a section on fees."
        assert (
            newest.find(f"{ATOM}link[@rel='related']").get("href")
            == "https://example.com/legal/terms/diff/2025-01-01...2026-03-01/"
        )  # type: ignore[union-attr]


def test_without_base_url_feeds_and_sitemap_are_left_out_with_a_warning(make_site: MakeSite) -> None:
    root = terms_site(make_site, config='title = "Example"\n')
    result = build(load_settings(root / "ppgen.toml"), as_of=date(2026, 1, 15))
    assert not (result.out / "feed.xml").exists() and not (result.out / "sitemap.xml").exists()
    assert any("no base_url" in w.message for w in result.warnings)
    assert "canonical" not in text(result.out / "terms/index.html")


def test_manifest_and_changed_since_list_exactly_what_an_edit_changed(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = terms_site(make_site)
    site = build_at(root, date(2026, 1, 15))
    old_manifest = tmp_path / "published-manifest.json"
    old_manifest.write_bytes((site / "ppgen-manifest.json").read_bytes())
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (root / "content/terms/2024-01-01.md").write_text(
        V1.replace("apply to the service", "apply to the service we run")
    )
    result = build(load_settings(root / "ppgen.toml"), as_of=date(2026, 1, 15), changed_since=old_manifest)
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    differing = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
    listed = [line.split(" ", 1)[1] for line in result.changes or ()]
    assert listed == [n for n in differing if n != "ppgen-manifest.json"]
    assert set(listed) == {
        "terms/2024-01-01.md",
        "terms/2024-01-01/index.html",
        "terms/diff/2024-01-01...2025-01-01/index.html",
        "terms/history/index.html",  # its change timeline counts the words of every version
        "terms/versions.json",
    }
    assert all(line.startswith("M ") for line in result.changes or ())


def test_aliases_and_html_file_addresses(make_site: MakeSite) -> None:
    v2 = V2.replace("summary: Clarifies scope.", "summary: Clarifies scope.\naliases: [/tos/]")
    root = make_site(
        {"content/terms/2024-01-01.md": V1, "content/terms/2025-01-01.md": v2},
        CONFIG + "pretty_urls = false\n",
    )
    site = build_at(root, date(2026, 1, 15))
    assert (site / "terms.html").is_file() and (site / "terms/history.html").is_file()
    assert (site / "terms/diff/2024-01-01...2025-01-01.html").is_file()
    assert 'href="terms/history.html"' in text(site / "index.html")
    assert text(site / "_redirects") == "/tos/ /legal/terms.html 301\n"
    assert "url=https://example.com/legal/terms.html" in text(site / "tos/index.html")


def test_assets_are_fingerprinted_and_linked_by_their_hashed_names(make_site: MakeSite) -> None:
    site = build_at(terms_site(make_site), date(2026, 1, 15))
    (css,) = [p.name for p in (site / "_static").glob("style.*.css")]
    assert re.fullmatch(r"style\.[0-9a-f]{10}\.css", css)
    assert f'href="../_static/{css}"' in text(site / "terms/index.html")


def test_headings_named_like_the_pages_own_elements_leave_every_id_unique(make_site: MakeSite) -> None:
    clash = (
        "## Main\n\nText[^1].\n\n## Last updated\n\nMore.\n\n## Change 1\n\nAnd {old}.\n\n## Side by side\n\nEnd.\n"
        "\n[^1]: A note.\n"
    )
    site = build_at(
        terms_site(
            make_site,
            **{
                "content/terms/2024-01-01.md": "---\ntitle: Terms\n---\n\n" + clash.format(old="before"),
                "content/terms/2025-01-01.md": "---\nsummary: x\n---\n\n" + clash.format(old="after"),
                "content/terms/2026-03-01.md": "---\nsummary: y\n---\n\n" + clash.format(old="later"),
            },
        ),
        date(2026, 6, 1),
    )
    pages = sorted(site.rglob("*.html"))
    assert any("/diff/" in page.as_posix() for page in pages)
    for page in pages:
        ids = re.findall(r'\sid="([^"]*)"', text(page))
        assert len(ids) == len(set(ids)), (page, sorted(i for i in ids if ids.count(i) > 1))
    assert '<h2 id="main-2">Main</h2>' in text(site / "terms/index.html")


def test_a_write_the_system_refuses_is_an_error_and_the_old_site_stays(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = terms_site(make_site)
    site = build_at(root, date(2026, 1, 15))
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    write_bytes = Path.write_bytes

    def disk_full(path: Path, data: bytes) -> int:
        if path.parent.name == "history":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(PpgenError) as err:
        build_at(root, date(2026, 1, 16))
    assert str(err.value) == (
        f"{site}: cannot write terms/history/index.html: No space left on device (make room on the disk or let "
        "ppgen write there, or choose another --out)"
    )
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
    assert sorted(path.name for path in site.parent.iterdir() if ".ppgen-" in path.name) == []
