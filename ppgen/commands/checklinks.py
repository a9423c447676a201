"""`ppgen check`'s links rule: links to pages or sections of the site that do not exist, to a policy it does not
have, root-relative links that leave base_url's path, and images that are not on the site."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlsplit

from ppgen.core.document import Document
from ppgen.core.errors import Problem
from ppgen.core.findings import RULES, Finding
from ppgen.core.model import Policy, Site, Version
from ppgen.site.formerids import FormerIds, former_ids
from ppgen.site.pages import Urls
from ppgen.source import headings, links
from ppgen.source.config import Settings

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_BROKEN_HINT = "link to an existing policy, version or section of this site"
_NO_SECTION = "leads to section"
_POLICY_HINT = "write [...](policy:{}), which leads to that policy wherever the site is"
_MARKERS = frozenset({"policy-text", "last-updated", "redline"})
"""Ids the theme gives every version page (DESIGN.md's markers)."""


class SiteLinks:
    """The links rule over one site's texts, its findings added to `findings` (the checker's)."""

    def __init__(
        self,
        settings: Settings,
        site: Site,
        docs: dict[tuple[str, date], Document],
        findings: list[Finding],
    ) -> None:
        self.settings = settings
        self.site = site
        self.slugs = {policy.slug for policy in site.policies}
        self.docs = docs
        """The parsed texts, filled in by the checker before the rule runs."""
        self.findings = findings
        self.page_ids: dict[tuple[str, date], frozenset[str]] = {}
        """`_ids` of each version asked."""
        self.formers: dict[str, list[FormerIds]] = {}
        """Each policy's `former_ids`, once (none when one of its texts failed)."""

    def add(self, rule: str, message: str, path: str | None, line: int | None, hint: str) -> None:
        assert rule in RULES, rule
        self.findings.append(Finding(rule, Problem(message, path, line, hint, code=rule)))

    def __call__(self, urls: Urls, pages: set[str], policy: Policy, version: Version, doc: Document) -> None:
        """The rule over one version's text, shown at `pages` (the site's addresses)."""
        slugs = self.slugs
        blocks = [(block.inner, block.line) for block in doc.blocks]
        unknown = links.unknown_policies(blocks, version.path, slugs)
        self.findings += [Finding.of(p) for p in unknown]  # as `build` reports them
        shown_at = [urls.version(policy.slug, version.effective)]
        if policy.in_force(self.site.today) == version:
            shown_at.append(urls.policy(policy.slug))
        base_path = urls.base_path
        for block in doc.blocks:
            scanned = links.scan(block.inner)
            for src, offset in scanned.srcs:
                self._image(src, shown_at, base_path, version, block.line + offset)
            for href, offset in scanned.hrefs:
                line = block.line + offset
                link = links.read(href)
                if link is not None:  # the same target from every page the text is on
                    if link.kind == "policy" and link.slug not in slugs:
                        continue  # reported above
                    address, _, fragment = urls.site_link(link, policy.slug).partition("#")
                    leads_to = unquote(address.partition("?")[0]) + (f"#{fragment}" if fragment else "")
                    outside = leads_to.startswith("../")  # meant to leave the site
                    problem = None if outside else self._missing(leads_to, pages, urls, shown_at[-1])
                    shown = f"policy:{link.href}" if link.kind == "policy" else link.href
                    if problem:
                        self._broken(shown, problem, version, line)
                    continue
                if href.startswith("/") and not href.startswith("//") and not href.startswith(base_path):
                    named = links.named_policy(href, slugs)
                    hint = (
                        _POLICY_HINT.format(named)
                        if named
                        else self._outside_hint(href, pages, urls, shown_at[-1])
                    )
                    message = f"link `{href}` starts with /, so it leads outside the site's base path"
                    self.add("root-relative-link", f"{message} {base_path}", version.path, line, hint)
                    continue
                for page in shown_at:
                    target = self._resolve(href, page, base_path)
                    problem = None if target is None else self._missing(target, pages, urls, page)
                    if problem:
                        self._broken(href, problem, version, line)
                        break

    def _image(self, src: str, shown_at: list[str], base_path: str, version: Version, line: int) -> None:
        """An image on the site (relative, or at base_url's path) from any of the pages the text is on: a build
        writes pages and the theme's files, under names it makes, nothing else, so the reader sees a broken
        image."""
        if src.startswith("/") and not src.startswith(base_path):
            return  # on the company's own site, outside the policies' folder: check cannot see it
        if any(self._resolve(src, page, base_path) is not None for page in shown_at):
            message = f"image `{src}` is not on the site: a build publishes the policies' pages, no file from content/"
            hint = "give the image's full address (https://…) where the company keeps it, or remove it"
            self.add("broken-image", message, version.path, line, hint)

    def _outside_hint(self, href: str, pages: set[str], urls: Urls, page: str) -> str:
        """What to write for a link starting with / that leaves the site's base path: the link relative to the
        policy's page when that is a page of the site, else the full address on the site's host (`/contact`
        meant the company's own site, which `../contact` would not reach)."""
        relative = f"..{href}"
        target = self._resolve(relative, page, urls.base_path)
        if target is not None and self._missing(target, pages, urls, page) is None:
            return f"write a link relative to the policy's page such as {relative}"
        parts = urlsplit(self.settings.base_url or "")
        return f"write the full address, such as {parts.scheme}://{parts.netloc}{href}"

    def _broken(self, href: str, problem: str, version: Version, line: int) -> None:
        """A link that misses; the hint offers the `policy:` link when its address names a policy of the
        site (not when it misses only a section of a page it finds)."""
        named = None if problem.startswith(_NO_SECTION) else links.named_policy(href, self.slugs)
        hint = _POLICY_HINT.format(named) if named else _BROKEN_HINT
        self.add("broken-link", f"link `{href}` {problem}", version.path, line, hint)

    def _resolve(self, href: str, page: str, base_path: str) -> str | None:
        """The site-relative address a link leads to from `page`, or None when it leaves the site."""
        base = self.settings.base_url
        address, _, fragment = href.partition("#")
        address = address.split("?")[0]
        if base and address.startswith(base):
            path: str | None = address[len(base) :]
        elif address.startswith("//") or _SCHEME.match(address):
            return None
        elif address.startswith("/"):
            path = address[len(base_path) :] if address.startswith(base_path) else None
        elif not address:
            path = page
        else:
            path = links.join(page, address)
        if path is None or path.startswith("../"):  # climbs above the site root
            return None
        # Markdown percent-encodes a link's non-ASCII letters: `#個人情報` arrives as `#%E5%80%8B…`.
        return unquote(path) + (f"#{unquote(fragment)}" if fragment else "")

    def _missing(self, target: str, pages: set[str], urls: Urls, page: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        if path not in pages and path + "/" not in pages:
            return f"leads to {path or 'the index'}, which is not a page of this site" + (
                f" (from {page})" if path else ""
            )
        if not fragment:
            return None
        shown = self._version_at(path if path in pages else path + "/", urls)
        ids = self._ids(*shown) if shown is not None else None
        if ids is None:
            return None
        if fragment not in ids:
            return f"{_NO_SECTION} #{fragment}, which {path or 'that page'} does not have"
        return None

    def _ids(self, policy: Policy, version: Version) -> frozenset[str] | None:
        """The ids a page of a version has (its text's, the markers, GitHub's, those its sections had in earlier
        versions: `formerids`), once per version; None when its text did not parse."""
        key = (policy.slug, version.effective)
        doc = self.docs.get(key)
        if doc is None:
            return None
        if key not in self.page_ids:
            found = links.scan(doc.html).ids | _MARKERS | set(headings.document_aliases(doc).values())
            if policy.slug not in self.formers:
                docs = [self.docs.get((policy.slug, v.effective)) for v in policy.versions]
                known = [each for each in docs if each is not None]
                self.formers[policy.slug] = former_ids(known) if len(known) == len(docs) else []
            if self.formers[policy.slug]:
                formers = self.formers[policy.slug][policy.versions.index(version)]
                found |= {ident for earlier in formers.values() for ident in earlier}
            self.page_ids[key] = frozenset(found)
        return self.page_ids[key]

    def _version_at(self, path: str, urls: Urls) -> tuple[Policy, Version] | None:
        """The policy and version a page of the site shows, if it shows one."""
        for policy in self.site.policies:
            if path == urls.policy(policy.slug):
                current = policy.in_force(self.site.today)
                return (policy, current) if current else None
            for version in policy.versions:
                if path == urls.version(policy.slug, version.effective):
                    return policy, version
        return None
