"""A page in the site's other languages, and which text governs.

The controlling language (the first of `languages`) is at today's addresses; a translation is a policy whose
slug is `<language>/<name>`, so its pages have the same structure under `/<language>/`. For a planned page
this module gives the same page in every other language, or the nearest one that exists (the language
switcher's links; the exact ones are the `hreflang` alternates), and for a translated version, the text that
governs and whether the translation lags behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ppgen.core.errors import Problem
from ppgen.core.model import Policy, Site, Version
from ppgen.site.pages import HistoryPage, IndexPage, PageSpec, PolicyPage, RedlinePage, SiteFile, VersionPage
from ppgen.site.plan import SitePlan


@dataclass(frozen=True)
class Alternate:
    """A page in one language of the site: the language switcher's link."""

    language: str
    """Its language tag (`hreflang`)."""
    url: str
    """Its site-relative address."""
    exact: bool
    """The same page in that language (an `hreflang` alternate); False: the nearest page that exists."""
    current: bool
    """The page itself (the switcher marks it, and links nowhere)."""


@dataclass(frozen=True)
class Governing:
    """For a translated version: the controlling language's text that governs, and whether this one lags."""

    language: str
    """The controlling language's tag."""
    version: Version | None
    """The controlling language's version in force (None: none is in force yet)."""
    url: str
    """The address of the controlling language's text: its version in force, else the policy's page."""
    lags: bool
    """The translation shown is the one in force, and older than the controlling version in force."""
    translated: date
    """The effective date of the controlling version this translation is of (its own effective date)."""


def language_of(site: Site, spec: PageSpec) -> str | None:
    """The language of a page (None: the controlling one)."""
    if isinstance(spec, IndexPage | SiteFile):
        return spec.language
    slug = getattr(spec, "slug", None)
    return site.policy(slug).language if slug else None


def _in(site_plan: SitePlan, spec: PageSpec, language: str | None) -> tuple[PageSpec, bool]:
    """`spec` in `language`, or the nearest page that exists there: (page, exact)."""
    site = site_plan.site
    index = IndexPage(language)
    if isinstance(spec, IndexPage):
        return index, True
    slug = getattr(spec, "slug", None)
    other = site.translation(site.policy(slug), language) if slug else None
    if other is None:
        return index, False
    days = {v.effective for v in other.versions}
    match spec:
        case PolicyPage():
            return PolicyPage(other.slug), True
        case HistoryPage():
            return HistoryPage(other.slug), True
        case VersionPage(effective=day) if day in days:
            return VersionPage(other.slug, day), True
        case RedlinePage(old=old, new=new) if site_plan.redline(other.slug, old, new) is not None:
            return RedlinePage(other.slug, old, new), True
        case RedlinePage() | VersionPage():
            return PolicyPage(other.slug), False
    return index, False


def alternates(site_plan: SitePlan, spec: PageSpec) -> tuple[Alternate, ...]:
    """The page in every language of the site, in the order of `languages` (empty for one language): only
    HTML pages of a policy or the index have them."""
    site = site_plan.site
    if not site.languages or not isinstance(
        spec, IndexPage | PolicyPage | VersionPage | HistoryPage | RedlinePage
    ):
        return ()
    here = language_of(site, spec)
    found = []
    for tag in site.languages:
        language = None if tag == site.languages[0] else tag
        page, exact = _in(site_plan, spec, language)
        found.append(Alternate(tag, site_plan.url(page), exact, language == here))
    return tuple(found)


def governing(site: Site, policy: Policy, version: Version, site_plan: SitePlan) -> Governing | None:
    """Which text governs a translated version (None for the controlling language's own text)."""
    if policy.language is None:
        return None
    controlling = site.translation(policy, None)
    assert controlling is not None, "a translation is loaded only beside the text it translates"
    current = controlling.in_force(site.today)
    url = site_plan.urls.policy(controlling.slug)
    mine = policy.in_force(site.today)
    lags = current is not None and version is mine and version.effective < current.effective
    return Governing(site.languages[0], current, url, lags, version.effective)


def lagging(site: Site, policy: Policy) -> tuple[Version, Version] | None:
    """(the translation's newest version, the controlling version in force) when the first is older; None
    when the translation is up to date or `policy` is no translation."""
    controlling = site.translation(policy, None) if policy.language is not None else None
    current = controlling.in_force(site.today) if controlling is not None else None
    newest = policy.latest()
    if current is None or newest.effective >= current.effective:
        return None
    return newest, current


def versions_json(site: Site, policy: Policy, address: Callable[[str], str]) -> dict[str, Any]:
    """The keys versions.json gains on a site in several languages: the policy's language, the controlling
    language and the versions.json of every language (`address` makes a policy slug's), and for a translation
    which controlling version governs and whether the translation lags behind it."""
    controlling = site.translation(policy, None) if policy.language is not None else policy
    assert controlling is not None
    others = {
        tag: site.translation(policy, None if tag == site.languages[0] else tag) for tag in site.languages
    }
    data: dict[str, Any] = {
        "language": policy.language or site.languages[0],
        "controlling_language": site.languages[0],
        "languages": {tag: address(other.slug) for tag, other in others.items() if other is not None},
    }
    if policy.language is not None:
        current = controlling.in_force(site.today)
        behind = lagging(site, policy)
        data["controlling_in_force"] = current.effective.isoformat() if current else None
        data["lags"] = (
            {
                "translation_of": behind[0].effective.isoformat(),
                "controlling_version": behind[1].effective.isoformat(),
            }
            if behind
            else None
        )
    return data


def translation_problems(
    site: Site, headings: Callable[[str, date], int | None]
) -> list[tuple[str, Problem]]:
    """The `ppgen check` rules of a site in several languages, as (rule, problem): a translation that lags
    behind the controlling version in force, a language without any version of a policy, and a translation
    whose number of headings differs from the controlling version of its date (`headings(slug, day)`: the
    number of headings of a parsed version, None when it did not parse)."""
    found: list[tuple[str, Problem]] = []
    if not site.languages:
        return found
    controlling = site.languages[0]
    for policy in site.in_language(None):
        shown = policy.latest()
        for tag in site.languages[1:]:
            if site.translation(policy, tag) is None:
                message = f"no {tag} translation of this policy, though `languages` lists {tag}"
                hint = f"translate it beside the original as {shown.effective.isoformat()}.{tag}.md"
                found.append(
                    ("translation-missing", Problem(message, shown.path, 1, hint, code="translation-missing"))
                )
    for policy in site.policies:
        if policy.language is None:
            continue
        original = site.translation(policy, None)
        behind = lagging(site, policy)
        if behind is not None:
            newest, current = behind
            message = (
                f"this {policy.language} translation is of the version of {newest.effective.isoformat()}; "
                f"the {controlling} version in force took effect on {current.effective.isoformat()}"
            )
            hint = f"translate the version in force as {current.effective.isoformat()}.{policy.language}.md beside it"
            line = newest.line_of("effective") or 1
            found.append(
                ("translation-lags", Problem(message, newest.path, line, hint, code="translation-lags"))
            )
        for version in policy.versions:
            source = (
                next((v for v in original.versions if v.effective == version.effective), None)
                if original
                else None
            )
            mine = headings(policy.slug, version.effective)
            theirs = headings(original.slug, version.effective) if original and source else None
            if source is not None and mine is not None and theirs is not None and mine != theirs:
                message = (
                    f"{mine} headings, and the {controlling} version of {version.effective.isoformat()} has {theirs}: "
                    "a section may be missing or split"
                )
                hint = f"give the translation the sections of {source.path}"
                found.append(
                    (
                        "translation-headings",
                        Problem(message, version.path, version.body_line, hint, code="translation-headings"),
                    )
                )
    return found
