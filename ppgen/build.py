"""`ppgen build`: load → parse → plan → render → write. Nothing is written unless everything is valid."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from ppgen import hosting, markdown, redline
from ppgen.config import Settings
from ppgen.dates import build_today
from ppgen.document import Document
from ppgen.errors import PpgenError, Problem
from ppgen.load import load_site
from ppgen.model import Site, Version
from ppgen.pages import Urls, diff_pairs, plan, url_of
from ppgen.render import DocKey, PairKey, Renderer
from ppgen.templates import Theme, fingerprint
from ppgen.write import check_output, write_site

Progress = Callable[[int, int], None]
"""Called with (pages rendered, pages in all) while rendering."""

_PARALLEL_FROM = 40
"""Below this many tasks a process pool costs more than it saves."""

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    out: Path
    """The folder written."""
    files: int
    """Files written."""
    pages: int
    """HTML pages written."""
    seconds: float
    """Wall time of the whole build."""
    warnings: tuple[Problem, ...]
    """Things the user should know, none of them fatal."""
    changes: tuple[str, ...] | None = None
    """With `changed_since`: `A|M|D path` for every file that differs from the old manifest."""


def _parse(version: Version, raw_html: str) -> Document:
    return markdown.parse(version.body, version.path, version.body_line, raw_html)


def _parse_star(args: tuple[Version, str]) -> Document:
    return _parse(*args)


def _compare_star(args: tuple[Document, Document]) -> redline.Redline:
    return redline.compare(*args)


def _map(function: Callable[[T], R], items: list[T]) -> Iterator[R]:
    """`map`, spread over every core when the work is large enough to pay for it."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(items) < _PARALLEL_FROM:
        return map(function, items)
    with ProcessPoolExecutor(workers) as pool:
        return iter(list(pool.map(function, items, chunksize=max(1, len(items) // (workers * 4)))))


def parse_all(site: Site, settings: Settings) -> tuple[dict[DocKey, Document], list[Problem]]:
    """Every version's Markdown, parsed once; every problem in every file raised together."""
    versions = [v for p in site.policies for v in p.versions]
    docs: dict[DocKey, Document] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    results = _map(_safe_parse, [(v, settings.raw_html) for v in versions])
    for version, result in zip(versions, results):
        if isinstance(result, PpgenError):
            problems.extend(result.problems)
        else:
            docs[(version.policy, version.effective)] = result
            warnings.extend(result.warnings)
    if problems:
        raise PpgenError(*problems)
    return docs, warnings


def _safe_parse(args: tuple[Version, str]) -> Document | PpgenError:
    try:
        return _parse_star(args)
    except PpgenError as err:
        return err


def compare_all(site: Site, settings: Settings, docs: dict[DocKey, Document]) -> dict[PairKey, redline.Redline]:
    """The redline of every pre-rendered pair."""
    keys: list[PairKey] = [
        (policy.slug, old.effective, new.effective)
        for policy in site.policies
        for old, new in diff_pairs(policy, site.today, settings.diff_pairs)
    ]
    pairs = [(docs[(slug, old)], docs[(slug, new)]) for slug, old, new in keys]
    return dict(zip(keys, _map(_compare_star, pairs)))


def render_site(site: Site, settings: Settings, progress: Progress | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Every output file (path → bytes) of a loaded site, and the warnings met on the way."""
    warnings: list[Problem] = []
    if not settings.base_url:
        warnings.append(
            Problem("no base_url: feeds, sitemap.xml and canonical links are left out", hint='set base_url in ppgen.toml or pass --base-url "https://…/"')
        )
    docs, parse_warnings = parse_all(site, settings)
    warnings += parse_warnings
    urls = Urls(pretty=settings.pretty_urls, base_url=settings.base_url)
    theme = Theme(settings.theme_dir, settings.locale)
    static = theme.static_files()
    assets = {name: fingerprint(name, data) for name, data in static.items()}
    renderer = Renderer(site, settings, urls, theme, assets, docs, compare_all(site, settings, docs))
    specs = plan(site, settings.diff_pairs, with_feeds=settings.base_url is not None)
    files: dict[str, bytes] = {}

    def add(path: str, data: bytes) -> None:
        if path in files:
            raise AssertionError(f"two outputs for {path}")
        files[path] = data

    for done, spec in enumerate(specs, 1):
        add(urls.file(url_of(spec, urls)), renderer.render(spec))
        if progress is not None:
            progress(done, len(specs))
    for name, data in static.items():
        add(urls.static(assets[name]), data)
    entries = hosting.aliases(site, urls)
    for path, data in hosting.alias_files(entries, urls, files).items():
        add(path, data)
    add("_headers", hosting.headers(files))
    if entries:
        add("_redirects", hosting.redirects(entries, urls))
    add(hosting.MANIFEST, hosting.manifest(files))
    return files, warnings


def build(
    settings: Settings, *, as_of: date | None = None, progress: Progress | None = None, changed_since: Path | None = None
) -> BuildResult:
    """Build the site into settings.output_dir; on any error raise PpgenError and leave it untouched."""
    started = time.perf_counter()
    check_output(settings.output_dir, settings.content_dir)
    old_manifest = hosting.read_manifest(changed_since) if changed_since else None
    site = load_site(settings, build_today(settings.zone, as_of))
    files, warnings = render_site(site, settings, progress)
    write_site(settings.output_dir, files)
    return BuildResult(
        out=settings.output_dir,
        files=len(files),
        pages=sum(1 for name in files if name.endswith(".html")),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        changes=None if old_manifest is None else tuple(hosting.changes(old_manifest, hosting.digests(files))),
    )
