"""The build's work in worker processes: phase 1 parses each policy (one task per policy), phase 2
compares and renders it (one task per policy, or, for a policy that is a large share of the site,
one task for its pages and one per slice of its redlines, so that one long policy uses every core).

A task writes its pages itself: only their digests go back to the main process. With a build
cache, each task reads and fills it (see `cached`)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ppgen.core.document import Document
from ppgen.core.errors import PpgenError, Problem
from ppgen.pipeline import cached
from ppgen.pipeline.cache import BuildCache, Keys
from ppgen.pipeline.costs import slices
from ppgen.pipeline.spill import Spill
from ppgen.pipeline.workers import PARALLEL_FROM, spread, usable_cores
from ppgen.redline.cache import PolicyCache
from ppgen.site import hosting, pdf
from ppgen.site.pages import PageSpec, RedlinePage, RedlinePdf, VersionPdf
from ppgen.site.plan import PairKey, SitePlan
from ppgen.site.render import DocKey, Renderer
from ppgen.site.templates import Compiled, Theme, fingerprint
from ppgen.site.write import write_files
from ppgen.source import texts
from ppgen.source.config import Settings

Setup = tuple[SitePlan, Settings, Path | None, Path | None, Path | None]
"""What each worker is set up with: see `_worker_site` (the last: the cache folder, or None)."""

T = TypeVar("T")
R = TypeVar("R")


def run(
    function: Callable[[T], R],
    items: list[T],
    jobs: int | None = None,
    setup: Setup | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[R]:
    """`workers.spread`: with `setup`, each worker is set up once by `_start_worker` (see `_worker_site`)."""
    return spread(function, items, jobs, _start_worker, setup, __name__, meanwhile)


@dataclass(frozen=True)
class Look:
    """What every page's look depends on: the theme and its fingerprinted static files."""

    theme: Theme
    static: dict[str, bytes]
    assets: dict[str, str]

    @classmethod
    def of(cls, settings: Settings, compiled: Compiled | None = None) -> Look:
        """The theme, every template compiled (or read from `compiled`, the build cache's) and every static
        file read; a PpgenError for any that fails."""
        theme = Theme(
            settings.theme_dir, settings.locale, settings.languages or (settings.language,), compiled
        )
        static, problems = theme.checked()
        if problems:
            raise PpgenError(*problems)
        return cls(theme, static, {name: fingerprint(name, data) for name, data in static.items()})


_worker_site: tuple[SitePlan, Settings, Look | None, Path | None] | None = None
"""The site (its plan) a worker process parses and renders policies of, its look (None until a render task
needs it) and the folder it writes them into (None while parsing), read by the tasks;
`_worker_cache` is the build cache they read and fill (None: no cache).

`parse_policies` and `render_policies` set it before starting the workers: forked ones inherit it (the
render workers with templates compiled); others make their own in `_start_worker`, and their look
in `_worker_look`."""

_worker_cache: BuildCache | None = None
_worker_spill: Path | None = None
"""The folder phase 1's workers put their pickled documents in when there is no cache (see `Spill`)."""
_worker_keys: Keys | None = None
"""The cache keys of the worker's site (made by its first render task that has a cache)."""


def _start_worker(*setup: object) -> None:
    global _worker_site, _worker_cache, _worker_spill
    if setup:
        site, settings, folder, cache_root, spill = setup
        assert (
            isinstance(site, SitePlan) and isinstance(settings, Settings) and isinstance(folder, Path | None)
        )
        assert isinstance(spill, Path | None)
        _worker_spill = spill  # set up here, not inherited: workers started by a fork server inherit nothing
        if (
            _worker_site is None
            or _worker_site[0] is not site
            or _worker_site[1] is not settings
            or _worker_site[3] != folder
        ):
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


@dataclass(frozen=True)
class ParsedPolicy:
    """Phase 1 for one policy: every version parsed, what was wrong and what to warn about."""

    slug: str
    problems: tuple[Problem, ...]
    """Every problem in every version of the policy, in the order of its versions."""
    warnings: tuple[Problem, ...]
    docs: tuple[cached.Parsed, ...]
    """The versions that parsed, in runs of versions parsed by one task each (see `parse_policies`); each
    pickled when a worker parsed it, so that the parent passes them on to the workers that render the
    policy without unpickling them (see `_parse_policy_task`); with a build cache, only the key of the
    entry that holds them; else, with a `Spill`, only the name of the file that holds them."""
    cache_notes: tuple[str, ...] = ()
    """What went wrong with the build cache (see `BuildCache.notes`)."""

    def documents(
        self, site_plan: SitePlan, settings: Settings, store: BuildCache | None
    ) -> dict[DocKey, Document]:
        """The parsed versions, unpickled or read from the cache if need be."""
        versions = list(site_plan.site.policy(self.slug).versions)
        found: dict[DocKey, Document] = {}
        for run in self.docs:
            found.update(cached.documents(run, versions, settings, store))
        return found

    @staticmethod
    def joined(runs: list[ParsedPolicy]) -> ParsedPolicy:
        """The runs of one policy's versions, parsed by separate tasks, as one (in order)."""
        first = runs[0]
        if len(runs) == 1:
            return first
        return ParsedPolicy(
            first.slug,
            tuple(p for run in runs for p in run.problems),
            tuple(w for run in runs for w in run.warnings),
            tuple(d for run in runs for d in run.docs),
            tuple(n for run in runs for n in run.cache_notes),
        )


def _parse_policy_task(item: tuple[str, int, int, int]) -> ParsedPolicy:
    """Parse a run of one policy's versions (`start` to `end`), together so that they share their parts
    (see `markdown.Parts`)."""
    slug, parent, start, end = item
    assert _worker_site is not None
    site_plan, settings = _worker_site[:2]
    versions = list(site_plan.site.policy(slug).versions)[start:end]
    # Pickled here, in the worker, the documents cross to the parent as one bytes object, which it
    # neither unpickles nor walks. Pickling and unpickling them cost about half of parsing them again
    # in the render worker (7 + 7 ms against 28 ms for a policy of bench_build.py: 25 × 3,000 words).
    # With a spill folder the documents go there even when this is the main process (`-j 1`): it would
    # otherwise hold every policy's documents until phase 2.
    docs, problems, warnings = cached.parse_policy(
        versions,
        settings,
        _worker_cache,
        pickled=os.getpid() != parent or _worker_spill is not None,
        spill=_worker_spill,
    )
    return ParsedPolicy(slug, tuple(problems), tuple(warnings), (docs,), _cache_notes())


def parse_policies(
    site_plan: SitePlan,
    settings: Settings,
    jobs: int | None = None,
    cache: Path | None = None,
    spill: Spill | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[ParsedPolicy]:
    """Every version of every policy parsed (or read from the build cache in folder `cache`), a task per
    policy over `jobs` processes (see `run`), in the order of the site's policies; problems are
    returned, not raised. A policy with more versions than one worker's share of the site's is parsed
    in runs of versions, a task each, so that one long policy uses every core (each run parses its
    first version whole: the parts it shares with the run before are parsed again). Workers put the
    documents in the cache, else in `spill`'s folder if given (only their names come back), else send
    them back pickled. `meanwhile` is called in this process while the workers parse (see `spread`)."""
    global _worker_site, _worker_spill
    site = site_plan.site
    workers = workers_for(site_plan, jobs)
    share = max(8, math.ceil(sum(len(p.versions) for p in site.policies) / workers))
    items: list[tuple[str, int, int, int]] = []
    for policy in site.policies:
        count = len(policy.versions)
        size = count if workers < 2 or count <= share else math.ceil(count / math.ceil(count / share))
        starts = range(0, count, max(1, size)) if count else [0]
        items += [(policy.slug, os.getpid(), start, start + size) for start in starts]
    _worker_site = (site_plan, settings, None, None)
    try:
        parsed: dict[str, list[ParsedPolicy]] = {}
        for result in run(
            _parse_policy_task,
            items,
            workers,
            (site_plan, settings, None, cache, spill.folder if spill else None),
            meanwhile,
        ):
            parsed.setdefault(result.slug, []).append(result)
        return [ParsedPolicy.joined(parsed[policy.slug]) for policy in site.policies]
    finally:
        _worker_site, _worker_spill = None, None


Part = tuple[int, int]
"""(index, parts) of a policy's render work: part i holds the redline pages of the i-th run of its pairs
(`costs.slices`), part 0 every other page too; (0, 1) is the whole policy."""


def _add(files: dict[str, bytes], more: Mapping[str, bytes]) -> None:
    for path, value in more.items():
        if path in files:
            raise AssertionError(f"two outputs for {path}")
        files[path] = value


def render_policy(
    site_plan: SitePlan,
    settings: Settings,
    look: Look,
    slug: str,
    docs: Mapping[DocKey, Document],
    store: BuildCache | None = None,
    part: Part = (0, 1),
) -> tuple[dict[str, bytes], int]:
    """The pages of one policy (all, or one `part` of them), from its parsed versions: its redlines
    compared (or read from `store`), its pages rendered; and how many comparisons that took."""
    global _site_wide
    index, parts = part
    policy = site_plan.site.policy(slug)
    keys = site_plan.pairs_of(slug)
    by_day = {version.effective: version for version in policy.versions}
    if parts == 1:
        mine = keys
    else:  # the cut needs the policy's texts: read here, one policy's at a time
        bodies = dict(zip(by_day, texts.bodies(policy.versions), strict=True))
        mine = slices(keys, bodies, parts, with_pages=True)[index]
    made, compared = cached.compare(
        [(by_day[old], by_day[new]) for _, old, new in mine],
        docs,
        settings,
        store,
        PolicyCache(),
        Keys.memos(slug, index),
    )
    redlines = dict(zip(mine, made, strict=True))
    look.theme.forget()  # the words kept for the policy before
    renderer = Renderer(site_plan, settings, look.theme, look.assets, docs, redlines)
    if _site_wide is None or _site_wide[0] is not site_plan or _site_wide[1] != settings:
        _site_wide = (site_plan, settings, {})
    renderer.__dict__.update({name: value for name, value in _site_wide[2].items() if name in _SITE_WIDE})
    files: dict[str, bytes] = {}
    printing: list[pdf.Printed] = []
    for spec in site_plan.pages_of(slug):
        if _in_part(spec, index, parts, redlines.keys()):
            if isinstance(
                spec, VersionPdf | RedlinePdf
            ):  # printed from its page (`Kind.printed_from`), below
                printing.append(
                    pdf.printed(spec, policy, site_plan.urls, policy.language or settings.language)
                )
            else:
                _add(files, {site_plan.file(spec): renderer.render(spec)})
    _site_wide[2].update({name: renderer.__dict__[name] for name in _SITE_WIDE if name in renderer.__dict__})
    if printing:  # after the pages: each PDF is printed from its page (those of this part)
        language = policy.language or settings.language
        locale = settings.locale_of(policy.language)
        footer = look.theme.words(
            pdf.WORDS, "page_footer", lang=language, page_locale=locale, page=pdf.PAGE, pages=pdf.PAGES
        )
        _add(
            files,
            pdf.make(printing, files, site_plan.urls, settings, look.static, look.assets, {language: footer}),
        )
    return files, compared


def _in_part(spec: PageSpec, index: int, parts: int, pairs: Collection[PairKey]) -> bool:
    if parts == 1:
        return True
    if isinstance(spec, RedlinePage | RedlinePdf):  # a redline's PDF, with its page
        return (spec.slug, spec.old, spec.new) in pairs
    return index == 0


_SITE_WIDE = ("nav",)
"""The `Renderer`'s worked-out properties that depend on the site, its settings and addresses alone (a policy's
version rows are worked out by its own task: `Renderer.rows`)."""

_site_wide: tuple[SitePlan, Settings, dict[str, object]] | None = None
"""Those of the last policy this process rendered, for the next task of the same site: each is about the
whole site, and working them out for every task made a build's time grow with the square of its policies."""


@dataclass(frozen=True)
class TaskResult:
    """What a render task sends back to the main process (never its pages: it writes them itself)."""

    digests: bytes
    """The digests of the files it wrote (`hosting.pack`)."""
    notes: tuple[str, ...]
    """What went wrong with the build cache, if anything."""
    redlines: int
    """How many of the files are redlines (for the progress bar)."""
    compared: int
    """Comparisons it made: of its redlines, those the build cache did not have (a pair reading as one
    compared before is not compared again)."""
    made: bool
    """Whether it made its pages (False: the build cache had them)."""


def _render_task(item: tuple[ParsedPolicy, Part]) -> TaskResult | PpgenError:
    """One policy's pages (or a part of them), written by the worker itself: only their digests go back
    (and the cache's notes). With a cache, the pages come from it whole when nothing they show changed."""
    global _worker_keys
    parsed, part = item
    assert _worker_site is not None
    site_plan, settings, _, folder = _worker_site
    site = site_plan.site
    assert folder is not None
    store, look = _worker_cache, _worker_look()
    pages, key = None, ""
    if store is not None:
        if _worker_keys is None or _worker_keys.site is not site or _worker_keys.settings is not settings:
            _worker_keys = Keys.of(site, settings, look.theme.folders)
        key = _worker_keys.pages(site.policy(parsed.slug), part)
        pages = cached.load_pages(store, key)
    compared, made = 0, pages is None
    if pages is None:
        try:
            files, compared = render_policy(
                site_plan,
                settings,
                look,
                parsed.slug,
                parsed.documents(site_plan, settings, store),
                store,
                part,
            )
        except PpgenError as err:
            return err
        pages = files, hosting.written(files)
        if store is not None:
            cached.store_pages(store, key, pages)
    write_files(folder, pages[0])
    redlines = sum(
        isinstance(spec, RedlinePage) and site_plan.file(spec) in pages[0]
        for spec in site_plan.pages_of(parsed.slug)
    )
    return TaskResult(hosting.pack(pages[1]), _cache_notes(), redlines, compared, made)


def split(
    site_plan: SitePlan, workers: int, settings: Settings | None = None, store: BuildCache | None = None
) -> list[tuple[str, Part]]:
    """The render tasks: a policy with more redlines than one worker's share of the site's is cut into runs
    of its redlines of a share at most (one process: no cuts), the first with its other pages, each run of
    about equal cost with what comes with it (see `costs.slices`). Each cut costs its task the documents'
    unpickling and the word diffs the run before it kept: few and large runs. With the build cache `store`
    (and the `settings` its keys need), the redlines still to compare count too: a policy with more of them
    than one worker's share of the site's is cut as well, so that a version added to a policy of a large
    site (its redlines to the new version, the build's only comparisons) is compared on every core; a
    policy with none left is cut as the last build through the cache cut it (noted there), whose pages
    entries are for that cut."""
    pairs = dict.fromkeys((policy.slug for policy in site_plan.site.policies), 0)
    for slug, _, _ in site_plan.pairs:
        pairs[slug] += 1
    share = max(8, math.ceil(sum(pairs.values()) / workers))
    cuts = cached.Cuts.of(site_plan, settings, store, workers) if workers > 1 and settings else None
    tasks: list[tuple[str, Part]] = []
    for slug, count in pairs.items():
        cut = math.ceil(count / share) if workers > 1 and count > share else 0
        cut = cuts.cut(slug, count, cut) if cuts is not None else cut
        tasks += [(slug, (index, cut)) for index in range(cut)] if cut > 1 else [(slug, (0, 1))]
    if cuts is not None:
        cuts.keep(tasks)
    return tasks


def workers_for(site_plan: SitePlan, jobs: int | None) -> int:
    """How many processes phase 2 uses: `jobs` (default: every usable core, up to 8), or 1 when the site's
    versions and redlines are too few to pay for a pool."""
    return (jobs or min(usable_cores(), 8)) if worth_a_pool(site_plan) else 1


def worth_a_pool(site_plan: SitePlan) -> bool:
    """Whether the site's versions and redlines are enough work to pay for worker processes (asked by
    both phases, so that they agree)."""
    return sum(len(p.versions) for p in site_plan.site.policies) + len(site_plan.pairs) >= PARALLEL_FROM


def render_policies(
    site_plan: SitePlan,
    settings: Settings,
    look: Look,
    folder: Path,
    items: list[tuple[ParsedPolicy, Part]],
    workers: int,
    cache: Path | None,
) -> Iterator[TaskResult | PpgenError]:
    """Phase 2: what each render task wrote (`TaskResult`; or its problems), in order, over `workers` processes."""
    global _worker_site
    _worker_site = (site_plan, settings, look, folder)
    try:
        yield from run(_render_task, items, workers, (site_plan, settings, folder, cache, None))
    finally:
        _worker_site = None
