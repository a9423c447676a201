"""Atom feeds (RFC 4287) and the sitemap: XML made with ElementTree, deterministic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
"""The `xml:` prefix's namespace (ElementTree writes it as `xml:`)."""
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's `Char` production: ElementTree writes them as they are, and one of them makes
the whole document unreadable to every feed reader."""


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 cannot hold replaced by U+FFFD (the loader refuses them in content
    and settings; this keeps a feed well-formed whatever reaches it)."""
    return _NOT_XML.sub("\ufffd", text)


@dataclass(frozen=True)
class Entry:
    """One feed entry: a version of a policy."""

    id: str
    title: str
    updated: date
    summary: str
    link: str
    """Absolute address of the version."""
    related: str | None
    """Absolute address of its redline against the version before."""


def tag_uri(base_url: str, day: date, path: str) -> str:
    """A permanent `tag:` id (RFC 4151) for something first published on `day` under `base_url`."""
    parts = urlsplit(base_url)
    return f"tag:{parts.hostname},{day.isoformat()}:{parts.path}{path}"


def _stamp(day: date, zone: ZoneInfo) -> str:
    return datetime.combine(day, time(0), zone).isoformat()


def atom(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    site_url: str,
    author: str,
    entries: list[Entry],
    zone: ZoneInfo,
    related_title: str,
    language: str,
) -> bytes:
    """An Atom feed document in `language` (its `xml:lang`, which every title and summary inherits); `updated`
    is the newest entry's (the site's own date when empty); each entry's link to its redline titled
    `related_title` (words the theme holds, like every title here)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": xml_safe(language)})

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        safe = {key: xml_safe(value) for key, value in attrs.items()}
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", safe)
        element.text = None if text is None else xml_safe(text)
        return element

    sub(feed, "id", feed_id)
    sub(feed, "title", title)
    newest = max((e.updated for e in entries), default=date(1970, 1, 1))
    sub(feed, "updated", _stamp(newest, zone))
    sub(sub(feed, "author"), "name", author)
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=site_url, hreflang=language)
    sub(feed, "generator", "ppgen")
    for entry in entries:
        item = sub(feed, "entry")
        sub(item, "id", entry.id)
        sub(item, "title", entry.title)
        sub(item, "updated", _stamp(entry.updated, zone))
        sub(item, "link", rel="alternate", type="text/html", href=entry.link)
        if entry.related:
            sub(item, "link", rel="related", type="text/html", href=entry.related, title=related_title)
        sub(item, "summary", entry.summary)
    ET.indent(feed)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=False))
        + b"\n"
    )


XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(
    locations: list[tuple[str, date | None]], alternates: list[tuple[tuple[str, str], ...]] | None = None
) -> bytes:
    """sitemap.xml for (absolute address, last modified) pairs; with `alternates` (a site in several languages),
    each address's (language, absolute address) in every language as `xhtml:link rel="alternate"` entries."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", ns)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{ns}}}urlset")
    for index, (loc, modified) in enumerate(locations):
        url = ET.SubElement(root, f"{{{ns}}}url")
        ET.SubElement(url, f"{{{ns}}}loc").text = xml_safe(loc)
        if modified is not None:
            ET.SubElement(url, f"{{{ns}}}lastmod").text = modified.isoformat()
        for language, href in alternates[index] if alternates else ():
            ET.SubElement(
                url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": language, "href": xml_safe(href)}
            )
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + bytes(ET.tostring(root, encoding="utf-8", xml_declaration=False))
        + b"\n"
    )
