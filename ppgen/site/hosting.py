"""Files for hosts and CDNs: `_headers`, `_redirects`, alias pages and the manifest of what was written."""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import struct
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import escape
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.model import Site
from ppgen.site.i18n import direction
from ppgen.site.pages import MANIFEST as MANIFEST  # one of the site's addresses, named where they all are
from ppgen.site.pages import STATIC, Urls
from ppgen.site.templates import Theme

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""No inline script or style anywhere: the theme uses files only, and table alignment uses classes."""

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


class Written(NamedTuple):
    """What the manifest keeps of a published file."""

    sha256: str
    size: int


def written(files: Mapping[str, bytes]) -> dict[str, Written]:
    """Path → digest and size of each of these files."""
    return {name: Written(hashlib.sha256(data).hexdigest(), len(data)) for name, data in files.items()}


_ENTRY = struct.Struct("<HH32sQ")
"""A packed entry: how many leading bytes its path shares with the path before, the length of the rest
of its UTF-8 bytes, the raw digest, the size; then the rest of the path."""


def pack(files: Mapping[str, Written]) -> bytes:
    """These files' entries as one bytes object, sorted by path (for `Digests`): about a fifth of the
    memory of a dict of `Written`, and one object for a whole render task's pages. A path is held as
    what it adds to the path before (`privacy/diff/…` shares its folders with its neighbours)."""
    parts, last = [len(files).to_bytes(4, "little")], b""
    for name in sorted(files):
        path, file = name.encode(), files[name]
        shared = len(os.path.commonprefix([last, path]))
        parts += [
            _ENTRY.pack(shared, len(path) - shared, bytes.fromhex(file.sha256), file.size),
            path[shared:],
        ]
        last = path
    return b"".join(parts)


def _unpack(run: bytes) -> Iterator[tuple[str, Written]]:
    at, path = 4, b""
    for _ in range(int.from_bytes(run[:4], "little")):
        shared, length, digest, size = _ENTRY.unpack_from(run, at)
        at += _ENTRY.size
        path = path[:shared] + run[at : at + length]
        yield path.decode(), Written(digest.hex(), size)
        at += length


class Digests(Mapping[str, Written]):
    """Every file a build wrote, with its digest and size, for the manifest: held packed (`pack`), a run
    per render task, so that the main process's memory hardly grows with the site's pages. Read in
    path order, every run merged (`entries`); the first lookup by path makes a dict of them all."""

    def __init__(self) -> None:
        self._runs: list[bytes] = []
        self._count = 0
        self._index: dict[str, Written] | None = None

    def add(self, run: bytes) -> int:
        """The entries of a run made by `pack`; how many."""
        self._runs.append(run)
        count = int.from_bytes(run[:4], "little")
        self._count += count
        self._index = None
        return count

    def entries(self) -> Iterator[tuple[str, Written]]:
        """(path, digest and size) of every file, by path; an AssertionError for a path written twice."""
        last = None
        for name, file in heapq.merge(*map(_unpack, self._runs), key=itemgetter(0)):
            if name == last:
                raise AssertionError(f"two outputs for {name}")
            last = name
            yield name, file

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.entries())

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, name: str) -> Written:
        if self._index is None:
            self._index = dict(self.entries())
        return self._index[name]


def host_path(path: str) -> str:
    """A site path as `_redirects` and `_headers` may carry it: every character that could end a line or
    a field, or mean a wildcard, placeholder or option there (white space, `*`, `:`, `!`, `#`...),
    percent-encoded, so that whatever reaches these files is a path and only a path."""
    return quote(path, safe="/%-._~")


def headers(names: Iterable[str]) -> bytes:
    """`_headers` (Netlify, Cloudflare Pages): security headers everywhere, caching by kind of file.

    Cache-Control rules never overlap, because those hosts merge the values of overlapping rules.
    The paths of the site's own files are escaped with `host_path`; the rules' `*` are ppgen's.
    """
    lines = [
        "/*",
        f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  X-Frame-Options: DENY",
        f"/{STATIC}/*",
        f"  Cache-Control: {IMMUTABLE}",
        "/",
        f"  Cache-Control: {REVALIDATE}",
    ]
    found: set[str] = set()
    md_found: set[str] = set()
    for name in names:  # read once: the names of a whole site's files
        top = name.split("/", 1)[0]
        if not name.startswith(STATIC + "/"):
            found.add(top + ("/*" if "/" in name else ""))
        if name.endswith(".md"):
            md_found.add(top)
    tops = sorted(found)
    for top in tops:
        name = top.removesuffix("/*")
        lines += [host_path(f"/{name}") + top[len(name) :], f"  Cache-Control: {REVALIDATE}"]
    md_types = sorted(md_found)
    for top in md_types:
        lines += [host_path(f"/{top}") + "/*.md", "  Content-Type: text/markdown; charset=utf-8"]
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Alias:
    """An old address that must keep working."""

    path: str
    """Site path as written in front matter, e.g. /privacy-policy/."""
    target: str
    """Site-relative address of the policy it leads to."""
    source: str
    """The version file that declared it, for errors."""


def aliases(site: Site, urls: Urls) -> list[Alias]:
    """Every front-matter alias of every policy, sorted, each once (`addresses` refuses one in two)."""
    found: dict[str, Alias] = {}
    for policy in site.policies:
        for version in policy.versions:
            for alias in version.aliases:
                found.setdefault(alias, Alias(alias, urls.policy(policy.slug), version.path))
    return [found[key] for key in sorted(found)]


def redirects(entries: list[Alias], urls: Urls, translations: Collection[str] = ()) -> bytes:
    """`_redirects` (Netlify, Cloudflare Pages): each alias → its policy, permanently; both paths escaped
    (`host_path`), so one line is one rule whatever the alias or the base path hold. Then, for each language
    of `translations`, its own 404 page for the unknown addresses under its folder (Netlify; a rule that
    never hides a file that exists. Cloudflare Pages ignores a rule with status 404 and serves the nearest
    404.html up the folders by itself)."""
    lines = [f"{host_path(a.path)} {host_path(urls.rooted(a.target))} 301\n" for a in entries]
    for language in translations:
        folder = urls.rooted(urls.index(language)).removesuffix("index.html")
        lines.append(f"{host_path(folder)}* {host_path(urls.rooted(urls.not_found_in(language)))} 404\n")
    return "".join(lines).encode()


class AliasWords(NamedTuple):
    """An alias page's words, from the theme (`alias.txt`), in the site's controlling language."""

    lang: str
    direction: str
    title: str
    moved: str

    @classmethod
    def of(cls, theme: Theme, lang: str, page_locale: str) -> AliasWords:
        def said(macro: str) -> str:
            return theme.words("alias.txt", macro, lang=lang, page_locale=page_locale)

        return cls(lang, direction(lang), said("alias_title"), said("alias_moved"))


def alias_page(alias: Alias, urls: Urls, words: AliasWords) -> bytes:
    """An HTML page at the alias address for hosts without `_redirects` (S3, GitHub Pages); for disk, a
    link relative to the page's own file, the one kind of address that works from the file system."""
    if urls.for_disk:
        href = urls.relative(urls.alias_file(alias.path), alias.target)
    else:
        href = urls.absolute(alias.target) if urls.base_url else urls.rooted(alias.target)
    target, lang = escape(href), escape(words.lang)
    direction = ' dir="rtl"' if words.direction == "rtl" else ""
    return (
        f'<!doctype html>\n<html lang="{lang}"{direction}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(words.title)}</title>\n"
        f'<link rel="canonical" href="{target}">\n<meta http-equiv="refresh" content="0; url={target}">\n'
        f'</head>\n<body>\n<p>{escape(words.moved)} <a href="{target}">{target}</a></p>\n</body>\n</html>\n'
    ).encode()


def alias_files(
    entries: list[Alias], urls: Urls, existing: Collection[str], words: AliasWords
) -> dict[str, bytes]:
    """Alias pages by output path; an alias that would replace a real page is an error."""
    out: dict[str, bytes] = {}
    problems = []
    for alias in entries:
        path = urls.alias_file(alias.path)
        if path in existing:
            problems.append(
                Problem(
                    f"alias {alias.path} is the address of a real page",
                    alias.source,
                    hint="remove it from `aliases`",
                    code="alias-collision",
                )
            )
            continue
        out[path] = alias_page(alias, urls, words)
    if problems:
        raise PpgenError(*problems)
    return out


def manifest(files: Mapping[str, Written]) -> bytes:
    """`ppgen-manifest.json`: every published file → its sha256 and size, one file a line, sorted."""
    return b"".join(manifest_parts((name, files[name]) for name in sorted(files)))


def manifest_parts(entries: Iterable[tuple[str, Written]]) -> Iterator[bytes]:
    """`manifest`, a line at a time, from (path, digest and size) in path order (the manifest itself skipped)."""
    yield b'{"ppgen_manifest": 1, "files": {\n'
    between = ""
    for name, file in entries:
        if name != MANIFEST:
            yield f'{between}  {json.dumps(name)}: {{"sha256": "{file.sha256}", "size": {file.size}}}'.encode()
            between = ",\n"
    yield b"\n}}\n"


def read_manifest(path: Path) -> dict[str, str]:
    """Path → sha256 from an earlier build's manifest."""
    shown = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: str(entry["sha256"]) for name, entry in data["files"].items()}
    except FileNotFoundError:
        raise PpgenError(
            Problem(
                "manifest not found",
                shown,
                hint=f"pass the {MANIFEST} of the site as last published",
                code="manifest",
            )
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PpgenError(
            Problem(
                "not a ppgen manifest", shown, 1, f"pass a {MANIFEST} written by ppgen build", code="manifest"
            )
        ) from None


def changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """`A path`, `M path`, `D path` lines for what differs, sorted by path (like git diff --name-status)."""
    lines = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            lines.append(f"A {name}")
        elif name not in new:
            lines.append(f"D {name}")
        elif old[name] != new[name]:
            lines.append(f"M {name}")
    return lines
