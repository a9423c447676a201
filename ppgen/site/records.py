"""The site's files for machines: each version's status, a policy's versions.json (its entries in a hash
chain), the Atom feeds and the sitemap. Pure: reads nothing, writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from ppgen.core.model import Policy, Version
from ppgen.site import feeds, languages
from ppgen.site.chain import entry_sha256
from ppgen.site.pages import HistoryPage, IndexPage, PageSpec, PolicyPage, VersionPage
from ppgen.site.plan import SitePlan
from ppgen.site.templates import Theme
from ppgen.source.config import Settings

FEED_WORDS = "feed.txt"
"""The theme template whose macros hold the feeds' words."""


def status(policy: Policy, version: Version, today: date) -> str:
    """ "in force", "archived" or "upcoming" for a version on `today`."""
    if version.effective > today:
        return "upcoming"
    return "in force" if policy.in_force(today) is version else "archived"


def _words(settings: Settings, theme: Theme, macro: str, language: str | None, **arguments: Any) -> str:
    """A line of the feeds' words (`feed.txt`) in `language` (None: the controlling one)."""
    lang, locale = language or settings.language, settings.locale_of(language)
    return theme.words(FEED_WORDS, macro, lang=lang, page_locale=locale, **arguments)


def _feed_entry(plan: SitePlan, settings: Settings, theme: Theme, policy: Policy, index: int) -> feeds.Entry:
    """The feed entry of a policy's `index`-th version."""
    site, urls = plan.site, plan.urls
    base = settings.base_url
    assert base is not None
    version = policy.versions[index]
    previous = policy.versions[index - 1] if index else None
    diff = plan.redline(policy.slug, previous.effective, version.effective) if previous else None
    upcoming = version.effective > site.today
    return feeds.Entry(
        id=feeds.tag_uri(base, version.effective, urls.version(policy.slug, version.effective)),
        title=_words(settings, theme, "entry_title", policy.language, version=version, upcoming=upcoming),
        updated=version.last_updated,
        summary=_words(
            settings, theme, "entry_summary", policy.language, version=version, first=previous is None
        ),
        link=urls.absolute(urls.version(policy.slug, version.effective)),
        related=urls.absolute(diff) if diff else None,
    )


def _feed_entries(
    plan: SitePlan, settings: Settings, theme: Theme, policies: list[Policy]
) -> tuple[date | None, Iterator[feeds.Entry]]:
    """The newest entry's date, and the entries of these policies' versions, newest first (by date, then by
    id, descending): made a day at a time as they are read, since the site's feed has every version."""
    order = sorted(
        (
            (version.last_updated, p, i)
            for p, policy in enumerate(policies)
            for i, version in enumerate(policy.versions)
        ),
        key=itemgetter(0),
        reverse=True,
    )

    def entries() -> Iterator[feeds.Entry]:
        for _, day in groupby(order, key=itemgetter(0)):
            made = [_feed_entry(plan, settings, theme, policies[p], i) for _, p, i in day]
            yield from sorted(made, key=attrgetter("id"), reverse=True)

    return (order[0][0] if order else None), entries()


def feed(plan: SitePlan, settings: Settings, theme: Theme, slug: str | None, language: str | None) -> bytes:
    """An Atom feed: `feed_parts` joined."""
    return b"".join(feed_parts(plan, settings, theme, slug, language))


def feed_parts(
    plan: SitePlan, settings: Settings, theme: Theme, slug: str | None, language: str | None
) -> Iterator[bytes]:
    """An Atom feed, in parts: of one policy, or of every policy of a language (slug None)."""
    site, urls = plan.site, plan.urls
    policies = [site.policy(slug)] if slug else list(site.in_language(language))
    language = policies[0].language if slug else language
    newest, entries = _feed_entries(plan, settings, theme, policies)
    if slug:
        title = _words(settings, theme, "feed_title", language, policy=policies[0], today=site.today)
    else:
        title = _words(settings, theme, "site_feed_title", language, site=settings.in_language(language))
    self_url = urls.absolute(urls.feed(slug, language))
    return feeds.atom_parts(
        feed_id=self_url,
        title=title,
        self_url=self_url,
        site_url=urls.absolute(urls.history(slug) if slug else urls.index(language)),
        author=settings.in_language(language).publisher,
        language=language or settings.language,
        entries=entries,
        newest=newest,
        zone=settings.zone,
        related_title=_words(settings, theme, "related_title", language),
    )


def versions_json(plan: SitePlan, settings: Settings, policy: Policy) -> bytes:
    """The machine-readable versions of a policy, each entry chained to the one before by its sha256."""
    site, urls = plan.site, plan.urls
    today = site.today
    absolute = urls.absolute if settings.base_url else (lambda u: u)
    versions = []
    previous_entry: str | None = None  # the hash chain: each entry records the sha256 of the one before
    for version in policy.versions:
        following = policy.next(version)
        previous = policy.previous(version)
        diff = plan.redline(policy.slug, previous.effective, version.effective) if previous else None
        entry = {
            "effective": version.effective.isoformat(),
            "in_force_until": following.effective.isoformat() if following else None,
            "last_updated": version.last_updated.isoformat(),
            "status": status(policy, version, today),
            "title": version.title,
            "summary": version.summary,
            "sha256": version.text.sha256,
            "commit": version.commit,
            "previous_entry_sha256": previous_entry,
            "url": absolute(urls.version(policy.slug, version.effective)),
            "raw_url": absolute(urls.raw(policy.slug, version.effective)),
            "diff_from_previous_url": absolute(diff) if diff else None,
        }
        if settings.pdf:  # a key of its own only where the site makes PDFs (outside the hash chain)
            entry["pdf_url"] = absolute(urls.pdf(policy.slug, version.effective))
        previous_entry = entry_sha256(entry)
        versions.append(entry)
    current = policy.in_force(today)
    data = {
        "policy": policy.slug,
        "title": policy.title(today),
        "url": absolute(urls.policy(policy.slug)),
        "in_force": current.effective.isoformat() if current else None,
        "versions": versions,
    }
    if site.languages:  # a site in several languages: which text this is, and which governs
        data.update(languages.versions_json(site, policy, lambda slug: absolute(urls.versions_json(slug))))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def sitemap(plan: SitePlan) -> bytes:
    """sitemap.xml: `sitemap_parts` joined."""
    return b"".join(sitemap_parts(plan))


def sitemap_parts(plan: SitePlan) -> Iterator[bytes]:
    """sitemap.xml, in parts: every policy, version and index page, with their other languages' addresses (made one
    address at a time as it is written: the sitemap has one for every version of the site)."""
    site, urls = plan.site, plan.urls

    def pages() -> Iterator[tuple[str, date | None, PageSpec]]:
        yield urls.absolute(urls.index()), None, IndexPage()
        for policy in site.policies:
            current = policy.in_force(site.today)
            yield (
                urls.absolute(urls.policy(policy.slug)),
                current.last_updated if current else None,
                PolicyPage(policy.slug),
            )
            yield urls.absolute(urls.history(policy.slug)), None, HistoryPage(policy.slug)
            for version in policy.versions:
                address = urls.absolute(urls.version(policy.slug, version.effective))
                yield address, version.last_updated, VersionPage(policy.slug, version.effective)
        for language in site.languages[1:]:
            yield urls.absolute(urls.index(language)), None, IndexPage(language)

    def alternates() -> Iterator[tuple[tuple[str, str], ...]]:
        for _, _, spec in pages():
            same = tuple(
                (a.language, urls.absolute(a.url)) for a in languages.alternates(plan, spec) if a.exact
            )
            yield same if len(same) > 1 else ()

    locations = ((address, modified) for address, modified, _ in pages())
    if not site.languages:
        return feeds.sitemap_parts(locations)
    return feeds.sitemap_parts(locations, alternates(), with_alternates=any(alternates()))
