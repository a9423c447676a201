"""Every address of the site is made here, and the plan of which pages a site has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any, Literal
from urllib.parse import urlsplit

from ppgen.core.model import Policy, Site, Version
from ppgen.source.links import SiteLink, join

STATIC = "_static"
"""Folder of theme assets; the underscore keeps it apart from policy slugs."""
HEADERS = "_headers"
"""Response headers for Netlify and Cloudflare Pages."""
REDIRECTS = "_redirects"
"""Redirects (the aliases) for Netlify and Cloudflare Pages."""
MANIFEST = "ppgen-manifest.json"
"""Every published file with its sha256 and size."""


def base_path(base_url: str | None) -> str:
    """The path of base_url (`/legal/` for `https://example.com/legal/`), `/` without one: where the
    site's rooted links start, and where the preview serves it."""
    return urlsplit(base_url).path or "/" if base_url else "/"


def _relative(from_url: str, to_url: str) -> str:
    # Called for every link of every page: segments compared directly, not through posixpath.relpath.
    here = from_url.split("/")[:-1]  # the folders the page is in
    target, _, fragment = to_url.partition("#")
    *folders, name = target.split("/")
    common = 0
    while common < len(here) and common < len(folders) and here[common] == folders[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + folders[common:] + [name])
    if not name and not rel:  # the folder the page is in
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


@dataclass(frozen=True)
class Urls:
    """Site-relative addresses ('' is the index; pages end in '/' or '.html', never start with '/')."""

    pretty: bool = True
    """Pages as `dir/` (served from `dir/index.html`) rather than `dir.html`."""
    base_url: str | None = None
    """The absolute address of the site root, ending in '/'."""
    for_disk: bool = False
    """Links name files, not folders (`privacy/index.html`), so the site opens from the file system."""

    @property
    def base_path(self) -> str:
        """The path of base_url, `/` without one (see `base_path`)."""
        return base_path(self.base_url)

    def _page(self, path: str) -> str:
        return f"{path}/" if self.pretty else f"{path}.html"

    def index(self, language: str | None = None) -> str:
        """The list of policies (of a translation: `de/`)."""
        folder = f"{language}/" if language else ""
        return folder if self.pretty else f"{folder}index.html"

    def policy(self, slug: str) -> str:
        """The policy in force."""
        return self._page(slug)

    def version(self, slug: str, effective: date) -> str:
        """One version, by its effective date."""
        return self._page(f"{slug}/{effective.isoformat()}")

    def history(self, slug: str) -> str:
        """The list of a policy's versions."""
        return self._page(f"{slug}/history")

    def diff(self, slug: str, old: date, new: date) -> str:
        """The redline from `old` to `new`."""
        return self._page(f"{slug}/diff/{old.isoformat()}...{new.isoformat()}")

    def feed(self, slug: str | None = None, language: str | None = None) -> str:
        """The Atom feed of one policy, or of the whole site (in one language: `de/feed.xml`)."""
        return f"{slug}/feed.xml" if slug else f"{language}/feed.xml" if language else "feed.xml"

    def versions_json(self, slug: str) -> str:
        """Machine-readable list of a policy's versions."""
        return f"{slug}/versions.json"

    def raw(self, slug: str, effective: date) -> str:
        """The exact source text of a version."""
        return f"{slug}/{effective.isoformat()}.md"

    def pdf(self, slug: str, effective: date) -> str:
        """A version as a PDF (with `pdf = true`), beside its raw text."""
        return f"{slug}/{effective.isoformat()}.pdf"

    def diff_pdf(self, slug: str, old: date, new: date) -> str:
        """A redline as a PDF (with `pdf = true`), beside its page's folder."""
        return f"{slug}/diff/{old.isoformat()}...{new.isoformat()}.pdf"

    def static(self, name: str) -> str:
        """A theme asset."""
        return f"{STATIC}/{name}"

    sitemap = "sitemap.xml"
    not_found = "404.html"

    @classmethod
    def not_found_in(cls, language: str | None) -> str:
        """The page served for an unknown address (under a translation's folder: `de/404.html`)."""
        return f"{language}/{cls.not_found}" if language else cls.not_found

    robots = "robots.txt"

    def file(self, url: str) -> str:
        """The output file (relative to the site root) that serves `url`."""
        if url == "" or url.endswith("/"):
            return url + "index.html"
        return url

    def alias_file(self, address: str) -> str:
        """The output file of the redirect page at `address`, a site path that passed `address_problem`."""
        name = address.strip("/")
        return name if name.endswith(".html") else self.file(name + "/" if name else "")

    def relative(self, from_url: str, to_url: str) -> str:
        """A link from the page at `from_url` to `to_url` that works under any base path (and, for disk,
        from the file system: a folder as its index.html, which no browser opens by itself from file://)."""
        if self.for_disk:
            path, mark, fragment = to_url.partition("#")
            path, query, rest = path.partition("?")
            if path == "" or path.endswith("/"):
                to_url = f"{path}index.html{query}{rest}{mark}{fragment}"
        return _relative(from_url, to_url)

    def rooted(self, url: str) -> str:
        """A link that works from any address (for the 404 page): the base path plus `url`.

        For disk, a link relative to the site root: the 404 page is opened only there."""
        if self.for_disk:
            return self.relative("", url)
        return self.base_path + url

    def site_link(self, link: SiteLink, policy: str) -> str:
        """The site-relative address a link of `policy`'s text leads to: `policy:slug` to that policy in
        force, a relative link from `policy`'s own page (where it was written for)."""
        if link.kind == "policy":
            slug, mark, rest = link.href.partition("#")
            slug, query, after = slug.partition("?")
            return self.policy(slug) + query + after + mark + rest
        return join(self.policy(policy), link.href)

    def absolute(self, url: str) -> str:
        """The full address of `url` (base_url required)."""
        assert self.base_url is not None, "absolute addresses need base_url"
        return self.base_url + url


SETTING_FREE = Urls()
"""Addresses no setting changes (raw texts, versions.json), for reading a site already built."""


@dataclass(frozen=True)
class IndexPage:
    """The list of policies (of one language: None for the controlling one)."""

    language: str | None = None


@dataclass(frozen=True)
class PolicyPage:
    """The policy in force (or a notice that none is in force yet)."""

    slug: str


@dataclass(frozen=True)
class VersionPage:
    """One version at its permanent address."""

    slug: str
    effective: date


@dataclass(frozen=True)
class HistoryPage:
    """Every version of a policy, with a compare form."""

    slug: str


@dataclass(frozen=True)
class RedlinePage:
    """What changed from one version to a later one."""

    slug: str
    old: date
    new: date


@dataclass(frozen=True)
class FeedPage:
    """An Atom feed: one policy's, or the whole site's (slug None) in one language (None: the controlling one)."""

    slug: str | None
    language: str | None = None


@dataclass(frozen=True)
class VersionsJson:
    """Machine-readable versions of a policy."""

    slug: str


@dataclass(frozen=True)
class RawText:
    """The exact source of a version."""

    slug: str
    effective: date


@dataclass(frozen=True)
class SiteFile:
    """sitemap.xml, robots.txt or 404.html (one in each language: `de/404.html`)."""

    name: str
    language: str | None = None
    """The language of a page in one (None: the controlling one, or none)."""


@dataclass(frozen=True)
class VersionPdf:
    """A version's page printed as a PDF (`pdf = true`)."""

    slug: str
    effective: date


@dataclass(frozen=True)
class RedlinePdf:
    """A redline's page printed as a PDF (`pdf = true`)."""

    slug: str
    old: date
    new: date


PageSpec = (
    IndexPage
    | PolicyPage
    | VersionPage
    | HistoryPage
    | RedlinePage
    | FeedPage
    | VersionsJson
    | RawText
    | SiteFile
    | VersionPdf
    | RedlinePdf
)


def diff_pairs(policy: Policy, today: date, kinds: tuple[str, ...]) -> list[tuple[Version, Version]]:
    """The (older, newer) pairs whose redlines are pre-rendered, by the `diff_pairs` setting."""
    versions, current = policy.versions, _current(policy, today)
    pairs = combinations(range(len(versions)), 2)
    return [(versions[i], versions[j]) for i, j in pairs if _published(kinds, i, j, current)]


def is_diff_pair(policy: Policy, today: date, kinds: tuple[str, ...], old: date, new: date) -> bool:
    """Whether the redline of `policy` from its version effective `old` to the one effective `new` is
    pre-rendered (one of `diff_pairs`), worked out without listing the pairs."""
    days = [version.effective for version in policy.versions]
    if old not in days or new not in days:
        return False
    i, j = days.index(old), days.index(new)
    return i < j and _published(kinds, i, j, _current(policy, today))


def _current(policy: Policy, today: date) -> int | None:
    """The index of the version in force on `today` (`Policy.in_force`), None before the first takes effect."""
    current = policy.in_force(today)
    return None if current is None else policy.versions.index(current)


def _published(kinds: tuple[str, ...], i: int, j: int, current: int | None) -> bool:
    """The `diff_pairs` rule: whether the redline from a policy's i-th version to its j-th (i < j) is pre-rendered."""
    return (
        "all" in kinds
        or ("adjacent" in kinds and j == i + 1)
        or ("to-current" in kinds and current in (i, j))
    )


def plan(
    site: Site, diff_kinds: tuple[str, ...], with_feeds: bool, with_pdfs: bool = False
) -> list[PageSpec]:
    """Every page of the site, in a fixed order (a PDF after the page it is printed from)."""
    pages: list[PageSpec] = [IndexPage()]
    for policy in site.policies:
        pages += plan_policy(policy, site.today, diff_kinds, with_feeds, with_pdfs)
    return pages + plan_site(site, with_feeds)[1:]


def plan_policy(
    policy: Policy, today: date, diff_kinds: tuple[str, ...], with_feeds: bool, with_pdfs: bool = False
) -> list[PageSpec]:
    """The pages of one policy, in `plan`'s order."""
    pages: list[PageSpec] = [PolicyPage(policy.slug), HistoryPage(policy.slug), VersionsJson(policy.slug)]
    for version in policy.versions:
        pages += [VersionPage(policy.slug, version.effective), RawText(policy.slug, version.effective)]
    pairs = diff_pairs(policy, today, diff_kinds)
    pages += [RedlinePage(policy.slug, old.effective, new.effective) for old, new in pairs]
    if with_pdfs:
        pages += [VersionPdf(policy.slug, version.effective) for version in policy.versions]
        pages += [RedlinePdf(policy.slug, old.effective, new.effective) for old, new in pairs]
    if with_feeds:
        pages.append(FeedPage(policy.slug))
    return pages


def plan_site(site: Site, with_feeds: bool) -> list[PageSpec]:
    """The pages of no policy, in `plan`'s order (the index first, the others after every policy's)."""
    pages: list[PageSpec] = [IndexPage(), SiteFile(Urls.not_found), SiteFile(Urls.robots)]
    if with_feeds:
        pages += [FeedPage(None), SiteFile(Urls.sitemap)]
    for language in site.languages[1:]:  # each translation's own list of policies and feed
        pages += [IndexPage(language), SiteFile(Urls.not_found_in(language), language)]
        pages += [FeedPage(None, language)] if with_feeds else []
    return pages


Input = Literal[
    "look", "nav", "policy", "site", "texts-so-far", "texts-compared", "texts", "sources", "source"
]
"""What a page's bytes may depend on, by name (`incremental.INPUTS` reads each):

look: the theme, the settings and the day (every page); nav: the policies and their titles (the navigation of
every HTML page), and on a site in several languages which versions each language has (every page links its
counterparts; versions.json lists every language's); policy: every field but the text of the page's policy's
versions (of every policy's, for a page of no policy); site: that of every policy; texts-so-far: the texts
of the page's own version and of those before it (its headings answer the ids their sections had there:
`formerids`); texts-compared: of the two versions a redline compares; texts: of every version of the
policy; sources: the exact source bytes of every version of the policy; source: of the page's own version."""


@dataclass(frozen=True)
class Kind:
    """One kind of page, side by side: its address, the policy it belongs to, what it depends on and how
    it renders. Adding a kind of page adds a spec above, a row to KINDS, a case to `render.Renderer.render`,
    a template and a test."""

    name: str
    address: Callable[[Any, Urls], str]
    """The address a page of this kind is served at, from its spec."""
    inputs: tuple[Input, ...]
    """What its bytes depend on (the preview renders it again when one of them changed)."""
    slow: bool = False
    """The preview serves the other pages first and renders these after (the redlines)."""
    printed_from: Callable[[Any], PageSpec] | None = None
    """For a PDF: the page it is printed from (by `pdf.make`, from that page's bytes, after it is rendered),
    not rendered by `render.Renderer`. The preview plans none (`serve` turns `pdf` off: a second or so
    each, at every save)."""

    @staticmethod
    def policy(spec: PageSpec) -> str | None:
        """The slug of the policy a page belongs to, None for a page of the site as a whole."""
        return None if isinstance(spec, IndexPage | SiteFile) else spec.slug


_HTML: tuple[Input, ...] = ("look", "nav")
KINDS: dict[type, Kind] = {
    IndexPage: Kind("index", lambda s, urls: urls.index(s.language), (*_HTML, "site")),
    PolicyPage: Kind("policy", lambda s, urls: urls.policy(s.slug), (*_HTML, "policy", "texts")),
    VersionPage: Kind(
        "version", lambda s, urls: urls.version(s.slug, s.effective), (*_HTML, "policy", "texts-so-far")
    ),
    HistoryPage: Kind("history", lambda s, urls: urls.history(s.slug), (*_HTML, "policy", "texts")),
    RedlinePage: Kind(
        "redline",
        lambda s, urls: urls.diff(s.slug, s.old, s.new),
        (*_HTML, "policy", "texts-compared"),
        slow=True,
    ),
    FeedPage: Kind("feed", lambda s, urls: urls.feed(s.slug, s.language), (*_HTML, "policy")),
    VersionsJson: Kind(
        "versions.json", lambda s, urls: urls.versions_json(s.slug), ("look", "nav", "policy", "sources")
    ),
    RawText: Kind("raw text", lambda s, urls: urls.raw(s.slug, s.effective), ("source",)),
    SiteFile: Kind("site file", lambda s, _: s.name, (*_HTML, "site")),
    VersionPdf: Kind(
        "version pdf",
        lambda s, urls: urls.pdf(s.slug, s.effective),
        (*_HTML, "policy", "texts-so-far"),
        slow=True,
        printed_from=lambda s: VersionPage(s.slug, s.effective),
    ),
    RedlinePdf: Kind(
        "redline pdf",
        lambda s, urls: urls.diff_pdf(s.slug, s.old, s.new),
        (*_HTML, "policy", "texts-compared"),
        slow=True,
        printed_from=lambda s: RedlinePage(s.slug, s.old, s.new),
    ),
}
"""Every kind of page the plan holds, by its spec's type. The theme's static files and the files for hosts
(aliases, _headers, _redirects, the manifest) are made from the written pages, in `build.site_files`."""


def kind_of(spec: PageSpec) -> Kind:
    """The kind of a planned page."""
    return KINDS[type(spec)]


def url_of(spec: PageSpec, urls: Urls) -> str:
    """The address a planned page is served at."""
    return kind_of(spec).address(spec, urls)
