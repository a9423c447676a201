"""`ppgen build`: load → parse (every input error of the site first) → plan → render → write.

Nothing is written unless everything is valid."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from ppgen import cached, hosting, markdown, redline
from ppgen.addresses import address_problems
from ppgen.cache import BuildCache, Keys, warning_text
from ppgen.config import Settings
from ppgen.dates import build_today
from ppgen.document import Document
from ppgen.errors import PpgenError, Problem, display_path
from ppgen.hosting import Written
from ppgen.load import load
from ppgen.model import Site, Version
from ppgen.pages import HEADERS, REDIRECTS, PageSpec, Urls, diff_pairs, plan, url_of
from ppgen.render import DocKey, PairKey, Renderer
from ppgen.templates import Theme, fingerprint
from ppgen.workers import PARALLEL_FROM, spread
from ppgen.workers import usable_cores as usable_cores
from ppgen.write import Staging, check_output, write_files

Progress = Callable[[int, int], None]
"""Called with (policies rendered, policies in all + 1 for the site-wide pages) while rendering."""

_Setup = tuple[Site, Settings, Path | None, Path | None]
"""What each worker is set up with: see `_worker_site` (the last: the cache folder, or None)."""

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


def _compare_star(args: tuple[Document, Document]) -> redline.Redline:
    return redline.compare(*args)


def _map(
    function: Callable[[T], R], items: list[T], jobs: int | None = None, setup: _Setup | None = None
) -> Iterator[R]:
    """`workers.spread`: with `setup`, each worker is set up once by `_start_worker` (see `_worker_site`)."""
    return spread(function, items, jobs, _start_worker, setup, __name__)


_worker_site: tuple[Site, Settings, Look | None, Path | None] | None = None
"""The site a worker process parses and renders policies of, its look (None until a render task
needs it) and the folder it writes them into (None while parsing), read by `_parse_policy_task` and
`_render_policy_task`; `_worker_cache` is the build cache they read and fill (None: no cache).

`parse_policies` and `render_site` set it before starting the workers: forked ones inherit it (the
render workers with templates compiled); others make their own in `_start_worker`, and their look
in `_worker_look`."""


_worker_cache: BuildCache | None = None


def _start_worker(*setup: object) -> None:
    global _worker_site, _worker_cache
    if setup:
        site, settings, folder, cache_root = setup
        assert isinstance(site, Site) and isinstance(settings, Settings) and isinstance(folder, Path | None)
        if _worker_site is None or _worker_site[0] is not site or _worker_site[1] is not settings or _worker_site[3] != folder:
            _worker_site = (site, settings, None, folder)
        if cache_root is None:
            _worker_cache = None
        elif _worker_cache is None or _worker_cache.root != cache_root:
            assert isinstance(cache_root, Path)
            _worker_cache = BuildCache(cache_root)


def _cache_notes() -> tuple[str, ...]:
    """What went wrong with the cache in this process since last asked (see `BuildCache.notes`)."""
    if _worker_cache is None or not _worker_cache.notes:
        return ()
    notes = tuple(_worker_cache.notes)
    _worker_cache.notes.clear()
    return notes


def _worker_look() -> Look:
    """The worker's look, made by its first render task unless inherited (`parse_site` checked it)."""
    global _worker_site
    assert _worker_site is not None
    site, settings, look, folder = _worker_site
    if look is None:
        look = Look.of(settings)
        _worker_site = (site, settings, look, folder)
    return look


def parse_versions(versions: list[Version], settings: Settings, jobs: int | None = None) -> tuple[dict[DocKey, Document], list[Problem]]:
    """These versions' Markdown, parsed once each; every problem in every file raised together.

    Parsed in one process, the versions share their parts: text that did not change is not parsed again."""
    parts: markdown.Parts = {}
    results = _map(cached.safe_parse, [(v, settings.raw_html, settings.template_syntax, parts) for v in versions], jobs)
    docs, problems, warnings = cached.gather(versions, results)
    if problems:
        raise PpgenError(*problems)
    return docs, warnings


def pair_keys(site: Site, settings: Settings) -> list[PairKey]:
    """(policy, older, newer) of every pre-rendered redline."""
    return [
        (policy.slug, old.effective, new.effective)
        for policy in site.policies
        for old, new in diff_pairs(policy, site.today, settings.diff_pairs)
    ]


def compare_pairs(pairs: list[tuple[Document, Document]], jobs: int | None = None) -> list[redline.Redline]:
    """The redline of each (older, newer) pair of documents."""
    return list(_map(_compare_star, pairs, jobs))


def site_warnings(settings: Settings) -> list[Problem]:
    """Warnings about the settings themselves, met by every build."""
    if settings.base_url:
        return []
    return [Problem("no base_url: feeds, sitemap.xml and canonical links are left out", hint='set base_url in ppgen.toml or pass --base-url "https://…/"')]


def _add(files: dict[str, T], more: Mapping[str, T]) -> None:
    for path, value in more.items():
        if path in files:
            raise AssertionError(f"two outputs for {path}")
        files[path] = value


@dataclass(frozen=True)
class Look:
    """What every page's look depends on: the theme and its fingerprinted static files."""

    theme: Theme
    static: dict[str, bytes]
    assets: dict[str, str]

    @classmethod
    def of(cls, settings: Settings) -> Look:
        """The theme, every template compiled and every static file read; a PpgenError for any that fails."""
        theme = Theme(settings.theme_dir, settings.locale)
        static, problems = theme.checked()
        if problems:
            raise PpgenError(*problems)
        return cls(theme, static, {name: fingerprint(name, data) for name, data in static.items()})


def _spec_policy(spec: PageSpec) -> str | None:
    return getattr(spec, "slug", None)


@dataclass(frozen=True)
class ParsedPolicy:
    """Phase 1 for one policy: every version parsed, what was wrong and what to warn about."""

    slug: str
    problems: tuple[Problem, ...]
    """Every problem in every version of the policy, in the order of its versions."""
    warnings: tuple[Problem, ...]
    docs: dict[DocKey, Document] | bytes
    """The versions that parsed; pickled when a worker parsed them (or they came whole from the cache),
    so that the parent passes them on to the worker that renders the policy without unpickling them
    (see `_parse_policy_task`)."""
    cache_notes: tuple[str, ...] = ()
    """What went wrong with the build cache (see `BuildCache.notes`)."""

    def documents(self) -> dict[DocKey, Document]:
        """The parsed versions, unpickled if need be."""
        return cached.documents(self.docs)


def _parse_policy_task(item: tuple[str, int]) -> ParsedPolicy:
    """Parse one policy's versions, together so that they share their parts (see `markdown.Parts`)."""
    slug, parent = item
    assert _worker_site is not None
    site, settings = _worker_site[:2]
    versions = list(site.policy(slug).versions)
    # Pickled here, in the worker, the documents cross to the parent as one bytes object, which it
    # neither unpickles nor walks. Pickling and unpickling them cost about half of parsing them again
    # in the render worker (7 + 7 ms against 28 ms for a policy of bench_build.py: 25 × 3,000 words).
    docs, problems, warnings = cached.parse_policy(versions, settings, _worker_cache, pickled=os.getpid() != parent)
    return ParsedPolicy(slug, tuple(problems), tuple(warnings), docs, _cache_notes())


def parse_policies(site: Site, settings: Settings, jobs: int | None = None, cache: Path | None = None) -> list[ParsedPolicy]:
    """Every version of every policy parsed (or read from the build cache in folder `cache`), a task per
    policy over `jobs` processes (see `_map`), in the order of the site's policies; problems are
    returned, not raised."""
    global _worker_site
    slugs = [policy.slug for policy in site.policies]
    worth_a_pool = sum(len(p.versions) for p in site.policies) >= PARALLEL_FROM
    _worker_site = (site, settings, None, None)
    try:
        items = [(slug, os.getpid()) for slug in slugs]
        return list(_map(_parse_policy_task, items, jobs if worth_a_pool else 1, (site, settings, None, cache)))
    finally:
        _worker_site = None


@dataclass(frozen=True)
class ParsedSite:
    """Phase 1 of a build, passed: the site's look, and every version of every policy parsed."""

    look: Look
    policies: tuple[ParsedPolicy, ...]
    warnings: tuple[Problem, ...]
    """The settings' warnings, then each policy's, in the order of the site's policies."""


def site_problems(site: Site, settings: Settings) -> tuple[Look | None, list[Problem]]:
    """The site's look, and the problems of the site as a whole, in the order `ppgen check` lists them:
    its addresses, then its theme (templates that do not compile, static files that cannot be read)."""
    problems = address_problems(site, Urls(pretty=settings.pretty_urls, base_url=settings.base_url))
    try:
        return Look.of(settings), problems
    except PpgenError as err:
        return None, [*problems, *err.problems]


def parse_site(site: Site, settings: Settings, jobs: int | None = None, cache: Path | None = None) -> ParsedSite:
    """Phase 1: every input error of the site raised together, else the site parsed, ready to render.

    Nothing is compared or rendered before every version of every policy has parsed: a bad file
    stops the build in about the time parsing takes."""
    look, problems = site_problems(site, settings)
    parsed = parse_policies(site, settings, jobs, cache)
    problems += [problem for policy in parsed for problem in policy.problems]
    if problems:
        raise PpgenError(*problems)
    assert look is not None
    warnings = site_warnings(settings) + [warning for policy in parsed for warning in policy.warnings]
    return ParsedSite(look, tuple(parsed), tuple(warnings))


def render_policy(
    site: Site, settings: Settings, look: Look, slug: str, docs: Mapping[DocKey, Document], store: BuildCache | None = None
) -> dict[str, bytes]:
    """Every page of one policy, from its parsed versions: its redlines compared (or read from `store`),
    its pages rendered."""
    policy = site.policy(slug)
    pairs = diff_pairs(policy, site.today, settings.diff_pairs)
    keys = [(slug, old.effective, new.effective) for old, new in pairs]
    redlines = dict(zip(keys, cached.compare(list(pairs), docs, settings, store), strict=True))
    urls = Urls(pretty=settings.pretty_urls, base_url=settings.base_url, for_disk=settings.for_disk)
    renderer = Renderer(site, settings, urls, look.theme, look.assets, docs, redlines)
    files: dict[str, bytes] = {}
    for spec in plan(site, settings.diff_pairs, with_feeds=settings.base_url is not None):
        if _spec_policy(spec) == slug:
            _add(files, {urls.file(url_of(spec, urls)): renderer.render(spec)})
    return files


_worker_keys: Keys | None = None
"""The cache keys of the worker's site (made by its first render task that has a cache)."""


def _render_policy_task(parsed: ParsedPolicy) -> tuple[dict[str, Written], tuple[str, ...]] | PpgenError:
    """One policy's pages, written by the worker itself: only their digests go back (and the cache's notes).
    With a cache, the pages come from it whole when nothing they show has changed."""
    global _worker_keys
    assert _worker_site is not None
    site, settings, _, folder = _worker_site
    assert folder is not None
    store, look = _worker_cache, _worker_look()
    pages, key = None, ""
    if store is not None:
        if _worker_keys is None or _worker_keys.site is not site or _worker_keys.settings is not settings:
            _worker_keys = Keys.of(site, settings, look.theme.folders)
        key = _worker_keys.pages(site.policy(parsed.slug))
        pages = cached.load_pages(store, key)
    if pages is None:
        try:
            files = render_policy(site, settings, look, parsed.slug, parsed.documents(), store)
        except PpgenError as err:
            return err
        pages = files, hosting.written(files)
        if store is not None:
            cached.store_pages(store, key, pages)
    write_files(folder, pages[0])
    return pages[1], _cache_notes()


def render_site(
    site: Site, settings: Settings, folder: Path, progress: Progress | None = None, jobs: int | None = None,
    parsed: ParsedSite | None = None, cache: BuildCache | None = None
) -> tuple[dict[str, Written], list[Problem]]:
    """Write every output file of a loaded site into `folder`; what was written, and the warnings met on the way.

    Phase 1 (`parse_site`, unless `parsed` is given) finds every input error first. Then the pages
    that belong to no policy are rendered here, from the model alone; then each policy is one task
    (compare, render, write), spread over `jobs` processes (see `_map`), through the build cache in
    `cache` if given, prepared (see `BuildCache.prepare`); its troubles make one warning.
    """
    global _worker_site
    root = cache.root if cache is not None else None
    if parsed is None:
        parsed = parse_site(site, settings, jobs, root)
    notes = [*(cache.notes if cache is not None else ()), *(note for policy in parsed.policies for note in policy.cache_notes)]
    problems: list[Problem] = []
    total = len(parsed.policies) + 1
    worth_a_pool = sum(len(p.versions) for p in site.policies) >= PARALLEL_FROM
    # The pages of no policy first, from the model alone: forked workers then start with
    # templates compiled and dates formatted once already.
    look = parsed.look
    urls = Urls(pretty=settings.pretty_urls, base_url=settings.base_url, for_disk=settings.for_disk)
    renderer = Renderer(site, settings, urls, look.theme, look.assets, {}, {})
    files: dict[str, bytes] = {}
    for spec in plan(site, settings.diff_pairs, with_feeds=settings.base_url is not None):
        if _spec_policy(spec) is None:
            _add(files, {urls.file(url_of(spec, urls)): renderer.render(spec)})
    write_files(folder, files)
    written = hosting.written(files)
    _worker_site = (site, settings, look, folder)
    try:
        setup: _Setup = (site, settings, folder, root)
        tasks = _map(_render_policy_task, list(parsed.policies), jobs if worth_a_pool else 1, setup)
        for done, result in enumerate(tasks, 1):
            if isinstance(result, PpgenError):
                problems.extend(result.problems)
                continue
            _add(written, result[0])
            notes.extend(result[1])
            if progress is not None:
                progress(done, total)
    finally:
        _worker_site = None
    if problems:
        raise PpgenError(*problems)
    if progress is not None:
        progress(total, total)
    files = site_files(written, site, urls, look.static, look.assets)
    write_files(folder, files)
    written.update(hosting.written(files))  # site_files made sure no name is taken twice
    trouble = warning_text(notes)
    return written, [*parsed.warnings, *([Problem(trouble, display_path(root), hint="delete the folder, or build with --no-cache")] if trouble and root else [])]


def site_files(written: Mapping[str, Written], site: Site, urls: Urls, static: dict[str, bytes], assets: dict[str, str]) -> dict[str, bytes]:
    """The files that go beside the rendered pages: the theme's static files and the files for hosts
    (aliases, _headers, _redirects and the manifest of everything, itself excepted)."""
    files: dict[str, bytes] = {}
    _add(files, {urls.static(assets[name]): data for name, data in static.items()})
    entries = hosting.aliases(site, urls)
    _add(files, hosting.alias_files(entries, urls, written.keys() | files.keys()))
    _add(files, {HEADERS: hosting.headers(written.keys() | files.keys())})
    if entries:
        _add(files, {REDIRECTS: hosting.redirects(entries, urls)})
    _add(files, {hosting.MANIFEST: hosting.manifest({**written, **hosting.written(files)})})
    if overlap := sorted(written.keys() & files.keys()):
        raise AssertionError(f"two outputs for {overlap[0]}")
    return files


def build(
    settings: Settings,
    *,
    as_of: date | None = None,
    progress: Progress | None = None,
    changed_since: Path | None = None,
    allow_shallow: bool = False,
    allow_dirty: bool = False,
    jobs: int | None = None,
    cache: Path | None = None,
) -> BuildResult:
    """Build the site into settings.output_dir, over `jobs` processes (default: every usable core, up
    to 8), through the build cache in folder `cache` (None: no cache); on any error raise PpgenError
    and leave it untouched."""
    started = time.perf_counter()
    check_output(settings.output_dir, settings.content_dir)
    old_manifest = hosting.read_manifest(changed_since) if changed_since else None
    loaded = load(settings, build_today(settings.zone, as_of), allow_shallow=allow_shallow, allow_dirty=allow_dirty)
    store = BuildCache(cache) if cache is not None else None
    if store is not None:
        store.prepare()  # before any worker starts
    parsed = parse_site(loaded.site, settings, jobs, cache)  # every input error, before anything is compared
    staging = Staging(settings.output_dir)
    try:
        with staging:
            files, warnings = render_site(loaded.site, settings, staging.folder, progress, jobs, parsed, store)
            staging.commit()
    except OSError as err:
        raise PpgenError(staging.problem(err)) from None
    warnings = [*loaded.warnings, *warnings, *staging.warnings]
    return BuildResult(
        out=settings.output_dir,
        files=len(files),
        pages=sum(1 for name in files if name.endswith(".html")),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        changes=None if old_manifest is None else tuple(hosting.changes(old_manifest, {name: file.sha256 for name, file in files.items() if name != hosting.MANIFEST})),
    )


def version_documents(settings: Settings, slug: str, old: date, new: date) -> tuple[Document, Document]:
    """The parsed texts of two versions of a policy, as the working tree has them (drafts included)."""
    site = load(settings, build_today(settings.zone), allow_shallow=True, allow_dirty=True).site
    try:
        policy = site.policy(slug)
    except KeyError:
        known = ", ".join(p.slug for p in site.policies)
        raise PpgenError(Problem(f"no policy `{slug}`", display_path(settings.content_dir), hint=f"policies: {known}")) from None
    by_day = {v.effective: v for v in policy.versions}
    missing = [day for day in (old, new) if day not in by_day]
    if missing:
        known = ", ".join(v.effective.isoformat() for v in policy.versions)
        raise PpgenError(Problem(f"`{slug}` has no version effective {missing[0].isoformat()}", display_path(settings.content_dir / slug), hint=f"versions: {known}"))
    docs, _ = parse_versions([by_day[old], by_day[new]], settings, jobs=1)
    return docs[(slug, old)], docs[(slug, new)]
