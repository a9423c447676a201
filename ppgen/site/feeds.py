"""Atom feeds (RFC 4287) and the sitemap: XML made with ElementTree, deterministic."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
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


def atom(**arguments: Any) -> bytes:
    """An Atom feed document: `atom_parts` joined."""
    return b"".join(atom_parts(**arguments))


def atom_parts(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    site_url: str,
    author: str,
    entries: Iterable[Entry],
    zone: ZoneInfo,
    related_title: str,
    language: str,
    newest: date | None = None,
) -> Iterator[bytes]:
    """An Atom feed document, in parts, in `language` (its `xml:lang`, which every title and summary
    inherits); `updated` is the newest entry's (`newest` when given, else worked out from `entries`; the
    site's own date when empty); each entry's link to its redline titled `related_title` (words the theme
    holds, like every title here). The entries are written one at a time (see `_document`): a site's feed
    holds every version."""
    if newest is None:
        entries = list(entries)
        newest = max((e.updated for e in entries), default=None)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": xml_safe(language)})

    def sub(parent: ET.Element | None, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        safe = {key: xml_safe(value) for key, value in attrs.items()}
        element = ET.Element(name, safe) if parent is None else ET.SubElement(parent, name, safe)
        element.text = None if text is None else xml_safe(text)
        return element

    author_element = sub(None, "author")
    sub(author_element, "name", author)
    head = [
        sub(None, "id", feed_id),
        sub(None, "title", title),
        sub(None, "updated", _stamp(newest or date(1970, 1, 1), zone)),
        author_element,
        sub(None, "link", rel="self", type="application/atom+xml", href=self_url),
        sub(None, "link", rel="alternate", type="text/html", href=site_url, hreflang=language),
        sub(None, "generator", "ppgen"),
    ]

    def items() -> Iterator[ET.Element]:
        yield from head
        for entry in entries:
            item = sub(None, "entry")
            sub(item, "id", entry.id)
            sub(item, "title", entry.title)
            sub(item, "updated", _stamp(entry.updated, zone))
            sub(item, "link", rel="alternate", type="text/html", href=entry.link)
            if entry.related:
                sub(item, "link", rel="related", type="text/html", href=entry.related, title=related_title)
            sub(item, "summary", entry.summary)
            yield item

    yield from _document(feed, items())


_SPLIT = "ppgen-split-here"


def _document(root: ET.Element, children: Iterable[ET.Element]) -> Iterator[bytes]:
    """The XML document of `root` with `children`, byte for byte what ElementTree writes for the whole tree,
    indented (`ET.indent`), but made one child at a time: a tree of every version of a large site holds
    tens of megabytes. `root` holds one child in each namespace the children use besides its own (the
    declarations ElementTree puts on the root); the children are named without a namespace (`entry`,
    `xhtml:link`), as ElementTree writes them in the whole tree."""
    root.text = _SPLIT
    start = ET.tostring(root, encoding="unicode").partition(_SPLIT)[0]
    tag = start[1:].split(None, 1)[0].rstrip(">")
    yield b'<?xml version="1.0" encoding="utf-8"?>\n'
    previous: ET.Element | None = None
    for child in children:
        if previous is None:
            yield (start + "\n  ").encode()
        else:
            previous.tail = "\n  "
            yield ET.tostring(previous, encoding="unicode").encode()
        ET.indent(child, level=1)
        previous = child
    if previous is None:  # no children: ElementTree writes an empty element
        root.text = None
        for dummy in list(root):
            root.remove(dummy)
        yield ET.tostring(root, encoding="unicode").encode() + b"\n"
        return
    previous.tail = "\n"
    yield ET.tostring(previous, encoding="unicode").encode() + f"</{tag}>\n".encode()


XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(*arguments: Any, **more: Any) -> bytes:
    """sitemap.xml: `sitemap_parts` joined."""
    return b"".join(sitemap_parts(*arguments, **more))


def sitemap_parts(
    locations: Iterable[tuple[str, date | None]],
    alternates: Iterable[tuple[tuple[str, str], ...]] | None = None,
    with_alternates: bool = False,
) -> Iterator[bytes]:
    """sitemap.xml for (absolute address, last modified) pairs; with `alternates` (a site in several languages),
    each address's (language, absolute address) in every language as `xhtml:link rel="alternate"` entries
    (`with_alternates`: there is at least one; else `alternates` is read first to know). Written one
    address at a time (see `_document`)."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", ns)
    ET.register_namespace("xhtml", XHTML)
    if alternates is not None and not with_alternates:
        alternates = list(alternates)
        with_alternates = any(alternates)
    root = ET.Element(f"{{{ns}}}urlset")
    if with_alternates:  # declared on the root, as ElementTree does when a child uses it
        ET.SubElement(root, f"{{{XHTML}}}link")

    def urls() -> Iterator[ET.Element]:
        others = iter(alternates) if alternates is not None else None
        for loc, modified in locations:
            url = ET.Element("url")
            ET.SubElement(url, "loc").text = xml_safe(loc)
            if modified is not None:
                ET.SubElement(url, "lastmod").text = modified.isoformat()
            for language, href in next(others) if others is not None else ():
                ET.SubElement(
                    url, "xhtml:link", {"rel": "alternate", "hreflang": language, "href": xml_safe(href)}
                )
            yield url

    yield from _document(root, urls())
