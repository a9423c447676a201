"""Incremental rendering for the preview server: render again only the pages whose inputs changed.

It is `build.render_site` with a memory, made of the same pieces (`markdown.parse`,
`redline.compare`, `plan.SitePlan`, `render.Renderer`, the static and hosting files), so the
preview shows exactly what `ppgen build` writes. Between two renders it keeps:

- parsed Documents, keyed by what parsing reads (body, path, first line, raw-HTML policy);
- Redlines, keyed by the keys of their two Documents;
- every page's bytes, beside the *signature* of what the page was rendered from.

A page's signature names its inputs: the theme's files, the settings and "today" (every page);
the policies' titles (the navigation of every HTML page); the *metadata* of its policy's versions
(every field of a Version but its text: dates, titles, summaries, draft flags…); and the texts
it shows. A page whose signature has not changed keeps its bytes. So an edit to the text of one
version renders again its own page, the policy page when it is the version in force, its raw
text, `versions.json` and the redlines it takes part in; an edit to a summary or a date renders
again the pages of its policy and the site-wide ones (index, feeds, sitemap); an edit to the
theme or to ppgen.toml renders everything.

Signatures hold the inputs themselves, not hashes of them, so equal means equal. Each render
replaces an input equal to the previous render's by that very object, so comparing thousands
of signatures mostly compares object identities.

Assumption: a template shows the text of only the versions its page is about (the default theme
does). A custom template that printed, say, the body of every version on every page would be
refreshed by the next full render (restarting `ppgen serve`, or any theme or settings change).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, TypeVar

from ppgen.core import paths as path_guard
from ppgen.core.document import Document
from ppgen.core.errors import Problem
from ppgen.core.model import Policy, Site, Version
from ppgen.pipeline import build
from ppgen.pipeline.workers import PARALLEL_FROM
from ppgen.redline import compare as redline
from ppgen.redline.cache import PolicyCache
from ppgen.redline.compare import Redline
from ppgen.site import hosting
from ppgen.site.addresses import require_valid_addresses
from ppgen.site.pages import Input, Kind, PageSpec, RawText, RedlinePage, VersionPage, VersionPdf, kind_of
from ppgen.site.plan import PairKey, SitePlan
from ppgen.site.render import DocKey, Renderer
from ppgen.site.themes import theme_folders, theme_root
from ppgen.source.config import Settings

Signature = tuple[object, ...]
TextKey = tuple[str, int, str, str, str]
"""What parsing a version reads: (path, first line of the body, raw_html, template_syntax, the sha256 of its text)."""
PairKeys = tuple[TextKey, TextKey]
"""What comparing two versions reads: their TextKeys."""
T = TypeVar("T")

_TEXT_FIELDS = frozenset({"text"})
"""Version fields that are its text; every other field is metadata (see `_metadata`)."""


def _metadata(version: Version) -> tuple[object, ...]:
    # Every field but the text, found by introspection so that a field added to Version later counts too.
    return tuple(getattr(version, f.name) for f in fields(version) if f.name not in _TEXT_FIELDS)


def theme_digest(settings: Settings) -> bytes:
    """A digest of every file of the theme folders (the site's and the default), and the locale."""
    folders = theme_folders(settings.theme_dir)
    hasher = hashlib.blake2b(settings.locale.encode(), digest_size=16)
    for folder in folders:
        root = theme_root(folder)  # read as the build reads it: nothing from outside, errors said, not raised
        for path in path_guard.files_under(folder, root, "theme file"):
            data = path_guard.read(path, root, "theme file")
            hasher.update(f"\0{path.as_posix()}\0{len(data)}\0".encode())
            hasher.update(data)
    return hasher.digest()


@dataclass(frozen=True)
class Rendered:
    """The outcome of one incremental render."""

    files: dict[str, bytes]
    """Every output file, exactly as `build.render_site` writes them."""
    warnings: tuple[Problem, ...]
    """The same warnings a build would print."""
    rendered: tuple[str, ...]
    """Output paths of the pages rendered this time (the others were kept)."""
    changed: tuple[str, ...]
    """Output paths added, changed or removed since the previous render."""
    pending: int
    """Deferred pages still to be rendered (see `IncrementalRenderer.render_pending`)."""
    seconds: float
    """Wall time of this render."""


@dataclass(frozen=True)
class _Inputs:
    """One site's inputs, grouped as pages use them."""

    common: Signature
    """Theme digest, settings and today: inputs of every page."""
    nav: Signature
    """The policies and their titles: the navigation on every HTML page."""
    meta: Mapping[str, Signature]
    """Policy slug → its versions' metadata."""
    sources: Mapping[str, tuple[str, ...]]
    """Policy slug → its versions' exact source bytes."""
    texts: Mapping[DocKey, TextKey]
    """(slug, effective) → what parsing that version reads."""

    def everything(self) -> Signature:
        """Every policy's metadata (for the pages that list all policies)."""
        return tuple(self.meta.items())


def _same(old: T | None, new: T) -> T:
    """`old` when equal to `new` (so that later comparisons are by identity), else `new`."""
    return old if old is not None and old == new else new


def _inputs(site: Site, settings: Settings, theme: bytes, before: _Inputs | None) -> _Inputs:
    was = before or _Inputs((), (), {}, {}, {})
    texts: dict[DocKey, TextKey] = {}
    meta: dict[str, Signature] = {}
    sources: dict[str, tuple[str, ...]] = {}
    for policy in site.policies:
        slug = policy.slug
        meta[slug] = _same(was.meta.get(slug), tuple(_metadata(v) for v in policy.versions))
        sources[slug] = _same(was.sources.get(slug), tuple(v.text.sha256 for v in policy.versions))
        for v in policy.versions:
            key = (slug, v.effective)
            text = (v.path, v.body_line, settings.raw_html, settings.template_syntax, v.text.sha256)
            texts[key] = _same(was.texts.get(key), text)

    # In several languages every page links its counterparts (hreflang, the switcher): which versions each
    # language has is then part of every page's navigation.
    def days(policy: Policy) -> tuple[date, ...]:
        return tuple(v.effective for v in policy.versions) if site.languages else ()

    nav = _same(was.nav, tuple((p.slug, p.title(site.today), days(p)) for p in site.policies))
    return _Inputs(_same(was.common, (theme, settings, site.today)), nav, meta, sources, texts)


def _so_far(spec: PageSpec, site: Site, inputs: _Inputs) -> object:
    assert isinstance(spec, VersionPage | VersionPdf)
    days = [v.effective for v in site.policy(spec.slug).versions]
    return tuple(inputs.texts[(spec.slug, day)] for day in days[: days.index(spec.effective) + 1])


def _source(spec: PageSpec, site: Site, inputs: _Inputs) -> object:
    assert isinstance(spec, VersionPage | RawText)
    versions = site.policy(spec.slug).versions
    return inputs.sources[spec.slug][next(i for i, v in enumerate(versions) if v.effective == spec.effective)]


def _slug(spec: PageSpec) -> str:
    slug = Kind.policy(spec)
    assert slug is not None
    return slug


INPUTS: dict[Input, Callable[[Any, Site, _Inputs], object]] = {
    "look": lambda spec, site, inputs: inputs.common,
    "nav": lambda spec, site, inputs: inputs.nav,
    "policy": lambda spec, site, inputs: (
        inputs.meta[slug] if (slug := Kind.policy(spec)) else inputs.everything()
    ),
    "site": lambda spec, site, inputs: inputs.everything(),
    "texts-so-far": _so_far,
    "texts-compared": lambda spec, site, inputs: (
        inputs.texts[(spec.slug, spec.old)],
        inputs.texts[(spec.slug, spec.new)],
    ),
    "texts": lambda spec, site, inputs: tuple(
        inputs.texts[(spec.slug, v.effective)] for v in site.policy(spec.slug).versions
    ),
    "sources": lambda spec, site, inputs: inputs.sources[_slug(spec)],
    "source": _source,
}
"""Each input a kind of page may declare (`pages.Input`), read from a site's inputs."""


def signature(spec: PageSpec, site: Site, inputs: _Inputs) -> Signature:
    """What a planned page is rendered from, as its kind declares (`pages.KINDS`): equal signatures mean equal bytes."""
    return (spec, *(INPUTS[name](spec, site, inputs) for name in kind_of(spec).inputs))


class _Redlines(Mapping[PairKey, Redline]):
    """The redlines of a site's pairs, compared when first asked for and remembered by content; what
    comparing works out from a text is kept for the render's next pair of the same policy (one
    `PolicyCache` each)."""

    def __init__(
        self,
        pairs: Mapping[PairKey, PairKeys],
        docs: Mapping[TextKey, Document],
        memory: dict[PairKeys, Redline],
        caches: dict[str, PolicyCache],
    ) -> None:
        self._pairs = pairs
        self._docs = docs
        self.memory = memory
        self._caches = caches
        """Policy → its cache (the renderer's: kept from one render to the next)."""

    def __getitem__(self, key: PairKey) -> Redline:
        pair = self._pairs[key]
        if pair not in self.memory:
            self.memory[pair] = redline.compare(self._docs[pair[0]], self._docs[pair[1]], self._cache(key[0]))
        return self.memory[pair]

    def _cache(self, slug: str) -> PolicyCache:
        found = self._caches.get(slug)
        if found is None:
            found = self._caches[slug] = PolicyCache()
        return found

    def __iter__(self) -> Iterator[PairKey]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def prepare(self, keys: list[PairKey]) -> None:
        """Compare the missing ones among `keys` in one go (over every core when there are many: each
        policy's pairs in runs, a run with a cache of its own)."""
        wanted: dict[PairKeys, str] = {}
        for key in keys:
            if self._pairs[key] not in self.memory:
                wanted.setdefault(self._pairs[key], key[0])
        missing = sorted(wanted, key=lambda pair: (wanted[pair], pair))
        if (
            len(missing) < PARALLEL_FROM
        ):  # in this process, as `workers.spread` would: with the policies' caches
            for pair in missing:
                self.memory[pair] = redline.compare(
                    self._docs[pair[0]], self._docs[pair[1]], self._cache(wanted[pair])
                )
            return
        size = len(missing) // PARALLEL_FROM  # runs enough for every core (spread's threshold counts tasks)
        runs: list[list[PairKeys]] = []
        for pair in missing:
            if not runs or len(runs[-1]) == size or wanted[runs[-1][0]] != wanted[pair]:
                runs.append([])
            runs[-1].append(pair)
        found = build.compare_groups(
            [[(self._docs[old], self._docs[new]) for old, new in run] for run in runs]
        )
        for run, redlines in zip(runs, found, strict=True):
            self.memory.update(zip(run, redlines, strict=True))


@dataclass
class _Work:
    """A render's context, kept while some of its pages are still to be rendered."""

    renderer: Renderer
    redlines: _Redlines
    plan: SitePlan
    static: dict[str, bytes]
    assets: dict[str, str]
    paths: list[str]
    """Every page's output path, in plan order."""
    stale: list[tuple[str, PageSpec, Signature]]
    """Pages not rendered yet: (path, spec, signature)."""
    warnings: tuple[Problem, ...]


class IncrementalRenderer:
    """`build.render_site` that remembers documents, redlines and pages between calls.

    `render(site, settings, defer)` renders at once every changed page but those `defer` picks;
    until `render_pending` renders them, the deferred pages are served as they were (or are
    missing when new). The preview defers redlines, the slow pages, so that the page being
    edited is served first. Not thread-safe: one loop owns it. A call that raises leaves the
    memory as it was.
    """

    def __init__(self) -> None:
        self._docs: dict[TextKey, Document] = {}
        self._redlines: dict[PairKeys, Redline] = {}
        self._pages: dict[str, tuple[Signature, bytes]] = {}
        self._files: dict[str, bytes] = {}
        self._look: tuple[bytes, build.Look] | None = None
        self._inputs: _Inputs | None = None
        self._work: _Work | None = None
        self._caches: dict[str, PolicyCache] = {}
        """Each policy's `PolicyCache`, for the redlines of this render and the next."""

    @property
    def pending(self) -> int:
        """How many deferred pages are still to be rendered."""
        return len(self._work.stale) if self._work else 0

    def _look_for(self, settings: Settings, key: bytes) -> build.Look:
        """The theme as the build checks and reads it, made again only when a theme file changed."""
        if self._look is None or self._look[0] != key:
            self._look = (key, build.Look.of(settings))
        return self._look[1]

    def _documents(self, site: Site, settings: Settings, inputs: _Inputs) -> dict[TextKey, Document]:
        """Every version's Document: kept ones reused, the others parsed (all problems raised together)."""
        missing = [
            v
            for p in site.policies
            for v in p.versions
            if inputs.texts[(p.slug, v.effective)] not in self._docs
        ]
        parsed, _ = build.parse_versions(missing, settings)
        docs = {key: self._docs[key] for key in inputs.texts.values() if key in self._docs}
        for (slug, effective), document in parsed.items():
            docs[inputs.texts[(slug, effective)]] = document
        return docs

    def render(
        self, site: Site, settings: Settings, defer: Callable[[PageSpec], bool] = lambda spec: False
    ) -> Rendered:
        """Every output file of `site`, rendering only the pages whose signature changed (not the deferred ones)."""
        started = time.perf_counter()
        self._work = None  # what an earlier render deferred is found stale again below
        theme_key = theme_digest(settings)
        inputs = _inputs(site, settings, theme_key, self._inputs)
        docs = self._documents(site, settings, inputs)
        site_plan = SitePlan.of(site, settings)
        require_valid_addresses(site_plan)  # as `build` does: a bad alias never reaches the preview either
        specs = site_plan.pages
        paths = [site_plan.file(spec) for spec in specs]
        if len(set(paths)) != len(paths):
            raise AssertionError("two outputs for one path")
        pages: dict[str, tuple[Signature, bytes]] = {}
        stale: list[tuple[str, PageSpec, Signature]] = []
        for path, spec in zip(paths, specs, strict=True):
            sig = signature(spec, site, inputs)
            kept = self._pages.get(path)
            if kept is not None and kept[0] == sig:
                pages[path] = kept
            else:
                stale.append((path, spec, sig))
        pairs = {
            key: (inputs.texts[(key[0], key[1])], inputs.texts[(key[0], key[2])]) for key in site_plan.pairs
        }
        wanted = set(pairs.values())
        self._caches = {p.slug: self._caches.get(p.slug) or PolicyCache() for p in site.policies}
        for cache in self._caches.values():
            cache.keep_only(docs.values())  # nothing kept of a text edited away
        redlines = _Redlines(
            pairs, docs, {pair: r for pair, r in self._redlines.items() if pair in wanted}, self._caches
        )
        look = self._look_for(settings, theme_key)
        static, assets = look.static, look.assets
        renderer = Renderer(
            site_plan,
            settings,
            look.theme,
            assets,
            {key: docs[text] for key, text in inputs.texts.items()},
            redlines,
        )
        warnings = tuple(
            build.site_warnings(settings) + [w for text in inputs.texts.values() for w in docs[text].warnings]
        )
        later = [item for item in stale if defer(item[1])]
        now = [item for item in stale if not defer(item[1])]
        work = _Work(renderer, redlines, site_plan, static, assets, paths, later, warnings)
        for path, _, _ in later:
            if path in self._pages:
                pages[path] = self._pages[path]  # served as it was until it is rendered
        pages.update((path, (sig, renderer.render(spec))) for path, spec, sig in now)
        files = self._files_of(pages, work)
        self._docs, self._redlines, self._inputs, self._work = (
            docs,
            redlines.memory,
            inputs,
            work if later else None,
        )
        return self._commit(pages, files, [path for path, _, _ in now], warnings, started)

    def render_pending(self, count: int) -> Rendered:
        """Render up to `count` deferred pages (their redlines compared together) and return the whole site again."""
        started = time.perf_counter()
        work = self._work
        assert work is not None, "nothing is pending"
        batch, rest = work.stale[:count], work.stale[count:]
        try:
            work.redlines.prepare([(s.slug, s.old, s.new) for _, s, _ in batch if isinstance(s, RedlinePage)])
            pages = dict(self._pages)
            pages.update((path, (sig, work.renderer.render(spec))) for path, spec, sig in batch)
            files = self._files_of(pages, work)
        except BaseException:
            self._work = None  # the next render() finds these pages stale again
            raise
        work.stale = rest
        self._work = work if rest else None
        return self._commit(pages, files, [path for path, _, _ in batch], work.warnings, started)

    @staticmethod
    def _files_of(pages: Mapping[str, tuple[Signature, bytes]], work: _Work) -> dict[str, bytes]:
        files = {path: pages[path][1] for path in work.paths if path in pages}
        settings, theme = work.renderer.settings, work.renderer.theme
        words = hosting.AliasWords.of(theme, settings.language, settings.locale)
        files.update(build.site_files(hosting.written(files), work.plan, work.static, work.assets, words))
        return files

    def _commit(
        self,
        pages: dict[str, tuple[Signature, bytes]],
        files: dict[str, bytes],
        rendered: list[str],
        warnings: tuple[Problem, ...],
        started: float,
    ) -> Rendered:
        changed = sorted(p for p in files.keys() | self._files.keys() if files.get(p) != self._files.get(p))
        self._pages, self._files = pages, files
        return Rendered(
            files, warnings, tuple(rendered), tuple(changed), self.pending, time.perf_counter() - started
        )
