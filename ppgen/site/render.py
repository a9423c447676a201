"""Planned pages → bytes. Pure: reads nothing, writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, assert_never

from ppgen.core.document import Assembler, Document
from ppgen.core.errors import PpgenError, Problem
from ppgen.core.model import Policy, Site, Version
from ppgen.redline.compare import Redline
from ppgen.site import i18n, languages, records
from ppgen.site.contents import listed
from ppgen.site.formerids import FormerIds, former_ids
from ppgen.site.pages import (
    FeedPage,
    HistoryPage,
    IndexPage,
    PageSpec,
    PolicyPage,
    RawText,
    RedlinePage,
    RedlinePdf,
    SiteFile,
    Urls,
    VersionPage,
    VersionPdf,  # printed from their pages, not rendered here
    VersionsJson,
)
from ppgen.site.plan import PairKey, SitePlan
from ppgen.site.records import status
from ppgen.site.templates import Theme, html
from ppgen.site.timeline import TIMELINE_HEIGHT, timeline
from ppgen.site.timeline import word_changes as word_changes
from ppgen.source import links, texts
from ppgen.source.config import Settings
from ppgen.source.headings import document_aliases

DocKey = tuple[str, date]


@dataclass(frozen=True)
class Row:
    """A line of the history table."""

    version: Version
    status: str
    diff: str | None
    last_day: date | None = None
    """The last day this version is in force (the day before its successor takes effect), or None."""


@dataclass(frozen=True)
class Entry:
    """A policy on the index page."""

    policy: Policy
    current: Version | None
    upcoming: tuple[Version, ...]
    description: str | None = None
    """The one-line description of the version in force, else of the latest version."""


@dataclass(frozen=True)
class Renderer:
    """Everything a page needs, read and computed before anything is rendered."""

    plan: SitePlan
    """What the site consists of: its pages, addresses and redlines."""
    settings: Settings
    theme: Theme
    assets: Mapping[str, str]
    """Static file name → fingerprinted file name."""
    docs: Mapping[DocKey, Document]
    redlines: Mapping[PairKey, Redline]
    """The redlines this renderer can render (a worker rendering one policy holds only that policy's)."""
    _kept_rows: dict[str, tuple[Row, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """The rows of the policy whose pages were made last (see `rows`)."""
    _kept_former: dict[str, dict[date, FormerIds]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """The former ids of the headings of the policy whose pages were made last (see `_former_ids`)."""
    _headings: dict[tuple[str, ...], str] = field(default_factory=dict, init=False, compare=False, repr=False)
    """Each heading as `permalink.html` made it (see `_body`): a policy's versions share most of theirs. Kept
    by the renderer (a render task's, or a preview's rebuild), so that what is kept does not grow with the site."""

    @property
    def site(self) -> Site:
        """The site being rendered."""
        return self.plan.site

    @property
    def urls(self) -> Urls:
        """The site's one address maker."""
        return self.plan.urls

    @cached_property
    def nav(self) -> dict[str | None, tuple[tuple[str, str], ...]]:
        """(title, address) of every policy of each language, for the navigation of every page (worked out once)."""
        site = self.site
        return {
            language: tuple(
                (p.title(site.today), self.urls.policy(p.slug)) for p in site.in_language(language)
            )
            for language in (None, *site.languages[1:])
        }

    @cached_property
    def unknown_policy_links(self) -> tuple[Problem, ...]:
        """`policy:` links to a slug the site does not have, in every text this renderer holds (all at once,
        so that a build reports each of them; `ppgen check` asks `links.unknown_policies` the same)."""
        slugs = {policy.slug for policy in self.site.policies}
        problems: list[Problem] = []
        for policy in self.site.policies:
            for version in policy.versions:
                doc = self.docs.get((policy.slug, version.effective))
                if doc is not None:
                    blocks = ((block.inner, block.line) for block in doc.blocks)
                    problems += links.unknown_policies(blocks, version.path, slugs)
        return tuple(problems)

    def render(self, spec: PageSpec) -> bytes:
        """The bytes of one planned page, by its kind (`pages.KINDS`; mypy checks every kind has its case)."""
        url = self.plan.url(spec)
        match spec:
            case IndexPage():
                return self.index_page(spec, url)
            case PolicyPage():
                return self.policy_page(spec, url)
            case VersionPage():
                return self.version_page(spec, url)
            case HistoryPage():
                return self.history_page(spec, url)
            case RedlinePage():
                return self.redline_page(spec, url)
            case FeedPage():
                return self.feed_page(spec, url)
            case VersionsJson():
                return self.versions_json(spec, url)
            case RawText():
                return self.raw_text(spec, url)
            case SiteFile():
                return self.site_file(spec, url)
            case VersionPdf() | RedlinePdf():
                raise AssertionError(f"{url} is printed from its page (Kind.printed_from)")
            case _:
                assert_never(spec)

    def index_page(self, spec: IndexPage, url: str) -> bytes:
        """The list of policies."""
        today = self.site.today
        entries = []
        for policy in self.site.in_language(spec.language):
            current = policy.in_force(today)
            described = (current or policy.latest()).description
            entries.append(Entry(policy, current, policy.upcoming(today), described))
        return self._page("index.html", url, spec=spec, entries=entries)

    def policy_page(self, spec: PolicyPage, url: str) -> bytes:
        """The version in force, or a notice that none is in force yet."""
        policy = self.site.policy(spec.slug)
        current = policy.in_force(self.site.today)
        if current is None:
            return self._page(
                "no_version.html", url, spec=spec, policy=policy, upcoming=policy.upcoming(self.site.today)
            )
        return self._version(policy, current, url, spec, is_current_page=True)

    def version_page(self, spec: VersionPage, url: str) -> bytes:
        """One version at its permanent address."""
        policy = self.site.policy(spec.slug)
        if self.unknown_policy_links:  # asked on the page every version has
            raise PpgenError(*self.unknown_policy_links)
        return self._version(policy, self._find(policy, spec.effective), url, spec, is_current_page=False)

    def history_page(self, spec: HistoryPage, url: str) -> bytes:
        """Every version of a policy."""
        return self._history(self.site.policy(spec.slug), url, spec)

    def redline_page(self, spec: RedlinePage, url: str) -> bytes:
        """What changed from one version to a later one."""
        return self._redline(self.site.policy(spec.slug), spec.old, spec.new, url, spec)

    def feed_page(self, spec: FeedPage, url: str) -> bytes:
        """An Atom feed."""
        return records.feed(self.plan, self.settings, self.theme, spec.slug, spec.language)

    def versions_json(self, spec: VersionsJson, url: str) -> bytes:
        """The machine-readable versions of a policy."""
        return records.versions_json(self.plan, self.settings, self.site.policy(spec.slug))

    def raw_text(self, spec: RawText, url: str) -> bytes:
        """The exact source of a version."""
        return texts.source(self._find(self.site.policy(spec.slug), spec.effective))

    def site_file(self, spec: SiteFile, url: str) -> bytes:
        """404.html, robots.txt or sitemap.xml."""
        if spec.name == Urls.not_found_in(spec.language):  # served at any address: links from the base path
            return self._page(
                "404.html", url, link=None if self.urls.for_disk else self.urls.rooted, spec=spec
            )
        if spec.name == Urls.robots:
            sitemap = f"Sitemap: {self.urls.absolute(Urls.sitemap)}\n" if self.plan.feeds else ""
            return f"User-agent: *\nAllow: /\n{sitemap}".encode()
        if spec.name == Urls.sitemap:
            return records.sitemap(self.plan)
        raise AssertionError(spec)

    @staticmethod
    def _find(policy: Policy, effective: date) -> Version:
        return next(v for v in policy.versions if v.effective == effective)

    def _page(
        self,
        template: str,
        url: str,
        link: Callable[[str], str] | None = None,
        *,
        spec: PageSpec | None = None,
        **context: Any,
    ) -> bytes:
        def relative(to: str) -> str:
            return self.urls.relative(url, to)

        make_link = link or relative
        base = self.settings.base_url
        language = languages.language_of(self.site, spec) if spec is not None else None
        lang = language or self.settings.language
        text = self.theme.render(
            template,
            site=self.settings.in_language(language),
            policies=self.site.in_language(language),
            nav=self.nav[language],
            today=self.site.today,
            urls=self.urls,
            link=make_link,
            asset=lambda name: make_link(self.urls.static(self.assets[name])),
            canonical=self.urls.absolute(url) if base and template != "404.html" else None,
            site_feed=make_link(self.urls.feed(None, language)) if self.plan.feeds else None,
            policy_feed=make_link(self.urls.feed(context["policy"].slug))
            if self.plan.feeds and "policy" in context
            else None,
            lang=lang,
            dir=i18n.direction(lang),
            page_locale=self.settings.locale_of(language),
            home=self.urls.index(language),
            alternates=languages.alternates(self.plan, spec) if spec is not None else (),
            **context,
        )
        if links.MARK in text:  # the policy's text, with links to the site written for no page in particular
            slug = context["policy"].slug
            text = links.fill(text, lambda link: make_link(self.urls.site_link(link, slug)))
        return text.encode("utf-8")

    def diff_url(self, slug: str, old: Version, new: Version) -> str | None:
        """The address of a pre-rendered redline, or None when the pair is not pre-rendered."""
        return self.plan.redline(slug, old.effective, new.effective)

    def rows(self, policy: Policy) -> tuple[Row, ...]:
        """One Row per version of the policy, newest first (the history table and the version list of every
        policy page), worked out once for the policy whose pages are being made (every page of a policy shows
        them all; a worker makes one policy's pages after another, and keeps no other's)."""
        kept = self._kept_rows
        if policy.slug not in kept:
            kept.clear()
            kept[policy.slug] = self._rows_of(policy)
        return kept[policy.slug]

    def _former_ids(self, policy: Policy, version: Version) -> FormerIds:
        """The ids the version's sections had in the policy's earlier versions (`formerids`), worked out once
        for the policy whose pages are being made, as `rows`."""
        kept = self._kept_former
        if policy.slug not in kept:
            kept.clear()
            docs = [self.docs[(policy.slug, v.effective)] for v in policy.versions]
            days = (v.effective for v in policy.versions)
            kept[policy.slug] = dict(zip(days, former_ids(docs), strict=True))
        return kept[policy.slug][version.effective]

    def _rows_of(self, policy: Policy) -> tuple[Row, ...]:
        versions = policy.versions
        rows = []
        for index in reversed(range(len(versions))):
            version = versions[index]
            previous = versions[index - 1] if index else None
            following = versions[index + 1] if index + 1 < len(versions) else None
            diff = self.diff_url(policy.slug, previous, version) if previous else None
            last_day = following.effective - timedelta(days=1) if following else None
            rows.append(Row(version, status(policy, version, self.site.today), diff, last_day))
        return tuple(rows)

    def _published(self, slug: str) -> Callable[[Version, Version], str | None]:
        """For templates: published_diff(old, new) is the address of that pre-rendered redline, or none."""
        return lambda old, new: self.diff_url(slug, old, new)

    def _body(self, doc: Document, spec: PageSpec, former: FormerIds) -> str:
        """The text of a version page: the document's blocks, each heading wrapped by the theme's
        `permalink.html` with a link to itself, the id GitHub gives it (`headings.aliases`) and the ids its
        section had before (`former`), in the page's language (each heading once: see `_headings`).
        Only the page gets these links: the redline, the raw text and `Document.html` never see them."""
        if not doc.headings:
            return doc.html
        lang, locale = self._language(spec)
        aliases = document_aliases(doc)
        out = Assembler()
        for block in doc.blocks:
            whole = block.open + block.inner + block.close
            if block.kind == "heading" and block.section:
                heading = whole.rstrip("\n")
                alias = aliases.get(block.section, "")
                earlier = former.get(block.section, ())
                key = (heading, block.section, block.text, lang, locale, alias, *earlier)
                if key not in self._headings:
                    self._headings[key] = self.theme.render(
                        "permalink.html",
                        heading=html(heading),
                        id=block.section,
                        text=block.text,
                        alias=alias,
                        former=earlier,
                        lang=lang,
                        page_locale=locale,
                    )
                whole = self._headings[key].strip() + "\n"
            out.add(block.containers, whole)
        return out.html()

    def _pdf_link(self, address: str) -> str | None:
        """The address of a page's PDF when the site makes PDFs (`pdf = true`), else None."""
        return address if self.settings.pdf else None

    def _version(
        self, policy: Policy, version: Version, url: str, spec: PageSpec, *, is_current_page: bool
    ) -> bytes:
        today = self.site.today
        doc = self.docs[(policy.slug, version.effective)]
        contents, below = listed(doc.headings)
        previous, following = policy.previous(version), policy.next(version)
        return self._page(
            "policy.html",
            url,
            spec=spec,
            governing=languages.governing(self.site, policy, version, self.plan),
            policy=policy,
            version=version,
            current=policy.in_force(today),
            upcoming=policy.upcoming(today),
            status=status(policy, version, today),
            until=following.effective if following else None,
            previous=previous,
            following=following,
            previous_diff=self.diff_url(policy.slug, previous, version) if previous else None,
            body=html(self._body(doc, spec, self._former_ids(policy, version))),
            headings=doc.headings,
            contents=contents.headings,
            contents_labelled=contents.labelled,
            contents_below=below,
            pdf=self._pdf_link(self.urls.pdf(policy.slug, version.effective)),
            is_current_page=is_current_page,
            rows=self.rows(policy),
            row=next(row for row in self.rows(policy) if row.version is version),
            last_day=following.effective - timedelta(days=1) if following else None,
            published_diff=self._published(policy.slug),
            timezone=self.settings.timezone,
            span=self._span(spec),
        )

    def _span(self, spec: PageSpec) -> Callable[[Row], str]:
        """span(row) of version_words.html in the page's language: a row's words are the same on every page
        (kept by the whole row: a theme's own macro may show any of its fields)."""
        return self.theme.once("version_words.html", "span", *self._language(spec))

    def _language(self, spec: PageSpec) -> tuple[str, str]:
        """The language and locale of a page."""
        language = languages.language_of(self.site, spec)
        return language or self.settings.language, self.settings.locale_of(language)

    def _history(self, policy: Policy, url: str, spec: PageSpec) -> bytes:
        pairs = [
            (self._find(policy, old), self._find(policy, new), self.urls.diff(slug, old, new))
            for slug, old, new in self.plan.pairs_of(policy.slug)
        ]
        texts = [self.docs[(policy.slug, v.effective)].text for v in policy.versions]
        return self._page(
            "history.html",
            url,
            spec=spec,
            policy=policy,
            rows=self.rows(policy),
            pairs=pairs,
            timezone=self.settings.timezone,
            changes=timeline(policy.versions, texts),
            timeline_height=TIMELINE_HEIGHT,
        )

    def _redline(self, policy: Policy, old: date, new: date, url: str, spec: PageSpec) -> bytes:
        older, newer = self._find(policy, old), self._find(policy, new)
        between = tuple(v for v in policy.versions if old < v.effective <= new)
        words, kind_name = self.theme.wording(*self._language(spec))
        return self._page(
            "redline.html",
            url,
            spec=spec,
            policy=policy,
            old=older,
            new=newer,
            between=between,
            redline=self.redlines[(policy.slug, old, new)],
            pdf=self._pdf_link(self.urls.diff_pdf(policy.slug, old, new)),
            redline_words=words,
            kind_name=kind_name,
        )
