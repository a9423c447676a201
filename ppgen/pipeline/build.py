"""`ppgen build`: load → parse (every input error of the site first) → plan → render → write.

Nothing is written unless everything is valid."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TypeVar

from ppgen.core.dates import build_today
from ppgen.core.document import Document
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.model import Version
from ppgen.pipeline import cached, tasks
from ppgen.pipeline.cache import BuildCache, Keys, warning_text
from ppgen.pipeline.report import BuildResult, Done, MadeAgain, Progress
from ppgen.pipeline.spill import Spill
from ppgen.pipeline.tasks import Look as Look  # check, preview and incremental use it as build.Look
from ppgen.pipeline.tasks import ParsedPolicy, Setup, parse_policies
from ppgen.pipeline.workers import usable_cores as usable_cores
from ppgen.redline import compare as redline
from ppgen.redline.cache import PolicyCache
from ppgen.site import hosting, pdf, records
from ppgen.site.addresses import address_problems
from ppgen.site.hosting import Written
from ppgen.site.pages import HEADERS, REDIRECTS, FeedPage, PageSpec, SiteFile, Urls
from ppgen.site.plan import SitePlan
from ppgen.site.render import DocKey, Renderer
from ppgen.site.write import Staging, check_output, write_files, write_parts
from ppgen.source import markdown, texts
from ppgen.source.config import Settings
from ppgen.source.load import load

T = TypeVar("T")
R = TypeVar("R")


def _compare_star(args: tuple[Document, Document]) -> redline.Redline:
    return redline.compare(*args)


def _compare_group(pairs: list[tuple[Document, Document]]) -> list[redline.Redline]:
    cache = (
        PolicyCache()
    )  # one for the group: what a pair's comparison works out from a text, the next pair uses
    return [redline.compare(old, new, cache) for old, new in pairs]


def _map(
    function: Callable[[T], R], items: list[T], jobs: int | None = None, setup: Setup | None = None
) -> Iterator[R]:
    """`tasks.run`: `function` over `items`, spread over up to `jobs` processes."""
    return tasks.run(function, items, jobs, setup)


def parse_versions(
    versions: list[Version], settings: Settings, jobs: int | None = None
) -> tuple[dict[DocKey, Document], list[Problem]]:
    """These versions' Markdown, parsed once each; every problem in every file raised together.

    Parsed in one process, the versions share their parts: text that did not change is not parsed again."""
    parts: markdown.Parts = {}
    bodies = texts.bodies(versions)
    args = [
        (v, b, settings.raw_html, settings.template_syntax, parts)
        for v, b in zip(versions, bodies, strict=True)
    ]
    results = _map(cached.safe_parse, args, jobs)
    docs, problems, warnings = cached.gather(versions, results)
    if problems:
        raise PpgenError(*problems)
    return docs, warnings


def compare_pairs(pairs: list[tuple[Document, Document]], jobs: int | None = None) -> list[redline.Redline]:
    """The redline of each (older, newer) pair of documents, each compared on its own (nothing kept between them)."""
    return list(_map(_compare_star, pairs, jobs))


def compare_groups(
    groups: list[list[tuple[Document, Document]]], jobs: int | None = None
) -> list[list[redline.Redline]]:
    """The redlines of each group of (older, newer) pairs (one policy's, or a run of them): a group is
    compared in one task, with one `PolicyCache`."""
    return list(_map(_compare_group, groups, jobs))


def site_warnings(settings: Settings) -> list[Problem]:
    """Warnings about the settings themselves, met by every build."""
    if settings.base_url:
        return []
    return [
        Problem(
            "no base_url: feeds, sitemap.xml and canonical links are left out",
            hint='set base_url in ppgen.toml or pass --base-url "https://…/"',
            code="no-base-url",
        )
    ]


def _add(files: dict[str, T], more: Mapping[str, T]) -> None:
    for path, value in more.items():
        if path in files:
            raise AssertionError(f"two outputs for {path}")
        files[path] = value


@dataclass(frozen=True)
class ParsedSite:
    """Phase 1 of a build, passed: the site's look, and every version of every policy parsed."""

    look: Look
    policies: tuple[ParsedPolicy, ...]
    warnings: tuple[Problem, ...]
    """The settings' warnings, then each policy's, in the order of the site's policies."""
    spill: Spill | None = None
    """The folder holding the documents the policies name (without a cache), kept as long as they are."""


def site_problems(
    site_plan: SitePlan, settings: Settings, store: BuildCache | None = None
) -> tuple[Look | None, list[Problem]]:
    """The site's look (its templates compiled through the build cache `store`, if any), and the problems
    of the site as a whole, in the order `ppgen check` lists them: its addresses, then a WeasyPrint that
    cannot be loaded for `pdf = true`, then its theme (templates that do not compile, static files that
    cannot be read)."""
    problems = address_problems(site_plan) + pdf.unloadable(settings)
    try:
        return Look.of(settings, store.compiled() if store is not None else None), problems
    except PpgenError as err:
        return None, [*problems, *err.problems]


@dataclass(frozen=True)
class Validation:
    """Phase 1's findings, shared by `build` (which stops on any problem) and `check` (which reports them
    with its lint rules): so `check` reports every error `build` raises, by construction."""

    look: Look | None
    """The site's look (None when the theme has a problem)."""
    policies: tuple[ParsedPolicy, ...]
    """Every policy's versions, parsed (those that parsed), with their problems and warnings."""
    problems: tuple[Problem, ...]
    """The site's problems (`site_problems`), then each policy's, in the order of the site's policies."""
    spill: Spill | None = None


def validate(
    site_plan: SitePlan, settings: Settings, jobs: int | None = None, store: BuildCache | None = None
) -> Validation:
    """Phase 1's work, through the build cache `store` if any: the site as a whole checked
    (`site_problems`) and every version of every policy parsed; problems returned, not raised."""
    spill = Spill() if store is None and tasks.worth_a_pool(site_plan) else None
    site: list[tuple[Look | None, list[Problem]]] = []
    # The theme is compiled here while the workers parse (the render workers, forked later, inherit it).
    parsed = parse_policies(
        site_plan,
        settings,
        jobs,
        store.root if store is not None else None,
        spill,
        lambda: site.append(site_problems(site_plan, settings, store)),
    )
    look, problems = site[0]
    problems += [problem for policy in parsed for problem in policy.problems]
    return Validation(look, tuple(parsed), tuple(problems), spill)


def parse_site(
    site_plan: SitePlan, settings: Settings, jobs: int | None = None, store: BuildCache | None = None
) -> ParsedSite:
    """Phase 1: every input error of the site raised together (`validate`), else the site parsed, ready to render.

    Nothing is compared or rendered before every version of every policy has parsed: a bad file
    stops the build in about the time parsing takes."""
    found = validate(site_plan, settings, jobs, store)
    if found.problems:
        raise PpgenError(*found.problems)
    assert found.look is not None
    warnings = site_warnings(settings) + [warning for policy in found.policies for warning in policy.warnings]
    return ParsedSite(found.look, found.policies, tuple(warnings), found.spill)


def render_site(
    site_plan: SitePlan,
    settings: Settings,
    folder: Path,
    progress: Progress | None = None,
    jobs: int | None = None,
    parsed: ParsedSite | None = None,
    cache: BuildCache | None = None,
) -> tuple[hosting.Digests, list[Problem], MadeAgain | None]:
    """Write every output file of a loaded site into `folder`; what was written, the warnings met on the way,
    and (through a build cache) what was made rather than read from it.

    Phase 1 (`parse_site`, unless `parsed` is given) finds every input error first. Then the pages
    that belong to no policy are rendered here, from the model alone; then each policy is one task
    (compare, render, write) or more (see `tasks.split`), spread over `jobs` processes, through the
    build cache in `cache` if given, prepared (see `BuildCache.prepare`); its troubles make one warning.
    """
    root = cache.root if cache is not None else None
    if parsed is None:
        parsed = parse_site(site_plan, settings, jobs, cache)
    notes = [note for policy in parsed.policies for note in policy.cache_notes]
    problems: list[Problem] = []
    workers = tasks.workers_for(site_plan, jobs)
    by_slug = {policy.slug: policy for policy in parsed.policies}
    items = [(by_slug[slug], part) for slug, part in tasks.split(site_plan, workers, settings, cache)]
    total = len(site_plan.pages)  # PDFs included (`pages.VersionPdf`, `pages.RedlinePdf`)
    redlines, redlines_total = 0, len(site_plan.pairs)
    remade: set[str] = set()  # the policies a task of which made its pages
    comparisons = 0
    # The pages of no policy first, from the model alone: forked workers then start with
    # templates compiled and dates formatted once already.
    look = parsed.look
    written = hosting.Digests()
    done = written.add(_site_pages(site_plan, settings, look, folder, cache))
    for (policy, _), result in zip(
        items, tasks.render_policies(site_plan, settings, look, folder, items, workers, root), strict=True
    ):
        if isinstance(result, PpgenError):
            problems.extend(result.problems)
            continue
        done += written.add(result.digests)
        notes.extend(result.notes)
        redlines += result.redlines
        comparisons += result.compared
        if result.made:
            remade.add(policy.slug)
        if progress is not None:
            progress(Done(done, total, redlines, redlines_total))
    if problems:
        raise PpgenError(*problems)
    if progress is not None:
        progress(Done(total, total, redlines_total, redlines_total))
    words = hosting.AliasWords.of(look.theme, settings.language, settings.locale)
    extra = host_files(written, site_plan, look.static, look.assets, words)
    write_files(folder, extra)
    written.add(hosting.pack(hosting.written(extra)))
    # The manifest is written as it is made, from the digests merged in path order: never whole in memory.
    digest = write_parts(folder, hosting.MANIFEST, hosting.manifest_parts(written.entries()))
    written.add(hosting.pack({hosting.MANIFEST: Written(*digest)}))
    trouble = warning_text([*(cache.notes if cache is not None else ()), *notes])
    warnings = [
        *parsed.warnings,
        *(
            [Problem(trouble, display_path(root), hint="delete the folder, or build with --no-cache")]
            if trouble and root
            else []
        ),
    ]
    made = MadeAgain(len(remade), len(site_plan.site.policies), comparisons) if cache is not None else None
    return written, warnings, made


def _site_pages(
    site_plan: SitePlan, settings: Settings, look: Look, folder: Path, cache: BuildCache | None
) -> bytes:
    """The pages of no policy, written into `folder` (from the cache if there): their digests (`hosting.pack`).
    Only that is kept: the pages (a feed and a sitemap of every policy) are not held through phase 2, whose
    workers are forked from this process and would each hold them too."""
    if cache is None:  # the site's feeds and sitemap written as they are made: never whole in memory
        renderer = Renderer(site_plan, settings, look.theme, look.assets, {}, {})
        digests: dict[str, Written] = {}
        for spec in site_plan.pages_of(None):
            name, parts = site_plan.file(spec), _streamed(spec, site_plan, settings, look)
            if parts is None:
                data = renderer.render(spec)
                write_files(folder, {name: data})
                _add(digests, hosting.written({name: data}))
            else:
                _add(digests, {name: Written(*write_parts(folder, name, parts))})
        return hosting.pack(digests)
    key = Keys.of(site_plan.site, settings, look.theme.folders).site_pages()
    pages = cached.load_pages(cache, key)
    if pages is None:
        renderer = Renderer(site_plan, settings, look.theme, look.assets, {}, {})
        files: dict[str, bytes] = {}
        for spec in site_plan.pages_of(None):
            _add(files, {site_plan.file(spec): renderer.render(spec)})
        pages = files, hosting.written(files)
        cached.store_pages(cache, key, pages)
    write_files(folder, pages[0])
    return hosting.pack(pages[1])


def _streamed(spec: PageSpec, site_plan: SitePlan, settings: Settings, look: Look) -> Iterator[bytes] | None:
    """The parts of a page of the site that holds every version (a feed of the whole site, the sitemap), as
    `Renderer.render` makes them joined; None for any other page."""
    if isinstance(spec, FeedPage) and spec.slug is None:
        return records.feed_parts(site_plan, settings, look.theme, None, spec.language)
    if isinstance(spec, SiteFile) and spec.name == Urls.sitemap:
        return records.sitemap_parts(site_plan)
    return None


def host_files(
    written: Iterable[str],
    site_plan: SitePlan,
    static: dict[str, bytes],
    assets: dict[str, str],
    alias_words: hosting.AliasWords,
) -> dict[str, bytes]:
    """The files that go beside the rendered pages (`written`: their paths, read a few times), the manifest
    aside: the theme's static files and the files for hosts (aliases, _headers, _redirects)."""
    site, urls = site_plan.site, site_plan.urls
    files: dict[str, bytes] = {}
    _add(files, {urls.static(assets[name]): data for name, data in static.items()})
    entries = hosting.aliases(site, urls)
    wanted = {urls.alias_file(alias.path) for alias in entries}
    taken = {name for name in written if name in wanted} | (files.keys() & wanted)
    _add(files, hosting.alias_files(entries, urls, taken, alias_words))
    _add(files, {HEADERS: hosting.headers(chain(written, files))})
    if entries or site.languages:  # aliases, and each translation's 404 page
        _add(files, {REDIRECTS: hosting.redirects(entries, urls, site.languages[1:])})
    if overlap := sorted(name for name in written if name in files):
        raise AssertionError(f"two outputs for {overlap[0]}")
    return files


def site_files(
    written: Mapping[str, Written],
    site_plan: SitePlan,
    static: dict[str, bytes],
    assets: dict[str, str],
    alias_words: hosting.AliasWords,
) -> dict[str, bytes]:
    """The files that go beside the rendered pages: the theme's static files and the files for hosts
    (aliases, _headers, _redirects and the manifest of everything, itself excepted)."""
    files = host_files(written, site_plan, static, assets, alias_words)
    _add(files, {hosting.MANIFEST: hosting.manifest({**written, **hosting.written(files)})})
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
    loaded = load(
        settings, build_today(settings.zone, as_of), allow_shallow=allow_shallow, allow_dirty=allow_dirty
    )
    site_plan = SitePlan.of(loaded.site, settings)
    # Only the site and the warnings from here: the history (every revision's bytes, in git) and what its
    # texts render to are not kept through the build, nor handed to the workers.
    load_warnings = loaded.warnings
    del loaded
    store = BuildCache(cache) if cache is not None else None
    if store is not None:
        store.prepare()  # before any worker starts
    parsed = parse_site(site_plan, settings, jobs, store)  # every input error, before anything is compared
    staging = Staging(settings.output_dir)
    try:
        with staging:
            files, warnings, made = render_site(
                site_plan, settings, staging.folder, progress, jobs, parsed, store
            )
            staging.commit()
    except OSError as err:
        raise PpgenError(staging.problem(err)) from None
    if store is not None:
        store.prune()  # what this build did not use of what later builds replace
    warnings = [*load_warnings, *warnings, *staging.warnings]
    return BuildResult(
        out=settings.output_dir,
        files=len(files),
        pages=sum(1 for name in files if name.endswith(".html")),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        changes=None
        if old_manifest is None
        else tuple(
            hosting.changes(
                old_manifest,
                {name: file.sha256 for name, file in files.entries() if name != hosting.MANIFEST},
            )
        ),
        made_again=made,
    )


def version_documents(
    settings: Settings, slug: str, old: date, new: date
) -> tuple[tuple[Version, Document], tuple[Version, Document]]:
    """Two versions of a policy with their parsed texts, as the working tree has them (drafts included)."""
    site = load(settings, build_today(settings.zone), allow_shallow=True, allow_dirty=True).site
    try:
        policy = site.policy(slug)
    except KeyError:
        known = ", ".join(p.slug for p in site.policies)
        raise PpgenError(
            Problem(
                f"no policy `{slug}`",
                display_path(settings.content_dir),
                hint=f"policies: {known}",
                code="unknown-version",
            )
        ) from None
    by_day = {v.effective: v for v in policy.versions}
    missing = [day for day in (old, new) if day not in by_day]
    if missing:
        known = ", ".join(v.effective.isoformat() for v in policy.versions)
        raise PpgenError(
            Problem(
                f"`{slug}` has no version effective {missing[0].isoformat()}",
                display_path(settings.content_dir / slug),
                hint=f"versions: {known}",
                code="unknown-version",
            )
        )
    docs, _ = parse_versions([by_day[old], by_day[new]], settings, jobs=1)
    return (by_day[old], docs[(slug, old)]), (by_day[new], docs[(slug, new)])
