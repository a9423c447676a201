"""The site plan: what a site consists of, worked out once from the loaded site and the settings.

Its addresses (the one `Urls`), every page and file to write, every redline pair, whether feeds
are on, the base path and the day the site is built "as of". `build`, `check`, the preview's
incremental renderer and the benchmarks all take a plan; nothing else makes a `Urls` or calls
`pages.plan`, so they cannot disagree about what is published (`tests/test_architecture.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import overload

from ppgen.core.model import Policy, Site
from ppgen.site.pages import (
    Kind,
    PageSpec,
    Urls,
    diff_pairs,
    is_diff_pair,
    plan,
    plan_policy,
    plan_site,
    url_of,
)
from ppgen.source.config import Settings

PairKey = tuple[str, date, date]
"""(policy, older, newer): a redline."""


@dataclass(frozen=True)
class Pages(Sequence[PageSpec]):
    """Every page of a site in plan order (`pages.plan`), made each time it is read, never held: a spec for
    every page of every version would grow the memory of the build's main process, and of every worker
    forked from it, with the site (a render task reads its own policy's, `SitePlan.pages_of`)."""

    site: Site
    diff_kinds: tuple[str, ...]
    feeds: bool
    pdfs: bool

    def __iter__(self) -> Iterator[PageSpec]:
        yield from plan_site(self.site, self.feeds)[:1]
        for policy in self.site.policies:
            yield from plan_policy(policy, self.site.today, self.diff_kinds, self.feeds, self.pdfs)
        yield from plan_site(self.site, self.feeds)[1:]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @overload
    def __getitem__(self, index: int) -> PageSpec: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PageSpec]: ...

    def __getitem__(self, index: int | slice) -> PageSpec | Sequence[PageSpec]:
        return plan(self.site, self.diff_kinds, with_feeds=self.feeds, with_pdfs=self.pdfs)[index]


@dataclass(frozen=True)
class SitePlan:
    """Every page of a site and where it is, for one loaded site and its settings."""

    site: Site
    urls: Urls
    """The one address maker of this site."""
    feeds: bool
    """Feeds, the sitemap and canonical links are published (they need base_url)."""
    diff_kinds: tuple[str, ...]
    """The `diff_pairs` setting the pairs come from."""
    pages: Sequence[PageSpec]
    """Every page and file rendered from the model, in a fixed order (the theme's and the hosts' files aside):
    made when read (`Pages`)."""

    @classmethod
    def make(
        cls,
        site: Site,
        *,
        pretty: bool = True,
        base_url: str | None = None,
        for_disk: bool = False,
        diff_kinds: tuple[str, ...] = ("adjacent", "to-current"),
        pdfs: bool = False,
    ) -> SitePlan:
        """The plan of `site` with these settings (see `of`)."""
        urls = Urls(pretty=pretty, base_url=base_url, for_disk=for_disk)
        feeds = base_url is not None
        return cls(site, urls, feeds, diff_kinds, Pages(site, diff_kinds, feeds, pdfs))

    @classmethod
    def of(cls, site: Site, settings: Settings) -> SitePlan:
        """The plan of a loaded site with its settings."""
        return cls.make(
            site,
            pretty=settings.pretty_urls,
            base_url=settings.base_url,
            for_disk=settings.for_disk,
            diff_kinds=settings.diff_pairs,
            pdfs=settings.pdf,
        )

    @property
    def today(self) -> date:
        """The day the site is built "as of" (which version is in force, what is upcoming)."""
        return self.site.today

    @property
    def base_path(self) -> str:
        """The path of base_url (`/legal/`), `/` without one: where rooted links start."""
        return self.urls.base_path

    @property
    def pairs(self) -> tuple[PairKey, ...]:
        """Every pre-rendered redline, by policy (in the site's order), then older, then newer: made when read,
        never held (like `pages`: a key per redline would grow the build's memory with the site)."""
        return tuple(key for policy in self.site.policies for key in self._pairs(policy))

    @cached_property
    def _policies(self) -> dict[str, Policy]:
        """Each policy by its slug."""
        return {policy.slug: policy for policy in self.site.policies}

    def redline(self, slug: str, old: date, new: date) -> str | None:
        """The address of the redline of `slug` from `old` to `new`, or None when the site does not publish it."""
        policy = self._policies.get(slug)
        if policy is None or not is_diff_pair(policy, self.today, self.diff_kinds, old, new):
            return None
        return self.urls.diff(slug, old, new)

    def pairs_of(self, slug: str) -> list[PairKey]:
        """The redlines of one policy, in plan order."""
        return self._pairs(self._policies[slug])

    def _pairs(self, policy: Policy) -> list[PairKey]:
        return [
            (policy.slug, old.effective, new.effective)
            for old, new in diff_pairs(policy, self.today, self.diff_kinds)
        ]

    def pages_of(self, slug: str | None) -> list[PageSpec]:
        """The pages of one policy, or (None) the pages of the site as a whole, in plan order."""
        pages = self.pages
        if not isinstance(pages, Pages):  # a plan made directly, with its pages
            return [spec for spec in pages if Kind.policy(spec) == slug]
        if slug is None:
            return plan_site(self.site, self.feeds)
        return plan_policy(self._policies[slug], self.today, pages.diff_kinds, pages.feeds, pages.pdfs)

    def url(self, spec: PageSpec) -> str:
        """The address a planned page is served at."""
        return url_of(spec, self.urls)

    def file(self, spec: PageSpec) -> str:
        """The output file (relative to the site root) of a planned page."""
        return self.urls.file(url_of(spec, self.urls))

    def urls_served(self) -> set[str]:
        """Every page's address."""
        return {url_of(spec, self.urls) for spec in self.pages}

    def reserved(self) -> list[PageSpec]:
        """The pages a site has whatever its `diff_pairs` and feeds settings, feeds included, redlines
        left out (their folders are the site's whole): the addresses an alias may never take."""
        return plan(self.site, (), with_feeds=True)
